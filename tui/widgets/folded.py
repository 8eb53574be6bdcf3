"""Text wrapped as the reader wraps it, for any widget that shows a ``Visual`` (an
option of an ``OptionList``, a ``Static``): a word too long for its line, such as an
address, is cut after a slash rather than mid-word; lines that continue a paragraph
can hang under its text (help's descriptions, under their keys)."""

from __future__ import annotations

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
        """The lines for the last width asked: a list asks an option's height, then
        draws it, at each layout (a keystroke's hits were wrapped three times each)."""

    def __str__(self) -> str:
        return str(self.content)

    def _pieces(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, self._wrap(width))
        return self._wrapped[1]

    def _wrap(self, width: int) -> list[Content]:
        indent = self.indent if width - self.indent >= MIN_HANGING else 0
        text = self.content.plain
        pieces: list[Content] = []
        offset = 0
        for paragraph in text.split("\n"):
            head = min(indent, len(paragraph))
            body = offset + head
            for number, (start, end) in enumerate(wrap(paragraph[head:], width - indent)):
                line = self.content[body + start : body + end]
                if number == 0:
                    pieces.append(self.content[offset:body] + line)
                else:
                    pieces.append(Content(" " * indent) + line)
            offset += len(paragraph) + 1
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
        return len(self._pieces(width))
