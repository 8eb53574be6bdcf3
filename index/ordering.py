"""The order of hits: by relevance, newer first among near-equal scores; or newest first.

Dates come from the index's ``date`` column (sortable), read once per segment
into a list, as the scorer reads field lengths (see ``weighting.py``).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from blog_reader.index._whoosh import collectors
from blog_reader.index.column_values import numbers

NEAR_EQUAL = 0.01
"""Scores within this fraction of each other count as equal: the newer post first."""

_UNDATED = -1
"""Where a post without a date sorts: after every dated one."""


class Order(StrEnum):
    """How hits are ordered."""

    RELEVANCE = "relevance"
    """Best match first; among near-equal scores, the newer post."""
    DATE = "date"
    """Newest first; among posts of the same day, the best match."""


class SegmentDates:
    """Each post's date as a sortable number, per segment, read once."""

    def __init__(self) -> None:
        self._dates: dict[Any, list[int]] = {}

    def of(self, reader: Any) -> list[int]:
        """``reader``'s segment's dates by document number (undated: below any date)."""
        key = reader.segment().segment_id()
        dates = self._dates.get(key)
        if dates is None:
            if len(self._dates) > 64:  # segments merged away long ago
                self._dates.clear()
            column = reader.column_reader("date", translate=False)
            missing = reader.schema["date"].column_type._default
            dates = [_UNDATED if value == missing else value for value in numbers(column)]
            self._dates[key] = dates
        return dates


class NewestFirst(collectors.Collector):  # type: ignore[misc]
    """Collects every match with its score, and keeps the ``limit`` newest."""

    def __init__(self, dates: SegmentDates, limit: int) -> None:
        super().__init__()
        self._segment_dates = dates
        self.limit = limit

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        # Scores are read at each match: the matcher must be stepped, not skipped.
        super().prepare(top_searcher, q, context.set(needs_current=True))
        self._found: list[tuple[int, float, int]] = []
        self._dates: list[int] = []

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        super().set_subsearcher(subsearcher, offset)
        self._dates = self._segment_dates.of(subsearcher.reader())

    def collect(self, sub_docnum: int) -> float:
        docnum = self.offset + sub_docnum
        score = float(self.matcher.score())
        self.docset.add(docnum)
        self._found.append((self._dates[sub_docnum], score, -docnum))
        return score

    def results(self) -> Any:
        top = heapq.nlargest(self.limit, self._found)
        return self._results([(score, -negated) for _, score, negated in top], docset=self.docset)

    def count(self) -> int:
        return len(self.docset)


def newer_first_among_equals(
    ranked: Sequence[tuple[str, float]], dates: dict[str, dt.date | None]
) -> list[tuple[str, float]]:
    """``ranked`` (best first) with each run of near-equal scores put newest first.

    A run starts at a hit and holds the hits after it that score within
    :data:`NEAR_EQUAL` of it.
    """
    out: list[tuple[str, float]] = []
    run: list[tuple[str, float]] = []
    for hit in ranked:
        if run and hit[1] < run[0][1] * (1 - NEAR_EQUAL):
            out += _newest_first(run, dates)
            run = []
        run.append(hit)
    return out + _newest_first(run, dates)


def _newest_first(
    run: list[tuple[str, float]], dates: dict[str, dt.date | None]
) -> list[tuple[str, float]]:
    def key(hit: tuple[str, float]) -> int:
        date = dates.get(hit[0])
        return date.toordinal() if date is not None else _UNDATED

    return sorted(run, key=key, reverse=True)  # stable: equal dates keep their scores' order
