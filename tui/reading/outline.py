"""The outline: the post's headings, one line each, to jump to one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from blog_reader.tui.reading.model import Heading


class Outline(OptionList):
    """The headings of the open post; Enter jumps to one, Escape goes back to the text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the text"),
    ]

    class Chosen(Message):
        """A heading was chosen: its block."""

        def __init__(self, block: int) -> None:
            super().__init__()
            self.block = block

    class Leave(Message):
        """The user wants the text back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headings: list[Heading] = []

    def show_headings(self, headings: Sequence[Heading]) -> None:
        """List ``headings``, indented by level (the post's words as plain text)."""
        self.headings = list(headings)
        top = min((heading.level for heading in headings), default=1)
        self.clear_options()
        self.add_options(
            Option(Content("  " * (heading.level - top) + (heading.text or "(untitled)")))
            for heading in headings
        )
        if headings:
            self.highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.headings[event.option_index].block))

    def action_leave(self) -> None:
        self.post_message(self.Leave())
