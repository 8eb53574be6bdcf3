"""The lines above a post: title, number, date, tags, original address, and what is missing.

The reading view draws them as its first block. Their looks are theme styles, not
component classes: resolving a component class inside ``Content`` builds a DOM node
each time, left to the cycle collector.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from blog_reader.index import Kind, Post, Span
from blog_reader.tui.kinds import KIND_WORDING
from blog_reader.tui.look import FACTS, LINK, MATCH, NOTICE, POST_TITLE

OPEN_ORIGINAL = Style.from_meta({"@click": "app.open_original"})


def header_content(post: Post, title_spans: tuple[Span, ...] = ()) -> Content:
    """The header of ``post`` as styled text (the post's words are never parsed as markup).

    ``title_spans`` are search matches in the title, to mark.
    """
    info = post.info
    title = Content.styled(info.title, POST_TITLE)
    for span in title_spans:
        title = title.stylize(MATCH, span.start, span.end)
    lines: list[Content] = [title]
    facts = []
    if info.authors:
        facts.append("by " + ", ".join(info.authors))
    if info.number is not None:
        facts.append(f"No. {info.number}")
    if info.date is not None:
        facts.append(info.date.isoformat())
    if info.tags:
        facts.append(" ".join(f"#{tag}" for tag in info.tags))
    if facts:
        lines.append(Content.styled(" · ".join(facts), FACTS))
    if info.url:
        lines.append(Content.styled(info.url, LINK).stylize(OPEN_ORIGINAL))
    if notice := KIND_WORDING[info.kind].notice:
        if info.url and info.kind is Kind.SUMMARY:
            notice += " The full post is at the original address above (o opens it)."
        lines.append(Content.styled(notice, NOTICE))
    lines.extend(Content.styled(f"Note: {note}", NOTICE) for note in post.notes)
    return Content("\n").join(lines)
