"""A cache folder that cannot be written (read-only, full, not a folder): a clear
message, and reading still works, from a temporary index removed at exit.

Root may write anywhere, so "cannot write" is made real in ways root cannot get
round (the cache path is a file) or by making the writes fail in-process
(EACCES on opening, ENOSPC part-way through writing Whoosh's files)."""

from __future__ import annotations

import builtins
import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile_support import ROOT, assert_no_traceback, cli_env, good_post, run_cli, write

from blog_reader.index import Archive

POSTS = 12


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for n in range(POSTS):
        write(root, f"p{n}.md", good_post(n))
    return root


def _check_cli(done: Any, tmpdir: Path) -> None:
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("blog-reader: Cannot write the index in ")
    assert lines[0].endswith("using a temporary index, removed at exit.")
    assert os.listdir(tmpdir) == []  # the temporary index is gone


def test_a_cache_path_that_is_a_file(corpus: Path, tmp_path: Path) -> None:
    """XDG_CACHE_HOME names a file: the index's folder cannot even be made."""
    cache = tmp_path / "cache-is-a-file"
    cache.write_text("not a folder\n")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {"XDG_CACHE_HOME": str(cache), "TMPDIR": str(tmpdir)}
    for args in (("search", "plant3x", "--json"), ("list", "--json"), ("show", "p5.md")):
        _check_cli(run_cli_default_index(*args, corpus=corpus, env=env), tmpdir)
    found = run_cli_default_index("search", "plant3x", "--json", corpus=corpus, env=env)
    assert [hit["id"] for hit in json.loads(found.stdout)["hits"]] == ["p3.md"]
    listed = run_cli_default_index("list", "--json", corpus=corpus, env=env)
    assert len(json.loads(listed.stdout)) == POSTS
    assert cache.read_text() == "not a folder\n"  # the user's file is left alone


def run_cli_default_index(*args: str, corpus: Path, env: dict[str, str]) -> Any:
    """The CLI with its default index folder (in XDG_CACHE_HOME)."""
    return subprocess.run(
        [sys.executable, "-m", "blog_reader.tui", *args, "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        env=cli_env(**env),
        cwd=ROOT,
        timeout=120,
    )


def test_an_index_dir_that_is_a_file(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index-is-a-file"
    index_dir.write_text("x")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    done = run_cli(
        "search",
        "plant7x",
        "--json",
        corpus=corpus,
        index_dir=index_dir,
        env={"TMPDIR": str(tmpdir)},
    )
    _check_cli(done, tmpdir)
    assert [hit["id"] for hit in json.loads(done.stdout)["hits"]] == ["p7.md"]


def test_a_read_only_index_folder(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index built earlier, in a folder that can no longer be written (as on a
    read-only mount: opening anything there for writing fails with EACCES)."""
    import blog_reader.index.store

    index_dir = tmp_path / "index"
    with Archive.open(corpus, index_dir) as first:
        first.sync()
    write(corpus, "new.md", good_post(99, "plantnewx"))  # something for the sync to do
    real_open = builtins.open

    def read_only(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file).startswith(str(index_dir)) and any(c in mode for c in "wax+"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(blog_reader.index.store, "open", read_only, raising=False)
    archive = Archive.open(corpus, index_dir)
    report = archive.sync()
    (message,) = report.messages
    assert message.startswith(f"Cannot write the index in {index_dir} (PermissionError")
    assert archive.search("plantnewx").hits[0].id == "new.md"
    assert len(archive.posts()) == POSTS + 1
    temporary = archive.folder
    assert temporary != index_dir and temporary.is_dir()
    archive.close()
    assert not temporary.exists()


def test_a_full_disk_part_way_through_a_build(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC after a few of Whoosh's files are written: no half index is kept, the
    old folder is left as it was, and reading goes on from a temporary index."""
    from whoosh.filedb.filestore import FileStorage

    index_dir = tmp_path / "index"
    real_create = FileStorage.create_file
    created: list[str] = []

    def full(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if str(self.folder).startswith(str(index_dir)):
            created.append(name)
            if len(created) > 2:
                raise OSError(errno.ENOSPC, "No space left on device")  # as write() says it
        return real_create(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", full)
    with Archive.open(corpus, index_dir) as archive:
        report = archive.sync()
        (message,) = report.messages
        assert "No space left on device" in message and "temporary index" in message
        assert len(created) > 2  # it did fail part-way
        assert archive.search("plant4x").hits[0].id == "p4.md"
        temporary = archive.folder
    assert not temporary.exists()
    assert sorted(p.name for p in index_dir.iterdir()) == ["lock"]  # no scratch left
