"""The Whoosh schema: what is searchable, and how words are analysed.

Whoosh holds only what search needs; everything the reader shows (title, body,
metadata) lives in the catalog (``catalog.py``), so a hit is turned into plain
data with one keyed read instead of unpickling stored fields.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from blog_reader.index._whoosh import analysis, fields, formats, porter2

SCHEMA_VERSION = 9
"""Bump whenever the schema or the analysis changes: an index written with
another version is rebuilt automatically."""

TITLE_BOOST = 3.0

COMPOUND = False
"""Whether Whoosh packs a segment's files into one. Never: reading a compound
segment copies its whole postings file into memory (``BytesIO`` over the mmap),
717 MB for 100,000 posts, and the time to read it delays the app's first paint.
Separate files are read a block at a time."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index form of one lower-cased word (Porter2), remembered.

    Porter2, not Whoosh's default Porter: it gives ``run`` for "running" and
    ``regener`` for both "regenerating" and "regeneration". The cache is
    functools' (in C), not Whoosh's own LRU wrapper, which is written in Python
    and cost 8% of an index build.
    """
    return str(porter2.stem(word))


def stemming_analyzer() -> Any:
    """Lower-cased words, stop words out, Porter2 stems: "knees" finds "knee"."""
    return analysis.StemmingAnalyzer(stemfn=stem, cachesize=None)


TOKEN = re.compile(r"\w+(?:\.?\w+)*")
"""What the index calls a word: the pattern of Whoosh's ``RegexTokenizer`` (its
``default_pattern``, which the analyser above uses), without its group. The fast
indexing path below and the match finder (``highlight.py``) both use it.
``tests/index/test_analysis.py`` checks that it cuts text as the analyser does."""

# What the analyser above does, fused into one loop for indexing (see StemmedText).
_STOP_WORDS = frozenset(analysis.STOP_WORDS)
_MIN_SIZE = 2


@lru_cache(maxsize=200_000)
def _index_form(token: str) -> bytes | None:
    """What the analyser makes of one token: its stem as index bytes, or None for
    a stop word or a word under two letters. One cached call per token instead of
    four steps; every posting of a term shares one bytes object."""
    word = token.lower()
    if len(word) < _MIN_SIZE or word in _STOP_WORDS:
        return None
    return stem(word).encode("utf-8")


@lru_cache(maxsize=4096)
def _one_position(position: int) -> bytes:
    """The ``Positions`` value of a word found once, at ``position`` (most words of a post)."""
    return bytes(formats.Positions().encode([position]))


class StemmedText(fields.TEXT):  # type: ignore[misc]
    """A ``TEXT`` field of :func:`stemming_analyzer` that indexes 5x faster.

    Whoosh runs an analyser as a chain of generators, four Python steps per
    word, and that was a third of an index build. Indexing here does the same
    steps in one loop: Whoosh's token pattern, lower case, stop words and words
    under two letters out (positions renumbered as Whoosh's ``StopFilter``
    does), Porter2 stems. Queries still go through the real analyser; a
    property test checks that both give the same postings.
    """

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or kwargs or type(self.format) is not formats.Positions:
            return super().index(value, **kwargs)
        positions: dict[bytes, list[int]] = {}
        pos: int | None = None
        form = _index_form
        for index, token in enumerate(TOKEN.findall(value)):
            if (word := form(token)) is None:
                continue
            pos = index if pos is None else pos + 1
            positions.setdefault(word, []).append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        return [
            (
                word,
                len(places),
                len(places) * boost,
                _one_position(places[0]) if len(places) == 1 else encode(places),
            )
            for word, places in positions.items()
        ]


def author_analyzer() -> Any:
    """Names as lower-cased words, nothing dropped or stemmed: ``author:pike``."""
    return analysis.RegexTokenizer() | analysis.LowercaseFilter()


def make_schema() -> Any:
    """A fresh schema object (Whoosh schemas are mutable: never share one)."""
    stem = stemming_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=StemmedText(analyzer=stem, field_boost=TITLE_BOOST),
        body=StemmedText(analyzer=stem),
        tags=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        date=fields.DATETIME(),
        number=fields.NUMERIC(int, bits=32, signed=True),
        kind=fields.ID(),
        author=fields.TEXT(analyzer=author_analyzer()),
    )


def document(
    *,
    post_id: str,
    title: str,
    text: str,
    tags: tuple[str, ...],
    date: dt.date | None,
    number: int | None,
    kind: str,
    authors: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The Whoosh document for one post (``text`` is the body as plain text)."""
    doc: dict[str, Any] = {
        "id": post_id,
        "title": title,
        "body": text,
        "tags": ",".join(tags),
        "kind": kind,
        "author": "\n".join(authors),
    }
    if date is not None:
        doc["date"] = dt.datetime(date.year, date.month, date.day)
    if number is not None and -(2**31) <= number < 2**31:
        doc["number"] = number
    return doc
