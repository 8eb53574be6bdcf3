"""The app's keys, the keys shared by its lists and scrolling panes, and how the help
screen groups every key of the app.

The widgets import their shared keys from here, so this module imports no widget
at the top.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from blog_reader.tui.screens.help import Section, bindings_of


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
    Binding(
        "slash",
        "search",
        "Search",
        tooltip="Search the archive as you type",
        priority=True,
        id="search",
    ),
    Binding(
        "ctrl+o",
        "toggle_order",
        "Order",
        tooltip="Order the hits best match first or newest first",
        id="order",
    ),
    Binding(
        "ctrl+r",
        "search_as_typed",
        "As typed",
        tooltip="Search the query as typed, not its correction",
        id="as-typed",
    ),
    Binding(
        "n", "match(1)", "Match", tooltip="Next match of the search in this post", id="next-match"
    ),
    Binding("N", "match(-1)", "Previous match", show=False, id="previous-match"),
    Binding(
        "left_square_bracket",
        "history_back",
        "Back",
        tooltip="Back to the post read before",
        id="back",
    ),
    Binding("right_square_bracket", "history_forward", "Forward", show=False, id="forward"),
    Binding("alt+left", "history_back", "Back", show=False, id="back-alt"),
    Binding("alt+right", "history_forward", "Forward", show=False, id="forward-alt"),
    Binding(
        "t",
        "toggle_outline",
        "Outline",
        tooltip="The post's headings: Enter jumps, Escape returns",
        id="outline",
    ),
    Binding("l", "links", "Links", tooltip="List the post's links to follow one", id="links"),
    Binding(
        "r",
        "related",
        "Related",
        tooltip="The posts most like this one, to open one",
        id="related",
    ),
    Binding(
        "o",
        "open_original",
        "Original",
        show=False,
        tooltip="Open the post's original address in the browser (asks first)",
        id="open-original",
    ),
    Binding(
        "plus", "measure(10)", "Wider", show=False, tooltip="Widen the text (to 120)", id="wider"
    ),
    Binding(
        "minus",
        "measure(-10)",
        "Narrower",
        show=False,
        tooltip="Narrow the text (to 60)",
        id="narrower",
    ),
    Binding("s", "toggle_sidebar", "Sidebar", tooltip="Show or hide the archive", id="sidebar"),
    # F1 as well: it works while typing in the search box, where "?" is a letter.
    Binding("question_mark,f1", "help", "Help", tooltip="List every key", id="help"),
    Binding("q", "quit_unless_typing", "Quit", tooltip="Quit (when not typing)", id="quit"),
    Binding(
        "ctrl+q,ctrl+c",
        "quit",
        "Quit",
        priority=True,
        tooltip="Quit at once, even while typing",
        id="quit-now",
    ),
]
"""Keys that work anywhere in the app (``check_action`` greys out what cannot run).

Each has an id, by which the settings file's ``[keys]`` table rebinds it (README,
"Settings"); the ids are part of the interface: rename none."""


def help_sections(app_type: type[DOMNode], palette_key: str) -> list[Section]:
    """Where each group of keys works, for the help screen."""
    from blog_reader.tui.reading.outline import Outline
    from blog_reader.tui.reading.view import ReadingView
    from blog_reader.tui.screens.confirm import ConfirmScreen
    from blog_reader.tui.widgets.facet_bar import FacetBar
    from blog_reader.tui.widgets.hit_list import HitList
    from blog_reader.tui.widgets.search_box import SearchBox
    from blog_reader.tui.widgets.sidebar import Sidebar

    palette = Binding(palette_key, "command_palette", "Command palette")
    return [
        Section("Anywhere", app_type, inherited=True, extra=(palette,)),
        Section("Moving between panes", Screen),
        Section("Archive (sidebar)", Sidebar),
        Section("Reader", ReadingView, inherited=True),
        Section("Outline", Outline, inherited=True),
        Section("Search box", SearchBox),
        Section("Search results", HitList, inherited=True),
        Section("Facets (tags, authors, years of the hits)", FacetBar),
        Section("Link dialog", ConfirmScreen),
    ]


def binding_ids(app_type: type[DOMNode], palette_key: str) -> set[str]:
    """The ids of every binding of the app, which the settings' ``[keys]`` can rebind."""
    return {
        binding.id
        for section in help_sections(app_type, palette_key)
        for binding in bindings_of(section)
        if binding.id is not None
    }


def checked_keymap(
    keys: Mapping[str, str], app_type: type[DOMNode], palette_key: str, config_file: Path
) -> tuple[dict[str, str], list[str]]:
    """The settings' ``[keys]`` that the app can use, and a line for each problem:
    an id that names no binding, a key taken from an app binding left as it was
    (Textual drops that binding silently: its clash check skips bindings with an id)."""
    known = binding_ids(app_type, palette_key)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if binding_id in known:
            keymap[binding_id] = value
        else:
            problems.append(
                f"{config_file}: keys.{binding_id} is not a binding id; ignored "
                f"(ids: {', '.join(sorted(known))})"
            )
    owners = {
        binding.key: binding.id
        for binding in Binding.make_bindings(APP_BINDINGS)
        if binding.id is not None and binding.id not in keymap
    }
    for binding_id, value in keymap.items():
        for binding in Binding.make_bindings([(value, binding_id)]):
            if owner := owners.get(binding.key):
                problems.append(
                    f"{config_file}: keys.{binding_id} takes {binding.key!r} from {owner}, "
                    f"which has no key now; give {owner} one in [keys]"
                )
    return keymap, problems
