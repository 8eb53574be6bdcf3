"""Pilot tests: typing in the search box loses no key, in a burst or a paste; `/`
selects the old query, Escape clears it, Enter opens the top hit as soon as there is one;
the top line names the archive beside the box."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from blog_reader.index import SearchResult, bundled_corpus
from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets.archive_header import archive_source, archive_title
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.sidebar import Sidebar
from tests.tui.conftest import POSTS
from tests.tui.screen_text import screen_line

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

SHA_TO_MAN = ["slash", *"sha", "backspace", "backspace", "backspace", *"man"]
"""Type "sha", take it back, type "man": the box must read "man"."""


def box_value(app: BlogReaderApp) -> str:
    return app.query_one(SearchBox).value


def opened_title(app: BlogReaderApp) -> str | None:
    post = app.reader.post
    return post.info.title if post else None


def right_pane(app: BlogReaderApp) -> str | None:
    return app.query_one("#right", ContentSwitcher).current


async def test_keys_pressed_in_one_call_are_all_typed(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*SHA_TO_MAN)
        await settle(pilot)
        assert box_value(app) == "man"


async def test_a_burst_from_the_terminal_loses_no_key(new_app: MakeApp, settle: Settle) -> None:
    """All the keys reach the app before it handles the first (a fast typist, a
    terminal sending a macro): Backspace must not be run after the letters that
    followed it."""
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app._driver is not None
        for key in SHA_TO_MAN:
            event = events.Key(key, "/" if key == "slash" else key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)  # as the benchmark's FrameClock sends keys
        await pilot.pause(0.2)
        await settle(pilot)
        assert box_value(app) == "man"
        assert right_pane(app) == "results"


async def test_a_paste_is_typed_into_the_box(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"sh")
        app.post_message(events.Paste("oulder pain"))
        await pilot.press(*"!", "backspace")
        await settle(pilot)
        assert box_value(app) == "shoulder pain"
        assert right_pane(app) == "results"


async def test_a_paste_right_after_slash_in_one_burst_lands_in_the_box(
    new_app: MakeApp, settle: Settle
) -> None:
    """ "/" and a paste reach the app before it handles the "/": the paste must not
    go to the pane that had the focus before."""
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app._driver is not None
        for event in (events.Key("slash", "/"), events.Paste("knee care"), events.Key("s", "s")):
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause(0.2)
        await settle(pilot)
        assert box_value(app) == "knee cares"
        assert right_pane(app) == "results"


async def test_slash_selects_the_old_query_so_typing_replaces_it(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"knee", "enter")  # opens a hit; the query stays
        await settle(pilot)
        assert opened_title(app) == "Knee care basics"
        assert box_value(app) == "knee"
        await pilot.press("slash", *"sleep")
        await settle(pilot)
        assert box_value(app) == "sleep"


async def test_escape_clears_the_box_and_up_brings_the_query_back(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"knee")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert box_value(app) == ""
        assert right_pane(app) == "reader"
        assert isinstance(app.focused, Sidebar)
        # `/ knee Esc / doug` searches "doug", not "kneedoug".
        await pilot.press("slash", *"sleep")
        await settle(pilot)
        assert box_value(app) == "sleep"
        await pilot.press("escape", "slash", "up")
        assert box_value(app) == "sleep"


async def test_enter_before_the_results_opens_the_top_hit_when_they_come(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    search = app.archive.search
    release = threading.Event()

    def slow_search(query: str, limit: int = 20, **options: Any) -> SearchResult:
        release.wait(5)
        return search(query, limit, **options)

    app.results._search = slow_search
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"knee", "enter")
        assert opened_title(app) != "Knee care basics"  # no hit yet
        release.set()
        await settle(pilot)
        assert opened_title(app) == "Knee care basics"
        assert right_pane(app) == "reader"


async def test_an_enter_left_behind_by_escape_opens_nothing(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    search = app.archive.search
    release = threading.Event()

    def slow_search(query: str, limit: int = 20, **options: Any) -> SearchResult:
        release.wait(5)
        return search(query, limit, **options)

    app.results._search = slow_search
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = opened_title(app)
        await pilot.press("slash", *"knee", "enter", "escape")
        release.set()
        await settle(pilot)
        assert opened_title(app) == before != "Knee care basics"


async def test_the_top_line_names_the_archive_beside_the_search_box(
    new_app: MakeApp, settle: Settle, corpus: Path
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        top = screen_line(app, 0)
        assert top.startswith(f" {corpus.name} · {len(POSTS)} posts · ")
        assert top.endswith("Search the archive  (/)")
        await pilot.press("slash", *"knee")
        await settle(pilot)
        assert screen_line(app, 0).endswith("knee")
        assert screen_line(app, 0).startswith(f" {corpus.name} · ")


async def test_a_query_longer_than_the_box_shows_its_end_where_you_type(
    new_app: MakeApp, settle: Settle
) -> None:
    """The box scrolls with the cursor: the words being typed stay in sight, and
    Home brings the query's start back (the box sets its scrolling range itself)."""
    words = "knee care after running on cold mornings without stretching first"
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *words)
        await settle(pilot)
        assert box_value(app) == words
        top = screen_line(app, 0)
        assert top.endswith("stretching first")
        assert "knee care" not in top
        await pilot.press("home")
        await settle(pilot)
        top = screen_line(app, 0)
        assert "knee care after" in top
        assert "stretching first" not in top


async def test_at_80_columns_the_folder_gives_way_from_its_start(
    new_app: MakeApp, settle: Settle, corpus: Path
) -> None:
    """The top line's label takes at most half the line: a long folder path is cut at
    its start (its end names the archive), never the label at its end."""
    assert len(str(corpus)) > 30  # a temporary folder: long enough to be cut at 80
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        top = screen_line(app, 0)
        label = top[: top.index("Search the archive")].rstrip()
        assert label.startswith(f" {corpus.name} · {len(POSTS)} posts · …")
        assert label.endswith(f"/{corpus.name}")
        assert len(label) <= 40


def test_the_archive_is_named_by_its_folder_or_as_the_bundled_one(tmp_path: Path) -> None:
    assert archive_title(bundled_corpus()) == "Exosomes"
    assert archive_source(bundled_corpus()) == "bundled"
    folder = Path.home() / "blogs" / "my-archive"
    assert archive_title(folder) == "my-archive"
    assert archive_source(folder) == "~/blogs/my-archive"
    deep = tmp_path / ("a" * 40) / "til"
    assert archive_source(deep, width=20) == "…" + str(deep)[-19:]
