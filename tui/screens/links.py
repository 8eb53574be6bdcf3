"""The links of the open post, to follow one from the keyboard; each says whether it
opens in the reader (a post of the archive) or leads outside."""

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

from blog_reader.index import counted
from blog_reader.index.links import ResolvedLink
from blog_reader.tui.look import FACTS
from blog_reader.tui.widgets.folded import Folded


def where_it_leads(link: ResolvedLink) -> Content:
    """The second line of a link's entry: the post it opens, or its address (not
    repeated when the link's text is the address)."""
    if link.target is not None:
        return Content.assemble(("opens in the reader: ", "bold"), link.target.post_id)
    shown = link.href if link_label(link) != link.href else ""
    if link.href.startswith("#"):
        return Content.assemble(("in this post", "bold"), (f": {shown}" if shown else "", ""))
    return Content.assemble(("outside the archive", FACTS), (f": {shown}" if shown else "", FACTS))


def link_label(link: ResolvedLink) -> str:
    """The first line of a link's entry: its text, or its address when it has none."""
    return link.text.strip() or link.href


class LinksScreen(ModalScreen[str | None]):
    """Lists the links; dismisses with the chosen href, or None."""

    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
        & #links-dialog {
            width: 80%;
            max-width: 90;
            height: auto;
            padding: 0 1;
            border: thick $primary;
            background: $panel;
        }
        & #links-title {
            text-style: bold;
        }
        & #links-list {
            height: auto;
            max-height: 70vh;
        }
    }
    """

    AUTO_FOCUS = "#links-list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close"),
        Binding("j", "cursor(1)", "Next link", show=False),
        Binding("k", "cursor(-1)", "Previous link", show=False),
    ]

    def __init__(self, links: list[ResolvedLink]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        inside = sum(1 for link in self.links if link.target is not None)
        with Vertical(id="links-dialog"):
            yield Static(
                # One line at 80 columns (the dialog's text is 60 cells wide there).
                Content(
                    f"{inside} of {counted(len(self.links), 'link')} open in the reader"
                    " · Enter follows, Esc closes"
                ),
                id="links-title",
            )
            options = [
                Option(
                    Folded(
                        Content.assemble((link_label(link), "bold"), "\n", where_it_leads(link))
                    ),
                    id=str(index),
                )
                for index, link in enumerate(self.links)
            ]
            yield OptionList(*options, id="links-list")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.links[int(event.option.id)].href)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
