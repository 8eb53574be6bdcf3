"""Pilot tests: a bug in a read is told in one line and logged, never taken for damage.

Before, any failure of a read marked the index damaged: a ``TypeError`` in
snippet building made the search answer 0 hits and the status line's damage
check rebuild the index, again and again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from blog_reader.index import highlight
from blog_reader.index.search import SearchEngine
from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets.sync_status import SyncStatus

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def injected(*args: object, **kwargs: object) -> object:
    raise TypeError("injected")


def log_text(state_home: Path) -> str:
    return (state_home / "blog-reader" / "blog-reader.log").read_text(encoding="utf-8")


async def test_a_bug_in_a_search_is_said_and_logged_and_rebuilds_nothing(
    new_app: MakeApp, settle: Settle, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(highlight, "snippet", injected)
        await pilot.press("slash", *"knee")
        await settle(pilot)
        shown = str(app.results.query_one("#search-summary", Static).content)
        assert shown.startswith("Search failed: internal error (searching: TypeError: injected)")
        log = state_home / "blog-reader" / "blog-reader.log"
        assert shown.endswith(f"; its traceback is in {log}")
        assert app.archive.damage is None
        status = app.query_one(SyncStatus)
        status._check_damage()  # what the status line runs every few seconds
        assert not status.running, "a bug must not start a rebuild"
        assert not (app.archive.folder / "damaged").exists()
    logged = log_text(state_home)
    assert "Traceback (most recent call last)" in logged
    assert "TypeError: injected" in logged and "in injected" in logged


async def test_a_bug_in_marking_matches_is_told_once_and_the_post_still_opens(
    new_app: MakeApp, settle: Settle, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        told: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **_: told.append(message))
        monkeypatch.setattr(SearchEngine, "find_matches", injected)
        app.open_post("2024-03-05-knees.md", query="knee")  # marks are asked block by block
        await settle(pilot)
        assert app.reader.post is not None and app.reader.post.info.id == "2024-03-05-knees.md"
        assert told == [
            "Internal error (marking matches: TypeError: injected); its traceback is in "
            f"{state_home / 'blog-reader' / 'blog-reader.log'}"
        ]
        assert app.archive.damage is None and app.archive.ready
    assert "TypeError: injected" in log_text(state_home)
