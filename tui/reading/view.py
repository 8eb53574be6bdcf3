"""The reading view: a parsed post drawn line by line (a line-API ``ScrollView``).

The layout (which text is on which line) is kept for the current width and
measure; only the lines on screen are styled, through a small cache. The place in
the post is an :class:`Anchor` (a block and a character offset), so a new width or
measure, or a new layout of the same post, keeps the same words at the top.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from blog_reader.tui.keys import SCROLL_BINDINGS
from blog_reader.tui.look import FACTS, match_styles
from blog_reader.tui.reading.layout import (
    BLANK,
    CODE,
    MEASURE_DEFAULT,
    MEASURE_MAX,
    MEASURE_MIN,
    RULE,
    TABLE,
    UNDERLINE,
    Layout,
    lay_out,
)
from blog_reader.tui.reading.model import Anchor, Block, Document, Match
from blog_reader.tui.reading.parsing import HEADING_STYLES, highlighted
from blog_reader.tui.reading.tables import table_drawer

CODE_BACKGROUND = "on $boost"
RULE_STYLE = FACTS  # muted, as metadata
CACHE_LINES = 512
"""Styled lines kept (a few screens)."""


class ReadingView(ScrollView, can_focus=True):
    """Shows a :class:`Document`; keeps its place as an anchor in the text."""

    BINDINGS: ClassVar[list[BindingType]] = SCROLL_BINDINGS

    DEFAULT_CSS = """
    ReadingView {
        overflow-x: hidden;
        overflow-y: scroll;
        /* The header's original address (a click opens it) looks like a link of
           the text, not like Textual's default link. */
        link-color: $text-primary;
    }
    """

    measure: reactive[int] = reactive(MEASURE_DEFAULT, init=False)
    """Body text is at most this many columns wide (``MEASURE_MIN``-``MEASURE_MAX``)."""

    class LinkClicked(Message):
        """A link in the text was clicked."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = Document()
        self.text_layout: Layout | None = None
        self.place = Anchor()
        self.current: int | None = None
        """The index of the current match in ``document.matches``."""
        self.styles_for_matches = (Style(), Style())
        self._block_matches: dict[int, list[int]] = {}
        # A plain dict, emptied when full: Textual's LRUCache links its entries in a
        # ring, so each clear() left its strips to the cycle collector.
        self._cache: dict[tuple[int, int, int | None], Strip] = {}
        self._look: tuple[str, Style] | None = None
        """The theme and the widget's style the cached lines were drawn with."""
        self._pending_end = False
        self._restoring = False

    def validate_measure(self, measure: int) -> int:
        return max(MEASURE_MIN, min(MEASURE_MAX, measure))

    def watch_measure(self) -> None:
        self.relayout()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.styles_for_matches = match_styles(self.app.get_css_variables())

    def _theme_changed(self) -> None:
        # The new theme's colours: the app's theme_variables catch up only after
        # the watchers of its theme have run.
        self.styles_for_matches = match_styles(self.app.get_css_variables())
        self.relayout()

    # The document and its layout

    @property
    def pane_width(self) -> int:
        return max(20, self.scrollable_content_region.width)

    def show(self, document: Document, layout: Layout | None, anchor: Anchor) -> None:
        """Show ``document`` (with ``layout`` if it was made for this width) at ``anchor``."""
        kept = 0 if layout is None else self._kept(document, layout)
        self.document = document
        self.current = None
        self._block_matches = {}
        for index, match in enumerate(document.matches):
            self._block_matches.setdefault(match.block, []).append(index)
        self.place = anchor
        if layout is None or layout.width != self.pane_width or layout.measure != self.measure:
            layout = self._lay_out()
            kept = 0
        self._use(layout, keep=kept)
        if document.has_end and self._pending_end:
            self._pending_end = False
            self.scroll_end(animate=False, immediate=True)

    def _kept(self, document: Document, layout: Layout) -> int:
        """How many lines of ``layout`` of ``document`` are drawn as they are on screen
        (a long post filling in: the lines above what was added stay good)."""
        shown, before = self.text_layout, self.document
        if (
            shown is None
            or not shown.lines
            or (layout.width, layout.measure) != (shown.width, shown.measure)
            or document.matches != before.matches
        ):
            return 0
        if before.hole is None:
            kept = len(shown.lines)
        else:  # up to the line standing for the middle (and its gap)
            kept = shown.starts[before.hole] - before.blocks[before.hole].gap
        if not 0 < kept <= len(layout.lines):
            return 0
        last = shown.lines[kept - 1]
        same = (
            layout.lines[kept - 1] == last
            and last.block < len(document.blocks)
            and document.blocks[last.block] is before.blocks[last.block]
        )
        return kept if same else 0

    def _lay_out(self) -> Layout:
        draw = table_drawer(self.document, self.current, self.styles_for_matches)
        layout = lay_out(self.document.blocks, self.pane_width, self.measure, draw)
        assert layout is not None  # never cancelled here
        return layout

    def table_lines(self, block: Block, index: int, room: int) -> list[Content]:
        """A table's lines, its matches marked (for :func:`lay_out`)."""
        return table_drawer(self.document, self.current, self.styles_for_matches)(
            block, index, room
        )

    def relayout(self) -> None:
        """Lay the post out again for the current width and measure, at the same place."""
        if self.text_layout is None or not self.is_mounted:
            return
        self._use(self._lay_out())

    def add_blocks(self, blocks: list[Block]) -> None:
        """Add ``blocks`` after the end of the document shown (only they are laid
        out), the same words staying on top; or, when the reader was at the end of
        a post longer than the pane (``G``), at the new end."""
        layout = self.text_layout
        self.document.blocks.extend(blocks)
        if layout is None or not self.is_mounted:
            return
        at_end = 0 < self.max_scroll_y <= self.scroll_y and self.current is None
        if layout.width != self.pane_width or layout.measure != self.measure:
            self.relayout()
        else:
            draw = table_drawer(self.document, self.current, self.styles_for_matches)
            following = lay_out(
                self.document.blocks, layout.width, layout.measure, draw, following=layout
            )
            assert following is not None  # never cancelled here
            self._use(following, keep=len(layout.lines))
        if at_end:
            self.scroll_end(animate=False, immediate=True)

    def _use(self, layout: Layout, *, keep: int = 0) -> None:
        """Show ``layout``; the first ``keep`` lines drawn before stay good."""
        self.text_layout = layout
        if not keep:
            self._cache.clear()
        else:
            for key in [key for key in self._cache if key[0] >= keep]:
                del self._cache[key]
        self.virtual_size = Size(layout.width, len(layout.lines))
        self.scroll_to_anchor(self.place)
        self.refresh()

    def scroll_to_anchor(self, anchor: Anchor) -> None:
        """Put the line holding ``anchor`` at the top (as near as the end allows)."""
        self.place = anchor
        if self.text_layout is None:
            return
        self._restoring = True
        try:
            self.scroll_to(
                y=self.text_layout.y_of(anchor), animate=False, immediate=True, force=True
            )
        finally:
            self._restoring = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        layout = self.text_layout
        if layout is not None and not self._restoring and round(old_value) != round(new_value):
            self.place = layout.anchor_at(round(new_value))

    def on_resize(self) -> None:
        if self.text_layout is not None and self.text_layout.width != self.pane_width:
            self.relayout()

    # Matches

    def set_current(self, index: int | None) -> None:
        """Make match ``index`` the current one and bring it into view (centred)."""
        before, self.current = self.current, index
        layout = self.text_layout
        if layout is None:
            return
        for number in (before, index):
            if number is not None:
                block = self.document.matches[number].block
                if block in layout.tables:
                    blocks = self.document.blocks
                    room = layout.width - 2 - blocks[block].hang.cell_length
                    layout.tables[block] = self.table_lines(blocks[block], block, room)
        self._cache.clear()
        if index is not None:
            if self.scrollable_content_region.height:
                self._bring_into_view(index)
            else:  # not laid out yet (the reader was just switched in): after it is
                self.call_after_refresh(self._bring_into_view, index)
        self.refresh()

    def _bring_into_view(self, index: int) -> None:
        """Scroll so that match ``index``, if still the current one, stands a third
        of the way down the pane."""
        layout = self.text_layout
        if layout is None or index != self.current or index >= len(self.document.matches):
            return
        if (layout.width, layout.measure) != (self.pane_width, self.measure):
            # Laid out while hidden (a hit opened from the results), for a width it
            # does not have: the match's line is only known at the width it has.
            layout = self._lay_out()
            self._use(layout)
        y = self._y_of_match(self.document.matches[index])
        top = max(0, min(y - self.scrollable_content_region.height // 3, self.max_scroll_y))
        self._restoring = True
        try:
            self.scroll_to(y=top, animate=False, immediate=True, force=True)
        finally:
            self._restoring = False
        self.place = layout.anchor_at(round(self.scroll_y))

    def _y_of_match(self, match: Match) -> int:
        layout = self.text_layout
        assert layout is not None
        if match.block not in layout.tables:
            return layout.y_of(Anchor(match.block, match.start))
        rows = self.document.blocks[match.block].rows
        place = [r for r, row in enumerate(rows) for _ in row]
        row = place[match.piece] if match.piece < len(place) else 0
        return layout.starts[match.block] + 1 + 2 * row  # near it: rows may wrap

    def current_line(self) -> int | None:
        """The line of the current match (None without one)."""
        if self.current is None or self.text_layout is None:
            return None
        return self._y_of_match(self.document.matches[self.current])

    # Keys

    # Keys move the text at once, not animated: a long post may be laid out again
    # (a part more of it parsed) at any moment, from the place the text is at.

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_relative(y=self.scrollable_content_region.height, animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_relative(
            y=-self.scrollable_content_region.height, animate=False, immediate=True
        )

    def action_scroll_end(self) -> None:
        if not self.document.has_end:  # gone to once it is read
            self._pending_end = True
        self.scroll_end(animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        self._pending_end = False
        self.scroll_home(animate=False, immediate=True)

    async def _on_click(self, event: events.Click) -> None:
        href = event.style.meta.get("href")
        if isinstance(href, str):
            event.stop()
            self.post_message(self.LinkClicked(href))

    # Drawing

    def notify_style_update(self) -> None:
        # Focus restyles the border only: the lines drawn stay good unless the
        # colours under them changed.
        look = (self.app.theme, self.visual_style)
        if look != self._look:
            self._look = look
            self._cache.clear()
        super().notify_style_update()

    def selection_updated(self, selection: Selection | None) -> None:
        self._cache.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        layout = self.text_layout
        if layout is None:
            return None
        count = len(layout.lines)
        first = selection.start.y if selection.start is not None else 0
        last = selection.end.y if selection.end is not None else count - 1
        wanted = range(max(0, first), min(count, last + 1))
        # Only the selected lines are drawn (the others are left empty), and each
        # loses its margin, so that what is copied is the post's text.
        lines = [""] * count
        for y in wanted:
            lines[y] = self.line_content(y).plain
        text = selection.extract("\n".join(lines))
        copied = text.split("\n")
        from_margin = selection.start is None or selection.start.x == 0
        for number, y in enumerate(wanted):
            if number < len(copied) and (number or from_margin):
                margin = layout.lines[y].x
                line = copied[number]
                copied[number] = line[min(margin, len(line) - len(line.lstrip(" "))) :]
        return "\n".join(copied), "\n"

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        layout = self.text_layout
        if layout is None or not 0 <= index < len(layout.lines):
            return Strip.blank(width, self.rich_style)
        selected = self.text_selection is not None
        key = (index, width, -1 if selected else self.current)
        if (strip := self._cache.get(key)) is None:
            content = self.line_content(index)
            if selected and self.text_selection is not None:
                span = self.text_selection.get_span(index)
                if span is not None:
                    end = len(content.plain) if span[1] == -1 else span[1]
                    highlight = self.screen.get_visual_style("screen--selection")
                    content = content.stylize(highlight, span[0], end)
            strip = Visual.to_strips(
                self, content, width, 1, self.visual_style, pad=True, apply_selection=False
            )[0]
            strip = strip.apply_offsets(0, index)
            if len(self._cache) >= CACHE_LINES:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def line_content(self, index: int) -> Content:
        """Line ``index`` of the layout as styled text, margin included."""
        layout = self.text_layout
        assert layout is not None
        line = layout.lines[index]
        if line.role == BLANK:
            return Content()
        block = self.document.blocks[line.block]
        first = layout.starts[line.block] == index
        prefix = block.lead if first else block.hang
        if line.role == UNDERLINE:
            size = max(1, min(block.text.cell_length, layout.text_width - prefix.cell_length))
            style = HEADING_STYLES[min(block.level, 4)].replace("underline", "")
            body = Content.styled(("━" if block.level == 1 else "─") * size, style)
            prefix = block.hang
        elif line.role == RULE:
            body = Content.styled("─" * (layout.text_width - prefix.cell_length), RULE_STYLE)
        elif line.role == TABLE:
            body = layout.tables[line.block][line.start]
        else:
            text = highlighted(block) if block.language else block.text
            body = self._marked(line.block, text[line.start : line.end], line.start)
            if line.role == CODE:
                box = layout.code_widths.get(line.block, 0)
                body = Content(" ") + body.pad_right(max(0, box - 1 - body.cell_length))
                body = body.stylize_before(CODE_BACKGROUND)
        return Content(" " * line.x) + prefix + body

    def _marked(self, block: int, text: Content, offset: int) -> Content:
        """``text`` (from ``offset`` in ``block``) with the matches in it styled."""
        numbers = self._block_matches.get(block)
        if not numbers:
            return text
        match_style, current_style = self.styles_for_matches
        end = offset + len(text.plain)
        for number in numbers:
            match = self.document.matches[number]
            if match.end > offset and match.start < end:
                style = current_style if number == self.current else match_style
                text = text.stylize(style, max(0, match.start - offset), match.end - offset)
        return text
