"""The readable text of a Markdown post, for the search index and summaries.

What a reader would read is kept: headings, paragraphs, list items, quotes,
table cells, code (inline and fenced), the text of links and the alt text of
images. Link targets and HTML tags are dropped; the text inside an HTML block
is kept, except comments, scripts and styles. Nothing is ever run or fetched.

Blocks are separated by a blank line (``"\\n\\n"``); lines inside a paragraph
keep their line breaks; a table row is one line with cells joined by ``" | "``.

A short body is parsed with markdown-it-py (blocks only: the words of each
block are taken by :mod:`index.inline_text`); if it fails on some input, a
crude strip of the Markdown punctuation is used instead. A body longer than
:data:`_HEAD_CHARS` is read in one linear pass
(:func:`index.inline_text.markdown_text`): markdown-it takes up to ~10
microseconds and a few hundred bytes of tokens per character on dense markup
(a line per list item or heading), and the Node.js blog's long changelogs took
10 s of a build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from blog_reader.index.inline_text import has_words, inline_text, markdown_text

BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "

_HEAD_CHARS = 4096
"""How much of a body is parsed to find its first heading or paragraph."""
_PARAGRAPH_LIKE = re.compile(r"(?:\A|\n\n)(?=[^\W\d_])")
"""A line after a blank one that starts with a letter: likely a paragraph (where
a long body's first look ends, see :func:`_first_look`)."""
_SUMMARY_SCAN_CHARS = 64 * 1024
"""How far into a body a first paragraph is looked for, when the head has none."""
_CODE_TOKENS = frozenset({"fence", "code_block"})
_SKIPPED_BEFORE_HEADING = frozenset({"html_block", "hr"})

_HTML_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
# No "<" inside a tag: keeps each failed match short, so scanning stays linear.
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_LINK_TARGET = re.compile(r"\]\([^()\n]*\)")
_MARKUP_CHARS = str.maketrans("", "", "*`~[]#>|")
_LIST_MARKER = re.compile(r"^(?:[-+*]|\d{1,9}[.)])[ \t]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


def plain_text(markdown: str) -> str:
    """Return the readable text of a Markdown body, blocks separated by blank lines.

    A short body (most posts) is read by markdown-it; a longer one in one linear
    pass (:func:`index.inline_text.markdown_text`), which keeps the same words:
    markdown-it took 10 s for the Node.js blog's 18 MB, mostly in long changelogs.
    """
    if len(markdown) <= _HEAD_CHARS:
        # A short body is its own head: the reader parsed it already (cached).
        return _piece_text(markdown, cached=True)
    try:
        return markdown_text(markdown)
    except Exception:
        return _crude_text(markdown)


def _piece_text(markdown: str, cached: bool = False) -> str:
    """The plain text of a body, or of a piece of one, through markdown-it."""
    try:
        tokens = _parse_head(markdown) if cached else _parser().parse(markdown)
        if _too_deep(tokens):
            return _crude_text(markdown)
        return BLOCK_SEPARATOR.join(_blocks(tokens))
    except Exception:
        return _crude_text(markdown)


def first_paragraph(markdown: str) -> str:
    """Return the plain text of the body's first paragraph (headings are not paragraphs).

    A paragraph with no words of its own (only an image, say) is passed over.
    A paragraph outside lists and quotes is preferred when the start of the
    body has one. Returns ``""`` when there is no paragraph.
    """
    try:
        look = _first_look(markdown)
        if look is not None:
            found = _top_paragraph_in(look)
            if found is not None:
                return found
        head = _head(markdown)
        text = _first_paragraph_in(_parse_head(head))
        if not text and len(head) < len(markdown):
            further = _head(markdown, _SUMMARY_SCAN_CHARS)
            text = _first_paragraph_in(_parser().parse(further))
        return text
    except Exception:
        return _first_block(_crude_text(_head(markdown, _SUMMARY_SCAN_CHARS)))


def leading_heading(markdown: str) -> str:
    """Return the text of the heading the body opens with, or ``""``.

    Only a heading that comes before any other text counts (HTML blocks and
    rules may come first): a section heading further down is not a title.
    """
    try:
        look = _first_look(markdown)
        if look is not None:
            found = _leading_heading_in(look)
            if found is not None:
                return found
        found = _leading_heading_in(_parse_head(_head(markdown)))
    except Exception:
        return ""
    return found or ""


def _leading_heading_in(tokens: Sequence[Token]) -> str | None:
    """The leading heading's text in ``tokens``, ``""`` when the first block
    (not counting HTML and rules) is not a heading, None when there is none."""
    for index, token in enumerate(tokens):
        if token.type in _SKIPPED_BEFORE_HEADING:
            continue
        if token.type == "heading_open":
            return _inline_text(tokens[index + 1]).strip()
        return ""
    return None


def _first_look(markdown: str) -> Sequence[Token] | None:
    """The blocks of a long body up to what looks like its first paragraph and
    the block after it; None for a body short enough to be parsed whole (its
    plain text parses it anyway), or when its head shows no such paragraph.

    Most posts open with their heading and first paragraph, and markdown-it
    takes ~0.3 ms per kilobyte: the 4 KB heads of the Node.js blog's 800 long
    changelogs took half a second of a build to parse for a title and summary.

    The look is cut at a blank line, inside the head. A block before the cut is
    read as in the whole body, with two exceptions the callers allow for: the
    last block may be a container (or an HTML block or fence) that the cut
    closed early, and a paragraph just before the cut may turn out to be a
    definition list's term (its definition after a blank line). Blocks are
    otherwise decided by the lines up to their end.
    """
    if len(markdown) <= _HEAD_CHARS:
        return None
    limit = len(_head(markdown))
    found = _PARAGRAPH_LIKE.search(markdown, 0, limit)
    end = -1 if found is None else markdown.find("\n\n", found.end())
    if end < 0:
        return None
    start = end + 2
    while markdown.startswith("\n", start):
        start += 1
    end = markdown.find("\n\n", start, limit)
    return _parse_head(markdown[:end]) if end > 0 else None


def _top_paragraph_in(tokens: Sequence[Token]) -> str | None:
    """The first paragraph with words outside lists and quotes, if one is
    followed by another block (so the cut did not end it): what
    :func:`_first_paragraph_in` finds in any longer head. Else None."""
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.level != 0 or index + 3 >= len(tokens):
            continue
        if _has_words(tokens[index + 1]):
            return _inline_text(tokens[index + 1]).strip()
    return None


def first_line(markdown: str) -> str:
    """Return the first non-empty line of the body's plain text, stripped, or ``""``."""
    try:
        text = BLOCK_SEPARATOR.join(_blocks(_parse_head(_head(markdown))))
    except Exception:
        text = _crude_text(_head(markdown))
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def formats_whole(markdown: str, max_tokens: int) -> bool:
    """Whether markdown-it reads ``markdown`` whole (no block nested past its
    limit, where it drops text) into at most ``max_tokens`` tokens.

    A Markdown renderer built on markdown-it (Rich's) then shows all of it, in
    time that grows with the tokens: callers use this on bodies already known
    to be short.
    """
    try:
        tokens = _full_parser().parse(markdown)
    except Exception:
        return False
    count = len(tokens) + sum(len(token.children or ()) for token in tokens)
    return count <= max_tokens and not _too_deep(tokens)


@cache
def _full_parser() -> MarkdownIt:
    """CommonMark plus GFM tables and strikethrough, inline markup included."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@cache
def _parser() -> MarkdownIt:
    """The shared parser for text: blocks only (see :mod:`index.inline_text`), with
    footnotes and definition lists (mdit-py-plugins): a footnote's text is read where
    it is written (``footnote_tail``, which gathers footnotes at the end, is off)."""
    parser = MarkdownIt("commonmark").enable(["table"]).use(footnote_plugin).use(deflist_plugin)
    return parser.disable(["inline", "footnote_tail"])


@lru_cache(maxsize=8)
def _parse_head(head: str) -> Sequence[Token]:
    """Parse the start of a body (see :func:`_head`); the last few answers are kept.

    The reader asks for a body's heading, first line and first paragraph one
    after the other: only the first of these parses the text.
    """
    return tuple(_parser().parse(head))


def _too_deep(tokens: Sequence[Token]) -> bool:
    """Whether blocks reach the parser's nesting limit, past which it drops text.

    Twenty quotes or lists deep, markdown-it stops parsing the rest of the
    container silently; the crude text keeps those words.
    """
    limit = int(_parser().options["maxNesting"]) - 1
    return any(token.nesting == 1 and token.level >= limit for token in tokens)


def _head(markdown: str, chars: int = _HEAD_CHARS) -> str:
    """Return the start of ``markdown``, cut at a blank line when it is longer than ``chars``."""
    if len(markdown) <= chars:
        return markdown
    cut = markdown.rfind("\n\n", 0, chars)
    return markdown[: cut if cut > 0 else chars]


def _blocks(tokens: Sequence[Token]) -> Iterator[str]:
    """Yield the text of each block, in order; empty blocks are left out."""
    row: list[str] | None = None
    rows: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "inline":
            text = _inline_text(token).strip()
            if row is not None:
                row.append(text)
            elif text:
                yield text
        elif kind in _CODE_TOKENS:
            code = token.content.rstrip()
            if code.strip():
                yield code
        elif kind == "html_block":
            text = _html_text(token.content)
            if text:
                yield text
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            rows.append(CELL_SEPARATOR.join(cell for cell in row if cell))
            row = None
        elif kind == "table_close":
            table = "\n".join(line for line in rows if line)
            rows = []
            if table:
                yield table


def _inline_text(token: Token) -> str:
    """Return the text of an inline token: words, code, link text, image alt text."""
    return inline_text(token.content)


def _has_words(token: Token) -> bool:
    """Whether an inline token has text of its own, not counting image alt text."""
    return has_words(token.content)


def _first_paragraph_in(tokens: Sequence[Token]) -> str:
    """The first paragraph with words: top-level if there is one, else nested."""
    nested = ""
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or index + 1 >= len(tokens):
            continue
        inline = tokens[index + 1]
        if not _has_words(inline):
            continue
        if token.level == 0:
            return _inline_text(inline).strip()
        nested = nested or _inline_text(inline).strip()
    return nested


def _html_text(markup: str) -> str:
    """Return the text of an HTML block: tags, comments, scripts and styles removed."""
    text = _HTML_TAG.sub(" ", _HTML_HIDDEN.sub(" ", markup))
    return " ".join(html.unescape(text).split())


def _crude_text(markdown: str) -> str:
    """A rough plain text for input the parser could not handle."""
    # A space where a tag was: "one<br>two" is two words, and so is a tag cut in two.
    text = _HTML_TAG.sub(" ", _HTML_HIDDEN.sub(" ", markdown))
    text = _LINK_TARGET.sub("]", text).translate(_MARKUP_CHARS)
    lines = "\n".join(_LIST_MARKER.sub("", line.strip(), count=1) for line in text.splitlines())
    return _BLANK_LINES.sub(BLOCK_SEPARATOR, lines).strip()


def _first_block(text: str) -> str:
    """The first block of a plain text."""
    return text.split(BLOCK_SEPARATOR, 1)[0].strip()
