"""Turning a post into a document off the UI thread: the top first, then the whole.

A post longer than :data:`PREVIEW` characters is parsed twice: its first part
(cut at a blank line outside any code fence) so that its first screen shows at
once, then the whole of it. Match spans are found with one call over the
document's text, not one per block.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from textual.content import Content

from blog_reader.index import Span
from blog_reader.tui.reading.model import Document, Match
from blog_reader.tui.reading.parsing import Builder, make_parser

PREVIEW = 12_000
"""Posts longer than this many characters show their top before the whole is parsed."""

SEPARATOR = "\n\n"
_T = TypeVar("_T")


def top_of(markdown: str, size: int = PREVIEW) -> str | None:
    """The first part of ``markdown`` (about ``size`` characters), or None if it is short.

    The cut falls on a blank line outside a code fence, before a line that starts
    at the margin, so that the part parses as the top of the whole does.
    """
    if len(markdown) <= size * 2:
        return None
    fence: str | None = None
    offset = 0
    previous_blank = False
    for line in markdown.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) <= 3 and stripped[:3] in ("```", "~~~"):
            marker = stripped[:3]
            fence = None if fence == marker else fence or marker
        elif (
            offset >= size
            and fence is None
            and previous_blank
            and line.strip()
            and not line[0].isspace()
        ):
            return markdown[:offset]
        previous_blank = not line.strip()
        offset += len(line)
    return None


def parse_document(markdown: str, header: Content | None = None) -> Document:
    """The document of ``markdown``, its header (title lines) as block 0."""
    builder = Builder(header)
    return builder.feed(make_parser().parse(markdown))


def find_matches(document: Document, find: Callable[[str], tuple[Span, ...]]) -> list[Match]:
    """Every match of the search in ``document``'s blocks (the header's excepted).

    One call of ``find`` over the text of every block (and table cell) at once.
    """
    owners: list[tuple[int, int, int]] = []  # (start in the whole text, block, piece)
    texts: list[str] = []
    offset = 0
    for number, block in enumerate(document.blocks):
        if number == 0 and document.has_header:
            continue
        for piece, text in enumerate(block.pieces):
            owners.append((offset, number, piece))
            texts.append(text)
            offset += len(text) + len(SEPARATOR)
    if not texts:
        return []
    matches: list[Match] = []
    owner = 0
    for span in find(SEPARATOR.join(texts)):
        while owner + 1 < len(owners) and owners[owner + 1][0] <= span.start:
            owner += 1
        start, number, piece = owners[owner]
        length = len(texts[owner])
        if span.start - start < length:
            matches.append(Match(number, piece, span.start - start, min(length, span.end - start)))
    return matches


class Interrupted(Exception):
    """The work was no longer wanted."""


def interruptible(work: Callable[[], _T], cancelled: Callable[[], bool]) -> _T:
    """``work()`` run in a daemon thread, waited for until it ends or ``cancelled()``.

    A parse of a long post is one call that cannot stop half way; waiting for it
    this way lets a worker that was cancelled (another post asked for, the app
    quitting) return at once: the daemon thread ends on its own, and its result
    is dropped.

    Raises:
        Interrupted: when ``cancelled()`` became true first.
    """
    result: list[_T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # handed to the waiting thread
            failure.append(error)

    thread = threading.Thread(target=run, name="blog-reader-parse", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.02)
        if cancelled():
            raise Interrupted
    if failure:
        raise failure[0]
    return result[0]
