"""Laying out a parsed post for a width: which text goes on which line.

A line is a small tuple (block, start, end, role, x): the characters
``start:end`` of a block's text, at column ``x``. Nothing is styled here; the
view styles only the lines on screen. Text wraps to the measure, centred in the
pane; code blocks and tables may use the pane's full width.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content

from blog_reader.tui.reading.model import Anchor, Block, Kind

BLANK, TEXT, RULE, UNDERLINE, CODE, TABLE = range(6)
"""A line's role."""

MEASURE_DEFAULT, MEASURE_MIN, MEASURE_MAX = 80, 60, 120
"""The measure: body text at most this many columns (a setting, 60 to 120)."""

_WORD = re.compile(r"[\S\xa0]+[^\S\xa0]*|[^\S\xa0]+")
"""A word and the spaces after it (or spaces alone): a no-break space is part of the
word ("No.\xa027" never breaks)."""


class Line(NamedTuple):
    """One line on screen: ``block``'s text ``[start:end]`` at column ``x``.

    For a table line, ``start`` is the index of the line in the table's lines.
    """

    block: int
    start: int
    end: int
    role: int
    x: int


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines of at most ``width`` cells: (start, end) pairs.

    Breaks at spaces (dropped at the end of a line; never at a no-break space) and
    at newlines; a word longer than the width is folded.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        _wrap_paragraph(paragraph, offset, width, lines)
        offset += len(paragraph) + 1
    return lines


def _wrap_paragraph(text: str, base: int, width: int, lines: list[tuple[int, int]]) -> None:
    ascii_text = text.isascii()
    measure = len if ascii_text else cell_len
    first = len(lines)
    start: int | None = None  # where the line being filled starts
    end = base  # where its last word ends
    used = 0  # cells it holds, the spaces after its last word included
    for match in _WORD.finditer(text):
        word = match.group()
        bare = word.rstrip()
        if not bare:
            continue  # spaces at the start of the paragraph
        word_start = base + match.start()
        size = measure(bare)
        if start is not None and used + size > width:
            lines.append((start, end))
            start, used = None, 0
        while size > width:  # fold a word too long for a line
            cut = _fold_at_slash(bare, _fold(bare, width, ascii_text), width)
            lines.append((word_start, word_start + cut))
            bare, word_start = bare[cut:], word_start + cut
            size = measure(bare)
        if start is None:
            start = word_start
        end = word_start + len(bare)
        used += size + len(word) - len(word.rstrip())
    if start is not None:
        lines.append((start, end))
    elif len(lines) == first:
        lines.append((base, base))  # an empty line keeps its place


def _fold_at_slash(word: str, cut: int, width: int) -> int:
    """Where a word too long for a line is cut: after its last slash that fits (else
    its last hyphen), so an address breaks between its parts ("example.org/" |
    "posts/x"), unless that comes so early the line would be mostly empty; else at
    ``cut``, mid-word."""
    for mark in "/-":
        after = word.rfind(mark, 0, cut) + 1
        if width // 3 < after < cut:
            return after
    return cut


def _fold(word: str, width: int, ascii_text: bool) -> int:
    if ascii_text:
        return width
    cells = 0
    for index, char in enumerate(word):
        cells += cell_len(char)
        if cells > width:
            return max(1, index)
    return len(word)


@dataclass(slots=True)
class Layout:
    """The lines of a post at one width and measure."""

    width: int
    measure: int
    lines: list[Line] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    """The index of each block's first line (its blank gap lines come before it)."""
    tables: dict[int, list[Content]] = field(default_factory=dict)
    """Each table's lines, drawn for this width."""
    code_widths: dict[int, int] = field(default_factory=dict)
    """Each code block's width (its longest line, padding included)."""

    @property
    def text_width(self) -> int:
        return max(10, min(self.measure, self.width - 2))

    @property
    def margin(self) -> int:
        return max(0, (self.width - self.text_width) // 2)

    def copy(self) -> Layout:
        """A copy that can be added to while this one is on screen."""
        return Layout(
            self.width,
            self.measure,
            list(self.lines),
            list(self.starts),
            dict(self.tables),
            dict(self.code_widths),
        )

    def y_of(self, anchor: Anchor) -> int:
        """The line showing ``anchor`` (the last line of the post if it is beyond)."""
        if not self.starts:
            return 0
        block = min(anchor.block, len(self.starts) - 1)
        y = self.starts[block]
        stop = self.starts[block + 1] if block + 1 < len(self.starts) else len(self.lines)
        lines = self.lines
        while (
            y + 1 < stop
            and lines[y + 1].role == lines[y].role
            and lines[y].start < lines[y + 1].start <= anchor.offset
        ):
            y += 1
        return y

    def anchor_at(self, y: int) -> Anchor:
        """The place in the text at line ``y`` (a blank line: the block after it)."""
        if not self.lines:
            return Anchor()
        line = self.lines[max(0, min(y, len(self.lines) - 1))]
        if line.role in (BLANK, UNDERLINE):
            return Anchor(line.block, 0)
        return Anchor(line.block, line.start)


TableDrawer = Callable[[Block, int, int], list[Content]]


def lay_out(
    blocks: Sequence[Block],
    width: int,
    measure: int,
    draw_table: TableDrawer,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    following: Layout | None = None,
) -> Layout | None:
    """Lay ``blocks`` out for a pane ``width`` cells wide (None when ``cancelled``).

    With ``following``, a layout of the first blocks, only the blocks after them are
    laid out, onto a copy of it.
    """
    layout = Layout(width, measure) if following is None else following.copy()
    lines, starts = layout.lines, layout.starts
    text_width, margin = layout.text_width, layout.margin
    for index in range(len(starts), len(blocks)):
        block = blocks[index]
        if index % 256 == 0 and cancelled():
            return None
        lines.extend(Line(index, 0, 0, BLANK, 0) for _ in range(block.gap))
        starts.append(len(lines))
        prefix = block.hang.cell_length
        kind = block.kind
        if kind is Kind.TEXT or kind is Kind.HEADING:
            for start, end in wrap(block.text.plain, text_width - prefix):
                lines.append(Line(index, start, end, TEXT, margin))
            if kind is Kind.HEADING and block.level <= 2:
                lines.append(Line(index, 0, 0, UNDERLINE, margin))
        elif kind is Kind.RULE:
            lines.append(Line(index, 0, 0, RULE, margin))
        elif kind is Kind.CODE:
            _code_lines(index, block, layout, lines)
        else:
            table = layout.tables[index] = draw_table(block, index, width - 2 - prefix)
            x = _wide_margin(max((t.cell_length for t in table), default=0) + prefix, layout)
            lines.extend(Line(index, row, row, TABLE, x) for row in range(len(table)))
    return layout


def _wide_margin(natural: int, layout: Layout) -> int:
    """Where a code block or table starts: with the text, or further left if it is wide."""
    if natural <= layout.text_width:
        return layout.margin
    return max(1, min(layout.margin, (layout.width - natural) // 2))


def _code_lines(index: int, block: Block, layout: Layout, lines: list[Line]) -> None:
    code = block.text.plain
    prefix = block.hang.cell_length
    avail = max(10, layout.width - 2 - prefix - 2)  # two cells of padding inside the block
    spans: list[tuple[int, int]] = []
    offset = 0
    longest = 0
    for text in code.split("\n"):
        ascii_text = text.isascii()
        size = len(text) if ascii_text else cell_len(text)
        longest = max(longest, size)
        start, rest = offset, text
        while size > avail:
            cut = _fold(rest, avail, ascii_text)
            spans.append((start, start + cut))
            start, rest = start + cut, rest[cut:]
            size = len(rest) if ascii_text else cell_len(rest)
        spans.append((start, start + len(rest)))
        offset += len(text) + 1
    layout.code_widths[index] = min(longest, avail) + 2
    x = _wide_margin(min(longest, avail) + 2 + prefix, layout)
    lines.extend(Line(index, start, end, CODE, x) for start, end in spans)
