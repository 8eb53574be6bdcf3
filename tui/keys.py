"""The app's keys, the keys shared by its lists and scrolling panes, and how the help
screen groups every key of the app.

The widgets import their shared keys from here, so this module imports no widget
at the top.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from blog_reader.tui.screens.help import Section


def list_bindings(item: str) -> list[BindingType]:
    """Moving the cursor in a list of ``item``s (``"post"``, ``"hit"``): the arrows,
    Home and End, the page keys, and their vim aliases ``j`` ``k`` ``g`` ``G``.

    The actions are ``OptionList``'s; a list widget of its own defines the same.
    """
    return [
        Binding("down,j", "cursor_down", f"Next {item}", show=False),
        Binding("up,k", "cursor_up", f"Previous {item}", show=False),
        Binding("home,g", "first", f"First {item}", show=False),
        Binding("end,G", "last", f"Last {item}", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]


SCROLL_BINDINGS: list[BindingType] = [
    Binding("j", "scroll_down", "Scroll down", show=False),
    Binding("k", "scroll_up", "Scroll up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
    Binding("space", "page_down", "Page down", show=False),
    Binding("b", "page_up", "Page up", show=False),
]
"""The vim and pager aliases of a scrolling pane (the reader): the arrows, Home, End
and the page keys are Textual's own ``ScrollableContainer`` bindings."""

APP_BINDINGS: list[BindingType] = [
    # A priority key, so letters typed right after it reach the box (see check_action).
    Binding("slash", "search", "Search", tooltip="Search the archive as you type", priority=True),
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
    from blog_reader.tui.screens.confirm import ConfirmScreen
    from blog_reader.tui.widgets.reader import ReaderScroll
    from blog_reader.tui.widgets.search_box import SearchBox
    from blog_reader.tui.widgets.search_results import HitList
    from blog_reader.tui.widgets.sidebar import Sidebar

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
