"""Pilot tests: the command palette's commands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.command import CommandList, CommandPalette
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


async def test_the_theme_command_switches_to_light(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.current_theme.dark
        await run_command(pilot, settle, "theme")
        assert isinstance(app.screen, CommandPalette)  # the themes to choose from
        await pilot.press(*"textual-light")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.current_theme.dark


def palette_entries(app: BlogReaderApp) -> list[str]:
    """The commands the open palette lists, by their first line."""
    listed = app.screen.query_one(CommandList)
    return [
        str(listed.get_option_at_index(i).prompt).split("\n")[0].strip()
        for i in range(listed.option_count)
    ]


async def test_the_palette_offers_every_action_that_works_once(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"knee", "enter")  # a post with headings and links
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        entries = palette_entries(app)
        assert len(entries) == len(set(entries)), entries
        for name in (
            "Search the archive",
            "Help",
            "Sidebar",
            "Outline",
            "Links",
            "Related posts",
            "Back",
            "Open the original",
            "Wider text",
            "Narrower text",
            "Rebuild the index",
            "Theme",
            "Quit",
            "Search again: knee",
        ):
            assert name in entries, (name, entries)
        # Textual's "Keys" repeats Help; Forward does not work yet (nothing to go to).
        assert "Keys" not in entries and "Forward" not in entries
        assert not any("Toggle" in entry for entry in entries)


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
