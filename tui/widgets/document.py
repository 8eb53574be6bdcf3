"""The post's Markdown, rendered by Textual's Markdown widget with search matches marked.

Textual's widget is configured, not forked: a markdown-it-py parser factory picks the
syntax, and :meth:`ReaderMarkdown.get_block_class` swaps in thin subclasses of the
blocks that hold text (headings, paragraphs, table cells, code) so that they can
style the spans :meth:`index.Archive.find_matches` reports. The spans style the
block's own ``Content``; no markup is ever built from the post's text.

The mixins below are plain classes at run time, not widgets: Textual takes a widget's
CSS type names from its first widget base, so the mixin must not be one, or the
subclass of ``MarkdownParagraph`` would lose the paragraph's styles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.color import Color, ColorParseError
from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from blog_reader.index import Span

if TYPE_CHECKING:
    _Block = MarkdownBlock
else:
    _Block = object

Matcher = Callable[[str], tuple[Span, ...]]


def make_parser() -> MarkdownIt:
    """CommonMark plus tables and strikethrough; raw HTML is shown as text, not run."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def match_styles(theme_variables: dict[str, str]) -> tuple[Style, Style]:
    """Styles for a match and for the current match, from the theme's colours.

    Explicit colours rather than component classes: a component class's background
    is blended away when Textual resolves it inside ``Content``.
    """
    try:
        warning = Color.parse(theme_variables["warning"])
        surface = Color.parse(theme_variables.get("surface", theme_variables["background"]))
    except (KeyError, ColorParseError):
        return Style(underline=True, bold=True), Style(reverse=True, bold=True)
    match = Style(background=surface.blend(warning, 0.4))
    current = Style(background=warning, foreground=warning.get_contrast_text(), bold=True)
    return match, current


@dataclass(frozen=True, slots=True)
class Match:
    """One match in the document: the ``index``-th span of ``block``."""

    block: MarkedBlock
    index: int

    @property
    def target(self) -> Widget:
        """The widget to scroll to (a table for a match in one of its cells)."""
        return self.block.scroll_target


class MarkedBlock(_Block):
    """Mixin for a block whose text may hold search matches."""

    def __init__(self, markdown: Markdown, token: Token, *args: Any, **kwargs: Any) -> None:
        super().__init__(markdown, token, *args, **kwargs)
        assert isinstance(markdown, ReaderMarkdown)
        self.document = markdown
        self.matches: tuple[Span, ...] = ()
        self.current: int | None = None
        self.undecorated = Content()
        in_table = token.type in ("th_open", "td_open")
        self.scroll_target: Widget = (markdown.current_table if in_table else None) or self
        markdown.marked_blocks.append(self)

    def set_content(self, content: Content) -> None:
        self.undecorated = content
        self.matches = self.document.spans_in(content.plain)
        super().set_content(self.decorated())

    def decorated(self) -> Content:
        """The block's content with its matches styled."""
        content = self.undecorated
        match, current = self.document.styles_for_matches
        for index, span in enumerate(self.matches):
            style = current if index == self.current else match
            content = content.stylize(style, span.start, span.end)
        return content

    def redecorate(self) -> None:
        """Style the matches again (the current one, or the theme, changed)."""
        super().set_content(self.decorated())

    def mark_current(self, index: int | None) -> None:
        """Make the ``index``-th match the current one (None: no current match here)."""
        if index != self.current:
            self.current = index
            self.redecorate()

    def line_of(self, index: int) -> int:
        """Roughly which line of the block, as wrapped now, holds the ``index``-th match."""
        offset = self.matches[index].start
        width = max(1, self.content_region.width)
        position = 0
        lines = self.undecorated.wrap(width)
        for number, line in enumerate(lines):
            position += len(line.plain) + 1  # the space or newline the wrap consumed
            if offset < position:
                return number
        return max(0, len(lines) - 1)


class MarkedFence(MarkedBlock, MarkdownFence):
    """A code block whose matches are marked once it is mounted."""

    def __init__(self, markdown: Markdown, token: Token, code: str) -> None:
        super().__init__(markdown, token, code)
        self.matches = self.document.spans_in(self.code)

    def on_mount(self) -> None:
        if self.matches:
            dark = self.app.current_theme.dark
            ansi = self.app.native_ansi_color
            self.set_content(self.highlight(self.code, self.lexer, ansi=ansi, dark=dark))


class TrackedTable(_Block):
    """Mixin for a table, which its cells (never mounted) name as their scroll target."""

    def __init__(self, markdown: Markdown, token: Token, *args: Any, **kwargs: Any) -> None:
        super().__init__(markdown, token, *args, **kwargs)
        assert isinstance(markdown, ReaderMarkdown)
        markdown.current_table = self


class ReaderMarkdown(Markdown):
    """Textual's Markdown widget, marking the words a search matched."""

    MARKED: ClassVar[tuple[str, ...]] = (
        "h1", "h2", "h3", "h4", "h5", "h6", "paragraph_open", "th_open", "td_open",
    )  # fmt: skip
    _block_types: ClassVar[dict[type[MarkdownBlock], type[MarkdownBlock]]] = {}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, parser_factory=make_parser, open_links=False)
        self.matcher: Matcher | None = None
        self.marked_blocks: list[MarkedBlock] = []
        self.current_table: MarkdownBlock | None = None
        self.styles_for_matches = (Style(), Style())
        self._span_cache: dict[str, tuple[Span, ...]] = {}

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self.styles_for_matches = match_styles(self.app.theme_variables)
        for block in self.marked_blocks:
            if block.matches and block.is_mounted:
                block.redecorate()

    def spans_in(self, text: str) -> tuple[Span, ...]:
        """The spans of ``text`` that match the current search (none without one)."""
        if self.matcher is None or not text:
            return ()
        if (spans := self._span_cache.get(text)) is None:
            spans = self._span_cache[text] = self.matcher(text)
        return spans

    def show(self, markdown: str, matcher: Matcher | None) -> Any:
        """Replace the document, marking what ``matcher`` finds; await the result."""
        self.matcher = matcher
        self.marked_blocks = []
        self.current_table = None
        self._span_cache = {}
        self.styles_for_matches = match_styles(self.app.theme_variables)
        return self.update(markdown)

    @property
    def matches(self) -> list[Match]:
        """Every match of the document, in reading order."""
        return [
            Match(block, index)
            for block in self.marked_blocks
            for index in range(len(block.matches))
        ]

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        base = super().get_block_class(block_name)
        mixin: type
        if block_name in ("fence", "code_block"):
            return MarkedFence
        if block_name == "table_open":
            mixin = TrackedTable
        elif block_name in self.MARKED:
            mixin = MarkedBlock
        else:
            return base
        if base not in self._block_types:
            name = f"{mixin.__name__}{base.__name__}"
            self._block_types[base] = type(name, (mixin, base), {})
        return self._block_types[base]
