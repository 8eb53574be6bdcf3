"""The app's own small files (reading positions, search history, settings): written
atomically, and the per-corpus JSON tables read without ever raising."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, synced
    and renamed over it: a reader sees the old file or the new one, never half of one.

    Raises:
        OSError: when the folder cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def read_corpora(path: Path, what: str) -> tuple[dict[str, Any], str | None]:
    """The ``corpora`` table of the JSON file ``path`` (a blog-reader ``what``), and a
    problem to tell the user when the file exists but cannot be used (then the table
    is empty: the file starts afresh; ``what`` names the file in the problem)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as error:
        return {}, f"Could not read {path} ({error}); starting afresh."
    corpora = data.get("corpora") if isinstance(data, dict) else None
    if not isinstance(corpora, dict):
        return {}, f"{path} is not a blog-reader {what}; starting afresh."
    return corpora, None
