"""The on-disk index of one corpus: layout, opening, version checks, locking.

Layout of an index folder::

    lock               held while a process writes (flock)
    data/whoosh/       the Whoosh index
    data/catalog.sqlite

A full build is written into ``build-*/`` beside ``data/`` and swapped in by
renames, so a process killed mid-build leaves the old index (or none) behind,
never half of one. Damage found while reading (a search that fails in Whoosh's
files, say) is written down in ``damaged``, so that the next sync of any
process rebuilds.

The index folder is the user's own cache (or a folder they named with
``--index-dir``), written only by blog-reader: Whoosh's table of contents is a
pickle, and opening an index unpickles it, so never open an index folder that
someone else could have written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index.catalog import Catalog
from blog_reader.index.faults import IndexDamaged, is_damage
from blog_reader.index.schema import SCHEMA_VERSION, STEMMER, make_schema

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FORMAT_KEY = "format"
ROOT_KEY = "corpus"
FORMAT = f"blog-reader/{SCHEMA_VERSION} ({STEMMER})"


_MAX_REASON_CHARS = 200


def damage_reason(error: BaseException) -> str:
    """A short one-line account of ``error`` for a message to the user."""
    kind = type(error)
    package = kind.__module__.split(".")[0].lstrip("_")  # "_pickle" -> "pickle"
    name = kind.__name__ if package == "builtins" else f"{package}.{kind.__name__}"
    text = " ".join(f"{name}: {error}".split())
    return text if len(text) <= _MAX_REASON_CHARS else text[: _MAX_REASON_CHARS - 1] + "…"


DRAFTS_KEY = "drafts"


def _drafts_value(drafts: bool) -> str:
    return "included" if drafts else "left out"


class Store:
    """An opened index: the Whoosh index and the catalog, both of one version."""

    def __init__(self, folder: Path, root: Path, drafts: bool = False) -> None:
        self.folder = folder
        self.root = root
        self.drafts = drafts
        """Whether drafts are indexed as posts (an index built otherwise is rebuilt)."""
        self.ix: Any = None
        self.catalog: Catalog | None = None
        self._opened: tuple[int, int] | None = None
        """The device and inode of the ``data/`` folder opened."""

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def damage_note(self) -> Path:
        return self.folder / "damaged"

    def open(self) -> None:
        """Open ``data/``; raise IndexDamaged when missing, foreign or unreadable."""
        self.close()
        data = self.data
        if not (data / "catalog.sqlite").is_file():
            raise IndexDamaged("no index yet")
        try:
            noted = self.damage_note.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
        else:
            raise IndexDamaged(" ".join(noted.split()) or "found damaged")
        catalog = None
        try:
            catalog = Catalog(data / "catalog.sqlite", self.root)
            found = catalog.get_meta(FORMAT_KEY)
            if found != FORMAT:
                raise IndexDamaged(f"index format {found} is not {FORMAT}")
            if catalog.get_meta(DRAFTS_KEY) != _drafts_value(self.drafts):
                raise IndexDamaged(f"drafts are now {_drafts_value(self.drafts)}")
            if not whoosh_index.exists_in(str(data / "whoosh")):
                raise IndexDamaged("the Whoosh index is missing")
            # Unpickles the table of contents: see the module's docstring.
            ix = whoosh_index.open_dir(str(data / "whoosh"))
            if set(ix.schema.names()) != set(make_schema().names()):
                raise IndexDamaged("the index schema differs from this version's")
            # Opening a reader opens every segment's files and reads their
            # directories: a segment deleted, truncated or overwritten shows here.
            ix.reader().close()
        except IndexDamaged:
            if catalog is not None:
                catalog.close()
            raise
        except Exception as error:  # sqlite3, pickle, EOF, struct, OS errors from damaged files
            if catalog is not None:
                catalog.close()
            if not is_damage(error):
                raise  # a bug: rebuilding would not mend it
            raise IndexDamaged(damage_reason(error)) from error
        self.ix, self.catalog = ix, catalog
        with contextlib.suppress(OSError):
            found_at = os.stat(data)
            self._opened = (found_at.st_dev, found_at.st_ino)

    def replaced(self) -> bool:
        """Whether ``data/`` is now another folder than the one opened: a rebuild
        swapped in (by another process) since. False while there is none at all
        (between the two renames of a swap)."""
        if self._opened is None:
            return False
        try:
            found_at = os.stat(self.data)
        except OSError:
            return False
        return (found_at.st_dev, found_at.st_ino) != self._opened

    def mark_damaged(self, reason: str) -> None:
        """Write down that the index was found damaged: the next sync rebuilds it.

        Best effort: a folder that cannot be written is left as it is.
        """
        try:
            note = self.folder / f"damaged-{os.getpid()}"
            note.write_text(reason + "\n", encoding="utf-8")
            os.replace(note, self.damage_note)
        except OSError:
            pass

    def close(self) -> None:
        if self.catalog is not None:
            self.catalog.close()
        if self.ix is not None:
            self.ix.close()
        self.ix = self.catalog = None
        self._opened = None

    @contextlib.contextmanager
    def building(self) -> Iterator[tuple[Any, Catalog]]:
        """A fresh, empty index in a scratch folder, swapped in when the block ends well."""
        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="build-", dir=self.folder))
        catalog = None
        try:
            (scratch / "whoosh").mkdir()
            ix = whoosh_index.create_in(str(scratch / "whoosh"), make_schema())
            catalog = Catalog(scratch / "catalog.sqlite", self.root)
            catalog.set_meta(ROOT_KEY, str(self.root))
            yield ix, catalog
            catalog.set_meta(FORMAT_KEY, FORMAT)
            catalog.set_meta(DRAFTS_KEY, _drafts_value(self.drafts))
            catalog.close()
            ix.close()
            catalog = None
            self.close()
            self._swap_in(scratch)
        finally:
            if catalog is not None:
                catalog.close()
            shutil.rmtree(scratch, ignore_errors=True)
        self.open()

    def _swap_in(self, scratch: Path) -> None:
        old = self.folder / f"old-{os.getpid()}"
        if os.path.lexists(self.data):
            os.replace(self.data, old)
        os.replace(scratch, self.data)
        _remove(self.damage_note)
        _remove(old)

    def clear_leftovers(self) -> None:
        """Remove scratch folders left by a build that was killed."""
        for pattern in ("build-*", "old-*", "damaged-*"):
            for child in self.folder.glob(pattern):
                _remove(child)


def _remove(path: Path) -> None:
    """Remove a folder or a file (``data`` may be a file in a damaged cache), if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def write_lock(folder: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the index's write lock; if another process holds it, say so and wait.

    The lock is this process's alone: a child it forks (a build worker) does not
    hold it, so the lock goes when this process ends, even by ``kill -9``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+b") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(handle, fcntl.LOCK_EX)
        _watch_forks()
        _held_locks.add(handle.fileno())
        try:
            yield
        finally:
            _held_locks.discard(handle.fileno())
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


# A flock belongs to the open file, which a forked child shares: build workers
# forked while the lock is held kept it after their parent was killed, and (idle,
# waiting for work that never came) made every later sync wait forever. A forked
# child therefore points its copies of held lock descriptors at /dev/null: the
# parent's lock is untouched (unlocking in the child would release it for both).
_held_locks: set[int] = set()


def _drop_locks_in_child() -> None:
    if not _held_locks:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _held_locks:
            with contextlib.suppress(OSError):
                os.dup2(null, fd)
    finally:
        os.close(null)
    _held_locks.clear()


_fork_hook: list[bool] = []


def _watch_forks() -> None:
    """Register :func:`_drop_locks_in_child` once (at the first lock, not at import)."""
    if not _fork_hook and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_drop_locks_in_child)
        _fork_hook.append(True)
