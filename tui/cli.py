"""The ``blog-reader`` command: the app by default, and ``index``/``search``/``list``/``show``.

Only the bare command imports Textual; the subcommands are for scripts and start
fast. Plain output to a pipe carries no colour or control bytes, and
``NO_COLOR`` is honoured (Rich does both).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from blog_reader.index import Archive, CorpusError, Order, PostNotFound, bundled_corpus
from blog_reader.tui.output import hit_json, info_json, to_json, visible

if TYPE_CHECKING:
    from rich.console import Console

    from blog_reader.index import PostInfo, Progress, SyncReport

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2

SHOW_FORMATTED_CHARS = 100_000
SHOW_FORMATTED_TOKENS = 20_000
"""``show`` formats a post's Markdown only up to this size: Rich took 50 s and
1.7 GB for 2 MB of one-line list items, 100 s for 2 MB of nested quotes. A
longer (or too deeply nested) post is printed as its plain Markdown text."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its ``--help`` is the reference for every option)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--corpus",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="folder of posts (.md, .markdown, .txt), walked recursively "
        "(default: the bundled Exosomes archive)",
    )
    common.add_argument(
        "--index-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="where to keep the index (default: one folder per corpus in the user's cache)",
    )
    common.add_argument(
        "--rebuild",
        action="store_true",
        default=argparse.SUPPRESS,
        help="rebuild the whole index instead of updating it",
    )
    parser = argparse.ArgumentParser(
        prog="blog-reader",
        description="Read and search a blog archive in the terminal. "
        "With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "index", parents=[common], help="bring the index up to date and say what changed"
    )
    search = commands.add_parser("search", parents=[common], help="search the archive")
    search.add_argument(
        "query", help='words, "a phrase", tag:name, date:2020, title:word, -word, word*, word~'
    )
    search.add_argument("--limit", type=_positive, default=10, metavar="N", help="hits to show")
    search.add_argument("--json", action="store_true", help="print one JSON object")
    search.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="order of the hits: best match first (default), or newest first",
    )
    listing = commands.add_parser("list", parents=[common], help="list the archive in order")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    show = commands.add_parser("show", parents=[common], help="print one post")
    show.add_argument("id", help="the post's id (its path in the corpus, as `list` shows)")
    return parser


def run(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script."""
    sys.exit(main(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    corpus = getattr(args, "corpus", None) or bundled_corpus()
    index_dir = getattr(args, "index_dir", None)
    rebuild = bool(getattr(args, "rebuild", False))
    if args.command is None:
        return _open_app(corpus, index_dir, rebuild)
    try:
        archive = Archive.open(corpus, index_dir)
    except CorpusError as error:
        print(f"blog-reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with archive:
            report = _sync(archive, rebuild, loud=args.command == "index")
            console = _console()
            if args.command == "index":
                return _print_report(archive, report, console)
            return _HANDLERS[args.command](archive, args, console)
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        print(f"blog-reader: {error}", file=sys.stderr)
        return EXIT_USAGE


def _open_app(corpus: Path, index_dir: Path | None, rebuild: bool) -> int:
    try:
        from blog_reader.tui.app import run_app
    except ImportError as error:  # pragma: no cover - only on a broken install
        print(f"blog-reader: the app cannot start ({error})", file=sys.stderr)
        return EXIT_USAGE
    try:
        run_app(corpus, index_dir, rebuild=rebuild)
    except CorpusError as error:
        print(f"blog-reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


# -- syncing -------------------------------------------------------------------


def _sync(archive: Archive, rebuild: bool, loud: bool) -> SyncReport:
    """Sync before any command; a progress bar on a terminal when there is work."""
    # A bar only for a person watching: stdout is a terminal (it is drawn on stderr).
    bar = _ProgressBar() if sys.stdout.isatty() and sys.stderr.isatty() else None

    def progress(step: Progress) -> None:
        if step.stage.startswith("waiting"):
            # Said to scripts too: a command that waits should say why.
            print(f"blog-reader: {step.stage}…", file=sys.stderr, flush=True)
        elif bar is not None:
            bar.update(step)

    try:
        report = archive.sync(progress, rebuild=rebuild)
    finally:
        if bar is not None:
            bar.close()
    for message in report.messages:
        print(f"blog-reader: {message}", file=sys.stderr)
    if not loud and report.skipped and report.changed:
        count = len(report.skipped)
        print(
            f"blog-reader: {count} file(s) skipped; `blog-reader index` lists them",
            file=sys.stderr,
        )
    return report


def _repaired(archive: Archive, fetch: Callable[[], _T]) -> _T:
    """``fetch()``; if it found the index damaged, rebuild it (the sync says so on
    stderr) and fetch again."""
    try:
        value = fetch()
    except PostNotFound:
        if archive.damage is None:
            raise
    else:
        if archive.damage is None:
            return value
    _sync(archive, rebuild=False, loud=False)
    return fetch()


class _ProgressBar:
    """A Rich progress bar on stderr, shown only once there are many files to read."""

    THRESHOLD = 200

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def update(self, progress: Progress) -> None:
        if self._bar is None:
            if progress.total < self.THRESHOLD:
                return
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(transient=True, console=_console(stderr=True))
            self._bar.start()
            self._task = self._bar.add_task(progress.stage, total=progress.total)
        self._bar.update(
            self._task,
            completed=progress.done,
            total=progress.total or None,
            description=progress.stage,
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _print_report(archive: Archive, report: SyncReport, console: Console) -> int:
    from rich.text import Text

    what = "Rebuilt" if report.rebuilt else "Updated"
    console.print(Text(f"{what} the index of {visible(str(archive.corpus))}"))
    console.print(
        Text(
            f"{report.added} added, {report.updated} updated, {report.removed} removed, "
            f"{len(report.skipped)} skipped in {report.seconds:.2f} s"
        )
    )
    for skipped in report.skipped:
        shown = visible(_shown_path(archive, skipped.path))
        console.print(Text(f"skipped {shown}: {visible(skipped.reason)}"))
    return EXIT_OK


# -- commands ------------------------------------------------------------------


def _search(archive: Archive, args: argparse.Namespace, console: Console) -> int:
    from rich.text import Text

    order = Order(args.sort)
    result = _repaired(archive, lambda: archive.search(args.query, limit=args.limit, order=order))
    searched = result.correction or result.query
    if args.json:
        payload = {
            "query": searched,
            "corrected_from": result.query if result.correction else None,
            "total": result.total,
            "correction": result.correction,
            "sort": order.value,
            "hits": [hit_json(hit) for hit in result.hits],
        }
        print(to_json(payload))
        return EXIT_OK
    noun = "post" if result.total == 1 else "posts"
    count = str(result.total) if result.complete else f"At least {result.total}"
    newest = ", newest first" if order is Order.DATE else ""
    console.print(Text(f"{count} {noun} match {searched!r}{newest}", style="bold"))
    if result.correction:
        console.print(
            Text(
                f"Showing results for {visible(searched)} — no post has "
                f"{visible(result.query)}; quote a word to search it as typed"
            )
        )
    if not result.complete:
        console.print(Text("(the search stopped at its time limit: the best hits found so far)"))
    for rank, hit in enumerate(result.hits, 1):
        console.print()
        console.print(_title_line(rank, hit.info))
        snippet = Text(hit.snippet.text, style="dim")
        for span in hit.snippet.spans:
            snippet.stylize("bold reverse", span.start, span.end)
        snippet.pad_left(4)
        console.print(snippet)
        console.print(Text(f"    {visible(hit.id)}", style="italic"))
    return EXIT_OK


def _list(archive: Archive, args: argparse.Namespace, console: Console) -> int:
    from rich.text import Text

    posts = _repaired(archive, archive.posts)
    if args.json:
        print(to_json([info_json(info) for info in posts]))
        return EXIT_OK
    for info in posts:
        number = "" if info.number is None else str(info.number)
        date = "" if info.date is None else info.date.isoformat()
        kind = "" if info.kind.value == "full" else f"[{info.kind.value}]"
        line = Text(f"{number:>4}  {date:10}  ")
        line.append(info.title, style="bold")
        line.append(f"  {kind}" if kind else "", style="dim")
        line.append(f"  {visible(info.id)}", style="italic dim")
        console.print(line, overflow="ellipsis", no_wrap=True, crop=True)
    return EXIT_OK


def _show(archive: Archive, args: argparse.Namespace, console: Console) -> int:
    from rich.markdown import Markdown
    from rich.text import Text

    from blog_reader.index.plaintext import formats_whole

    try:
        post = _repaired(archive, lambda: archive.get(args.id))
    except PostNotFound:
        print(f"blog-reader: no post {args.id!r} (see `blog-reader list`)", file=sys.stderr)
        return EXIT_NOT_FOUND
    info = post.info
    console.print(Text(info.title, style="bold"))
    meta = [m for m in (info.date and info.date.isoformat(), ", ".join(info.tags)) if m]
    if meta:
        console.print(Text("  ·  ".join(meta), style="dim"))
    if info.url:
        console.print(Text(info.url, style="dim"))
    if info.kind.value == "summary":
        console.print(Text("Only the archive's summary of this post is known.", style="italic"))
    elif info.kind.value == "title-only":
        console.print(Text("Only the title of this post is known.", style="italic"))
    for note in post.notes:
        console.print(Text(f"Note: {note}", style="dim italic"))
    console.print()
    if len(post.body) <= SHOW_FORMATTED_CHARS and formats_whole(post.body, SHOW_FORMATTED_TOKENS):
        console.print(Markdown(post.body, hyperlinks=False))
        return EXIT_OK
    print("blog-reader: too long or too deeply nested to format; shown as text", file=sys.stderr)
    # The body was cleaned of control characters when it was read (index.text).
    sys.stdout.write(post.body if post.body.endswith("\n") else post.body + "\n")
    return EXIT_OK


_HANDLERS: dict[str, Callable[[Archive, argparse.Namespace, Console], int]] = {
    "search": _search,
    "list": _list,
    "show": _show,
}


# -- helpers -------------------------------------------------------------------


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    # Rich writes no colour or control bytes when the stream is not a terminal,
    # and none at all under NO_COLOR.
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def _title_line(rank: int, info: PostInfo) -> Any:
    from rich.text import Text

    line = Text(f"{rank:>2}. ")
    line.append(info.title, style="bold")
    if info.date:
        line.append(f"  {info.date.isoformat()}", style="dim")
    return line


def _shown_path(archive: Archive, path: Path) -> str:
    try:
        return path.relative_to(archive.corpus).as_posix()
    except ValueError:
        return str(path)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


class _Version(argparse.Action):
    """``--version``, looked up only when asked for (importlib.metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib import metadata

        try:
            version = metadata.version("blog-reader")
        except metadata.PackageNotFoundError:
            version = "unknown"
        print(f"blog-reader {version}")
        parser.exit()
