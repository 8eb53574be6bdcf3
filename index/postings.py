"""One word's postings as the ``whoosh3`` codec stores them, read a block at
a time, and how to score them (for :mod:`~blog_reader.index.unions` and
:mod:`~blog_reader.index.pruning`).

These read private parts of Whoosh 2.7.4's ``whoosh3`` codec (pinned): where a
matcher is anything else, :func:`raw` says so and the caller runs Whoosh's code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from blog_reader.index._whoosh import matching, scoring, whoosh3

BM25 = tuple[float, float, float, float, float, float, list[int], float]
"""idf, K1, K1 + 1, 1 - B, B, the average field length, each post's field
length and the word's boost."""


@dataclass(slots=True)
class Postings:
    """One word's raw postings and how to score them."""

    wrapped: Any
    """The matcher the union was given (what Whoosh's own code would read)."""
    leaf: Any
    deleted: frozenset[int]
    score: Callable[[float, int], float] | None
    """A posting's score from its weight and post number, times the word's
    boost; None when not scored (matching only) or when ``bm25`` is given."""
    bm25: BM25 | None = None
    """BM25F's figures, to score inline (a call per posting costs a third)."""
    most: float = 0.0
    """The most a posting of this word can add to a post's score (before the
    union's boost): its scorer's maximum, from the word's highest weight and
    shortest field length."""


def settle(p: Postings) -> None:
    """Bring the wrapping matcher past deleted posts, as its own ``next`` would."""
    if p.wrapped is not p.leaf and p.leaf.is_active():
        wrapped = p.wrapped
        while wrapped.is_active() and wrapped.id() in p.deleted:
            p.leaf.next()


def raw(m: Any, scored: bool) -> Postings | None:
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
        return Postings(wrapped, _Exhausted(), deleted, None)
    if type(m) is not whoosh3.W3LeafMatcher:
        return None
    if not scored:
        return Postings(wrapped, m, deleted, None)
    scorer = m.scorer
    most = float(scorer.max_quality()) * boost
    if type(scorer) is scoring.WeightScorer:  # a field without lengths (dates): the weight
        return Postings(wrapped, m, deleted, lambda tf, doc: tf * boost, most=most)
    if not isinstance(scorer, scoring.WeightLengthScorer):
        return None
    lengths = getattr(scorer.dfl, "__self__", None)
    if type(scorer) is scoring.BM25FScorer and type(lengths) is list:
        k1, b = scorer.K1, scorer.B
        figures = (scorer.idf, k1, k1 + 1, 1 - b, b, scorer.avgfl, lengths, boost)
        return Postings(wrapped, m, deleted, None, figures, most)
    return Postings(wrapped, m, deleted, _scoring(scorer, boost), most=most)


def read_ids(leaf: Any) -> None:
    """``leaf``'s block of post numbers, as its ``read_ids`` reads them (a
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
