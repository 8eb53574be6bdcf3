"""The ``blog-reader`` command: the app by default, and subcommands for scripts.

Only the bare command imports Textual; the subcommands start fast. Each subcommand
is a module of its own (``cli_index``, ``cli_search``, ``cli_related``, ``cli_posts``,
``cli_facets``, ``cli_links``, ``cli_config``) with an ``add_parser`` function;
:data:`SUBCOMMANDS` lists them.
Plain output to a pipe carries no colour or control bytes, ``NO_COLOR`` is
honoured (Rich does both), and a reader that goes away early (``| head``) ends the
command quietly with status 0.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from blog_reader.index import Archive, CorpusError, bundled_corpus
from blog_reader.tui import (
    cli_config,
    cli_facets,
    cli_index,
    cli_links,
    cli_posts,
    cli_related,
    cli_search,
)
from blog_reader.tui.bugs import log_bug, start_log
from blog_reader.tui.cli_common import EXIT_BUG, EXIT_OK, EXIT_USAGE, console

SUBCOMMANDS = (cli_index, cli_search, cli_related, cli_posts, cli_facets, cli_links, cli_config)
"""Each module adds its subcommands' parsers, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its ``--help`` is the reference for every option)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--corpus",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="folder of posts (.md, .markdown, .mdx, .txt), walked recursively "
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
        "--drafts",
        action="store_true",
        default=argparse.SUPPRESS,
        help="index drafts (draft: true, published: false, _drafts/) as posts",
    )
    common.add_argument(
        "--rebuild",
        action="store_true",
        default=argparse.SUPPRESS,
        help="rebuild the whole index instead of updating it",
    )
    cli_links.add_site_option(common)
    parser = _Parser(
        prog="blog-reader",
        description="Read and search a blog archive in the terminal. "
        "With no command, opens the app.",
        epilog="Run `blog-reader COMMAND --help` for a command's options and examples.",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(commands, common)
    parser.command_names = list(commands.choices or ())
    return parser


def run(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script."""
    sys.exit(main(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error. Whatever is
        # still buffered for stdout goes nowhere, so exiting prints no second error
        # (the recipe of Python's documentation, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        corpus = getattr(args, "corpus", None) or bundled_corpus()
        return _open_app(
            corpus, getattr(args, "index_dir", None), _rebuild(args), _site(args), _drafts(args)
        )
    start_log()
    try:
        if args.alone is not None:
            status: int = args.alone(args)
            return status
        return _on_archive(args)
    except BrokenPipeError:
        raise
    except Exception as error:  # a bug: its traceback goes to the log, not the terminal
        print(f"blog-reader: {log_bug(error)}", file=sys.stderr)
        return EXIT_BUG


def _on_archive(args: argparse.Namespace) -> int:
    corpus = getattr(args, "corpus", None) or bundled_corpus()
    try:
        archive = Archive.open(corpus, getattr(args, "index_dir", None), _site(args), _drafts(args))
    except CorpusError as error:
        print(f"blog-reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with archive:
            args.sync_report = cli_index.sync(archive, _rebuild(args), args.command == "index")
            status: int = args.on_archive(archive, args, console())
            return status
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"blog-reader: {error}", file=sys.stderr)
        return EXIT_USAGE


def _rebuild(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "rebuild", False))


def _drafts(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "drafts", False))


def _site(args: argparse.Namespace) -> str | None:
    site: str | None = getattr(args, "site", None)
    return site


def _open_app(
    corpus: Path, index_dir: Path | None, rebuild: bool, site: str | None, drafts: bool
) -> int:
    try:
        from blog_reader.tui.app import run_app
    except ImportError as error:  # pragma: no cover - only on a broken install
        print(f"blog-reader: the app cannot start ({error})", file=sys.stderr)
        return EXIT_USAGE
    try:
        run_app(corpus, index_dir, rebuild=rebuild, site=site, drafts=drafts)
    except CorpusError as error:
        print(f"blog-reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """Suggests the nearest command for a mistyped one (argparse does so only from
    Python 3.12 on, with ``suggest_on_error``; 3.11 is supported)."""

    command_names: Sequence[str] = ()

    def error(self, message: str) -> NoReturn:
        wrong = re.search(r"argument COMMAND: invalid choice: (['\"])(.*?)\1", message)
        if wrong:
            near = difflib.get_close_matches(wrong.group(2), self.command_names, n=1)
            if near:
                message = f"{message}; did you mean {near[0]!r}?"
        super().error(message)


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
