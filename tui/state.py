"""What the app remembers between runs: where the reader left off, per corpus.

One JSON file in the user's state directory (``platformdirs``, so ``XDG_STATE_HOME``
redirects it), keyed by the corpus's absolute path. Written atomically; a damaged
file is reported and then treated as empty, never fatal.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "blog-reader"
STATE_FILE = "reader-state.json"


def default_state_dir() -> Path:
    """The user's state directory for blog-reader."""
    return platformdirs.user_state_path(APP_NAME)


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
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            self.problem = f"Could not read {self.path} ({error}); starting afresh."
            return {}
        corpora = data.get("corpora") if isinstance(data, dict) else None
        if not isinstance(corpora, dict):
            self.problem = f"{self.path} is not a blog-reader state file; starting afresh."
            return {}
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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise


def _key(corpus: Path) -> str:
    return str(corpus.expanduser().resolve())
