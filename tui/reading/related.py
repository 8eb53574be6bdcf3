"""The "Related posts" section at the end of a post: the posts most like it, each a
link that opens it in the reader.

The section is added once the post is whole and its related posts are found (in a
worker of the reader, after the text is on screen), so it never delays opening
the post. Its blocks come after the post's own: search matches, the outline and
the links dialog are the post's alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.style import Style

from blog_reader.index import Hit
from blog_reader.tui.kinds import KIND_WORDING
from blog_reader.tui.reading.model import Block, Kind
from blog_reader.tui.reading.parsing import LINK_STYLE

TITLE = "Related posts"
HINT = "  (r lists them)"
BULLET = Content.styled("• ", "$text-accent")
HANG = Content("  ")


def open_post_meta(post_id: str) -> Style:
    """A style whose click opens ``post_id`` in the reader (as an internal link)."""
    return Style.from_meta({"@click": f"app.open_related({post_id!r})"})


def related_blocks(hits: Sequence[Hit]) -> list[Block]:
    """The section's blocks: a rule, its title, and one line a post (none without hits)."""
    if not hits:
        return []
    heading = Content.assemble((TITLE, "bold"), (HINT, "dim"))
    blocks = [Block(Kind.RULE), Block(Kind.TEXT, heading)]
    for number, hit in enumerate(hits):
        blocks.append(Block(Kind.TEXT, _entry(hit), BULLET, HANG, gap=0 if number else 1))
    return blocks


def _entry(hit: Hit) -> Content:
    """One post of the section: its title as a link, then its date and kind, dim."""
    info = hit.info
    title = Content.styled(" ".join(info.title.split()), LINK_STYLE)
    title = title.stylize(open_post_meta(info.id))
    facts = [info.date.isoformat()] if info.date is not None else []
    if label := KIND_WORDING[info.kind].label:
        facts.append(label)
    if not facts:
        return title
    return Content.assemble(title, (" · " + " · ".join(facts), "dim"))
