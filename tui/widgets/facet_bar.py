"""The facet row under the search summary: the hits' most common tags, authors and
years, with counts, one line per kind; picking one adds its filter to the query.

Each line holds the values that fit its width, the most common first. The keyboard
reaches the row from the search box (Tab) and moves along it with the arrows;
Enter (or a click) adds the value's filter to the query, or takes it away when the
query has it already (such a value is marked ✓). Names are post text: they go in
as ``Content``, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from blog_reader.index import FacetKind, Facets, FacetValue, has_filter

LABELS = {FacetKind.TAG: "tag", FacetKind.AUTHOR: "author", FacetKind.YEAR: "year"}
LABEL_WIDTH = 7
GAP = 2
"""Spaces between two values of a line."""


@dataclass(frozen=True, slots=True)
class Chip:
    """One value as laid out: its line, its columns, and the value."""

    line: int
    start: int
    end: int
    value: FacetValue


class FacetBar(Widget, can_focus=True):
    """The facets of the hits on screen, pickable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick", "Filter", tooltip="Add this value's filter to the query"),
        Binding("right,l", "move(1)", "Next value", show=False),
        Binding("left,h", "move(-1)", "Previous value", show=False),
        Binding("down,j", "line(1)", "Next line", show=False),
        Binding("up,k", "line(-1)", "Previous line", show=False),
        Binding("escape,shift+tab", "leave", "Back to the box", tooltip="Back to the search box"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "facet-bar--label",
        "facet-bar--count",
        "facet-bar--cursor",
        "facet-bar--active",
    }
    DEFAULT_CSS = """
    FacetBar {
        height: auto;
        padding: 0 1;
        display: none;
        &.-shown { display: block; }
        & > .facet-bar--label { color: $text-muted; }
        & > .facet-bar--count { color: $text-muted; }
        & > .facet-bar--active { color: $text-accent; text-style: bold; }
        & > .facet-bar--cursor { text-style: reverse; }
        &:focus { background: $boost; }
    }
    """

    class Picked(Message):
        """The user picked a value: its filter is to be added to the query (or taken
        away, when the query has it)."""

        def __init__(self, value: FacetValue) -> None:
            super().__init__()
            self.value = value

    class Leave(Message):
        """The user wants the search box back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facets: Facets | None = None
        self.query_text = ""
        """The query the facets count the hits of (to mark the values it filters by)."""
        self.cursor = 0
        self._chips: list[Chip] = []
        self._laid_for: tuple[int, Facets | None, str] | None = None

    def show(self, facets: Facets | None, query: str) -> bool:
        """Show ``facets`` (None or empty: hide the row), counted for ``query``.
        Returns whether the row came or went."""
        kept = self.chips[self.cursor].value.filter if self.chips else None
        lines_before = self._lines()
        self.facets, self.query_text = facets, query
        self._laid_for = None
        chips = self.chips
        filters = [chip.value.filter for chip in chips]
        self.cursor = filters.index(kept) if kept in filters else 0
        changed = bool(chips) != self.has_class("-shown")
        self.set_class(bool(chips), "-shown")
        self.refresh(layout=self._lines() != lines_before)
        return changed

    def _lines(self) -> int:
        facets = self.facets
        return sum(1 for kind in FacetKind if facets is not None and facets.of(kind))

    @property
    def chips(self) -> list[Chip]:
        """The values that fit, as laid out at the row's width."""
        width = self.content_region.width or self.app.size.width
        key = (width, self.facets, self.query_text)
        if self._laid_for != key:
            self._chips = self._lay_out(width)
            self._laid_for = key
            self.cursor = max(0, min(self.cursor, len(self._chips) - 1))
        return self._chips

    def _lay_out(self, width: int) -> list[Chip]:
        chips: list[Chip] = []
        if self.facets is None:
            return chips
        line = 0
        for kind in FacetKind:
            values = self.facets.of(kind)
            if not values:
                continue
            x = LABEL_WIDTH
            for value in values:
                size = cell_len(self._chip_text(value))
                if x + size > width and x > LABEL_WIDTH:
                    break
                chips.append(Chip(line, x, x + size, value))
                x += size + GAP
            line += 1
        return chips

    def _chip_text(self, value: FacetValue) -> str:
        mark = "✓ " if self._active(value) else ""
        return f"{mark}{value.name} {value.count}"

    def _active(self, value: FacetValue) -> bool:
        return value.filter is not None and has_filter(self.query_text, value.filter)

    def render(self) -> Content:
        if self.facets is None:
            return Content("")
        chips = self.chips
        parts: list[Content | tuple[str, str] | str] = []
        line = -1
        for index, chip in enumerate(chips):
            if chip.line != line:
                if line >= 0:
                    parts.append("\n")
                line = chip.line
                label = LABELS[chip.value.kind]
                parts.append((f"{label:<{LABEL_WIDTH}}", ".facet-bar--label"))
            else:
                parts.append(" " * GAP)
            parts.append(self._chip_content(chip.value, index == self.cursor and self.has_focus))
        return Content.assemble(*parts)

    def _chip_content(self, value: FacetValue, under_cursor: bool) -> Content:
        active = self._active(value)
        name = Content(("✓ " if active else "") + value.name)
        if active:
            name = name.stylize(".facet-bar--active")
        chip = Content.assemble(name, " ", (str(value.count), ".facet-bar--count"))
        return chip.stylize(".facet-bar--cursor") if under_cursor else chip

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.chips:
            self.cursor = max(0, min(len(self.chips) - 1, self.cursor + step))
            self.refresh()

    def action_line(self, step: int) -> None:
        chips = self.chips
        if not chips:
            return
        here = chips[self.cursor]
        others = [i for i, chip in enumerate(chips) if chip.line == here.line + step]
        if others:
            self.cursor = min(others, key=lambda i: abs(chips[i].start - here.start))
            self.refresh()

    def action_pick(self) -> None:
        if self.chips:
            self._pick(self.chips[self.cursor].value)

    def _pick(self, value: FacetValue) -> None:
        if value.filter is None:
            self.notify(
                f"{value.name!r} cannot be said as a filter (it holds a double quote).",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(self.Picked(value))

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for index, chip in enumerate(self.chips):
            if chip.line == event.y and chip.start <= x < chip.end:
                self.cursor = index
                self.refresh()
                self._pick(chip.value)
                return
