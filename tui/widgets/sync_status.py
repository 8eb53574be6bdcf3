"""The status line: runs the index sync in a thread and shows how far it has got."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from blog_reader.index import PostInfo, Progress, SyncCancelled, SyncReport, counted
from blog_reader.tui.bugs import log_bug

DAMAGE_CHECK_SECONDS = 2.0
"""How often the app looks whether a read found the index damaged."""


class Syncable(Protocol):
    """The part of :class:`index.Archive` a sync needs."""

    def sync(
        self, progress: Callable[[Progress], None] | None = None, rebuild: bool = False
    ) -> SyncReport: ...

    def posts(self) -> list[PostInfo]: ...

    @property
    def damage(self) -> str | None: ...


def report_summary(report: SyncReport) -> str:
    """One line on what a sync changed (no timings: the screen must not vary)."""
    if report.first_build:
        return "index built"
    if report.rebuilt:
        return "index rebuilt"
    changes = [
        f"{count} {word}"
        for count, word in (
            (report.added, "added"),
            (report.updated, "updated"),
            (report.removed, "removed"),
        )
        if count
    ]
    return f"index updated ({', '.join(changes)})" if changes else "index up to date"


class SyncStatus(Horizontal):
    """Shows the sync's progress, then how many posts the archive holds."""

    DEFAULT_CSS = """
    SyncStatus {
        height: 1;
        background: $panel;
        color: $text-muted;
        & > #status-text {
            width: 1fr;
            padding: 0 1;
        }
        & > #sync-progress {
            display: none;
            width: 24;
        }
        &.-running > #sync-progress {
            display: block;
        }
    }
    """

    class PostsReady(Message):
        """The archive's posts, in archive order (before and after a sync)."""

        def __init__(self, posts: Sequence[PostInfo]) -> None:
            super().__init__()
            self.posts = posts

    class Progressed(Message):
        """How far the sync is; replaces an older one still in the queue."""

        def __init__(self, progress: Progress) -> None:
            super().__init__()
            self.progress = progress

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SyncStatus.Progressed)

    class Finished(Message):
        """The sync is over: ``report`` when it worked, else ``error``."""

        def __init__(self, report: SyncReport | None, error: str | None = None) -> None:
            super().__init__()
            self.report = report
            self.error = error

    def __init__(self, archive: Syncable, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.archive = archive
        self.running = False
        self.post_count = 0

    def on_mount(self) -> None:
        self.set_interval(DAMAGE_CHECK_SECONDS, self._check_damage)

    def _check_damage(self) -> None:
        """Rebuild an index that a read found damaged (reads then answer nothing).

        Only damage counts: a bug in a read is raised to it, logged and shown, and
        never marks the index damaged (a rebuild would not mend it, and the next
        read would ask for another one, in a loop).
        """
        if self.running or self.archive.damage is None:
            return
        self.notify(
            f"The index is damaged ({self.archive.damage}); rebuilding it.",
            severity="warning",
            markup=False,
        )
        self.sync(list_first=False)

    def compose(self) -> ComposeResult:
        yield Static(id="status-text", markup=False)
        yield ProgressBar(id="sync-progress", show_eta=False, show_percentage=False)

    def sync(self, *, rebuild: bool = False, list_first: bool = True) -> bool:
        """Start a sync unless one is running; False if one was."""
        if self.running:
            return False
        self.running = True
        self.set_class(True, "-running")
        self.say("Opening the archive…" if list_first else "Rebuilding the index…")
        self._sync(rebuild, list_first)
        return True

    def say(self, text: str) -> None:
        """Show ``text`` (plain text, never markup) in the status line."""
        self.query_one("#status-text", Static).update(Content(text))

    @work(thread=True, group="sync")
    def _sync(self, rebuild: bool, list_first: bool) -> None:
        worker = get_current_worker()

        def progressed(progress: Progress) -> None:
            if worker.is_cancelled:  # the app is quitting: stop indexing now
                raise SyncCancelled
            self.post_message(self.Progressed(progress))

        try:
            if list_first:
                self.post_message(self.PostsReady(self.archive.posts()))
            report = self.archive.sync(progress=progressed, rebuild=rebuild)
            posts = self.archive.posts()
        except SyncCancelled:
            return  # the index is as it was; nobody is left to tell
        except OSError as error:  # the corpus went away, say: the user can see to it
            self.post_message(self.Finished(None, f"{type(error).__name__}: {error}"))
            return
        except Exception as error:  # a bug: logged, and shown to the user in one line
            self.post_message(self.Finished(None, log_bug(error)))
            return
        if not worker.is_cancelled:
            self.post_message(self.PostsReady(posts))
            self.post_message(self.Finished(report))

    def on_sync_status_progressed(self, event: Progressed) -> None:
        progress = event.progress
        bar = self.query_one(ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.done)
        self.say(f"Indexing: {progress.stage} {progress.done}/{progress.total}")

    def on_sync_status_posts_ready(self, event: PostsReady) -> None:
        self.post_count = len(event.posts)

    def on_sync_status_finished(self, event: Finished) -> None:
        """Say how the sync went; the message bubbles on to the app."""
        self.running = False
        self.set_class(False, "-running")
        report = event.report
        if report is None:
            self.say(f"Sync failed: {event.error}")
            self.notify(
                f"The index could not be synced: {event.error}", severity="error", markup=False
            )
            return
        self.say(f"{counted(self.post_count, 'post')} · {report_summary(report)}")
        for message in report.messages:
            self.notify(message, markup=False)
        if report.skipped:
            lines = [f"{item.path.name}: {item.reason}" for item in report.skipped[:5]]
            more = len(report.skipped) - len(lines)
            lines += [f"…and {more} more"] if more else []
            title = f"{counted(len(report.skipped), 'file')} skipped"
            self.notify("\n".join(lines), title=title, severity="warning", markup=False)
