"""The archive: the one object the app and the CLI talk to.

Open it on a corpus folder (and optionally an index folder), ``sync()`` it,
then list, show and search. Everything it returns is plain frozen data.

Faults are mended here, not passed on:
- an index found damaged while reading (Whoosh or SQLite failing on its own
  files) is no longer served; :attr:`Archive.damage` says why, and the next
  sync (of any process) rebuilds it;
- damage found by an update rebuilds the index at once;
- an index folder that cannot be written (read-only, full, not a folder) gives
  way to a temporary index, removed when the archive is closed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from index.links import LinkMap
from index.model import Post, PostInfo, SearchResult, Span, SyncReport
from index.paths import default_index_dir
from index.search import SearchEngine
from index.store import IndexDamaged, Store, damage_reason
from index.sync import ProgressFn, sync

_T = TypeVar("_T")

# Errors that mean "this folder cannot be written", not "this index is damaged":
# always (the corpus is only ever read)...
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})
# ...or when they name a path of the index (reading the corpus may meet these too).
_PATH_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST})
_SQLITE_WRITE_ERRORS = ("readonly", "disk is full", "unable to open database file")


class PostNotFound(KeyError):
    """No post has that id in this archive."""


class CorpusError(Exception):
    """The corpus folder cannot be used (missing, not a folder, unreadable)."""


class Archive:
    """A corpus of posts and its index."""

    def __init__(self, corpus: Path, index_dir: Path) -> None:
        self.corpus = corpus
        self.index_dir = index_dir
        self._store = Store(index_dir, corpus)
        self._engine: SearchEngine | None = None
        self._links: LinkMap | None = None
        self._lock = threading.RLock()
        self._temporary: Path | None = None
        self.damage: str | None = None
        """Why the index was found damaged since the last sync (it is then not
        served: searches and lists are empty until a sync rebuilds it), or None."""

    @classmethod
    def open(cls, corpus: Path, index_dir: Path | None = None) -> Archive:
        """Open the archive of ``corpus``; cheap: reads the existing index, if any, but
        does not sync it. Raises :class:`CorpusError` when ``corpus`` is not a folder."""
        root = Path(corpus).expanduser()
        if not root.exists():
            raise CorpusError(f"{root}: no such folder")
        if not root.is_dir():
            raise CorpusError(f"{root}: not a folder")
        root = root.resolve()
        archive = cls(root, Path(index_dir) if index_dir else default_index_dir(root))
        archive._reopen()
        return archive

    def close(self) -> None:
        with self._lock:
            self._drop_engine()
            self._store.close()
            if self._temporary is not None:
                shutil.rmtree(self._temporary, ignore_errors=True)

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def ready(self) -> bool:
        """True when an index is open (after a sync, or one left by an earlier run)."""
        return self._engine is not None

    def sync(self, progress: ProgressFn | None = None, rebuild: bool = False) -> SyncReport:
        """Bring the index up to date with the corpus (blocking: run it off the UI thread).

        Damage the update runs into makes it a rebuild; an index folder that
        cannot be written makes it a build of a temporary index. Either is said
        in the report's messages.
        """
        with self._lock:
            self._drop_engine()
            try:
                return self._sync(progress, rebuild)
            finally:
                self._reopen()

    def _sync(self, progress: ProgressFn | None, rebuild: bool) -> SyncReport:
        messages: list[str] = []
        try:
            try:
                report = sync(self._store, progress, rebuild=rebuild)
            except Exception as error:
                if rebuild or _cannot_write(error, self._store.folder):
                    raise
                # The catalog or Whoosh failed to read their own files mid-update.
                messages.append(f"Index rebuilt: {damage_reason(error)}.")
                report = sync(self._store, progress, rebuild=True)
        except Exception as error:
            if not _cannot_write(error, self._store.folder):
                raise
            messages.append(
                f"Cannot write the index in {self._store.folder} ({damage_reason(error)}); "
                "using a temporary index, removed at exit."
            )
            report = sync(self._temporary_store(), progress, rebuild=True)
        return dataclasses.replace(report, messages=(*messages, *report.messages))

    def _temporary_store(self) -> Store:
        """Switch to a new index in a temporary folder, removed at close (or exit)."""
        self._store.close()
        folder = Path(tempfile.mkdtemp(prefix="blog-reader-index-"))
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
        self._temporary = folder
        weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        self._store = Store(folder, self.corpus)
        return self._store

    def posts(self) -> list[PostInfo]:
        """Every post in archive order: dated posts newest first, then by series number."""
        catalog = self._store.catalog
        if catalog is None or self.damage is not None:
            return []
        return self._reading(catalog.infos, [])

    def get(self, post_id: str) -> Post:
        """One post with its Markdown body; raises :class:`PostNotFound`."""
        catalog = self._store.catalog
        post = None
        if catalog is not None and self.damage is None:
            post = self._reading(lambda: catalog.post(post_id), None)
        if post is None:
            raise PostNotFound(post_id)
        return post

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Ranked hits for ``query``; never raises on query syntax."""
        engine = self._engine
        empty = SearchResult(query=query, total=0)
        if engine is None:
            return empty
        return self._reading(lambda: engine.search(query, limit), empty)

    def find_matches(self, text: str, query: str) -> tuple[Span, ...]:
        """Where in ``text`` the words ``query`` looks for stand (stems included)."""
        engine = self._engine
        if engine is None:
            return ()
        return self._reading(lambda: engine.find_matches(text, query), ())

    def resolve_link(self, href: str, from_id: str | None = None) -> str | None:
        """The id of the post ``href`` points to, or None when it leads outside the archive."""
        links = self._links
        if links is None:
            catalog = self._store.catalog
            if catalog is None or self.damage is not None:
                return None
            made = self._reading(
                lambda: LinkMap(catalog.urls(), (p.id for p in catalog.infos())), None
            )
            if made is None:
                return None
            links = self._links = made
        return links.resolve(href, from_id)

    def _reading(self, read: Callable[[], _T], otherwise: _T) -> _T:
        """``read()``; if it fails, the index's files are damaged: note it, stop
        serving the index, and return ``otherwise``.

        A query's syntax never fails (it falls back to its words) and a post's
        text was made safe when read, so a failure here comes from Whoosh or
        SQLite reading files they could not make sense of. They fail in every
        way (EOFError, struct.error, zlib.error, UnpicklingError, KeyError,
        sqlite3.DatabaseError, even a bare Exception), so any error counts.
        """
        try:
            return read()
        except Exception as error:
            with self._lock:
                self.damage = damage_reason(error)
                self._store.mark_damaged(self.damage)
                self._engine = None  # not closed: another thread may be inside it
            return otherwise

    def _drop_engine(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            with contextlib.suppress(Exception):  # the searcher of a damaged index
                engine.close()

    def _reopen(self) -> None:
        self._links = None
        self.damage = None
        try:
            self._store.open()
            assert self._store.catalog is not None
            self._engine = SearchEngine(self._store.ix, self._store.catalog)
        except IndexDamaged:
            self._store.close()
        except Exception as error:  # opening the searcher on damaged files
            self._store.close()
            self._store.mark_damaged(damage_reason(error))


def _cannot_write(error: Exception, folder: Path) -> bool:
    """Whether ``error`` says the index folder cannot be written (rather than damage)."""
    if isinstance(error, sqlite3.OperationalError):
        return any(words in str(error) for words in _SQLITE_WRITE_ERRORS)
    if not isinstance(error, OSError):
        return False
    if error.errno in _WRITE_ERRNOS:
        return True
    if error.errno not in _PATH_ERRNOS:
        return False
    where = None if error.filename is None else os.fspath(error.filename)
    if not isinstance(where, str) or not os.path.isabs(where):
        return True  # Whoosh names files relative to its folder
    # The folder or a file in it, or a parent that is not a folder (ENOTDIR).
    return (
        where == str(folder)
        or where.startswith(str(folder) + os.sep)
        or str(folder).startswith(where + os.sep)
    )
