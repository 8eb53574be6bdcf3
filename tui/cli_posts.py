"""The ``list`` and ``show`` commands: the archive in order, and one post.

``show`` prints for a person on a terminal (rendered Markdown) and for a program
in a pipe (the post's Markdown under a front-matter header, which blog-reader
reads back as the same post); ``--format`` chooses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from blog_reader.index import Kind, PostNotFound
from blog_reader.tui.cli_common import EXIT_NOT_FOUND, EXIT_OK, add_command, no_posts_line
from blog_reader.tui.cli_index import repaired
from blog_reader.tui.kinds import KIND_WORDING
from blog_reader.tui.output import info_json, to_json, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from blog_reader.index import Archive, Post, PostInfo

SHOW_FORMATTED_CHARS = 100_000
SHOW_FORMATTED_TOKENS = 20_000
"""``show`` renders a post's Markdown on a terminal only up to this size: Rich took
50 s and 1.7 GB for 2 MB of one-line list items, 100 s for 2 MB of nested quotes.
A longer (or too deeply nested) post is printed as its Markdown text."""

FORMATS = ("markdown", "text", "json")
CANDIDATES_SHOWN = 20
"""An ambiguous ID lists at most this many of the posts it could mean."""
MIN_TITLE = 12
"""``list`` on a terminal shortens a title to keep the id whole, down to this width."""


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    listing = add_command(
        commands,
        "list",
        summary="list the archive in order, one post a line, its id last",
        examples="blog-reader list | grep -i knee\n"
        "blog-reader list --json | jq -r '.[] | select(.date > \"2020\") | .id'",
        parents=[common],
        on_archive=run_list,
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    show = add_command(
        commands,
        "show",
        summary="print one post: rendered on a terminal, its Markdown into a pipe",
        examples="blog-reader show 2021-03-04-knees.md\n"
        "blog-reader show 27                      # series number 27\n"
        "blog-reader show 2021-03 --format text   # the one post whose id starts so\n"
        "blog-reader show 27 --format json | jq -r .body",
        parents=[common],
        on_archive=run_show,
    )
    show.add_argument(
        "id",
        help="the post's id (its path in the corpus, as `list` shows it), "
        "its series number, or the start of its id",
    )
    show.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="markdown: the body as the app reads it, under a title/date/url header; "
        "text: the readable text alone; json: one object "
        "(default: rendered on a terminal, markdown into a pipe)",
    )


# -- list ----------------------------------------------------------------------


def run_list(archive: Archive, args: argparse.Namespace, out: Console) -> int:
    posts = repaired(archive, archive.posts)
    if args.json:
        print(to_json([info_json(info) for info in posts]))
    else:
        for line in list_lines(posts, out.width if out.is_terminal else None):
            out.print(line, soft_wrap=True)  # never cut nor folded by Rich
    if not posts:
        print(no_posts_line(archive), file=sys.stderr)
    return EXIT_OK


def list_lines(posts: Sequence[PostInfo], width: int | None) -> list[Text]:
    """One line a post: number and date (each only if some post has one), title,
    kind, id. The id is always whole; on a terminal of ``width`` columns the title
    is shortened to keep the line on one row, when it can."""
    from rich.text import Text

    number_width = max((len(str(p.number)) for p in posts if p.number is not None), default=0)
    dated = any(p.date is not None for p in posts)
    lines = []
    for info in posts:
        prefix = ""
        if number_width:
            prefix += f"{'' if info.number is None else info.number:>{number_width}}  "
        if dated:
            prefix += f"{'' if info.date is None else info.date.isoformat():10}  "
        label = KIND_WORDING[info.kind].label
        kind = f"  {label}" if label else ""
        ident = visible(info.id)
        title = Text(visible(info.title), style="bold")
        if width is not None:
            room = width - len(prefix) - len(kind) - 2 - Text(ident).cell_len
            if title.cell_len > room >= MIN_TITLE:
                title.truncate(room, overflow="ellipsis")
        line = Text(prefix)
        line.append_text(title)
        line.append(kind, style="dim")
        line.append(f"  {ident}", style="italic dim")
        lines.append(line)
    return lines


# -- show ----------------------------------------------------------------------


def run_show(archive: Archive, args: argparse.Namespace, out: Console) -> int:
    found = find_post(archive, args.id)
    if not isinstance(found, list):
        chosen = args.format or ("rendered" if out.is_terminal else "markdown")
        _SHOW[chosen](found, out)
        return EXIT_OK
    return not_found(args.id, found)


def not_found(wanted: str, found: list[PostInfo]) -> int:
    """Say that ``wanted`` names no post, or which posts it could be (``found``);
    the exit status to return."""
    wanted = visible(wanted)
    if not found:
        print(f"blog-reader: no post {wanted!r} (see `blog-reader list`)", file=sys.stderr)
        return EXIT_NOT_FOUND
    print(
        f"blog-reader: {wanted!r} could be {len(found)} posts; give more of the id:",
        file=sys.stderr,
    )
    for info in found[:CANDIDATES_SHOWN]:
        print(f"  {visible(info.id)}  {visible(info.title)}", file=sys.stderr)
    if len(found) > CANDIDATES_SHOWN:
        print(f"  … and {len(found) - CANDIDATES_SHOWN} more", file=sys.stderr)
    return EXIT_NOT_FOUND


def find_post(archive: Archive, wanted: str) -> Post | list[PostInfo]:
    """The post ``wanted`` names: by id, else by series number, else as the start
    of one id. Otherwise the posts it could name (none, or several)."""
    try:
        return repaired(archive, lambda: archive.get(wanted))
    except PostNotFound:
        pass
    posts = repaired(archive, archive.posts)
    candidates: list[PostInfo] = []
    if wanted.isdecimal():
        candidates = [p for p in posts if p.number == int(wanted)]
    if not candidates:
        candidates = [p for p in posts if p.id.startswith(wanted)]
    if len(candidates) == 1:
        return repaired(archive, lambda: archive.get(candidates[0].id))
    return candidates


def _show_rendered(post: Post, out: Console) -> None:
    from rich.markdown import Markdown
    from rich.text import Text

    from blog_reader.index.plaintext import formats_whole

    info = post.info
    out.print(Text(info.title, style="bold"))
    meta = [m for m in (info.date and info.date.isoformat(), ", ".join(info.tags)) if m]
    if meta:
        out.print(Text("  ·  ".join(meta), style="dim"))
    if info.url:
        out.print(Text(info.url, style="dim"))
    if kind_note := _kind_note(info):
        out.print(Text(kind_note, style="italic"))
    for note in post.notes:
        out.print(Text(f"Note: {note}", style="dim italic"))
    out.print()
    if len(post.body) <= SHOW_FORMATTED_CHARS and formats_whole(post.body, SHOW_FORMATTED_TOKENS):
        out.print(Markdown(post.body, hyperlinks=False))
        return
    print("blog-reader: too long or too deeply nested to format; shown as text", file=sys.stderr)
    _write(post.body)


def _show_markdown(post: Post, out: Console) -> None:
    import yaml

    info = post.info
    header: dict[str, object] = {"title": visible(info.title)}
    if info.date:
        header["date"] = info.date
    if info.url:
        header["url"] = visible(info.url)
    if info.kind is not Kind.FULL:
        header["kind"] = info.kind.value
    front = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1_000_000)
    _notes_to_stderr(post)
    _write(f"---\n{front}---\n\n{post.body}")


def _show_text(post: Post, out: Console) -> None:
    from blog_reader.index.plaintext import plain_text

    info = post.info
    lines = [visible(info.title)]
    meta = [m for m in (info.date and info.date.isoformat(), ", ".join(info.tags)) if m]
    if meta:
        lines.append(visible("  ·  ".join(meta)))
    if info.url:
        lines.append(visible(info.url))
    if kind_note := _kind_note(info):
        lines.append(kind_note)
    _notes_to_stderr(post)
    _write("\n".join(lines) + "\n\n" + plain_text(post.body))


def _show_json(post: Post, out: Console) -> None:
    print(to_json({**info_json(post.info), "notes": list(post.notes), "body": post.body}))


_SHOW = {
    "rendered": _show_rendered,
    "markdown": _show_markdown,
    "text": _show_text,
    "json": _show_json,
}


def _kind_note(info: PostInfo) -> str | None:
    return KIND_WORDING[info.kind].notice or None


def _notes_to_stderr(post: Post) -> None:
    for note in post.notes:
        print(f"blog-reader: note: {note}", file=sys.stderr)


def _write(text: str) -> None:
    # A post's text was cleaned of control characters when it was read (index.text).
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
