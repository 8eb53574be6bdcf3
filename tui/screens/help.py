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
            height: 80%;
            padding: 0 1;
            border: thick $primary;
            background: $panel;
        }
        & #help-title {
            text-style: bold;
        }
        & #help-body {
            height: 1fr;
        }
        & .help-heading {
            text-style: bold;
            color: $text-accent;
            margin-top: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(
        self, sections: Sequence[Section], keymap: Mapping[str, str] | None = None
    ) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Content("Keys  (Esc closes)"), id="help-title")
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

    def _section_content(self, section: Section, overridden: set[str]) -> Content:
        keys_of: dict[str, list[str]] = {}
        tooltips: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        for binding in bindings_of(section, self.keymap):
            if binding.key in overridden and not binding.priority:
                continue  # a priority binding of the app wins over this one
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
                tooltips.get(action) or descriptions[action] or action,
            )
            for action, keys in keys_of.items()
        ]
        return Content("\n").join(lines)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if step > 0:
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
