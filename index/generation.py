"""One opened index, served to readers until a sync replaces it, then closed.

A generation is what one build of the index gives readers: the catalog (which
also answers link look-ups), and the Whoosh index and its search engine.
The archive serves one generation at a time. Each read leases the
generation it starts on and gives it back at its end; a sync (or a rebuild by
another process) swaps a new generation in and retires the old one, which is
closed as soon as its last reader has left.

Nothing is left for the garbage collector to close. The app freezes what it
holds after each sync (``gc.freeze()``), and a store or engine left to the
collector inside a reference cycle then stayed open until exit, with its
descriptors and memory maps of deleted index files: 9 descriptors and 3 maps
after 3 rebuilds, about 1 GB of deleted files pinned per rebuild at 100,000 posts.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from blog_reader.index.catalog import Catalog
from blog_reader.index.search import SearchEngine
from blog_reader.index.store import Store


class Generation:
    """An opened index (store and engine), leased by the reads that use it."""

    def __init__(self, store: Store, engine: SearchEngine) -> None:
        assert store.catalog is not None  # an opened store
        self.store = store
        self.catalog: Catalog = store.catalog
        self.engine = engine
        self.identity = data_identity(store.data)
        """The device and inode of the ``data/`` folder opened (None if unknown)."""
        self._lock = threading.Lock()
        self._readers = 0
        self._retired = False
        self.closed = False

    @classmethod
    def open(cls, folder: Path, corpus: Path, drafts: bool = False) -> Generation:
        """Open the index in ``folder``.

        Raises:
            IndexDamaged: when there is no usable index there (see ``Store.open``).
            Exception: whatever opening the searcher on damaged files raises.
        """
        store = Store(folder, corpus, drafts)
        store.open()
        try:
            assert store.catalog is not None
            return cls(store, SearchEngine(store.ix, store.catalog))
        except BaseException:
            store.close()
            raise

    def lease(self) -> bool:
        """Count one more reader in; False when the generation is already closed."""
        with self._lock:
            if self.closed:
                return False
            self._readers += 1
            return True

    def release(self) -> None:
        """One reader has left; the last one out of a retired generation closes it."""
        with self._lock:
            self._readers -= 1
            last = self._retired and self._readers == 0 and not self.closed
            self.closed = self.closed or last
        if last:
            self._close()

    def retire(self) -> None:
        """No new reader will come (a newer generation is served): close it once the
        readers inside it have left, or now if there are none."""
        with self._lock:
            self._retired = True
            now = self._readers == 0 and not self.closed
            self.closed = self.closed or now
        if now:
            self._close()

    def _close(self) -> None:
        with contextlib.suppress(Exception):  # the searcher of a damaged index
            self.engine.close()
        self.store.close()


def data_identity(data: Path) -> tuple[int, int] | None:
    """The device and inode of ``data`` (None when it cannot be read): a rebuild
    swapped in by another process gives ``data/`` another inode."""
    try:
        found = os.stat(data)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)
