"""Writing post files for the reader's tests, and reading them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from blog_reader.index.model import Post
from blog_reader.index.reader import PostError, read_post


def write(root: Path, name: str, content: str | bytes) -> Path:
    """Write a file under ``root`` (making folders) and return its path."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def read(root: Path, name: str, content: str | bytes) -> Post:
    """Write a post file and read it back."""
    return read_post(write(root, name, content), root)


def reason(root: Path, name: str, content: str | bytes) -> str:
    """The reason reading this file as a post fails."""
    with pytest.raises(PostError) as caught:
        read(root, name, content)
    return str(caught.value)
