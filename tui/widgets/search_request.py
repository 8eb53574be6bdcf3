"""What the search results ask of the archive (a search, the facets of a query, the
matches in a text: functions the app hands them) and what one search is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from blog_reader.index import Facets, Order, SearchResult, Span


class SearchFunction(Protocol):
    """``Archive.search``, as the results call it."""

    def __call__(
        self, query: str, limit: int, *, order: Order, prefix_last: bool, correct: bool
    ) -> SearchResult: ...


class FacetsFunction(Protocol):
    """``Archive.facets``: the tags, authors and years of every match of a query."""

    def __call__(self, query: str | None = None, *, prefix_last: bool = False) -> Facets: ...


class MatchFunction(Protocol):
    """``Archive.find_matches``: where the words a query looks for stand in a text."""

    def __call__(self, text: str, query: str) -> tuple[Span, ...]: ...


@dataclass(frozen=True, slots=True)
class Request:
    """What the results should answer: the box's value, the order, and whether a
    word matching nothing may be corrected."""

    query: str = ""
    order: Order = Order.RELEVANCE
    correct: bool = True
