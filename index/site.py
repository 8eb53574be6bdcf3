"""The blog's own address: from ``--site``, a site config, the posts' addresses or links.

Where it comes from, first found wins:

1. ``--site URL`` (the command line or the app);
2. a site generator's config at or above the corpus folder (up to the folder
   holding ``.git``, at most :data:`MAX_LEVELS_UP` folders up): Hugo's
   ``hugo.toml``/``hugo.yaml``/``config.toml``/``config.yaml`` (``baseURL``),
   Zola's ``config.toml`` (``base_url``), Jekyll's ``_config.yml`` (``url`` and
   ``baseurl``);
3. the host most posts' own full addresses (``url: https://...``) are on;
4. inferred from the posts' links: the host whose links' paths name posts of
   the archive most often (see :func:`infer_site`).

A config that cannot be read is named in one line, and the search goes on.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from blog_reader.index.linkstore import host_of, origin_of
from blog_reader.index.text import clean_line

MAX_LEVELS_UP = 4
"""How many folders above the corpus are searched for a site config."""
MIN_INFERRED_LINKS = 2
"""Links naming posts that a host needs to be taken as the site's."""
ENOUGH_INFERRED_LINKS = 20
"""Inference stops reading posts once a host has this many links naming posts."""

_CONFIGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hugo.toml", ("baseURL", "baseurl")),
    ("hugo.yaml", ("baseURL", "baseurl")),
    ("hugo.yml", ("baseURL", "baseurl")),
    ("config.toml", ("baseURL", "baseurl", "base_url")),
    ("config.yaml", ("baseURL", "baseurl")),
    ("config.yml", ("baseURL", "baseurl")),
    ("_config.yml", ("url",)),
    ("_config.yaml", ("url",)),
)


@dataclass(frozen=True, slots=True)
class Site:
    """The blog's address: ``https://example.com/blog/`` and where it was learnt."""

    base: str
    """Scheme, host and base path, ending with ``/``."""
    source: str
    """Said to the user: "--site", the config file's path, "the posts' addresses"..."""
    pretty: bool = True
    """Whether its posts' addresses end with ``/`` (Hugo, Zola) or ``.html`` (Jekyll)."""
    maps_files: bool = True
    """Whether a post's address can be made from its file's path (False when the
    address was only taken from the posts' own addresses)."""

    @property
    def host(self) -> str:
        return host_of(self.base) or ""

    @property
    def path(self) -> str:
        """The base path, ``/`` or ``/blog/``."""
        return urlsplit(self.base).path or "/"

    def address_of(self, path: str) -> str:
        """The full address of a site path (``posts/x`` -> ``https://host/base/posts/x/``)."""
        path = path.strip("/")
        if not path:
            return self.base
        return f"{self.base}{path}{'/' if self.pretty else '.html'}"


def site_from(
    address: str, source: str, pretty: bool = True, maps_files: bool = True
) -> Site | None:
    """A :class:`Site` for an http(s) address given by the user or a config, or None."""
    origin = origin_of(address)
    if origin is None:
        return None
    path = urlsplit(address.strip()).path.strip("/")
    return Site(f"{origin}/{path}/" if path else f"{origin}/", source, pretty, maps_files)


def find_config(corpus: Path, problems: list[str]) -> Site | None:
    """The site address a config at or above ``corpus`` gives, or None.

    A config that cannot be read is added to ``problems`` (one line each).
    """
    folder = corpus
    for _ in range(MAX_LEVELS_UP + 1):
        for name, keys in _CONFIGS:
            path = folder / name
            if not path.is_file():
                continue
            site = _read_config(path, keys, problems)
            if site is not None:
                return site
        if (folder / ".git").exists() or folder.parent == folder:
            break
        folder = folder.parent
    return None


def _read_config(path: Path, keys: tuple[str, ...], problems: list[str]) -> Site | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        reason = clean_line(str(error))[:120]
        problems.append(f"site config {path} cannot be read ({reason}); going on without it")
        return None
    if not isinstance(data, dict):
        return None
    jekyll = path.name.startswith("_config")
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            address = value.strip()
            if jekyll and isinstance(data.get("baseurl"), str):
                address = address.rstrip("/") + "/" + str(data["baseurl"]).strip("/")
            site = site_from(address, str(path), pretty=not jekyll)
            if site is not None:
                return site
    return None


def infer_site(
    links: Iterable[str], post_prefix: Callable[[str], str | None], source: str
) -> Site | None:
    """The site of the full addresses among ``links`` whose paths name posts.

    ``post_prefix(path)`` gives the part of a site path before the post it names
    (``/en/blog/`` of ``/en/blog/posts/x/``), or None when it names no post. The
    host with the most such links wins, given at least :data:`MIN_INFERRED_LINKS`
    (reading stops once one has :data:`ENOUGH_INFERRED_LINKS`), with the prefix
    most of its links have.
    """
    hosts: Counter[str] = Counter()
    prefixes: Counter[tuple[str, str]] = Counter()
    for href in links:
        origin = origin_of(href)
        if origin is None:
            continue
        try:
            path = urlsplit(href.strip()).path
        except ValueError:
            continue
        prefix = post_prefix(path)
        if prefix is not None:
            hosts[origin] += 1
            prefixes[origin, prefix.strip("/")] += 1
            if hosts[origin] >= ENOUGH_INFERRED_LINKS:
                break
    if not hosts:
        return None
    origin, count = hosts.most_common(1)[0]
    if count < MIN_INFERRED_LINKS:
        return None
    prefix = max((n, p) for (o, p), n in prefixes.items() if o == origin)[1]
    return Site(f"{origin}/{prefix}/" if prefix else f"{origin}/", source)
