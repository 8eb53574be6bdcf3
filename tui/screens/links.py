"""The links of the open post, to follow one from the keyboard; each says whether it
opens in the reader (a post of the archive) or leads outside."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from blog_reader.index import counted
from blog_reader.index.links import ResolvedLink
from blog_reader.tui.look import FACTS
from blog_reader.tui.output import visible
from blog_reader.tui.screens.pick import PickScreen


def where_it_leads(link: ResolvedLink) -> Content:
    """The second line of a link's entry: the post it opens, or its address (not
    repeated when the link's text is the address)."""
    if link.target is not None:
        return Content.assemble(("opens in the reader: ", "bold"), visible(link.target.post_id))
    shown = link.href if link_label(link) != link.href else ""
    if link.href.startswith("#"):
        return Content.assemble(("in this post", "bold"), (f": {shown}" if shown else "", ""))
    return Content.assemble(("outside the archive", FACTS), (f": {shown}" if shown else "", FACTS))


def link_label(link: ResolvedLink) -> str:
    """The first line of a link's entry: its text, or its address when it has none."""
    return link.text.strip() or link.href


class LinksScreen(PickScreen):
    """Lists the links; dismisses with the chosen href, or None."""

    NAME = "links"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close"),
    ]

    def __init__(self, links: list[ResolvedLink]) -> None:
        super().__init__()
        self.links = links

    def heading(self) -> Content:
        inside = sum(1 for link in self.links if link.target is not None)
        # One line at 80 columns (the dialog's text is 60 cells wide there).
        return Content(
            f"{inside} of {counted(len(self.links), 'link')} open in the reader"
            " · Enter follows, Esc closes"
        )

    def entry_count(self) -> int:
        return len(self.links)

    def entry(self, index: int) -> Content:
        link = self.links[index]
        return Content.assemble((link_label(link), "bold"), "\n", where_it_leads(link))

    def answer(self, index: int) -> str:
        return self.links[index].href
