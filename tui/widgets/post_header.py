"""The lines above a post: title, number, date, tags, original address, and what is missing."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from blog_reader.index import Kind, Post, Span

OPEN_ORIGINAL = Style.from_meta({"@click": "app.open_original"})


def header_content(post: Post, title_spans: tuple[Span, ...] = ()) -> Content:
    """The header of ``post`` as styled text (the post's words are never parsed as markup).

    ``title_spans`` are search matches in the title, to mark.
    """
    info = post.info
    title = Content.styled(info.title, ".post-header--title")
    for span in title_spans:
        title = title.stylize(".post-header--match", span.start, span.end)
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
        lines.append(Content.styled(" · ".join(facts), ".post-header--facts"))
    if info.url:
        lines.append(Content.styled(info.url, ".post-header--url").stylize(OPEN_ORIGINAL))
    if info.kind is Kind.SUMMARY:
        lines.append(
            Content.styled(
                "Only the archive's summary of this post is known."
                + (
                    " The full post is at the original address above (o opens it)."
                    if info.url
                    else ""
                ),
                ".post-header--notice",
            )
        )
    elif info.kind is Kind.TITLE_ONLY:
        lines.append(
            Content.styled("Only the title of this post is known.", ".post-header--notice")
        )
    lines.extend(Content.styled(f"Note: {note}", ".post-header--notice") for note in post.notes)
    return Content("\n").join(lines)


class PostHeader(Static):
    """Title, facts and notices of the open post."""

    COMPONENT_CLASSES = {  # noqa: RUF012 (Textual's own type for this class variable)
        "post-header--title",
        "post-header--facts",
        "post-header--url",
        "post-header--notice",
        "post-header--match",
    }

    DEFAULT_CSS = """
    PostHeader {
        padding: 1 2 0 2;
        margin-bottom: 1;
        & > .post-header--title { text-style: bold; color: $text-primary; }
        & > .post-header--facts { text-style: dim; }
        & > .post-header--url { color: $text-accent; text-style: underline; }
        & > .post-header--notice { color: $text-warning; text-style: italic; }
        & > .post-header--match { color: $text-warning; text-style: bold underline; }
    }
    """

    def show(self, post: Post, title_spans: tuple[Span, ...] = ()) -> None:
        """Show the header of ``post``, marking ``title_spans`` in its title."""
        self.update(header_content(post, title_spans))
