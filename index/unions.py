"""The union of many words' posts, scored a block of postings at a time.

A prefix, a fuzzy term or a date range stands for up to dozens of index words
(see ``query.bound``), run as one ``Or`` by Whoosh's array union matcher: it
adds each word's scores into an array of 2,048 posts at a time, but through
four Python calls per posting (is the word's matcher active, at which post,
with what score, next) and three more inside the score. At 100,000 posts
``fif*`` (64 words, every post) took 360 ms of processor time, most of it there.

:class:`FastUnion` gives the same posts and the same scores (the same
arithmetic, in the same order). Its matcher takes each word's postings as the
``whoosh3`` codec decodes them, a block of ids and weights at a time, and adds
a slice of them into the array in one loop. Where the postings are not plain
``whoosh3`` ones scored by a weight-and-length model (BM25F), it runs Whoosh's
own code.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from blog_reader.index._whoosh import matching, query, scoring, whoosh3

PART_SIZE = 2048
"""Posts scored into the array at a time (Whoosh's own size)."""


class FastUnion(query.Or):  # type: ignore[misc]
    """A Whoosh ``Or`` run by :class:`_FastArrayUnion` (its subqueries are
    expected to be terms; any others run Whoosh's way)."""

    matcher_type = query.Or.ARRAY_MATCHER

    def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
        scored = context.weighting is not None if context else True
        matchers = [sub.matcher(searcher, context) for sub in subs]
        doccount = searcher.doc_count_all()
        return _FastArrayUnion(
            matchers, doccount, boost=self.boost, scored=scored, partsize=PART_SIZE
        )


_BM25 = tuple[float, float, float, float, float, float, list[int], float]
"""idf, K1, K1 + 1, 1 - B, B, the average field length, each post's field
length and the word's boost."""


@dataclass(slots=True)
class _Postings:
    """One word's raw postings and how to score them."""

    wrapped: Any
    """The matcher the union was given (what Whoosh's own code would read)."""
    leaf: Any
    deleted: frozenset[int]
    score: Callable[[float, int], float] | None
    """A posting's score from its weight and post number, times the word's
    boost; None when not scored (matching only) or when ``bm25`` is given."""
    bm25: _BM25 | None = None
    """BM25F's figures, to score inline (a call per posting costs a third)."""


class _FastArrayUnion(matching.ArrayUnionMatcher):  # type: ignore[misc]
    """Whoosh's ``ArrayUnionMatcher`` with a faster way to fill its array."""

    def __init__(self, submatchers: list[Any], doccount: int, **kwargs: Any) -> None:
        self._postings: list[_Postings] | None = None
        self._best = 0.0
        self._zeros: array[float] | None = None
        scored = kwargs.get("scored", True)
        postings = [_raw(m, scored) for m in submatchers]
        if all(p is not None for p in postings):
            self._postings = [p for p in postings if p is not None]
        super().__init__(submatchers, doccount, **kwargs)

    def _read_part(self) -> None:
        postings = self._postings
        if postings is None:
            super()._read_part()
            return
        offset = self._docnum
        limit = min(offset + self._partsize, self._doccount)
        if self._zeros is None:
            self._zeros = array("d", bytes(8 * self._partsize))
        a = self._a
        a[:] = self._zeros  # in place: Whoosh's ``all_ids`` holds on to the array
        boost = self._boost
        for p in postings:
            leaf = p.leaf
            while leaf.is_active():
                if leaf._ids is None:
                    _read_ids(leaf)
                ids = leaf._ids
                start = leaf._i
                end = bisect_left(ids, limit, start, leaf._blocklength)
                if end > start:
                    _add(a, offset, boost, p, start, end)
                if end < leaf._blocklength:
                    leaf._i = end
                    break
                leaf._next_block()
            _settle(p)
        self._offset = offset
        self._limit = limit
        self._best = max(a)

    def block_quality(self) -> float:
        """The best score in the part read (Whoosh's reads the part for each call)."""
        postings = self._postings
        return super().block_quality() if postings is None else self._best


def _add(a: array[float], offset: int, boost: float, p: _Postings, start: int, end: int) -> None:
    """Add the scores of ``p``'s postings ``start`` to ``end`` of its current
    block to ``a`` (post ``offset`` first), as Whoosh's union does: ``a[i] +=
    score * boost``, or ``a[i] = 1`` when only matching."""
    leaf, deleted, bm25, score = p.leaf, p.deleted, p.bm25, p.score
    ids = leaf._ids[start:end]
    if score is None and bm25 is None:
        for doc in ids:
            if doc not in deleted:
                a[doc - offset] = 1
        return
    if leaf._weights is None:
        leaf._read_weights()
    postings = zip(ids, leaf._weights[start:end], strict=True)
    if bm25 is not None:
        idf, k1, k1_1, b_1, b, avgfl, lengths, times = bm25
        for doc, tf in postings:
            if doc not in deleted:  # scoring.bm25, inlined: the same arithmetic
                bm = idf * ((tf * k1_1) / (tf + k1 * (b_1 + b * lengths[doc] / avgfl)))
                a[doc - offset] += bm * times * boost
    elif score is not None:
        for doc, tf in postings:
            if doc not in deleted:
                a[doc - offset] += score(tf, doc) * boost


def _settle(p: _Postings) -> None:
    """Bring the wrapping matcher past deleted posts, as its own ``next`` would."""
    if p.wrapped is not p.leaf and p.leaf.is_active():
        wrapped = p.wrapped
        while wrapped.is_active() and wrapped.id() in p.deleted:
            p.leaf.next()


def _raw(m: Any, scored: bool) -> _Postings | None:
    """``m``'s plain ``whoosh3`` postings, its deleted posts and its scoring, or
    None when it is anything else."""
    wrapped = m
    boost = 1.0
    if type(m) is matching.WrappingMatcher:  # a term's boost
        boost = m.boost
        m = m.child
    deleted: frozenset[int] = frozenset()
    if type(m) is matching.FilterMatcher and m._exclude:
        deleted = frozenset(m._ids)
        m = m.child
    if type(m) is matching.NullMatcherClass or (
        type(m) is whoosh3.W3LeafMatcher and not m.is_active()
    ):
        return _Postings(wrapped, _Exhausted(), deleted, None)
    if type(m) is not whoosh3.W3LeafMatcher:
        return None
    if not scored:
        return _Postings(wrapped, m, deleted, None)
    scorer = m.scorer
    if type(scorer) is scoring.WeightScorer:  # a field without lengths (dates): the weight
        return _Postings(wrapped, m, deleted, lambda tf, doc: tf * boost)
    if not isinstance(scorer, scoring.WeightLengthScorer):
        return None
    lengths = getattr(scorer.dfl, "__self__", None)
    if type(scorer) is scoring.BM25FScorer and type(lengths) is list:
        k1, b = scorer.K1, scorer.B
        figures = (scorer.idf, k1, k1 + 1, 1 - b, b, scorer.avgfl, lengths, boost)
        return _Postings(wrapped, m, deleted, None, figures)
    return _Postings(wrapped, m, deleted, _scoring(scorer, boost))


def _read_ids(leaf: Any) -> None:
    """``leaf``'s block of post numbers, as its ``_read_ids`` reads them (a
    generator call per posting there)."""
    if leaf._data is None:
        leaf._read_data()
    ids = leaf._data[0]
    leaf._ids = ids if leaf._byteids else tuple(accumulate(ids))


def _scoring(scorer: Any, boost: float) -> Callable[[float, int], float]:
    """A posting's score from its weight and post number, as ``scorer.score``
    gives it for a matcher there, times ``boost``."""
    dfl = scorer.dfl
    return lambda tf, doc: float(scorer._score(tf, dfl(doc))) * boost


class _Exhausted:
    """Postings with nothing (left) in them."""

    _ids = None
    _i = 0
    _blocklength = 0

    def is_active(self) -> bool:
        return False
