"""The app's commands in the command palette (ctrl+p): open a post by title, search
again for an earlier query, and more."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol, runtime_checkable

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

    def action_toggle_dark(self) -> None: ...

    def action_help(self) -> None: ...


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
    """Open a post by title, search, rebuild the index, switch theme, show the keys."""

    YIELD_EVERY = 500
    """Posts matched between two yields to the event loop (archives can be huge)."""

    @property
    def target(self) -> CommandTarget:
        app = self.app
        assert isinstance(app, CommandTarget)  # CommandTarget is runtime-checkable
        return app

    def _fixed(self) -> list[tuple[str, str, Callable[[], object]]]:
        target = self.target
        return [
            ("Search the archive", "Focus the search box (/)", target.action_search),
            ("Rebuild the index", "Read every post again and rebuild", target.action_rebuild),
            ("Toggle dark/light theme", "Switch between dark and light", target.action_toggle_dark),
            ("Help: keys", "List every key (?)", target.action_help),
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
