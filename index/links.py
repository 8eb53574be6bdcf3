"""Following links between posts: which hrefs point inside the archive.

A post may link to another by its original full address (as the Exosomes blog
does, with ``http``/``https`` and ``www.`` variants and trailing slashes) or by
a path relative to its own file. Both resolve to a post id; anything else is
outside the archive. A relative path that climbs out of the corpus resolves to
nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import SplitResult, unquote, urlsplit


def url_key(url: str) -> str | None:
    """A form of ``url`` that ignores scheme, ``www.``, case of the host, the
    trailing slash, query and fragment; None when it is not a web address."""
    parts = _split(url.strip())
    if parts is None:
        return None
    if parts.scheme not in ("http", "https", ""):
        return None
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    host = host.removeprefix("www.")
    if not host and parts.scheme == "" and url.startswith("//"):
        return None
    if not host:
        return None
    path = unquote(parts.path).rstrip("/")
    return f"{host}{path}"


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None for what it refuses (``http://[``: "Invalid IPv6 URL")."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


class LinkMap:
    """Resolves hrefs found in posts to post ids."""

    def __init__(self, urls: Iterable[tuple[str, str]], ids: Iterable[str]) -> None:
        self._by_url: dict[str, str] = {}
        for post_id, url in urls:
            key = url_key(url)
            if key is not None:
                self._by_url.setdefault(key, post_id)
        self._ids = set(ids)

    def resolve(self, href: str, from_id: str | None = None) -> str | None:
        """The id of the post ``href`` points to, or None when it leads elsewhere."""
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        parts = _split(href)
        if parts is None:
            return None
        if parts.scheme in ("http", "https") or href.startswith("www."):
            key = url_key(href if parts.scheme else "https://" + href)
            return None if key is None else self._by_url.get(key)
        if parts.scheme or parts.netloc:
            return None  # mailto:, javascript:, file:, //host ...
        return self._relative(unquote(parts.path), from_id)

    def _relative(self, path: str, from_id: str | None) -> str | None:
        base = posixpath.dirname(from_id) if from_id else ""
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
        normal = posixpath.normpath(joined)
        if normal.startswith("../") or normal == ".." or posixpath.isabs(normal):
            return None
        return normal if normal in self._ids else None
