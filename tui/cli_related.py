"""``blog-reader related ID [--json] [--limit N]``: the posts most like one post."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from blog_reader.tui.cli_common import EXIT_OK, add_command
from blog_reader.tui.cli_index import repaired
from blog_reader.tui.cli_posts import find_post, not_found
from blog_reader.tui.cli_search import positive_count, print_hit
from blog_reader.tui.output import hit_json, to_json, visible

if TYPE_CHECKING:
    from rich.console import Console

    from blog_reader.index import Archive


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Register ``related`` on the command line's subparsers."""
    related = add_command(
        commands,
        "related",
        summary="list the posts most like one post (by their words, titles weighted)",
        examples="blog-reader related 2021-03-04-knees.md\n"
        "blog-reader related 27 --limit 10\n"
        "blog-reader related 2021-03 --json | jq -r '.[].id'",
        parents=[common],
        on_archive=run_related,
    )
    related.add_argument(
        "id",
        help="the post's id (its path in the corpus, as `list` shows it), "
        "its series number, or the start of its id",
    )
    related.add_argument(
        "--limit", type=positive_count, default=5, metavar="N", help="posts to show (5)"
    )
    related.add_argument(
        "--json", action="store_true", help="print a JSON list of hits, as `search --json` does"
    )


def run_related(archive: Archive, args: argparse.Namespace, out: Console) -> int:
    """Print the related posts; status 1 when ``args.id`` names no single post."""
    from rich.text import Text

    found = find_post(archive, args.id)
    if isinstance(found, list):
        return not_found(args.id, found)
    info = found.info
    hits = repaired(archive, lambda: archive.related(info.id, args.limit))
    if args.json:
        print(to_json([hit_json(hit) for hit in hits]))
        return EXIT_OK
    title = visible(info.title)
    if not hits:
        out.print(Text(f"No post shares enough words with {title!r}.", style="bold"))
        return EXIT_OK
    noun = "post" if len(hits) == 1 else "posts"
    out.print(Text(f"{len(hits)} {noun} like {title!r}", style="bold"))
    for rank, hit in enumerate(hits, 1):
        print_hit(out, rank, hit)
    return EXIT_OK
