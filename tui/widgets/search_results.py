"""Search results as you type: hit count, the order, a correction, and hits with snippets.

The search runs in a thread worker; its answer comes back as a message and is dropped
if the box (or the order asked for) has changed since, or the worker was cancelled by
a newer search. The first page of hits comes as you type; moving to the last hits
fetches the next page. The word being typed also finds the words it begins. When a
word matches nothing, the corrected query's hits are shown, and the query as typed
is one key away.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from blog_reader.index import Facets, Hit, Order, SearchResult, Span
from blog_reader.tui.bugs import log_bug
from blog_reader.tui.widgets.facet_bar import FacetBar
from blog_reader.tui.widgets.hit_list import HitList, continues, hit_options
from blog_reader.tui.widgets.search_request import (
    FacetsFunction,
    MatchFunction,
    Request,
    SearchFunction,
)
from blog_reader.tui.widgets.search_summary import SearchSummary, summary_text

MIN_PAGE = 10
"""The fewest hits asked for at a time (see :meth:`SearchResults.page`)."""
LINES_PER_HIT = 3
"""The fewest lines a hit takes in the list (its title, a line of snippet, a rule)."""
SEARCHING_DELAY = 0.25
"""Seconds a search may run before the summary says "Searching…": a search
that answers sooner (nearly all do) goes straight from one result to the next,
without a frame of "Searching…" in between."""

ORDER_LABELS = {Order.RELEVANCE: "best match first", Order.DATE: "newest first"}


class SearchResults(Vertical):
    """Searches as the query changes and lists the hits.

    No timer delays a search: the first key searches at once, and keys typed
    while a search runs are coalesced into one search of the latest value."""

    DEFAULT_CSS = """
    SearchResults {
        & > #search-head { height: auto; }
        & #search-summary { width: 1fr; height: auto; padding: 0 1; }
        & #search-order { width: auto; padding: 0 1; color: $text-muted; text-style: italic; }
        & > HitList { height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the archive"),
    ]

    class ResultsReady(Message):
        """A search finished (sent from the worker thread)."""

        def __init__(
            self,
            query: str | Request,
            result: SearchResult,
            title_spans: list[tuple[Span, ...]],
        ) -> None:
            super().__init__()
            self.request = query if isinstance(query, Request) else Request(query)
            self.result = result
            self.title_spans = title_spans

    class FacetsReady(Message):
        """The facets of a search's matches were counted (sent from a worker thread)."""

        def __init__(self, request: Request, searched: str, facets: Facets) -> None:
            super().__init__()
            self.request = request
            self.searched = searched
            self.facets = facets

    class FacetsShown(Message):
        """The facet row came (``shown``) or went."""

        def __init__(self, shown: bool) -> None:
            super().__init__()
            self.shown = shown

    class SearchFailed(Message):
        """A search raised (sent from the worker thread)."""

        def __init__(self, query: str, error: str) -> None:
            super().__init__()
            self.query = query
            self.error = error

    class HitChosen(Message):
        """The user opened a hit."""

        def __init__(self, hit: Hit, query: str) -> None:
            super().__init__()
            self.hit = hit
            self.query = query

    class Leave(Message):
        """The user wants to leave the search."""

    class Answered(Message):
        """The list answers the query now: hits, "no post matches", "Searching…" or
        an error (the app shows the list then, not at the key, so that a key
        lays the screen out once)."""

    def __init__(
        self,
        search: SearchFunction,
        find_matches: MatchFunction,
        *,
        facets: FacetsFunction | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._search = search
        self._find_matches = find_matches
        self._facets = facets
        self._searching_for: Request | None = None
        """What a search worker is running for, if any."""
        self.request = Request()
        """What the results should answer: the box's value, as last given to
        :meth:`search`, and the order."""
        self._answered = Request()
        """What the result on screen answers."""
        self.result: SearchResult | None = None
        """The result on screen (it always answers ``request``)."""
        self._limit = MIN_PAGE
        """How many hits to ask for ``query_text``: a page more each time the user
        reaches the end of the list."""
        self._facets_due: tuple[Request, str] | None = None
        """The request and query whose facets :meth:`count_facets` is to count."""
        self._open_when_answered: Request | None = None
        """The request Enter was pressed for before its hits came: its top hit opens
        when they do."""

    @property
    def query_text(self) -> str:
        """The box's value, as last given to :meth:`search`."""
        return self.request.query

    @property
    def order(self) -> Order:
        return self.request.order

    @property
    def searched(self) -> str:
        """The query the hits on screen answer: the box's, or its correction."""
        result = self.result
        return (result.correction or result.query) if result else self.query_text

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-head"):
            yield SearchSummary(id="search-summary")
            yield Static(id="search-order", markup=False)
        yield FacetBar(id="facets")
        yield HitList(id="hits")

    def on_mount(self) -> None:
        self._show_summary()
        self._show_order()
        self._searching_timer = self.set_interval(
            SEARCHING_DELAY, self._still_searching, pause=True
        )

    @property
    def page(self) -> int:
        """Hits asked for at a time: the first page as you type, the next ones as you
        go down. As many as the screen's height can show, and two more.

        Each hit costs its snippet in the search and its lines on screen: 50 at once
        made a keystroke on a common word take 60-90 ms instead of 30-50, and 20 (the
        page's size until it followed the screen) took 2.5 ms more than 12 at 30 rows
        (median search of the benchmark's typed words, 10,000 posts)."""
        return max(MIN_PAGE, self.app.size.height // LINES_PER_HIT + 2)

    @property
    def hit_list(self) -> HitList:
        return self.query_one("#hits", HitList)

    @property
    def facet_bar(self) -> FacetBar:
        return self.query_one("#facets", FacetBar)

    def search(self, query: str) -> None:
        """Search for ``query``; an empty query clears the hits.

        A keystroke starts a search at once when none is running, so results
        follow the typing as fast as a search runs. Keys typed while one runs
        are not searched one by one: when it ends, the box's latest value is.
        """
        self._ask(Request(query, self.order))

    def toggle_order(self) -> None:
        """Order the hits by date instead of relevance, or back, and search again."""
        order = Order.DATE if self.order is Order.RELEVANCE else Order.RELEVANCE
        self._ask(replace(self.request, order=order))

    def search_as_typed(self) -> None:
        """Search the box's query as typed, not its correction."""
        self._ask(replace(self.request, correct=False))

    def _ask(self, request: Request) -> None:
        if request != self._open_when_answered:
            self._open_when_answered = None  # Enter was for another query
        if request.order is not self.order:
            self.request = request
            self._show_order()
        self.request = request
        self._limit = self.page
        if not request.query.strip():
            self.workers.cancel_group(self, "search")
            self._searching_for = None
            self._show(None)
            return
        if self._searching_for is None:
            self._start(request)

    def _still_searching(self) -> None:
        self._searching_timer.pause()
        if self._searching_for is not None:
            self._show_summary(searching=True)
            self.post_message(self.Answered())

    def _start(self, request: Request) -> None:
        self._searching_for = request
        self._searching_timer.reset()
        self._searching_timer.resume()
        self._run_search(request, self._limit)

    def more(self) -> None:
        """Fetch the next page of hits, when there are more and no search runs."""
        result = self.result
        if (
            result is None
            or self._answered != self.request
            or len(result.hits) >= result.total
            or self._searching_for is not None
        ):
            return
        self._limit = len(result.hits) + self.page
        self._start(self.request)

    def on_resize(self) -> None:
        result = self.result
        if result is not None and len(result.hits) < self.page:
            self.more()  # a taller screen: its first page is longer

    def _near_the_end(self) -> bool:
        hits = self.hit_list
        return hits.highlighted is not None and hits.highlighted >= hits.option_count - 2

    @on(OptionList.OptionHighlighted, "#hits")
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._near_the_end():
            self.more()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "search" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self._searching_for = None
        if self.query_text.strip() and (self.result is None or self._answered != self.request):
            self._start(self.request)
        elif self._near_the_end():  # reached while the last page was on its way
            self.more()

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, request: Request, limit: int) -> None:
        worker = get_current_worker()
        query = request.query
        try:
            result = self._search(
                query, limit, order=request.order, prefix_last=True, correct=request.correct
            )
            searched = result.correction or query
            titles = [self._find_matches(hit.info.title, searched) for hit in result.hits]
        except Exception as error:  # a bug: logged, and said on screen in one line
            line = log_bug(error)
            if not worker.is_cancelled:
                self.post_message(self.SearchFailed(query, line))
            return
        if not worker.is_cancelled:
            self.post_message(self.ResultsReady(request, result, titles))

    @on(ResultsReady)
    def _results_ready(self, event: ResultsReady) -> None:
        event.stop()
        if event.request == self.request:
            self._show(event.result, event.title_spans)

    @work(thread=True, group="facets")
    def _count_facets(self, request: Request, searched: str) -> None:
        """Count the facets of the hits just shown, after them: a keystroke's hits
        never wait for their facets.

        Not exclusive: a count takes milliseconds, and one that no longer answers
        the box is dropped when it arrives (cancelling it would not stop its thread).
        """
        assert self._facets is not None
        try:
            facets = self._facets(searched, prefix_last=True)
        except Exception as error:  # a bug: logged; the row stays as it was
            log_bug(error)
            return
        self.post_message(self.FacetsReady(request, searched, facets))

    @on(FacetsReady)
    def _facets_ready(self, event: FacetsReady) -> None:
        event.stop()
        if event.request == self.request == self._answered and event.searched == self.searched:
            self._show_facets(event.facets)

    def _show_facets(self, facets: Facets | None) -> None:
        bar = self.facet_bar
        if bar.show(facets, self.query_text):
            self.post_message(self.FacetsShown(bar.has_class("-shown")))

    @on(SearchFailed)
    def _search_failed(self, event: SearchFailed) -> None:
        event.stop()
        if event.query == self.query_text:
            self._show(None)
            self.query_one("#search-summary", SearchSummary).update(
                Content.assemble(("Search failed: ", "bold"), event.error)
            )
            self.post_message(self.Answered())

    def _show(
        self, result: SearchResult | None, title_spans: list[tuple[Span, ...]] | None = None
    ) -> None:
        shown, self.result = self.result, result
        same_request, self._answered = self._answered == self.request, self.request
        hits = self.hit_list
        spans = title_spans or [()] * (len(result.hits) if result else 0)
        if result is not None and same_request and continues(shown, result):
            # The next page: add its hits below, where the user is.
            assert shown is not None
            start = len(shown.hits)
            hits.add_options([None, *hit_options(result.hits[start:], spans[start:], start)][:-1])
        else:
            options: list[Option | None] = []
            if result is not None:
                options += hit_options(result.hits, spans, 0)
            # One replacement, not a clear and an add: the list's height is fixed,
            # so new hits repaint it without laying out the whole screen again.
            hits.set_options(options[:-1])
            hits.highlighted = 0 if options else None
        self._show_summary()
        self._facets_due = None
        if result is None or result.total == 0:
            self._show_facets(None)
        elif self._facets is not None and not (same_request and continues(shown, result)):
            self._facets_due = (self._answered, self.searched)
        if result is not None:
            self.post_message(self.Answered())
            if self._open_when_answered == self._answered:
                self._open_when_answered = None
                if result.hits:
                    self._choose(hits.get_option_at_index(0))

    def count_facets(self) -> None:
        """Count the facets of the hits just shown, once they are drawn.

        Called by whoever lets the screen draw them (the app, on :class:`Answered`):
        a count's thread running while the hits' frame is drawn took the interpreter
        from it in turns. Not from :meth:`_show`: while the app holds the screen for
        a keystroke, Textual runs callbacks "after refresh" at once, frame or not.
        """
        if self._facets_due is not None:
            request, searched = self._facets_due
            self._facets_due = None
            self.call_after_refresh(self._count_facets, request, searched)

    def _show_summary(self, *, searching: bool = False) -> None:
        still = searching and (self.result is None or self._answered != self.request)
        summary = self.query_one("#search-summary", SearchSummary)
        summary.say(summary_text(self.query_text, self.result, searching=still))

    def _show_order(self) -> None:
        label = self.query_one("#search-order", Static)
        label.update(Content(f"{ORDER_LABELS[self.order]} (ctrl+o)"))

    def move(self, step: int) -> None:
        """Highlight the next or previous hit."""
        hits = self.hit_list
        if step > 0:
            hits.action_cursor_down()
        else:
            hits.action_cursor_up()

    def choose_highlighted(self) -> None:
        """Open the highlighted hit; before the query's hits come, the top one when
        they do."""
        if self.result is None or self._answered != self.request:
            if self.request.query.strip():
                self._open_when_answered = self.request
            return
        hits = self.hit_list
        if hits.highlighted is not None:
            self._choose(hits.get_option_at_index(hits.highlighted))

    @on(OptionList.OptionSelected, "#hits")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        result = self.result
        if result is None or option.id is None:
            return
        if option.id.startswith("hit-"):
            hit = result.hits[int(option.id.removeprefix("hit-"))]
            self.post_message(self.HitChosen(hit, self.searched))

    def forget_enter(self) -> None:
        """Drop an Enter waiting for hits (the user left the search)."""
        self._open_when_answered = None

    def action_leave(self) -> None:
        self.post_message(self.Leave())
