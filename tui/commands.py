"""The app's commands in the command palette (ctrl+p): open a post by title, search
again for an earlier query, and more."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from blog_reader.index import PostInfo


@runtime_checkable
class CommandTarget(Protocol):
    """What the palette needs from the app."""

    @property
    def archive_posts(self) -> Sequence[PostInfo]: ...

    @property
    def recent_searches(self) -> Sequence[str]: ...

    def open_post(self, post_id: str) -> None: ...

    def search_for(self, query: str) -> None: ...

    def action_search(self) -> None: ...

    def action_rebuild(self) -> None: ...

    def action_help(self) -> None: ...

    def action_toggle_sidebar(self) -> None: ...

    def action_toggle_outline(self) -> None: ...

    def action_links(self) -> None: ...

    def action_related(self) -> None: ...

    def action_history_back(self) -> None: ...

    def action_history_forward(self) -> None: ...

    def action_open_original(self) -> None: ...

    def action_measure(self, step: int) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...


def highlight_literal(matcher: Matcher, text: str) -> Content:
    """``text`` with the fuzzy-matched letters styled, never read as markup.

    (``Matcher.highlight`` parses its argument as markup, which a post title must not be.)
    """
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ArchiveCommands(Provider):
    """Open a post by title, search (again), and every app action that works now."""

    YIELD_EVERY = 500
    """Posts matched between two yields to the event loop (archives can be huge)."""

    @property
    def target(self) -> CommandTarget:
        app = self.app
        assert isinstance(app, CommandTarget)  # CommandTarget is runtime-checkable
        return app

    def _fixed(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The app's actions that work now, each once (Textual's own commands, Theme,
        Quit, Screenshot, Maximize, come from ``App.get_system_commands``)."""
        target = self.target
        commands: list[tuple[str, str, str, Callable[[], object]]] = [
            ("search", "Search the archive", "Focus the search box (/)", target.action_search),
            ("help", "Help", "List every key (?)", target.action_help),
            (
                "toggle_sidebar",
                "Sidebar",
                "Show or hide the archive (s)",
                target.action_toggle_sidebar,
            ),
            (
                "toggle_outline",
                "Outline",
                "The post's headings, to jump to one (t)",
                target.action_toggle_outline,
            ),
            ("links", "Links", "List the post's links to follow one (l)", target.action_links),
            (
                "related",
                "Related posts",
                "The posts most like this one, to open one (r)",
                target.action_related,
            ),
            ("history_back", "Back", "To the post read before ([)", target.action_history_back),
            (
                "history_forward",
                "Forward",
                "To the post read after (])",
                target.action_history_forward,
            ),
            (
                "open_original",
                "Open the original",
                "The post's address, in the browser (o)",
                target.action_open_original,
            ),
            ("measure", "Wider text", "Widen the text (+)", partial(target.action_measure, 10)),
            (
                "measure",
                "Narrower text",
                "Narrow the text (-)",
                partial(target.action_measure, -10),
            ),
            (
                "rebuild",
                "Rebuild the index",
                "Read every post again and rebuild",
                target.action_rebuild,
            ),
        ]
        return [
            (name, help_text, command)
            for action, name, help_text, command in commands
            if action in ("search", "help") or target.check_action(action, ())
        ]

    async def discover(self) -> Hits:
        for name, help_text, command in self._fixed():
            yield DiscoveryHit(name, command, help=help_text)
        for query in self.target.recent_searches:
            yield DiscoveryHit(
                Content.assemble("Search again: ", (query, "bold")),
                partial(self.target.search_for, query),
                text=f"Search again: {query}",
                help="An earlier search",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        target = self.target
        for name, help_text, command in self._fixed():
            if score := matcher.match(name):
                yield Hit(score, matcher.highlight(name), command, help=help_text)
        for earlier in target.recent_searches:
            text = f"Search again: {earlier}"
            if score := matcher.match(text):
                yield Hit(
                    score,
                    highlight_literal(matcher, text),
                    partial(target.search_for, earlier),
                    text=text,
                    help="An earlier search",
                )
        if query.strip():
            yield Hit(
                0.5,
                Content.assemble("Search the archive for ", (query, "bold")),
                partial(target.search_for, query),
                text=f"Search the archive for {query}",
            )
        for count, info in enumerate(target.archive_posts, 1):
            if count % self.YIELD_EVERY == 0:
                await asyncio.sleep(0)
            title = " ".join(info.title.split())
            if score := matcher.match(title):
                yield Hit(
                    score,
                    highlight_literal(matcher, title),
                    partial(target.open_post, info.id),
                    text=title,
                    help="Open this post",
                )


def system_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's commands for the palette, less its "Keys" (Help lists every key),
    its "Theme" saying the choice is kept."""
    for command in commands:
        if command.title == "Theme":
            yield SystemCommand(
                "Theme", "Choose the colours: dark, light and more (kept)", command.callback
            )
        elif command.title != "Keys":
            yield command
