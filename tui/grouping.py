"""How the archive sidebar groups posts: by month when posts are dated, else by series.

Pure functions over :class:`index.PostInfo`, kept apart from the widget so they can be
tested without Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from blog_reader.index import PostInfo

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""English month names, whatever the locale, so the screen is the same everywhere."""


@dataclass(frozen=True, slots=True)
class GroupHeader:
    """A header row of the sidebar, above the posts of one group."""

    label: str


Row = GroupHeader | PostInfo


def group_key(info: PostInfo) -> tuple[str, ...]:
    """What decides a post's group: its year and month, or its folder when undated."""
    if info.date is not None:
        return ("date", f"{info.date.year:04d}", f"{info.date.month:02d}")
    return ("folder", str(PurePosixPath(info.id).parent))


def group_label(key: tuple[str, ...], posts: Sequence[PostInfo]) -> str:
    """The header text of a group of posts that share ``key``."""
    count = f"({len(posts)})"
    if key[0] == "date":
        return f"{MONTHS[int(key[2]) - 1]} {key[1]} {count}"
    folder = key[1]
    numbers = [info.number for info in posts if info.number is not None]
    name = folder if folder != "." else ("Posts" if numbers else "Undated")
    if numbers:
        return f"{name} {min(numbers)}–{max(numbers)} {count}"  # noqa: RUF001 (a range)
    return f"{name} {count}"


def archive_rows(posts: Sequence[PostInfo]) -> list[Row]:
    """Header and post rows in archive order: a header wherever the group changes."""
    rows: list[Row] = []
    run: list[PostInfo] = []
    run_key: tuple[str, ...] | None = None

    def close_run() -> None:
        if run_key is not None:
            rows.append(GroupHeader(group_label(run_key, run)))
            rows.extend(run)

    for info in posts:
        key = group_key(info)
        if key != run_key:
            close_run()
            run, run_key = [], key
        run.append(info)
    close_run()
    return rows
