"""Running queries: ranked hits, snippets with match spans, and "did you mean".

The :class:`SearchEngine` owns one Whoosh searcher behind a lock (one searcher
per thread is Whoosh's rule, and the app's cancelled workers can overlap), and
copies everything it returns into plain dataclasses.

Marking matches in an open post never waits for a search: the words a query
looks for are worked out by a parser and an index reader of their own, under
a lock of their own, and remembered. A search reads the catalog through a
connection of its own, so opening a post never waits for a search either (a
search held the shared catalog's lock while it loaded the word list or its
hits' texts; the reader waited 0.75 s for marks behind a search).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from blog_reader.index import highlight
from blog_reader.index._whoosh import collectors, searching
from blog_reader.index.catalog import Catalog
from blog_reader.index.model import Hit, SearchResult, Snippet, Span
from blog_reader.index.query import (
    MAX_QUERY_CHARS,
    bare_words,
    bound,
    make_parser,
    parse,
    text_terms,
)
from blog_reader.index.spelling import Vocabulary
from blog_reader.index.weighting import CachedLengthsBM25F

FULL_PASS_LIMIT = 30_000
"""Up to this many possible matches, one pass scores and counts them all."""
SEARCH_SECONDS = 1.0
"""A search stops after this long and answers with what it found (``complete`` False)."""

TERMS_REMEMBERED = 32
"""How many queries' analysed words are kept (see ``query_terms``)."""

SNIPPET_CHARS = 220
"""Roughly how long a snippet is."""


class SearchEngine:
    """Searches one Whoosh index; safe to call from several threads."""

    def __init__(self, ix: Any, catalog: Catalog) -> None:
        self._ix = ix
        self._lock = threading.Lock()
        """Held by a search, around the searcher."""
        self._terms_lock = threading.Lock()
        """Held while a query's words are worked out for marking matches."""
        self._parser = make_parser(ix.schema)
        self._terms_parser = make_parser(ix.schema)
        self._terms: dict[str, frozenset[str]] = {}
        self._catalog = Catalog(catalog.path, catalog.root)
        try:
            self._searcher = ix.searcher(weighting=CachedLengthsBM25F())
            try:
                self._terms_reader = ix.reader()
            except BaseException:
                self._searcher.close()
                raise
        except BaseException:  # damaged files: close what was opened
            self._catalog.close()
            raise
        self._vocabulary_lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None

    def close(self) -> None:
        """Close the searcher, the reader and the catalog connection of this engine."""
        with self._lock:
            self._searcher.close()
        with self._terms_lock:
            self._terms_reader.close()
        self._catalog.close()

    def search(self, text: str, limit: int = 20) -> SearchResult:
        """The posts that best match ``text``, best first, at most ``limit`` of them."""
        limit = max(1, limit)
        with self._lock:
            self._searcher = self._searcher.refresh()
            q = self._bound(self._parser, self._searcher.reader(), text)
            ranked, total, complete = self._run(q, limit)
        terms = self._remember_terms(text, text_terms(q))
        clipped = text[:MAX_QUERY_CHARS]  # as parse() reads it
        correction = self._correction(clipped)
        infos = self._catalog.infos_by_id([pid for pid, _ in ranked])
        texts = self._catalog.texts([pid for pid, _ in ranked])
        hits = tuple(
            Hit(info=infos[pid], score=float(score), snippet=self.snippet(texts[pid], terms))
            for pid, score in ranked
            if pid in infos  # the catalog lags Whoosh only after a crash; the next sync mends it
        )
        return SearchResult(
            query=text,
            total=total,
            complete=complete,
            hits=hits,
            correction=correction,
        )

    def _run(self, q: Any, limit: int) -> tuple[list[tuple[str, float]], int, bool]:
        """Rank and count the matches of ``q`` (lock held): (id, score) best first,
        the total, and whether the search ran to its end within the time limit.

        When few posts can match, one pass scores and counts every match; with
        OR queries and their coordination bonus, Whoosh's block skipping rarely
        pays there (p95 23 vs 38 ms over the benchmark's queries at 10,000
        posts). Both its optimisations must then be off: with ``replace`` on, a
        union drops sub-matchers that can no longer beat the N-th score and the
        count comes out short. When most posts can match (common words in a big
        archive), Whoosh's skipping and its separate counting pass win.
        """
        deadline = time.monotonic() + SEARCH_SECONDS
        full_pass = q.estimate_size(self._searcher.reader()) <= FULL_PASS_LIMIT
        top = collectors.TopCollector(
            limit=limit, usequality=not full_pass, replace=0 if full_pass else 10
        )
        timed = collectors.TimeLimitCollector(top, timelimit=SEARCH_SECONDS, use_alarm=False)
        try:
            self._searcher.search_with_collector(q, timed)
        except searching.TimeLimit:
            ranked = [(hit["id"], hit.score) for hit in top.results()]
            return ranked, top.total, False  # what was found so far stands
        ranked = [(hit["id"], hit.score) for hit in top.results()]
        if full_pass:
            return ranked, top.count(), True
        # Whoosh's skipping saw only some matches: count them all, against the clock.
        total = 0
        for total, _ in enumerate(self._searcher.docs_for_query(q), 1):
            if total % 2048 == 0 and time.monotonic() > deadline:
                return ranked, total, False
        return ranked, total, True

    def query_terms(self, text: str) -> frozenset[str]:
        """The analysed words a query looks for, expansions included.

        Remembered for the last few queries: the app marks matches block by
        block in an open post, and each hit's title, with the same query.
        Never waits for a running search (see the module's docstring).
        """
        with self._terms_lock:
            terms = self._terms.get(text)
            if terms is None:
                reader = self._terms_reader
                if reader.generation() != self._ix.latest_generation():
                    # Another process updated the index: expand against its words.
                    reader.close()
                    reader = self._terms_reader = self._ix.reader()
                terms = text_terms(self._bound(self._terms_parser, reader, text))
                self._remember(text, terms)
        return terms

    def _remember_terms(self, text: str, terms: frozenset[str]) -> frozenset[str]:
        with self._terms_lock:
            self._remember(text, terms)
        return terms

    def _remember(self, text: str, terms: frozenset[str]) -> None:
        """Keep ``terms`` as the answer for ``text`` (terms lock held)."""
        if text not in self._terms and len(self._terms) >= TERMS_REMEMBERED:
            del self._terms[next(iter(self._terms))]  # the oldest
        self._terms[text] = terms

    def _bound(self, parser: Any, reader: Any, text: str) -> Any:
        """``text`` parsed, its prefix and fuzzy terms expanded against ``reader``."""
        return bound(parse(parser, text), reader, self._words().near)

    def _words(self) -> Vocabulary:
        """The archive's words, loaded at the first search that needs them."""
        with self._vocabulary_lock:
            if self._vocabulary is None:
                self._vocabulary = self._catalog.vocabulary()
            return self._vocabulary

    def find_matches(self, text: str, query_text: str) -> tuple[Span, ...]:
        """Where in ``text`` the words that ``query_text`` looks for stand."""
        return self.spans(text, self.query_terms(query_text))

    def spans(self, text: str, terms: Iterable[str]) -> tuple[Span, ...]:
        return highlight.spans(text, frozenset(terms))

    def snippet(self, text: str, terms: frozenset[str]) -> Snippet:
        """The best short passage of ``text`` for ``terms``, with the words marked."""
        return highlight.snippet(text, terms, SNIPPET_CHARS)

    def _correction(self, text: str) -> str | None:
        """Replace each word the archive never uses by its nearest, most used word."""
        vocabulary = self._words()
        corrected = text
        for word in bare_words(text):
            lower = word.lower()
            if len(lower) < 3 or lower.isdigit() or lower in vocabulary:
                continue
            suggestion = vocabulary.suggest(lower)
            if suggestion:
                pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
                corrected = re.sub(pattern, _literal(suggestion), corrected, count=1)
        return corrected if corrected != text else None


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that is taken as it is (no backslash groups)."""
    return lambda _match: text
