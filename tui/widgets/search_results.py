"""Search results as you type: hit count, "did you mean", and hits with their snippets.

The search runs in a thread worker; its answer comes back as a message and is dropped
if the box has changed since (or the worker was cancelled by a newer search).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from index import Hit, Kind, SearchResult, Span

LIMIT = 50
"""How many hits to show."""
SEARCHING_DELAY = 0.25
"""Seconds a search may run before the summary says "Searching…": a search
that answers sooner (nearly all do) goes straight from one result to the next,
without a frame of "Searching…" in between."""

SearchFunction = Callable[[str, int], SearchResult]
MatchFunction = Callable[[str, str], tuple[Span, ...]]


def hit_prompt(hit: Hit, title_spans: tuple[Span, ...] = ()) -> Content:
    """Title, date and snippet of ``hit``, the matched words styled (never markup)."""
    info = hit.info
    title = Content.styled(info.title, ".hit-list--title")
    for span in title_spans:
        title = title.stylize(".hit-list--match", span.start, span.end)
    head: list[Content | tuple[str, str] | str] = [title]
    facts = [f"No. {info.number}"] if info.number is not None else []
    if info.date is not None:
        facts.append(info.date.isoformat())
    if info.kind is not Kind.FULL:
        facts.append("summary only" if info.kind is Kind.SUMMARY else "title only")
    if facts:
        head.append(("  " + " · ".join(facts), ".hit-list--facts"))
    snippet = hit.snippet
    # Same length, so the spans still fit: newlines would break the option's layout.
    body = Content(snippet.text.replace("\n", " ").replace("\r", " "))
    for span in snippet.spans:
        body = body.stylize(".hit-list--match", span.start, span.end)
    return Content.assemble(*head, "\n", body) if snippet.text else Content.assemble(*head)


class HitList(OptionList):
    """The hits, one option each (title line, then the snippet)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next hit", show=False),
        Binding("k", "cursor_up", "Previous hit", show=False),
        Binding("g", "first", "First hit", show=False),
        Binding("G", "last", "Last hit", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "hit-list--title",
        "hit-list--facts",
        "hit-list--match",
    }
    DEFAULT_CSS = """
    HitList {
        & > .hit-list--title { text-style: bold; }
        & > .hit-list--facts { text-style: dim; }
        & > .hit-list--match { color: $text-warning; text-style: bold underline; }
    }
    """


class SearchResults(Vertical):
    """Searches as the query changes (debounced) and lists the hits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the archive"),
    ]

    class ResultsReady(Message):
        """A search finished (sent from the worker thread)."""

        def __init__(
            self, query: str, result: SearchResult, title_spans: list[tuple[Span, ...]]
        ) -> None:
            super().__init__()
            self.query = query
            self.result = result
            self.title_spans = title_spans

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

    class CorrectionChosen(Message):
        """The user accepted the "did you mean" suggestion."""

        def __init__(self, correction: str) -> None:
            super().__init__()
            self.correction = correction

    class Leave(Message):
        """The user wants to leave the search."""

    def __init__(
        self, search: SearchFunction, find_matches: MatchFunction, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._search = search
        self._find_matches = find_matches
        self._searching_for: str | None = None
        """The query a search worker is running for, if any."""
        self.query_text = ""
        """The box's value, as last given to :meth:`search`."""
        self.result: SearchResult | None = None
        """The result on screen (it always answers ``query_text``)."""

    def compose(self) -> ComposeResult:
        yield Static(id="search-summary", markup=False)
        yield HitList(id="hits")

    def on_mount(self) -> None:
        self._show_summary()
        self._searching_timer = self.set_interval(
            SEARCHING_DELAY, self._still_searching, pause=True
        )

    @property
    def hit_list(self) -> HitList:
        return self.query_one("#hits", HitList)

    def search(self, query: str) -> None:
        """Search for ``query``; an empty query clears the hits.

        A keystroke starts a search at once when none is running, so results
        follow the typing as fast as a search runs. Keys typed while one runs
        are not searched one by one: when it ends, the box's latest value is.
        """
        self.query_text = query
        if not query.strip():
            self.workers.cancel_group(self, "search")
            self._searching_for = None
            self._show(None)
            return
        if self._searching_for is None:
            self._start(query)

    def _still_searching(self) -> None:
        self._searching_timer.pause()
        if self._searching_for is not None:
            self._show_summary(searching=True)

    def _start(self, query: str) -> None:
        self._searching_for = query
        self._searching_timer.reset()
        self._searching_timer.resume()
        self._run_search(query)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "search" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self._searching_for = None
        if self.query_text.strip() and (
            self.result is None or self.result.query != self.query_text
        ):
            self._start(self.query_text)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        worker = get_current_worker()
        try:
            result = self._search(query, LIMIT)
            titles = [self._find_matches(hit.info.title, query) for hit in result.hits]
        except Exception as error:  # reported on screen, not swallowed
            if not worker.is_cancelled:
                self.post_message(self.SearchFailed(query, f"{type(error).__name__}: {error}"))
            return
        if not worker.is_cancelled:
            self.post_message(self.ResultsReady(query, result, titles))

    @on(ResultsReady)
    def _results_ready(self, event: ResultsReady) -> None:
        event.stop()
        if event.query == self.query_text:
            self._show(event.result, event.title_spans)

    @on(SearchFailed)
    def _search_failed(self, event: SearchFailed) -> None:
        event.stop()
        if event.query == self.query_text:
            self._show(None)
            self.query_one("#search-summary", Static).update(
                Content.assemble(("Search failed: ", "bold"), event.error)
            )

    def _show(
        self, result: SearchResult | None, title_spans: list[tuple[Span, ...]] | None = None
    ) -> None:
        self.result = result
        options: list[Option | None] = []
        if result is not None:
            if result.correction:
                prompt = Content.assemble("Did you mean ", (result.correction, "bold"), "?")
                options += [Option(prompt, id="correction"), None]
            spans = title_spans or [()] * len(result.hits)
            for index, (hit, title) in enumerate(zip(result.hits, spans, strict=True)):
                options += [Option(hit_prompt(hit, title), id=f"hit-{index}"), None]
        # One replacement, not a clear and an add: the list's height is fixed,
        # so new hits repaint it without laying out the whole screen again.
        hits = self.hit_list
        hits.set_options(options[:-1])
        hits.highlighted = 0 if options else None
        self._show_summary()

    def _show_summary(self, *, searching: bool = False) -> None:
        summary = self.query_one("#search-summary", Static)
        result = self.result
        if not self.query_text.strip():
            text = Content("Type to search. Enter opens a hit; Esc goes back to the archive.")
        elif searching and (result is None or result.query != self.query_text):
            text = Content("Searching…")
        elif result is None or result.total == 0:
            text = Content.assemble("No post matches ", (self.query_text, "bold"))
        else:
            posts = "post matches" if result.total == 1 else "posts match"
            shown = f" (first {len(result.hits)} shown)" if len(result.hits) < result.total else ""
            count = str(result.total) if result.complete else f"At least {result.total}"
            stopped = "" if result.complete else " (the search stopped at its time limit)"
            text = Content.assemble(f"{count} {posts} ", (self.query_text, "bold"), shown, stopped)
        # Lay the screen out again only when the summary's height changes: a
        # layout costs more than the search it reports on.
        width = summary.content_region.width
        lines = len(text.wrap(width)) if width else 0
        summary.update(text, layout=lines != summary.size.height)

    def move(self, step: int) -> None:
        """Highlight the next or previous hit."""
        hits = self.hit_list
        if step > 0:
            hits.action_cursor_down()
        else:
            hits.action_cursor_up()

    def choose_highlighted(self) -> None:
        """Open the highlighted hit (or accept the correction)."""
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
        if option.id == "correction" and result.correction:
            self.post_message(self.CorrectionChosen(result.correction))
        elif option.id.startswith("hit-"):
            hit = result.hits[int(option.id.removeprefix("hit-"))]
            self.post_message(self.HitChosen(hit, self.query_text))

    def action_leave(self) -> None:
        self.post_message(self.Leave())
