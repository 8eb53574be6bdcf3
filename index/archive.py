"""The archive: the one object the app and the CLI talk to.

Open it on a corpus folder (and optionally an index folder), ``sync()`` it,
then list, show and search. Everything it returns is plain frozen data. The
index is served as a :class:`~index.generation.Generation`, swapped whole by
each sync and closed when the last read inside it ends (:mod:`index.serving`:
the leases, and what a failed read means).

Faults are mended here, not passed on:
- an index found damaged while reading (Whoosh or SQLite failing on their own
  files, see :mod:`index.faults`) is no longer served; :attr:`Archive.damage`
  says why, and the next sync (of any process) rebuilds it;
- any other failure of a read is a bug: logged with its traceback and raised
  as :class:`IndexBug`, never taken for damage;
- damage found by an update rebuilds the index at once;
- an index folder that cannot be written (read-only, full, not a folder) gives
  way to a temporary index, removed when the archive is closed.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from blog_reader.index.catalog import Catalog
from blog_reader.index.facets import archive_facets
from blog_reader.index.faults import is_damage
from blog_reader.index.following import SiteFinder
from blog_reader.index.generation import Generation
from blog_reader.index.links import (
    Link,
    LinkResolver,
    LinkTarget,
    ResolvedLink,
    address_of,
    find_links,
    links_of,
)
from blog_reader.index.model import (
    Facets,
    Hit,
    Post,
    PostInfo,
    SearchResult,
    Span,
    SyncCancelled,
    SyncReport,
)
from blog_reader.index.ordering import Order
from blog_reader.index.paths import default_index_dir
from blog_reader.index.serving import Serving
from blog_reader.index.site import Site
from blog_reader.index.store import Store, damage_reason
from blog_reader.index.sync import ProgressFn, sync

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


class Archive(Serving):
    """A corpus of posts and its index."""

    def __init__(
        self, corpus: Path, index_dir: Path, site: str | None = None, drafts: bool = False
    ) -> None:
        self.corpus = corpus
        self.index_dir = index_dir
        self.drafts = drafts
        """Whether drafts are posts of this archive (an index built otherwise is rebuilt)."""
        self.folder = index_dir
        """Where the index is: ``index_dir``, or a temporary folder when that
        cannot be written."""
        self._current: Generation | None = None
        self.sites = SiteFinder(corpus, site)
        self._site: Site | None = None
        """The site address of the index served, once found (reset with each index)."""
        self._identity: tuple[int, int] | None = None
        """The ``data/`` folder last served (see ``_replaced``), kept after damage."""
        self._lock = threading.RLock()
        self._sync_lock = threading.Lock()
        self._temporary: Path | None = None
        self._syncing = False
        self.damage: str | None = None
        """Why the index was found damaged since the last sync (it is then not
        served: searches and lists are empty until a sync rebuilds it), or None."""

    @classmethod
    def open(
        cls,
        corpus: Path,
        index_dir: Path | None = None,
        site: str | None = None,
        drafts: bool = False,
    ) -> Archive:
        """Open the archive of ``corpus``; cheap: reads the existing index, if any, but
        does not sync it. Raises :class:`CorpusError` when ``corpus`` is not a folder.

        ``site`` is the blog's own address (``--site``), when the user gives it.
        Drafts are posts of the archive only when ``drafts`` is true."""
        root = Path(corpus).expanduser()
        if not root.exists():
            raise CorpusError(f"{root}: no such folder")
        if not root.is_dir():
            raise CorpusError(f"{root}: not a folder")
        root = root.resolve()
        folder = Path(index_dir) if index_dir else default_index_dir(root)
        archive = cls(root, folder, site, drafts)
        archive._serve(archive.folder)
        return archive

    def close(self) -> None:
        """Stop serving the index: it is closed once the reads inside it end."""
        self._swap(None)
        with self._lock:
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
        return self._current is not None

    def sync(self, progress: ProgressFn | None = None, rebuild: bool = False) -> SyncReport:
        """Bring the index up to date with the corpus (blocking: run it off the UI thread).

        Damage the update runs into makes it a rebuild; an index folder that
        cannot be written makes it a build of a temporary index. Either is said
        in the report's messages. A bug is raised as it is.
        """
        # The sync writes through a Store of its own, while reads (the app opening
        # a post, listing the archive) go on being served from the current
        # generation; when it ends, a fresh generation takes over and the old one
        # is closed once its last read ends. Closing the served store first made
        # every read that raced the sync come back empty.
        with self._sync_lock:
            work = Store(self.folder, self.corpus, self.drafts)
            self._syncing = True
            try:
                return self._sync(work, progress, rebuild)
            finally:
                work.close()
                try:
                    self._serve(work.folder)
                finally:
                    self._syncing = False

    def _sync(self, work: Store, progress: ProgressFn | None, rebuild: bool) -> SyncReport:
        messages: list[str] = []
        try:
            try:
                report = sync(work, progress, rebuild=rebuild)
            except SyncCancelled:
                raise  # asked for by the caller: not damage, not a full disk
            except Exception as error:
                if rebuild or _cannot_write(error, work.folder) or not is_damage(error):
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
        return self._reading("listing the posts", lambda now: now.catalog.infos(), [])

    def get(self, post_id: str) -> Post:
        """One post with its Markdown body; raises :class:`PostNotFound`."""
        post = self._reading("opening a post", lambda now: now.catalog.post(post_id), None)
        if post is None:
            raise PostNotFound(post_id)
        site = self._site
        if site is None:
            site = self._site = self._reading(
                "finding the site's address", lambda now: self.sites.settled(now.catalog), None
            )
        url = address_of(post.info.id, post.info.url, site)
        if url == post.info.url:
            return post
        return dataclasses.replace(post, info=dataclasses.replace(post.info, url=url))

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        order: Order = Order.RELEVANCE,
        prefix_last: bool = False,
        correct: bool = True,
        facets: bool = False,
    ) -> SearchResult:
        """Ranked hits for ``query``; never raises on query syntax (see
        ``SearchEngine.search`` for the options)."""
        empty = SearchResult(query=query, total=0, facets=Facets() if facets else None)
        return self._reading(
            "searching",
            lambda now: now.engine.search(
                query, limit, order=order, prefix_last=prefix_last, correct=correct, facets=facets
            ),
            empty,
        )

    def facets(self, query: str | None = None, *, prefix_last: bool = False) -> Facets:
        """Each tag, author and year with how many posts carry it: of the posts
        ``query`` matches (as searched, without correction; ``prefix_last`` as for
        :meth:`search`), or of the whole archive when ``query`` is None."""
        if query is None:
            return self._reading("counting tags", lambda now: archive_facets(now.catalog), Facets())
        return self._reading(
            "counting tags",
            lambda now: now.engine.facets(query, prefix_last=prefix_last),
            Facets(),
        )

    def related(self, post_id: str, limit: int = 5, *, snippets: bool = True) -> tuple[Hit, ...]:
        """The ``limit`` posts most like ``post_id``, best first (Whoosh's
        more-like-this over its text, titles weighted: see ``index.related``);
        without ``snippets``, their snippets are left empty (faster).

        Raises :class:`PostNotFound` for an unknown id. Blocking: not on the UI thread.
        """
        nothing: tuple[Hit, ...] | None = ()
        found = self._reading(
            "finding related posts",
            lambda now: now.engine.related(post_id, limit, snippets=snippets),
            nothing,
        )
        if found is None:
            raise PostNotFound(post_id)
        return found

    def find_matches(self, text: str, query: str) -> tuple[Span, ...]:
        """Where in ``text`` the words ``query`` looks for stand (stems included).

        Never waits for a search running in another thread.
        """
        return self._reading(
            "marking matches", lambda now: now.engine.find_matches(text, query), ()
        )

    def warm_up(self, keep_going: Callable[[], bool] = lambda: True) -> None:
        """Read what the first searches need before anyone types (blocking: not on
        the UI thread; it stops early once ``keep_going()`` is false; see
        ``SearchEngine.warm_up``)."""
        self._reading("getting ready to search", lambda now: now.engine.warm_up(keep_going), None)

    def site(self, hrefs: Iterable[str] | None = None) -> Site | None:
        """The blog's own address (see :mod:`index.site`), or None when nothing gives it.

        The first call may read posts' links to infer it (or ``hrefs``, every link of
        the archive, when given): not on the UI thread.
        """
        site = self._site
        if site is None:
            site = self._site = self._reading(
                "finding the site's address", lambda now: self.sites.find(now.catalog, hrefs), None
            )
        return site

    def resolve_link(self, href: str, from_id: str | None = None) -> LinkTarget | None:
        """Where ``href`` (a link of the post ``from_id``) leads: a post of the archive
        and a heading's fragment, or None when it leads outside the archive."""
        site = self.site()
        return self._reading(
            "following a link",
            lambda now: self._resolver(now.catalog, site).resolve(href, from_id),
            None,
        )

    def links(self, post_id: str | None = None) -> list[ResolvedLink]:
        """Every link of the post ``post_id`` (of every post when None), with where it
        leads. Raises :class:`PostNotFound` for an unknown id."""
        if post_id is not None:
            return self.resolve_links(post_id, find_links(self.get(post_id).body))
        nothing: list[tuple[str, Link]] = []
        found = self._reading("listing links", lambda now: links_of(now.catalog.bodies()), nothing)
        return self._resolved(
            found, self.site(link.href for _, link in found if "://" in link.href)
        )

    def resolve_links(self, post_id: str, links: Iterable[Link]) -> list[ResolvedLink]:
        """Where each of ``links``, found in the post ``post_id`` (by the app's reader,
        which has parsed it already), leads."""
        return self._resolved([(post_id, link) for link in links], self.site())

    def _resolved(self, found: list[tuple[str, Link]], site: Site | None) -> list[ResolvedLink]:
        def read(now: Generation) -> list[ResolvedLink]:
            resolver = self._resolver(now.catalog, site)
            return [
                ResolvedLink(pid, link.text, link.href, resolver.resolve(link.href, pid))
                for pid, link in found
            ]

        return self._reading("listing links", read, [])

    def _resolver(self, catalog: Catalog, site: Site | None) -> LinkResolver:
        return LinkResolver(catalog, site, frozenset({self.corpus.name.lower()}))


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
