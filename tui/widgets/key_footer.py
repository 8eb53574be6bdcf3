"""The footer: the keys that work now, with Help and Quit always in view.

Textual's :class:`~textual.widgets.Footer` lists the focused widget's keys first and
the app's last, so a narrow terminal or a focused list with many keys pushes Help and
Quit off the right edge. Here they sit at the right, beside the palette key, and the
other keys give way from the right when the line is too short: a key that does not
fit whole is not shown at all (cut, "s Sidebar" read "s S" beside "? Help").

Textual's footer builds its keys afresh (a widget each) whenever the app says its
bindings may have changed: opening a post said so four times, and each time a dozen
widgets were mounted, styled and laid out, then left to the cycle collector. Here the
keys are built again only when the keys that would show differ, once per refresh.
"""

from __future__ import annotations

from typing import ClassVar
from weakref import WeakKeyDictionary

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

ESSENTIAL_ACTIONS: tuple[str, ...] = ("help", "quit_unless_typing", "quit")
"""The actions whose keys stay in view at every width and focus, in this order (then
the palette's key): Help before Quit while typing too, where Quit's key is a priority
binding that Textual lists first."""

Shown = tuple[tuple[str, Binding, bool, str], ...]
"""What the footer's keys are made from: each active binding, whether it is enabled,
and its tooltip."""


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

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None
        """What the keys on screen were built from (None: none built yet)."""
        self._check_pending = False
        self._widths: WeakKeyDictionary[Widget, int] = WeakKeyDictionary()
        """Each key's width, measured while it was shown."""

    def _bindings_now(self) -> Shown:
        return tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in self.screen.active_bindings.items()
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._shown is None:
            super().bindings_changed(screen)  # the first keys, as Textual builds them
            return
        if not screen.app.app_focus or screen is not self.screen or not self.is_attached:
            return
        if not self._check_pending:  # several changes before the next refresh: one check
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._bindings_now() != self._shown:
            await self.recompose()

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def _fit(self, again: bool = True) -> None:
        """Show the keys left of Help and Quit that fit whole, in order; hide the rest."""
        if not self.is_attached:
            return
        groups = [group.outer_size.width for group in self.query_children(".essential-keys")]
        if 0 in groups:  # not laid out yet: once more after the next refresh
            if again:
                self.call_after_refresh(self._fit, False)
            return
        room = self.size.width - sum(groups)
        used = 0
        for key in self.children:
            if key.has_class("essential-keys"):
                continue
            width = self._widths.get(key)
            if width is None or key.display:
                margin = key.styles.margin
                width = self._widths[key] = key.outer_size.width + margin.left + margin.right
            used += width
            key.display = used <= room

    def compose(self) -> ComposeResult:
        essential: list[Widget] = []
        actions: set[object] = set()
        shown = self._bindings_now()
        for widget in super().compose():
            # Footer yields its keys as FooterKey widgets (not public): known by action.
            action = getattr(widget, "action", None)
            actions.add(action)
            if action in ESSENTIAL_ACTIONS or widget.has_class("-command-palette"):
                essential.append(widget)
            else:
                yield widget
        if actions:
            self._shown = shown
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
