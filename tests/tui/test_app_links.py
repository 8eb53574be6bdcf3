"""Pilot tests: internal links, history, external links behind a confirmation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.screens.confirm import ConfirmScreen
from blog_reader.tui.screens.links import LinksScreen
from blog_reader.tui.screens.pick import PAGE
from tests.tui.screen_text import view_lines

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def opened(app: BlogReaderApp) -> str | None:
    return app.reader.post.info.id if app.reader.post else None


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Addresses the app asked the browser to open (none really is)."""
    urls: list[str] = []
    monkeypatch.setattr(BlogReaderApp, "open_url", lambda self, url, **_: urls.append(url))
    return urls


async def open_knees(app: BlogReaderApp, pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    app.open_post("2024-03-05-knees.md")
    await settle(pilot)


async def choose_link(pilot: Pilot[None], text: str) -> None:
    await pilot.press("l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LinksScreen)
    index = next(i for i, link in enumerate(screen.links) if link.text == text)
    options = screen.query_one(OptionList)
    options.highlighted = index
    await pilot.press("enter")


async def test_an_internal_link_opens_in_the_reader_then_back_and_forward(
    new_app: MakeApp, settle: Settle, browser: list[str]
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_knees(app, pilot, settle)
        await choose_link(pilot, "shoulder pain")  # its original address, with www.
        await settle(pilot)
        assert opened(app) == "2024-03-20-shoulder.md"
        assert browser == []
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert opened(app) == "2024-03-05-knees.md"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert opened(app) == "2024-03-20-shoulder.md"
        await pilot.press("alt+left")
        await settle(pilot)
        assert opened(app) == "2024-03-05-knees.md"
        await pilot.press("alt+right")
        await settle(pilot)
        assert opened(app) == "2024-03-20-shoulder.md"
        assert app.check_action("history_forward", ()) is None, "greyed at the end of history"


async def test_a_relative_link_is_followed_by_a_click(
    new_app: MakeApp, settle: Settle, browser: list[str]
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert opened(app) == "2024-03-20-shoulder.md"
        lines = view_lines(app)
        row = next(y for y, line in enumerate(lines) if "knee care" in line)
        gutter = app.query_one(ReadingView).gutter
        column = lines[row].index("knee care") + 2
        await pilot.click(ReadingView, offset=(column + gutter.left, row + gutter.top))
        await settle(pilot)
        assert opened(app) == "2024-03-05-knees.md"
        assert browser == []


async def test_an_external_link_asks_first_and_no_means_no(
    new_app: MakeApp, settle: Settle, browser: list[str]
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_knees(app, pilot, settle)
        await choose_link(pilot, "the elsewhere page")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(app.screen.detail) == "https://elsewhere.example.com/page"
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert browser == []
        assert opened(app) == "2024-03-05-knees.md"

        await choose_link(pilot, "the elsewhere page")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert browser == []

        await choose_link(pilot, "the elsewhere page")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert browser == ["https://elsewhere.example.com/page"]


async def test_a_link_that_is_not_web_or_mail_is_never_opened(
    new_app: MakeApp, settle: Settle, browser: list[str]
) -> None:
    app = new_app()
    messages: list[str] = []
    app.notify = lambda message, **_: messages.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_knees(app, pilot, settle)
        await choose_link(pilot, "this")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert browser == []
        assert any("ftp://files.example.com/x" in message for message in messages)


async def test_o_offers_the_original_address(
    new_app: MakeApp, settle: Settle, browser: list[str]
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-02-02-running.md")
        await settle(pilot)
        header = "\n".join(view_lines(app))
        assert "Only the archive's summary of this post is known" in header
        assert "https://example.org/running-after-fifty" in header
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert browser == ["https://example.org/running-after-fifty"]
        app.open_post("2024-02-01-cold.md")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen), "no address: nothing to confirm"


async def test_a_post_with_thousands_of_links_lists_them_a_page_at_a_time(
    new_app: MakeApp, settle: Settle, corpus: Path
) -> None:
    links = "\n".join(f"- [release {n}](https://example.org/v{n})" for n in range(450))
    (corpus / "2024-05-01-releases.md").write_text(f"# Releases\n\n{links}\n", encoding="utf-8")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-05-01-releases.md")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LinksScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == PAGE < 450  # the first page, at once
        options.highlighted = PAGE - 3
        await pilot.press("down")
        await settle(pilot)
        assert options.option_count == 2 * PAGE  # the next, as the cursor nears the end
        await pilot.press("end")
        await settle(pilot)
        assert options.option_count == 450
        assert options.highlighted == 449
        assert "release 449" in str(options.get_option_at_index(449).prompt.content)
