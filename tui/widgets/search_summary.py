"""The line above the hits: how many posts match, a correction, or why there are none."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from blog_reader.index import SearchResult, counted


def summary_text(query: str, result: SearchResult | None, *, searching: bool = False) -> Content:
    """What the line says for ``query``: ``result`` is the answer on screen (None
    before one), ``searching`` whether a search for ``query`` is still running."""
    if not query.strip():
        return Content("Type to search. Enter opens a hit; Esc goes back to the archive.")
    if searching:
        return Content("Searching…")
    if result is None or result.total == 0:
        return Content.assemble("No post matches ", (query, "bold"))
    if result.correction:
        return Content.assemble(
            "Showing results for ",
            (result.correction, "bold"),
            f" ({counted(result.total, 'post')}) — search instead for ",
            (result.query, "bold"),
            "  (ctrl+r)",
        )
    posts = "post matches" if result.total == 1 else "posts match"
    # Short: at 80 columns a longer line took three rows above the hits.
    shown = f" ({len(result.hits)} shown)" if len(result.hits) < result.total else ""
    count = str(result.total) if result.exact else f"At least {result.total}"
    stopped = "" if result.complete else " (the search stopped at its time limit)"
    return Content.assemble(f"{count} {posts} ", (query, "bold"), shown, stopped)


class SearchSummary(Static):
    """The summary line; post text in it (the query) is never read as markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def say(self, text: Content) -> None:
        """Show ``text``, laying the screen out again only when the line's height
        changes: a layout costs more than the search it reports on."""
        width = self.content_region.width
        lines = len(text.wrap(width)) if width else 0
        self.update(text, layout=lines != self.size.height)
