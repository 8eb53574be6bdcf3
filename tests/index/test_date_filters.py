"""Date filters find the posts a person means: a day, a month or a year; after it,
before it, from it, up to it; a range of days."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from blog_reader.index import Archive
from blog_reader.index.date_filters import with_dates_read

Writer = Callable[[str, str], Path]

DATES = ["2014-12-31", "2015-01-01", "2021-11-30", "2021-12-01", "2021-12-02", "2022-01-01"]


@pytest.fixture
def dated(write: Writer, post: Callable[..., str], open_archive: Callable[[], Archive]) -> Archive:
    for day in DATES:
        write(f"{day}.md", post(f"Notes of {day}", "Some notes.", date=day))
    archive = open_archive()
    archive.sync()
    return archive


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("date:2021-12-01", ["2021-12-01"]),
        ("date:2021-12", ["2021-12-01", "2021-12-02"]),
        ("date:>2021-12-01", ["2021-12-02", "2022-01-01"]),
        ("date:>=2021-12-01", ["2021-12-01", "2021-12-02", "2022-01-01"]),
        ("date:<2021-12-01", ["2014-12-31", "2015-01-01", "2021-11-30"]),
        ("date:<=2021-12-01", ["2014-12-31", "2015-01-01", "2021-11-30", "2021-12-01"]),
        ("date:>2021-11", ["2021-12-01", "2021-12-02", "2022-01-01"]),
        ("date:<2015", ["2014-12-31"]),
        ("date:>2021", ["2022-01-01"]),
        ("date:[2015-01-01 to 2021-12-01]", ["2015-01-01", "2021-11-30", "2021-12-01"]),
        ("date:[2021-12 to]", ["2021-12-01", "2021-12-02", "2022-01-01"]),
        ("date:[to 2014]", ["2014-12-31"]),
        ("date:[2015 to 2021]", ["2015-01-01", "2021-11-30", "2021-12-01", "2021-12-02"]),
        ("notes date:20211201", ["2021-12-01"]),
        ("notes -date:2021", ["2014-12-31", "2015-01-01", "2022-01-01"]),
        ("date:>2021-12-01 OR date:<2015", ["2014-12-31", "2021-12-02", "2022-01-01"]),
    ],
)
def test_date_filters_find_the_days_meant(dated: Archive, query: str, found: list[str]) -> None:
    result = dated.search(query, limit=20)
    assert sorted(hit.info.id.removesuffix(".md") for hit in result.hits) == found
    assert result.total == len(found)


def test_a_date_that_does_not_exist_is_left_to_the_parser() -> None:
    assert with_dates_read("date:2021-13-01") == "date:2021-13-01"
    assert with_dates_read("date:>2021-02-30") == "date:>2021-02-30"
    assert with_dates_read("date:yesterday") == "date:yesterday"
    assert with_dates_read("tag:2021-12-01") == "tag:2021-12-01"


def test_the_calendars_ends_are_no_trouble(dated: Archive) -> None:
    assert with_dates_read("date:>9999-12-31") == "date:>9999-12-31"
    assert with_dates_read("date:<0001") == "date:<0001"
    assert dated.search("date:<0001-01-01").total == 0  # no error
    assert dated.search("date:>9999").total == 0
