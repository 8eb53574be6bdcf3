"""The footer: the keys that work now, with Help and Quit always in view.

Textual's :class:`~textual.widgets.Footer` lists the focused widget's keys first and
the app's last, so a narrow terminal or a focused list with many keys pushes Help and
Quit off the right edge. Here they sit at the right, beside the palette key, and the
other keys give way from the right when the line is too short: a key that does not
fit whole is not shown at all (cut, "s Sidebar" read "s S" beside "? Help").

The footer is one widget drawing one line, in the look of Textual's compact footer.
Textual's builds a widget per key afresh whenever the app says its bindings may have
changed; opening a post changed the focused widget's keys, so each open mounted,
styled and laid out a dozen widgets and left the ones before to the cycle collector
(about 5,000 objects an open). Here a change of keys only draws the line again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.content import Content, Span
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

ESSENTIAL_ACTIONS: tuple[str, ...] = ("help", "quit_unless_typing", "quit")
"""The actions whose keys stay in view at every width and focus, in this order (then
the palette's key): Help before Quit while typing too, where Quit's key is a priority
binding that Textual lists first."""

SEPARATOR = "▏"
"""Between the essential keys and the palette's (Textual's footer draws it as a border)."""


@dataclass(frozen=True, slots=True)
class FooterKey:
    """One key as the footer shows it."""

    key: str
    """The key pressed when it is clicked."""
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False

    @property
    def essential(self) -> bool:
        return self.palette or self.action in ESSENTIAL_ACTIONS

    @property
    def label(self) -> str:
        return f"{self.display} {self.description}" if self.description else self.display

    @property
    def width(self) -> int:
        """Cells the key takes on the line (its label)."""
        return cell_len(self.label)


@dataclass(frozen=True, slots=True)
class Placed:
    """A key on the line: its cells ``[start:end]``."""

    key: FooterKey
    start: int
    end: int


class KeyFooter(Widget, can_focus=False):
    """A footer that keeps Help and Quit at its right end, drawn as one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--item",
        "footer-key--hover",
        "footer-key--separator",
    }
    DEFAULT_CSS: ClassVar[str] = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--item {
            background: $footer-item-background;
        }
        & > .footer-key--hover {
            background: $block-hover-background;
        }
        & > .footer-key--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[FooterKey, ...] = ()
        """The keys that work now, in the order they are listed."""
        self.placed: tuple[Placed, ...] = ()
        """The keys on the line as last drawn, left to right."""
        self._hover: FooterKey | None = None
        self._check_pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.keys = self._keys_now()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The keys may have changed: look once the app has settled (after the next
        refresh: the focus may still be moving), and draw the line again if they did."""
        if not screen.app.app_focus or screen is not self.screen or not self.is_attached:
            return
        if not self._check_pending:  # several changes before the next refresh: one check
            self._check_pending = True
            self.call_after_refresh(self._redraw_if_changed)

    def _redraw_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        keys = self._keys_now()
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def _keys_now(self) -> tuple[FooterKey, ...]:
        """The shown keys of the active bindings, one per action (as Textual's footer
        lists them; this app groups no bindings), Help and Quit moved to the end,
        then the palette's key."""
        app = self.app
        active = self.screen.active_bindings
        listed: dict[str, FooterKey] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in listed:
                listed[binding.action] = FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    tooltip,
                )
        if "quit_unless_typing" in listed:
            # "q" works here: ctrl+q (shown for when "q" types a letter) would say it twice.
            listed.pop("quit", None)
        keys = [key for key in listed.values() if not key.essential]
        keys += sorted(
            (key for key in listed.values() if key.essential),
            key=lambda key: ESSENTIAL_ACTIONS.index(key.action),
        )
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            keys.append(
                FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    binding.tooltip or binding.description,
                    palette=True,
                )
            )
        return tuple(keys)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line, self.placed = self._line(width)
        # The widget's background alone under the line: the spaces between keys
        # carry no colour of text, as the margins of Textual's footer keys do not.
        base = Style(background=self.visual_style.background)
        return Visual.to_strips(self, line, width, 1, base, pad=True)[0]

    def _line(self, width: int) -> tuple[Content, tuple[Placed, ...]]:
        """The footer's line for ``width`` cells, and where each key shown is.

        Each key is followed by a space; the essential keys sit at the right end,
        the palette's after a thin bar; the others fill the room left of them in
        order, up to the first that does not fit whole.
        """
        essential = [key for key in self.keys if key.essential]
        right = sum(key.width + 1 + key.palette for key in essential)
        room = width - right
        shown: list[FooterKey] = []
        used = 0
        for key in self.keys:
            if key.essential:
                continue
            used += key.width + 1
            if used > room:
                break
            shown.append(key)
        parts: list[str] = []
        spans: list[Span] = []
        placed: list[Placed] = []
        at = x = 0  # characters and cells so far
        styles = self._styles()

        def add(key: FooterKey) -> None:
            nonlocal at, x
            if key.palette:
                parts.append(SEPARATOR)
                spans.append(Span(at, at + 1, styles["separator"]))
                at, x = at + 1, x + 1
            label = key.label
            item = styles["item"] + (styles["hover"] if key == self._hover else Style())
            dim = Style() if key.enabled else Style(dim=True)
            spans.append(Span(at, at + len(label), item + dim))
            spans.append(Span(at, at + len(key.display), styles["key"] + dim))
            if key.description:
                spans.append(Span(at + len(key.display), at + len(label), styles["text"] + dim))
            placed.append(Placed(key, x, x + key.width))
            parts.append(label + " ")
            at, x = at + len(label) + 1, x + key.width + 1

        for key in shown:
            add(key)
        gap = max(0, room - x)
        parts.append(" " * gap)
        at, x = at + gap, x + gap
        for key in essential:
            add(key)
        return Content("".join(parts), spans=spans), tuple(placed)

    def _styles(self) -> dict[str, Style]:
        return {
            name: self.get_visual_style(f"footer-key--{component}")
            for name, component in (
                ("key", "key"),
                ("text", "description"),
                ("item", "item"),
                ("hover", "hover"),
                ("separator", "separator"),
            )
        }

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x``, if any."""
        for placed in self.placed:
            if placed.start <= x < placed.end:
                return placed.key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x))

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, key: FooterKey | None) -> None:
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it (a greyed-out key rings the bell)."""
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
