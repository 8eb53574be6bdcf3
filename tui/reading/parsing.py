"""markdown-it-py's tokens turned into the reading view's blocks.

The parser is CommonMark with tables and strikethrough, plus mdit-py-plugins for
footnotes, definition lists and task lists. Raw HTML is not enabled, so it stays
text. Headings get the anchor ids mdit-py-plugins' anchors plugin would give them,
made unique over the whole post by the builder (the plugin makes them unique within
one parse, and a long post is parsed in parts). The post's words only ever become
``Content`` text with spans: nothing in a post is read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify, unique_slug
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from textual.content import Content, Span
from textual.highlight import highlight
from textual.style import Style

from blog_reader.tui.links import Link
from blog_reader.tui.look import LINK
from blog_reader.tui.reading.model import EMPTY, Block, Document, Heading, Kind

HEADING_STYLES = {
    1: "bold underline $text-accent",
    2: "bold $text-accent",
    3: "bold $text-success",
    4: "bold italic $text-secondary",
}
"""H1-H4 each distinct (the post's title above them is bold $text-primary); H5, H6 as H4."""

INLINE_STYLES = {
    "em_open": "italic",
    "strong_open": "bold",
    "s_open": "strike",
}
CODE_STYLE = "$text-warning on $boost"
LINK_STYLE = LINK
NOTE_STYLE = "$text-accent"
DIM = "italic dim"
QUOTE_BAR = Content.styled("▌ ", "$text-secondary")
HIGHLIGHT_LIMIT = 100_000
"""Code blocks longer than this (characters) are shown unhighlighted."""
HIGHLIGHT_LATER = 4_000
"""Code blocks up to this long (characters) are highlighted when first drawn, not when
parsed: Pygments took a third of the time a 1 MB post of short code blocks took to
read, for blocks most readers never scroll to. (A longer one, highlighted when drawn,
would hold a key up.)"""


def make_parser() -> MarkdownIt:
    """The Markdown parser of the reading view (and of the links list)."""
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(tasklists_plugin)
    )


def base_slug(inline: Token) -> str:
    """A heading's anchor id before it is made unique: the anchors plugin's, from the
    text and code of its ``inline`` token."""
    title = "".join(
        child.content for child in inline.children or () if child.type in ("text", "code_inline")
    )
    return slugify(title)


def link_meta(href: str) -> Style:
    """A style that carries a link's address, for a click (how it looks: LINK_STYLE)."""
    return Style.from_meta({"href": href})


def inline_content(token: Token, links: list[Link]) -> Content:
    """The text of an ``inline`` token with its emphasis, code and links as spans.

    Links found are appended to ``links`` (in reading order).
    """
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    opened: list[tuple[int, str | Style]] = []
    href: str | None = None
    link_words: list[str] = []

    def add(text: str, style: str | Style | None = None) -> None:
        nonlocal length
        if not text:
            return
        parts.append(text)
        if style is not None:
            spans.append(Span(length, length + len(text), style))
        if href is not None:
            link_words.append(text)
        length += len(text)

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind in ("softbreak",):
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, CODE_STYLE)
        elif kind in INLINE_STYLES:
            opened.append((length, INLINE_STYLES[kind]))
        elif kind in ("em_close", "strong_close", "s_close") and opened:
            start, style = opened.pop()
            spans.append(Span(start, length, style))
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            link_words = []
            opened.append((length, LINK_STYLE))
        elif kind == "link_close" and opened:
            start, style = opened.pop()
            spans.append(Span(start, length, style))
            if href is not None:
                spans.append(Span(start, length, link_meta(href)))
                links.append(Link(" ".join("".join(link_words).split()), href))
            href = None
        elif kind == "image":
            alt = child.content or "image"
            add(f"▣ {alt} <{child.attrs.get('src', '')}>", DIM)
        elif kind == "footnote_ref":
            add(f"[{child.meta.get('label', child.meta.get('id', ''))}]", NOTE_STYLE)
        elif kind == "footnote_anchor":
            continue
        elif kind == "html_inline" and "checkbox" in child.content:
            add("☑" if "checked" in child.content else "☐", "bold")
        else:
            add(child.content)
    return Content("".join(parts), spans=spans)


@dataclass(slots=True)
class _Container:
    lead: Content
    hang: Content
    used: bool = False
    tight: bool = False
    number: int | None = None  # the next item's number, in an ordered list
    is_list: bool = False


class Builder:
    """Turns a token stream into a :class:`Document`, one block at a time.

    ``continued``: the blocks are the end of a post whose start is built apart
    (its first block has the gap it has after others).
    """

    def __init__(self, header: Content | None = None, *, continued: bool = False) -> None:
        self.document = Document()
        self.continued = continued
        self.slugs: set[str] = set()
        """The anchor ids given so far."""
        self.bases: list[tuple[int, str]] = []
        """Each heading's block and anchor id before it was made unique."""
        self.stack: list[_Container] = []
        self._prefix_cache: dict[tuple[tuple[str, str, bool], ...], tuple[Content, Content]] = {}
        if header is not None:
            self.document.blocks.append(Block(Kind.TEXT, header, gap=0))
            self.document.has_header = True

    def _prefixes(self) -> tuple[Content, Content]:
        if not self.stack:
            return EMPTY, EMPTY
        # Shared between the blocks of one container: a long list would otherwise
        # hold two Content objects per item (10 MB for a 1 MB post).
        key = tuple((c.lead.plain, c.hang.plain, c.used) for c in self.stack)
        if (prefixes := self._prefix_cache.get(key)) is None:
            lead = Content("").join(c.hang if c.used else c.lead for c in self.stack)
            hang = Content("").join(c.hang for c in self.stack)
            prefixes = self._prefix_cache[key] = (lead, hang)
        for container in self.stack:
            container.used = True
        return prefixes

    def _gap(self) -> int:
        if not self.document.blocks and not self.continued:
            return 0
        lists = [c for c in self.stack if c.is_list]
        if lists and lists[-1].tight and lists[0].used:
            return 0
        return 1

    def add(self, kind: Kind, text: Content = EMPTY, **fields: object) -> Block:
        gap = self._gap()
        lead, hang = self._prefixes()
        block = Block(kind, text, lead, hang, gap, **fields)  # type: ignore[arg-type]
        self.document.blocks.append(block)
        return block

    def feed(self, tokens: Sequence[Token]) -> Document:
        """Add the blocks of ``tokens`` (a whole parse) to the document and return it."""
        links = self.document.links
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1:])
                text = inline_content(tokens[index + 1], links)
                style = HEADING_STYLES[min(level, 4)]
                base = base_slug(tokens[index + 1])
                slug = unique_slug(base, self.slugs)
                self.bases.append((len(self.document.blocks), base))
                self.add(Kind.HEADING, text.stylize_before(style), level=level, slug=slug)
                self.document.headings.append(
                    Heading(level, text.plain, len(self.document.blocks) - 1)
                )
                index += 2
            elif kind in ("paragraph_open", "dt_open"):
                text = inline_content(tokens[index + 1], links)
                self.add(Kind.TEXT, text.stylize_before("bold") if kind == "dt_open" else text)
                index += 2
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n").expandtabs(4)
                language = token.info.split()[0] if token.info.strip() else ""
                if language and len(code) <= HIGHLIGHT_LATER:
                    self.add(Kind.CODE, Content.styled(code, "$foreground"), language=language)
                else:
                    self.add(Kind.CODE, code_content(token.content, token.info))
            elif kind == "hr":
                self.add(Kind.RULE)
            elif kind == "table_open":
                index = self._table(tokens, index)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrs.get("start", 1)) if kind == "ordered_list_open" else None
                tight = index + 2 < len(tokens) and tokens[index + 2].hidden
                self.stack.append(
                    _Container(Content(), Content(), tight=tight, number=start, is_list=True)
                )
            elif kind == "list_item_open":
                self._item()
            elif kind in ("blockquote_open",):
                self.stack.append(_Container(QUOTE_BAR, QUOTE_BAR))
            elif kind == "dd_open":
                self.stack.append(_Container(Content("    "), Content("    ")))
            elif kind == "footnote_block_open":
                self.add(Kind.RULE)
            elif kind == "footnote_open":
                label = f"[{token.meta.get('label', token.meta.get('id', ''))}] "
                lead = Content.styled(label, NOTE_STYLE)
                self.stack.append(_Container(lead, Content(" " * len(label))))
            elif kind in (
                "bullet_list_close",
                "ordered_list_close",
                "blockquote_close",
                "dd_close",
                "footnote_close",
            ):
                if self.stack:
                    self.stack.pop()
            elif kind == "list_item_close":
                if self.stack and not self.stack[-1].is_list:
                    self.stack.pop()
            elif kind in ("html_block",):
                self.add(Kind.TEXT, Content(token.content.rstrip("\n")))
            index += 1
        return self.document

    def _item(self) -> None:
        owner = self.stack[-1] if self.stack and self.stack[-1].is_list else None
        if owner is not None and owner.number is not None:
            marker = f"{owner.number}. "
            owner.number += 1
        else:
            depth = sum(1 for c in self.stack if c.is_list)
            marker = ("•", "◦", "▪")[(depth - 1) % 3] + " "
        self.stack.append(
            _Container(Content.styled(marker, "$text-accent"), Content(" " * len(marker)))
        )

    def _table(self, tokens: Sequence[Token], index: int) -> int:
        rows: list[tuple[Content, ...]] = []
        row: list[Content] = []
        links = self.document.links
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                row = []
            elif token.type in ("th_open", "td_open"):
                cell = inline_content(tokens[index + 1], links)
                row.append(cell.stylize_before("bold") if token.type == "th_open" else cell)
                index += 1
            elif token.type == "tr_close":
                rows.append(tuple(row))
            index += 1
        self.add(Kind.TABLE, rows=tuple(rows))
        return index


def highlighted(block: Block) -> Content:
    """A code block's text as drawn: highlighted, once, if that was left for later."""
    if block.language and block.drawn is None:
        block.drawn = code_content(block.text.plain, block.language)
    return block.drawn or block.text


def code_content(code: str, info: str) -> Content:
    """A code block's text, highlighted by Pygments when its language is known."""
    code = code.rstrip("\n").expandtabs(4)
    language = info.split()[0] if info.strip() else ""
    if not language or len(code) > HIGHLIGHT_LIMIT:
        return Content.styled(code, "$foreground")
    return highlight(code, language=language)


def parse(markdown: str, parser: MarkdownIt | None = None) -> Document:
    """The blocks, links and headings of ``markdown`` (no header block)."""
    return Builder().feed((parser or make_parser()).parse(markdown))
