"""Searching in the app: the box, the results and their facets, leaving a search.

A mixin of :class:`tui.app.BlogReaderApp` (see :mod:`tui.mixin`: its ``@on``
handlers are registered as the app's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.widgets import ContentSwitcher, Input
from textual.worker import get_current_worker

from blog_reader.index import IndexBug, toggle_filter
from blog_reader.tui.mixin import AppMixin
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.widgets.facet_bar import FacetBar
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from blog_reader.tui.search_history import SearchHistory
    from blog_reader.tui.widgets.sidebar import Sidebar


class SearchActions(AppMixin):
    """The app's search (a mixin of :class:`tui.app.BlogReaderApp`)."""

    if TYPE_CHECKING:
        results: SearchResults
        sidebar: Sidebar
        searches: SearchHistory
        _corrected: bool

    @work(thread=True, exclusive=True, group="warm-up-search")
    def warm_up_search(self) -> None:
        """Read what the first searches need now, not at the first keys typed: at
        10,000 posts the first letter waited 20 ms more, the first facets 80 ms."""
        worker = get_current_worker()
        try:
            self.archive.warm_up(lambda: not worker.is_cancelled)  # quitting: stop
        except IndexBug as bug:
            self.call_from_thread(self.tell_bug, bug)

    def _show_results(self, show: bool) -> None:
        switcher = self.query_one("#right", ContentSwitcher)
        shown = "results" if show else "reader"
        if switcher.current != shown:
            switcher.current = shown
            self.refresh_bindings()  # the results' keys come and go with them

    @on(SearchBox.Entered)
    def _search_entered(self) -> None:
        box = self.query_one(SearchBox)
        if box.has_focus and box.value.strip():
            self._show_results(True)

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value != self.results.query_text:
            self.results.search(event.value)
        if not event.value.strip():
            self._show_results(False)
            self.query_one(SearchBox).release_screen()  # nothing to wait for
        # Otherwise the results show when they answer (SearchResults.Answered): a
        # few milliseconds later, in the same frame as the hits.

    @on(SearchResults.Answered)
    def _search_answered(self) -> None:
        if self.query_one(SearchBox).has_focus and self.results.query_text.strip():
            self._show_results(True)
        result = self.results.result
        corrected = result is not None and result.correction is not None
        if corrected != self._corrected:  # ctrl+r comes and goes with a correction
            self._corrected = corrected
            self.refresh_bindings()  # (the footer lays itself out again: not at every key)
        self.query_one(SearchBox).release_screen()  # the letter and its hits: one frame
        self.results.count_facets()  # after that frame

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.results.choose_highlighted()

    @on(SearchBox.Move)
    def _move_in_hits(self, event: SearchBox.Move) -> None:
        self.results.move(event.step)

    @on(SearchBox.Leave)
    @on(SearchResults.Leave)
    def _leave_search(self) -> None:
        self._remember_search(self.results.query_text)
        self.results.forget_enter()
        self.query_one(SearchBox).value = ""  # (Up in the box brings it back)
        self.results.search("")
        self._show_results(False)
        if self.sidebar.display:
            self.focus_now(self.sidebar)
        else:
            self.focus_now(self.query_one(ReadingView))

    @on(SearchBox.ToFacets)
    def _to_facets(self) -> None:
        self.focus_now(self.results.facet_bar)

    @on(FacetBar.Leave)
    def _facets_left(self) -> None:
        self.focus_now(self.query_one(SearchBox))

    @on(FacetBar.Picked)
    def _facet_picked(self, event: FacetBar.Picked) -> None:
        """Add the value's filter to the query (or take it away), and search."""
        box = self.query_one(SearchBox)
        if event.value.filter is not None:
            box.value = toggle_filter(box.value, event.value.filter)
            box.cursor_position = len(box.value)

    @on(SearchResults.FacetsShown)
    def _facets_shown(self, event: SearchResults.FacetsShown) -> None:
        box = self.query_one(SearchBox)
        box.facets_shown = event.shown
        if not event.shown and self.results.facet_bar.has_focus:
            self.focus_now(box)
        self.refresh_bindings()

    @on(SearchResults.HitChosen)
    def _hit_chosen(self, event: SearchResults.HitChosen) -> None:
        self._remember_search(self.results.query_text)
        self._show_results(False)
        self.open_post(event.hit.id, query=event.query)
        self.focus_now(self.query_one(ReadingView))

    def _remember_search(self, query: str) -> None:
        """Add ``query`` to the archive's search history (for Up and the palette)."""
        if not query.strip():
            return
        try:
            self.searches.add(query)
        except OSError as error:
            self.notify(
                f"Could not save the search history: {error}", severity="warning", markup=False
            )
        self.query_one(SearchBox).history = self.searches.queries

    def search_for(self, query: str) -> None:
        """Put ``query`` in the search box and search at once."""
        box = self.query_one(SearchBox)
        box.value = query
        self.focus_now(box)
        self._show_results(bool(query.strip()))
        self.results.search(query)
