"""Pilot tests: the hits come a page at a time, as many as the screen shows and two
more; going down the list fetches the next page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets.hit_list import HitList

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def summary(app: BlogReaderApp) -> str:
    return str(app.results.query_one("#search-summary", Static).content)


async def type_query(pilot: Pilot[None], settle: Settle, text: str) -> None:
    await pilot.press("slash", *text)
    await settle(pilot)


@pytest.fixture
def diary(corpus: Path) -> Path:
    """45 posts that all match "sleepless"."""
    for n in range(45):
        (corpus / f"diary-{n:02}.md").write_text(
            f"---\ntitle: Diary, day {n}\n---\n\nA sleepless night, day {n}.\n", encoding="utf-8"
        )
    return corpus


async def test_going_down_the_hits_fetches_the_next_page(
    new_app: MakeApp, diary: Path, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "sleepless")
        hits = app.query_one(HitList)
        page = app.results.page
        assert page == 12  # what 30 rows can show (a hit takes 3 lines or more), and two
        assert hits.option_count == page
        assert summary(app) == f"45 posts match sleepless ({page} shown)"
        await pilot.press(*["down"] * (page - 2))
        await settle(pilot)
        # Near the end of the page: the next one is added below, the cursor stays.
        assert hits.option_count == 2 * page
        assert hits.highlighted == page - 2
        assert summary(app) == f"45 posts match sleepless ({2 * page} shown)"
        for _ in range(3):
            await pilot.press(*["down"] * page)
            await settle(pilot)
        assert hits.option_count == 45
        assert summary(app) == "45 posts match sleepless"
        titles = [str(hits.get_option_at_index(i).prompt).split("\n")[0] for i in range(45)]
        assert sorted(titles) == sorted(f"Diary, day {n}" for n in range(45))


@pytest.mark.parametrize("rows", [24, 30, 45, 70])
async def test_the_first_page_fills_the_list(
    new_app: MakeApp, diary: Path, settle: Settle, rows: int
) -> None:
    app = new_app()
    async with app.run_test(size=(100, rows)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "sleepless")
        hits = app.query_one(HitList)
        assert 0 < hits.size.height < hits.virtual_size.height  # no blank below the hits
        assert hits.option_count == app.results.page < 45


async def test_a_taller_screen_lists_more_hits(
    new_app: MakeApp, diary: Path, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "sleepless")
        hits = app.query_one(HitList)
        shown = hits.option_count
        await pilot.resize_terminal(100, 70)
        await settle(pilot)
        assert hits.option_count >= app.results.page > shown
        assert hits.size.height < hits.virtual_size.height  # filled again
