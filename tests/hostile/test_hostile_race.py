"""Processes indexing the same corpus at once, and reading while another writes:
no corruption, no traceback; a command that has to wait says so and waits."""

from __future__ import annotations

import contextlib
import json
import subprocess
import threading
import time
from pathlib import Path

import pytest
from hostile_support import ROOT, assert_no_traceback, cli_env, command, good_post, run_cli, write

from blog_reader.index.store import write_lock

POSTS = 600  # a parallel build (blog_reader.index.sync.PARALLEL_FROM) of a second or two


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("race") / "corpus"
    for n in range(POSTS):
        write(root, f"{n % 7}/p{n}.md", good_post(n))
    return root


def _start(*args: str, corpus: Path, index_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args, corpus=corpus, index_dir=index_dir),
        env=cli_env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _assert_whole(corpus: Path, index_dir: Path) -> None:
    listed = run_cli("list", "--json", corpus=corpus, index_dir=index_dir)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert len({post["id"] for post in json.loads(listed.stdout)}) == POSTS
    for n in (0, POSTS // 2, POSTS - 1):
        found = run_cli("search", f"plant{n}x", "--json", corpus=corpus, index_dir=index_dir)
        assert [hit["id"] for hit in json.loads(found.stdout)["hits"]] == [f"{n % 7}/p{n}.md"]
    leftovers = [p.name for p in index_dir.iterdir() if p.name not in ("data", "lock")]
    assert leftovers == []


def test_several_rebuilds_at_once(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    runs = [_start("index", "--rebuild", corpus=corpus, index_dir=index_dir) for _ in range(3)]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert_no_traceback(err)
        assert f"{POSTS} added" in out
    _assert_whole(corpus, index_dir)


def test_reading_while_another_process_builds(corpus: Path, tmp_path: Path) -> None:
    """Searches and lists started while a first build and then a rebuild run: each
    waits or reads a whole index, none fails."""
    index_dir = tmp_path / "index"
    writer = _start("index", corpus=corpus, index_dir=index_dir)
    readers: list[subprocess.Popen[str]] = []
    for round_ in range(6):
        if round_ == 3:
            assert writer.wait(timeout=300) == 0
            writer = _start("index", "--rebuild", corpus=corpus, index_dir=index_dir)
        readers.append(_start("search", "plant5x", "--json", corpus=corpus, index_dir=index_dir))
        readers.append(_start("list", "--json", corpus=corpus, index_dir=index_dir))
        time.sleep(0.2)
    assert writer.wait(timeout=300) == 0
    for reader in readers:
        out, err = reader.communicate(timeout=300)
        assert reader.returncode == 0, err
        assert_no_traceback(err)
        payload = json.loads(out)
        if isinstance(payload, dict):  # a search
            assert [hit["id"] for hit in payload["hits"]] == ["5/p5.md"]
        else:
            assert len(payload) == POSTS
    _assert_whole(corpus, index_dir)


def test_a_command_that_must_wait_says_so(corpus: Path, tmp_path: Path) -> None:
    """While another process holds the index's write lock, a command says on stderr
    that it waits, and finishes once the lock is free."""
    index_dir = tmp_path / "index"
    assert run_cli("index", corpus=corpus, index_dir=index_dir, timeout=300).returncode == 0
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        with write_lock(index_dir):
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        waiting = _start("search", "plant9x", "--json", corpus=corpus, index_dir=index_dir)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()  # blocks until the command says something
        assert line.startswith("blog-reader: waiting for another blog-reader"), line
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting, as it said
    finally:
        release.set()
        holder.join(30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == ["2/p9.md"]


def test_an_open_archive_follows_a_rebuild_by_another_process(corpus: Path, tmp_path: Path) -> None:
    """The app keeps its archive open while a command rebuilds the index: Whoosh's
    searcher followed its folder to the new files but failed on them (TypeError),
    which read as damage. Now the new index is opened and served."""
    from blog_reader.index import Archive
    from blog_reader.index.links import LinkTarget

    index_dir = tmp_path / "index"
    with Archive.open(corpus, index_dir) as archive:
        archive.sync()
        assert archive.search("knee plant3x").total == POSTS
        for _ in range(2):
            done = run_cli("index", "--rebuild", corpus=corpus, index_dir=index_dir, timeout=300)
            assert done.returncode == 0, done.stderr
            assert archive.search("knee plant3x").total == POSTS
            assert archive.search("plant3x").hits[0].id == "3/p3.md"
            assert len(archive.posts()) == POSTS
            assert archive.get("3/p3.md").info.title == "Good post 3"
            assert archive.resolve_link("p3.md", "3/p10.md") == LinkTarget("3/p3.md")
            assert archive.damage is None
        assert not (index_dir / "damaged").exists()
        assert not archive.sync().messages


def test_reading_while_this_process_syncs(corpus: Path, tmp_path: Path) -> None:
    """The app reads from its UI thread while a worker thread rebuilds: reads may
    come back empty for a moment, but never raise, and nothing is taken for damage."""
    from blog_reader.index import Archive, PostNotFound

    index_dir = tmp_path / "index"
    with Archive.open(corpus, index_dir) as archive:
        archive.sync()
        errors: list[BaseException] = []

        def rebuild() -> None:
            try:
                for _ in range(2):
                    archive.sync(rebuild=True)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        worker = threading.Thread(target=rebuild)
        worker.start()
        reads = 0
        while worker.is_alive():
            archive.search("plant8x knee")
            archive.posts()
            archive.find_matches("a knee", "knee")
            with contextlib.suppress(PostNotFound):
                archive.get("1/p8.md")
            reads += 1
        worker.join()
        assert errors == []
        assert reads > 10
        assert archive.damage is None and not (index_dir / "damaged").exists()
        assert archive.search("plant8x").hits[0].id == "1/p8.md"
