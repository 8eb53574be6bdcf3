"""Pilot tests: opening, moving, the outline, the sidebar, help, quitting, state."""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from blog_reader.index import PostInfo
from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.reading.outline import Outline
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.screens.help import HelpScreen
from blog_reader.tui.state import Position, StateStore
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.sidebar import Sidebar
from tests.tui.screen_text import top_line, view_lines

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def sidebar_lines(app: App[None]) -> list[str]:
    sidebar = app.query_one(Sidebar)
    return [sidebar.render_line(y).text.rstrip() for y in range(sidebar.size.height)]


def opened(app: BlogReaderApp) -> str | None:
    return app.reader.post.info.id if app.reader.post else None


async def test_archive_is_grouped_and_the_first_post_opens(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = sidebar_lines(app)
        assert lines[0] == "March 2024 (3)"
        assert "February 2024 (5)" in lines
        assert any(line.endswith("◐ Running after fifty") for line in lines)
        assert any(line.endswith("○ Cold hands") for line in lines)
        assert lines[1].startswith("▌"), "the open post is marked"
        assert opened(app) == "2024-03-20-shoulder.md"
        assert app.focused is app.query_one(Sidebar)


async def test_keys_move_in_the_sidebar_and_enter_opens(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sidebar = app.query_one(Sidebar)
        await pilot.press("j", "down")
        assert sidebar.highlighted_id == "2024-03-01-markup.md"
        await pilot.press("j")  # skips the "February" header row
        assert sidebar.highlighted_id == "2024-02-25-control.md"
        await pilot.press("k", "up")
        assert sidebar.highlighted_id == "2024-03-05-knees.md"
        await pilot.press("G")
        assert sidebar.highlighted_id == "2024-02-01-cold.md"
        await pilot.press("g")
        assert sidebar.highlighted_id == "2024-03-20-shoulder.md"
        await pilot.press("end", "home", "j", "enter")
        await settle(pilot)
        assert opened(app) == "2024-03-05-knees.md"
        assert isinstance(app.focused, ReadingView), "Enter moves to the reader"


async def test_a_click_on_a_row_opens_the_post(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = sidebar_lines(app)
        row = next(i for i, line in enumerate(lines) if "Recovery diary" in line)
        sidebar = app.query_one(Sidebar)
        await pilot.click(Sidebar, offset=(5, row + sidebar.gutter.top))
        await settle(pilot)
        assert opened(app) == "2024-02-20-diary.md"


async def test_reader_keys_scroll_and_page(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-02-20-diary.md")
        await settle(pilot)
        scroll = app.query_one(ReadingView)
        scroll.focus()
        await pilot.press("j", "j")
        assert scroll.scroll_y == 2
        await pilot.press("k")
        assert scroll.scroll_y == 1
        await pilot.press("space")
        paged = scroll.scroll_y
        assert paged > 10
        await pilot.press("b")
        assert scroll.scroll_y < paged
        await pilot.press("G")
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("g")
        assert scroll.scroll_y == 0
        await pilot.press("pagedown", "end")
        assert scroll.scroll_y == scroll.max_scroll_y


async def test_tab_moves_between_sidebar_reader_and_search(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Sidebar)
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingView)
        await pilot.press("tab")
        assert isinstance(app.focused, SearchBox)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ReadingView)


async def test_outline_lists_the_headings_and_jumps(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-03-05-knees.md")
        await settle(pilot)
        outline = app.query_one(Outline)
        assert not outline.display
        app.query_one(ReadingView).focus()
        await pilot.press("t")
        await pilot.pause()
        assert outline.display and outline.region.width > 0
        assert app.focused is outline, "t moves the focus to the outline"
        prompts = [str(outline.get_option_at_index(i).prompt) for i in range(outline.option_count)]
        assert prompts == ["Warm up", "Stretching", "  Hamstrings", "Summary"], "no empty nodes"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.focused, ReadingView), "Enter goes back to the text"
        assert top_line(app) == "Hamstrings", "at the heading chosen"
        await pilot.press("t")
        await pilot.pause()
        assert app.focused is outline
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, ReadingView), "Escape goes back to the text"
        assert top_line(app) == "Hamstrings", "the place is kept"
        await pilot.press("t", "t")  # to the outline, then closed
        await pilot.pause()
        assert not outline.display
        assert isinstance(app.focused, ReadingView)


async def test_the_outline_is_not_offered_without_headings(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-03-05-knees.md")
        await settle(pilot)
        app.query_one(ReadingView).focus()
        await pilot.press("t")
        await pilot.pause()
        assert app.query_one(Outline).display
        app.open_post("2024-02-20-diary.md")  # no heading at all
        await settle(pilot)
        assert app.check_action("toggle_outline", ()) is None, "greyed out"
        assert not app.query_one(Outline).display, "no empty strip left"
        await pilot.press("t")
        await pilot.pause()
        assert not app.query_one(Outline).display


async def test_sidebar_toggles_and_starts_hidden_when_narrow(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sidebar = app.query_one(Sidebar)
        assert sidebar.display
        await pilot.press("s")
        assert not sidebar.display
        assert isinstance(app.focused, ReadingView), "the hidden sidebar lets go of the focus"
        await pilot.press("s")
        assert sidebar.display
    narrow = new_app()
    async with narrow.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        assert not narrow.query_one(Sidebar).display
        assert isinstance(narrow.focused, ReadingView)
        await pilot.press("s")
        assert narrow.query_one(Sidebar).display


async def test_help_lists_every_binding_of_the_app(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            str(static.content)
            for static in app.screen.query(".help-section, .help-heading").results(Static)
        )
        for binding in BlogReaderApp.BINDINGS:
            assert not isinstance(binding, tuple)
            assert (binding.tooltip or binding.description) in text
        assert "Next post" in text and "Page down" in text and "Command palette" in text
        copy_lines = [line for line in text.splitlines() if "Copy selected text" in line]
        assert all("^c" not in line for line in copy_lines), "^c quits here"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_markup_in_a_title_is_shown_literally(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        title = "[bold red]x[/] [@click=app.quit]y[/]"
        assert any(
            title[:14] + " " in line or title[:14] + "…" in line for line in sidebar_lines(app)
        )
        app.open_post("2024-03-01-markup.md")
        await settle(pilot)
        assert title in view_lines(app)[0], "the title as typed, first line of the reader"
        # Clicking the title must not run the action its text names.
        gutter = app.query_one(ReadingView).gutter
        await pilot.click(ReadingView, offset=(14 + gutter.left, gutter.top))
        await settle(pilot)
        assert app.is_running
        lines = sidebar_lines(app)
        assert any(line.endswith("Red text") for line in lines), "escape bytes are gone"


async def test_q_quits_but_not_while_typing(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q", "slash")
        assert app.query_one(SearchBox).value == "q/", "q and / are letters in the box"
        assert app.is_running
        assert app.check_action("quit_unless_typing", ()) is None, "greyed while typing"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_c_quits_even_while_typing(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "x", "ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_the_reading_position_is_restored_on_the_next_launch(
    new_app: MakeApp, settle: Settle
) -> None:
    first = new_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first.open_post("2024-02-20-diary.md")
        await settle(pilot)
        first.query_one(ReadingView).focus()
        await pilot.press("space", "j", "j", "j")
        words = top_line(first)
        assert words and "Paragraph 1:" not in words, "moved down the post"
        assert first.query_one(ReadingView).scroll_y > 10
        await pilot.press("q")
    saved = json.loads(first.state.path.read_text(encoding="utf-8"))
    assert [entry["post_id"] for entry in saved["corpora"].values()] == ["2024-02-20-diary.md"]

    second = new_app()  # another terminal size: other lines, the same words on top
    async with second.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert opened(second) == "2024-02-20-diary.md"
        assert words in top_line(second)
        assert second.query_one(Sidebar).highlighted_id == "2024-02-20-diary.md"


async def test_a_damaged_state_file_is_reported_and_ignored(
    new_app: MakeApp, settle: Settle
) -> None:
    state_file = new_app().state.path
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text("{oops", encoding="utf-8")
    app = new_app()
    messages: list[str] = []
    app.notify = lambda message, **_: messages.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert opened(app) == "2024-03-20-shoulder.md"
        assert any("starting afresh" in message for message in messages)


def numbered(count: int) -> list[PostInfo]:
    """``count`` posts numbered from 0, titled "Post N"."""
    return [
        PostInfo(id=f"{i}.md", title=f"Post {i}", root=Path("/corpus"), number=i)
        for i in range(count)
    ]


class SidebarAlone(App[None]):
    def compose(self) -> ComposeResult:
        yield Sidebar()


async def test_the_sidebar_holds_100000_posts_without_a_widget_each() -> None:
    posts = numbered(100_000)
    app = SidebarAlone()
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(Sidebar)
        sidebar.set_posts(posts)
        sidebar.focus()
        await pilot.press("G")
        assert sidebar.highlighted_id == "99999.md"
        assert not sidebar.children
        assert sidebar.virtual_size.height == len(posts) + 1  # one group header
        assert any("99999   Post 99999" in line for line in sidebar_lines(app))


async def test_the_sidebar_scroll_bar_follows_its_rows() -> None:
    """The bar's thumb is as long as the screen's share of the rows: when the rows
    change (another archive, a sync) the bar changes with them."""
    app = SidebarAlone()
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(Sidebar)
        sidebar.set_posts(numbered(500))
        await pilot.pause()
        bar = sidebar.vertical_scrollbar
        assert sidebar.show_vertical_scrollbar
        assert bar.window_virtual_size == 501  # and a group header
        sidebar.set_posts(numbered(40))
        await pilot.pause()
        assert sidebar.vertical_scrollbar.window_virtual_size == 41
        sidebar.set_posts(numbered(3))
        await pilot.pause()
        assert not sidebar.show_vertical_scrollbar


@pytest.fixture
def saves(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Position, bool]]:
    """Every write of the state file: the position written, and whether the UI
    thread wrote it."""
    written: list[tuple[Position, bool]] = []
    real_save = StateStore.save

    def counting(self: StateStore, corpus: Path, position: Position) -> None:
        written.append((position, threading.current_thread() is threading.main_thread()))
        real_save(self, corpus, position)

    monkeypatch.setattr(StateStore, "save", counting)
    return written


async def test_opening_posts_does_not_write_the_state_file_each_time(
    new_app: MakeApp, settle: Settle, saves: list[tuple[Position, bool]], monkeypatch
) -> None:
    import blog_reader.tui.app

    monkeypatch.setattr(blog_reader.tui.app, "SAVE_POSITION_SECONDS", 3600.0)
    first = new_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for post_id in ("2024-03-05-knees.md", "2024-02-11-sleep.md", "2024-02-20-diary.md"):
            first.open_post(post_id)
            await settle(pilot)
        assert opened(first) == "2024-02-20-diary.md"
        assert saves == []
        first.query_one(ReadingView).focus()
        await pilot.press("j", "j")
        await settle(pilot)
        top = top_line(first)
        await pilot.press("q")
    assert len(saves) == 1, saves  # once, at quit, by the UI thread
    ((position, by_ui),) = saves
    assert by_ui and position.post_id == "2024-02-20-diary.md"
    assert position != Position("2024-02-20-diary.md")  # not the top: the place moved to

    second = new_app()
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert opened(second) == "2024-02-20-diary.md"
        assert top_line(second) == top


async def test_the_position_is_written_from_a_worker_when_it_changed(
    new_app: MakeApp, settle: Settle, saves: list[tuple[Position, bool]], monkeypatch
) -> None:
    import blog_reader.tui.app

    monkeypatch.setattr(blog_reader.tui.app, "SAVE_POSITION_SECONDS", 0.05)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-02-11-sleep.md")
        for _ in range(100):
            await settle(pilot)
            if saves and saves[-1][0].post_id == "2024-02-11-sleep.md":
                break
        for _ in range(5):  # more rounds of the timer: the same position is not written again
            await settle(pilot)
        sleep_writes = [ui for position, ui in saves if position.post_id == "2024-02-11-sleep.md"]
        assert sleep_writes == [False], saves  # once, and not by the UI thread
