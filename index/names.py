"""The names a post answers to on its site, as keys a link's path is looked up by.

A blog links to a post by many names: its file's path (``posts/x.md``), the
address the site generator made of it (``/posts/x/``, ``/2020/01/09/x.html``,
``/en/blog/posts/x/``), or a name the post declares in its front matter
(``slug``, ``url``, ``permalink``, Zola's ``path``, Hugo's and Zola's
``aliases``, Jekyll's ``redirect_from``). All of them come down to *keys*: a
path in lower case, without slashes at its ends, without ``index.html`` or an
extension such as ``.html`` or ``.md``.

A post is known by the key of each of its declared names, and by every tail of
its file path (``posts/x`` and ``x``), since the site puts its own folders in
front of them (``/blog/``, a language). A link's path is looked up by its own
tails, longest first, so ``/en/blog/posts/x/`` finds ``posts/x``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from blog_reader.index.text import clean_line

NAME_KEYS = ("url", "permalink", "path", "aliases", "redirect_from")
"""Front matter keys whose values are addresses (or paths) of the post."""
SLUG_KEY = "slug"

DECLARED = 0
"""Rank of a key the post declares (best)."""
FILE = 1
"""Rank of the key of the post's whole file path."""
TAIL = 2
"""Rank of a key made of a tail of the post's file path."""

_EXTENSIONS = (".html", ".htm", ".md", ".markdown", ".mdx", ".txt", ".php")
_INDEX_STEMS = frozenset({"index", "_index", "readme"})
_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
_DATE_SEGMENTS = re.compile(r"\d{4}/\d{2}(?:/\d{2})?/")
# The first folder of a site's listing pages: /tags/x/ is never a post.
_LISTING_SECTIONS = frozenset(
    {"tag", "tags", "category", "categories", "author", "authors", "page", "archive", "archives"}
)
# Folders a site puts in front of its posts' paths.
_SECTIONS = frozenset({"blog", "blogs", "posts", "post", "articles", "article", "news", "entries"})
_LANGUAGE = re.compile(r"[a-z]{2}(?:[-_][a-z]{2,4})?")
_DATE_START = re.compile(r"/\d{4}/\d{2}/")
MAX_NAMES = 50
"""At most this many declared names of one post are kept."""


@dataclass(frozen=True, slots=True)
class Key:
    """One name of a post: its key and how much it says (:data:`DECLARED` best)."""

    key: str
    rank: int


def key_of(path: str) -> str:
    """The key of a site path or file path: ``/Posts/X/index.html`` -> ``posts/x``."""
    segments = [s for s in unquote(path).lower().split("/") if s and s != "."]
    if segments:
        last = segments[-1]
        for extension in _EXTENSIONS:
            if last.endswith(extension) and len(last) > len(extension):
                last = last[: -len(extension)]
                break
        segments[-1] = last
        if last in _INDEX_STEMS:
            segments.pop()
    return "/".join(segments)


def declared_names(meta: Mapping[str, object]) -> tuple[str, ...]:
    """The addresses a post's front matter gives it (``url``, ``aliases``...), as text.

    ``slug`` comes first, marked ``slug:``, as it names only the last part of a path.
    """
    names: list[str] = []
    slug = meta.get(SLUG_KEY)
    text = clean_line(str(slug)).strip("/") if isinstance(slug, str | int) else ""
    if text and not isinstance(slug, bool):
        names.append(f"slug:{text}")
    for key in NAME_KEYS:
        value = meta.get(key)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and (text := clean_line(item)) and not _is_pattern(text):
                names.append(text)
    return tuple(dict.fromkeys(names))[:MAX_NAMES]


def _is_pattern(name: str) -> bool:
    """Whether ``name`` is a permalink pattern (``/:year/:title/``), not an address."""
    return any(part.startswith(":") for part in name.split("/")) or "{" in name


def post_keys(post_id: str, names: Iterable[str]) -> list[Key]:
    """Every key a post (or a redirect stub) answers to, best first, without repeats."""
    keys: dict[str, int] = {}

    def add(key: str, rank: int) -> None:
        if key and rank < keys.get(key, TAIL + 1):
            keys[key] = rank

    slugs: list[str] = []
    for name in names:
        if name.startswith("slug:"):
            slugs.append(key_of(name.removeprefix("slug:")))
        else:
            path = site_path(name)
            if path is not None:
                add(key_of(path), DECLARED)
                add(_undated(key_of(path)), DECLARED)
    for index, segments in enumerate(_file_variants(post_id, slugs)):
        for start in range(len(segments)):
            add("/".join(segments[start:]), FILE if start == 0 and index == 0 else TAIL)
    return [Key(key, rank) for key, rank in keys.items()]


def _file_variants(post_id: str, slugs: list[str]) -> list[list[str]]:
    """The post's file path as site paths: as it is, and with its slug or date moved."""
    folder, _, name = post_id.rpartition("/")
    stem = key_of(name)
    # Folders named "_x" (Jekyll's _posts) never show in a site's addresses.
    dirs = [d for d in key_of(folder).split("/") if d and not d.startswith("_")] if folder else []
    if not stem:  # a page bundle: posts/x/index.md is posts/x
        stem = dirs.pop() if dirs else ""
    variants = [[*dirs, stem]] if stem else []
    jekyll = _JEKYLL_NAME.fullmatch(stem)
    if jekyll:
        year, month, day, title = jekyll.groups()
        variants += [[*dirs, year, month, day, title], [*dirs, title]]
    for slug in slugs:
        if slug:
            variants.append([*dirs, *slug.split("/")])
    return variants


def site_path_of(post_id: str, dated: bool) -> str:
    """The site path a generator makes of a post's file: ``posts/x`` for
    ``posts/x.md``; with ``dated`` (Jekyll), ``2020/01/09/x`` for
    ``_posts/2020-01-09-x.md``."""
    variants = _file_variants(post_id, [])
    if dated and len(variants) > 1:
        return "/".join(variants[1])
    return "/".join(variants[0]) if variants else ""


def _undated(key: str) -> str:
    """``key`` without a ``YYYY/MM/DD/`` (or ``YYYY/MM/``) part."""
    return _DATE_SEGMENTS.sub("", key + "/").strip("/")


def site_path(address: str) -> str | None:
    """The path part of a site address, or None for an address with another scheme."""
    address = address.strip()
    scheme, colon, rest = address.partition(":")
    if colon and scheme.lower() in ("http", "https") and rest.startswith("//"):
        after_host = rest[2:].find("/")
        path = "/" if after_host < 0 else rest[2 + after_host :]
    elif colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        return None
    else:
        path = address
    return path.split("#", 1)[0].split("?", 1)[0]


def lookup_keys(path: str, folders: frozenset[str] = frozenset()) -> list[str]:
    """The keys a link's site path is looked up by, best (longest) first.

    A key may leave out the path's leading folders only when the site puts them
    in front of its posts: a language (``en``, ``pt-br``), a blog section
    (``blog``, ``posts``...), one of ``folders`` (the site's base path, the
    corpus folder's name), or anything before a date (Jekyll's categories in
    ``/jekyll/update/2020/01/09/x.html``). So ``/docs/v1.2/`` does not find the
    post ``release/v1.2.md``. Nothing for the home page and for listing pages
    (``/tags/x/``).
    """
    segments = key_of(posixpath.normpath("/" + path)).split("/")
    if not segments or segments == [""] or segments[0] in _LISTING_SECTIONS:
        return []
    dated = _DATE_START.search("/" + "/".join(segments) + "/")
    before_date = "/".join(segments).count("/", 0, dated.start()) if dated else -1
    tails: list[str] = []
    for start in range(len(segments)):
        tails.append("/".join(segments[start:]))
        dropped = segments[start]
        droppable = (
            start < before_date + 1
            or dropped in folders
            or dropped in _SECTIONS
            or _LANGUAGE.fullmatch(dropped)
            or (dated is not None and dropped.isdigit())
        )
        if not droppable:
            break
    undated = _undated("/".join(segments))
    if undated and undated not in tails:
        tails.insert(1, undated)
    return tails
