"""The ``tags`` and ``authors`` commands: every tag or author of the archive, with
how many posts carry it (the most first, then by name)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from blog_reader.index import FacetKind
from blog_reader.tui.cli_common import EXIT_OK, add_command, no_posts_line
from blog_reader.tui.cli_index import repaired
from blog_reader.tui.output import facet_list_json, to_json, visible

if TYPE_CHECKING:
    from rich.console import Console

    from blog_reader.index import Archive

_NOUNS = {FacetKind.TAG: "tag", FacetKind.AUTHOR: "author"}
_NONE = {
    FacetKind.TAG: "no post has a tag or a category",
    FacetKind.AUTHOR: "no post names its author",
}


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    for kind, summary, example in (
        (
            FacetKind.TAG,
            "list every tag (and category) of the archive, with its number of posts",
            "blog-reader tags | head\nblog-reader tags --json | jq -r '.[].name'\n"
            "blog-reader search 'tag:release date:2024'",
        ),
        (
            FacetKind.AUTHOR,
            "list every author of the archive, with their number of posts",
            "blog-reader authors\nblog-reader authors --json | jq '.[0]'\n"
            "blog-reader search 'author:\"Ann Lee\"'",
        ),
    ):
        parser = add_command(
            commands,
            f"{_NOUNS[kind]}s",
            summary=summary,
            examples=example,
            parents=[common],
            on_archive=run_facet_list,
        )
        parser.add_argument("--json", action="store_true", help='print a list of {"name", "count"}')
        parser.set_defaults(facet_kind=kind)


def run_facet_list(archive: Archive, args: argparse.Namespace, out: Console) -> int:
    from rich.text import Text

    kind: FacetKind = args.facet_kind
    values = repaired(archive, archive.facets).of(kind)
    if args.json:
        print(to_json(facet_list_json(values)))
    else:
        width = max((len(str(value.count)) for value in values), default=0)
        for value in values:
            out.print(Text(f"{value.count:>{width}}  {visible(value.name)}"), soft_wrap=True)
    if not values:
        if not archive.posts():
            print(no_posts_line(archive), file=sys.stderr)
        else:
            print(f"blog-reader: {_NONE[kind]}", file=sys.stderr)
    return EXIT_OK
