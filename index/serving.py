"""Serving one generation of the index at a time, safely (a base of :class:`Archive`).

Each read leases the generation served now; a sync here, or a rebuild by another
process, swaps in a new one, and the old one is closed when its last read ends.
A read that fails is done again when the index moved under it, marks the index
damaged when the storage failed on its own files (see :mod:`index.faults`), and is
raised as :class:`IndexBug` otherwise: a bug is logged, never taken for damage.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from blog_reader.index.faults import IndexBug, IndexDamaged, is_damage
from blog_reader.index.generation import Generation, data_identity
from blog_reader.index.site import Site
from blog_reader.index.store import Store, damage_reason

_T = TypeVar("_T")
_log = logging.getLogger(__name__)


class Serving:
    """The generation an archive serves, and the reads inside it (its state is set
    by :class:`~blog_reader.index.archive.Archive`)."""

    corpus: Path
    folder: Path
    drafts: bool
    damage: str | None
    _current: Generation | None
    _site: Site | None
    _identity: tuple[int, int] | None
    _lock: threading.RLock
    _syncing: bool

    def _reading(self, doing: str, read: Callable[[Generation], _T], otherwise: _T) -> _T:
        """``read(generation)`` of the index being served, or ``otherwise`` when
        there is none.

        The generation is leased for the read: a sync that swaps in another
        meanwhile does not close it under the read. If the read fails:

        - when the index was swapped meanwhile (by a sync here, or by another
          process: Whoosh's searcher follows its folder to the new files, and
          fails on them), the read is done again on what is served now;
        - damage (see :mod:`index.faults`: SQLite or Whoosh failing on their own
          files) is noted, the index is no longer served, ``otherwise`` is
          returned, and the next sync (of any process) rebuilds;
        - anything else is a bug: logged with its traceback and raised as
          :class:`IndexBug`. It is not damage: a rebuild would not mend it.
        """
        for attempt in range(2):
            self._follow_a_rebuild()
            generation = self._lease()
            if generation is None:
                return otherwise
            try:
                return read(generation)
            except Exception as error:
                moved = generation is not self._current or self._replaced()
                if attempt == 0 and moved:
                    continue  # reopened meanwhile (by a sync here, or to follow one)
                if moved:  # moved again: a rebuild is swapping files in as we read
                    _log.warning(
                        "Nothing found while %s: the index was replaced twice under the read",
                        doing,
                        exc_info=error,
                    )
                    return otherwise
                if not is_damage(error):
                    raise bug(doing, error) from error
                if not self._syncing:  # files change under a sync of this process
                    self._damaged(generation, error)
                return otherwise
            finally:
                generation.release()
        return otherwise

    def _lease(self) -> Generation | None:
        """The generation served now, leased (None when there is none)."""
        while True:
            generation = self._current
            if generation is None or generation.lease():
                return generation
            # Closed between the two lines: a newer one is served by now.

    def _damaged(self, generation: Generation, error: Exception) -> None:
        """Stop serving ``generation``, found damaged; write it down for every process."""
        with self._lock:
            self.damage = damage_reason(error)
            generation.store.mark_damaged(self.damage)
            if self._current is generation:
                self._current = None
                generation.retire()  # closed when the last read inside it ends

    def _replaced(self) -> bool:
        """Whether ``data/`` is now another folder than the one last served: a
        rebuild swapped in (by another process) since. False while there is none
        at all (between the two renames of a swap)."""
        found = data_identity(self.folder / "data")
        return found is not None and self._identity is not None and found != self._identity

    def _follow_a_rebuild(self) -> None:
        """Serve the index another process rebuilt and swapped in since this one opened.

        Whoosh's searcher follows its folder to the new index's files but not
        well (reads then fail with TypeError), and the catalog would stay the
        old one: a new generation is opened; the old one is closed when the
        reads inside it end.
        """
        if not self._replaced():
            return
        with self._lock:
            if not self._replaced():
                return
            try:
                generation = Generation.open(self.folder, self.corpus, self.drafts)
            except Exception as error:  # half swapped, or damaged: the next sync sees to it
                if is_damage(error):
                    return
                raise bug("opening the index", error) from error
            self._swap(generation)

    def _serve(self, folder: Path) -> None:
        """Open the index in ``folder`` afresh and serve it (None if there is none)."""
        self.folder = folder
        generation = None
        try:
            generation = Generation.open(folder, self.corpus, self.drafts)
        except IndexDamaged:
            pass
        except Exception as error:  # opening the searcher on damaged files
            if not is_damage(error):
                raise bug("opening the index", error) from error
            Store(folder, self.corpus, self.drafts).mark_damaged(damage_reason(error))
        self._swap(generation)

    def _swap(self, generation: Generation | None) -> None:
        """Serve ``generation``; retire the one served before (closed when its
        last read ends)."""
        with self._lock:
            old, self._current = self._current, generation
            self._site = None
            self._identity = None if generation is None else generation.identity
            self.damage = None
        if old is not None:
            old.retire()


def bug(doing: str, error: Exception) -> IndexBug:
    """Log ``error``, met while ``doing``, with its traceback; the error to raise."""
    _log.error("A bug while %s", doing, exc_info=error)
    return IndexBug(f"{doing}: {damage_reason(error)}")
