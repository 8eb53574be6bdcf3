"""The reader pane: the open post drawn line by line, its outline, and match stepping.

A short post, and the top of a long one, are read, parsed and laid out at once; the
rest of a long one in a worker thread (its end, then its middle), while the UI
thread only swaps each result in. Search matches are
found in one call. A load that is no longer wanted (another post was asked for) is
dropped. Once the post is whole, another worker finds its related posts and they
are listed at its end (``reading/related.py``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from blog_reader.index import Hit, IndexBug, Post, PostNotFound, Span, counted
from blog_reader.tui.bugs import log_bug
from blog_reader.tui.links import Link
from blog_reader.tui.reading.layout import Layout
from blog_reader.tui.reading.loading import (
    iter_parts,
    no_full_collections,
    parse_document,
)
from blog_reader.tui.reading.model import Anchor, Block, Document, Heading, Kind, Match
from blog_reader.tui.reading.outline import Outline
from blog_reader.tui.reading.parsing import highlighted
from blog_reader.tui.reading.related import related_blocks
from blog_reader.tui.reading.streaming import read_in_parts, read_whole
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.widgets.post_header import header_content

YIELD = 0.005
"""Seconds the loading thread sleeps after handing a part over (it shares the GIL)."""
QUICK = 12_000
"""A post body of up to this many characters (or the top of a longer one, cut at
about half of that) is read, parsed and laid out at once, on the UI thread: a few ms
of work that, handed to a thread, showed 20-40 ms later (the thread waiting for the
interpreter lock behind the frame the focus change paints). The rest of a long post
is read in a thread."""
FIRST_PAINT = 0.25
"""Seconds the loading thread waits at most for the frame showing a long post's top."""
SHOW_EVERY = 0.25
"""Seconds between two showings of a long post that is filling in (its top and its
end are shown as soon as they are read)."""
RELATED_AFTER = 0.25
"""Seconds a post stays open before its related posts are looked for: one who
flips through posts (Enter, ``]``) is not slowed by a search for each of them."""


class Reader(Vertical):
    """Shows one post; steps through the matches of the search that opened it."""

    class LinkActivated(Message):
        """A link in the post was clicked: the app decides where it leads."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class MatchesChanged(Message):
        """The matches, the current match or the post's links changed (for the footer)."""

    class Ready(Message):
        """A document was made (sent from the loading thread; ``serial`` names the load)."""

        def __init__(
            self,
            serial: int,
            post: Post,
            document: Document,
            layout: Layout,
            query: str | None,
            anchor: Anchor | None,
            painted: threading.Event | None = None,
        ) -> None:
            super().__init__()
            self.painted = painted
            """Set once a frame showed it (the loading thread waits for the first)."""
            self.serial = serial
            self.post = post
            self.document = document
            self.layout = layout
            self.query = query
            self.anchor = anchor

    class Opened(Message):
        """A post is on screen (its top, at least)."""

        def __init__(self, post: Post, anchor: Anchor) -> None:
            super().__init__()
            self.post = post
            self.anchor = anchor

    class RelatedFound(Message):
        """The open post's related posts were found (sent from their worker)."""

        def __init__(self, serial: int, hits: tuple[Hit, ...]) -> None:
            super().__init__()
            self.serial = serial
            self.hits = hits

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
        find_related: Callable[[str], tuple[Hit, ...]] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._get_post = get_post
        self._find_matches = find_matches
        self._find_related = find_related
        self.related: tuple[Hit, ...] | None = None
        """The open post's related posts, once found (listed at its end)."""
        self._related_asked = -1
        self.view = ReadingView(id="reader-scroll")
        self.outline = Outline(id="outline")
        self.post: Post | None = None
        self.query_text: str | None = None
        self.match_index: int | None = None
        self._serial = 0
        self._shown = -1
        self._opened_at = Anchor()

    def on_mount(self) -> None:
        self._warm_up()

    def on_unmount(self) -> None:
        self._serial += 1  # the app is quitting: a load going on stops at once

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Load what reading a post needs the first time (Pygments' lexers and styles,
        the parser's rules): the first code block cost 30 ms more than the next."""
        document = parse_document(
            "# Title\n\nText *with* [a link](https://example.org).\n\n```python\nx = 1\n```\n"
        )
        for block in document.blocks:
            highlighted(block)  # code is highlighted when drawn

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader-body"):
            yield self.outline
            yield self.view
        yield Static(id="match-status", markup=False)

    @property
    def matches(self) -> list[Match]:
        """The search's matches in the open post, in reading order."""
        return self.view.document.matches

    @property
    def links(self) -> list[Link]:
        """The open post's links, in reading order."""
        return self.view.document.links

    @property
    def headings(self) -> list[Heading]:
        return self.view.document.headings

    @property
    def is_loading(self) -> bool:
        """Whether a post asked for is not wholly on screen yet."""
        return self._shown != self._serial or not self.view.document.complete

    # Loading

    def open(self, post_id: str, *, query: str | None = None, anchor: Anchor | None = None) -> None:
        """Show ``post_id`` at ``anchor`` (or at its first match): a short post, or the
        top of a long one, at once; the rest of a long one from a thread."""
        self._serial += 1
        post = self._read(post_id)
        if post is None:
            return
        view = self.view
        serial, width, measure, styles = (
            self._serial,
            view.pane_width,
            view.measure,
            view.styles_for_matches,
        )
        find = self._finder(query)
        header = header_content(post, find(post.info.title))
        searching = find if query and query.strip() else None
        if len(post.body) > QUICK and len(next(iter_parts(post.body))) > QUICK:
            # Not cut into parts (it defines references or notes): parsed whole.
            whole = read_whole(
                post.body,
                header,
                width,
                measure,
                styles,
                find=searching,
                cancelled=self._stale(serial),
            )
            self._read_rest(serial, post, whole, query, anchor, None)
            return
        self.workers.cancel_group(self, "load")  # a long post still loading
        steps = read_in_parts(
            post.body,
            header,
            width,
            measure,
            styles,
            find=searching,
            cancelled=self._stale(serial),
            every=SHOW_EVERY,
            pane=lambda: (view.pane_width, view.measure),
        )
        document, layout = next(steps)  # the whole post, or its top
        self._show(serial, post, document, layout, query, anchor)
        if not document.complete:
            painted = threading.Event()
            # After the refresh that lays the new length out, then the one painting it.
            self.call_after_refresh(self.call_after_refresh, painted.set)
            self._read_rest(serial, post, steps, query, anchor, painted)

    def _stale(self, serial: int) -> Callable[[], bool]:
        """Whether load ``serial`` is no longer wanted (another post was asked for)."""
        return lambda: serial != self._serial

    @work(thread=True, exclusive=True, group="load")
    def _read_rest(
        self,
        serial: int,
        post: Post,
        steps: Iterator[tuple[Document, Layout]],
        query: str | None,
        anchor: Anchor | None,
        painted: threading.Event | None,
    ) -> None:
        """Read the rest of a long post, showing it as it comes: the end, then the
        middle filling in (``reading/streaming.py``). ``painted`` is set once a
        frame shows its top (None: nothing of it is shown yet).

        Each time nothing of the post is on screen yet, and once its top is, the
        thread waits for the frame showing it: else the frame waits for the
        interpreter lock behind the parse of the next part.
        """
        worker = get_current_worker()

        def stale() -> bool:
            return worker.is_cancelled or serial != self._serial

        if painted is not None:
            _wait(painted, stale)
        with no_full_collections():
            for document, layout in steps:
                if stale():
                    return
                first = threading.Event() if painted is None else None
                self.post_message(self.Ready(serial, post, document, layout, query, anchor, first))
                if first is not None:
                    painted = first
                    _wait(first, stale)
                else:
                    time.sleep(YIELD)  # the UI thread's turn: show it, answer keys

    def _read(self, post_id: str) -> Post | None:
        """The post from the index (a row of its catalog), or None when it cannot be
        read (the app is told why)."""
        try:
            return self._get_post(post_id)
        except PostNotFound:
            reason = "it is no longer in the archive"
        except OSError as error:
            reason = f"it could not be read ({error})"
        except IndexBug as bug:
            reason = log_bug(bug)
        self.post_message(self.Unavailable(post_id, reason))
        return None

    def _finder(self, query: str | None) -> Callable[[str], tuple[Span, ...]]:
        """The spans of ``query`` in a text (none without a query)."""
        if not (query and query.strip()):
            return lambda text: ()
        return lambda text: self._find_matches(text, query)

    @on(Ready)
    def _ready(self, event: Ready) -> None:
        event.stop()
        self._show(
            event.serial, event.post, event.document, event.layout, event.query, event.anchor
        )
        if (painted := event.painted) is not None:
            # After the refresh that lays the new length out, then the one painting it.
            self.call_after_refresh(self.call_after_refresh, painted.set)

    def _show(
        self,
        serial: int,
        post: Post,
        document: Document,
        layout: Layout,
        query: str | None,
        asked: Anchor | None,
    ) -> None:
        """Show ``document`` at the place ``asked`` for (the top, or the first match,
        if None) when it is new; ``serial`` names the load: a stale one is dropped."""
        if serial != self._serial:
            return  # another post was asked for since
        first = self._shown != serial
        self._shown = serial
        if first:
            self.post = post
            self.related = None
            self.query_text = query if query and query.strip() else None
            self.match_index = None
            anchor = asked or Anchor()
        else:  # more of the same post: the same words on top
            anchor = document.carry(self.view.place, self.view.document)
        self.view.show(document, layout, anchor)
        self.outline.show_headings(document.headings)
        if not document.headings and self.outline_shown:
            self.toggle_outline()
        if first:
            self._opened_at = anchor
        # A search hit opens at its first match, found once the post is whole;
        # unless the reader has moved in the text meanwhile.
        if (
            document.complete
            and self.matches
            and asked is None
            and self.view.place == self._opened_at
        ):
            self.goto_match(0)
        # The footer's keys depend on the matches, links and headings: tell the app
        # when the post opens and when it is whole, not at each part (the footer is
        # built afresh each time).
        self._show_status(changed=first or document.complete)
        if first:
            self.post_message(self.Opened(post, anchor))
        if document.complete and self._related_asked != serial:
            self._related_asked = serial
            if self._find_related is not None:
                self._load_related(serial, post.info.id)

    # Related posts

    @work(thread=True, exclusive=True, group="related")
    def _load_related(self, serial: int, post_id: str) -> None:
        """Find the related posts of ``post_id``, shown whole (load ``serial``), once
        it has been open for :data:`RELATED_AFTER` seconds."""
        time.sleep(RELATED_AFTER)
        if serial != self._serial or self._find_related is None:
            return  # another post was asked for meanwhile
        try:
            hits = self._find_related(post_id)
        except PostNotFound:
            return  # gone from the archive since it was read
        if serial == self._serial:
            self.post_message(self.RelatedFound(serial, hits))

    @on(RelatedFound)
    def _related_found(self, event: RelatedFound) -> None:
        event.stop()
        if event.serial != self._serial or self._shown != event.serial:
            return
        self.related = event.hits
        self.view.add_blocks(related_blocks(event.hits))

    def show_notice(self, notice: Content) -> None:
        """Show ``notice`` in place of a post (when there is none)."""
        document = Document([Block(Kind.TEXT, notice, gap=0)])
        self.view.show(document, None, Anchor())

    # Outline

    @property
    def outline_shown(self) -> bool:
        return self.has_class("-outline")

    def toggle_outline(self) -> None:
        """Open the outline and focus it; close it if it has the focus. Same words on top."""
        if self.outline_shown and not self.outline.has_focus:
            self.app.screen.set_focus(self.outline)
            return
        self.toggle_class("-outline")
        self.app.screen.set_focus(self.outline if self.outline_shown else self.view)

    @on(Outline.Chosen)
    def _heading_chosen(self, event: Outline.Chosen) -> None:
        event.stop()
        self.view.scroll_to_anchor(Anchor(event.block, 0))
        self.app.screen.set_focus(self.view)

    @on(Outline.Leave)
    def _leave_outline(self, event: Outline.Leave) -> None:
        event.stop()
        self.app.screen.set_focus(self.view)

    def goto_slug(self, slug: str) -> None:
        """Scroll to the heading whose anchor id is ``slug`` (a ``#slug`` link)."""
        block = self.view.document.slug_block(slug)
        if block is not None:
            self.view.scroll_to_anchor(Anchor(block, 0))

    # Matches

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
        self.match_index = index
        self.view.set_current(index)
        self._show_status()

    def _show_status(self, *, changed: bool = True) -> None:
        status = self.query_one("#match-status", Static)
        if self.query_text is None:
            status.display = False
        else:
            status.display = True
            count = len(self.matches)
            if not self.view.document.complete:
                text = Content.assemble("Finding matches for ", (self.query_text, "bold"), "…")
            elif count == 0:
                text = Content.assemble("No match in this post for ", (self.query_text, "bold"))
            else:
                where = (
                    counted(count, "match")
                    if self.match_index is None
                    else f"match {self.match_index + 1} of {count}"
                )
                text = Content.assemble(
                    f"{where} for ", (self.query_text, "bold"), "  (n/N: next/previous)"
                )
            status.update(text)
        if changed:
            self.post_message(self.MatchesChanged())

    @on(ReadingView.LinkClicked)
    def _link_clicked(self, event: ReadingView.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkActivated(event.href))


def _wait(painted: threading.Event, stale: Callable[[], bool]) -> None:
    """Wait until ``painted`` is set, :data:`FIRST_PAINT` seconds at most, or the load is
    ``stale()`` (the app quitting does not wait for a frame that will not come)."""
    deadline = time.monotonic() + FIRST_PAINT
    while not painted.wait(0.01) and not stale() and time.monotonic() < deadline:
        pass
