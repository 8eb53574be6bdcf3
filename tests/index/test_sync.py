"""The index follows its corpus: adds, changes, removals, rebuilds, damage."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from blog_reader.index import Archive, Progress
from blog_reader.index.store import FORMAT_KEY


def _bump(path: Path, text: str) -> None:
    """Rewrite a file so that its size or mtime surely changes."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_first_sync_indexes_every_post(write, post, open_archive) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    write("nested/deeper/b.md", post("Beta", "A sea urchin."))
    archive = open_archive()
    assert archive.posts() == []  # nothing before the first sync

    report = archive.sync()

    assert (report.added, report.updated, report.removed, report.rebuilt) == (2, 0, 0, True)
    assert sorted(p.id for p in archive.posts()) == ["a.md", "nested/deeper/b.md"]
    assert archive.search("urchin").hits[0].id == "nested/deeper/b.md"


def test_sync_with_nothing_changed_does_nothing(write, post, open_archive) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    archive = open_archive()
    archive.sync()

    report = archive.sync()

    assert not report.changed
    assert (report.added, report.updated, report.removed) == (0, 0, 0)


def test_sync_picks_up_added_changed_and_removed_files(write, post, open_archive) -> None:
    write("keep.md", post("Keep", "Stays the same."))
    changed = write("change.md", post("Change", "Talks about elbows."))
    gone = write("gone.md", post("Gone", "Talks about shoulders."))
    archive = open_archive()
    archive.sync()

    write("new.md", post("New", "Talks about ankles."))
    _bump(changed, post("Change", "Now talks about wrists."))
    gone.unlink()
    report = archive.sync()

    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert archive.search("ankles").hits[0].id == "new.md"
    assert archive.search("wrists").hits[0].id == "change.md"
    assert archive.search("elbows").total == 0
    assert archive.search("shoulders").total == 0
    assert sorted(p.id for p in archive.posts()) == ["change.md", "keep.md", "new.md"]


def test_a_second_process_sees_the_index_the_first_built(write, post, corpus, tmp_path) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    with Archive.open(corpus, tmp_path / "index") as first:
        first.sync()
    with Archive.open(corpus, tmp_path / "index") as second:
        assert second.ready
        assert [p.title for p in second.posts()] == ["Alpha"]  # before any sync
        assert not second.sync().changed


def test_rebuild_when_asked(write, post, open_archive) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    archive = open_archive()
    archive.sync()

    report = archive.sync(rebuild=True)

    assert report.rebuilt and report.added == 1
    assert archive.search("knee").total == 1


def test_rebuild_when_the_format_version_differs(write, post, open_archive, tmp_path) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    archive = open_archive()
    archive.sync()
    archive.close()
    with sqlite3.connect(tmp_path / "index" / "data" / "catalog.sqlite") as db:
        db.execute("UPDATE meta SET value = 'blog-reader/0' WHERE key = ?", (FORMAT_KEY,))

    again = open_archive()
    assert not again.ready  # an index of another version is not served
    report = again.sync()

    assert report.rebuilt and report.added == 1
    assert any("rebuilt" in message.lower() for message in report.messages)
    assert again.search("knee").total == 1


def test_rebuild_when_the_whoosh_files_are_garbage(write, post, open_archive, tmp_path) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    archive = open_archive()
    archive.sync()
    archive.close()
    for path in (tmp_path / "index" / "data" / "whoosh").iterdir():
        path.write_bytes(b"\x00garbage" * 10)

    again = open_archive()
    report = again.sync()

    assert report.rebuilt
    assert again.search("knee").hits[0].title == "Alpha"


def test_broken_files_are_skipped_with_a_reason_and_the_rest_indexed(
    write, post, corpus, open_archive
) -> None:
    write("good.md", post("Good", "A knee."))
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    archive = open_archive()

    report = archive.sync()

    assert report.added == 1
    reasons = {s.path.name: s.reason for s in report.skipped}
    assert set(reasons) == {"empty.md", "binary.md"}
    assert all(reasons.values())
    # Still reported on the next sync, without being read again.
    assert {s.path.name for s in archive.sync().skipped} == {"empty.md", "binary.md"}


def test_a_skipped_file_that_is_fixed_gets_indexed(write, post, corpus, open_archive) -> None:
    broken = corpus / "later.md"
    broken.write_bytes(b"")
    archive = open_archive()
    archive.sync()

    _bump(broken, post("Later", "Fixed now: knees."))
    report = archive.sync()

    assert report.added == 1 and not report.skipped
    assert archive.search("knees").hits[0].id == "later.md"


def test_progress_is_reported(write, post, open_archive) -> None:
    for n in range(60):
        write(f"p{n:02}.md", post(f"Post {n}", f"Body number {n}."))
    seen: list[Progress] = []

    open_archive().sync(progress=seen.append)

    counted = [p for p in seen if p.total]
    assert [p.done for p in counted] == sorted(p.done for p in counted)  # never goes back
    assert any(p.done == p.total == 60 for p in counted)
    assert seen[-1].stage == "saving"


def test_the_corpus_folder_is_never_written(write, post, corpus, open_archive) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))

    open_archive().sync()

    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before


def test_default_index_lives_in_the_user_cache(write, post, corpus, tmp_path) -> None:
    write("a.md", post("Alpha", "The knee hurts."))
    with Archive.open(corpus) as archive:
        archive.sync()
        cache = Path(os.environ["XDG_CACHE_HOME"])
        assert archive.index_dir.is_relative_to(cache / "blog-reader")
        assert (archive.index_dir / "data" / "catalog.sqlite").is_file()


def test_a_parallel_build_gives_the_same_archive(
    write, post, corpus, open_archive, monkeypatch
) -> None:
    import blog_reader.index.sync

    for n in range(40):
        write(f"d{n % 3}/p{n:02}.md", post(f"Post {n}", f"Body of post {n} with token tok{n}x."))
    (corpus / "empty.md").write_bytes(b"")
    monkeypatch.setattr(blog_reader.index.sync, "PARALLEL_FROM", 10)  # real worker processes

    archive = open_archive()
    report = archive.sync()

    assert report.added == 40
    assert [s.path.name for s in report.skipped] == ["empty.md"]
    assert len(archive.posts()) == 40
    for n in range(40):
        assert [h.title for h in archive.search(f"tok{n}x").hits] == [f"Post {n}"]
    assert archive.search("bod").correction == "body"  # the words of every worker


def test_a_parallel_build_under_a_ui_that_captures_stderr(write, post, corpus, tmp_path) -> None:
    """The app builds from a thread (so workers are spawned) while Textual holds
    ``sys.stderr`` as a capture whose descriptor is -1: the build must not stop.
    A fresh interpreter, as multiprocessing's resource tracker is one per process."""
    for n in range(12):
        write(f"p{n:02}.md", post(f"Post {n}", f"Body of post {n}."))
    script = f"""
import sys, threading
import blog_reader.index.sync as sync
from blog_reader.index import Archive

class Captured:
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

sync.PARALLEL_FROM = 4
sys.stderr = Captured()
answer = []
def build():
    try:
        with Archive.open({str(corpus)!r}, {str(tmp_path / "index")!r}) as archive:
            answer.append(archive.sync().added)
    except Exception as error:
        answer.append(repr(error))
thread = threading.Thread(target=build)
thread.start()
thread.join()
print(answer)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "[12]", done.stdout + done.stderr


def test_a_cancelled_sync_leaves_the_index_as_it_was(
    write, post, corpus, open_archive, monkeypatch
) -> None:
    import blog_reader.index.sync
    from blog_reader.index import SyncCancelled

    write("first.md", post("First", "An early knee."))
    archive = open_archive()
    archive.sync()
    for n in range(30):
        write(f"later/p{n:02}.md", post(f"Later {n}", "More about elbows."))
    monkeypatch.setattr(blog_reader.index.sync, "PARALLEL_FROM", 10)  # real workers, then stopped

    def stop(progress: Progress) -> None:
        if progress.stage == "indexing":
            raise SyncCancelled

    with pytest.raises(SyncCancelled):
        archive.sync(progress=stop, rebuild=True)

    assert [p.title for p in archive.posts()] == ["First"]
    assert archive.search("knee").total == 1
    assert archive.sync().added == 30  # and the next sync does the work


def test_names_that_are_not_utf8_are_reported_not_lost(write, post, corpus, open_archive) -> None:
    import os

    write("good.md", post("Good", "A knee."))
    bad = os.path.join(os.fsencode(corpus), b"caf\xe9.md")
    with open(bad, "wb") as handle:
        handle.write(b"# Latin-1 name\n\nText.\n")
    report = open_archive().sync()
    assert report.added == 1
    (skipped,) = report.skipped
    assert skipped.path.name.startswith("caf") and "UTF-8" in skipped.reason


def test_reads_are_served_while_a_sync_runs(write, post, open_archive) -> None:
    import threading

    write("a.md", post("Alpha", "The knee hurts."))
    archive = open_archive()
    archive.sync()
    for n in range(120):
        write(f"more/p{n:03}.md", post(f"More {n}", "Elbows."))
    inside, release = threading.Event(), threading.Event()

    def slow(progress: Progress) -> None:
        if progress.stage == "reading":
            inside.set()
            release.wait(10)

    syncing = threading.Thread(target=archive.sync, kwargs={"progress": slow})
    syncing.start()
    try:
        assert inside.wait(10)
        # Mid-sync, the index as it was is still served, whole.
        assert archive.get("a.md").info.title == "Alpha"
        assert archive.search("knee").total == 1
        assert [p.id for p in archive.posts()] == ["a.md"]
    finally:
        release.set()
        syncing.join(10)
    assert len(archive.posts()) == 121
