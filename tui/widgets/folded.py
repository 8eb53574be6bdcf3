"""Text wrapped as the reader wraps it, for any widget that shows a ``Visual`` (an
option of an ``OptionList``, a ``Static``): a word too long for its line, such as an
address, is cut after a slash rather than mid-word; lines that continue a paragraph
can hang under its text (help's descriptions, under their keys)."""

from __future__ import annotations

from collections.abc import Iterator

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from blog_reader.tui.reading.layout import wrap

MIN_HANGING = 20
"""Below this many cells of text beside the indent, lines do not hang."""


class Folded(Visual):
    """``content`` wrapped to the width it is drawn at by the reader's :func:`wrap`.

    With an ``indent``, the first ``indent`` characters of each paragraph are a
    column of their own (help's keys) and the rest wraps beside it, its lines after
    the first starting ``indent`` cells in.
    """

    def __init__(self, content: Content, indent: int = 0) -> None:
        self.content = content
        self.indent = indent
        self._wrapped: tuple[int, list[Content]] | None = None
        """The lines for the last width drawn at."""
        self._heights: dict[int, int] = {}
        """Line counts by width: a list asks every option's height at each layout,
        at two or three widths (with and without its scroll bar), and draws only
        the options in sight. A dialog of 8,661 links wrapped 26,000 times."""

    def __str__(self) -> str:
        return str(self.content)

    def _indent(self, width: int) -> int:
        return self.indent if width - self.indent >= MIN_HANGING else 0

    def _paragraphs(self, width: int) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
        """Each paragraph's offset in the text, where its text begins after the
        indent, and where its lines break."""
        indent = self._indent(width)
        offset = 0
        for paragraph in self.content.plain.split("\n"):
            head = min(indent, len(paragraph))
            yield offset, offset + head, wrap(paragraph[head:], width - indent)
            offset += len(paragraph) + 1

    def _pieces(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, self._wrap(width))
        return self._wrapped[1]

    def _wrap(self, width: int) -> list[Content]:
        hanging = Content(" " * self._indent(width))
        pieces: list[Content] = []
        for offset, body, breaks in self._paragraphs(width):
            for number, (start, end) in enumerate(breaks):
                line = self.content[body + start : body + end]
                pieces.append((self.content[offset:body] if number == 0 else hanging) + line)
        return pieces

    def lines(self, width: int) -> Content:
        """The content with a newline where each line ends at ``width`` cells."""
        return Content("\n").join(self._pieces(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= 4:
                self._heights.clear()
            height = self._heights[width] = sum(len(b) for _, _, b in self._paragraphs(width))
        return height
