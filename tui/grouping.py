"""How the archive sidebar groups posts: dated ones by month, undated ones by top section.

An undated post's section is the first folder of its path under the corpus
(``python/`` for ``python/tools/x.md``), never its leaf folder: an archive of
topic folders gets a group per topic, not one per sub-folder. Dated posts are grouped
by month, or by year when months would make more than :data:`MAX_MONTH_GROUPS`
groups (a blog kept for fifteen years has 180 months).

A "today I learned" archive may have a hundred topic folders, half of them holding
one post or two: a header per topic would be as many rows as posts. When there are
more than :data:`MAX_SECTION_GROUPS` sections, only the larger ones keep a group of
their own, and the small ones are gathered at the end in one group, "Other topics",
whose rows show each post's section (see :func:`gathered_sections`).

Pure functions over :class:`index.PostInfo`, kept apart from the widget so they can be
tested without Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len

from blog_reader.index import Kind, PostInfo
from blog_reader.tui.output import visible

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""English month names, whatever the locale, so the screen is the same everywhere."""

MAX_MONTH_GROUPS = 36
"""More months than this among the dated posts, and they are grouped by year."""

MAX_SECTION_GROUPS = 30
"""Undated sections (top folders) beyond this count, and the small ones are gathered
in :data:`OTHER_TOPICS`: the sidebar then has at most this many section groups."""

OTHER_TOPICS = "Other topics"


@dataclass(frozen=True, slots=True)
class GroupHeader:
    """A header row of the sidebar, above the posts of one group."""

    label: str
    gathered: bool = False
    """Whether the group gathers small sections: its rows show their section."""


Row = GroupHeader | PostInfo


def group_key(info: PostInfo, by_year: bool = False) -> tuple[str, ...]:
    """What decides a post's group: its year and month (or its year alone, ``by_year``),
    or its top section when undated."""
    if info.date is not None:
        if by_year:
            return ("year", f"{info.date.year:04d}")
        return ("date", f"{info.date.year:04d}", f"{info.date.month:02d}")
    section, slash, _ = info.id.partition("/")
    return ("folder", section if slash else ".")


def group_label(key: tuple[str, ...], posts: Sequence[PostInfo]) -> str:
    """The header text of a group of posts that share ``key``."""
    count = f"({len(posts)})"
    if key[0] == "date":
        return f"{MONTHS[int(key[2]) - 1]} {key[1]} {count}"
    if key[0] == "year":
        return f"{key[1]} {count}"
    folder = visible(key[1])  # a folder's name, as the file system holds it
    numbers = [info.number for info in posts if info.number is not None]
    name = folder if folder != "." else ("Posts" if numbers else "Undated")
    if numbers:
        return f"{name} {min(numbers)}–{max(numbers)} {count}"  # noqa: RUF001 (a range)
    return f"{name} {count}"


def archive_rows(posts: Sequence[PostInfo]) -> list[Row]:
    """Header and post rows in archive order: a header wherever the group changes,
    and the small sections gathered after the others (see :func:`gathered_sections`)."""
    months = {(info.date.year, info.date.month) for info in posts if info.date is not None}
    by_year = len(months) > MAX_MONTH_GROUPS
    runs: list[tuple[tuple[str, ...], list[PostInfo]]] = []
    for info in posts:
        key = group_key(info, by_year)
        if not runs or runs[-1][0] != key:
            runs.append((key, []))
        runs[-1][1].append(info)
    sizes = {key[1]: len(run) for key, run in runs if key[0] == "folder" and key[1] != "."}
    gathered = gathered_sections(sizes)
    rows: list[Row] = []
    others: list[PostInfo] = []
    for key, run in runs:
        if key[0] == "folder" and key[1] in gathered:
            others.extend(run)
            continue
        rows.append(GroupHeader(group_label(key, run)))
        rows.extend(run)
    if others:
        standing = len(sizes) > len(gathered)
        label = OTHER_TOPICS if standing else "Topics"
        rows.append(GroupHeader(f"{label} ({len(others)})", gathered=True))
        rows.extend(others)
    return rows


def gathered_ids(rows: Sequence[Row]) -> set[str]:
    """The ids of the posts under a gathered header (their rows show their section)."""
    ids: set[str] = set()
    gathering = False
    for row in rows:
        if isinstance(row, GroupHeader):
            gathering = row.gathered
        elif gathering:
            ids.add(row.id)
    return ids


def gathered_sections(sizes: dict[str, int]) -> set[str]:
    """The sections, of ``sizes`` (section: number of posts), gathered in one group.

    None while there are at most :data:`MAX_SECTION_GROUPS`. Beyond, the sections
    under the smallest size that leaves at most ``MAX_SECTION_GROUPS - 1`` sections
    standing (room for the gathered group). A size decides for all sections of
    that size, never the alphabet: two topics of four posts both stand or both go.
    """
    if len(sizes) <= MAX_SECTION_GROUPS:
        return set()
    standing = MAX_SECTION_GROUPS - 1
    least = 2
    while sum(1 for size in sizes.values() if size >= least) > standing:
        least += 1
    return {section for section, size in sizes.items() if size < least}


def section_of(info: PostInfo) -> str:
    """A post's top section (its first folder under the corpus), "" at the root."""
    section, slash, _ = info.id.partition("/")
    return visible(section) if slash else ""


_SEPARATORS = ":–—-.|"  # noqa: RUF001 (dashes a title may use after its number)


def row_title(info: PostInfo) -> str:
    """The title as the sidebar row shows it: a series prefix that only repeats the
    row's own number ("Exosomes 13: ", "Exosomes blog 11 - ") is dropped; the reader
    keeps the whole title."""
    if info.number is None:
        return info.title
    pattern = (
        r"^[^\d:]{0,40}?(?:\bno\.?\s*|#|\b)0*"
        + str(info.number)
        + r"\s*["
        + re.escape(_SEPARATORS)
        + r"]\s+(?=\S)"
    )
    match = re.match(pattern, info.title, flags=re.IGNORECASE)
    return info.title[match.end() :] if match else info.title


def cut_at_word(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole when it fits, else cut after the
    last word that fits and ended with "…"; mid-word only when the first word alone
    is wider than the room."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    room = width - 1  # the ellipsis
    fitted = ""
    for char in text:
        if cell_len(fitted + char) > room:
            break
        fitted += char
    head, space, _ = fitted.rpartition(" ")
    at_word = text[len(fitted) : len(fitted) + 1] == " "
    if not at_word and space and head.strip():
        fitted = head
    return fitted.rstrip(" " + _SEPARATORS.replace(".", "")) + "…"


def first_post(posts: Sequence[PostInfo]) -> PostInfo:
    """The post to open on a first launch: the newest full post by date, or (none
    dated) the full post with the highest series number, else the sidebar's first
    full post, else its first post. ``posts`` must not be empty."""
    full = [info for info in posts if info.kind == Kind.FULL]
    dated = [info for info in full if info.date is not None]
    if dated:
        return max(dated, key=lambda info: info.date or date.min)
    numbered = [info for info in full if info.number is not None]
    if numbered:
        return max(numbered, key=lambda info: info.number or 0)
    # The first in the sidebar's order, where small topics go to the end.
    listed = [row for row in archive_rows(posts) if isinstance(row, PostInfo)]
    return next((info for info in listed if info.kind == Kind.FULL), listed[0])
