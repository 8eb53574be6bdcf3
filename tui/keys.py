"""The app's keys, and how the help screen groups every key of the app."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from blog_reader.tui.screens.confirm import ConfirmScreen
from blog_reader.tui.screens.help import Section
from blog_reader.tui.widgets.reader import ReaderScroll
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.search_results import HitList
from blog_reader.tui.widgets.sidebar import Sidebar

APP_BINDINGS: list[BindingType] = [
    # A priority key, so letters typed right after it reach the box (see check_action).
    Binding("slash", "search", "Search", tooltip="Search the archive as you type", priority=True),
    Binding(
        "ctrl+o",
        "toggle_order",
        "Order",
        tooltip="Order the hits best match first or newest first",
    ),
    Binding(
        "ctrl+r",
        "search_as_typed",
        "As typed",
        tooltip="Search the query as typed, not its correction",
    ),
    Binding("n", "match(1)", "Match", tooltip="Next match of the search in this post"),
    Binding("N", "match(-1)", "Previous match", show=False),
    Binding("left_square_bracket", "history_back", "Back", tooltip="Back to the post read before"),
    Binding("right_square_bracket", "history_forward", "Forward", show=False),
    Binding("alt+left", "history_back", "Back", show=False),
    Binding("alt+right", "history_forward", "Forward", show=False),
    Binding("t", "toggle_outline", "Outline", tooltip="Show or hide the post's headings"),
    Binding("l", "links", "Links", tooltip="List the post's links to follow one"),
    Binding(
        "o",
        "open_original",
        "Original",
        show=False,
        tooltip="Open the post's original address in the browser (asks first)",
    ),
    Binding("s", "toggle_sidebar", "Sidebar", tooltip="Show or hide the archive"),
    Binding("question_mark", "help", "Help", tooltip="List every key"),
    Binding("q", "quit_unless_typing", "Quit", tooltip="Quit (when not typing)"),
    Binding(
        "ctrl+q,ctrl+c",
        "quit",
        "Quit",
        show=False,
        priority=True,
        tooltip="Quit at once, even while typing",
    ),
]
"""Keys that work anywhere in the app (``check_action`` greys out what cannot run)."""


def help_sections(app_type: type[DOMNode], palette_key: str) -> list[Section]:
    """Where each group of keys works, for the help screen."""
    palette = Binding(palette_key, "command_palette", "Command palette")
    return [
        Section("Anywhere", app_type, inherited=True, extra=(palette,)),
        Section("Moving between panes", Screen),
        Section("Archive (sidebar)", Sidebar),
        Section("Reader", ReaderScroll, inherited=True),
        Section("Search box", SearchBox),
        Section("Search results", HitList, inherited=True),
        Section("Link dialog", ConfirmScreen),
    ]
