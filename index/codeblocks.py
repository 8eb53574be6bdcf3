"""Setting a post's code aside while its site markup and HTML are resolved.

Template calls and tags inside code are what the post shows, not markup to
resolve: a post about Hugo shows ``{{ .Title }}`` in its code. So fenced code
blocks, indented code blocks and inline code spans are swapped for
placeholders, the rest is rewritten, and the code is put back.

A placeholder is ``\\ue000N\\ue001`` (private-use characters, which a post's
text practically never holds); a block placeholder stands on a line of its
own when it is put back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

OPEN = "\ue000"
CLOSE = "\ue001"
_PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s")
_BACKTICKS = re.compile(r"`+")
_MAY_START_CODE = frozenset(" \t`~")
"""The first characters of a line that may open a code block (a fence, or an
indented block); an empty line is no code either."""


class Stash:
    """The code set aside from one text, by placeholder number."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bool]] = []

    def put(self, code: str, block: bool) -> str:
        """Keep ``code`` and return its placeholder."""
        self.items.append((code, block))
        return f"{OPEN}{len(self.items) - 1}{CLOSE}"

    def restore(self, text: str) -> str:
        """Put every piece of code back in place of its placeholder."""
        if OPEN not in text:
            return text

        def back(match: re.Match[str]) -> str:
            code, block = self.items[int(match[1])]
            if not block:
                return code
            before = text[: match.start()]
            after = text[match.end() :]
            lead = "" if not before or before.endswith("\n") else "\n"
            tail = "" if after.startswith("\n") or not after else "\n"
            return f"{lead}{code}{tail}"

        return _PLACEHOLDER.sub(back, text)


def set_code_aside(text: str, stash: Stash, code: Callable[[str], str] = lambda code: code) -> str:
    """``text`` with its code blocks and code spans replaced by placeholders.

    ``code`` rewrites each piece of code before it is kept (the literal text of
    a template's escapes, say).
    """
    lines = text.split("\n")
    out: list[str] = []
    prose: list[str] = []
    index = 0
    previous_blank = True
    previous_prose = ""

    def flush() -> None:
        if prose:
            out.append(_set_spans_aside("\n".join(prose), stash, code))
            prose.clear()

    while index < len(lines):
        line = lines[index]
        if line[:1] not in _MAY_START_CODE:  # most lines: prose
            prose.append(line)
            previous_blank = not line.strip()
            if not previous_blank:
                previous_prose = line
            index += 1
            continue
        fence = _FENCE_OPEN.match(line)
        if fence and not (fence[2][0] == "`" and "`" in fence[3]):
            end = _fence_end(lines, index, fence[2])
            flush()
            out.append(stash.put(code("\n".join(lines[index:end])), block=True))
            index, previous_blank = end, True
            continue
        if previous_blank and _indented(line) and not _LIST_ITEM.match(previous_prose):
            end = index
            while end < len(lines) and (_indented(lines[end]) or not lines[end].strip()):
                end += 1
            while end > index and not lines[end - 1].strip():
                end -= 1
            flush()
            out.append(stash.put(code("\n".join(lines[index:end])), block=True))
            index = end
            continue
        prose.append(line)
        if line.strip():
            previous_blank = False
            if not line.startswith((" ", "\t")):
                previous_prose = line
        else:
            previous_blank = True
        index += 1
    flush()
    return "\n".join(out)


def _fence_end(lines: list[str], start: int, marker: str) -> int:
    """The index just after the fence opened at ``start`` closes (or the end)."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index + 1
    return len(lines)


def _indented(line: str) -> bool:
    """Whether ``line`` is indented as code (a tab or four spaces) and not blank."""
    return line.startswith(("\t", "    ")) and bool(line.strip())


def _set_spans_aside(text: str, stash: Stash, code: Callable[[str], str]) -> str:
    """``text`` with its inline code spans replaced by placeholders."""
    if "`" not in text:
        return text
    pieces: list[str] = []
    at = 0
    for start, end in code_spans(text):
        pieces += [text[at:start], stash.put(code(text[start:end]), block=False)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of ``text`` are: (start, end) of each, backticks included.

    A span opens with a run of backticks and closes at the next run of the same
    length (CommonMark's rule). Runs are paired in one pass, so a text full of
    lone backticks costs no more than any other (a regular expression looking
    for each one's closing run went to the end of the text every time).
    """
    if "``" not in text:  # every run one backtick (most texts): they pair in turn
        return _single_backtick_spans(text)
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    later: dict[int, list[int]] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        later.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()
        if not same:
            index += 1
            continue
        closing = same.pop()
        spans.append((start, runs[closing][1]))
        index = closing + 1
    return spans


def _single_backtick_spans(text: str) -> list[tuple[int, int]]:
    """:func:`code_spans` of a text whose backticks all stand alone: the first
    and second make a span, the third and fourth, and so on."""
    spans: list[tuple[int, int]] = []
    at = 0
    opened = -1
    for piece in text.split("`")[:-1]:
        at += len(piece)  # where this backtick is
        if opened < 0:
            opened = at
        else:
            spans.append((opened, at + 1))
            opened = -1
        at += 1
    return spans
