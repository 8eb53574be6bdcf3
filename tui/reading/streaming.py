"""A long post read part by part: its top first, then its end, then the middle.

The post is cut into parts that parse as the whole does (``loading.iter_parts``:
never inside a fence, a list or a quote; a post with reference definitions or
footnotes is not cut). Its first part is small, so that its first screen shows at
once. Its last part is read next, apart, so that ``G`` shows the end of a 1 MB post
while the middle (most of a second of parsing) is still being read: meanwhile the
document is the top, one block standing for the rest ("the hole"), and the end. The
middle then fills in above the end, part by part, until the blocks are those of a
parse of the whole post: the end's blocks are the same blocks, its headings' anchor
ids made unique after the middle's, as the whole's would be.

This module knows nothing of widgets: it yields documents and their layouts for the
reader's loading thread to show.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mdit_py_plugins.anchors.index import unique_slug
from textual.content import Content
from textual.style import Style

from blog_reader.index import Span
from blog_reader.tui.reading.layout import Layout, Line, lay_out
from blog_reader.tui.reading.loading import (
    CHUNK,
    PREVIEW,
    Interrupted,
    find_matches,
    interruptible,
    iter_parts,
    parse_document,
    parse_part,
    top_of,
)
from blog_reader.tui.reading.model import Block, Document, Heading, Kind
from blog_reader.tui.reading.parsing import Builder, make_parser
from blog_reader.tui.reading.tables import table_drawer

HOLE_TEXT = Content.styled("⋯  the middle of the post is still being read  ⋯", "italic dim")


@dataclass(slots=True)
class _End:
    """The post's last part, read apart: its blocks (from 0) and their layout."""

    builder: Builder
    layout: Layout


def read_in_parts(
    body: str,
    header: Content | None,
    width: int,
    measure: int,
    styles: tuple[Style, Style],
    *,
    find: Callable[[str], tuple[Span, ...]] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    every: float = 0.0,
    first: int = PREVIEW,
    size: int = CHUNK,
    pane: Callable[[], tuple[int, int]] | None = None,
) -> Iterator[tuple[Document, Layout]]:
    """The documents of ``body`` to show as it is read, laid out: its top, its end,
    more of its middle at most once every ``every`` seconds (each showing costs the
    UI thread a layout of the screen), and the whole (with ``find``'s matches).
    Stops early when ``cancelled()``. ``first`` and ``size``: the parts' lengths.
    ``pane()``: the width and measure to lay out for now, when they may change while
    the post is read (a post opened from the search results is laid out before the
    reader is shown: else each showing would be laid out again on the UI thread).
    """

    def fits(layout: Layout | None) -> Layout | None:
        """``layout``, or None if the pane's width or measure changed since."""
        nonlocal width, measure
        if pane is not None:
            width, measure = pane()
        if layout is None or (layout.width, layout.measure) != (width, measure):
            return None
        return layout

    parser = make_parser()
    main = Builder(header)
    parts = iter_parts(body, first, size)
    document = main.feed(parse_part(parser, next(parts)))
    second = next(parts, None)
    if second is None and find is not None:
        document.matches = find_matches(document, find)
    layout = _lay_out(document, width, measure, styles, cancelled)
    if layout is None:
        return
    yield document.snapshot(complete=second is None), layout
    if second is None:
        return
    rest = [second, *parts]  # the other cuts, found once the top is on screen
    end: _End | None = None
    if len(rest) > 1:
        builder = Builder(continued=True)
        builder.feed(parse_part(parser, rest.pop()))
        layout = fits(layout) or _lay_out(document, width, measure, styles, cancelled)
        end_layout = _lay_out(builder.document, width, measure, styles, cancelled)
        if layout is None or end_layout is None:
            return
        end = _End(builder, end_layout)
        yield _with_end(main, layout, end, styles)
    shown_at = time.monotonic()
    for number, part in enumerate(rest, 1):
        if cancelled():
            return
        document = main.feed(parse_part(parser, part))
        last = number == len(rest)
        if last:
            if end is not None:
                _attach(main, end.builder)
            if find is not None:
                document.matches = find_matches(document, find)
                layout = None  # tables with matches are drawn again
        layout = _lay_out(document, width, measure, styles, cancelled, fits(layout))
        if layout is None:
            return
        if last:
            yield document.snapshot(complete=True), layout
        elif time.monotonic() - shown_at >= every:
            if end is None:
                yield document.snapshot(complete=False), layout
            else:
                yield _with_end(main, layout, end, styles)
            shown_at = time.monotonic()


def read_whole(
    body: str,
    header: Content | None,
    width: int,
    measure: int,
    styles: tuple[Style, Style],
    *,
    find: Callable[[str], tuple[Span, ...]] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[Document, Layout]]:
    """The documents of a post that is not cut into parts (it defines link references
    or notes, which any part may use), laid out: its top parsed alone, to show while
    the whole is parsed, then the whole (with ``find``'s matches). Each parse runs in
    a thread of its own that is left behind when ``cancelled()``."""
    try:
        top = top_of(body)
        if top is not None:
            shown_first: str = top
            preview = interruptible(lambda: parse_document(shown_first, header), cancelled)
            preview.complete = False
            layout = _lay_out(preview, width, measure, styles, cancelled)
            if layout is None:
                return
            yield preview, layout
        document = interruptible(lambda: parse_document(body, header), cancelled)
    except Interrupted:
        return
    if find is not None:
        document.matches = find_matches(document, find)
    layout = _lay_out(document, width, measure, styles, cancelled)
    if layout is not None:
        yield document, layout


def _lay_out(
    document: Document,
    width: int,
    measure: int,
    styles: tuple[Style, Style],
    cancelled: Callable[[], bool],
    following: Layout | None = None,
) -> Layout | None:
    draw = table_drawer(document, None, styles)
    return lay_out(document.blocks, width, measure, draw, cancelled=cancelled, following=following)


def _with_end(
    main: Builder, layout: Layout, end: _End, styles: tuple[Style, Style]
) -> tuple[Document, Layout]:
    """The top and middle read so far, the hole, then the end: a copy to show."""
    if (end.layout.width, end.layout.measure) != (layout.width, layout.measure):
        relaid = _lay_out(end.builder.document, layout.width, layout.measure, styles, _never)
        assert relaid is not None  # never cancelled
        end.layout = relaid
    top = main.document
    hole = len(top.blocks)
    offset = hole + 1  # where the end's blocks start
    blocks = [*top.blocks, Block(Kind.TEXT, HOLE_TEXT), *end.builder.document.blocks]
    joined = lay_out(blocks[:offset], layout.width, layout.measure, _no_table, following=layout)
    assert joined is not None  # never cancelled
    y = len(joined.lines)
    joined.lines.extend(
        Line(line.block + offset, line.start, line.end, line.role, line.x)
        for line in end.layout.lines
    )
    joined.starts.extend(start + y for start in end.layout.starts)
    joined.tables.update({block + offset: t for block, t in end.layout.tables.items()})
    joined.code_widths.update({b + offset: w for b, w in end.layout.code_widths.items()})
    tail = end.builder.document
    document = Document(
        blocks,
        [*top.links, *tail.links],
        [*top.headings, *(_moved(h, offset) for h in tail.headings)],
        [],
        complete=False,
        has_header=top.has_header,
        hole=hole,
    )
    return document, joined


def _attach(main: Builder, end: Builder) -> None:
    """Put the end's blocks after the middle's, as a parse of the whole post has them."""
    top, tail = main.document, end.document
    offset = len(top.blocks)
    for block, base in end.bases:
        tail.blocks[block].slug = unique_slug(base, main.slugs)
    top.blocks.extend(tail.blocks)
    top.links.extend(tail.links)
    top.headings.extend(_moved(heading, offset) for heading in tail.headings)


def _moved(heading: Heading, offset: int) -> Heading:
    return Heading(heading.level, heading.text, heading.block + offset)


def _never() -> bool:
    return False


def _no_table(block: Block, index: int, room: int) -> list[Content]:
    return []  # the hole is a line of text
