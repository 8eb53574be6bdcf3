"""What the reading view shows, as text, for the app's tests."""

from __future__ import annotations

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.reading.view import ReadingView


def view_lines(app: BlogReaderApp) -> list[str]:
    """The lines the reading view paints now, trailing spaces removed."""
    view = app.query_one(ReadingView)
    return [view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height)]


def top_line(app: BlogReaderApp) -> str:
    """The first line of the reading view that holds words (not blank, not a rule)."""
    for line in view_lines(app):
        if line.strip() and line.strip("─━ "):
            return line.strip()
    return ""


def screen_line(app: BlogReaderApp, y: int) -> str:
    """Line ``y`` of the whole screen as the terminal shows it, trailing spaces removed."""
    return app.screen._compositor.render_strips()[y].text.rstrip()
