"""Finding the words a query matched inside a text, and cutting snippets around them.

Whoosh's highlighter runs the whole analyser over every hit's text, token by
token in Python: half of a search's time in the benchmark. Here the distinct
words of a text are collected by a regular expression (in C), each distinct
word that could match (it begins as a term does) is stemmed once (and
remembered), and only then are the matching words' places found. The words
match exactly when the index would match them: the same tokenizer pattern,
lower-casing and Porter2 stems as ``schema.py``.
"""

from __future__ import annotations

import re

from blog_reader.index.model import Snippet, Span
from blog_reader.index.schema import TOKEN, stem

_ELLIPSIS = "…"


def spans(text: str, terms: frozenset[str]) -> tuple[Span, ...]:
    """Where in ``text`` the words stand whose index form is one of ``terms``."""
    if not terms or not text:
        return ()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c.lower()[:1] or c for c in text)
    # A stem begins with its word's first character (Porter2 changes endings only),
    # so a word whose first character begins no term is never stemmed: in a fresh
    # process, stemming each hit's new words was 40% of a search's time.
    initials = {term[:1] for term in terms}
    wanted = {
        w
        for w in set(TOKEN.findall(lowered))
        if w[:1] in initials and (w in terms or stem(w) in terms)
    }
    if not wanted:
        return ()
    # Each wanted word's places, found by ``str.find`` (in C) and kept where they are
    # a whole token, not every token of the text looked at in Python: a long post's
    # snippet (64 KB of a changelog, 8,000 tokens) took 1 ms here, most of a search.
    found: list[tuple[int, int]] = []
    for word in wanted:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            token = TOKEN.match(lowered, at)
            if token is not None and token.end() == end and _starts_token(lowered, at):
                found.append((at, end))
            at = lowered.find(word, at + 1)
    found.sort()
    return tuple(Span(start, end) for start, end in found)


def _starts_token(text: str, at: int) -> bool:
    """Whether a token of ``TOKEN`` found by scanning ``text`` from its start begins
    at ``at`` (a word character there): one begins after a character that is not a
    word character, and not after a dot that follows one (``\\.?\\w+`` goes on
    through it)."""
    if at == 0:
        return True
    before = text[at - 1]
    if _WORD_CHAR.match(before):
        return False
    return before != "." or at < 2 or not _WORD_CHAR.match(text[at - 2])


_WORD_CHAR = re.compile(r"\w")


def snippet(text: str, terms: frozenset[str], width: int) -> Snippet:
    """About ``width`` characters of ``text`` around the most matches, the matches marked."""
    found = spans(text, terms)
    if not found:
        return lead(text, width)
    start, end = _best_window(found, width)
    start = _word_start(text, max(0, start - width // 4))
    end = _word_end(text, min(len(text), max(end, start + width)))
    piece, where = _squeeze(text, start, end)
    prefix = _ELLIPSIS if start > 0 else ""
    suffix = _ELLIPSIS if end < len(text.rstrip()) else ""
    marked = tuple(
        Span(len(prefix) + where[s.start], len(prefix) + where[s.end])
        for s in found
        if start <= s.start and s.end <= end
    )
    return Snippet(prefix + piece.rstrip() + suffix, marked)


def lead(text: str, width: int) -> Snippet:
    """The start of ``text``, cut at a word boundary: the snippet when nothing is marked."""
    flat = " ".join(text[: width * 2].split())
    if len(flat) <= width:
        return Snippet(flat)
    cut = flat.rfind(" ", 0, width)
    return Snippet(flat[: cut if cut > 0 else width] + " " + _ELLIPSIS)


def _best_window(found: tuple[Span, ...], width: int) -> tuple[int, int]:
    """The stretch of at most ``width`` characters holding the most matches."""
    best = (0, found[0].start, found[0].end)
    first = 0
    for last, span in enumerate(found):
        while span.end - found[first].start > width:
            first += 1
        count = last - first + 1
        if count > best[0]:
            best = (count, found[first].start, span.end)
    return best[1], best[2]


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def _squeeze(text: str, start: int, end: int) -> tuple[str, dict[int, int]]:
    """``text[start:end]`` with white space runs made one space, and where each
    original offset lands in the result."""
    out: list[str] = []
    where: dict[int, int] = {}
    last_space = False
    for index in range(start, end):
        where[index] = len(out)
        char = text[index]
        if char.isspace():
            if not last_space:
                out.append(" ")
            last_space = True
        else:
            out.append(char)
            last_space = False
    where[end] = len(out)
    return "".join(out), where
