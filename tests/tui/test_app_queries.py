"""Pilot tests: filters and exclusions narrow, the order key, prefixes while typing,
and the search history (Up in an empty box, the palette)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets.hit_list import HitList
from blog_reader.tui.widgets.search_box import SearchBox

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def summary(app: BlogReaderApp) -> str:
    return str(app.results.query_one("#search-summary", Static).content)


def order_label(app: BlogReaderApp) -> str:
    return str(app.results.query_one("#search-order", Static).content)


def titles(app: BlogReaderApp) -> list[str]:
    hits = app.query_one(HitList)
    return [
        str(hits.get_option_at_index(i).prompt).split("\n")[0].split("  ")[0]
        for i in range(hits.option_count)
    ]


async def type_query(pilot: Pilot[None], settle: Settle, text: str) -> None:
    await pilot.press("slash", "ctrl+e", "ctrl+u", *text)
    await settle(pilot)


async def test_a_filter_narrows_the_words(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "sleep")
        assert summary(app) == "2 posts match sleep"
        await type_query(pilot, settle, "sleep tag:sleep")
        assert summary(app) == "1 post matches sleep tag:sleep"
        assert titles(app) == ["Recovery diary"]


async def test_minus_excludes_a_word(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee -sleep")
        assert summary(app) == "2 posts match knee -sleep"
        assert "Sleep and recovery" not in titles(app)


async def test_a_filter_alone_lists_newest_first(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "date:2024-02")
        assert summary(app) == "5 posts match date:2024-02"
        result = app.results.result
        assert result is not None
        dates = [hit.info.date for hit in result.hits]
        assert dates == sorted(dates, reverse=True) and len(set(dates)) == 5


async def test_ctrl_o_orders_the_hits_by_date_and_back(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        assert order_label(app) == "best match first (ctrl+o)"
        assert titles(app)[0] == "Knee care basics"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert order_label(app) == "newest first (ctrl+o)"
        assert titles(app) == ["Shoulder pain", "Knee care basics", "Sleep and recovery"]
        assert summary(app) == "3 posts match knee"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert order_label(app) == "best match first (ctrl+o)"
        assert titles(app)[0] == "Knee care basics"


async def test_the_word_being_typed_finds_longer_words_after_whole_ones(
    new_app: MakeApp, corpus: Path, settle: Settle
) -> None:
    (corpus / "jones.md").write_text(
        "---\ntitle: The Jones family\n---\n\nJones, Jones and the Joneses.\n", encoding="utf-8"
    )
    (corpus / "jon.md").write_text(
        "---\ntitle: A call\n---\n\nJon called about the fence.\n", encoding="utf-8"
    )
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "shoul")
        assert summary(app) == "2 posts match shoul"
        assert titles(app)[0] == "Shoulder pain"
        await type_query(pilot, settle, "jon")
        assert summary(app) == "2 posts match jon"
        assert titles(app) == ["A call", "The Jones family"]


async def test_up_in_an_empty_box_walks_back_through_earlier_searches(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        await pilot.press("enter")  # opens a hit: the query is remembered
        await settle(pilot)
        await type_query(pilot, settle, "sleep")
        await pilot.press("escape")  # leaves the search: remembered too
        await type_query(pilot, settle, "")
        box = app.query_one(SearchBox)
        await pilot.press("up")
        await settle(pilot)
        assert box.value == "sleep"
        assert summary(app) == "2 posts match sleep"
        await pilot.press("up")
        await settle(pilot)
        assert box.value == "knee"
        assert summary(app) == "3 posts match knee"

    again = new_app()  # another run on the same archive
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "")
        await pilot.press("up")
        await settle(pilot)
        assert again.query_one(SearchBox).value == "sleep"
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(again.screen, CommandPalette)
        await pilot.press(*"again knee")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert again.query_one(SearchBox).value == "knee"
        assert summary(again) == "3 posts match knee"
