"""The catalog's tables for following links: the names of posts and redirect stubs.

Written at sync time with each post (in the same transaction), so resolving a
link is a few indexed lookups: no map of every post is built in memory, and
nothing waits for one.

- ``link_keys``: each key a post or a stub answers to (see :mod:`index.names`);
- ``redirects``: each redirect stub and where it leads;
- ``hosts``: the host of each post's own full address (``url: https://...``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from blog_reader.index.names import Key

LINK_SCHEMA = """
CREATE TABLE IF NOT EXISTS link_keys (key TEXT NOT NULL, id TEXT NOT NULL, rank INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS link_keys_by_key ON link_keys (key);
CREATE INDEX IF NOT EXISTS link_keys_by_id ON link_keys (id);
CREATE TABLE IF NOT EXISTS redirects (id TEXT PRIMARY KEY, target TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hosts (id TEXT NOT NULL, host TEXT NOT NULL, origin TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS hosts_by_id ON hosts (id);
CREATE INDEX IF NOT EXISTS hosts_by_host ON hosts (host);
"""

INFERRED_SITE_KEY = "site.inferred"
"""Catalog meta: the site address inferred from the posts' links ("" for none)."""


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """What the catalog keeps of one file for links: its keys, hosts, redirect target."""

    id: str
    keys: tuple[Key, ...]
    addresses: tuple[str, ...] = ()
    """The file's own full addresses (http/https), whose hosts are the site's."""
    redirect: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A file found by a key: the key, the file's id, the key's rank."""

    key: str
    id: str
    rank: int


def host_of(address: str) -> str | None:
    """The lower-cased host of an http(s) address, without ``www.``; None otherwise."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower().removeprefix("www.")


def origin_of(address: str) -> str | None:
    """``scheme://host`` of an http(s) address (host as written), or None."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def write_links(db: sqlite3.Connection, replaced: list[str], records: Iterable[LinkRecord]) -> None:
    """Replace the link rows of ``replaced`` ids with ``records`` (inside the caller's
    transaction)."""
    rows = [(pid,) for pid in replaced]
    db.executemany("DELETE FROM link_keys WHERE id = ?", rows)
    db.executemany("DELETE FROM redirects WHERE id = ?", rows)
    db.executemany("DELETE FROM hosts WHERE id = ?", rows)
    keys: list[tuple[str, str, int]] = []
    redirects: list[tuple[str, str]] = []
    hosts: list[tuple[str, str, str]] = []
    for record in records:
        keys += [(key.key, record.id, key.rank) for key in record.keys]
        if record.redirect is not None:
            redirects.append((record.id, record.redirect))
        for address in record.addresses:
            host, origin = host_of(address), origin_of(address)
            if host is not None and origin is not None:
                hosts.append((record.id, host, origin))
    db.executemany("INSERT INTO link_keys VALUES (?, ?, ?)", keys)
    db.executemany("INSERT INTO redirects VALUES (?, ?)", redirects)
    db.executemany("INSERT INTO hosts VALUES (?, ?, ?)", hosts)
    db.execute("DELETE FROM meta WHERE key = ?", (INFERRED_SITE_KEY,))


class LinkTables:
    """The catalog's queries for links (a base class of :class:`index.catalog.Catalog`)."""

    _db: sqlite3.Connection
    _lock: threading.Lock

    def find_keys(self, keys: list[str]) -> list[Found]:
        """The files known by any of ``keys``."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._db.execute(
                f"SELECT key, id, rank FROM link_keys WHERE key IN ({marks})", keys
            ).fetchall()
        return [Found(*row) for row in rows]

    def is_post(self, post_id: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT 1 FROM posts WHERE id = ?", (post_id,)).fetchone()
        return row is not None

    def redirect_of(self, file_id: str) -> str | None:
        """Where the redirect stub ``file_id`` leads, or None when it is not one."""
        with self._lock:
            row = self._db.execute(
                "SELECT target FROM redirects WHERE id = ?", (file_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def is_site_host(self, host: str) -> bool:
        """Whether a post's own full address is on ``host``."""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM hosts WHERE host = ? LIMIT 1", (host,)).fetchone()
        return row is not None

    def commonest_origin(self) -> str | None:
        """``scheme://host`` most posts' own addresses are on, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT origin FROM hosts GROUP BY origin ORDER BY count(*) DESC, origin LIMIT 1"
            ).fetchone()
        return None if row is None else str(row[0])

    def bodies(self) -> Iterable[tuple[str, str]]:
        """(id, body) of every post, smallest first, read a batch at a time."""
        with self._lock:
            ids = [
                str(row[0])
                for row in self._db.execute("SELECT id FROM posts ORDER BY size, id").fetchall()
            ]
        for start in range(0, len(ids), 200):
            chunk = ids[start : start + 200]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT id, body FROM content WHERE id IN ({marks})", chunk
                ).fetchall()
            by_id = {str(row[0]): str(row[1]) for row in rows}
            for pid in chunk:
                if pid in by_id:
                    yield pid, by_id[pid]
