"""Pilot tests: the facet row under the search summary, picked with the keys and the mouse."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from blog_reader.tui.app import BlogReaderApp, make_app
from blog_reader.tui.widgets.facet_bar import FacetBar
from blog_reader.tui.widgets.search_box import SearchBox
from tests.tui.conftest import write_corpus

Settle = Callable[[Pilot[None]], Awaitable[None]]

MARKUP_TAG = """\
---
title: "Knee brace"
date: 2023-06-01
tags: ["[b]bold[/b] knees"]
author: "Ann Lee"
---

A brace for the knee.
"""


@pytest.fixture
def app(tmp_path: Path, state_home: Path) -> BlogReaderApp:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "2023-06-01-brace.md").write_text(MARKUP_TAG, encoding="utf-8")
    return make_app(corpus, tmp_path / "index")


def bar_lines(app: BlogReaderApp) -> list[str]:
    bar = app.results.facet_bar
    return [bar.render_line(y).text.strip() for y in range(bar.size.height)]


def hit_count(app: BlogReaderApp) -> int:
    result = app.results.result
    assert result is not None
    return result.total


async def search(pilot: Pilot[None], settle: Settle, text: str) -> None:
    await settle(pilot)
    await pilot.press("slash", *text)
    await settle(pilot)


async def test_the_row_counts_every_hit(app: BlogReaderApp, settle: Settle) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, settle, "knee")
        assert hit_count(app) == 4
        assert bar_lines(app) == [
            "tag    [b]bold[/b] knees 1  exercise 1  knees 1  shoulders 1",
            "author Ann Lee 1",
            "year   2024 3  2023 1",
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert not app.results.facet_bar.display  # no query, no row


async def test_picking_a_value_narrows_and_again_widens(app: BlogReaderApp, settle: Settle) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, settle, "knee")
        box = app.query_one(SearchBox)
        bar = app.query_one(FacetBar)
        await pilot.press("tab")
        assert app.focused is bar
        await pilot.press("down", "enter")  # the first value of the author line
        await settle(pilot)
        assert box.value == 'knee author:"Ann Lee"'
        assert hit_count(app) == 1
        assert app.focused is bar
        assert bar_lines(app)[1] == "author ✓ Ann Lee 1"
        await pilot.press("enter")  # the cursor stayed on it: takes the filter away
        await settle(pilot)
        assert box.value == "knee"
        assert hit_count(app) == 4
        await pilot.press("down", "right", "enter")  # 2023 on the year line
        await settle(pilot)
        assert box.value == "knee date:2023"
        assert hit_count(app) == 1
        await pilot.press("escape")
        assert app.focused is box


async def test_a_click_picks_a_value(app: BlogReaderApp, settle: Settle) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, settle, "knee")
        bar = app.query_one(FacetBar)
        chip = next(chip for chip in bar.chips if chip.value.name == "shoulders")
        await pilot.click(FacetBar, offset=(chip.start + 2, chip.line))
        await settle(pilot)
        assert app.query_one(SearchBox).value == "knee tag:shoulders"
        assert hit_count(app) == 1


async def test_tab_without_facets_moves_on(app: BlogReaderApp, settle: Settle) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, settle, "zebra")
        assert hit_count(app) == 0
        assert not app.query_one(SearchBox).facets_shown
        await pilot.press("tab")
        assert not isinstance(app.focused, FacetBar | SearchBox)
