"""The archive's own words, for "did you mean".

The catalog keeps every word the posts use (lower-cased, unstemmed) with the
number of posts using it. A word of a query that the archive never uses is
replaced by the nearest word it does use: edit distance 1, else 2, the most
used one first. Candidates come from Whoosh's Levenshtein automata run over the
sorted word list, which takes a few milliseconds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

from blog_reader.index._whoosh import fsa, lev
from blog_reader.index.query_text import bare_words, typed_prefix

_WORD = re.compile(r"[^\W\d_]{2,}")
"""A word "did you mean" may offer: two or more word characters that are neither
digits nor underscores."""
MAX_WORD = 40
_LATIN1_WORD_CHARS = "".join(c for c in map(chr, range(0xC0)) if _WORD.fullmatch(c * 2))
_MAY_BE_WORD = re.compile(f"[{re.escape(_LATIN1_WORD_CHARS)}\u00c0-\U0010ffff]{{2,}}")
"""Runs that may hold words: the characters of :data:`_WORD` below U+00C0 and any
character from there. Ranges are tested without Unicode's tables: a third faster
than :data:`_WORD` on the Node.js blog's text, most of it ASCII."""


def words_of(text: str) -> frozenset[str]:
    """The distinct words of ``text`` that "did you mean" may offer.

    Found as runs of :data:`_MAY_BE_WORD`: a run of ASCII is a word as it is (its
    neighbours are no letters), one with other characters is cut by
    :data:`_WORD` (only those runs take a Python step each)."""
    found = frozenset(_MAY_BE_WORD.findall(text.lower()))
    if not all(map(str.isascii, found)):
        other = [run for run in found if not run.isascii()]
        found = found.difference(other).union(*map(_WORD.findall, other))
    if max(map(len, found), default=0) <= MAX_WORD:  # nearly always: no step per word
        return found
    return frozenset(word for word in found if len(word) <= MAX_WORD)


class Vocabulary:
    """Word → number of posts, with nearest-word suggestions."""

    def __init__(self, counts: Iterable[tuple[str, int]]) -> None:
        self._counts = dict(counts)
        self._sorted = sorted(self._counts)

    def __contains__(self, word: object) -> bool:
        return word in self._counts

    def suggest(self, word: str) -> str | None:
        """The known word nearest to ``word``, sharing its first letter; None if none is near."""
        word = word.lower()
        for distance in (1, 2):
            found = [w for w in self.near(word, distance) if w != word]
            if found:
                return max(found, key=lambda w: (self._counts[w], w))
        return None

    def near(self, word: str, distance: int) -> list[str]:
        """The known words at most ``distance`` edits from ``word`` that share its first letter."""
        word = word.lower()
        if len(word) > MAX_WORD or not word:
            return []
        dfa = lev.levenshtein_automaton(word, distance, prefix=1).to_dfa()
        return list(fsa.find_all_matches(dfa, self._first_at_or_after))

    def _first_at_or_after(self, text: str) -> str | None:
        at = bisect.bisect_left(self._sorted, text)
        return self._sorted[at] if at < len(self._sorted) else None


def corrected_query(
    text: str,
    vocabulary: Vocabulary,
    indexed: Callable[..., bool],
    *,
    prefix_last: bool = False,
) -> str | None:
    """``text`` with each word that matches nothing in the archive replaced by the
    nearest, most used word it has; None when there is none. ``indexed(word,
    prefix=...)`` says whether posts hold the word (or, with ``prefix``, a word it
    begins) as the index analyses it.

    A word the archive has (indexed, or among its words) is never changed, nor a
    word with a digit (a version, ``sqlite3``): its neighbours are other things, not
    its spelling mended. While typing, the last word is kept when it begins a word
    of the archive.
    """
    typed = typed_prefix(text) if prefix_last else None
    words = bare_words(text)
    corrected = text
    for number, word in enumerate(words):
        lower = word.lower()
        if len(lower) < 3 or any(c.isdigit() for c in lower) or lower in vocabulary:
            continue
        if indexed(lower, prefix=word == typed and number == len(words) - 1):
            continue
        suggestion = vocabulary.suggest(lower)
        if suggestion:
            pattern = rf"(?<![\w.]){re.escape(word)}(?![\w.])"
            corrected = re.sub(pattern, _literal(suggestion), corrected, count=1)
    return corrected if corrected != text else None


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that is taken as it is (no backslash groups)."""
    return lambda _match: text
