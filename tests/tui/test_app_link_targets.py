"""Pilot tests: a link to another post opens it in the reader, at the heading its
``#fragment`` names; the links dialog says which links open in the reader."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.screens.links import LinksScreen
from tests.tui.screen_text import top_line, view_lines

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

FILLER = "\n\n".join(f"Paragraph {n} of the long post, before its heading." for n in range(60))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small site: ``a.md`` links to a heading far down ``b.md`` by its site path."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.md").write_text(
        "---\ntitle: Alpha\ndate: 2024-02-02\n---\n"
        "Read [the stretching part](/posts/b/#stretching), "
        "[all of it](b.md) or [a stranger](https://elsewhere.example.com/b/).\n",
        encoding="utf-8",
    )
    (root / "b.md").write_text(
        f"---\ntitle: Beta\ndate: 2024-01-01\n---\n{FILLER}\n\n## Stretching\n\nStretch.\n\n"
        f"{FILLER}\n",
        encoding="utf-8",
    )
    return root


def opened(app: BlogReaderApp) -> str | None:
    return app.reader.post.info.id if app.reader.post else None


async def links_dialog(pilot: Pilot[None], settle: Settle) -> LinksScreen:
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LinksScreen)
    return screen


async def test_the_links_dialog_says_which_links_open_in_the_reader(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert opened(app) == "a.md"
        screen = await links_dialog(pilot, settle)
        options = screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(3)]
        assert "opens in the reader: b.md" in shown[0]
        assert "opens in the reader: b.md" in shown[1]
        assert "outside the archive: https://elsewhere.example.com/b/" in shown[2]


async def test_a_link_with_a_fragment_opens_the_post_at_that_heading(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await links_dialog(pilot, settle)
        screen.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert opened(app) == "b.md"
        # The heading is the first line with words at the top of the reader.
        assert app.reader.view.scroll_y > 0
        assert "Stretching" in top_line(app), view_lines(app)
        # Back in the first post, a link without a fragment opens the top of the post.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        screen = await links_dialog(pilot, settle)
        screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert opened(app) == "b.md" and app.reader.view.scroll_y == 0
