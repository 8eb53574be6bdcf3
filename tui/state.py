"""What the app remembers between runs: where the reader left off, per corpus.

One JSON file in the user's state directory (``platformdirs``, so ``XDG_STATE_HOME``
redirects it), keyed by the corpus's absolute path. Written atomically; a damaged
file is reported and then treated as empty, never fatal.

Writing it (read, write, fsync, rename) is too slow for every post opened on the UI
thread: :class:`PositionKeeper` writes only a position that changed, from whatever
thread the app runs it in, and once more, last, when the app quits.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blog_reader.index.paths import state_dir as default_state_dir
from blog_reader.tui.state_files import read_corpora, write_atomically

STATE_FILE = "reader-state.json"


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader was in one corpus: a post, and a place in its text.

    The place is an anchor (block ``block`` of the post, ``offset`` characters in),
    not a line count, so that it holds at any terminal width.
    """

    post_id: str
    block: int = 0
    offset: int = 0


class StateStore:
    """Reads and writes the reading positions of every corpus."""

    def __init__(self, state_dir: Path | None = None) -> None:
        self.path = (state_dir or default_state_dir()) / STATE_FILE
        self.problem: str | None = None
        """Why the file could not be read last time, for the user; None if it could."""

    def _read_all(self) -> dict[str, Any]:
        corpora, problem = read_corpora(self.path, "state file")
        self.problem = problem or self.problem
        return corpora

    def load(self, corpus: Path) -> Position | None:
        """The position saved for ``corpus``, or None."""
        entry = self._read_all().get(_key(corpus))
        if not isinstance(entry, dict):
            return None
        post_id = entry.get("post_id")
        if not isinstance(post_id, str):
            return None
        block, offset = entry.get("block", 0), entry.get("offset", 0)
        if not isinstance(block, int) or not isinstance(offset, int):
            block = offset = 0  # a file of an older version: the top of the post
        return Position(post_id, max(0, block), max(0, offset))

    def save(self, corpus: Path, position: Position) -> None:
        """Remember ``position`` for ``corpus``, keeping the other corpora's entries.

        Raises:
            OSError: when the state directory cannot be written.
        """
        corpora = self._read_all()
        corpora[_key(corpus)] = {
            "post_id": position.post_id,
            "block": position.block,
            "offset": position.offset,
        }
        text = json.dumps({"version": 1, "corpora": corpora}, indent=2, ensure_ascii=False)
        write_atomically(self.path, text)


class PositionKeeper:
    """Writes the reading position of one corpus when it changed; safe from any thread.

    The app asks for a write now and then from a worker thread, and once at quit
    (:meth:`close`); a write still running in a worker can never overwrite the
    position written at quit.
    """

    def __init__(self, store: StateStore, corpus: Path, written: Position | None) -> None:
        self.store = store
        self.corpus = corpus
        self.written = written
        """The position the file holds for this corpus (as loaded at start, then as
        written since)."""
        self._lock = threading.Lock()
        self._closed = False

    def write(self, position: Position) -> None:
        """Write ``position`` unless the file holds it already or the keeper is closed.

        Raises:
            OSError: when the state directory cannot be written.
        """
        with self._lock:
            if self._closed or position == self.written:
                return
            self.store.save(self.corpus, position)
            self.written = position

    def close(self, position: Position | None) -> None:
        """Write the last ``position`` (if any) and write nothing after it.

        Raises:
            OSError: when the state directory cannot be written.
        """
        try:
            if position is not None:
                self.write(position)
        finally:
            with self._lock:
                self._closed = True


def _key(corpus: Path) -> str:
    return str(corpus.expanduser().resolve())
