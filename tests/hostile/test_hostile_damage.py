"""Index files truncated, overwritten with garbage or deleted: detected, rebuilt
automatically, said in one line on stderr (no traceback), and the answers right.

Whoosh's files carry no checksums: garbage inside a segment's postings can go
unseen and give wrong answers. What is detected is what Whoosh or SQLite fail
on, when opening (checked at every start) or later while reading (then the
index is marked damaged and rebuilt by the next sync, which the CLI runs at
once)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import ROOT, assert_no_traceback, cli_env, good_post, run_cli, write

from blog_reader.index import Archive

POSTS = 30


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(path.name).randbytes(max(path.stat().st_size, 4096)))


def _truncate(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _zero(path: Path) -> None:
    path.write_bytes(bytes(path.stat().st_size))


def _garbage_inside(path: Path) -> None:
    """Keep the first 100 bytes (SQLite's header), garbage over the next 8 KB."""
    data = bytearray(path.read_bytes())
    data[100 : 100 + 8192] = random.Random(1).randbytes(len(data[100 : 100 + 8192]))
    path.write_bytes(bytes(data))


def _delete(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def _replace_by_file(path: Path) -> None:
    _delete(path)
    path.write_text("not a folder\n")


def _catalog(data: Path) -> list[Path]:
    return [data / "catalog.sqlite"]


def _toc(data: Path) -> list[Path]:
    return sorted((data / "whoosh").glob("*.toc"))


def _segments(data: Path) -> list[Path]:
    """Every segment's files: one compound ``.seg`` each, or ``.trm``, ``.pst``, ``.col``..."""
    return sorted(p for p in (data / "whoosh").glob("MAIN_*") if p.name != "MAIN_WRITELOCK")


def _last_segment(data: Path) -> list[Path]:
    """The files of the newest segment alone (the index has two)."""
    newest = max(_segments(data), key=lambda path: path.stat().st_mtime_ns)
    segment = newest.name.split(".")[0]
    return [path for path in _segments(data) if path.name.split(".")[0] == segment]


DAMAGE: dict[str, tuple[Callable[[Path], list[Path]], Callable[[Path], None]]] = {
    "catalog garbage": (_catalog, _garbage),
    "catalog truncated": (_catalog, _truncate),
    "catalog empty": (_catalog, _empty),
    "catalog deleted": (_catalog, _delete),
    "catalog garbage inside": (_catalog, _garbage_inside),
    "toc garbage": (_toc, _garbage),
    "toc truncated": (_toc, _truncate),
    "toc deleted": (_toc, _delete),
    "segments garbage": (_segments, _garbage),
    "segments truncated": (_segments, _truncate),
    "segments zeroed": (_segments, _zero),
    "segments deleted": (_segments, _delete),
    "one segment deleted": (_last_segment, _delete),
    "one segment truncated": (_last_segment, _truncate),
    "whoosh folder deleted": (lambda data: [data / "whoosh"], _delete),
    "whoosh folder a file": (lambda data: [data / "whoosh"], _replace_by_file),
    "data folder a file": (lambda data: [data], _replace_by_file),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus and a pristine index of it, to copy for each kind of damage."""
    root = tmp_path_factory.mktemp("damage")
    corpus = root / "corpus"
    for n in range(POSTS):
        write(corpus, f"p{n}.md", good_post(n))
    index_dir = root / "pristine"
    done = run_cli("index", corpus=corpus, index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    # A second segment, so that segment damage can be partial.
    write(corpus, "p0.md", good_post(0) + "\nEdited.\n")
    assert run_cli("index", corpus=corpus, index_dir=index_dir).returncode == 0
    return corpus, index_dir


def _damaged_copy(built: tuple[Path, Path], tmp_path: Path, kind: str) -> Path:
    _, pristine = built
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)
    where, damage = DAMAGE[kind]
    targets = where(index_dir / "data")
    assert targets, kind
    for target in targets:
        damage(target)
    return index_dir


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_rebuilt_with_one_line_on_stderr(
    built: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    corpus, _ = built
    index_dir = _damaged_copy(built, tmp_path, kind)

    found = run_cli("search", "plant7x", "--json", corpus=corpus, index_dir=index_dir)

    assert found.returncode == 0, found.stderr
    assert_no_traceback(found.stderr)
    lines = found.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("blog-reader: Index rebuilt: "), lines
    assert [hit["id"] for hit in json.loads(found.stdout)["hits"]] == ["p7.md"]
    listed = run_cli("list", "--json", corpus=corpus, index_dir=index_dir)
    assert listed.stderr == ""  # mended for good
    assert len(json.loads(listed.stdout)) == POSTS


def test_the_app_side_sees_damage_found_while_reading(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage that opening does not show (Whoosh fails mid-search): the index stops
    being served, the damage is written down for every process, the sync rebuilds."""
    import struct

    from blog_reader.index.search import SearchEngine

    corpus, _ = built
    index_dir = _damaged_copy(built, tmp_path, "catalog deleted")
    archive = Archive.open(corpus, index_dir)
    archive.sync()
    assert archive.search("plant3x").total == 1

    def broken(self: SearchEngine, text: str, limit: int = 20, **options: object) -> object:
        raise struct.error("unpack requires a buffer of 12 bytes")

    monkeypatch.setattr(SearchEngine, "search", broken)
    result = archive.search("plant3x")
    assert result.total == 0 and result.hits == ()
    assert archive.damage is not None and "struct.error" in archive.damage
    assert archive.posts() == [] and not archive.ready
    with Archive.open(corpus, index_dir) as other:  # another process
        assert not other.ready
    monkeypatch.undo()

    report = archive.sync()
    assert report.rebuilt
    assert any("struct.error" in message for message in report.messages)
    assert archive.damage is None and archive.search("plant3x").total == 1
    archive.close()


def test_the_command_line_rebuilds_when_a_search_finds_damage(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """The same, through the CLI: Whoosh fails during the search (injected once,
    as the damaged files would), the CLI rebuilds, says so, and answers."""
    corpus, pristine = built
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)
    code = (
        "import struct, sys\n"
        "from blog_reader.index.search import SearchEngine\n"
        "real = SearchEngine.search\n"
        "def once(self, text, limit=20, **options):\n"
        "    SearchEngine.search = real\n"
        "    raise struct.error('unpack requires a buffer of 12 bytes')\n"
        "SearchEngine.search = once\n"
        "from tui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = ["search", "plant9x", "--json", "--corpus", str(corpus), "--index-dir", str(index_dir)]
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    assert done.stderr.splitlines() == [
        "blog-reader: Index rebuilt: struct.error: unpack requires a buffer of 12 bytes."
    ]
    assert [hit["id"] for hit in json.loads(done.stdout)["hits"]] == ["p9.md"]


def test_damage_met_by_an_update_rebuilds(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update reads the catalog's records of every file: if that fails, rebuild."""
    from blog_reader.index.catalog import Catalog

    corpus, pristine = built
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)

    def malformed(self: Catalog) -> object:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Catalog, "stamps", malformed)
    with Archive.open(corpus, index_dir) as archive:
        assert archive.ready
        monkeypatch.setattr(Catalog, "stamps", malformed)
        report = archive.sync()
        assert report.rebuilt
        assert report.messages == (
            "Index rebuilt: sqlite3.DatabaseError: database disk image is malformed.",
        )
        assert archive.search("plant4x").hits[0].id == "p4.md"


def test_leftovers_of_a_damaged_cache_are_cleared(built: tuple[Path, Path], tmp_path: Path) -> None:
    """A data 'folder' that was a file ends up moved aside; it must not stay forever."""
    corpus, _ = built
    index_dir = _damaged_copy(built, tmp_path, "data folder a file")
    assert run_cli("index", corpus=corpus, index_dir=index_dir).returncode == 0
    assert run_cli("index", corpus=corpus, index_dir=index_dir).returncode == 0
    assert sorted(os.listdir(index_dir)) == ["data", "lock"]


def test_a_cancelled_sync_is_not_taken_for_damage(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The app stops a sync by raising SyncCancelled from its progress callback:
    that must reach the app as it is, not turn the update into a rebuild."""
    from blog_reader.index import Progress, SyncCancelled

    corpus, pristine = built
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)
    write(corpus, "p1.md", good_post(1) + "\nEdited again.\n")

    cancelled: list[Progress] = []

    def cancel(step: Progress) -> None:  # the person presses "cancel" once
        if step.stage == "reading" and not cancelled:
            cancelled.append(step)
            raise SyncCancelled

    try:
        with Archive.open(corpus, index_dir) as archive:
            with pytest.raises(SyncCancelled):
                archive.sync(progress=cancel)
            assert archive.ready and archive.damage is None
            report = archive.sync()
            assert not report.rebuilt and report.updated == 1 and report.messages == ()
    finally:
        write(corpus, "p1.md", good_post(1))
