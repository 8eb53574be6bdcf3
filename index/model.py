"""Plain, frozen data that crosses the door between ``index/`` and its callers.

Nothing here holds a Whoosh object: every value is copied out of the index so
callers (the Textual app, the CLI) can keep it as long as they like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """How much of a post the archive holds."""

    FULL = "full"
    """The whole text of the post."""
    SUMMARY = "summary"
    """Only the archive's one-line summary and a link to the full post."""
    TITLE_ONLY = "title-only"
    """Only the title (known, say, from a pingback)."""


@dataclass(frozen=True, slots=True)
class PostInfo:
    """What a list of posts needs: enough to draw a sidebar row or a JSON line."""

    id: str
    """Stable id: the post's path relative to the corpus root, with ``/``."""
    title: str
    root: Path
    """The corpus folder (one object shared by every post of an archive)."""
    kind: Kind = Kind.FULL
    number: int | None = None
    """Series number, when the post has one."""
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    url: str | None = None
    """The post's original address, when known."""
    summary: str = ""
    authors: tuple[str, ...] = ()
    """Who wrote the post, as the front matter names them."""

    @property
    def path(self) -> Path:
        """Absolute path of the post's file (made when asked: listing 100,000
        posts need not build 100,000 paths)."""
        return self.root / self.id


@dataclass(frozen=True, slots=True)
class Post:
    """One post, ready to show: its metadata and its Markdown body."""

    info: PostInfo
    body: str
    """The body as Markdown, front matter removed."""
    notes: tuple[str, ...] = ()
    """What the reader changed or dropped while reading the file (a capped
    body, a field of the wrong type...), one line each, for the user."""
    names: tuple[str, ...] = ()
    """The addresses the front matter declares for the post (``slug``, ``url``,
    ``aliases``...: :func:`index.names.declared_names`); only when read from its file."""


@dataclass(frozen=True, slots=True)
class Span:
    """A matched word inside a snippet or a text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Snippet:
    """A short excerpt of a post with the matched words marked."""

    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    info: PostInfo
    score: float
    snippet: Snippet

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title


class FacetKind(StrEnum):
    """What a facet counts posts by."""

    TAG = "tag"
    AUTHOR = "author"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet (a tag, an author, a year) and how many posts carry it."""

    kind: FacetKind
    name: str
    """As most of its posts spell it."""
    count: int
    filter: str | None
    """The query filter that keeps its posts (``tag:"node js"``, ``date:2024``), or
    None when the query syntax cannot say it (a tag with a double quote)."""


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts per tag, author and year, each kind by count then name."""

    tag: tuple[FacetValue, ...] = ()
    author: tuple[FacetValue, ...] = ()
    year: tuple[FacetValue, ...] = ()
    complete: bool = True
    """False when counted over only the matches a search saw before its time limit."""

    def of(self, kind: FacetKind) -> tuple[FacetValue, ...]:
        """The values of one kind."""
        return {FacetKind.TAG: self.tag, FacetKind.AUTHOR: self.author}.get(kind, self.year)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one query."""

    query: str
    total: int
    """How many posts matched (not only those in ``hits``)."""
    hits: tuple[Hit, ...] = ()
    correction: str | None = None
    """A "did you mean" query built from the index's own words, or None."""
    complete: bool = True
    """False when the search was stopped at its time limit: ``hits`` are the best
    found so far and ``total`` counts only the matches seen."""
    counted: bool = True
    """False when ``total`` is a lower bound: in a big archive, counting every
    post that holds a common word costs more than finding the best ones, so the
    count stops after a moment and says how many posts at least match."""

    @property
    def exact(self) -> bool:
        """Whether ``total`` is the number of matching posts, not a lower bound."""
        return self.complete and self.counted

    facets: Facets | None = None
    """Counts over every match, when asked for (``search(..., facets=True)``)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that could not be read as a post, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync of the index did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: tuple[Skipped, ...] = ()
    left_out: tuple[tuple[str, int], ...] = ()
    """Files that are not posts (section pages, drafts, templates...), counted by
    kind: (kind, how many), the largest count first."""
    seconds: float = 0.0
    rebuilt: bool = False
    """True when the whole index was built afresh."""
    first_build: bool = False
    """True when there was no index before this sync (its very first build)."""
    messages: tuple[str, ...] = field(default=())
    """One-line notices for the user (an index rebuilt after damage...)."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


class SyncCancelled(Exception):
    """Raised by a sync's progress callback to stop the sync.

    The index is left as it was before the sync (a full build's scratch copy is
    removed; an update's writer is cancelled).
    """


@dataclass(frozen=True, slots=True)
class Progress:
    """Sent to a sync's progress callback: ``done`` of ``total`` files."""

    done: int
    total: int
    stage: str
    """A word for the user: "scanning", "reading", "indexing", "saving"."""
