"""Following links between posts: where each href of a post leads.

A blog links to its posts in every form: a path relative to the post's file
(``../x.md#part``), a path on the site (``/blog/x/``, ``/en/blog/x/``), a full
address on the blog's own host (with or without ``.html``, a trailing slash,
``index.html``, a date, a fragment), or a name a post declares (``slug``,
``aliases``...). Each is looked up by the keys of :mod:`index.names` in the
catalog's tables (:mod:`index.linkstore`): a few indexed queries, no map of
every post. A link to a redirect stub leads where the stub redirects.

A full address counts as the blog's own when its host is the site's (see
:mod:`index.site`) or the host of a post's own address. A relative path that
climbs out of the corpus, and any scheme but http(s), resolve to nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import SplitResult, unquote, urlsplit

from markdown_it import MarkdownIt

from blog_reader.index.linkstore import Found, host_of
from blog_reader.index.names import FILE, key_of, lookup_keys, site_path_of
from blog_reader.index.site import Site

MAX_REDIRECTS = 5
"""Redirect stubs followed one after another before giving up (a loop stops here)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A link of a post: its text and where it points."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where an internal link leads: a post, and the heading to open it at (or "")."""

    post_id: str
    fragment: str = ""


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """A link of a post and where it leads (None: outside the archive)."""

    from_id: str
    text: str
    href: str
    target: LinkTarget | None


class Names(Protocol):
    """The catalog's lookups a resolver needs (:class:`index.linkstore.LinkTables`)."""

    def find_keys(self, keys: list[str]) -> list[Found]: ...
    def is_post(self, post_id: str) -> bool: ...
    def redirect_of(self, file_id: str) -> str | None: ...
    def is_site_host(self, host: str) -> bool: ...


def make_parser() -> MarkdownIt:
    """The Markdown parser links are read with (CommonMark with tables, as the reader)."""
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def find_links(markdown: str, parser: MarkdownIt | None = None) -> list[Link]:
    """Every link of ``markdown`` in reading order, with its text (images excluded)."""
    links: list[Link] = []
    for token in (parser or make_parser()).parse(markdown):
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


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None for what it refuses (``http://[``: "Invalid IPv6 URL")."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


class LinkResolver:
    """Resolves the hrefs of posts to posts, through the catalog's names."""

    def __init__(
        self, names: Names, site: Site | None, folders: frozenset[str] = frozenset()
    ) -> None:
        """``folders``: names a site may put in front of its posts' paths (the corpus
        folder's name); the site's base path is added."""
        self._names = names
        self._site = site
        base = site.path.strip("/").lower().split("/") if site is not None else []
        self._folders = folders | {part for part in base if part}

    def resolve(self, href: str, from_id: str | None = None) -> LinkTarget | None:
        """The post ``href`` (found in the post ``from_id``) leads to, or None."""
        seen: list[str] = []
        while len(seen) <= MAX_REDIRECTS:
            found = self._file(href, from_id)
            if found is None:
                return None
            file_id, fragment = found
            target = self._names.redirect_of(file_id)
            if target is None:
                return LinkTarget(file_id, fragment)
            if file_id in seen:
                return None
            seen.append(file_id)
            href, from_id = target, file_id
        return None

    def _file(self, href: str, from_id: str | None) -> tuple[str, str] | None:
        """The file (post or redirect stub) ``href`` names, and its fragment."""
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        if href.lower().startswith("www."):
            href = "https://" + href
        parts = _split(href)
        if parts is None:
            return None
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            host = host_of(href)
            if host is None or not self._on_site(host):
                return None
            file_id = self._by_site_path(parts.path)
        elif scheme or parts.netloc or href.startswith("//"):
            return None  # mailto:, javascript:, file:, //host ...
        elif parts.path.startswith("/"):
            file_id = self._by_site_path(parts.path)
        elif parts.path:
            file_id = self._relative(unquote(parts.path), from_id)
        else:
            return None
        return None if file_id is None else (file_id, unquote(parts.fragment))

    def _on_site(self, host: str) -> bool:
        if self._site is not None and host == self._site.host:
            return True
        return self._names.is_site_host(host)

    def _relative(self, path: str, from_id: str | None) -> str | None:
        """A path relative to the linking post's file: that file, else a site path."""
        base = posixpath.dirname(from_id) if from_id else ""
        normal = posixpath.normpath(posixpath.join(base, path))
        if normal.startswith("../") or normal == ".." or posixpath.isabs(normal):
            return None
        if self._names.is_post(normal) or self._names.redirect_of(normal) is not None:
            return normal
        return self._by_site_path(normal)

    def _by_site_path(self, path: str) -> str | None:
        """The file a site path names: its longest tail that is a file's key wins."""
        path = unquote(path)
        if _climbs_out(path):
            return None
        if self._site is not None and self._site.path != "/":
            base = self._site.path.rstrip("/")
            if path == base or path.startswith(base + "/"):
                path = path[len(base) :]
        keys = lookup_keys(path, self._folders)
        if not keys:
            return None
        order = {key: index for index, key in enumerate(keys)}
        found = self._names.find_keys(keys)
        if not found:
            return None
        best = min(found, key=lambda f: (order[f.key], f.rank, len(f.id), f.id))
        return best.id

    def post_prefix(self, path: str) -> str | None:
        """The part of a site path before the post it names, or None (see
        :func:`index.site.infer_site`). Only the whole path as a post's own path
        or declared name, or a tail of two parts or more, counts: the last word
        alone names too much (``github.com/someone`` is not the post ``someone.md``)."""
        segments = key_of(path).split("/")
        for start in range(len(segments)):
            tail = "/".join(segments[start:])
            if not tail or (start > 0 and len(segments) - start < 2):
                break
            found = self._names.find_keys([tail])
            if any(f.rank <= FILE for f in found) or (found and len(segments) - start >= 2):
                return "/".join(segments[:start])
        return None


def links_of(posts: Iterable[tuple[str, str]]) -> list[tuple[str, Link]]:
    """Every link of each (post id, body), with the post's id."""
    parser = make_parser()
    return [(post_id, link) for post_id, body in posts for link in find_links(body, parser)]


def _climbs_out(path: str) -> bool:
    """Whether a site path's ``..`` parts climb above the site's root."""
    depth = 0
    for part in path.split("/"):
        depth += -1 if part == ".." else 1 if part not in ("", ".") else 0
        if depth < 0:
            return True
    return False


def address_of(post_id: str, url: str | None, site: Site | None) -> str | None:
    """A post's original full address: its own, or made from the site's and its path."""
    if url and "://" in url:
        return url
    if site is None or not site.maps_files:
        return url
    if url:
        return site.base + url.strip().lstrip("/")
    return site.address_of(site_path_of(post_id, dated=not site.pretty))
