"""The Whoosh schema: what is searchable, and how words are analysed.

Whoosh holds only what search needs; everything the reader shows (title, body,
metadata) lives in the catalog (``catalog.py``), so a hit is turned into plain
data with one keyed read instead of unpickling stored fields.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from index._whoosh import analysis, fields, porter2

SCHEMA_VERSION = 4
"""Bump whenever the schema or the analysis changes: an index written with
another version is rebuilt automatically."""

TITLE_BOOST = 3.0


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


def make_schema() -> Any:
    """A fresh schema object (Whoosh schemas are mutable: never share one)."""
    stem = stemming_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=stem, field_boost=TITLE_BOOST),
        body=fields.TEXT(analyzer=stem),
        tags=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        date=fields.DATETIME(),
        number=fields.NUMERIC(int, bits=32, signed=True),
        kind=fields.ID(),
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
) -> dict[str, Any]:
    """The Whoosh document for one post (``text`` is the body as plain text)."""
    doc: dict[str, Any] = {
        "id": post_id,
        "title": title,
        "body": text,
        "tags": ",".join(tags),
        "kind": kind,
    }
    if date is not None:
        doc["date"] = dt.datetime(date.year, date.month, date.day)
    if number is not None and -(2**31) <= number < 2**31:
        doc["number"] = number
    return doc
