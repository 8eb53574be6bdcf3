"""What this process still holds of deleted files: descriptors and memory maps (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

needs_proc = pytest.mark.skipif(
    not os.path.isdir("/proc/self/fd"), reason="reads /proc/self/fd and /proc/self/maps"
)


def deleted_files_open(inside: Path) -> tuple[list[str], list[str]]:
    """The open descriptors and the memory maps of deleted files under ``inside``."""
    prefix = str(inside)
    descriptors = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(prefix) and target.endswith(" (deleted)"):
            descriptors.append(target)
    maps = []
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            where = line.rstrip("\n").split(maxsplit=5)[5:]
            if where and where[0].startswith(prefix) and where[0].endswith(" (deleted)"):
                maps.append(where[0])
    return descriptors, maps
