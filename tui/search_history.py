"""The queries searched in each archive, for ↑ in an empty search box and the palette.

One JSON file in the user's state directory beside the reading positions
(``tui/state.py``), keyed by the corpus's absolute path; the newest query last.
Written atomically; a damaged file is reported and then treated as empty.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from blog_reader.tui.state_files import read_corpora, write_atomically

HISTORY_FILE = "search-history.json"
KEPT = 100
"""Queries kept per archive (the oldest go first)."""


class SearchHistory:
    """The earlier queries of one corpus, oldest first."""

    def __init__(self, state_dir: Path, corpus: Path) -> None:
        self.path = state_dir / HISTORY_FILE
        self._key = str(corpus.expanduser().resolve())
        self.problem: str | None = None
        """Why the file could not be read, for the user; None if it could."""
        entries = self._read_all().get(self._key)
        self.queries: list[str] = (
            [q for q in entries if isinstance(q, str) and q.strip()][-KEPT:]
            if isinstance(entries, list)
            else []
        )

    def recent(self, count: int = 10) -> list[str]:
        """The last ``count`` queries, newest first."""
        return self.queries[::-1][:count]

    def add(self, query: str) -> None:
        """Remember ``query`` as the newest (moved there if it was searched before).

        Raises:
            OSError: when the state directory cannot be written.
        """
        query = query.strip()
        if not query or (self.queries and self.queries[-1] == query):
            return
        self.queries = [*[q for q in self.queries if q != query][-(KEPT - 1) :], query]
        corpora = self._read_all()
        corpora[self._key] = self.queries
        write_atomically(self.path, json.dumps({"version": 1, "corpora": corpora}, indent=2))

    def _read_all(self) -> dict[str, Any]:
        corpora, problem = read_corpora(self.path, "search history")
        self.problem = problem or self.problem
        return corpora
