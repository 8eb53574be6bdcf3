"""HTML in a post, rewritten as the Markdown it stands for.

Posts embed HTML: figures, lazy-loaded images, embedded videos, lists and
tables written as tags, MDX's JSX components. A reader shows Markdown, so each
tag becomes its Markdown meaning: paragraphs and line breaks, ``-`` and ``1.``
list items, ``#`` headings, links, images (``![alt](src)``, which a reader shows
as a placeholder with the alt text), emphasis, code; an ``iframe`` or
``video`` becomes a link. Scripts, styles, ``noscript``, comments and forms'
controls are dropped; any other tag (``span``, ``font``, a JSX component) is
dropped and its text kept. The Markdown between tags is kept as written.

Code is set aside first (:mod:`index.codeblocks`): tags inside code are what
the post shows. Parsing is the standard library's :class:`html.parser.HTMLParser`,
which never fails on broken HTML.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from blog_reader.index.codeblocks import Stash, set_code_aside

_TAG_START = re.compile(r"<[A-Za-z!/?]")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>"
)
_STRAY_LT = re.compile(
    r"<(?!/?[A-Za-z][^<>]*>|!--(?:[^<]|<(?!!--))*?-->|![A-Za-z][^<>]*>|\?[^<>]*>)"
)
_LT = "\ue007"
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title", "select",
                     "textarea", "svg", "math", "button", "option"})  # fmt: skip
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})  # fmt: skip
# Blocks whose content is one run of text: HTML's whitespace rules apply inside.
_TEXT_BLOCKS = frozenset({"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5",
                          "h6", "figcaption", "summary", "caption", "label"})  # fmt: skip
# Blocks holding other blocks: their lines are kept, without HTML's indentation.
_CONTAINERS = frozenset({"div", "section", "article", "aside", "header", "footer", "nav",
                         "figure", "main", "blockquote", "details", "ul", "ol", "dl",
                         "table", "thead", "tbody", "tfoot", "tr", "center", "form",
                         "fieldset", "picture", "body", "html"})  # fmt: skip
# Blocks that end their paragraph (a table's rows and cells, a list item's text do not).
_BLOCK_ENDS = (_TEXT_BLOCKS | _CONTAINERS) - {"li", "td", "th", "dd", "dt", "tr", "thead",
                                              "tbody", "tfoot"}  # fmt: skip
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*", "del": "~~", "s": "~~",
             "strike": "~~", "code": "`", "kbd": "`", "tt": "`"}  # fmt: skip


def html_to_markdown(body: str) -> str:
    """Return ``body`` with its HTML rewritten as Markdown (see the module's docstring)."""
    if not _TAG_START.search(body):
        return body
    stash = Stash()
    text = set_code_aside(body, stash)
    if not _TAG_START.search(text):
        return body
    text = _AUTOLINK.sub(lambda match: stash.put(match[0], block=False), text)
    # Only whole tags reach the parser: a "<" that opens none is text (and HTMLParser
    # took quadratic time over thousands of unclosed "<p ").
    text = _STRAY_LT.sub(_LT, text)
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return stash.restore(converter.markdown().replace(_LT, "<"))


class _Converter(HTMLParser):
    """Collects Markdown while HTMLParser walks the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.hidden = 0
        self.pre = 0
        self.links: list[tuple[int, str]] = []
        self.lists: list[list[int]] = []  # one counter per open list; 0 for bullets

    # -- the parser's callbacks ---------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag in _HIDDEN:
            if tag not in _VOID:
                self.hidden += 1
                self.stack.append(tag)
            return
        if self.hidden:
            if tag not in _VOID:
                self.stack.append(tag)
            return
        self._open(tag, attr)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden or tag in _HIDDEN:
            return
        self._open(tag, {key: value or "" for key, value in attrs})
        if tag not in _VOID:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _HIDDEN:
                self.hidden -= 1
            elif not self.hidden:
                self._close(open_tag)
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            self.out.append(html.unescape(data))
        elif self._in_text_block():
            blank = _BLANK_LINE.search(data)
            if blank is None:
                self.out.append(_SPACES.sub(" ", data))
                return
            # A blank line ends an HTML block in Markdown: a <p> or <li> left open ends too.
            self.out.append(_SPACES.sub(" ", data[: blank.start()]))
            self._end_text_blocks()
            self.handle_data(data[blank.start() :])
        elif any(tag in _CONTAINERS for tag in self.stack):
            self.out.append("\n".join(line.strip() for line in data.split("\n")))
        else:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self.hidden:
            self.out.append(html.unescape(f"&{name};") if self.pre else f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.hidden:
            self.out.append(html.unescape(f"&#{name};") if self.pre else f"&#{name};")

    # Comments, declarations and processing instructions are dropped (the defaults).

    # -- tags ---------------------------------------------------------------

    def _open(self, tag: str, attr: dict[str, str]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append([0 if tag == "ul" else int(_number(attr.get("start", "1"))) - 1])
            self._block()
        elif tag == "li":
            self._li()
        elif tag in _TEXT_BLOCKS and tag.startswith("h") and tag[1:].isdigit():
            self._block()
            self.out.append("#" * int(tag[1]) + " ")
        elif tag in ("td", "th"):
            self.out.append(" | ")
        elif tag == "tr":
            self.out.append("\n")
        elif tag == "dd":
            self.out.append("\n: ")
        elif tag == "blockquote":
            self._block()
            self.out.append("> ")
        elif tag == "pre":
            self._block()
            self.out.append("```\n")
            self.pre += 1
        elif tag in _TEXT_BLOCKS or tag in _CONTAINERS or tag == "hr":
            self._block()
        elif tag == "br":
            self.out.append("\n" if not self._in_text_block() else "  \n")
        elif tag == "img":
            self._image(attr)
        elif tag in ("iframe", "video", "audio", "embed", "source") and not self.pre:
            self._media(tag, attr)
        elif tag == "a":
            self.links.append((len(self.out), attr.get("href", "")))
        elif tag in _EMPHASIS and not self.pre:
            self.out.append(_EMPHASIS[tag])

    def _close(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._block()
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
            if self.out and not self.out[-1].endswith("\n"):
                self.out.append("\n")
            self.out.append("```")
            self._block()
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            text = "".join(self.out[start:]).strip()
            del self.out[start:]
            if href and not href.startswith("javascript:"):
                self.out.append(f"[{text or href}]({_target(href)})")
            else:
                self.out.append(text)
        elif tag in _EMPHASIS and not self.pre:
            self.out.append(_EMPHASIS[tag])
        elif tag in _BLOCK_ENDS:
            self._block()

    def _li(self) -> None:
        depth = max(len(self.lists) - 1, 0)
        marker = "-"
        if self.lists and self.lists[-1][0] >= 0 and self._ordered():
            self.lists[-1][0] += 1
            marker = f"{self.lists[-1][0]}."
        ends_line = bool(self.out) and self.out[-1].endswith("\n")
        self.out.append(("" if ends_line else "\n") + "   " * depth + marker + " ")

    def _ordered(self) -> bool:
        for tag in reversed(self.stack):
            if tag in ("ul", "ol"):
                return tag == "ol"
        return False

    def _image(self, attr: dict[str, str]) -> None:
        src = attr.get("src") or attr.get("data-src") or ""
        alt = attr.get("alt") or attr.get("title") or ""
        if src or alt:
            self.out.append(f"![{_bracketed(_SPACES.sub(' ', alt).strip())}]({_target(src)})")

    def _media(self, tag: str, attr: dict[str, str]) -> None:
        src = attr.get("src") or attr.get("data-src") or ""
        if not src:
            return
        words = {"iframe": "Embedded page", "audio": "Audio"}.get(tag, "Video")
        title = _SPACES.sub(" ", attr.get("title", "")).strip() or words
        self._block()
        self.out.append(f"[{_bracketed(title)}]({_target(src)})")
        self._block()

    # -- helpers ------------------------------------------------------------

    def _end_text_blocks(self) -> None:
        """Close every open element down to and including the outermost text block."""
        outermost = next(i for i, tag in enumerate(self.stack) if tag in _TEXT_BLOCKS or tag == "a")
        while len(self.stack) > outermost:
            self._close(self.stack.pop())

    def _in_text_block(self) -> bool:
        return any(tag in _TEXT_BLOCKS or tag == "a" for tag in self.stack)

    def _block(self) -> None:
        if not self.pre:
            self.out.append("\n\n")

    def markdown(self) -> str:
        """The Markdown collected, with runs of blank lines made one."""
        text = "".join(self.out)
        text = _BLANKS.sub("\n\n", text)
        return re.sub(r"(?m)^(\s*(?:[-:]|\d+\.)) +(?=\S)", r"\1 ", text)


def _number(text: str) -> int:
    return int(text) if text.strip().isdigit() else 1


def _target(href: str) -> str:
    if re.search(r"[\s()<>]", href):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def _bracketed(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
