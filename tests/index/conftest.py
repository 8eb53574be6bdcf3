"""Fixtures for the index tests: small corpora written into a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from blog_reader.index import Archive

Writer = Callable[[str, str], Path]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    return root


@pytest.fixture
def write(corpus: Path) -> Writer:
    """Write a post file (relative name, text) into the corpus."""

    def _write(name: str, text: str) -> Path:
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def open_archive(corpus: Path, tmp_path: Path) -> Iterator[Callable[[], Archive]]:
    """Open (and later close) archives on the corpus with a private index folder."""
    opened: list[Archive] = []

    def _open() -> Archive:
        archive = Archive.open(corpus, tmp_path / "index")
        opened.append(archive)
        return archive

    yield _open
    for archive in opened:
        archive.close()


def _post(title: str, body: str, **meta: object) -> str:
    lines = ["---", f'title: "{title}"']
    lines += [f"{key}: {value}" for key, value in meta.items()]
    lines += ["---", "", body, ""]
    return "\n".join(lines)


@pytest.fixture
def post() -> Callable[..., str]:
    """Text of a post with YAML front matter: ``post(title, body, **meta)``."""
    return _post
