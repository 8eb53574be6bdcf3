"""Several words ORed, their best posts found without reading every posting of
the commonest.

Whoosh runs ``a OR b OR c`` as a tree of union matchers. Once the collector
knows the score a post needs to enter the best N, it asks the tree to
simplify: a word that cannot reach that score alone becomes optional
(``AndMaybeMatcher(required, optional)``). But the optional word's postings
are still stepped to every post the required side visits, to add its score:
at 100,000 posts a word in 97% of them was decoded block by block for every
post another word held (340 ms of processor time for four words, one of them
that common).

:class:`SkippingOr` builds the same tree from :class:`_Union`, whose
optional side is read only when it can matter: when the required side's
score plus the most the optional word can add (its ``max_quality``) is above
the score the collector last said a post needs. A post below that is never
shown, so it is scored by the required side alone (an underestimate that
changes nothing: the best posts keep their exact scores).
"""

from __future__ import annotations

from typing import Any

from blog_reader.index._whoosh import matching, query


class SkippingOr(query.Or):  # type: ignore[misc]
    """A Whoosh ``Or`` whose tree of unions (where Whoosh would build one) reads
    an optional word's postings only where they can matter."""

    def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
        needs_current = context.needs_current if context else True
        tree = self.matcher_type == self.DEFAULT_MATCHER or (
            self.matcher_type == self.AUTO_MATCHER
            and len(subs) < self.TOO_MANY_CLAUSES
            and (needs_current or self.scale or len(subs) == 2 or searcher.doc_count_all() > 5000)
        )  # Whoosh's choice of a tree (``Or._matcher``)
        if not tree:
            return super()._matcher(subs, searcher, context)
        reader = searcher.reader()
        m = self._tree_matcher(subs, _Union, searcher, context, lambda q: q.estimate_size(reader))
        if self.scale and any(m.term_matchers()):
            m = matching.CoordMatcher(m, scale=self.scale)
        return m


class _Union(matching.UnionMatcher):  # type: ignore[misc]
    """Whoosh's ``UnionMatcher``, simplified into :class:`_LazyAndMaybe`."""

    def replace(self, minquality: float = 0) -> Any:
        # Whoosh's UnionMatcher.replace, with the lazy optional side.
        a, b = self.a, self.b
        a_active, b_active = a.is_active(), b.is_active()
        if minquality and a_active and b_active:
            a_max, b_max = a.max_quality(), b.max_quality()
            if a_max < minquality and b_max < minquality:
                return matching.IntersectionMatcher(a, b).replace(minquality)
            if a_max < minquality:
                return _LazyAndMaybe(b, a, minquality)
            if b_max < minquality:
                return _LazyAndMaybe(a, b, minquality)
        if not (a_active or b_active):
            return matching.NullMatcher()
        if not a_active:
            return b.replace(minquality)
        if not b_active:
            return a.replace(minquality)
        a = a.replace(minquality - b.max_quality() if minquality else 0)
        b = b.replace(minquality - a.max_quality() if minquality else 0)
        if a is not self.a or b is not self.b:
            return self.__class__(a, b)
        self._id = None
        return self


class _LazyAndMaybe(matching.AndMaybeMatcher):  # type: ignore[misc]
    """Whoosh's ``AndMaybeMatcher`` (the posts of ``a``, plus ``b``'s score where
    it holds them) that steps ``b`` only to score a post that can matter."""

    def __init__(self, a: Any, b: Any, minquality: float = 0) -> None:
        self._minquality = minquality
        super().__init__(a, b)

    def _catch_up(self) -> None:
        """Bring ``b`` to ``a``'s post (or past it)."""
        a, b = self.a, self.b
        if a.is_active() and b.is_active() and b.id() < a.id():
            b.skip_to(a.id())

    def next(self) -> Any:
        if not self.a.is_active():
            raise matching.ReadTooFar
        return self.a.next()

    def skip_to(self, id: int) -> Any:
        if not self.a.is_active():
            raise matching.ReadTooFar
        return self.a.skip_to(id)

    def score(self) -> Any:
        a, b = self.a, self.b
        own = a.score()
        if not b.is_active():
            return own
        least = self._minquality
        if least and own + b.max_quality() <= least:
            return own  # cannot reach the best N with b: b is not read
        self._catch_up()
        if b.is_active() and a.id() == b.id():
            return own + b.score()
        return own

    def skip_to_quality(self, minquality: float) -> Any:
        self._catch_up()
        return super().skip_to_quality(minquality)

    def weight(self) -> Any:
        self._catch_up()
        return super().weight()

    def matching_terms(self, id: int | None = None) -> Any:
        self._catch_up()
        return super().matching_terms(id)

    def spans(self) -> Any:
        self._catch_up()
        return super().spans()

    def replace(self, minquality: float = 0) -> Any:
        # Whoosh's AndMaybeMatcher.replace, keeping the laziness.
        a, b = self.a, self.b
        if not a.is_active():
            return matching.NullMatcher()
        if minquality and b.is_active():
            if a.max_quality() + b.max_quality() < minquality:
                return matching.NullMatcher()
            if a.max_quality() < minquality:
                self._catch_up()
                return matching.IntersectionMatcher(a, b)
        elif not b.is_active():
            return a.replace(minquality)
        new_a = a.replace(minquality - b.max_quality())
        new_b = b.replace(minquality - a.max_quality())
        if new_a is not a or new_b is not b:
            return self.__class__(new_a, new_b, minquality)
        self._minquality = minquality
        return self
