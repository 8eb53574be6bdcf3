"""Pilot tests: the command palette's commands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.command import CommandPalette
from textual.pilot import Pilot

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets.search_box import SearchBox

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def run_command(pilot: Pilot[None], settle: Settle, text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)


async def test_open_a_post_by_title(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_command(pilot, settle, "recovery diary")
        assert app.reader.post is not None
        assert app.reader.post.info.id == "2024-02-20-diary.md"


async def test_toggle_dark_and_light(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.current_theme.dark
        await run_command(pilot, settle, "toggle dark")
        assert not app.current_theme.dark


async def test_search_from_the_palette(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_command(pilot, settle, "search the archive")
        assert isinstance(app.focused, SearchBox)


async def test_rebuild_the_index(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_command(pilot, settle, "rebuild the index")
        await settle(pilot)
        status = app.query_one("#status-text").content  # type: ignore[attr-defined]
        assert str(status) == "8 posts · index rebuilt"
        assert app.sidebar.post_count == 8
