"""Quoted phrases found a segment at a time, each candidate post checked once.

Whoosh runs a phrase as a span query: an intersection of its words' postings
that decodes both words' positions into span objects for every post holding
both, one Python call chain per post, and a search runs it twice (once for the
best hits, once more to count). At 100,000 generated posts, two common words
in quotes took 0.5-1.2 s of processor time, about 40 µs per post holding both.

:class:`FastPhrase` gives the same posts and the same scores. Its matcher reads
each word's postings a block at a time (ids and positions come out of one
unpickled block), intersects the posts as sets, and checks the positions of
the posts holding every word, then scores the few that match with the words'
own scorers, as the span query does (the sum of the words' scores). What it
found is kept for the query's next pass over the same segment (the count).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pickle import loads
from typing import Any

from blog_reader.index._whoosh import formats, matching, query, scoring, whoosh3

_INT_SIZE = 4
"""Bytes before a position list's pickle: its length (``formats.Positions.encode``)."""
ONCE_KNOWN = 4096
"""Positions whose one-position values are looked up rather than unpickled."""
SKIP_BELOW = 16
"""A word's postings are skipped to each candidate post, not read whole, when it
holds more than this many times as many posts as there are candidates."""


class FastPhrase(query.Phrase):  # type: ignore[misc]
    """A Whoosh ``Phrase`` (words next to each other, in order) with a faster matcher.

    Where it cannot read the postings itself (another codec or format, a
    reader of several segments, a slop other than 1) it runs as Whoosh's own.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._found: list[tuple[Any, _Found]] = []
        """What earlier passes found, by segment reader."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        if self.slop != 1 or len(self.words) < 2 or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        if type(field.format) is not formats.Positions:
            return super().matcher(searcher, context)
        try:
            words = [field.to_bytes(word) for word in self.words]
        except ValueError:
            return matching.NullMatcher()
        if any((self.fieldname, word) not in reader for word in words):
            return matching.NullMatcher()
        found = next((found for seen, found in self._found if seen is reader), None)
        if found is None:
            found = _in_a_row(reader, self.fieldname, words)
            if found is None:
                return super().matcher(searcher, context)
            self._found.append((reader, found))
        if not found.docs:
            return matching.NullMatcher()
        weighting = searcher.weighting if context is None else context.weighting
        if weighting is None:  # matching only (``Query.docs``)
            return matching.ListMatcher(found.docs)
        if found.scores is None:
            found.scores = _scores(searcher, self.fieldname, words, found, weighting)
        return matching.ListMatcher(found.docs, [score * self.boost for score in found.scores])


@dataclass(slots=True)
class _Found:
    """The posts of one segment that hold a phrase."""

    docs: list[int]
    """Their document numbers, in order (deleted posts left out)."""
    values: list[list[bytes]]
    """For each word of the phrase, its postings' values (positions) in those posts."""
    scores: list[float] | None = None
    """Their scores, once asked for."""


def _leaf(reader: Any, fieldname: str, word: bytes) -> Any | None:
    """The raw ``whoosh3`` postings of ``word`` (deleted posts included), or None."""
    postings = reader.postings(fieldname, word)
    if isinstance(postings, matching.FilterMatcher):
        postings = postings.child
    return postings if type(postings) is whoosh3.W3LeafMatcher else None


def _blocks(leaf: Any) -> Iterator[tuple[Any, tuple[bytes, ...]]]:
    """Each block of ``leaf``'s postings: its document numbers and position lists."""
    while True:
        leaf._read_data()  # one unpickled tuple: (id gaps, weights, values)
        gaps, _, values = leaf._data
        yield accumulate(gaps), values
        if leaf._lastblock:
            return
        leaf._goto(leaf._nextoffset)


def _in_a_row(reader: Any, fieldname: str, words: list[bytes]) -> _Found | None:
    """The posts of one segment in which ``words`` stand one after another, in
    order; None when its postings are not ``whoosh3``'s.

    The rarest word's postings are read whole; each other word's are read whole
    too when most of its posts may matter, else skipped to each candidate."""
    frequency = [reader.doc_frequency(fieldname, word) for word in words]
    order = sorted(range(len(words)), key=frequency.__getitem__)
    held: list[dict[int, bytes]] = [{} for _ in words]
    candidates: dict[int, bytes] = {}
    for at in order:
        leaf = _leaf(reader, fieldname, words[at])
        if leaf is None:
            return None
        found = held[at]
        if at == order[0]:
            for ids, values in _blocks(leaf):
                found.update(zip(ids, values, strict=False))
        elif len(candidates) * SKIP_BELOW < frequency[at]:
            found.update(_skipping(leaf, candidates))
        else:
            for ids, values in _blocks(leaf):
                for doc, value in zip(ids, values, strict=False):
                    if doc in candidates:
                        found[doc] = value
        candidates = found
        if not candidates:
            break
    deleted = reader.is_deleted if reader.has_deletions() else None
    matched: list[int] = []
    if len(words) == 2:
        matched = _pairs(held[0], held[1], sorted(candidates))
        if deleted is not None:
            matched = [doc for doc in matched if not deleted(doc)]
        return _Found(matched, [[word[doc] for doc in matched] for word in held])
    first, rest = held[0], list(enumerate(held[1:], 1))
    for doc in sorted(candidates):
        starts: Collection[int] = _positions(first[doc])
        for offset, later in rest:
            places = _positions(later[doc])
            starts = [p for p in starts if p + offset in places]
            if not starts:
                break
        if starts and not (deleted and deleted(doc)):
            matched.append(doc)
    return _Found(matched, [[word[doc] for doc in matched] for word in held])


def _pairs(first: dict[int, bytes], second: dict[int, bytes], docs: list[int]) -> list[int]:
    """The ``docs`` in which the second word stands right after the first (most
    phrases are two words): where a word is once in a post its place is looked
    up, not unpickled, and the other's places are decoded only when needed."""
    once = _once_at().get
    matched = []
    for doc in docs:
        before, after = first[doc], second[doc]
        place = once(before)
        if place is not None:
            later = once(after)
            if later is None:
                if place + 1 in _positions(after):
                    matched.append(doc)
            elif later == place + 1:
                matched.append(doc)
            continue
        later = once(after)
        if later is not None:
            if later - 1 in _positions(before):
                matched.append(doc)
        else:
            places = _positions(after)
            if any(p + 1 in places for p in _positions(before)):
                matched.append(doc)
    return matched


def _skipping(leaf: Any, candidates: dict[int, bytes]) -> dict[int, bytes]:
    """The position lists of ``leaf``'s posts among ``candidates``, skipped to."""
    found: dict[int, bytes] = {}
    for doc in sorted(candidates):
        if not leaf.is_active():
            break
        leaf.skip_to(doc)
        if leaf.is_active() and leaf.id() == doc:
            found[doc] = leaf.value()
    return found


def _positions(value: bytes) -> tuple[int, ...] | frozenset[int]:
    """The positions in one posting's value (``formats.Positions.decode_positions``):
    a tuple of one, or a set."""
    once = _once().get(value)
    if once is not None:
        return once
    codes = value[_INT_SIZE:]
    if not codes.endswith(b"."):
        codes += b"."
    return frozenset(accumulate(loads(codes)))


@cache
def _once_at() -> dict[bytes, int]:
    """The values of a word found once in a post, at each of the first
    :data:`ONCE_KNOWN` positions, to that position."""
    return {value: positions[0] for value, positions in _once().items()}


@cache
def _once() -> dict[bytes, tuple[int]]:
    """The values of a word found once in a post (most words of most posts), at
    each of the first :data:`ONCE_KNOWN` positions: a look-up instead of a pickle."""
    encode = formats.Positions().encode
    return {bytes(encode([position])): (position,) for position in range(ONCE_KNOWN)}


def _scores(
    searcher: Any, fieldname: str, words: list[bytes], found: _Found, weighting: Any
) -> list[float]:
    """Each post of ``found`` scored as Whoosh's phrase scores it: the sum of its
    words' scores. A word's score in a post comes from its weight there (its
    count times the field's boost: ``formats.Positions.decode_weight``) and the
    post's length, as the word's postings would give them."""
    totals = [0.0] * len(found.docs)
    weight_of = searcher.schema[fieldname].format.decode_weight
    for word, values in zip(words, found.values, strict=True):
        scorer = weighting.scorer(searcher, fieldname, word)
        if isinstance(scorer, scoring.WeightLengthScorer):
            score, length = scorer._score, scorer.dfl
            for at, (doc, value) in enumerate(zip(found.docs, values, strict=True)):
                totals[at] += score(weight_of(value), length(doc))
        else:  # another weighting: skip the word's scored postings to each post
            postings = searcher.postings(fieldname, word, weighting=weighting)
            for at, doc in enumerate(found.docs):
                postings.skip_to(doc)
                totals[at] += postings.score()
    return totals


def fast_phrase(phrase: Any) -> Any:
    """A Whoosh ``Phrase`` as a :class:`FastPhrase`."""
    return FastPhrase(
        phrase.fieldname,
        phrase.words,
        slop=phrase.slop,
        boost=phrase.boost,
        char_ranges=phrase.char_ranges,
    )
