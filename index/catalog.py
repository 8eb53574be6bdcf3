"""The catalog: every post's metadata and text, and the manifest that makes syncs cheap.

A small SQLite database beside the Whoosh index. It answers "list the archive"
and "show this post" without touching the corpus, and remembers each file's
size and modification time so that a sync with nothing changed costs one
directory walk and one query.

Whoosh is written first and the catalog second: after a crash between the two,
the catalog is behind, so the next sync re-indexes those files (Whoosh's
``update_document`` makes that idempotent) and the two agree again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blog_reader.index.linkstore import LINK_SCHEMA, LinkRecord, LinkTables, write_links
from blog_reader.index.model import Kind, Post, PostInfo, Skipped
from blog_reader.index.spelling import Vocabulary, words_of

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    number INTEGER,
    date TEXT,
    tags TEXT NOT NULL,
    url TEXT,
    summary TEXT NOT NULL,
    authors TEXT NOT NULL,
    section TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
-- Bodies apart from the metadata: listing 100,000 posts then reads small rows.
CREATE TABLE IF NOT EXISTS content (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    text TEXT NOT NULL,
    notes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, posts INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skipped (
    id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    left_out INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
"""

# Archive order: dated posts newest first, then the rest by top section, series number and
# title, numbers in titles compared as numbers (see natural_key).
_ORDER = "ORDER BY date IS NULL, date DESC, section, number IS NULL, number, sort_title, id"
_INFO_COLUMNS = "id, title, kind, number, date, tags, url, summary, authors"
_INFO_WIDTH = 9

_TAG_SEPARATOR = "\x1f"  # cleaned tags never hold control characters

SNIPPET_TEXT_CHARS = 64_000
"""How much of a post's plain text is kept for snippets."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a sync compares to decide whether a file changed."""

    mtime_ns: int
    size: int


class Catalog(LinkTables):
    """One SQLite file; safe to use from several threads (one lock)."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self._lock = threading.Lock()
        # Workers of a parallel build write to one catalog: wait for each other's locks.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=120)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.executescript(LINK_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- metadata -----------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- the manifest -------------------------------------------------------

    def stamps(self) -> dict[str, Stamp]:
        """Every known file (indexed or skipped) with its stamp when last read."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, mtime_ns, size FROM posts "
                "UNION ALL SELECT id, mtime_ns, size FROM skipped"
            ).fetchall()
        return {row[0]: Stamp(row[1], row[2]) for row in rows}

    def skipped(self) -> list[Skipped]:
        """Files that could not be read, with why (not the pages left out as non-posts)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, reason FROM skipped WHERE NOT left_out ORDER BY id"
            ).fetchall()
        return [Skipped(self.root / row[0], row[1]) for row in rows]

    def left_out(self) -> list[tuple[str, int]]:
        """Files left out as not posts, counted by kind (the largest count first)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT reason, COUNT(*) AS n FROM skipped WHERE left_out "
                "GROUP BY reason ORDER BY n DESC, reason"
            ).fetchall()
        return [(row[0], row[1]) for row in rows]

    # -- writing ------------------------------------------------------------

    def apply(
        self,
        posts: Iterable[tuple[Post, str, Stamp, frozenset[str]]],
        skipped: Iterable[tuple[str, str, Stamp, bool]],
        removed: Iterable[str],
        links: Iterable[LinkRecord] = (),
    ) -> None:
        """Record one sync's work in one transaction.

        ``posts`` holds (post, plain text, stamp, its words); ``skipped`` (id, reason,
        stamp, whether it was left out as not a post); ``links`` the names of the posts
        and redirect stubs among them.
        """
        post_rows: list[tuple[object, ...]] = []
        content_rows: list[tuple[object, ...]] = []
        counts: Counter[str] = Counter()
        for post, text, stamp, words in posts:
            post_rows.append(_post_row(post, stamp))
            content_rows.append(_content_row(post, text))
            counts.update(words)
        skip_rows = [(pid, reason, out, s.mtime_ns, s.size) for pid, reason, s, out in skipped]
        gone = [(pid,) for pid in removed]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                ids = [(row[0],) for row in post_rows] + [(row[0],) for row in skip_rows] + gone
                counts.subtract(self._old_words([str(pid) for (pid,) in ids]))
                self._db.executemany(
                    "INSERT INTO words VALUES (?, ?) "
                    "ON CONFLICT(word) DO UPDATE SET posts = posts + excluded.posts",
                    [(word, n) for word, n in counts.items() if n != 0],
                )
                self._db.execute("DELETE FROM words WHERE posts <= 0")
                self._db.executemany("DELETE FROM posts WHERE id = ?", ids)
                self._db.executemany("DELETE FROM content WHERE id = ?", ids)
                self._db.executemany("DELETE FROM skipped WHERE id = ?", ids)
                self._db.executemany(
                    "INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", post_rows
                )
                self._db.executemany("INSERT INTO content VALUES (?, ?, ?, ?)", content_rows)
                self._db.executemany("INSERT INTO skipped VALUES (?, ?, ?, ?, ?)", skip_rows)
                write_links(self._db, [str(pid) for (pid,) in ids], links)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _old_words(self, ids: list[str]) -> Counter[str]:
        """The words of the posts about to be replaced or removed (lock held)."""
        old: Counter[str] = Counter()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT posts.title, content.text FROM posts JOIN content USING (id) "
                f"WHERE id IN ({marks})",
                chunk,
            )
            for title, text in rows:
                old.update(post_words(title, text))
        return old

    # -- reading ------------------------------------------------------------

    def vocabulary(self) -> Vocabulary:
        """Every word the posts use, with how many posts use it."""
        with self._lock:
            rows = self._db.execute("SELECT word, posts FROM words").fetchall()
        return Vocabulary(rows)

    def infos(self) -> list[PostInfo]:
        """Every post, in archive order."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_INFO_COLUMNS} FROM posts {_ORDER}").fetchall()
        return [self._info(row) for row in rows]

    def infos_by_id(self, ids: list[str]) -> dict[str, PostInfo]:
        """The posts with these ids (those that exist), by id."""
        return {row[0]: self._info(row) for row in self._rows_by_id("posts", _INFO_COLUMNS, ids)}

    def facet_rows(
        self, ids: list[str] | None = None
    ) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str | None]]:
        """(id, tags, authors, ISO date) of the posts with these ids, or of every post."""
        if ids is None:
            with self._lock:
                rows = self._db.execute("SELECT id, tags, authors, date FROM posts").fetchall()
        else:
            rows = self._rows_by_id("posts", "id, tags, authors, date", ids)
        return [(pid, _names(tags), _names(authors), date) for pid, tags, authors, date in rows]

    def texts(self, ids: list[str]) -> dict[str, str]:
        """The plain text kept for snippets, by id."""
        return {row[0]: row[1] for row in self._rows_by_id("content", "id, text", ids)}

    def _rows_by_id(self, table: str, columns: str, ids: list[str]) -> list[tuple[Any, ...]]:
        """``columns`` (the first being ``id``) of ``table``'s rows with these ids."""
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(ids, 500):  # SQLite limits the parameters of one statement
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows += self._db.execute(
                    f"SELECT {columns} FROM {table} WHERE id IN ({marks})", chunk
                ).fetchall()
        return rows

    def post(self, post_id: str) -> Post | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_INFO_COLUMNS}, body, notes FROM posts JOIN content USING (id) "
                "WHERE id = ?",
                (post_id,),
            ).fetchone()
        if row is None:
            return None
        width = _INFO_WIDTH
        info = self._info(row[:width])
        return Post(info=info, body=row[width], notes=tuple(json.loads(row[width + 1])))

    def _info(self, row: tuple[Any, ...]) -> PostInfo:
        pid, title, kind, number, date, tags, url, summary, authors = row
        # Called for every post when the archive is listed: no parsing it can avoid.
        return PostInfo(
            id=pid,
            title=title,
            root=self.root,
            kind=_KINDS[kind],
            number=number,
            date=None if date is None else dt.date.fromisoformat(date),
            tags=tuple(tags.split(_TAG_SEPARATOR)) if tags else (),
            url=url,
            summary=summary,
            authors=tuple(authors.split(_TAG_SEPARATOR)) if authors else (),
        )


_KINDS = {kind.value: kind for kind in Kind}


def _names(joined: str) -> tuple[str, ...]:
    """Tags or authors as the posts table holds them (joined by ``_TAG_SEPARATOR``)."""
    return tuple(joined.split(_TAG_SEPARATOR)) if joined else ()


def _post_row(post: Post, stamp: Stamp) -> tuple[object, ...]:
    info = post.info
    return (
        info.id,
        info.title,
        info.kind.value,
        info.number,
        None if info.date is None else info.date.isoformat(),
        _TAG_SEPARATOR.join(info.tags),
        info.url,
        info.summary,
        _TAG_SEPARATOR.join(info.authors),
        info.id.split("/", 1)[0] if "/" in info.id else "",
        natural_key(info.title),
        stamp.mtime_ns,
        stamp.size,
    )


def _content_row(post: Post, text: str) -> tuple[object, ...]:
    notes = json.dumps(list(post.notes), ensure_ascii=False)
    return (post.info.id, post.body, kept_text(text), notes)


def post_words(title: str, text: str) -> frozenset[str]:
    """The words of a post that the catalog counts: its title's and its kept text's."""
    return words_of(title) | words_of(kept_text(text))


def kept_text(text: str) -> str:
    """The part of a post's plain text the catalog keeps (for snippets and its words)."""
    return text[:SNIPPET_TEXT_CHARS]


def natural_key(title: str) -> str:
    """A sort key for ``title`` that compares numbers as numbers: 1.7 < 1.10 < 1.70."""
    return _DIGITS.sub(lambda match: match[0].lstrip("0").rjust(20, "0"), title.casefold())


_DIGITS = re.compile(r"\d{1,20}")


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
