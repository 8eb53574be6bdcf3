"""Pilot tests: the settings file at work in the app (theme saved, keys rebound,
a bad file told in one line)."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.config import config_path, load_settings
from blog_reader.tui.screens.help import HelpScreen
from blog_reader.tui.widgets.search_box import SearchBox

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def recorded(app: BlogReaderApp) -> list[str]:
    """The messages ``app`` notifies from now on (shown as usual too)."""
    messages: list[str] = []
    notify = app.notify

    def record(message: str, **options: Any) -> None:
        messages.append(message)
        notify(message, **options)

    app.notify = record  # type: ignore[method-assign]
    return messages


async def test_a_theme_chosen_in_the_app_is_saved_and_used_next_time(
    new_app: MakeApp, settle: Settle
) -> None:
    assert "XDG_CONFIG_HOME" in os.environ  # the file goes to the test's own folder
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme != "nord"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")  # "Theme": Textual's theme picker
        await pilot.pause(0.5)
        await pilot.press(*"nord")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
    assert 'theme = "nord"' in config_path().read_text(encoding="utf-8")

    again = new_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert again.settings.theme == "nord"


async def test_a_bad_setting_gives_one_line_and_its_default(
    new_app: MakeApp, settle: Settle
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord"\nmeasure = "wide"\n', encoding="utf-8")
    app = new_app()
    messages = recorded(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (line,) = [m for m in messages if str(path) in m]
        assert "measure" in line and "\n" not in line
        assert app.settings.measure == 80  # the default...
        assert app.theme == "nord"  # ...for that key only


async def test_a_file_that_is_not_toml_gives_one_line_and_the_defaults(
    new_app: MakeApp, settle: Settle
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord\n', encoding="utf-8")
    app = new_app()
    messages = recorded(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (line,) = [m for m in messages if str(path) in m]
        assert "not valid TOML" in line and "line 1" in line
        assert app.theme == "textual-dark"
        assert app.reader.post is not None  # the app goes on


async def test_keys_rebound_by_binding_id(new_app: MakeApp, settle: Settle) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\nsearch = "f"\nnot-a-binding = "x"\n', encoding="utf-8")
    app = new_app()
    messages = recorded(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (line,) = [m for m in messages if str(path) in m]
        assert "keys.not-a-binding" in line
        await pilot.press("slash")
        assert not isinstance(app.focused, SearchBox)  # "/" no longer searches
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.focused, SearchBox)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = "\n".join(str(w.render()) for w in app.screen.query(".help-section"))
        (search_line,) = [line for line in lines.splitlines() if "as you type" in line]
        assert search_line.split()[0] == "f"  # the help shows the key the user chose


async def test_the_theme_is_saved_without_losing_the_users_comments(
    new_app: MakeApp, settle: Settle, tmp_path: Path
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# my reader\nmeasure = 90  # wide\n", encoding="utf-8")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"  # as the palette's Theme command sets it
        await settle(pilot)
    text = path.read_text(encoding="utf-8")
    assert "# my reader" in text and "measure = 90  # wide" in text
    settings, problems = load_settings(path)
    assert settings.theme == "textual-light" and settings.measure == 90 and problems == []


async def test_an_unknown_theme_and_a_key_taken_from_another_binding_are_said(
    new_app: MakeApp, settle: Settle
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "no-such-theme"\n[keys]\noutline = "s"\n', encoding="utf-8")
    app = new_app()
    messages = recorded(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        said = [m for m in messages if str(path) in m]
        assert len(said) == 2, said  # each said once, however many keys are pressed
        assert any("'no-such-theme'" in m for m in said)
        assert any("keys.outline takes 's' from sidebar" in m for m in said)
        assert app.theme == "textual-dark"
        await pilot.press("s")  # now the outline's key
        await settle(pilot)
        assert app.sidebar.display  # "s" no longer hides the sidebar
