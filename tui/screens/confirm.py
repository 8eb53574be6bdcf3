"""A yes/no question before anything leaves the app (a link opened in the browser)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; dismisses with True (yes) or False (no, Escape)."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        & #confirm-dialog {
            width: 70;
            max-width: 90%;
            height: auto;
            padding: 1 2;
            border: thick $warning;
            background: $panel;
        }
        & #confirm-question {
            text-style: bold;
        }
        & #confirm-detail {
            margin: 1 0;
            color: $text-accent;
        }
        & #confirm-buttons {
            height: auto;
            align-horizontal: right;
            & > Button {
                margin-left: 2;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Content, detail: Content, yes: str = "Open") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question")
            yield Static(self.detail, id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button("Cancel (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
