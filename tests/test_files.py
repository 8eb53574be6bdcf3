"""Finding the post files of a corpus: the walk, what it skips, what it survives."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from post_files import write

from blog_reader.index.files import walk_posts
from blog_reader.index.reader import read_post


def names(root: Path) -> list[str]:
    """The ids of the post files under ``root``, in the order found (as a sync walks)."""
    return [post_id for post_id, _ in walk_posts(root)]


def names_and_paths(found: Iterable[tuple[str, os.DirEntry[str]]]) -> list[tuple[str, str]]:
    """Each found file's id and the path of its directory entry."""
    return [(post_id, entry.path) for post_id, entry in found]


def test_walks_nested_folders_in_name_order(tmp_path: Path) -> None:
    for name in ["b.md", "a/z.markdown", "a/b/c.txt", "A.MD", "c/notes.Markdown"]:
        write(tmp_path, name, "x")
    assert names(tmp_path) == ["A.MD", "a/b/c.txt", "a/z.markdown", "b.md", "c/notes.Markdown"]


def test_skips_hidden_files_and_folders_and_other_suffixes(tmp_path: Path) -> None:
    for name in [".hidden.md", ".git/x.md", "sub/.cache/y.md", "img.png", "x.mdxx", "x.md~"]:
        write(tmp_path, name, "x")
    write(tmp_path, "sub/kept.md", "x")
    assert names(tmp_path) == ["sub/kept.md"]


def test_a_folder_named_like_a_post_is_walked_not_yielded(tmp_path: Path) -> None:
    write(tmp_path, "folder.md/inside.md", "x")
    assert names(tmp_path) == ["folder.md/inside.md"]


@pytest.mark.skipif(os.name != "posix", reason="needs symlinks")
def test_symlink_loop_and_dangling_links_do_not_stop_the_walk(tmp_path: Path) -> None:
    write(tmp_path, "sub/post.md", "x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "loop.md").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    (tmp_path / "linked.md").symlink_to(tmp_path / "sub" / "post.md")
    assert names(tmp_path) == ["linked.md", "sub/post.md"]


def test_unlistable_folder_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "closed/x.md", "x")
    write(tmp_path, "open/y.md", "x")
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    # Faked: the tests may run as root, who can list any folder.
    monkeypatch.setattr(os, "scandir", scandir)
    errors: list[Path] = []
    found = names_and_paths(walk_posts(tmp_path, on_error=lambda path, _: errors.append(path)))
    assert found == [("open/y.md", str(tmp_path / "open" / "y.md"))]
    assert errors == [tmp_path / "closed"]


def test_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(walk_posts(tmp_path / "nowhere"))


def test_every_found_file_reads(tmp_path: Path) -> None:
    write(tmp_path, "one.md", "---\ntitle: One\n---\nText.\n")
    write(tmp_path, "deep/two.txt", "Two.\n")
    titles = [read_post(Path(entry.path), tmp_path).info.title for _, entry in walk_posts(tmp_path)]
    assert titles == ["Two.", "One"]
