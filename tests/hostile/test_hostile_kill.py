"""``kill -9`` in the middle of indexing, in real processes on a few thousand
generated posts: the next start serves a consistent index, old or rebuilt, with
no manual repair and without waiting on what the dead process left behind.

Full builds go to a scratch folder swapped in by rename (and use worker
processes); incremental syncs write Whoosh, then the catalog."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_support import ROOT, assert_no_traceback, cli_env, command, run_cli, write

POSTS = 2_000  # enough for a parallel build (blog_reader.index.sync.PARALLEL_FROM) of a few seconds
KILL_ATTEMPTS = 3
WORDS = ["knee", "nerve", "healing", "urchin", "doctor", "sleep", "blood", "patient", "alpha"]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs kill -9 and process groups")


def _text(n: int, tag: str) -> str:
    rng = random.Random(n)
    body = " ".join(rng.choice(WORDS) for _ in range(250))
    return f"---\ntitle: Post {n}\n---\n\nplant{n}x {tag}{n}y {body}\n"


def _write_corpus(corpus: Path, tag: str) -> None:
    for n in range(POSTS):
        write(corpus, f"{n % 10}/p{n}.md", _text(n, tag))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill") / "corpus"
    _write_corpus(root, "first")
    return root


@pytest.fixture(scope="module")
def build_seconds(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long a full build of the corpus takes here, to kill one part-way through:
    from its scratch folder's appearance to its end, as the kill tests count it (the
    process's start and its scan of the corpus come before, and vary with the load)."""
    index_dir = tmp_path_factory.mktemp("timed") / "index"
    run = Started(corpus, index_dir)
    try:
        _wait_for(lambda: any(index_dir.glob("build-*")) or run.done, timeout=300)
        started = time.monotonic()
        assert run.process.wait(timeout=300) == 0
        return time.monotonic() - started
    finally:
        run.reap()


class Started:
    """``python -m blog_reader.tui index`` in its own process group, killed at the end if alive."""

    def __init__(self, corpus: Path, index_dir: Path, *extra: str) -> None:
        self.process = subprocess.Popen(
            command("index", *extra, corpus=corpus, index_dir=index_dir),
            env=cli_env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    @property
    def done(self) -> bool:
        return self.process.poll() is not None

    def kill(self, group: bool) -> None:
        """``kill -9`` the command alone, or it with its workers."""
        if group:
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            self.process.kill()
        self.process.wait(timeout=30)

    def reap(self) -> None:
        """Kill whatever is left of the process group (orphaned build workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.stderr is not None
        self.process.stderr.close()


@pytest.fixture
def started() -> Iterator[list[Started]]:
    runs: list[Started] = []
    yield runs
    for run in runs:
        run.reap()


def _wait_for(condition: Callable[[], object], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _committed_or_done(whoosh: Path, before: set[Path], run: Started) -> Callable[[], bool]:
    """Whether Whoosh wrote a new table of contents (a commit) since ``before``, or
    the run ended."""
    return lambda: bool(set(whoosh.glob("*.toc")) - before) or run.done


def _assert_consistent(corpus: Path, index_dir: Path, tag: str) -> None:
    """The next start (with no repair by hand) serves every file, each found by its words."""
    started = time.monotonic()
    listed = run_cli("list", "--json", corpus=corpus, index_dir=index_dir, timeout=300)
    assert listed.returncode == 0, listed.stderr
    assert_no_traceback(listed.stderr)
    assert time.monotonic() - started < 120, "the next start waited on the killed one"
    ids = [post["id"] for post in json.loads(listed.stdout)]
    assert len(ids) == POSTS and len(set(ids)) == POSTS
    for n in random.Random(tag).sample(range(POSTS), 6):
        for word in (f"plant{n}x", f"{tag}{n}y"):
            found = run_cli("search", word, "--json", corpus=corpus, index_dir=index_dir)
            hits = [hit["id"] for hit in json.loads(found.stdout)["hits"]]
            assert hits == [f"{n % 10}/p{n}.md"], (word, hits)
    leftovers = [p.name for p in index_dir.iterdir() if p.name.startswith(("build-", "old-"))]
    assert leftovers == []


@pytest.mark.parametrize("group", [True, False], ids=["with-workers", "parent-only"])
@pytest.mark.parametrize("part", [0.0, 0.3, 0.6])
def test_killed_during_a_full_build(
    corpus: Path,
    tmp_path: Path,
    started: list[Started],
    build_seconds: float,
    group: bool,
    part: float,
) -> None:
    # The build's length was timed once; on a shared machine whose load drops, a
    # build can end before the kill: then again, into a fresh folder, killed sooner.
    for attempt in range(KILL_ATTEMPTS):
        index_dir = tmp_path / f"index-{attempt}"
        run = Started(corpus, index_dir)
        started.append(run)
        _wait_for(lambda d=index_dir, r=run: any(d.glob("build-*")) or r.done)
        time.sleep(part * build_seconds / 2**attempt)
        if not run.done:
            break
    assert not run.done, "the build ended before it could be killed, each time"
    run.kill(group)
    _assert_consistent(corpus, index_dir, "first")


def test_killed_while_swapping_in_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    """Between the two renames there is no data/ at all: the next start rebuilds."""
    index_dir = tmp_path / "index"
    assert run_cli("index", corpus=corpus, index_dir=index_dir, timeout=300).returncode == 0
    (index_dir / "data").rename(index_dir / "old-12345")
    (index_dir / "build-abandoned").mkdir()
    _assert_consistent(corpus, index_dir, "first")


def test_killed_during_an_incremental_sync(
    corpus: Path, tmp_path: Path, started: list[Started], build_seconds: float
) -> None:
    """Every post changed; the update is killed at several points, each time followed
    by more changes; in the end every post is found by its latest words."""
    index_dir = tmp_path / "index"
    assert run_cli("index", corpus=corpus, index_dir=index_dir, timeout=300).returncode == 0
    whoosh = index_dir / "data" / "whoosh"
    try:
        for round_, delay in enumerate([0.1 * build_seconds, 0.4 * build_seconds, None]):
            tag = f"round{round_}x"
            _write_corpus(corpus, tag)
            tocs = set(whoosh.glob("*.toc"))
            run = Started(corpus, index_dir)
            started.append(run)
            if delay is None:  # right after Whoosh commits, before the catalog is written
                _wait_for(_committed_or_done(whoosh, tocs, run))
            else:
                time.sleep(delay)
            run.kill(group=True)
        _assert_consistent(corpus, index_dir, tag)
    finally:
        _write_corpus(corpus, "first")  # as the other tests expect it
