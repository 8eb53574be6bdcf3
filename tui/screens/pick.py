"""A modal list to pick one entry from with the keyboard: the open post's links, its
related posts. Each entry wraps as the reader does (a long address breaks after a
slash); Enter picks, ``j``/``k`` move, Escape closes with nothing picked."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from blog_reader.tui.widgets.folded import Folded


class PickScreen(ModalScreen[str | None]):
    """Lists :meth:`entries` under :meth:`heading`; dismisses with :meth:`answer` of
    the chosen one, or None. ``NAME`` prefixes the ids of the dialog, its title and
    its list."""

    DEFAULT_CSS = """
    PickScreen {
        align: center middle;
        & .pick-dialog {
            width: 80%;
            max-width: 90;
            height: auto;
            padding: 0 1;
            border: thick $primary;
            background: $panel;
        }
        & .pick-title {
            text-style: bold;
        }
        & .pick-list {
            height: auto;
            max-height: 70vh;
        }
    }
    """

    AUTO_FOCUS = ".pick-list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Next", show=False),
        Binding("k", "cursor(-1)", "Previous", show=False),
    ]

    NAME: ClassVar[str] = "pick"

    def heading(self) -> Content:
        raise NotImplementedError

    def entries(self) -> list[Content]:
        raise NotImplementedError

    def answer(self, index: int) -> str:
        """What picking entry ``index`` dismisses the screen with."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.NAME}-dialog", classes="pick-dialog"):
            yield Static(self.heading(), id=f"{self.NAME}-title", classes="pick-title")
            options = [
                Option(Folded(entry), id=str(index)) for index, entry in enumerate(self.entries())
            ]
            yield OptionList(*options, id=f"{self.NAME}-list", classes="pick-list")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.answer(int(event.option.id)))

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
