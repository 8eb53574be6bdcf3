"""Running queries: ranked hits, snippets with match spans, and "did you mean".

The :class:`SearchEngine` owns one Whoosh searcher behind a lock (one searcher
per thread is Whoosh's rule, and the app's cancelled workers can overlap), and
copies everything it returns into plain dataclasses.

Marking matches in an open post never waits for a search (see
:mod:`index.marking`). A search reads the catalog through a connection of its own,
so opening a post never waits for a search either (a search held the shared
catalog's lock while it loaded the word list or its hits' texts; the reader waited
0.75 s for marks behind a search).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from blog_reader.index import facets as facet_counts
from blog_reader.index import highlight
from blog_reader.index._whoosh import collectors, searching
from blog_reader.index.catalog import Catalog
from blog_reader.index.counting import Answer, TopAndMatched, least_matches
from blog_reader.index.marking import QueryWords
from blog_reader.index.model import Facets, Hit, SearchResult, Snippet, Span
from blog_reader.index.ordering import NewestFirst, Order, SegmentDates, newer_first_among_equals
from blog_reader.index.query import (
    MAX_QUERY_CHARS,
    Analysed,
    analyse,
    bound,
    make_parser,
    text_terms,
)
from blog_reader.index.related import TEXT_CHARS, Frequencies, best_matches, key_terms
from blog_reader.index.spelling import Vocabulary, corrected_query
from blog_reader.index.weighting import CachedLengthsBM25F

FULL_PASS_LIMIT = 10_000
"""Up to this many possible matches (the words' estimate, at most the archive's
size), one pass scores and counts them all: at 10,000 posts every query. Beyond,
skipping finds the best ones faster (index/skipping.py: at 100,000 posts the
benchmark's median fell from 35 to 28 ms, its several-words p95 from 98 to 72),
and the total is a lower bound unless a count can finish (:data:`COUNT_LIMIT`)."""
SEARCH_SECONDS = 1.0
"""A search stops after this long and answers with what it found (``complete`` False)."""

COUNT_SECONDS = 0.02
"""When the best matches were found by skipping (most posts can match), counting
every match stops after this long, and the total is then said to be at least
what the query's words show (at 100,000 posts, counting the 98,000 posts four
common words match took 340 ms, finding the best of them 235 ms)."""

COUNT_LIMIT = 10_000
"""Such a count is not even started when the query's words hold more posts than
this together (Whoosh's estimate): at 1.4-4 µs a match, 20 ms counts 5,000 to
14,000 posts, and stopping short of the words' own bound gains nothing (at
100,000 posts the 20 ms went on each search of a common word, for a total that
came out as the bound anyway)."""

COUNT_CHECK_EVERY = 1024
"""The clock is read once per this many matches counted."""


SNIPPET_CHARS = 220
"""Roughly how long a snippet is."""

TIE_MARGIN = 10
"""Hits ranked beyond the limit, so that a newer post scoring nearly as well as
the last one shown can take its place."""


@dataclass(frozen=True, slots=True)
class _Matched:
    """The matches of the last search, for counting their facets afterwards."""

    generation: int
    """The index generation the searcher read (not the searcher itself: an old
    one is not kept alive)."""
    segments: facet_counts.Segments
    """The searcher's segments (what its document numbers refer to)."""
    text: str
    """The query searched (the correction, when one was)."""
    prefix_last: bool
    docs: list[int]
    """Their document numbers."""
    every: bool
    """Whether ``docs`` holds every match (not when a count or a search stopped early)."""


class SearchEngine:
    """Searches one Whoosh index; safe to call from several threads."""

    def __init__(self, ix: Any, catalog: Catalog) -> None:
        self._ix = ix
        self._lock = threading.Lock()
        """Held by a search, around the searcher."""
        self._parser = make_parser(ix.schema)
        self._vocabulary_lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._catalog = Catalog(catalog.path, catalog.root)
        try:
            self._searcher = ix.searcher(weighting=CachedLengthsBM25F())
            try:
                self._query_words = QueryWords(ix, self._words)
            except BaseException:
                self._searcher.close()
                raise
        except BaseException:  # damaged files: close what was opened
            self._catalog.close()
            raise
        self._dates = SegmentDates()
        self._tables = facet_counts.FacetTables(ix, self._catalog)
        self._matched: _Matched | None = None
        self._facets_lock = threading.Lock()
        """Held while every match of a query is found for its facets, with a
        searcher and a parser of its own: at 100,000 posts that takes about as long
        as a search, and the next keystroke's search need not wait for it."""
        self._facets_parser = make_parser(ix.schema)
        self._facets_searcher: Any = None
        self._frequencies: Frequencies | None = None
        """The words' collection frequencies related posts need, for the searcher's reader."""

    def close(self) -> None:
        """Close the searcher, the reader and the catalog connection of this engine."""
        with self._lock:
            self._searcher.close()
        self._query_words.close()
        with self._facets_lock:
            if self._facets_searcher is not None:
                self._facets_searcher.close()
        self._catalog.close()

    def warm_up(self, keep_going: Callable[[], bool] = lambda: True) -> None:
        """Read now what the first searches would otherwise read while someone
        types: the archive's words (for corrections), each segment's dates, field
        lengths and stored ids, the facets' searcher and tables. Cold, at 10,000
        posts, the first one-letter search took 20 ms more, the first word 12 ms
        and the first facets 80 ms. At 100,000 posts it takes about a second, the
        facets' tables 0.65 s of it; it stops between steps once ``keep_going()``
        is false (the app is quitting)."""
        self._words()
        with self._lock:
            reader = self._searcher.reader()
            weighting = self._searcher.weighting
            for sub, _ in reader.leaf_readers():
                if not keep_going():
                    return
                if not sub.doc_count_all():  # an empty index's reader: no segment
                    continue
                self._dates.of(sub)
                if isinstance(weighting, CachedLengthsBM25F):
                    for field in ("title", "body"):
                        weighting.field_lengths(sub, field)
                sub.stored_fields(0)
            segments = facet_counts.segments_of(reader)
        with self._facets_lock:
            if self._facets_searcher is None:
                self._facets_searcher = self._ix.searcher(weighting=CachedLengthsBM25F())
        if keep_going():
            self._tables.facets(segments, (), True)

    def search(
        self,
        text: str,
        limit: int = 20,
        *,
        order: Order = Order.RELEVANCE,
        prefix_last: bool = False,
        correct: bool = True,
        facets: bool = False,
    ) -> SearchResult:
        """The posts that best match ``text`` (or, by ``order``, the newest), at
        most ``limit`` of them.

        With ``prefix_last``, the word being typed also finds the words it
        begins. With ``correct``, a word that matches nothing in the archive is
        replaced by the nearest word the archive has, and the corrected query
        searched instead when it finds posts (``SearchResult.correction``).
        With ``facets``, the tags, authors and years of every match are counted
        (``SearchResult.facets``); either way, :meth:`facets` can count them later.
        """
        limit = max(1, limit)
        clipped = text[:MAX_QUERY_CHARS]  # as analyse() reads it
        with self._lock:
            self._searcher = self._searcher.refresh()
            searched = text
            answer = self._answer(text, limit, order, prefix_last)
            correction = self._correction(clipped, prefix_last) if correct else None
            if correction is not None:
                corrected = self._answer(correction, limit, order, prefix_last)
                if corrected.total:
                    searched = correction
                    answer = corrected
                else:
                    correction = None
            self._query_words.remember(searched, answer.terms)
            matched = self._matched = self._matches(searched, prefix_last, answer)
        if facets and not matched.every:
            matched = self._every_match(searched, prefix_last)
        ranked = answer.ranked
        ids = [pid for pid, _ in ranked]
        infos = self._catalog.infos_by_id(ids)
        if order is Order.RELEVANCE:
            ranked = newer_first_among_equals(ranked, {i: infos[i].date for i in infos})
        ranked = ranked[:limit]
        texts = self._catalog.texts([pid for pid, _ in ranked])
        hits = tuple(
            Hit(info=infos[pid], score=float(score), snippet=self.snippet(texts[pid], answer.terms))
            for pid, score in ranked
            if pid in infos  # the catalog lags Whoosh only after a crash; the next sync mends it
        )
        return SearchResult(
            query=text,
            total=answer.total,
            complete=answer.complete,
            counted=answer.counted,
            hits=hits,
            correction=correction,
            facets=self._count(matched) if facets else None,
        )

    def facets(self, text: str, *, prefix_last: bool = False) -> Facets:
        """The tags, authors and years of every post that ``text`` matches (as
        searched: no correction), each with how many of them carry it.

        Right after a search of the same text that saw every match, those are
        counted (about 2 ms for 10,000 of them); otherwise the query's matches
        are found first (every one, even where the search counted only some).
        """
        with self._lock:
            matched = self._matched
            if matched is not None and (
                not matched.every
                or matched.generation != self._searcher.reader().generation()
                or (matched.text, matched.prefix_last) != (text, prefix_last)
            ):
                matched = None
        if matched is None:
            matched = self._every_match(text, prefix_last)
        return self._count(matched)

    def _matches(self, text: str, prefix_last: bool, answer: Answer) -> _Matched:
        """The matches a search just found (lock held)."""
        reader = self._searcher.reader()
        segments = facet_counts.segments_of(reader)
        every = answer.complete and answer.counted
        return _Matched(reader.generation(), segments, text, prefix_last, answer.docs, every)

    def _every_match(self, text: str, prefix_last: bool) -> _Matched:
        """Every match of ``text``, found within the search's time limit, with the
        facets' own searcher (not the search's: see ``_facets_lock``)."""
        with self._facets_lock:
            searcher = self._facets_searcher
            if searcher is None:
                searcher = self._ix.searcher(weighting=CachedLengthsBM25F())
            self._facets_searcher = searcher = searcher.refresh()
            reader = searcher.reader()
            analysed = analyse(self._facets_parser, text, prefix_last=prefix_last)
            q = bound(analysed.query, reader, self._words().near)
            deadline = time.monotonic() + SEARCH_SECONDS
            docs: list[int] = []
            every = True
            for found, doc in enumerate(searcher.docs_for_query(q), 1):
                docs.append(doc)
                if found % COUNT_CHECK_EVERY == 0 and time.monotonic() > deadline:
                    every = False
                    break
            segments = facet_counts.segments_of(reader)
            return _Matched(reader.generation(), segments, text, prefix_last, docs, every)

    def _count(self, matched: _Matched) -> Facets:
        """Count ``matched`` (without the searcher's lock: see ``FacetTables``)."""
        return self._tables.facets(matched.segments, matched.docs, matched.every)

    def related(
        self, post_id: str, limit: int = 5, *, snippets: bool = True
    ) -> tuple[Hit, ...] | None:
        """The ``limit`` posts most like ``post_id``, best first, newer first among
        near-equal scores (see ``related.py``); None when no post has that id.

        With ``snippets``, each hit's snippet is the passage of its text's start
        (``related.TEXT_CHARS``) that holds the most key terms, marked; otherwise
        it is empty (the app lists titles only: a changelog's snippet costs 10 ms).
        """
        limit = max(1, limit)
        info = self._catalog.infos_by_id([post_id]).get(post_id)
        if info is None:
            return None
        text = self._catalog.texts([post_id]).get(post_id, "")
        with self._lock:
            self._searcher = self._searcher.refresh()
            reader = self._searcher.reader()
            if self._frequencies is None or self._frequencies.reader is not reader:
                self._frequencies = Frequencies(reader)
            terms = key_terms(self._frequencies, info.title, text)
            found = best_matches(self._searcher, terms, limit + 1 + TIE_MARGIN, SEARCH_SECONDS)
            stored = self._searcher.stored_fields
            ranked = [(stored(docnum)["id"], score) for docnum, score in found]
        ranked = [(pid, score) for pid, score in ranked if pid != post_id]
        words = frozenset(term.word for term in terms)
        infos = self._catalog.infos_by_id([pid for pid, _ in ranked])
        ranked = newer_first_among_equals(ranked, {i: infos[i].date for i in infos})[:limit]
        texts = self._catalog.texts([pid for pid, _ in ranked]) if snippets else {}
        return tuple(
            Hit(
                info=infos[pid],
                score=float(score),
                snippet=self.snippet(texts[pid][:TEXT_CHARS], words) if snippets else Snippet(""),
            )
            for pid, score in ranked
            if pid in infos  # the catalog lags Whoosh only after a crash; the next sync mends it
        )

    def _answer(self, text: str, limit: int, order: Order, prefix_last: bool) -> Answer:
        """Run ``text`` (lock held): ranked (id, score) pairs, best first (a few
        beyond ``limit`` when by relevance), the total, and the analysed words
        it looks for."""
        analysed = self._analyse(text, prefix_last)
        terms = text_terms(analysed.query)
        if order is Order.DATE or not analysed.ranked:
            return self._run_newest(analysed.query, limit, terms)
        return self._run(analysed.query, limit + TIE_MARGIN, terms)

    def _run_newest(self, q: Any, limit: int, terms: frozenset[str]) -> Answer:
        """The newest ``limit`` matches of ``q`` (lock held), every match counted."""
        newest = NewestFirst(self._dates, limit)
        timed = collectors.TimeLimitCollector(newest, timelimit=SEARCH_SECONDS, use_alarm=False)
        try:
            self._searcher.search_with_collector(q, timed)
        except searching.TimeLimit:
            complete = False
        else:
            complete = True
        ranked = [(hit["id"], hit.score) for hit in newest.results()]
        return Answer(ranked, newest.count(), terms, complete=complete, docs=list(newest.docset))

    def _run(self, q: Any, limit: int, terms: frozenset[str]) -> Answer:
        """Rank and count the matches of ``q`` (lock held).

        When few posts can match, one pass scores and counts every match; with
        OR queries and their coordination bonus, Whoosh's block skipping rarely
        pays there (p95 23 vs 38 ms over the benchmark's queries at 10,000
        posts). Both its optimisations must then be off: with ``replace`` on, a
        union drops sub-matchers that can no longer beat the N-th score and the
        count comes out short. When most posts can match (common words in a big
        archive), Whoosh's skipping finds the best ones, and a separate pass
        counts them: against :data:`COUNT_SECONDS` when the query's words give
        a lower bound to fall back on (see :func:`least_matches`; not at all
        beyond :data:`COUNT_LIMIT` matches), else against the search's time limit.
        """
        started = time.monotonic()
        reader = self._searcher.reader()
        full_pass = min(q.estimate_size(reader), reader.doc_count_all()) <= FULL_PASS_LIMIT
        top = TopAndMatched(limit=limit, usequality=not full_pass, replace=0 if full_pass else 10)
        timed = collectors.TimeLimitCollector(top, timelimit=SEARCH_SECONDS, use_alarm=False)
        try:
            self._searcher.search_with_collector(q, timed)
        except searching.TimeLimit:
            ranked = [(hit["id"], hit.score) for hit in top.results()]
            # What was found so far stands.
            return Answer(ranked, top.total, terms, complete=False, docs=top.matched)
        ranked = [(hit["id"], hit.score) for hit in top.results()]
        if full_pass:
            return Answer(ranked, top.count(), terms, docs=top.matched)
        least = least_matches(q, reader)
        if least is not None and q.estimate_size(reader) > COUNT_LIMIT:
            bound = max(least, top.total, len(ranked))
            return Answer(ranked, bound, terms, counted=False, docs=top.matched)
        # Without a bound to fall back on, counting runs to the search's time limit.
        deadline = started + SEARCH_SECONDS if least is None else time.monotonic() + COUNT_SECONDS
        docs: list[int] = []
        for total, doc in enumerate(self._searcher.docs_for_query(q), 1):
            docs.append(doc)
            if total % COUNT_CHECK_EVERY == 0 and time.monotonic() > deadline:
                if least is None:
                    return Answer(ranked, total, terms, complete=False, docs=docs)
                bound = max(total, least, len(ranked))
                return Answer(ranked, bound, terms, counted=False, docs=docs)
        return Answer(ranked, len(docs), terms, docs=docs)

    def _analyse(self, text: str, prefix_last: bool = False) -> Analysed:
        """``text`` analysed, its prefix and fuzzy terms expanded (lock held)."""
        analysed = analyse(self._parser, text, prefix_last=prefix_last)
        q = bound(analysed.query, self._searcher.reader(), self._words().near)
        return Analysed(q, analysed.ranked)

    def _words(self) -> Vocabulary:
        """The archive's words, loaded at the first search that needs them."""
        with self._vocabulary_lock:
            if self._vocabulary is None:
                self._vocabulary = self._catalog.vocabulary()
            return self._vocabulary

    def find_matches(self, text: str, query_text: str) -> tuple[Span, ...]:
        """Where in ``text`` the words that ``query_text`` looks for stand (never
        waits for a search)."""
        return self._query_words.find_matches(text, query_text)

    def snippet(self, text: str, terms: frozenset[str]) -> Snippet:
        """The best short passage of ``text`` for ``terms``, with the words marked."""
        return highlight.snippet(text, terms, SNIPPET_CHARS)

    def _correction(self, text: str, prefix_last: bool) -> str | None:
        """``text`` with its words that match nothing mended (lock held): see
        :func:`~blog_reader.index.spelling.corrected_query`."""
        return corrected_query(text, self._words(), self._indexed, prefix_last=prefix_last)

    def _indexed(self, word: str, *, prefix: bool) -> bool:
        """Whether posts hold ``word`` (as the index analyses it) in a title or a
        body, or, with ``prefix``, a word it begins (lock held)."""
        reader = self._searcher.reader()
        forms = [token.text for token in self._ix.schema["body"].analyzer(word, mode="query")]
        for field in ("title", "body"):
            if all(reader.doc_frequency(field, form) for form in forms):
                return True
            if prefix and next(iter(reader.expand_prefix(field, word)), None) is not None:
                return True
        return False
