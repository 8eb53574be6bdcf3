"""Marking a query's matches in a text: the app marks them block by block in an open
post, and in each hit's title, with the same query again and again.

Marking never waits for a search: the words a query looks for are worked out by a
parser and an index reader of their own, under a lock of their own, and the last
few queries' words are remembered (a search leaves its own there too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from blog_reader.index import highlight
from blog_reader.index.model import Span
from blog_reader.index.query import analyse, bound, make_parser, text_terms
from blog_reader.index.spelling import Vocabulary

TERMS_REMEMBERED = 32
"""How many queries' analysed words are kept (see :meth:`QueryWords.of`)."""


class QueryWords:
    """The analysed words of queries (expansions included), for marking matches;
    safe to call from several threads."""

    def __init__(self, ix: Any, words: Callable[[], Vocabulary]) -> None:
        self._ix = ix
        self._words = words
        """The archive's words (prefixes and fuzzy terms expand against them)."""
        self._lock = threading.Lock()
        self._parser = make_parser(ix.schema)
        self._terms: dict[str, frozenset[str]] = {}
        self._reader = ix.reader()

    def close(self) -> None:
        with self._lock:
            self._reader.close()

    def of(self, text: str) -> frozenset[str]:
        """The analysed words the query ``text`` looks for, remembered for the last
        few queries."""
        with self._lock:
            terms = self._terms.get(text)
            if terms is None:
                reader = self._reader
                if reader.generation() != self._ix.latest_generation():
                    # Another process updated the index: expand against its words.
                    reader.close()
                    reader = self._reader = self._ix.reader()
                analysed = analyse(self._parser, text)
                terms = text_terms(bound(analysed.query, reader, self._words().near))
                self._remember(text, terms)
        return terms

    def remember(self, text: str, terms: frozenset[str]) -> None:
        """Keep ``terms`` as the words of ``text`` (a search's, once it ran)."""
        with self._lock:
            self._remember(text, terms)

    def _remember(self, text: str, terms: frozenset[str]) -> None:
        if text not in self._terms and len(self._terms) >= TERMS_REMEMBERED:
            del self._terms[next(iter(self._terms))]  # the oldest
        self._terms[text] = terms

    def find_matches(self, text: str, query_text: str) -> tuple[Span, ...]:
        """Where in ``text`` the words that ``query_text`` looks for stand."""
        return highlight.spans(text, self.of(query_text))
