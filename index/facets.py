"""Facets: how many posts of a search (or of the archive) carry each tag, author and year.

Counted over every match of a query, not only the page of hits shown. A search
remembers the document numbers it matched (see ``search.py``); counting maps each
to the keys of its post through a table per Whoosh segment, built once from the
segment's stored ids and the catalog's metadata, then counts with ``Counter`` over
the whole list at C speed: about 2 ms for 10,000 matches.

Values are grouped as the index groups them, so that a value's count is what its
filter finds: tags by their lower-cased text, split at commas (Whoosh's comma
keyword field), authors by the words of the name (the ``author`` field's
analysis), years by the date's year. A value is shown as most posts spell it.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from blog_reader.index.catalog import Catalog
from blog_reader.index.model import FacetKind, Facets, FacetValue
from blog_reader.index.query_text import chunks
from blog_reader.index.schema import TOKEN

KEY_SEPARATOR = "\x00"
"""Between a key's kind and its value: ``"tag\\x00release"`` (no name holds a NUL)."""

_PLAIN_VALUE = re.compile(r"[^\W_][\w.+#/-]*")
"""A tag that needs no quotes after ``tag:`` (``node.js``, ``c++``, ``c#``)."""
_FIELDS = {FacetKind.TAG: "tag", FacetKind.AUTHOR: "author", FacetKind.YEAR: "date"}

Keys = tuple[str, ...]
"""One post's facet keys (each ``kind + KEY_SEPARATOR + value``), shared between posts."""
Row = tuple[tuple[str, ...], tuple[str, ...], str | None]
"""A post's tags, authors and ISO date, as the catalog holds them."""


def tag_keys(tag: str) -> list[tuple[str, str]]:
    """(key, spelling) for each term the index makes of ``tag``: its parts between
    commas, stripped, lower-cased (as Whoosh's ``KEYWORD(commas=True, lowercase=True)``)."""
    parts = (part.strip() for part in tag.split(","))
    return [(f"tag{KEY_SEPARATOR}{part.lower()}", part) for part in parts if part]


def author_key(name: str) -> str | None:
    """The key of an author: the words of the name, lower-cased (None without words)."""
    words = TOKEN.findall(name)
    return f"author{KEY_SEPARATOR}{' '.join(words).lower()}" if words else None


def year_key(date: str | None) -> str | None:
    """The key of an ISO date's year (None for an undated post)."""
    return f"year{KEY_SEPARATOR}{date[:4]}" if date else None


def filter_text(kind: FacetKind, name: str, longer: Sequence[str] = ()) -> str | None:
    """The query filter that keeps the posts with this value (``tag:"node js"``,
    ``author:"Ann Lee"``, ``date:2024``); None when the query syntax cannot say it
    (a tag with a double quote in it).

    ``author:`` finds the words of a name in order, so the posts of ``longer``
    names holding this one's words (Juan José Arboleda's, for Juan José) are
    left out: ``author:"Juan José" -author:"Juan José Arboleda"``.
    """
    field = _FIELDS[kind]
    if kind is FacetKind.AUTHOR:
        words = TOKEN.findall(name)
        if not words:
            return None
        found = f"{field}:{words[0]}" if len(words) == 1 else f'{field}:"{" ".join(words)}"'
        others = (filter_text(kind, other) for other in longer)
        return " ".join([found, *(f"-{other}" for other in others if other)])
    if _PLAIN_VALUE.fullmatch(name):
        return f"{field}:{name}"
    if '"' in name:
        return None
    return f'{field}:"{name}"'


class KeyMaker:
    """Turns catalog rows (tags, authors, date) into each post's keys, remembering
    each distinct tag and author (archives repeat them) and how often each is used."""

    def __init__(self) -> None:
        self._tags: dict[str, list[tuple[str, str]]] = {}
        self._authors: dict[str, str | None] = {}
        self._keysets: dict[Keys, Keys] = {}
        self._uses: Counter[str] = Counter()
        """How many posts use each tag and author name as written."""
        self._spellings: dict[str, Counter[str]] | None = None
        self._nested: dict[str, list[str]] | None = None

    def keys(self, tags: Sequence[str], authors: Sequence[str], date: str | None) -> Keys:
        """The keys of one post (one shared tuple for posts with the same keys)."""
        found: dict[str, None] = {}
        for tag in tags:
            pairs = self._tags.get(tag)
            if pairs is None:
                pairs = self._tags[tag] = tag_keys(tag)
            for key, _ in pairs:
                found[key] = None
        for name in authors:
            if name not in self._authors:
                self._authors[name] = author_key(name)
            author = self._authors[name]
            if author is not None:
                found[author] = None
        year = year_key(date)
        if year is not None:
            found[year] = None
        keys = tuple(found)
        return self._keysets.setdefault(keys, keys)

    def table(self, rows: Sequence[Row | None]) -> list[Keys]:
        """The keys of each post (none for a missing row), its names counted as used."""
        keys = self.keys
        table = [() if row is None else keys(*row) for row in rows]
        self._uses.update(chain.from_iterable(row[0] + row[1] for row in rows if row is not None))
        self._spellings = self._nested = None
        return table

    @property
    def nested(self) -> dict[str, list[str]]:
        """For each author key, the keys of the longer names that hold its words in
        order (what ``author:`` would find beside it)."""
        if self._nested is None:
            holders: dict[str, list[str]] = {}
            keys = {key for key in self._authors.values() if key is not None}
            for key in keys:
                words = key.partition(KEY_SEPARATOR)[2].split(" ")
                parts = {
                    " ".join(words[start:end])
                    for start in range(len(words))
                    for end in range(start + 1, len(words) + 1)
                    if end - start < len(words)
                }
                for part in parts:
                    holders.setdefault(f"author{KEY_SEPARATOR}{part}", []).append(key)
            self._nested = {key: sorted(holders[key]) for key in keys if key in holders}
        return self._nested

    @property
    def spellings(self) -> dict[str, Counter[str]]:
        """For each tag and author key, how many posts spell it each way."""
        if self._spellings is None:
            spellings: dict[str, Counter[str]] = {}
            for written, uses in self._uses.items():
                pairs = self._tags.get(written, [])
                author = self._authors.get(written)
                if author is not None:
                    pairs = [*pairs, (author, written)]
                for key, spelling in pairs:
                    spellings.setdefault(key, Counter())[spelling] += uses
            self._spellings = spellings
        return self._spellings


def count(posts_keys: Iterable[Keys]) -> Counter[str]:
    """How many of the posts carry each key."""
    return Counter(chain.from_iterable(posts_keys))


def facets(
    counts: Counter[str],
    spellings: dict[str, Counter[str]],
    complete: bool,
    nested: dict[str, list[str]] | None = None,
) -> Facets:
    """The counted keys as facets: each kind's values by count, then name.
    ``nested``: for an author's key, the keys of the longer names holding its words."""
    values: dict[FacetKind, list[FacetValue]] = {kind: [] for kind in FacetKind}
    nested = nested or {}
    for key, n in counts.items():
        kind_text, _, text = key.partition(KEY_SEPARATOR)
        kind = FacetKind(kind_text)
        name = _spelling(spellings.get(key), text)
        longer = [
            _spelling(spellings.get(other), other.partition(KEY_SEPARATOR)[2])
            for other in nested.get(key, ())
        ]
        values[kind].append(FacetValue(kind, name, n, filter_text(kind, name, longer)))
    for found in values.values():
        found.sort(key=lambda value: (-value.count, value.name.casefold(), value.name))
    return Facets(
        tag=tuple(values[FacetKind.TAG]),
        author=tuple(values[FacetKind.AUTHOR]),
        year=tuple(values[FacetKind.YEAR]),
        complete=complete,
    )


def _spelling(counts: Counter[str] | None, fallback: str) -> str:
    """The spelling most posts use (the first in sort order among equals)."""
    if not counts:
        return fallback
    top = max(counts.values())
    return min(spelling for spelling, n in counts.items() if n == top)


FEW_POSTS = 1_000
"""Segments with fewer documents read their posts' rows by id; bigger ones, every row."""


Segments = tuple[tuple[str, int], ...]
"""A searcher's segments, in order: each one's id and number of documents."""


def segments_of(reader: Any) -> Segments:
    """The segments of ``reader`` (a searcher's), in the order of its document numbers
    (an empty index has none: its reader has no segment)."""
    leaves = [sub for sub, _ in reader.leaf_readers() if sub.doc_count_all()]
    return tuple((sub.segment().segment_id(), sub.doc_count_all()) for sub in leaves)


class FacetTables:
    """Each post's keys by Whoosh document number, built once per segment, and the
    counting of a search's matches with them.

    Safe to call from several threads (one lock). Tables are built from a reader of
    their own, not the searcher's: building one for 10,000 posts takes tens of
    milliseconds, and searches go on meanwhile.
    """

    def __init__(self, ix: Any, catalog: Catalog) -> None:
        self._ix = ix
        self._catalog = catalog
        self._lock = threading.Lock()
        self._maker = KeyMaker()
        self._segments: dict[str, list[Keys]] = {}
        self._joined: tuple[Segments, list[Keys]] | None = None

    def facets(self, segments: Segments, docs: Iterable[int], complete: bool) -> Facets:
        """The facets of the documents ``docs`` of a searcher over ``segments``."""
        with self._lock:
            table = self._table(segments)
            counts = count(map(table.__getitem__, docs))
            return facets(counts, self._maker.spellings, complete, self._maker.nested)

    def _table(self, segments: Segments) -> list[Keys]:
        """The keys of every document of the segments, by document number (lock held)."""
        if self._joined is not None and self._joined[0] == segments:
            return self._joined[1]
        if len(self._segments) > 64:  # segments merged away long ago
            self._segments = {
                name: self._segments[name] for name, _ in segments if name in self._segments
            }
        missing = {name for name, _ in segments if name not in self._segments}
        if missing:
            reader = self._ix.reader()
            try:
                leaves = [
                    (sub, name)
                    for sub, _ in reader.leaf_readers()
                    if sub.doc_count_all() and (name := sub.segment().segment_id()) in missing
                ]
                ids = [self._stored_ids(sub) for sub, _ in leaves]
            finally:
                reader.close()
            wanted = [pid for segment_ids in ids for pid in segment_ids if pid is not None]
            rows = self._catalog.facet_rows(wanted if len(wanted) < FEW_POSTS else None)
            by_id = {pid: (tags, authors, date) for pid, tags, authors, date in rows}
            for (_, name), segment_ids in zip(leaves, ids, strict=True):
                self._segments[name] = self._keys_of(segment_ids, by_id)
        joined: list[Keys] = []
        for name, size in segments:
            table = self._segments.get(name)
            if table is None or len(table) != size:
                # Merged away by another process before it could be read: its
                # posts count nowhere this once (the searcher moves on at its next
                # refresh).
                table = [()] * size
            joined += table
        self._joined = (segments, joined)
        return joined

    @staticmethod
    def _stored_ids(sub: Any) -> list[str | None]:
        """The post id of each document of a segment (None for a deleted one)."""
        ids: list[str | None] = [None] * sub.doc_count_all()
        for docnum, stored in sub.iter_docs():
            ids[docnum] = stored.get("id")
        return ids

    def _keys_of(self, ids: list[str | None], rows: dict[str, Row]) -> list[Keys]:
        """The keys of each document, from its post's catalog row (a post the
        catalog lacks, which it does only after a crash, counts nowhere)."""
        return self._maker.table([rows.get(pid) if pid is not None else None for pid in ids])


def archive_facets(catalog: Catalog) -> Facets:
    """Every tag, author and year of the archive, with how many posts carry it."""
    maker = KeyMaker()
    rows = catalog.facet_rows()
    counts = count(maker.table([(tags, authors, date) for _, tags, authors, date in rows]))
    return facets(counts, maker.spellings, complete=True, nested=maker.nested)


def has_filter(query: str, filter_: str) -> bool:
    """Whether ``query`` holds each piece of ``filter_`` (as a facet adds it)."""
    pieces = chunks(query)
    return all(piece in pieces for piece in chunks(filter_))


def toggle_filter(query: str, filter_: str) -> str:
    """``query`` with ``filter_`` added at its end, or taken out when it holds it."""
    if has_filter(query, filter_):
        wanted = set(chunks(filter_))
        return " ".join(piece for piece in chunks(query) if piece not in wanted)
    return f"{query.rstrip()} {filter_}".lstrip()
