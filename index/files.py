"""Finding the post files of a corpus: a fast, safe walk of its folders.

Kept apart from the reader so that a sync that finds nothing changed does not
import the parsers (YAML, TOML, Markdown) at all.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

POST_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
"""File name endings of post files, compared without regard to case."""


def walk_posts(
    root: Path, *, on_error: Callable[[Path, OSError], None] | None = None
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """The post files under ``root``, depth first, in name order, as (id, directory
    entry) pairs: the id is the path relative to ``root``, with ``/``.

    A post file is a regular file (or a link to one) whose name ends in one
    of :data:`POST_SUFFIXES`, in any case. Names starting with ``.`` are
    skipped, files and folders alike; links to folders are not followed (no
    loops); broken links are skipped. An error listing ``root`` itself
    raises ``OSError``; a folder below it that cannot be listed is skipped,
    after calling ``on_error(path, error)`` when given. So is a post file or
    folder whose name is not UTF-8, with an ``EILSEQ`` error: a post's id is
    its path, and ids are text everywhere (the index, the catalog, JSON).

    No ``Path`` is made per file: a sync walks every file of the corpus each
    time, and building one was most of its cost at 100,000 posts. The entry
    also holds the file's ``stat`` without another lookup of its name.
    """
    prefix = len(os.path.join(str(root), ""))
    stack = [iter(_sorted_entries(root))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif _is_real_dir(entry):
            try:
                _check_name(entry)
                stack.append(iter(_sorted_entries(Path(entry.path))))
            except OSError as error:
                if on_error is not None:
                    on_error(Path(entry.path), error)
        elif _is_post_file(entry):
            try:
                _check_name(entry)
            except OSError as error:
                if on_error is not None:
                    on_error(Path(entry.path), error)
            else:
                post_id = entry.path[prefix:]
                yield (post_id if os.sep == "/" else post_id.replace(os.sep, "/")), entry


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of ``folder``, sorted by name."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _check_name(entry: os.DirEntry[str]) -> None:
    """Raise ``OSError(EILSEQ)`` when the entry's name is not UTF-8.

    Python stands lone surrogates in for the bytes of such a name, which no
    UTF-8 encoder (Whoosh's, SQLite's, a terminal's) accepts.
    """
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        raise OSError(errno.EILSEQ, "file name is not UTF-8", entry.path) from None


def _is_real_dir(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a folder and not a link to one."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_post_file(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` has a post suffix and is (or links to) a regular file."""
    if not entry.name.lower().endswith(POST_SUFFIXES):
        return False
    try:
        return entry.is_file()
    except OSError:  # a link loop, a vanished file...
        return False
