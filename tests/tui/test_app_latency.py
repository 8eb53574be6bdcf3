"""Pilot tests: what keeps keys quick. A letter typed in the box is drawn with its hits
in one frame, and a slow search never keeps the letter from being drawn; the cycle
collector's full passes wait for a pause in the user's input."""

from __future__ import annotations

import gc
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from blog_reader.index import Archive
from blog_reader.tui import collecting
from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets import search_box
from blog_reader.tui.widgets.search_box import SearchBox
from tests.tui.screen_text import screen_line

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def record_frames(app: BlogReaderApp) -> list[tuple[str, str]]:
    """(top line, results' first line) of every frame painted from now on (the
    screen as drawn, where :func:`screen_line` alone renders it as it would be)."""
    frames: list[tuple[str, str]] = []
    screen = app.screen
    paint = screen._compositor_refresh

    def painted() -> None:
        paint()
        frames.append((screen_line(app, 0), screen_line(app, 1)))

    screen._compositor_refresh = painted  # type: ignore[method-assign]
    return frames


@pytest.fixture
def held_for_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the hits end the hold: a test must not race the clock."""
    monkeypatch.setattr(search_box, "HOLD_SECONDS", 10.0)


async def type_kne(app: BlogReaderApp, pilot: Pilot[None], settle: Settle) -> None:
    """Type "kne" into the box and wait for its hits."""
    await settle(pilot)
    await pilot.press("slash", *"kne")
    await settle(pilot)
    assert "match kne" in screen_line(app, 1)


async def test_a_letter_and_its_hits_come_in_one_frame(
    new_app: MakeApp, settle: Settle, held_for_hits: None
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await type_kne(app, pilot, settle)
        frames = record_frames(app)
        await pilot.press("e")
        await settle(pilot)
        assert "match knee" in screen_line(app, 1)
        showing_the_letter = [hits for top, hits in frames if top.endswith("knee")]
        assert showing_the_letter, frames
        assert all("match knee" in hits for hits in showing_the_letter), frames


async def test_facets_are_counted_once_the_hits_are_drawn(
    new_app: MakeApp, settle: Settle, held_for_hits: None
) -> None:
    """A count running while the hits' frame is drawn would take turns with it."""
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await type_kne(app, pilot, settle)
        frames = record_frames(app)
        drawn_when_counted: list[list[tuple[str, str]]] = []
        count = app.results._facets
        assert count is not None

        def counting(*args: Any, **kwargs: Any) -> Any:
            drawn_when_counted.append(list(frames))
            return count(*args, **kwargs)

        app.results._facets = counting
        await pilot.press("e")
        await settle(pilot)
        assert drawn_when_counted
        assert any("match knee" in hits for _, hits in drawn_when_counted[0])
        assert app.results.facet_bar.query_text == "knee"


async def test_a_slow_search_does_not_hold_the_letter_back(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        release = threading.Event()
        search = app.results._search

        def slow(*args: Any, **kwargs: Any) -> Any:
            release.wait(5)
            return search(*args, **kwargs)

        app.results._search = slow
        await pilot.press("slash")
        await settle(pilot)
        frames = record_frames(app)
        await pilot.press("k")
        await pilot.pause(search_box.HOLD_SECONDS + 0.3)
        assert app.query_one(SearchBox).value == "k"
        assert app.results.result is None or app.results.result.query != "k"
        assert any(top.endswith(" k") for top, _ in frames), frames  # drawn, no hits yet
        release.set()
        await settle(pilot)
        assert app.results.result is not None and app.results.result.query == "k"


def full_passes() -> tuple[list[int], Callable[[str, dict[str, int]], None]]:
    """A list that counts the collector's full passes, and the callback that fills it."""
    passes: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            passes.append(1)

    return passes, seen


async def test_full_collector_passes_wait_for_a_pause_in_the_keys(
    new_app: MakeApp, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collecting, "CHECK_SECONDS", 0.05)
    monkeypatch.setattr(collecting, "IDLE_SECONDS", 1.0)
    before = gc.get_threshold()
    passes, seen = full_passes()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        gc.callbacks.append(seen)
        try:
            for letter in "knee care":
                gc.collect(1)  # young passes promote: a full pass is due
                await pilot.press(letter if letter != " " else "space")
                await pilot.pause(0.05)
            assert not passes  # none while typing
            await pilot.pause(collecting.IDLE_SECONDS + 0.5)
            assert passes  # one in the pause
        finally:
            gc.callbacks.remove(seen)
    assert gc.get_threshold() == before  # the collector's own heuristics again


async def test_a_full_pass_comes_anyway_after_long_use_without_a_pause(
    new_app: MakeApp, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collecting, "CHECK_SECONDS", 0.05)
    monkeypatch.setattr(collecting, "LONGEST_SECONDS", 0.3)
    passes, seen = full_passes()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        gc.callbacks.append(seen)
        try:
            for _ in range(20):
                gc.collect(1)
                await pilot.press("j")
                await pilot.pause(0.05)
        finally:
            gc.callbacks.remove(seen)
        assert passes


async def test_the_app_gets_ready_to_search_after_each_sync(
    new_app: MakeApp, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed: list[str] = []
    real = Archive.warm_up

    def warm_up(archive: Archive, keep_going: Callable[[], bool]) -> None:
        warmed.append(threading.current_thread().name)
        assert keep_going()  # until the app quits
        real(archive, keep_going)

    monkeypatch.setattr(Archive, "warm_up", warm_up)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(warmed) == 1  # after the sync at launch
        assert warmed[0] != threading.main_thread().name  # not on the UI thread
        app.action_rebuild()
        await settle(pilot)
        assert len(warmed) == 2  # the rebuilt index too
