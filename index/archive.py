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

from blog_reader.index.catalog import Catalog
from blog_reader.index.links import LinkMap
from blog_reader.index.model import Post, PostInfo, SearchResult, Span, SyncCancelled, SyncReport
from blog_reader.index.ordering import Order
from blog_reader.index.paths import default_index_dir
from blog_reader.index.search import SearchEngine
from blog_reader.index.store import IndexDamaged, Store, damage_reason
from blog_reader.index.sync import ProgressFn, sync

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
        self._sync_lock = threading.Lock()
        self._temporary: Path | None = None
        self._syncing = False
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
        # The sync writes through a Store of its own, while reads (the app opening
        # a post, listing the archive) go on being served from the current one;
        # when it ends, a fresh reading store takes over. Closing the served
        # store first made every read that raced the sync come back empty.
        with self._sync_lock:
            work = Store(self._store.folder, self.corpus)
            self._syncing = True
            try:
                return self._sync(work, progress, rebuild)
            finally:
                work.close()
                self._serve(work.folder)
                self._syncing = False

    def _sync(self, work: Store, progress: ProgressFn | None, rebuild: bool) -> SyncReport:
        messages: list[str] = []
        try:
            try:
                report = sync(work, progress, rebuild=rebuild)
            except SyncCancelled:
                raise  # asked for by the caller: not damage, not a full disk
            except Exception as error:
                if rebuild or _cannot_write(error, work.folder):
                    raise
                # The catalog or Whoosh failed to read their own files mid-update.
                messages.append(f"Index rebuilt: {damage_reason(error)}.")
                report = sync(work, progress, rebuild=True)
        except Exception as error:
            if not _cannot_write(error, work.folder):
                raise
            messages.append(
                f"Cannot write the index in {work.folder} ({damage_reason(error)}); "
                "using a temporary index, removed at exit."
            )
            work.close()
            work.folder = self._temporary_folder()
            report = sync(work, progress, rebuild=True)
        return dataclasses.replace(report, messages=(*messages, *report.messages))

    def _temporary_folder(self) -> Path:
        """A new folder for a temporary index, removed at close (or exit)."""
        folder = Path(tempfile.mkdtemp(prefix="blog-reader-index-"))
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
        self._temporary = folder
        weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        return folder

    def posts(self) -> list[PostInfo]:
        """Every post in archive order: dated posts newest first, then by series number."""
        return self._reading(lambda _, catalog: catalog.infos(), [], engine=False)

    def get(self, post_id: str) -> Post:
        """One post with its Markdown body; raises :class:`PostNotFound`."""
        post = self._reading(lambda _, catalog: catalog.post(post_id), None, engine=False)
        if post is None:
            raise PostNotFound(post_id)
        return post

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        order: Order = Order.RELEVANCE,
        prefix_last: bool = False,
        correct: bool = True,
    ) -> SearchResult:
        """Ranked hits for ``query``; never raises on query syntax (see
        ``SearchEngine.search`` for the options)."""
        empty = SearchResult(query=query, total=0)
        return self._reading(
            lambda engine, _: _engine(engine).search(
                query, limit, order=order, prefix_last=prefix_last, correct=correct
            ),
            empty,
        )

    def find_matches(self, text: str, query: str) -> tuple[Span, ...]:
        """Where in ``text`` the words ``query`` looks for stand (stems included)."""
        return self._reading(lambda engine, _: _engine(engine).find_matches(text, query), ())

    def resolve_link(self, href: str, from_id: str | None = None) -> str | None:
        """The id of the post ``href`` points to, or None when it leads outside the archive."""
        self._follow_a_rebuild()
        links = self._links
        if links is None:
            links = self._links = self._reading(_link_map, None, engine=False)
            if links is None:
                return None
        return links.resolve(href, from_id)

    def _reading(
        self,
        read: Callable[[SearchEngine | None, Catalog], _T],
        otherwise: _T,
        engine: bool = True,
    ) -> _T:
        """``read(engine, catalog)`` of the index being served, or ``otherwise``
        (when there is none, or no search engine and ``engine`` is needed).

        If the read fails, the index's files are damaged: note it, stop serving
        the index, and return ``otherwise``. A query's syntax never fails (it
        falls back to its words), so a failure here comes from Whoosh or SQLite
        reading files they could not make sense of. They fail in every way
        (EOFError, struct.error, zlib.error, UnpicklingError, KeyError,
        sqlite3.DatabaseError, even a bare Exception), so any error counts;
        unless the index was reopened under the read (a sync in another thread
        closes and swaps its files as it goes; another process may swap in a
        rebuild): then the read is done again on what is served now.
        """
        for attempt in range(2):
            self._follow_a_rebuild()
            searcher, catalog = self._engine, self._store.catalog
            if catalog is None or self.damage is not None or (engine and searcher is None):
                return otherwise
            try:
                return read(searcher, catalog)
            except Exception as error:
                stale = searcher is not self._engine or catalog is not self._store.catalog
                if attempt == 0 and (stale or self._store.replaced()):
                    continue  # reopened meanwhile (by a sync here, or to follow one)
                if self._syncing or stale:
                    return otherwise
                with self._lock:
                    self.damage = damage_reason(error)
                    self._store.mark_damaged(self.damage)
                    self._engine = None  # not closed: another thread may be inside it
        return otherwise

    def _follow_a_rebuild(self) -> None:
        """Serve the index another process rebuilt and swapped in since this one opened.

        Whoosh's searcher follows its folder to the new index's files but not
        well (reads then fail with TypeError), and the catalog would stay the
        old one: both are opened afresh. The old ones are left to be collected,
        not closed: another thread may be reading them.
        """
        if not self._store.replaced():
            return
        with self._lock:
            if not self._store.replaced():
                return
            store = Store(self._store.folder, self.corpus)
            try:
                store.open()
                assert store.catalog is not None
                engine = SearchEngine(store.ix, store.catalog)
            except Exception:  # half swapped, or damaged: the next sync sees to it
                store.close()
                return
            self._store, self._engine, self._links, self.damage = store, engine, None, None

    def _drop_engine(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            with contextlib.suppress(Exception):  # the searcher of a damaged index
                engine.close()

    def _reopen(self) -> None:
        self._serve(self._store.folder)

    def _serve(self, folder: Path) -> None:
        """Open the index in ``folder`` afresh and serve it.

        The store and engine served before are not closed: a reader in another
        thread may be inside them; they are closed when collected.
        """
        store = Store(folder, self.corpus)
        engine = None
        try:
            store.open()
            assert store.catalog is not None
            engine = SearchEngine(store.ix, store.catalog)
        except IndexDamaged:
            store.close()
        except Exception as error:  # opening the searcher on damaged files
            store.close()
            store.mark_damaged(damage_reason(error))
        with self._lock:
            self._store, self._engine, self._links, self.damage = store, engine, None, None


def _engine(engine: SearchEngine | None) -> SearchEngine:
    assert engine is not None  # _reading hands over one when asked
    return engine


def _link_map(_: SearchEngine | None, catalog: Catalog) -> LinkMap:
    return LinkMap(catalog.urls(), (info.id for info in catalog.infos()))


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
