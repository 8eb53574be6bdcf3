"""The two references the benchmark runs beside blog-reader on the same posts.

- Plain Whoosh as its quick-start would use it: one writer, default settings,
  ``TEXT`` fields, the whole file as content.
- SQLite FTS5 from the standard library, ranked with bm25: the ceiling of what a
  search engine written in C does on this machine.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from blog_reader.index._whoosh import fields, index, qparser
from blog_reader.index.files import walk_posts


def _posts(root: Path) -> Iterator[tuple[str, str, str]]:
    for post_id, entry in walk_posts(root):
        text = Path(entry.path).read_text(encoding="utf-8")
        title = ""
        for line in text.splitlines()[:5]:
            if line.startswith("title:"):
                title = line[6:].strip().strip('"')
                break
        yield post_id, title, text


class PlainWhoosh:
    """Whoosh's quick-start schema: stored ``title`` and ``path``, ``content`` as ``TEXT``."""

    name = "plain Whoosh"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._searcher = None

    def build(self, root: Path) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        schema = fields.Schema(
            title=fields.TEXT(stored=True), path=fields.ID(stored=True), content=fields.TEXT
        )
        ix = index.create_in(str(self.folder), schema)
        writer = ix.writer()
        for path, title, text in _posts(root):
            writer.add_document(title=title, path=path, content=text)
        writer.commit()

    def search(self, text: str, limit: int = 10) -> list[str]:
        if self._searcher is None:
            ix = index.open_dir(str(self.folder))
            self._searcher = ix.searcher()
            self._parser = qparser.QueryParser("content", ix.schema)
        q = self._parser.parse(text)
        return [hit["path"] for hit in self._searcher.search(q, limit=limit)]

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())


class Fts5:
    """SQLite FTS5 with the porter tokenizer, ranked by bm25 with snippets."""

    name = "SQLite FTS5"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None

    def build(self, root: Path) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        db = sqlite3.connect(self.folder / "fts.sqlite")
        db.execute(
            "CREATE VIRTUAL TABLE posts USING fts5(path UNINDEXED, title, body, tokenize='porter')"
        )
        db.executemany("INSERT INTO posts VALUES (?, ?, ?)", _posts(root))
        db.commit()
        db.close()

    def search(self, text: str, limit: int = 10) -> list[str]:
        if self._db is None:
            self._db = sqlite3.connect(self.folder / "fts.sqlite")
        try:
            rows = self._db.execute(
                "SELECT path, snippet(posts, 2, '[', ']', '…', 20) FROM posts "
                "WHERE posts MATCH ? ORDER BY bm25(posts, 0, 3, 1) LIMIT ?",
                (_fts_query(text), limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [row[0] for row in rows]

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())


def _fts_query(text: str) -> str:
    """Our query syntax, roughly, in FTS5's: OR between words, phrases and prefixes kept."""
    out: list[str] = []
    for token in text.replace(":", " ").split():
        token = token.rstrip("~")
        if token.startswith('"') or token.endswith('"'):
            out.append(token)
        elif token.endswith("*"):
            out.append('"' + token[:-1].replace('"', "") + '"*')
        else:
            out.append('"' + token.replace('"', "") + '"')
    return " OR ".join(out) if out else '""'
