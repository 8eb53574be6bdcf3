"""Getting ready to search: what the first searches of a session need is read
before anyone types, once per index served, and nothing answers differently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from blog_reader.index import Archive, Order
from blog_reader.index.catalog import Catalog
from blog_reader.index.ordering import SegmentDates

Writer = Callable[[str, str], Path]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the archive's words, its facet rows and a segment's dates
    were read from disk."""
    counts = {"words": 0, "facet rows": 0, "dates": 0}

    def counted(name: str, method: Callable[..., object]) -> Callable[..., object]:
        def reading(*args: object, **kwargs: object) -> object:
            counts[name] += 1
            return method(*args, **kwargs)

        return reading

    monkeypatch.setattr(Catalog, "vocabulary", counted("words", Catalog.vocabulary))
    monkeypatch.setattr(Catalog, "facet_rows", counted("facet rows", Catalog.facet_rows))
    real_of = SegmentDates.of

    def of(self: SegmentDates, reader: object) -> list[int]:
        key = reader.segment().segment_id()  # type: ignore[attr-defined]
        if key not in self._dates:
            counts["dates"] += 1
        return real_of(self, reader)

    monkeypatch.setattr(SegmentDates, "of", of)
    return counts


def _archive(
    write: Writer, post: Callable[..., str], open_archive: Callable[[], Archive]
) -> Archive:
    write(
        "a.md", post("Knee pain", "The knee hurts after running.", date="2021-03-04", tags="[knee]")
    )
    write("b.md", post("Shoulder", "A shoulder and a knee.", date="2022-05-06", tags="[shoulder]"))
    archive = open_archive()
    archive.sync()
    return archive


def test_after_warming_up_the_first_searches_read_nothing_more(
    write: Writer,
    post: Callable[..., str],
    open_archive: Callable[[], Archive],
    reads: dict[str, int],
) -> None:
    archive = _archive(write, post, open_archive)
    assert reads == {"words": 0, "facet rows": 0, "dates": 0}
    archive.warm_up()
    assert reads["words"] == 1
    assert reads["facet rows"] == 1
    assert reads["dates"] >= 1
    warmed = dict(reads)
    misspelt = archive.search("kneee", prefix_last=True)  # corrected: the words
    assert misspelt.correction == "knee"
    newest = archive.search("tag:knee", order=Order.DATE)  # listed by date
    assert [hit.info.id for hit in newest.hits] == ["a.md"]
    facets = archive.facets("knee")
    assert {(value.name, value.count) for value in facets.tag} == {("knee", 1), ("shoulder", 1)}
    assert reads == warmed


def test_a_warmed_archive_answers_as_a_cold_one(
    write: Writer,
    post: Callable[..., str],
    open_archive: Callable[[], Archive],
    tmp_path: Path,
    corpus: Path,
) -> None:
    warm = _archive(write, post, open_archive)
    warm.warm_up()
    with Archive.open(corpus, tmp_path / "index") as cold:
        for query in ("knee", "sho", "kneee", "tag:knee"):
            assert warm.search(query, prefix_last=True) == cold.search(query, prefix_last=True)
            assert warm.facets(query) == cold.facets(query)


def test_warming_up_an_archive_without_an_index_does_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with Archive.open(tmp_path / "empty", tmp_path / "index") as archive:
        archive.warm_up()  # nothing served yet: no error
        archive.sync()
        archive.warm_up()  # no posts at all: no error
        assert archive.search("knee").total == 0


def test_warming_up_twice_reads_once(
    write: Writer,
    post: Callable[..., str],
    open_archive: Callable[[], Archive],
    reads: dict[str, int],
) -> None:
    archive = _archive(write, post, open_archive)
    archive.warm_up()
    archive.warm_up()
    assert reads["facet rows"] == 1
    assert reads["words"] == 1


def test_warming_up_stops_when_asked(
    write: Writer,
    post: Callable[..., str],
    open_archive: Callable[[], Archive],
    reads: dict[str, int],
) -> None:
    archive = _archive(write, post, open_archive)
    archive.warm_up(lambda: False)  # the app is quitting
    assert reads["dates"] == 0
    assert reads["facet rows"] == 0
    assert archive.search("tag:knee", order=Order.DATE).total == 1  # read when needed
    assert reads["dates"] >= 1
