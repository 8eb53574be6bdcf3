"""Getting the index's build processes ready before Textual takes the terminal.

A first full build of a large archive runs in worker processes, and those need
multiprocessing's resource tracker, which is handed ``sys.stderr``'s descriptor
when it starts. While the app runs, Textual's ``sys.stderr`` captures prints and
has no descriptor (``fileno()`` is -1), so a tracker started then failed ("bad
value(s) in fds_to_keep") and the first launch on such an archive showed no post.
"""

from __future__ import annotations

from multiprocessing import resource_tracker


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, while ``sys.stderr`` is still
    the terminal's (it runs until the app's process ends)."""
    resource_tracker.ensure_running()
