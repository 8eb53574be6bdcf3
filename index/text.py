"""Make text taken from a post safe to show in a terminal.

A post's text is data. Control characters (an ESC starting a terminal escape
sequence, a BEL ending an OSC 8 hyperlink, C1 controls) and Unicode bidi
overrides (which can make text read differently from what it is) are dropped;
whole terminal escape sequences go, so ``"\\x1b[31mred"`` reads "red", not
"[31mred". Line ends become ``\\n``. Joiners (ZWJ, ZWNJ) are kept: emoji and
many scripts need them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

_BOM = "\ufeff"

_C0_DROPPED = [c for c in range(0x20) if c not in (0x09, 0x0A)]
_C1_AND_DEL = list(range(0x7F, 0xA0))
_BIDI = [
    0x061C,  # ARABIC LETTER MARK
    0x200E,  # LEFT-TO-RIGHT MARK
    0x200F,  # RIGHT-TO-LEFT MARK
    *range(0x202A, 0x202F),  # embeddings and overrides: LRE RLE PDF LRO RLO
    *range(0x2066, 0x206A),  # isolates: LRI RLI FSI PDI
]

_TABLE: dict[int, str | None] = dict.fromkeys(_C0_DROPPED + _C1_AND_DEL + _BIDI)
# LINE SEPARATOR and PARAGRAPH SEPARATOR break lines like "\n" in many places.
_TABLE[0x2028] = "\n"
_TABLE[0x2029] = "\n"
_CHANGED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")
"""Any character :data:`_TABLE` changes: a post without one (nearly all) is kept as
it is. ``str.translate`` with a dict looks every character up (0.9 s of a build
over the Node.js blog's 18 MB); a regular expression finds none in a few ms."""

# Whole terminal escape sequences go, not only their ESC, so "\x1b[31mred"
# reads "red", not "[31mred": CSI (colours, cursor moves), OSC (titles, OSC 8
# links; ended by BEL or ESC \\, or at the end of the line), two-byte escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[ -~]?"
)


def clean(text: str) -> str:
    """Return ``text`` with control and bidi-override characters removed.

    Terminal escape sequences are removed whole. Tabs and newlines are kept;
    CRLF and lone CR become ``\\n``; a leading byte-order mark is dropped.
    """
    if text.startswith(_BOM):
        text = text[1:]
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CHANGED.search(text) is None:
        return text
    return text.translate(_TABLE)


def clean_line(text: str) -> str:
    """Return ``text`` cleaned (see :func:`clean`) as one line.

    Every run of whitespace, newlines included, becomes one space, and the
    ends are stripped: for titles, summaries and tags.
    """
    return " ".join(clean(text).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


def describe(value: object) -> str:
    """A few words for the type of a front matter value, for notes."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a set of fields"
    if isinstance(value, dt.date | dt.time):
        return "a date or time"
    return type(value).__name__
