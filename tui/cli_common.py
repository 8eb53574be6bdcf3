"""What every subcommand of the command line shares: exit statuses, the console, and
how a subcommand is declared.

A subcommand is a small module with an ``add_parser(commands, common)`` function
that calls :func:`add_command` (name, one-line description, an example, the
function that runs it) and adds its own arguments. ``tui.cli`` lists the modules.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from blog_reader.index.files import POST_SUFFIXES
from blog_reader.tui.output import visible

if TYPE_CHECKING:
    from rich.console import Console

    from blog_reader.index import Archive

EXIT_OK = 0
EXIT_NOT_FOUND = 1
"""The ID names no single post: none, or several (they are listed)."""
EXIT_USAGE = 2
"""Bad arguments, or a corpus folder that cannot be used."""
EXIT_BUG = 3
"""A bug: one line on stderr names the log file that holds its traceback."""

ArchiveCommand = Callable[["Archive", argparse.Namespace, "Console"], int]
"""A subcommand that works on the archive, once its index is up to date."""
PlainCommand = Callable[[argparse.Namespace], int]
"""A subcommand that needs no archive (``config``)."""


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    summary: str,
    examples: str,
    parents: list[argparse.ArgumentParser],
    on_archive: ArchiveCommand | None = None,
    alone: PlainCommand | None = None,
) -> argparse.ArgumentParser:
    """Declare subcommand ``name``: ``summary`` is its line in ``blog-reader --help``
    and the top of its own ``--help``, which ends with ``examples`` (shell lines)."""
    parser = commands.add_parser(
        name,
        parents=parents,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(on_archive=on_archive, alone=alone)
    return parser


def console(stderr: bool = False) -> Console:
    """A Rich console that reads no markup and writes no colour or control bytes
    when its stream is not a terminal (nor any colour under ``NO_COLOR``)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits with status 1 here, which means "no such post" to a script;
            # main() ends quietly instead.
            self.quiet = True
            raise BrokenPipeError

    return _Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def no_posts_line(archive: Archive) -> str:
    """What to say when the corpus holds no post at all."""
    kinds = ", ".join(POST_SUFFIXES)
    return (
        f"blog-reader: no posts found under {visible(str(archive.corpus))} "
        f"(posts are {kinds} files, in any folder but hidden ones)"
    )
