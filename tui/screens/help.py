"""The help screen: every key of the app, read from the widgets' ``BINDINGS``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from blog_reader.tui.widgets.folded import Folded

NOT_HERE_ACTIONS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
"""Actions inherited from Textual that do nothing here: no pane scrolls sideways."""
NOT_HERE_KEYS = frozenset({"super+c"})
"""Keys a terminal keeps for itself (Cmd+C copies in the terminal, never reaches us)."""


def sentence_case(text: str) -> str:
    """``text`` in sentence case when it is in title case: "Focus Next" -> "Focus next";
    "Enter jumps, Escape returns" is kept (its capitals name keys)."""
    first, *rest = text.split(" ")
    if not all(word.istitle() for word in rest):
        return text
    return " ".join([first, *(word.lower() for word in rest)])


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the help: the keys of ``node_type`` (and, if asked, of its bases)."""

    title: str
    node_type: type[DOMNode]
    inherited: bool = False
    extra: tuple[Binding, ...] = ()


def bindings_of(section: Section, keymap: Mapping[str, str] | None = None) -> list[Binding]:
    """The bindings of a section, the most derived class's binding winning per key;
    a binding whose id is in ``keymap`` (binding id -> keys) has the keys it gives."""
    keymap = keymap or {}
    classes = section.node_type.__mro__ if section.inherited else (section.node_type,)
    by_key: dict[str, Binding] = {}
    for cls in classes:
        if not issubclass(cls, DOMNode):
            continue
        declared: Iterable[BindingType] = vars(cls).get("BINDINGS", ())
        for binding in Binding.make_bindings(declared):
            keys = keymap.get(binding.id) if binding.id else None
            if keys:
                for key in Binding.make_bindings([(keys, binding.action)]):
                    by_key.setdefault(key.key, binding.with_key(key.key, key_display=None))
            else:
                by_key.setdefault(binding.key, binding)
    for binding in section.extra:
        by_key.setdefault(binding.key, binding)
    return list(by_key.values())


class HelpScreen(ModalScreen[None]):
    """Lists the keys, grouped by where they work."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & #help-dialog {
            width: 80%;
            max-width: 90;
            height: auto;
            padding: 0 1;
            border: thick $primary;
            background: $panel;
        }
        & #help-title {
            text-style: bold;
        }
        & #help-body {
            height: auto;
            max-height: 70vh;
        }
        & #help-more {
            color: $text-muted;
            text-align: right;
        }
        & .help-heading {
            text-style: bold;
            color: $text-accent;
            margin-top: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "end(-1)", "Top", show=False),
        Binding("G,end", "end(1)", "Bottom", show=False),
    ]

    def __init__(
        self, sections: Sequence[Section], keymap: Mapping[str, str] | None = None
    ) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(
                Content("Keys  (Esc closes; F1 opens this from anywhere)"), id="help-title"
            )
            overridden = {
                binding.key
                for section in self.sections
                for binding in bindings_of(section, self.keymap)
                if binding.priority
            }
            with VerticalScroll(id="help-body", can_focus=False):
                for section in self.sections:
                    yield Static(Content(section.title), classes="help-heading")
                    content = self._section_content(section, overridden)
                    yield Static(content, classes="help-section")
            yield Static(id="help-more")

    def on_mount(self) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        self.watch(body, "scroll_y", self._show_more, init=False)
        self.watch(body, "virtual_size", self._show_more, init=False)
        self.call_after_refresh(self._show_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_more)

    def _show_more(self) -> None:
        """Say whether more keys are below, or above, and how to reach them."""
        body = self.query_one("#help-body", VerticalScroll)
        below = body.scroll_y < body.max_scroll_y
        above = body.scroll_y > 0
        text = (
            "More below: j, space or PgDn"
            if below
            else "End of the list: k, b or PgUp goes back"
            if above
            else ""
        )
        self.query_one("#help-more", Static).update(Content(text))

    def _section_content(self, section: Section, overridden: set[str]) -> Folded:
        keys_of: dict[str, list[str]] = {}
        tooltips: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        for binding in bindings_of(section, self.keymap):
            if binding.key in overridden and not binding.priority:
                continue  # a priority binding of the app wins over this one
            if binding.action in NOT_HERE_ACTIONS or binding.key in NOT_HERE_KEYS:
                continue
            action = binding.action
            keys_of.setdefault(action, []).append(self.app.get_key_display(binding))
            if binding.tooltip:
                tooltips.setdefault(action, binding.tooltip)
            descriptions.setdefault(action, binding.description)
        width = max((len(", ".join(keys)) for keys in keys_of.values()), default=0)
        lines = [
            Content.assemble(
                (", ".join(keys).rjust(width), "bold"),
                "  ",
                sentence_case(tooltips.get(action) or descriptions[action] or action),
            )
            for action, keys in keys_of.items()
        ]
        # A description too long for its line goes on under itself, not under the keys.
        return Folded(Content("\n").join(lines), indent=width + 2)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if step > 0:
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if step > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_end(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if step > 0:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)
