"""Reading a query's text before parsing: its top-level pieces (words, filters,
exclusions), the words a correction may change, and the word being typed."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

MIN_PREFIX = 3
"""The word being typed is also searched as a prefix from this many characters."""
ALIASES = {"tag": "tags", "category": "tags"}
"""Other names a person may give a field (the fields' own names work too)."""
_WORD = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*")  # words, versions ("go1.22") whole
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe", "to"}
_FIELD = re.compile(r"[(+]*([A-Za-z_]\w*):")
_TYPED_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")


def plain_words(text: str) -> list[str]:
    """The words of a query string, without syntax: the fallback when parsing fails."""
    return [w for w in _WORD.findall(text) if w.lower() not in _OPERATORS]


@dataclass(frozen=True, slots=True)
class Parts:
    """A query split at its top level: the words that rank, the filters that
    narrow, and what is excluded (each a piece of query text)."""

    words: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


def chunks(text: str) -> list[str]:
    """``text`` cut at the spaces outside quotes and brackets: ``date:[2019 to 2020]``
    and ``"a phrase"`` stay whole."""
    out: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth = max(0, depth - 1)
        elif char.isspace() and not quoted and depth == 0:
            if current:
                out.append("".join(current))
                current = []
            continue
        current.append(char)
    if current:
        out.append("".join(current))
    return out


def split(text: str, fields: Collection[str]) -> Parts:
    """Which pieces of ``text`` are words, filters (a term of one of ``fields``,
    or of an alias of one) and exclusions (``-piece``, ``NOT piece``).

    ``filter OR filter`` stays one filter; ``AND`` between filters is what they
    do anyway; operators between words are left to the parser.
    """
    words: list[str] = []
    filters: list[str] = []
    excluded: list[str] = []
    negate = join = False
    last_was_filter = False
    for chunk in chunks(text):
        if chunk in ("NOT", "ANDNOT"):
            negate = True
            continue
        if chunk == "OR" and last_was_filter:
            join = True
            continue
        if chunk.startswith("-") and len(chunk) > 1:
            negate, chunk = True, chunk[1:]
        if negate:
            excluded.append(chunk)
            negate = join = last_was_filter = False
            continue
        if is_filter(chunk, fields):
            if join:
                filters[-1] = f"{filters[-1]} OR {chunk}"
            else:
                filters.append(chunk)
            last_was_filter = True
        elif chunk == "AND" and last_was_filter:
            continue
        else:
            words.append(chunk)
            last_was_filter = False
        join = False
    return Parts(tuple(words), tuple(filters), tuple(excluded))


def is_filter(chunk: str, fields: Collection[str]) -> bool:
    """Whether ``chunk`` starts with a field name the schema knows (or an alias)."""
    match = _FIELD.match(chunk)
    if match is None:
        return False
    name = match.group(1).lower()
    return ALIASES.get(name, name) in fields


def bare_words(text: str) -> list[str]:
    """The words a person typed as plain words: not in a field term, a quoted
    phrase or an exclusion, not a prefix (``word*``) or fuzzy (``word~``) term.
    These are what a correction may change; the others mean something else than
    their spelling."""
    words: list[str] = []
    negate = False
    for chunk in chunks(text):
        if chunk in ("NOT", "ANDNOT"):
            negate = True
            continue
        if negate or chunk.startswith("-") or ":" in chunk:
            negate = False
            continue
        unquoted = re.sub(r'"[^"]*"?', " ", chunk)
        words += [
            match.group()
            for match in _WORD.finditer(unquoted)
            if match.group().lower() not in _OPERATORS
            and unquoted[match.end() : match.end() + 1] not in ("*", "?", "~")
            and unquoted[match.start() - 1 : match.start()] not in ("*", "?")
        ]
    return words


def typed_prefix(text: str) -> str | None:
    """The word being typed at the end of ``text`` (no space after it yet), when it
    is a plain word of at least :data:`MIN_PREFIX` characters."""
    pieces = chunks(text)
    if not pieces or text[-1:].isspace():
        return None
    last = pieces[-1]
    if len(last) < MIN_PREFIX or not _TYPED_WORD.fullmatch(last) or last.lower() in _OPERATORS:
        return None
    return last
