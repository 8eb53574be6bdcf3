"""Text wrapped as the reader wraps it, for any widget that shows a ``Visual`` (an
option of an ``OptionList``, a ``Static``): a word too long for its line, such as an
address, is cut after a slash rather than mid-word."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from blog_reader.tui.reading.layout import wrap


class Folded(Visual):
    """``content`` wrapped to the width it is drawn at by the reader's :func:`wrap`."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def __str__(self) -> str:
        return str(self.content)

    def lines(self, width: int) -> Content:
        """The content with a newline where each line ends at ``width`` cells."""
        pieces = [self.content[start:end] for start, end in wrap(self.content.plain, width)]
        return Content("\n").join(pieces)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(wrap(self.content.plain, width))
