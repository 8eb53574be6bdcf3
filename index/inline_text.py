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

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE = re.compile(rf"!\[([^\[\]]*)\](?:{_TARGET}|\[[^\[\]]*\])")
_LINK = re.compile(rf"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:{_TARGET}|\[[^\[\]]*\])?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->")
_EMPHASIS = re.compile(r"(?<![\w\\])[*_]{1,3}(?=\S)|(?<=[^\s\\])[*_]{1,3}(?!\w)|~~")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
_LINE_INDENT = re.compile(r"\n[ \t]+")
_SPAN_MARK = "\ue002"


def inline_text(source: str) -> str:
    """The readable text of a paragraph's (or heading's, or cell's) Markdown source."""
    if not _needs_work(source):
        return _LINE_INDENT.sub("\n", source)
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match[2].strip(" ") if match[2].strip() else match[2])
        return _SPAN_MARK

    text = _CODE_SPAN.sub(keep, source) if "`" in source else source
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _HARD_BREAK.sub("\n", text)
    text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    text = _LINE_INDENT.sub("\n", text)
    if spans:
        pieces = iter(spans)
        text = re.sub(_SPAN_MARK, lambda _: next(pieces, ""), text)
    return text


def has_words(source: str) -> bool:
    """Whether a paragraph has words of its own (an image's alt text does not count)."""
    return any(char.isalnum() for char in _IMAGE.sub("", source))


def _needs_work(source: str) -> bool:
    return any(char in source for char in "`[]<>*_~\\&!")
