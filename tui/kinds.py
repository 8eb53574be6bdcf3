"""How a post's kind is put into words: the same in the app and on the command line.

A post the archive holds only in part (its summary, or its title alone) is marked in
the sidebar, labelled in search hits and listings, and announced above its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from blog_reader.index import Kind


@dataclass(frozen=True, slots=True)
class KindWording:
    """The words for one kind of post."""

    marker: str
    """One character before the title in the sidebar (a space for a full post)."""
    label: str
    """A few words after a title in a hit or a listing ("" for a full post)."""
    notice: str
    """One sentence above the post's text ("" for a full post)."""


KIND_WORDING: dict[Kind, KindWording] = {
    Kind.FULL: KindWording(" ", "", ""),
    Kind.SUMMARY: KindWording(
        "◐", "summary only", "Only the archive's summary of this post is known."
    ),
    Kind.TITLE_ONLY: KindWording("○", "title only", "Only the title of this post is known."),
}
"""The wording of every kind, by kind."""
