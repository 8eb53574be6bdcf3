"""Bringing the index up to date before every command, and the ``index`` command that
does only that and says what changed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from blog_reader.index import Archive, PostNotFound, counted
from blog_reader.tui.cli_common import EXIT_OK, add_command, console
from blog_reader.tui.output import visible

if TYPE_CHECKING:
    from rich.console import Console

    from blog_reader.index import Progress, SyncReport

_T = TypeVar("_T")


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    add_command(
        commands,
        "index",
        summary="bring the index up to date and say what changed",
        examples="blog-reader index --corpus ~/blogs/my-archive\n"
        "blog-reader index --rebuild      # read every post again",
        parents=[common],
        on_archive=print_report,
    )


def sync(archive: Archive, rebuild: bool, loud: bool) -> SyncReport:
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
            f"blog-reader: {counted(count, 'file')} skipped; `blog-reader index` lists them",
            file=sys.stderr,
        )
    return report


def repaired(archive: Archive, fetch: Callable[[], _T]) -> _T:
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
    sync(archive, rebuild=False, loud=False)
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

            self._bar = RichProgress(transient=True, console=console(stderr=True))
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


def print_report(archive: Archive, args: argparse.Namespace, out: Console) -> int:
    """The ``index`` command: what the sync that ran before it did."""
    from rich.text import Text

    report: SyncReport = args.sync_report
    what = "Built" if report.first_build else "Rebuilt" if report.rebuilt else "Updated"
    out.print(Text(f"{what} the index of {visible(str(archive.corpus))}"))
    out.print(
        Text(
            f"{report.added} added, {report.updated} updated, {report.removed} removed, "
            f"{len(report.skipped)} skipped in {report.seconds:.2f} s"
        )
    )
    if report.left_out:
        counts = ", ".join(counted(count, kind) for kind, count in report.left_out)
        out.print(Text(f"left out as not posts: {counts}"))
    for skipped in report.skipped:
        shown = visible(_shown_path(archive, skipped.path))
        out.print(Text(f"skipped {shown}: {visible(skipped.reason)}"))
    return EXIT_OK


def _shown_path(archive: Archive, path: Path) -> str:
    try:
        return path.relative_to(archive.corpus).as_posix()
    except ValueError:
        return str(path)
