"""``blog-reader links [ID] [--json]``: every link of a post, or of the archive, and
where it leads (for authors hunting broken links between their posts)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from blog_reader.index import Archive, PostNotFound
from blog_reader.tui.cli_common import EXIT_NOT_FOUND, EXIT_OK, add_command
from blog_reader.tui.output import to_json, visible

if TYPE_CHECKING:
    from rich.console import Console

    from blog_reader.index.links import ResolvedLink


def site_address(text: str) -> str:
    """``--site``'s value: an http(s) address (argparse turns the error into status 2)."""
    from blog_reader.index.site import site_from

    if site_from(text, "--site") is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) address")
    return text


def add_site_option(parser: argparse.ArgumentParser) -> None:
    """``--site URL``, for every command (a common option)."""
    parser.add_argument(
        "--site",
        type=site_address,
        default=argparse.SUPPRESS,
        metavar="URL",
        help="the blog's own address, when no site config or post says it "
        "(links to it open in the reader)",
    )


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Register ``links`` on the command line's subparsers."""
    links = add_command(
        commands,
        "links",
        summary="list links and the posts they lead to",
        examples="blog-reader links 2021-03-04-knees.md\n"
        "blog-reader links --json | jq -r '.[] | select(.to == null) | .href'",
        parents=[common],
        on_archive=run_links,
    )
    links.add_argument("id", nargs="?", help="the post's id (default: every post)")
    links.add_argument(
        "--json", action="store_true", help='print a JSON list of {"from", "text", "href", "to"}'
    )


def run_links(archive: Archive, args: argparse.Namespace, console: Console) -> int:
    """Print the links; status 1 when there is no post ``args.id``."""
    from rich.text import Text

    try:
        links = archive.links(args.id)
    except PostNotFound:
        print(f"blog-reader: no post {args.id!r} (see `blog-reader list`)", file=sys.stderr)
        return EXIT_NOT_FOUND
    for problem in archive.sites.problems:
        print(f"blog-reader: {problem}", file=sys.stderr)
    if args.json:
        print(to_json([_link_json(link) for link in links]))
        return EXIT_OK
    for link in links:
        line = Text(f"{visible(link.from_id)}  ", style="italic dim")
        line.append(visible(link.text or link.href), style="bold")
        line.append(f"  {visible(link.href)}  ")
        if link.target is None:
            line.append("→ not in the archive", style="dim")
        else:
            line.append(f"→ {visible(link.target.post_id)}")
        console.print(line, soft_wrap=True)  # whole lines: scripts grep them
    return EXIT_OK


def _link_json(link: ResolvedLink) -> dict[str, str | None]:
    return {
        "from": link.from_id,
        "text": link.text,
        "href": link.href,
        "to": None if link.target is None else link.target.post_id,
    }
