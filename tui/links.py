"""Links in a post, and which of them may leave the app.

The reading view collects them from the post's tokens as it parses it
(``tui/reading/parsing.py``); the data side finds and resolves them for the links
dialog and the ``links`` command (``index/links.py``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from blog_reader.index.links import Link

__all__ = ["BROWSER_SCHEMES", "Link", "may_open_in_browser", "scheme_of"]

BROWSER_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only kinds of address handed to the browser (after the user says yes)."""


def scheme_of(href: str) -> str:
    """The lower-cased scheme of ``href`` ("" for a relative address)."""
    try:
        return urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return ""


def may_open_in_browser(href: str) -> bool:
    """Whether ``href`` is an http(s) or mailto address (never file:, javascript:...)."""
    return scheme_of(href) in BROWSER_SCHEMES
