"""The posts of a part of an array union that can still reach the best N,
found without reading every posting of its commonest words.

An array union (:mod:`~blog_reader.index.unions`) scores every post of a part
(2,048 posts) from every one of its words' postings. Once the collector knows
the score a post needs to enter the best N, most of that is wasted where the
union holds a word of nearly every post: at 100,000 posts ``fif*`` has a word
in 99,998 of them, whose postings alone cannot lift a post that far.

:func:`best_in_part` splits the words the way MaxScore does: the "low" words,
the ones whose most (their scorer's maximum) add up to less than the score
needed, cannot bring a post there by themselves; the others are read whole
over the part. A post they hold is a candidate when its score from them plus
the low words' most reaches the score needed; the low words' postings are
then read only in the blocks holding a candidate (the blocks' headers say
which). Each candidate's score is added up word by word in the union's own
order, so it is the same float the whole array gives; the posts left out
could not have entered the best N.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Any

from blog_reader.index.postings import Postings, read_ids, settle

MARGIN = 1e-9
"""A bound is taken this much (relatively) above its sum, so that rounding in
the sums never leaves out a post that reaches the score needed."""

Groups = list[tuple[list[Postings], float]]
"""An array union's words: groups of postings, each with its boost (a post's
score is the sum of its groups' sums, each group's words added in order)."""


def most(groups: Groups) -> float:
    """The most a post can score: every word still read at its most."""
    return sum(p.most * boost for postings, boost in groups for p in postings if p.leaf.is_active())


def best_in_part(groups: Groups, offset: int, limit: int, least: float) -> list[tuple[int, float]]:
    """The posts from ``offset`` to ``limit`` that may score ``least`` or more,
    in order, each with its whole score; every word's postings are left at
    ``limit`` or past it."""
    ranked = sorted(
        (
            (p.most * boost, n, p, boost)
            for n, (postings, boost) in enumerate(groups)
            for p in postings
            if p.leaf.is_active()
        ),
        key=lambda entry: entry[0],
    )
    rest = 0.0
    low: list[tuple[Postings, float]] = []
    high: list[tuple[Postings, float]] = []
    for bound, _, p, boost in ranked:
        if not high and (rest + bound) * (1 + MARGIN) < least:
            rest += bound
            low.append((p, boost))
        else:
            high.append((p, boost))
    scores: dict[int, dict[int, float]] = {}
    """Each word's scores in the part (by ``id`` of its postings), for the candidates."""
    partial: dict[int, float] = {}
    for p, boost in high:
        found = scores[id(p)] = _read_to(p, boost, limit)
        for doc, score in found.items():
            partial[doc] = partial.get(doc, 0.0) + score
    candidates = [doc for doc in sorted(partial) if (partial[doc] + rest) * (1 + MARGIN) >= least]
    below = list(accumulate((bound for bound, _, _, _ in ranked[: len(low)]), initial=0.0))
    for n in range(len(low) - 1, -1, -1):  # the low words, the most a post can gain first
        p, boost = low[n]
        if candidates:
            found = scores[id(p)] = _look_up(p, boost, candidates)
            for doc, score in found.items():
                partial[doc] += score
            more = below[n]  # what the words still to read can add
            candidates = [
                doc for doc in candidates if (partial[doc] + more) * (1 + MARGIN) >= least
            ]
        _skip_to(p, limit)
    best: list[tuple[int, float]] = []
    for doc in candidates:  # each word's score added in the union's order: the same float
        total = 0.0
        for postings, _ in groups:
            part = 0.0
            for p in postings:
                one = scores.get(id(p), _NONE).get(doc)
                if one is not None:
                    part += one
            total += part
        if total >= least:
            best.append((doc, total))
    return best


_NONE: dict[int, float] = {}


def sums(postings: list[Postings], boost: float, limit: int) -> dict[int, float]:
    """Each post's sum of the scores of ``postings`` up to post ``limit`` (the
    words added in order, as into an array)."""
    found: dict[int, float] = {}
    for p in postings:
        for doc, score in _read_to(p, boost, limit).items():
            found[doc] = found.get(doc, 0.0) + score
    return found


def _score(p: Postings, boost: float, doc: int, tf: float) -> float:
    """One posting's score in the union: as ``unions._add`` adds it."""
    if p.bm25 is not None:
        idf, k1, k1_1, b_1, b, avgfl, lengths, times = p.bm25
        bm = idf * ((tf * k1_1) / (tf + k1 * (b_1 + b * lengths[doc] / avgfl)))
        return bm * times * boost
    assert p.score is not None  # scored postings (pruning runs only when scoring)
    return p.score(tf, doc) * boost


def _read_to(p: Postings, boost: float, limit: int) -> dict[int, float]:
    """The scores of ``p``'s postings up to post ``limit``, read whole."""
    found: dict[int, float] = {}
    leaf, deleted = p.leaf, p.deleted
    while leaf.is_active():
        if leaf._ids is None:
            read_ids(leaf)
        ids = leaf._ids
        start = leaf._i
        end = bisect_left(ids, limit, start, leaf._blocklength)
        if end > start:
            if leaf._weights is None:
                leaf._read_weights()
            weights = leaf._weights
            for at in range(start, end):
                doc = ids[at]
                if doc not in deleted:
                    found[doc] = _score(p, boost, doc, weights[at])
        if end < leaf._blocklength:
            leaf._i = end
            break
        leaf._next_block()
    settle(p)
    return found


def _look_up(p: Postings, boost: float, candidates: list[int]) -> dict[int, float]:
    """The scores of ``p``'s postings in the ``candidates`` (in order), reading
    only the blocks that may hold one."""
    found: dict[int, float] = {}
    leaf, deleted = p.leaf, p.deleted
    for doc in candidates:
        if not _seek(leaf, doc):
            break
        at = leaf._i
        if leaf._ids[at] == doc and doc not in deleted:
            if leaf._weights is None:
                leaf._read_weights()
            found[doc] = _score(p, boost, doc, leaf._weights[at])
    return found


def _skip_to(p: Postings, doc: int) -> None:
    """Bring ``p``'s postings to post ``doc`` or the first after it."""
    _seek(p.leaf, doc)
    settle(p)


def _seek(leaf: Any, doc: int) -> bool:
    """Bring ``leaf`` to post ``doc`` or the first after it, passing whole
    blocks by their headers; False when none is left."""
    while leaf.is_active() and leaf._maxid < doc:
        leaf._next_block()
    if not leaf.is_active():
        return False
    if leaf._ids is None:
        read_ids(leaf)
    leaf._i = bisect_left(leaf._ids, doc, leaf._i, leaf._blocklength)
    return True
