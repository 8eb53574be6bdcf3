"""Redirect stubs: files whose front matter only sends the reader elsewhere.

The Go blog keeps about sixty files whose front matter is just ``redirect: URL``;
Jekyll's redirect plugin reads ``redirect_to: URL``. Such a file is not a post:
it is left out of the archive (not listed, not searched), and a link to it
leads to where it redirects.
"""

from __future__ import annotations

from collections.abc import Mapping

from blog_reader.index.text import clean_line

REDIRECT_KEYS = ("redirect", "redirect_to")
KIND = "redirect"
"""The kind of file a redirect stub is, in the counts of what was left out."""


class RedirectStub(Exception):
    """Raised for a redirect stub instead of reading it as a post."""

    kind = KIND

    def __init__(self, target: str, names: tuple[str, ...] = ()) -> None:
        super().__init__(f"redirect stub (to {target})")
        self.target = target
        self.names = names
        """The names the stub declares (``aliases``...), which lead to it too."""


def redirect_target(meta: Mapping[str, object]) -> str | None:
    """Where a file's front matter redirects to (``redirect``, ``redirect_to``), or None."""
    for key in REDIRECT_KEYS:
        value = meta.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and (target := clean_line(value)):
            return target
    return None
