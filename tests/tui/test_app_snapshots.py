"""Snapshot tests of the main screens at 100x30 and 80x24, on the fixture archive.

Nothing on these screens varies between runs: no clock, no timings, no temporary
paths, the cursor does not blink.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from blog_reader.tui.app import BlogReaderApp, make_app
from blog_reader.tui.widgets.search_box import SearchBox

Settle = Callable[[Pilot[None]], Awaitable[None]]
SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(corpus: Path, tmp_path: Path, state_home: Path) -> BlogReaderApp:
    return make_app(corpus, tmp_path / "index")


def prepared(settle: Settle, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before``: wait for the sync and the first post, then press ``keys``."""

    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.query_one(SearchBox).cursor_blink = False
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_archive_view(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, "j", "j"))


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    keys = ("slash", "k", "n", "e", "e")
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, *keys))


@pytest.mark.parametrize("size", SIZES)
def test_post_with_matches(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    keys = ("slash", "k", "n", "e", "e", "enter", "n", "n")
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, *keys))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, "question_mark"))
