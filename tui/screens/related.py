"""The posts most like the open one, to open one from the keyboard."""

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

from blog_reader.index import Hit
from blog_reader.tui.kinds import KIND_WORDING


def hit_facts(hit: Hit) -> Content:
    """The second line of a post's entry: its date, its kind, its id."""
    info = hit.info
    facts = [info.date.isoformat()] if info.date is not None else []
    if label := KIND_WORDING[info.kind].label:
        facts.append(label)
    facts.append(info.id)
    return Content.styled(" · ".join(facts), "dim")


class RelatedScreen(ModalScreen[str | None]):
    """Lists the related posts; dismisses with the chosen post's id, or None."""

    DEFAULT_CSS = """
    RelatedScreen {
        align: center middle;
        & #related-dialog {
            width: 80%;
            max-width: 90;
            height: auto;
            padding: 0 1;
            border: thick $primary;
            background: $panel;
        }
        & #related-title {
            text-style: bold;
        }
        & #related-list {
            height: auto;
            max-height: 70vh;
        }
    }
    """

    AUTO_FOCUS = "#related-list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,r", "dismiss(None)", "Close"),
        Binding("j", "cursor(1)", "Next post", show=False),
        Binding("k", "cursor(-1)", "Previous post", show=False),
    ]

    def __init__(self, title: str, hits: tuple[Hit, ...]) -> None:
        super().__init__()
        self.post_title = title
        self.hits = hits

    def compose(self) -> ComposeResult:
        with Vertical(id="related-dialog"):
            yield Static(
                Content.assemble(
                    "Posts like ",
                    (self.post_title, "italic"),
                    " (Enter opens, Esc closes)",
                ),
                id="related-title",
            )
            options = [
                Option(
                    Content.assemble((" ".join(hit.title.split()), "bold"), "\n", hit_facts(hit)),
                    id=str(index),
                )
                for index, hit in enumerate(self.hits)
            ]
            yield OptionList(*options, id="related-list")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.hits[int(event.option.id)].id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
