"""Links in a post: finding them, and deciding which may leave the app."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

BROWSER_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only kinds of address handed to the browser (after the user says yes)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A link of a post: its text and where it points."""

    text: str
    href: str


def scheme_of(href: str) -> str:
    """The lower-cased scheme of ``href`` ("" for a relative address)."""
    try:
        return urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return ""


def may_open_in_browser(href: str) -> bool:
    """Whether ``href`` is an http(s) or mailto address (never file:, javascript:...)."""
    return scheme_of(href) in BROWSER_SCHEMES


def find_links(markdown: str, parser: MarkdownIt) -> list[Link]:
    """Every link of ``markdown`` in reading order, with its text (images excluded)."""
    links: list[Link] = []
    for token in parser.parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        href: str | None = None
        words: list[str] = []
        for child in token.children:
            if child.type == "link_open":
                href, words = str(child.attrs.get("href", "")), []
            elif child.type == "link_close" and href is not None:
                links.append(Link(" ".join("".join(words).split()), href))
                href = None
            elif href is not None and child.type in ("text", "code_inline"):
                words.append(child.content)
            elif href is not None and child.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return links
