"""The posts most like the open one, to open one from the keyboard."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from blog_reader.index import Hit
from blog_reader.tui.kinds import KIND_WORDING
from blog_reader.tui.look import FACTS
from blog_reader.tui.output import visible
from blog_reader.tui.screens.pick import PickScreen


def hit_facts(hit: Hit) -> Content:
    """The second line of a post's entry: its date, its kind, its id."""
    info = hit.info
    facts = [info.date.isoformat()] if info.date is not None else []
    if label := KIND_WORDING[info.kind].label:
        facts.append(label)
    facts.append(visible(info.id))  # a file's path: its name may hold control bytes
    return Content.styled(" · ".join(facts), FACTS)


class RelatedScreen(PickScreen):
    """Lists the related posts; dismisses with the chosen post's id, or None."""

    NAME = "related"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,r", "dismiss(None)", "Close"),
    ]

    def __init__(self, title: str, hits: tuple[Hit, ...]) -> None:
        super().__init__()
        self.post_title = title
        self.hits = hits

    def heading(self) -> Content:
        return Content.assemble(
            "Posts like ", (self.post_title, "italic"), " (Enter opens, Esc closes)"
        )

    def entry_count(self) -> int:
        return len(self.hits)

    def entry(self, index: int) -> Content:
        hit = self.hits[index]
        return Content.assemble((" ".join(hit.title.split()), "bold"), "\n", hit_facts(hit))

    def answer(self, index: int) -> str:
        return self.hits[index].id
