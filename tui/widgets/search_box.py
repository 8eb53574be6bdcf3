"""The search box at the top of the screen."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    """A one-line box; the app searches as you type. Up/Down move through the hits."""

    DEFAULT_CSS = """
    SearchBox {
        height: 1;
        background: $boost;
        &.-textual-compact {
            padding: 0 1;
        }
        &:focus {
            background: $primary-muted;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Open", tooltip="Open the highlighted hit"),
        Binding("escape", "leave", "Back to the archive"),
        Binding("down", "move(1)", "Next hit", show=False),
        Binding("up", "move(-1)", "Previous hit", show=False),
    ]

    class Entered(Message):
        """The box got the focus: the search is on."""

    class Leave(Message):
        """The user wants to leave the search."""

    class Move(Message):
        """The user wants the next (``step`` 1) or previous (-1) hit highlighted."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search the archive  (/)",
            id=id,
            compact=True,
            select_on_focus=False,
        )

    def on_focus(self) -> None:
        self.post_message(self.Entered())

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))
