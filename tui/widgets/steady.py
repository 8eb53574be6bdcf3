"""Scroll views that draw their own lines keep their scroll bars between layouts."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollView(ScrollView):
    """A :class:`ScrollView` whose scroll bars are drawn again only when its size,
    its container's or its own virtual size changes.

    Textual's ``ScrollView`` compares, at every layout of the screen, the virtual
    size the layout worked out for its children (it has none: it draws lines) with
    the one it keeps for its lines; they never agree, so each layout repainted its
    scroll bars (the sidebar's: 1-3 ms, at every key typed into the search box).
    The comparison is now with the virtual size the bars were last set for.
    """

    _bars_set_for: Size | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if self.virtual_size != self._bars_set_for:
            self._bars_set_for = self.virtual_size
            return super()._size_updated(size, virtual_size, container_size, layout)
        return super()._size_updated(size, self.virtual_size, container_size, layout)
