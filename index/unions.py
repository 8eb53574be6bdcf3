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

A prefix or fuzzy term looks in titles and bodies: Whoosh ORs the two fields'
unions as a tree, and its array union says the most a post can score is its
best word's most, not their sum, so its skipping left out posts holding several
of the words (the best post of ``sto*`` in the tests). :class:`FieldsUnion`
runs both fields as one array (the same floats: each field's sum, then the
two added), whose most is the sum; once the collector says what score a post
needs, a part of it is filled only for the posts that can reach it
(:mod:`~blog_reader.index.pruning`). At 100,000 posts ``fif*`` took 174 ms of
processor time, 47 ms so. A single word runs so too: Whoosh's union of its two
fields skips one field's block by its quality and loses that field's score for a
post whose other field's next block scores higher (at 100,000 posts the word
``nemilamo`` lacked its second to fourth best posts), and took twice as long.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Any

from blog_reader.index import pruning
from blog_reader.index._whoosh import matching, query
from blog_reader.index.postings import Postings, raw, read_ids, settle
from blog_reader.index.skipping import SkippingOr

PART_SIZE = 2048
"""Posts scored into the array at a time (Whoosh's own size)."""
SPARSE = 256
"""A part with at most this many posts scored is looked at post by post."""


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


class FieldsUnion(SkippingOr):
    """A word, or a prefix or fuzzy term's words, in two fields (titles and
    bodies), ORed: run as one array union of both :class:`FastUnion` groups (a
    word's group holds it alone), a post's score the sum of the two groups'
    sums, as Whoosh's union of the two gives it. One array, so the collector's
    skipping (see ``pruning``) sees the whole score a post can reach, not one
    field's at a time. Anything else runs as a
    :class:`~blog_reader.index.skipping.SkippingOr`."""

    def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
        if (
            len(subs) != 2
            or self.scale
            or self.boost != 1
            or not all(type(sub) is FastUnion for sub in subs)
        ):
            return super()._matcher(subs, searcher, context)
        scored = context.weighting is not None if context else True
        groups = [[term.matcher(searcher, context) for term in sub.subqueries] for sub in subs]
        if any(raw(m, scored) is None for group in groups for m in group):
            return super()._matcher(subs, searcher, context)
        reader = searcher.reader()
        sizes = [sub.estimate_size(reader) for sub in subs]
        return _FastArrayUnion(
            [m for group in groups for m in group],
            searcher.doc_count_all(),
            groups=[(len(group), sub.boost) for group, sub in zip(groups, subs, strict=True)],
            main=sizes.index(max(sizes)),
            scored=scored,
            partsize=PART_SIZE,
        )


class _FastArrayUnion(matching.ArrayUnionMatcher):  # type: ignore[misc]
    """Whoosh's ``ArrayUnionMatcher`` with a faster way to fill its array.

    Its words may come in groups (:class:`FieldsUnion`: a post's score is the
    sum of each group's sum, as Whoosh's union of two array unions adds them).
    Once the collector says what score a post needs (``replace``), a part of
    the array is filled only for the posts that can reach it (see
    :mod:`~blog_reader.index.pruning`)."""

    _docnum: int
    """The post it stands on (Whoosh's)."""

    def __init__(
        self,
        submatchers: list[Any],
        doccount: int,
        groups: list[tuple[int, float]] | None = None,
        main: int = 0,
        **kwargs: Any,
    ) -> None:
        self._postings: list[Postings] | None = None
        self._groups: list[tuple[list[Postings], float]] = []
        self._best = 0.0
        self._least = 0.0
        self._docs: list[int] = []
        """The posts of the part read that may have a score, in order."""
        self._main = main
        """The group with the most postings, added into the array; the others'
        sums are added to it post by post."""
        self._zeros: array[float] | None = None
        scored = kwargs.get("scored", True)
        boost = kwargs.get("boost", 1.0)
        postings = [raw(m, scored) for m in submatchers]
        if all(p is not None for p in postings):
            self._postings = [p for p in postings if p is not None]
            at = 0
            for size, group_boost in groups or [(len(postings), boost)]:
                self._groups.append((self._postings[at : at + size], group_boost))
                at += size
        super().__init__(submatchers, doccount, **kwargs)

    def _read_part(self) -> None:
        postings = self._postings
        if postings is None:
            super()._read_part()
            return
        if self._zeros is None:
            self._zeros = array("d", bytes(8 * self._partsize))
        a = self._a
        a[:] = self._zeros  # in place: Whoosh's ``all_ids`` holds on to the array
        if self._least > 0 and self._scored:
            self._read_pruned()
            return
        offset = self._docnum
        limit = min(offset + self._partsize, self._doccount)
        main = self._main
        docs: set[int] = set()
        _fill(a, offset, limit, *self._groups[main], docs)
        for n, (postings, boost) in enumerate(self._groups):
            if n == main:
                continue
            if not self._scored:
                _fill(a, offset, limit, postings, boost, docs)
                continue
            # Each group's sum apart, then added to the main group's (a + b).
            sums = pruning.sums(postings, boost, limit)
            for doc, score in sums.items():
                a[doc - offset] += score
            docs.update(sums)
        self._offset = offset
        self._limit = limit
        self._docs = sorted(docs)
        if len(docs) > SPARSE:
            self._best = max(a)
        else:
            self._best = max((a[doc - offset] for doc in docs), default=0.0)

    def _find_next(self) -> None:
        """Stand on the next post of the part with a score, or read the next
        part (Whoosh's looks at each post of the part in turn)."""
        if self._postings is None:
            super()._find_next()
            return
        docs, a, offset = self._docs, self._a, self._offset
        at = bisect_left(docs, self._docnum)
        while at < len(docs) and not a[docs[at] - offset] > 0:  # a deleted post's is 0
            at += 1
        if at < len(docs):
            self._docnum = docs[at]
        else:
            self._docnum = self._min_id()
            self._read_part()

    def _read_pruned(self) -> None:
        """Fill the next part holding a post that can reach ``_least`` (only
        such posts, with their whole scores), and stand on the first of them."""
        a = self._a
        while True:
            offset = self._docnum
            limit = min(offset + self._partsize, self._doccount)
            self._offset = offset
            self._limit = limit
            found = pruning.best_in_part(self._groups, offset, limit, self._least)
            for doc, score in found:
                a[doc - offset] = score
            self._docs = [doc for doc, _ in found]
            if found:
                self._docnum = found[0][0]
                self._best = max(score for _, score in found)
                return
            self._docnum = self._min_id()
            if self._docnum >= self._doccount:
                self._best = 0.0
                return

    def replace(self, minquality: float = 0) -> Any:
        """Remember the score a post must reach to matter (see ``_read_pruned``)."""
        if not self.is_active():
            return matching.NullMatcher()
        if self._postings is not None and self._scored:
            if minquality and self.max_quality() * (1 + pruning.MARGIN) < minquality:
                return matching.NullMatcher()  # no post still to come can reach it
            self._least = minquality
        return self

    def max_quality(self) -> float:
        """The most a post still to come can score: the best of the part read,
        or the sum of the most of the words with posts after it (Whoosh's says
        the greatest of them, too little for a post holding several)."""
        if self._postings is None or not self._scored:
            return float(super().max_quality())
        return max(self._best, pruning.most(self._groups))

    def block_quality(self) -> float:
        """The best score in the part read (Whoosh's reads the part for each call)."""
        postings = self._postings
        return super().block_quality() if postings is None else self._best


def _fill(
    a: array[float], offset: int, limit: int, postings: list[Postings], boost: float, docs: set[int]
) -> None:
    """Add the scores of ``postings`` in posts ``offset`` to ``limit`` into ``a``,
    and their posts to ``docs``."""
    for p in postings:
        leaf = p.leaf
        while leaf.is_active():
            if leaf._ids is None:
                read_ids(leaf)
            ids = leaf._ids
            start = leaf._i
            end = bisect_left(ids, limit, start, leaf._blocklength)
            if end > start:
                _add(a, offset, boost, p, start, end)
                docs.update(ids[start:end])
            if end < leaf._blocklength:
                leaf._i = end
                break
            leaf._next_block()
        settle(p)


def _add(a: array[float], offset: int, boost: float, p: Postings, start: int, end: int) -> None:
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
