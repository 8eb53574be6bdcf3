"""Tables drawn to fit a width: columns share the room, cells wrap."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style

from blog_reader.tui.look import FACTS
from blog_reader.tui.reading.layout import wrap
from blog_reader.tui.reading.model import Block, Document

BORDER = FACTS  # muted, as metadata
MIN_COLUMN = 6
LONGEST_WORD = 16


def column_widths(rows: Sequence[Sequence[Content]], room: int) -> list[int]:
    """How wide each column is drawn so that the table fits in ``room`` cells.

    Each column first gets its longest word (up to :data:`LONGEST_WORD`), so that
    short columns are not folded mid-word; the rest of the room goes to the columns
    that want more, in proportion.
    """
    count = max((len(row) for row in rows), default=0)
    if not count:
        return []
    natural = [1] * count
    words = [1] * count
    for row in rows:
        for column, cell in enumerate(row):
            natural[column] = max(natural[column], cell.cell_length)
            longest = max((cell_len(word) for word in cell.plain.split()), default=1)
            words[column] = max(words[column], min(longest, LONGEST_WORD))
    room = max(count * MIN_COLUMN, room - (3 * count + 1))  # "│ " ... " │"
    if sum(natural) <= room:
        return natural
    widths = [min(n, w) for n, w in zip(natural, words, strict=True)]
    if sum(widths) > room:
        widths = [min(n, MIN_COLUMN) for n in natural]
    spare = room - sum(widths)
    wanting = [n - w for n, w in zip(natural, widths, strict=True)]
    total = sum(wanting)
    for column, want in enumerate(wanting):
        if total:
            widths[column] += min(want, spare * want // total)
    return widths


def draw_table(rows: Sequence[Sequence[Content]], room: int) -> list[Content]:
    """The lines of a table of ``rows`` (the first is the header) at most ``room`` wide."""
    widths = column_widths(rows, room)
    if not widths:
        return []

    def rule(left: str, middle: str, right: str) -> Content:
        return Content.styled(left + middle.join("─" * (w + 2) for w in widths) + right, BORDER)

    bar = Content.styled("│", BORDER)
    lines = [rule("┌", "┬", "┐")]
    for number, row in enumerate(rows):
        cells = [row[c] if c < len(row) else Content() for c in range(len(widths))]
        wrapped = [
            [cell[start:end] for start, end in wrap(cell.plain, width)]
            for cell, width in zip(cells, widths, strict=True)
        ]
        height = max(len(parts) for parts in wrapped)
        for y in range(height):
            parts: list[Content] = [bar]
            for part, width in zip(wrapped, widths, strict=True):
                text = part[y] if y < len(part) else Content()
                parts += [Content(" "), text.pad_right(width - text.cell_length), Content(" "), bar]
            lines.append(Content("").join(parts))
        if number == 0 and len(rows) > 1:
            lines.append(rule("├", "┼", "┤"))
    lines.append(rule("└", "┴", "┘"))
    return lines


def marked_rows(
    rows: Sequence[Sequence[Content]],
    matches: Sequence[tuple[int, int, int, Style]],
) -> list[tuple[Content, ...]]:
    """``rows`` with matches styled: (piece, start, end, style) each, pieces counted
    cell by cell, row by row."""
    cells = [list(row) for row in rows]
    place = [(r, c) for r, row in enumerate(cells) for c in range(len(row))]
    for piece, start, end, style in matches:
        if piece < len(place):
            r, c = place[piece]
            cells[r][c] = cells[r][c].stylize(style, start, end)
    return [tuple(row) for row in cells]


def table_drawer(
    document: Document, current: int | None, styles: tuple[Style, Style]
) -> Callable[[Block, int, int], list[Content]]:
    """Draws the tables of ``document`` with its matches marked (``current`` distinct)."""
    by_block: dict[int, list[tuple[int, int, int, Style]]] = {}
    for number, match in enumerate(document.matches):
        style = styles[1] if number == current else styles[0]
        by_block.setdefault(match.block, []).append((match.piece, match.start, match.end, style))

    def draw(block: Block, index: int, room: int) -> list[Content]:
        marks = by_block.get(index)
        return draw_table(marked_rows(block.rows, marks) if marks else block.rows, room)

    return draw
