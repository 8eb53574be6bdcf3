"""A bug is not damage: only the storage layer's errors make the index be rebuilt.

Before, any failure of a read marked the index damaged: a ``TypeError`` injected
into snippet building made a search answer 0 hits, and the next sync rebuilt the
index (and the next search failed again). Damage itself is covered by
``tests/hostile/test_hostile_damage.py``.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from blog_reader.index import Archive, IndexBug, highlight
from blog_reader.index.catalog import Catalog

POSTS = {
    "knee.md": ("Knee pain", "Both of my knees ached after running."),
    "sea.md": ("At the beach", "I stepped on a sea urchin near the sea wall."),
    "rest.md": ("Rest", "A knee needs rest."),
}


@pytest.fixture
def archive(write, post, open_archive) -> Archive:
    for name, (title, body) in POSTS.items():
        write(name, post(title, body))
    archive = open_archive()
    archive.sync()
    return archive


def injected(*args: object, **kwargs: object) -> object:
    raise TypeError("injected")


def test_a_bug_in_a_search_is_raised_and_logged_and_not_taken_for_damage(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(highlight, "snippet", injected)
    with (
        caplog.at_level(logging.ERROR, logger="blog_reader"),
        pytest.raises(IndexBug, match=r"^searching: TypeError: injected$"),
    ):
        archive.search("knee")
    (record,) = caplog.records
    assert record.exc_info is not None and record.exc_info[0] is TypeError  # the traceback
    assert "A bug while searching" in record.getMessage()
    assert archive.damage is None and archive.ready
    assert not (archive.folder / "damaged").exists()
    assert len(archive.posts()) == 3  # the index is still served
    monkeypatch.undo()

    report = archive.sync()
    assert not report.rebuilt and report.messages == ()
    assert {hit.id for hit in archive.search("knee").hits} == {"rest.md", "knee.md"}


def test_damage_while_searching_is_still_damage(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same place failing with a storage error (as a garbled segment does)."""

    def garbled(*args: object, **kwargs: object) -> object:
        raise struct.error("unpack requires a buffer of 12 bytes")

    monkeypatch.setattr(highlight, "snippet", garbled)
    assert archive.search("knee").total == 0
    assert archive.damage == "struct.error: unpack requires a buffer of 12 bytes"
    monkeypatch.undo()
    assert archive.sync().rebuilt
    assert archive.search("knee").total == 2


@pytest.mark.parametrize(
    "read",
    [
        lambda archive: archive.posts(),
        lambda archive: archive.get("knee.md"),
        lambda archive: archive.find_matches("my knee", "knee"),
        lambda archive: archive.resolve_link("sea.md", "knee.md"),
    ],
    ids=["posts", "get", "find_matches", "resolve_link"],
)
def test_every_read_raises_a_bug_and_keeps_serving(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, read: Callable[[Archive], object]
) -> None:
    for name in ("infos", "post", "find_keys", "is_post"):
        monkeypatch.setattr(Catalog, name, injected)
    monkeypatch.setattr(highlight, "spans", injected)
    with pytest.raises(IndexBug, match="TypeError: injected"):
        read(archive)
    assert archive.damage is None and archive.ready
    monkeypatch.undo()
    assert len(archive.posts()) == 3


def test_a_bug_in_an_update_is_raised_not_rebuilt(
    archive: Archive, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update that fails on a bug (not on the catalog's files) does not rebuild."""
    (corpus / "new.md").write_text("# New\n\nA fresh knee.\n", encoding="utf-8")
    monkeypatch.setattr(Catalog, "stamps", injected)
    with pytest.raises(TypeError, match="injected"):
        archive.sync()
    monkeypatch.undo()
    report = archive.sync()
    assert not report.rebuilt and report.added == 1 and report.messages == ()


def test_a_bug_in_opening_the_index_is_raised_not_rebuilt(
    archive: Archive, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.close()
    monkeypatch.setattr(Catalog, "get_meta", injected)
    with pytest.raises(IndexBug, match=r"^opening the index: TypeError: injected$"):
        Archive.open(corpus, tmp_path / "index")
    assert not (tmp_path / "index" / "damaged").exists()
    monkeypatch.undo()
    with Archive.open(corpus, tmp_path / "index") as again:
        assert again.ready
        report = again.sync()
        assert not report.rebuilt and report.messages == ()
