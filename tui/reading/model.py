"""What a post is made of once parsed: blocks of styled text, its links, its headings.

Every block holds its text as a ``Content`` (never a markup string), with the
container prefixes (list bullets, quote bars) of its first and following lines.
A place in the post is an :class:`Anchor`: a block and a character offset in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from textual.content import Content

from blog_reader.tui.links import Link

EMPTY = Content()


class Kind(Enum):
    """How a block is laid out."""

    TEXT = "text"  # wrapped to the measure
    HEADING = "heading"  # wrapped, with a rule under H1 and H2
    CODE = "code"  # not wrapped at spaces; folded at the pane's full width
    TABLE = "table"  # columns fitted to the pane's width, cells wrapped
    RULE = "rule"  # a horizontal line


@dataclass(slots=True, eq=False)
class Block:
    """One laid-out unit of the post: a paragraph, heading, code block, table, rule."""

    kind: Kind
    text: Content = EMPTY
    lead: Content = EMPTY
    """Prefix of the first line (a list bullet, a quote bar)."""
    hang: Content = EMPTY
    """Prefix of the following lines."""
    gap: int = 1
    """Blank lines before the block."""
    level: int = 0
    """A heading's level (1-6)."""
    slug: str = ""
    """A heading's anchor id (``#slug`` links jump to it)."""
    rows: tuple[tuple[Content, ...], ...] = ()
    """A table's cells, row by row (the first row is the header)."""
    language: str = ""
    """A code block's language, when it is highlighted only once drawn."""
    drawn: Content | None = None
    """That code block's text highlighted, once drawn (``parsing.highlighted``)."""

    @property
    def pieces(self) -> tuple[str, ...]:
        """The plain texts that search matches are found in (a table: one per cell)."""
        if self.kind is Kind.TABLE:
            return tuple(cell.plain for row in self.rows for cell in row)
        return (self.text.plain,)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place in the post: ``offset`` characters into block ``block``.

    For a table the offset counts its laid-out lines instead (a table has no one text).
    """

    block: int = 0
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Match:
    """A search match: ``piece`` of block ``block`` (a table's cell), ``[start:end]``."""

    block: int
    piece: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the post, for the outline."""

    level: int
    text: str
    block: int


@dataclass(slots=True)
class Document:
    """A parsed post: its blocks in reading order, its links and headings."""

    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    complete: bool = True
    """False while only the top of a long post is parsed."""
    has_header: bool = False
    """Whether block 0 is the post's header (title, date, address), not its text."""
    hole: int | None = None
    """The block standing for the middle of a long post not read yet, its end shown
    after it (None: the blocks run on from the top)."""

    @property
    def has_end(self) -> bool:
        """Whether the post's last blocks are in the document."""
        return self.complete or self.hole is not None

    def snapshot(self, complete: bool) -> Document:
        """A copy to show while this one is still added to."""
        return Document(
            list(self.blocks),
            list(self.links),
            list(self.headings),
            list(self.matches),
            complete,
            self.has_header,
            self.hole,
        )

    def carry(self, anchor: Anchor, before: Document) -> Anchor:
        """``anchor``, a place in ``before`` (this post with less of it read), here.

        Blocks after ``before``'s hole are its end: they are counted from the end.
        """
        hole = before.hole
        if hole is None or anchor.block < hole:
            return anchor
        if anchor.block == hole:  # where the text read so far stopped
            return Anchor(self.hole if self.hole is not None else hole, 0)
        return Anchor(anchor.block - len(before.blocks) + len(self.blocks), anchor.offset)

    def slug_block(self, slug: str) -> int | None:
        """The block of the heading whose anchor id is ``slug``, if any."""
        for heading in self.headings:
            if self.blocks[heading.block].slug == slug:
                return heading.block
        return None
