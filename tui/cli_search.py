"""The ``search`` command: ranked hits with snippets, a page at a time."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from blog_reader.index import FacetKind, Facets, Order
from blog_reader.tui.cli_common import EXIT_OK, add_command, no_posts_line
from blog_reader.tui.cli_index import repaired
from blog_reader.tui.output import facets_json, hit_json, to_json, visible

FACETS_SHOWN = 5
"""Values of each facet that the plain output names (``--json`` gives them all)."""

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from blog_reader.index import Archive, Hit, PostInfo, SearchResult


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    search = add_command(
        commands,
        "search",
        summary="search the archive: ranked hits with snippets",
        examples="blog-reader search 'knee pain'\n"
        "blog-reader search '\"sea urchin\" date:2020' --limit 20 --offset 20\n"
        "blog-reader search 'tag:release -beta' --sort date\n"
        "blog-reader search title:doug --json | jq -r '.hits[].id'",
        parents=[common],
        on_archive=run_search,
    )
    search.add_argument(
        "query",
        type=_query,
        help='words, "a phrase", tag:name, date:2020, title:word, -word, word*, word~',
    )
    search.add_argument(
        "--limit", type=positive_count, default=10, metavar="N", help="hits to show"
    )
    search.add_argument(
        "--offset", type=_Count(0), default=0, metavar="N", help="skip the first N hits"
    )
    search.add_argument("--json", action="store_true", help="print one JSON object")
    search.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="order of the hits: best match first (default), or newest first",
    )


def run_search(archive: Archive, args: argparse.Namespace, out: Console) -> int:
    from rich.text import Text

    offset: int = args.offset
    order = Order(args.sort)
    result = repaired(
        archive,
        lambda: archive.search(args.query, limit=offset + args.limit, order=order, facets=True),
    )
    searched = result.correction or result.query
    hits = result.hits[offset:]
    if args.json:
        payload = {
            "query": searched,
            "corrected_from": result.query if result.correction else None,
            "total": result.total,
            "total_exact": result.exact,
            "offset": offset,
            "correction": result.correction,
            "sort": order.value,
            "hits": [hit_json(hit) for hit in hits],
            "facets": facets_json(result.facets or Facets()),
        }
        print(to_json(payload))
        return EXIT_OK
    noun = "post" if result.total == 1 else "posts"
    count = str(result.total) if result.exact else f"At least {result.total}"
    newest = ", newest first" if order is Order.DATE else ""
    out.print(Text(f"{count} {noun} match {visible(searched)!r}{newest}", style="bold"))
    if result.correction:
        out.print(
            Text(
                f"Showing results for {visible(searched)} — no post has "
                f"{visible(result.query)}; quote a word to search it as typed"
            )
        )
    if not result.complete:
        out.print(Text("(the search stopped at its time limit: the best hits found so far)"))
    for line in facet_lines(result.facets or Facets()):
        out.print(line, soft_wrap=True)
    for rank, hit in enumerate(hits, offset + 1):
        print_hit(out, rank, hit)
    if page := _page_line(result, offset, len(hits)):
        out.print()
        out.print(Text(page, style="dim"))
    if result.total == 0 and not result.correction and not archive.posts():
        print(no_posts_line(archive), file=sys.stderr)
    return EXIT_OK


def facet_lines(facets: Facets, most: int = FACETS_SHOWN) -> list[Text]:
    """A line per kind of facet that has values: the ``most`` most common, with
    their counts, and how many more there are."""
    from rich.text import Text

    lines = []
    for kind in FacetKind:
        values = facets.of(kind)
        if not values:
            continue
        shown = " · ".join(f"{visible(value.name)} {value.count}" for value in values[:most])
        more = f" · {len(values) - most} more" if len(values) > most else ""
        lines.append(Text(f"{kind.value + 's:':8} {shown}{more}", style="dim"))
    return lines


def print_hit(out: Console, rank: int, hit: Hit) -> None:
    """One hit after a blank line: its rank and title (and date), its snippet with
    the matched words marked, its id."""
    from rich.text import Text

    out.print()
    out.print(_title_line(rank, hit.info))
    snippet = Text(hit.snippet.text, style="dim")
    for span in hit.snippet.spans:
        snippet.stylize("bold reverse", span.start, span.end)
    snippet.pad_left(4)
    # Wrapped to a terminal's width; one line per snippet into a pipe.
    out.print(snippet, soft_wrap=not out.is_terminal)
    out.print(Text(f"    {visible(hit.id)}", style="italic"))


def _page_line(result: SearchResult, offset: int, shown: int) -> str | None:
    """Which hits were shown, and how to see the next ones; None when all were."""
    if result.total == 0 or (offset == 0 and shown >= result.total):
        return None
    of = f"{result.total}" if result.exact else f"at least {result.total}"
    if shown == 0:
        match = "post matches" if result.total == 1 else "posts match"
        return f"No hits from {offset + 1} on: {of} {match}."
    line = f"Hits {offset + 1}-{offset + shown} of {of}."
    if offset + shown < result.total:
        line += f" --offset {offset + shown} shows the next ones."
    return line


def _title_line(rank: int, info: PostInfo) -> Text:
    from rich.text import Text

    line = Text(f"{rank:>2}. ")
    line.append(info.title, style="bold")
    if info.date:
        line.append(f"  {info.date.isoformat()}", style="dim")
    return line


def _query(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the query is empty: give a word to search for")
    return text


class _Count:
    """An argparse type: a whole number of at least ``least``."""

    def __init__(self, least: int) -> None:
        self.least = least
        self.__name__ = "number"  # what argparse calls the value in its error

    def __call__(self, text: str) -> int:
        value = int(text)
        if value < self.least:
            raise argparse.ArgumentTypeError(f"must be {self.least} or more")
        return value


positive_count = _Count(1)
"""An argparse type: a whole number of at least 1 (``--limit``)."""
