"""Turning a post into a document off the UI thread: the top first, then the whole.

A long post is parsed part by part (cut at blank lines outside code fences): its
first part is small, so that its first screen shows at once; each later part is
turned into blocks and laid out before the next is parsed, so that the post fills
in below, only one part's tokens are held at a time, and a load no longer wanted
stops between parts. Match spans are found with one call over the document's
text, not one per block.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content

from blog_reader.index import Span
from blog_reader.tui.reading.model import Document, Match
from blog_reader.tui.reading.parsing import Builder, make_parser

PREVIEW = 6_000
"""The first part of a long post: enough for a first screen, parsed in milliseconds."""

CHUNK = 48_000
"""The parts after it: each is parsed, turned into blocks and shown before the next."""

SEPARATOR = "\n\n"
_T = TypeVar("_T")

_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
_CONTINUES = re.compile(r"(?:[-*+:~]|\d{1,9}[.)])(?:[ \t]|$)")
"""A line that may carry on the block before a blank line: a list item (a new one
joins the list above), a definition (``:`` or ``~``, of the term above)."""


def has_definitions(markdown: str) -> bool:
    """Whether ``markdown`` defines link references or footnotes.

    A definition made anywhere is used everywhere in the post: such a post is
    parsed whole, not in parts.
    """
    if "[^" in markdown:
        return True
    at = markdown.find("]:")
    while at != -1:
        line = markdown.rfind("\n", 0, at) + 1
        if _DEFINITION.match(markdown, line, at + 2):
            return True
        at = markdown.find("]:", at + 2)
    return False


def iter_parts(
    markdown: str, first: int = PREVIEW, size: int = CHUNK, *, definitions: bool = True
) -> Iterator[str]:
    """``markdown`` cut into parts that parse as the whole does: a short first part,
    then parts of about ``size`` characters, found as they are asked for.

    A cut falls on a blank line outside a code fence, before a line that starts at
    the margin (not a list item's continuation, not indented code, not a list
    item or a definition that would join the block above). A post with link
    reference definitions or footnotes is one part (unless ``definitions`` is False:
    the parts are then only good to show the top).
    """
    if len(markdown) <= first * 2 or (definitions and has_definitions(markdown)):
        yield markdown
        return
    start = scanned = 0
    fence: str | None = None  # the fence open at ``scanned``
    want = first
    while True:
        blank = markdown.find("\n\n", start + want)
        cut = -1
        while blank != -1:
            line = blank + 2
            while markdown.startswith("\n", line):
                line += 1
            for found in _FENCE.finditer(markdown, scanned, line):
                marker, rest = found.group(1), found.group(2)
                if fence is None:
                    if not (marker[0] == "`" and "`" in rest):  # else inline code
                        fence = marker
                elif marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip():
                    fence = None  # closed by a run as long, with nothing after it
            scanned = line
            end = markdown.find("\n", line)
            text = markdown[line : end if end != -1 else len(markdown)]
            if fence is None and text and not text[0].isspace() and not _CONTINUES.match(text):
                cut = line
                break
            blank = markdown.find("\n\n", line)
        if cut == -1:
            yield markdown[start:]
            return
        yield markdown[start:cut]
        start, want = cut, size


def parts_of(
    markdown: str, first: int = PREVIEW, size: int = CHUNK, *, definitions: bool = True
) -> list[str]:
    """Every part of ``markdown`` (see :func:`iter_parts`)."""
    return list(iter_parts(markdown, first, size, definitions=definitions))


def top_of(markdown: str, size: int = PREVIEW) -> str | None:
    """The top of ``markdown`` to show while the whole is parsed, or None if it is short."""
    parts = iter_parts(markdown, size, size, definitions=False)
    top = next(parts)
    return top if len(top) < len(markdown) else None


def parse_part(parser: MarkdownIt, markdown: str) -> list[Token]:
    """The tokens of one part of a post."""
    return parser.parse(markdown)


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


_held = 0
_held_lock = threading.Lock()
_threshold = gc.get_threshold()


@contextmanager
def no_full_collections() -> Iterator[None]:
    """No full pass of the cycle collector meanwhile (young passes go on).

    A long post's blocks and lines are new objects that stay: while a 1 MB post
    loaded, the collector's heuristics ran 8 or 9 full passes, each walking all of
    them (50-300 ms with the GIL held, keys waiting). One pass comes after instead.
    Loads may overlap (one cancelled, the next begun): the last to end restores.
    """
    global _held, _threshold
    with _held_lock:
        if _held == 0:
            _threshold = gc.get_threshold()
            gc.set_threshold(_threshold[0], _threshold[1], 1_000_000)
        _held += 1
    try:
        yield
    finally:
        with _held_lock:
            _held -= 1
            if _held == 0:
                gc.set_threshold(*_threshold)
