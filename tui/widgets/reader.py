"""The reader pane: the open post's header, its Markdown, its outline, and match stepping."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents
from textual.worker import get_current_worker

from blog_reader.index import IndexBug, Post, PostNotFound, Span
from blog_reader.tui.bugs import log_bug
from blog_reader.tui.widgets.document import Match, Matcher, ReaderMarkdown
from blog_reader.tui.widgets.post_header import PostHeader


class ReaderScroll(VerticalScroll):
    """The scrolling part of the reader, with pager keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]


class Reader(Vertical):
    """Shows one post; steps through the matches of the search that opened it."""

    class LinkActivated(Message):
        """A link in the post was clicked: the app decides where it leads."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class MatchesChanged(Message):
        """The matches or the current match changed (for the footer's keys)."""

    class Loaded(Message):
        """A post was read (sent from the loading thread)."""

        def __init__(self, post: Post, query: str | None, scroll_y: float | None) -> None:
            super().__init__()
            self.post = post
            self.query = query
            self.scroll_y = scroll_y

    class Opened(Message):
        """A post is on screen."""

        def __init__(self, post: Post) -> None:
            super().__init__()
            self.post = post

    class Unavailable(Message):
        """A post could not be read."""

        def __init__(self, post_id: str, reason: str) -> None:
            super().__init__()
            self.post_id = post_id
            self.reason = reason

    def __init__(
        self,
        get_post: Callable[[str], Post],
        find_matches: Callable[[str, str], tuple[Span, ...]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._get_post = get_post
        self._find_matches = find_matches
        self.document = ReaderMarkdown(id="document")
        self.post: Post | None = None
        self.query_text: str | None = None
        self.matches: list[Match] = []
        self.match_index: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader-body"):
            yield MarkdownTableOfContents(self.document, id="outline")
            with ReaderScroll(id="reader-scroll"):
                yield PostHeader(id="post-header")
                yield self.document
        yield Static(id="match-status", markup=False)

    @property
    def scroll(self) -> ReaderScroll:
        return self.query_one("#reader-scroll", ReaderScroll)

    @property
    def outline(self) -> MarkdownTableOfContents:
        return self.query_one("#outline", MarkdownTableOfContents)

    @property
    def outline_shown(self) -> bool:
        return self.has_class("-outline")

    def toggle_outline(self) -> None:
        """Show or hide the outline (the post's headings)."""
        self.toggle_class("-outline")

    def open(
        self, post_id: str, *, query: str | None = None, scroll_y: float | None = None
    ) -> None:
        """Read ``post_id`` in a thread, then show it (see :meth:`show`)."""
        self._load(post_id, query, scroll_y)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, post_id: str, query: str | None, scroll_y: float | None) -> None:
        worker = get_current_worker()
        try:
            post = self._get_post(post_id)
        except PostNotFound:
            self.post_message(self.Unavailable(post_id, "it is no longer in the archive"))
            return
        except OSError as error:
            self.post_message(self.Unavailable(post_id, f"it could not be read ({error})"))
            return
        except IndexBug as bug:
            self.post_message(self.Unavailable(post_id, log_bug(bug)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(post, query, scroll_y))

    @on(Loaded)
    async def _loaded(self, event: Loaded) -> None:
        event.stop()
        query = event.query
        matcher = None
        if query and query.strip():
            find = self._find_matches

            def matcher(text: str) -> tuple[Span, ...]:
                return find(text, query)

        await self.show(event.post, matcher=matcher, query=query, scroll_y=event.scroll_y)
        self.post_message(self.Opened(event.post))

    async def show(
        self,
        post: Post,
        *,
        matcher: Matcher | None = None,
        query: str | None = None,
        scroll_y: float | None = None,
    ) -> None:
        """Show ``post``; with a matcher, mark its matches and go to the first one.

        With ``scroll_y``, scroll there instead (going back to a post) once it is laid out.
        """
        self.post = post
        self.query_text = query if matcher is not None else None
        title_spans = matcher(post.info.title) if matcher is not None else ()
        self.query_one(PostHeader).show(post, title_spans)
        await self.document.show(post.body, matcher)
        self.matches = self.document.matches
        self.match_index = None
        self.scroll.scroll_to(y=0, animate=False, immediate=True)
        if self.matches and scroll_y is None:
            self.call_after_refresh(self.goto_match, 0)
        elif scroll_y:
            self.call_after_refresh(self._restore_scroll, scroll_y, 10)
        self._show_status()

    def _restore_scroll(self, scroll_y: float, tries: int) -> None:
        """Scroll to ``scroll_y`` once the post is laid out tall enough (or give up)."""
        scroll = self.scroll
        if scroll.max_scroll_y < scroll_y and tries > 0:
            self.call_after_refresh(self._restore_scroll, scroll_y, tries - 1)
        else:
            scroll.scroll_to(y=scroll_y, animate=False, immediate=True)

    def show_notice(self, notice: Content) -> None:
        """Show ``notice`` where the post's header goes (when there is no post)."""
        self.query_one(PostHeader).update(notice)

    def step_match(self, step: int) -> None:
        """Go to the next (``step`` 1) or previous (-1) match, wrapping around."""
        if not self.matches:
            return
        start = self.match_index if self.match_index is not None else -step if step > 0 else 0
        self.goto_match((start + step) % len(self.matches))

    def goto_match(self, index: int) -> None:
        """Make the ``index``-th match current and scroll it into view."""
        if not self.matches:
            return
        if self.match_index is not None:
            self.matches[self.match_index].block.mark_current(None)
        self.match_index = index
        match = self.matches[index]
        match.block.mark_current(match.index)
        target = match.target
        scroll = self.scroll
        if target.outer_size.height <= scroll.scrollable_content_region.height:
            scroll.scroll_to_widget(target, center=True, animate=False, immediate=True)
        else:
            scroll.scroll_to_widget(target, top=True, animate=False, immediate=True)
            if target is match.block:
                line = match.block.line_of(match.index)
                scroll.scroll_relative(y=max(0, line - 2), animate=False, immediate=True)
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#match-status", Static)
        if self.query_text is None:
            status.display = False
        else:
            status.display = True
            count = len(self.matches)
            if count == 0:
                text = Content.assemble("No match in this post for ", (self.query_text, "bold"))
            else:
                where = "" if self.match_index is None else f"match {self.match_index + 1} of "
                text = Content.assemble(
                    f"{where}{count} for ", (self.query_text, "bold"), "  (n/N: next/previous)"
                )
            status.update(text)
        self.post_message(self.MatchesChanged())

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkActivated(event.href))

    @on(Markdown.TableOfContentsUpdated)
    def _outline_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        event.stop()
        self.outline.table_of_contents = event.table_of_contents

    @on(Markdown.TableOfContentsSelected)
    def _outline_selected(self, event: Markdown.TableOfContentsSelected) -> None:
        event.stop()
        try:
            block = self.document.query_one(f"#{event.block_id}", MarkdownBlock)
        except NoMatches:
            return
        self.scroll.scroll_to_widget(block, top=True, animate=False)
