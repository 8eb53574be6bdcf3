"""The footer: the keys that work now, with Help and Quit always in view.

Textual's :class:`~textual.widgets.Footer` lists the focused widget's keys first and
the app's last, so a narrow terminal or a focused list with many keys pushes Help and
Quit off the right edge. Here they sit at the right, beside the palette key, and the
other keys give way from the right when the line is too short.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer

ESSENTIAL_ACTIONS: tuple[str, ...] = ("help", "quit_unless_typing", "quit")
"""The actions whose keys stay in view at every width and focus, in this order (then
the palette's key): Help before Quit while typing too, where Quit's key is a priority
binding that Textual lists first."""


class KeyFooter(Footer):
    """A footer that keeps Help and Quit at its right end."""

    DEFAULT_CSS: ClassVar[str] = """
    KeyFooter {
        & > .essential-keys {
            dock: right;
            width: auto;
            background: $footer-background;
        }
        & > .essential-keys > FooterKey.-command-palette {
            dock: none;
        }
    }
    """

    def compose(self) -> ComposeResult:
        essential: list[Widget] = []
        actions: set[object] = set()
        for widget in super().compose():
            # Footer yields its keys as FooterKey widgets (not public): known by action.
            action = getattr(widget, "action", None)
            actions.add(action)
            if action in ESSENTIAL_ACTIONS or widget.has_class("-command-palette"):
                essential.append(widget)
            else:
                yield widget
        if "quit_unless_typing" in actions:
            # "q" works here: ctrl+q (shown for when "q" types a letter) would say it twice.
            essential = [key for key in essential if getattr(key, "action", None) != "quit"]
        if essential:
            essential.sort(key=_essential_place)
            yield HorizontalGroup(*essential, classes="essential-keys")


def _essential_place(key: Widget) -> int:
    action = getattr(key, "action", None)
    return (
        ESSENTIAL_ACTIONS.index(action) if action in ESSENTIAL_ACTIONS else len(ESSENTIAL_ACTIONS)
    )
