"""The top line: which archive is open (its title, how many posts, where it comes
from) beside the search box."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from blog_reader.index import bundled_corpus, counted
from blog_reader.tui.look import FACTS
from blog_reader.tui.output import visible
from blog_reader.tui.widgets.search_box import SearchBox

BUNDLED_TITLE = "Exosomes"
"""The bundled archive's title (its folder is named ``exosomes``)."""

SOURCE_WIDTH = 28
"""At most this many cells of the folder's path (its end, which names it)."""
MIN_SOURCE_WIDTH = 8
"""Fewer cells than this left for the folder's path, and it is not shown."""


def archive_title(corpus: Path) -> str:
    """The archive's name: the bundled archive's title, else its folder's name."""
    if _is_bundled(corpus):
        return BUNDLED_TITLE
    return visible(corpus.name or str(corpus))


def archive_source(corpus: Path, width: int = SOURCE_WIDTH) -> str:
    """Where the archive comes from: "bundled", or its folder, with ``~`` for the home
    folder and its start cut to "…" past ``width`` cells."""
    if _is_bundled(corpus):
        return "bundled"
    home = Path.home()
    text = str(Path("~") / corpus.relative_to(home)) if corpus.is_relative_to(home) else str(corpus)
    text = visible(text)
    if len(text) > width:
        text = "…" + text[-(width - 1) :]
    return text


def _is_bundled(corpus: Path) -> bool:
    try:
        return corpus.resolve() == bundled_corpus().resolve()
    except OSError:
        return False


class ArchiveHeader(Horizontal):
    """One line: the archive's title, post count and source, then the search box."""

    DEFAULT_CSS = """
    ArchiveHeader {
        height: 1;
        background: $boost;
        #archive-name {
            width: auto;
            max-width: 50%;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        SearchBox {
            width: 1fr;
        }
    }
    """

    def __init__(self, corpus: Path, box: SearchBox, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._corpus = corpus
        self._title = archive_title(corpus)
        self._source = archive_source(corpus)
        self._box = box
        self._count: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._label(), id="archive-name", markup=False)
        yield self._box

    def set_count(self, count: int) -> None:
        """Show how many posts the archive holds."""
        self._count = count
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The label in at most half the line: the folder's path gives way from its
        start (its end names it), then goes, before the title is cut."""
        if self.size.width:
            room = self.size.width // 2 - 2 - self._label(source=False).cell_length - 3
            if _is_bundled(self._corpus):
                self._source = "bundled"
            elif room >= MIN_SOURCE_WIDTH:
                self._source = archive_source(self._corpus, min(SOURCE_WIDTH, room))
            else:
                self._source = ""
        self.query_one("#archive-name", Static).update(self._label())

    def _label(self, *, source: bool = True) -> Content:
        parts: list[str | tuple[str, str]] = [(self._title, "bold")]
        if self._count is not None:
            parts.append(f" · {counted(self._count, 'post')}")
        if source and self._source:
            parts.append((f" · {self._source}", FACTS))
        return Content.assemble(*parts)
