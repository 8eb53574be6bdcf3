"""The words of one Markdown paragraph (its inline markup), without parsing it.

markdown-it's inline parser was four fifths of the time it took to turn posts
into text (links cost most: each target is normalised). For the index and
snippets only the words matter, so the block structure is still parsed by
markdown-it, and the text of each block is taken from its source with a few
linear regular expressions: code spans kept as written, images as their alt
text, links as their text, autolinks as their address, tags, emphasis marks
and backslash escapes dropped, entities decoded.
"""

from __future__ import annotations

import html
import re
from itertools import chain
from operator import itemgetter

from blog_reader.index.codeblocks import Stash, code_spans, set_code_aside

# A link's target and text may hold one level of parentheses or brackets. Each
# is written as runs of plain characters around the nested pairs ("unrolled"),
# not as a choice made at every character, which matched the same and took
# four times as long on the Node.js blog's 132,000 links.
_TARGET = r"\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"
_IMAGE = re.compile(rf"!\[([^\[\]]*)\](?:{_TARGET}|\[[^\[\]]*\])")
_LINK = re.compile(rf"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\](?:{_TARGET}|\[[^\[\]]*\])?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->")
_EDGE_UNDERSCORES = re.compile(r"_(?:(?<![\\\w]_)_*|(?<![\\_]_)_*(?!\w))")
"""A run of underscores that is emphasis, not part of a word: not between two
letters or digits (``snake_case`` keeps its own), nor after a backslash. Its
first character is written first, so the search skips to each underscore (a
look-behind first, or a Python function deciding each run, took ten times as
long)."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = re.compile(r"(?:  +|\\)\n")  # "  +", not " {2,}": the same, scanned 2x faster
_LINE_INDENT = re.compile(r"\n[ \t]+")
_SPAN_MARK = "\ue002"
_FIRST_GROUP = itemgetter(1)
"""A substitution by the match's first group: ``sub(r"\\1")`` calls Python code
for each match (``re._parser.expand_template``), this does not."""


def inline_text(source: str) -> str:
    """The readable text of a paragraph's (or heading's, or cell's) Markdown source."""
    if not _needs_work(source):
        return _LINE_INDENT.sub("\n", source)
    spans: list[str] = []
    text = source
    if "`" in source:
        pieces: list[str] = []
        at = 0
        for start, end in code_spans(source):
            span = source[start:end].strip("`")
            spans.append(span.strip(" ") if span.strip() else span)
            pieces += [source[at:start], _SPAN_MARK]
            at = end
        text = "".join([*pieces, source[at:]])
    escaped = "\\[" in text or "\\]" in text
    if escaped:  # "\[" is a bracket, not a link's: set it aside
        text = text.replace("\\[", _OPEN_BRACKET).replace("\\]", _CLOSE_BRACKET)
    if "[^" in text:
        text = _FOOTNOTE_MARK.sub("", text)
    if "[ ]" in text or "[x]" in text or "[X]" in text:
        text = _TASK.sub("", text)
    text = _IMAGE.sub(_FIRST_GROUP, text)
    text = _LINK.sub(_FIRST_GROUP, text)
    if escaped:
        text = text.replace(_OPEN_BRACKET, "[").replace(_CLOSE_BRACKET, "]")
    text = _AUTOLINK.sub(_FIRST_GROUP, text)
    text = _TAG.sub("", text)
    text = _without_emphasis(text)
    if "  \n" in text or "\\\n" in text:
        text = _HARD_BREAK.sub("\n", text)
    text = _ESCAPE.sub(_FIRST_GROUP, text)
    if "&" in text:
        text = html.unescape(text)
    text = _LINE_INDENT.sub("\n", text)
    if spans:  # each mark in turn takes the next span (none left: nothing)
        parts = text.split(_SPAN_MARK)
        marks = len(parts) - 1
        fill = [*spans[:marks], *[""] * (marks - len(spans)), ""]
        text = "".join(chain.from_iterable(zip(parts, fill, strict=True)))
    return text


def _without_emphasis(text: str) -> str:
    """``text`` without emphasis marks: ``*`` and ``~~`` anywhere (an escaped ``\\*``
    stays), ``_`` at a word's edge (``snake_case`` keeps its own)."""
    if "*" in text:
        text = text.replace("\\*", _STAR).replace("*", "").replace(_STAR, "\\*")
    if "~~" in text:
        text = text.replace("~~", "")
    if "_" in text:
        text = _EDGE_UNDERSCORES.sub("", text)
    return text


_STAR = "\ue004"
_OPEN_BRACKET = "\ue005"
_CLOSE_BRACKET = "\ue006"


def has_words(source: str) -> bool:
    """Whether a paragraph has words of its own (an image's alt text does not count)."""
    return any(char.isalnum() for char in _IMAGE.sub("", source))


def _needs_work(source: str) -> bool:
    return any(char in source for char in "`[]<>*_~\\&!")


# --- a whole body in one linear pass -------------------------------------------

_HIDDEN_HTML = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_REFERENCE = re.compile(r"\[(?!\^)[^\]\n]+\]:[ \t]*\S+.*")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\]:?")
_TASK = re.compile(r"^\[[ xX]\][ \t]+", re.MULTILINE)
_TABLE_RULE = re.compile(r"\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?[ \t]*)?")
_RULE_LINE = re.compile(r"(?:=+|[-*_][ \t]*(?:[-*_][ \t]*){2,})$")
_HEADING = re.compile(r"#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?$")
_ITEM = re.compile(r"(?:[-+*]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"(?:>[ \t]?)+")
_BLOCK_MARKS = frozenset("#>-+*_=|[:0123456789")
CELLS = " | "
_BLANK_RUN = re.compile(r"\n\n\n+")  # not "\n{3,}": a literal start is searched for 10x faster
_FENCE_LINE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[^\n]*$", re.MULTILINE)


def markdown_text(source: str) -> str:
    """The readable text of a whole Markdown body, in time linear in its length.

    What markdown-it's reading gives, closely: blocks apart by a blank line (each
    list item and heading a block of its own), table rows as lines of cells
    joined by `` | ``, code kept as written, markup and link targets dropped.
    Line by line: a regular expression that may match anywhere in a line costs
    a try at every character of a 2 MB changelog.
    """
    stash = Stash()
    text = set_code_aside(_HIDDEN_HTML.sub("", source), stash, code=_code_text)
    text = inline_text("\n".join(_line_text(line) for line in text.split("\n")))
    return _BLANK_RUN.sub("\n\n", stash.restore(text)).strip()


def _line_text(line: str) -> str:
    """One line of prose without its block markup (heading, list, quote marks, table pipes)."""
    line = line.strip()
    if not line or line[0] not in _BLOCK_MARKS:
        return line
    if line[0] == ">":
        line = _QUOTE.sub("", line)
        if not line or line[0] not in _BLOCK_MARKS:
            return line
    if line[0] == "#" and (match := _HEADING.match(line)):
        return f"\n{match[1]}\n"
    if _RULE_LINE.match(line) or ("|" in line and _TABLE_RULE.fullmatch(line)):
        return "\n" if line[0] != "|" else ""
    if line.startswith(": "):  # a definition list's definition
        return "\n" + line[2:]
    if match := _ITEM.match(line):
        line = "\n" + line[match.end() :]
    if line[0] == "[" and _REFERENCE.fullmatch(line):
        return ""
    if "|" in line:
        cells = [cell.strip() for cell in line.strip("\n").strip("|").split("|")]
        line = CELLS.join(cells)
    return line


def _code_text(code: str) -> str:
    """The text of a piece of code: a block without its fences or indentation, a span
    without its backticks."""
    if code.startswith("`") and "\n" not in code:
        return code.strip("`").strip(" ")
    if _FENCE_LINE.match(code):
        lines = code.split("\n")[1:]
        if lines and _FENCE_LINE.match(lines[-1]):
            lines.pop()
        return "\n\n" + "\n".join(lines).rstrip() + "\n\n"
    lines = [line[1:] if line.startswith("\t") else line[4:] for line in code.split("\n")]
    return "\n\n" + "\n".join(lines).rstrip() + "\n\n"
