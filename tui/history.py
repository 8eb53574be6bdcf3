"""Back and forward through the posts opened, like a browser."""

from __future__ import annotations

from dataclasses import dataclass, field

from blog_reader.tui.reading.model import Anchor


@dataclass(slots=True)
class Visit:
    """One opened post, and the place in its text the reader was at when leaving it."""

    post_id: str
    query: str | None = None
    anchor: Anchor | None = field(default=None)


class History:
    """A list of visits with a cursor; visiting a new post drops the forward part."""

    def __init__(self) -> None:
        self.visits: list[Visit] = []
        self.index = -1

    @property
    def current(self) -> Visit | None:
        return self.visits[self.index] if self.visits else None

    @property
    def can_go_back(self) -> bool:
        return self.index > 0

    @property
    def can_go_forward(self) -> bool:
        return self.index < len(self.visits) - 1

    def visit(self, post_id: str, query: str | None = None) -> Visit:
        """Record a visit to ``post_id`` (a new visit, even to the same post)."""
        current = self.current
        if current is not None and current.post_id == post_id and current.query == query:
            return current
        del self.visits[self.index + 1 :]
        self.visits.append(Visit(post_id, query))
        self.index = len(self.visits) - 1
        return self.visits[-1]

    def back(self) -> Visit | None:
        """Step back; the visit to show, or None at the start."""
        if not self.can_go_back:
            return None
        self.index -= 1
        return self.visits[self.index]

    def forward(self) -> Visit | None:
        """Step forward; the visit to show, or None at the end."""
        if not self.can_go_forward:
            return None
        self.index += 1
        return self.visits[self.index]
