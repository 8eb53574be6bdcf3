"""The archive sidebar: every post in archive order, grouped, one line each.

A line-API widget (a ``ScrollView`` with ``render_line``): it draws only the rows on
screen, so an archive of 100,000 posts costs one list of rows, not 100,000 widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

from blog_reader.index import Kind, PostInfo, counted
from blog_reader.tui.grouping import (
    GroupHeader,
    Row,
    archive_rows,
    cut_at_word,
    gathered_ids,
    row_title,
    section_of,
)
from blog_reader.tui.keys import list_bindings
from blog_reader.tui.kinds import KIND_WORDING
from blog_reader.tui.widgets.steady import SteadyScrollView

CACHE_ROWS = 1024

# The parts of a row. Not $text and $text-muted: "auto" colours come out white inside
# Content, whatever the theme's background (unreadable on a light theme).
GROUP = "bold $text-accent"
OPEN = "bold $text-primary"
NUMBER = "dim"
FULL = "bold $foreground"
PARTIAL = "$foreground-muted"
MARKER = "$text-secondary"
SECTION = "$foreground-muted"
"""Drawn rows kept (a few screens, in each state a row can be in)."""


class Sidebar(SteadyScrollView, can_focus=True):
    """The archive, grouped by month or series, with the open post marked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open"),
        *list_bindings("post"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"sidebar--cursor"}
    """Only the cursor's row is styled through CSS (its colours follow the focus, and
    its foreground is an "auto" colour); the other parts of a row are styled by theme
    variables in its text: each focus change restyles the sidebar, and Textual builds
    a DOM node for each component class at each restyle (cyclic garbage, 2 a restyle
    now, 16 with a class per part)."""

    DEFAULT_CSS = """
    Sidebar {
        background: $surface;
        overflow-x: hidden;
        border: tall $border-blurred;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
        &:focus {
            border: tall $border;
            border-title-color: $text-accent;
        }
        & > .sidebar--cursor { background: $block-cursor-blurred-background; }
        &:focus > .sidebar--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor: reactive[int | None] = reactive(None, always_update=True)
    """Row index of the highlighted post (never a header row)."""

    class PostChosen(Message):
        """The user asked to open a post (Enter or a click)."""

        def __init__(self, post_id: str) -> None:
            super().__init__()
            self.post_id = post_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Row] = []
        self._row_of: dict[str, int] = {}
        self._number_width = 0
        self._with_section: set[str] = set()
        """Posts of the gathered group, whose rows show their section."""
        self._open_id: str | None = None
        # A plain dict, emptied when full: Textual's LRUCache links its entries in a
        # ring, so each clear() left its strips to the cycle collector.
        self._cache: dict[tuple[object, ...], Strip] = {}
        self._look: tuple[str, VisualStyle] | None = None
        """The theme and the widget's style the cached rows were drawn with."""

    # Data

    @property
    def post_count(self) -> int:
        """How many posts the sidebar lists."""
        return len(self._row_of)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the post under the cursor."""
        row = self.rows[self.cursor] if self.cursor is not None else None
        return row.id if isinstance(row, PostInfo) else None

    def set_posts(self, posts: Sequence[PostInfo]) -> None:
        """Show ``posts`` (in archive order), keeping the cursor on the same post."""
        keep = self.highlighted_id or self._open_id
        self.rows = archive_rows(posts)
        self._row_of = {row.id: i for i, row in enumerate(self.rows) if isinstance(row, PostInfo)}
        self._with_section = gathered_ids(self.rows)
        numbers = [len(str(p.number)) for p in posts if p.number is not None]
        self._number_width = max(numbers, default=0)
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        self.border_subtitle = legend(posts) or counted(self.post_count, "post")
        target = self._row_of.get(keep) if keep is not None else None
        self.cursor = target if target is not None else self._first_post_row(0, 1)
        self.refresh()

    def set_open(self, post_id: str | None) -> None:
        """Mark ``post_id`` as the post in the reader and move the cursor to it."""
        before = self._row_of.get(self._open_id) if self._open_id is not None else None
        self._open_id = post_id
        # Rows are cached by whether they hold the open post: only the two rows
        # that changed are drawn again (an open no longer redraws the whole list).
        if post_id in self._row_of:
            self.cursor = self._row_of[post_id]
        for row in (before, self._row_of.get(post_id) if post_id is not None else None):
            if row is not None:
                self.refresh_line(row)

    def _first_post_row(self, start: int, step: int) -> int | None:
        index = start
        while 0 <= index < len(self.rows):
            if isinstance(self.rows[index], PostInfo):
                return index
            index += step
        return None

    # Cursor and actions

    def watch_cursor(self, old: int | None, cursor: int | None) -> None:
        # The cache is keyed by whether a row holds the cursor: only the two
        # rows that changed are drawn again (unless the view scrolls).
        before = self.scroll_offset.y
        if cursor is not None and self.is_mounted:
            width = self.scrollable_content_region.width
            # Keep the group header above the first post of a group in view too.
            top = (
                cursor - 1
                if cursor > 0 and isinstance(self.rows[cursor - 1], GroupHeader)
                else cursor
            )
            self.scroll_to_region(
                Region(0, top, width, cursor - top + 1), animate=False, force=True
            )
        if self.scroll_offset.y != before:
            self.refresh()
            return
        for row in (old, cursor):
            if row is not None:
                self.refresh_line(row)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _move(self, step: int) -> None:
        start = step if self.cursor is None else self.cursor + step
        found = self._first_post_row(start, 1 if step > 0 else -1)
        if found is not None:
            self.cursor = found

    def _page(self, direction: int) -> None:
        if self.cursor is None:
            return
        target = max(0, min(len(self.rows) - 1, self.cursor + direction * self.size.height))
        found = self._first_post_row(target, direction) or self._first_post_row(target, -direction)
        if found is not None:
            self.cursor = found

    def action_first(self) -> None:
        self.cursor = self._first_post_row(0, 1)

    def action_last(self) -> None:
        self.cursor = self._first_post_row(len(self.rows) - 1, -1)

    def action_choose(self) -> None:
        if (post_id := self.highlighted_id) is not None:
            self.post_message(self.PostChosen(post_id))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if isinstance(row, int) and isinstance(self.rows[row], PostInfo):
            self.cursor = row
            self.action_choose()

    # Drawing

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def notify_style_update(self) -> None:
        # Focus restyles the border and the cursor's row only (the cache is keyed by
        # both): the other rows stay good unless the colours under them changed.
        look = (self.app.theme, self.visual_style)
        if look != self._look:
            self._look = look
            self._cache.clear()
        super().notify_style_update()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        opened = isinstance(row, PostInfo) and row.id == self._open_id
        cursor = index == self.cursor
        key = (index, width, cursor, cursor and self.has_focus, opened)
        if (strip := self._cache.get(key)) is None:
            strip = self._render_row(index, width)
            if len(self._cache) >= CACHE_ROWS:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _render_row(self, index: int, width: int) -> Strip:
        row = self.rows[index]
        classes: tuple[str, ...] = ()
        if isinstance(row, GroupHeader):
            content = Content.styled(row.label, GROUP)
        else:
            content = self._post_line(row, width, index == self.cursor and self.has_focus)
            if index == self.cursor:
                classes = ("sidebar--cursor",)
        style = self.get_visual_style(*classes)
        content = content.truncate(width)
        strip = Visual.to_strips(self, content, width, 1, style, pad=True)[0]
        return strip.apply_meta({"row": index})

    def _post_line(self, info: PostInfo, width: int, current: bool) -> Content:
        """A post's row; on the ``current`` row (the cursor's, focused) the title takes
        the cursor's colours, readable on it in every theme."""
        number = "" if info.number is None else str(info.number)
        opened = info.id == self._open_id
        full = info.kind == Kind.FULL
        if current:
            title_style = "bold" if full else ""
        else:
            title_style = OPEN if opened else FULL if full else PARTIAL
        parts: list[tuple[str, str] | str] = ["▌" if opened else " "]
        if self._number_width:
            parts.append((number.rjust(self._number_width) + " ", NUMBER))
        parts.append((KIND_WORDING[info.kind].marker + " ", MARKER))
        if info.id in self._with_section and (section := section_of(info)):
            parts.append((section + " · ", SECTION))
        room = width - sum(len(part if isinstance(part, str) else part[0]) for part in parts)
        parts.append((cut_at_word(row_title(info), room), title_style))
        return Content.assemble(*parts)


def legend(posts: Sequence[PostInfo]) -> str:
    """What the markers of the partial kinds among ``posts`` mean, for the border."""
    kinds = {info.kind for info in posts}
    words = {Kind.SUMMARY: "summary", Kind.TITLE_ONLY: "title only"}  # fits 30 columns
    return "  ".join(
        f"{KIND_WORDING[kind].marker} {word}" for kind, word in words.items() if kind in kinds
    )
