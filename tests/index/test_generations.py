"""The index is served as generations: a read keeps its own open across a sync,
a replaced one is closed when its last read ends, and an open or the marking of
matches never waits for a search running in another thread."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from blog_reader.index import Archive, SearchResult, Span
from blog_reader.index.catalog import Catalog
from blog_reader.index.search import SearchEngine
from tests.open_files import deleted_files_open, needs_proc


@pytest.fixture
def archive(write, post, open_archive) -> Archive:
    write("knee.md", post("Knee pain", "Both of my knees ached after running."))
    write("rest.md", post("Rest", "A kneeling rest helps."))
    write("sea.md", post("At the beach", "A sea urchin."))
    archive = open_archive()
    archive.sync()
    return archive


class HeldSearch:
    """A search in another thread, stopped inside ``method`` (of ``owner``) until
    released: what a long search looks like to the other threads. ``method`` is
    held under its object's lock, as the search holds it there."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type, method: str) -> None:
        # The search calls SearchEngine._run with the searcher's lock held already.
        take_lock = owner is not SearchEngine
        self.inside = threading.Event()
        self.release = threading.Event()
        self.results: list[SearchResult] = []
        real = getattr(owner, method)
        held = self

        def holding(self: Any, *args: Any, **kwargs: Any) -> Any:
            with self._lock if take_lock else contextlib.nullcontext():
                held.inside.set()
                held.release.wait(60)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(owner, method, holding)

    def start(self, archive: Archive, query: str) -> threading.Thread:
        thread = threading.Thread(target=lambda: self.results.append(archive.search(query)))
        thread.start()
        assert self.inside.wait(60)
        return thread


@pytest.fixture
def finish() -> Iterator[Callable[[HeldSearch, threading.Thread], None]]:
    pending: list[tuple[HeldSearch, threading.Thread]] = []
    yield lambda held, thread: pending.append((held, thread))
    for held, thread in pending:
        held.release.set()
        thread.join(60)


def _in_a_thread(read: Callable[[], object]) -> object:
    """``read()`` in a thread; fails if it has not returned after a generous wait
    (it would be waiting for the held search)."""
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(read()), daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "the read waited for the search"
    return out[0]


@pytest.mark.parametrize(
    ("owner", "method"),
    [(SearchEngine, "_run"), (Catalog, "texts")],
    ids=["inside the searcher", "inside a catalog read"],
)
def test_an_open_and_marking_matches_do_not_wait_for_a_search(
    archive: Archive,
    monkeypatch: pytest.MonkeyPatch,
    finish: Callable[[HeldSearch, threading.Thread], None],
    owner: type,
    method: str,
) -> None:
    held = HeldSearch(monkeypatch, owner, method)
    thread = held.start(archive, "knee*")
    finish(held, thread)

    spans = _in_a_thread(lambda: archive.find_matches("My knees, kneeling", "knee*"))
    assert spans == (Span(3, 8), Span(10, 18))
    post = _in_a_thread(lambda: archive.get("knee.md"))
    assert post.info.title == "Knee pain"  # type: ignore[attr-defined]

    held.release.set()
    thread.join(60)
    assert {hit.id for hit in held.results[0].hits} == {"knee.md", "rest.md"}


@needs_proc
def test_a_read_keeps_its_index_across_a_rebuild_which_is_closed_after_it(
    archive: Archive,
    monkeypatch: pytest.MonkeyPatch,
    finish: Callable[[HeldSearch, threading.Thread], None],
) -> None:
    held = HeldSearch(monkeypatch, SearchEngine, "_run")
    thread = held.start(archive, "knee")
    finish(held, thread)

    assert archive.sync(rebuild=True).rebuilt  # swaps in a new index under the search
    descriptors, _ = deleted_files_open(archive.folder)
    assert descriptors, "the search's index, deleted by the rebuild, is still open"

    held.release.set()
    thread.join(60)
    (result,) = held.results
    assert [hit.id for hit in result.hits] == ["knee.md"]
    assert result.hits[0].snippet.spans  # read whole from the old files
    assert deleted_files_open(archive.folder) == ([], [])


def test_a_read_that_fails_as_the_index_keeps_moving_is_logged(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise OSError("No such file or directory: 'MAIN_x.seg'")

    monkeypatch.setattr(SearchEngine, "search", failing)
    monkeypatch.setattr(Archive, "_replaced", lambda self: True)  # another process rebuilds
    with caplog.at_level(logging.WARNING, logger="blog_reader.index.serving"):
        result = archive.search("knee")
    assert result.hits == () and result.total == 0
    (record,) = caplog.records
    assert "replaced twice" in record.getMessage() and "searching" in record.getMessage()
    assert record.exc_info is not None  # with its traceback
