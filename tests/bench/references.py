"""The two references the benchmark runs beside blog-reader on the same posts.

- Plain Whoosh as its quick-start would use it: one writer, default settings,
  ``TEXT`` fields, the whole file as content.
- SQLite FTS5 from the standard library, ranked with bm25: the ceiling of what a
  search engine written in C does on this machine.

Both take a post's title from its front matter, else from its first ``# `` heading
(what a real archive has; the benchmark's own posts have front matter).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from blog_reader.index._whoosh import fields, index, qparser
from blog_reader.index.files import walk_posts


def _posts(root: Path) -> Iterator[tuple[str, str, str]]:
    for post_id, entry in walk_posts(root):
        text = Path(entry.path).read_text(encoding="utf-8", errors="replace")
        yield post_id, _title(text), text


def _title(text: str) -> str:
    """The ``title`` of YAML or TOML front matter, else the first ``# `` heading."""
    lines = text.splitlines()
    if lines and lines[0].strip() in ("---", "+++"):
        for line in lines[1:]:
            if line.strip() == lines[0].strip():
                break
            found = re.match(r"title\s*[:=](.*)", line)
            if found:
                return found.group(1).strip().strip("'\"")
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return ""


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
    """SQLite FTS5 with the porter tokenizer, ranked by bm25 with snippets.

    ``title_weight`` is bm25's weight of the title column (the body's is 1).
    ``plain`` passes a query to FTS5 in its own syntax (words ANDed), quoting each
    word when FTS5 rejects it; otherwise it is read as ours, roughly (words ORed).
    """

    name = "SQLite FTS5"

    def __init__(self, folder: Path, title_weight: float = 3.0, plain: bool = False) -> None:
        self.folder = folder
        self.title_weight = title_weight
        self.plain = plain
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
        tries = [text, _quoted(text)] if self.plain else [_fts_query(text)]
        for query in tries:
            try:
                rows = self._db.execute(
                    "SELECT path, snippet(posts, 2, '[', ']', '…', 20) FROM posts "
                    "WHERE posts MATCH ? ORDER BY bm25(posts, 0, ?, 1) LIMIT ?",
                    (query, self.title_weight, limit),
                ).fetchall()
            except sqlite3.OperationalError:
                continue
            return [row[0] for row in rows]
        return []

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())


def _fts_query(text: str) -> str:
    """Our query syntax, roughly, in FTS5's: OR between words, phrases and prefixes kept."""
    out: list[str] = []
    # A phrase is one token: split on spaces, `"sea urchin"` became `"sea OR urchin"`,
    # the phrase "sea or urchin".
    for token in re.findall(r'"[^"]*"?|\S+', text.replace(":", " ")):
        token = token.rstrip("~")
        if token.startswith('"'):
            out.append('"' + token.strip('"') + '"')
        elif token.endswith("*"):
            out.append('"' + token[:-1].replace('"', "") + '"*')
        else:
            out.append('"' + token.replace('"', "") + '"')
    return " OR ".join(out) if out else '""'


def _quoted(text: str) -> str:
    """Each word of ``text`` as an FTS5 string (words ANDed, phrases kept as words)."""
    words = [word.replace('"', "") for word in text.split()]
    return " ".join(f'"{word}"' for word in words if word) or '""'
