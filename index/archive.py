"""The archive: the one object the app and the CLI talk to.

Open it on a corpus folder (and optionally an index folder), ``sync()`` it,
then list, show and search. Everything it returns is plain frozen data.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

from index.links import LinkMap
from index.model import Post, PostInfo, SearchResult, Span, SyncReport
from index.paths import default_index_dir
from index.search import SearchEngine
from index.store import IndexDamaged, Store
from index.sync import ProgressFn, sync


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
            if self._engine is not None:
                self._engine.close()
            self._store.close()
            self._engine = None

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
        """Bring the index up to date with the corpus (blocking: run it off the UI thread)."""
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            try:
                report = sync(self._store, progress, rebuild=rebuild)
            finally:
                self._reopen()
            return report

    def posts(self) -> list[PostInfo]:
        """Every post in archive order: dated posts newest first, then by series number."""
        catalog = self._store.catalog
        return [] if catalog is None else catalog.infos()

    def get(self, post_id: str) -> Post:
        """One post with its Markdown body; raises :class:`PostNotFound`."""
        catalog = self._store.catalog
        post = None if catalog is None else catalog.post(post_id)
        if post is None:
            raise PostNotFound(post_id)
        return post

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Ranked hits for ``query``; never raises on query syntax."""
        engine = self._engine
        if engine is None:
            return SearchResult(query=query, total=0)
        return engine.search(query, limit)

    def find_matches(self, text: str, query: str) -> tuple[Span, ...]:
        """Where in ``text`` the words ``query`` looks for stand (stems included)."""
        engine = self._engine
        return () if engine is None else engine.find_matches(text, query)

    def resolve_link(self, href: str, from_id: str | None = None) -> str | None:
        """The id of the post ``href`` points to, or None when it leads outside the archive."""
        links = self._links
        if links is None:
            catalog = self._store.catalog
            if catalog is None:
                return None
            links = self._links = LinkMap(catalog.urls(), (p.id for p in catalog.infos()))
        return links.resolve(href, from_id)

    def _reopen(self) -> None:
        self._links = None
        try:
            self._store.open()
        except IndexDamaged:
            return
        assert self._store.catalog is not None
        self._engine = SearchEngine(self._store.ix, self._store.catalog)
