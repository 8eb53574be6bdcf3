"""Memory of a process tree, sampled from ``/proc`` (Linux).

``getrusage``'s peak RSS cannot be used for a child: on Linux a process keeps,
across ``exec``, the peak of the process it was forked from, so every command
the benchmark starts would report at least the benchmark's own size.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> int:
    """A process's resident memory in MB (``VmHWM`` for its own peak); 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants alive now."""
    found, at = [pid], 0
    while at < len(found):
        try:
            tasks = list(Path(f"/proc/{found[at]}/task").iterdir())
        except OSError:
            tasks = []
        for task in tasks:
            with contextlib.suppress(OSError, ValueError):
                found += [int(child) for child in (task / "children").read_text().split()]
        at += 1
    return found


class TreeSampler(threading.Thread):
    """Samples a process tree's memory until stopped: the largest process and the sum."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.every = every
        self.largest_mb = 0
        self.total_mb = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            sizes = [rss_mb(pid) for pid in _tree(self.pid)]
            self.largest_mb = max(self.largest_mb, max(sizes, default=0))
            self.total_mb = max(self.total_mb, sum(sizes))
            self._stopped.wait(self.every)

    def stop(self) -> None:
        self._stopped.set()
        self.join()
