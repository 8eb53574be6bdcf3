"""Related posts: the posts most like one post, by Whoosh's more-like-this.

Whoosh's ``more_like`` picks a post's key terms with its Bo1 model (words
frequent in the post and rare in the archive) and searches them, each weighted
by its score, as an ``Or``. It needs the post's words as a term vector or a
stored field, and the index keeps neither (the text is in the catalog). So the
key terms are picked here from the catalog's text at query time, against the
index's own collection frequencies, with the same model, and faster:

- the text is cut into index words by the loop the index is built with
  (``schema._index_forms``), not by Whoosh's chain of generators;
- a word's collection frequency costs a look-up per segment in the terms file
  (about 10 µs each, in Python): the frequencies are remembered for as long as
  the index does not change (:class:`Frequencies`), and the words are taken in
  order of the most they could score, the look-ups stopping once no word left
  can enter the top (most of a long post's words are never looked up).

Three departures from ``more_like``, to spend the query on words that find the
posts alike: a word no other post holds is not a key term (Bo1 ranks such words
first: a post's typos, ids, its one odd name), nor a word most posts hold
(:data:`COMMON`), and titles weigh more. A word of
the post's title counts :data:`TITLE_WEIGHT` times, and the key terms are
searched in the other posts' titles (boosted by the schema) as well as in their
bodies.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from blog_reader.index._whoosh import query, reading
from blog_reader.index.schema import TITLE_BOOST, TOKEN, _index_forms

KEY_TERMS = 12
"""How many key terms stand for a post (Whoosh's ``more_like`` takes 5)."""

TITLE_WEIGHT = TITLE_BOOST
"""How many times a word of the post's title counts, beside one in its body (as
many as the index's title boost, so that its collection frequency, which the
index counts boosted in titles, is counted alike)."""

TEXT_CHARS = 20_000
"""Only the first this many characters of a post's text give its key terms: a
changelog of 800 KB would otherwise cost its thousands of distinct words."""

REMEMBERED = 200_000
"""At most this many words' frequencies are remembered (then forgotten at once)."""

COMMON = 0.5
"""A word more than this share of the posts use is no key term: it tells little
about what a post is about, and its postings cost the most to score (in the
Node.js blog, words its 800 changelogs all hold)."""


@dataclass(frozen=True, slots=True)
class KeyTerm:
    """A word (as the index holds it: a Porter2 stem) and its weight, at most 1."""

    word: str
    weight: float


class Frequencies:
    """How often each word occurs in the archive, as the index ``reader`` reads it:
    its collection frequency (every use, titles boosted as the index boosts them)
    and how many posts use it, in bodies, and in titles when asked. Remembered:
    make a new one when the index changes."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.posts = max(1, reader.doc_count_all())
        words = reader.field_length("body") + reader.field_length("title")
        self.most = max(1.0, words / self.posts)
        """The largest a word's frequency over the number of posts can be."""
        self._segments = [leaf for leaf, _ in reader.leaf_readers()]
        self._seen: dict[tuple[str, str], tuple[int, int]] = {}

    def of(self, word: str, *, in_titles: bool) -> tuple[int, int]:
        """The frequency of ``word`` in bodies (and titles, with ``in_titles``), and
        the number of posts that use it there (the larger of the two counts)."""
        frequency, posts = self._look_up("body", word)
        if in_titles:
            in_title, title_posts = self._look_up("title", word)
            frequency, posts = frequency + in_title, max(posts, title_posts)
        return frequency, posts

    def _look_up(self, field: str, word: str) -> tuple[int, int]:
        found = self._seen.get((field, word))
        if found is None:
            frequency = posts = 0
            for segment in self._segments:  # one look-up per segment gives both
                try:
                    info = segment.term_info(field, word)
                except reading.TermNotFound:
                    continue
                frequency += info.weight()
                posts += info.doc_frequency()
            if len(self._seen) >= REMEMBERED:
                self._seen.clear()
            found = self._seen[(field, word)] = (int(frequency), posts)
        return found


def key_terms(
    frequencies: Frequencies, title: str, text: str, count: int = KEY_TERMS
) -> list[KeyTerm]:
    """The ``count`` words that best say what a post of ``title`` and ``text`` is
    about and that other posts hold too, best first, by Whoosh's Bo1 model.

    Words most posts use (:data:`COMMON`) come only when there are not ``count``
    others. A word's weight is its Bo1 score over the best one's (as Whoosh's
    ``more_like`` weighs them, with ``normalize=False``).
    """
    body, titled = _counts(text), _counts(title)
    weights = Counter({word: n * TITLE_WEIGHT for word, n in titled.items()})
    weights.update(body)
    posts, most = frequencies.posts, frequencies.most
    best: list[tuple[float, str]] = []  # heaps of the top ``count`` (score, word)
    common: list[tuple[float, str]] = []

    def consider(word: str, weight: float) -> None:
        seen, holders = frequencies.of(word, in_titles=word in titled)
        if seen <= weight:
            return  # no other post holds it
        _keep(common if holders > posts * COMMON else best, (_bo1(weight, seen / posts), word))

    def _keep(heap: list[tuple[float, str]], scored: tuple[float, str]) -> None:
        if len(heap) < count:
            heapq.heappush(heap, scored)
        elif scored > heap[0]:
            heapq.heapreplace(heap, scored)

    for word in titled:
        consider(word, weights[word])
    # Body words, by weight: each word's frequency is more than its weight (another
    # post holds it), so it scores at most ``bound(weight)``, which falls with it.
    for word, weight in sorted(body.items(), key=lambda item: (-item[1], item[0])):
        if word in titled:
            continue
        if len(best) == count and _bound(weight, posts, most) <= best[0][0]:
            break
        consider(word, weight)
    ranked = sorted(best, key=lambda item: (-item[0], item[1]))
    ranked += sorted(common, key=lambda item: (-item[0], item[1]))[: count - len(ranked)]
    if not ranked:
        return []
    top = max(score for score, _ in ranked)
    return [KeyTerm(word, score / top) for score, word in ranked]


def _counts(text: str) -> Counter[str]:
    """Each index word of ``text`` (its first :data:`TEXT_CHARS`), counted."""
    counts: Counter[str] = Counter()
    forms = _index_forms
    for token in TOKEN.findall(text[:TEXT_CHARS]):
        if found := forms(token):
            counts[found[0].decode("utf-8")] += 1
    return counts


def _bo1(weight: float, f: float) -> float:
    """Whoosh's ``classify.Bo1Model.score``: ``weight`` is the word's in the post,
    ``f`` its collection frequency over the number of posts."""
    return weight * math.log2((1.0 + f) / f) + math.log2(1.0 + f)


def _bound(weight: float, posts: int, most: float) -> float:
    """The most a word of ``weight`` that another post holds can score.

    Its frequency is at least ``weight + 1`` and at most ``most`` per post; the
    score falls with the frequency while ``f`` is below the weight and rises
    after, so its highest is at one end.
    """
    least = (weight + 1) / posts
    return max(_bo1(weight, least), _bo1(weight, max(least, most)))


def related_query(terms: list[KeyTerm]) -> Any:
    """The key terms as Whoosh's ``more_like`` would search them: an ``Or`` of each
    in titles and bodies, boosted by its weight."""
    return query.Or(
        [
            query.Term(field, term.word, boost=term.weight)
            for term in terms
            for field in ("title", "body")
        ]
    )


def best_matches(
    searcher: Any, terms: list[KeyTerm], limit: int, seconds: float
) -> list[tuple[int, float]]:
    """The ``limit`` posts that score best for :func:`related_query` (document
    numbers and scores, best first; the lower number first among equal scores).

    The same scores as Whoosh's ``Or`` (the sum of its terms' scores), in half the
    time: each posting is scored once, term by term, without the union matchers'
    bookkeeping. Terms are given up after ``seconds``; what was found stands.
    """
    deadline = time.monotonic() + seconds
    scores: dict[int, float] = {}
    get = scores.get
    for sub, offset in searcher.leaf_searchers():
        for term in related_query(terms).subqueries:
            if time.monotonic() > deadline:
                break
            matcher = term.matcher(sub)
            while matcher.is_active():
                docnum = offset + matcher.id()
                scores[docnum] = get(docnum, 0.0) + matcher.score()
                matcher.next()
    return heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
