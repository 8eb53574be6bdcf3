"""A modal list to pick one entry from with the keyboard: the open post's links, its
related posts. Each entry wraps as the reader does (a long address breaks after a
slash); Enter picks, ``j``/``k`` move, Escape closes with nothing picked.

Entries are listed :data:`PAGE` at a time, more as the cursor nears the end (End
lists them all): the Node.js blog's longest changelog has 8,661 links, and listing
them all held the screen 0.47 s before the dialog showed."""

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

PAGE = 200
"""Entries listed at a time."""


class PickList(OptionList):
    """The dialog's list: End goes to the last entry, listing every one first."""

    def action_last(self) -> None:
        screen = self.screen
        if isinstance(screen, PickScreen):
            screen.list_more(everything=True)
        super().action_last()


class PickScreen(ModalScreen[str | None]):
    """Lists :meth:`entry_count` entries (each :meth:`entry`) under :meth:`heading`;
    dismisses with :meth:`answer` of the chosen one, or None. ``NAME`` prefixes the
    ids of the dialog, its title and its list."""

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

    def entry_count(self) -> int:
        raise NotImplementedError

    def entry(self, index: int) -> Content:
        raise NotImplementedError

    def answer(self, index: int) -> str:
        """What picking entry ``index`` dismisses the screen with."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.NAME}-dialog", classes="pick-dialog"):
            yield Static(self.heading(), id=f"{self.NAME}-title", classes="pick-title")
            yield PickList(*self._options(0, PAGE), id=f"{self.NAME}-list", classes="pick-list")

    def _options(self, start: int, count: int) -> list[Option]:
        end = min(start + count, self.entry_count())
        return [Option(Folded(self.entry(index)), id=str(index)) for index in range(start, end)]

    def list_more(self, *, everything: bool = False) -> None:
        """List the next :data:`PAGE` entries (or all the rest)."""
        options = self.query_one(PickList)
        listed = options.option_count
        if listed < self.entry_count():
            options.add_options(self._options(listed, self.entry_count() if everything else PAGE))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= event.option_list.option_count - 3:
            self.list_more()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.answer(int(event.option.id)))

    def action_cursor(self, step: int) -> None:
        options = self.query_one(PickList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
