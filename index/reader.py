"""Read one post file into a :class:`~index.model.Post`.

A post is a Markdown (or plain text) file, optionally opening with front
matter: YAML between ``---`` lines (Jekyll, Hugo) or TOML between ``+++``
lines (Hugo), read by :mod:`index.frontmatter`. The reader is forgiving: a
broken or odd field is left out with a one-line note in ``Post.notes``
rather than losing the post. Only a file that is not text at all (or empty,
or unreadable) raises :class:`PostError`.

Everything taken from the file goes through :mod:`index.text`: a post's
text is data, never terminal control bytes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from blog_reader.index.authors import post_authors
from blog_reader.index.dates import post_date
from blog_reader.index.decoding import NotText, decode
from blog_reader.index.frontmatter import MAX_FRONT_MATTER_CHARS, split_front_matter
from blog_reader.index.html_text import html_to_markdown
from blog_reader.index.markup import resolve_markup
from blog_reader.index.mdx import mdx_to_markdown
from blog_reader.index.model import Kind, Post, PostInfo
from blog_reader.index.names import declared_names
from blog_reader.index.nonposts import NonPost, by_content, by_path
from blog_reader.index.plaintext import first_line, first_paragraph, leading_heading
from blog_reader.index.redirects import RedirectStub, redirect_target
from blog_reader.index.text import clean, clean_line, describe, shorten

MAX_BODY_CHARS = 2_000_000
"""Longer bodies are cut to this many characters (with a note)."""

MAX_TITLE_CHARS = 200
MAX_SUMMARY_CHARS = 300
MAX_NUMBER = 2**31 - 1

# Enough bytes for the longest front matter plus the longest body, even at
# four bytes a character; a bigger file is read only this far.
_MAX_READ_BYTES = 4 * (MAX_BODY_CHARS + MAX_FRONT_MATTER_CHARS) + 64


_JEKYLL_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}[-_ ]+")
_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,12}", re.ASCII)

_TAG_KEYS = ("tags", "categories", "category")
_URL_KEYS = ("url", "permalink")
_SUMMARY_KEYS = ("summary", "description", "excerpt")


class PostError(Exception):
    """A file that cannot be read as a post; ``str()`` is a one-line reason."""


class NotAPost(PostError):
    """A file that is a page of the site, not a post (see :mod:`index.nonposts`)."""

    def __init__(self, kind: NonPost) -> None:
        super().__init__(kind.value)
        self.kind = kind


# --- reading one post --------------------------------------------------------


def read_post(path: Path, root: Path, drafts: bool = False) -> Post:
    """Read the post file at ``path``, whose id is its path relative to ``root``.

    Raises :class:`PostError` when the file cannot be read as a post: it
    cannot be opened, is not a regular file, is binary or is empty; and
    :class:`NotAPost` for a page of the site that is not a post (drafts are
    posts when ``drafts`` is true), and :class:`~index.redirects.RedirectStub` for
    a file that only redirects. Any smaller problem is recorded in ``Post.notes``
    instead.

    The body is Markdown as a reader sees it: site markup resolved
    (:mod:`index.markup`), HTML rewritten (:mod:`index.html_text`), an MDX
    file's module lines and JSX dropped, and a leading heading that repeats
    the title left out.
    """
    abs_path = Path(os.path.abspath(path))
    post_id = _post_id(abs_path, root)
    _check_kind(by_path(post_id), drafts)
    raw, truncated = _read_bytes(abs_path)
    notes: list[str] = []
    try:
        text = clean(decode(raw, notes))
    except NotText as why:
        raise PostError(str(why)) from None
    if not text.strip():
        raise PostError("empty file")
    meta, body = split_front_matter(text, notes)
    target = redirect_target(meta)
    if target is not None:
        raise RedirectStub(target, declared_names(meta))
    _check_kind(by_content(post_id, meta, body), drafts)
    body = _cap_body(body, truncated, notes)
    if abs_path.suffix.lower() == ".mdx":
        body = mdx_to_markdown(body)
    body = html_to_markdown(resolve_markup(body))
    info = _post_info(post_id, Path(os.path.abspath(root)), abs_path, meta, body, notes)
    return Post(
        info=info,
        body=_without_title(body, info.title),
        notes=tuple(notes),
        names=declared_names(meta),
    )


def _check_kind(kind: NonPost | None, drafts: bool) -> None:
    """Raise :class:`NotAPost` for a non-post (a draft only when drafts are left out)."""
    if kind is not None and not (drafts and kind is NonPost.DRAFT):
        raise NotAPost(kind)


_LEADING_HEADING = re.compile(
    r"\A[ \t]{0,3}(?:#{1,6}[ \t]+[^\n]*|[^\n]+\n[ \t]{0,3}(?:=+|-+)[ \t]*)(?:\n+|\Z)"
)


def _without_title(body: str, title: str) -> str:
    """``body`` without its opening heading when that heading is the title."""
    heading = clean_line(leading_heading(body))
    if not heading or heading.casefold() != title.casefold():
        return body
    match = _LEADING_HEADING.match(body)
    return body if match is None else body[match.end() :]


def _post_id(abs_path: Path, root: Path) -> str:
    """The post's id: its path relative to ``root``, with ``/``."""
    try:
        return abs_path.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        raise PostError(f"not inside the archive folder {root}") from None


def _read_bytes(path: Path) -> tuple[bytes, bool]:
    """Read the file's bytes (at most :data:`_MAX_READ_BYTES`); say if more were left.

    The file is opened without blocking and checked to be a regular file
    before reading, so a named pipe or a device is refused, not waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if os.path.isdir(path):  # Windows cannot open a folder at all
            raise PostError("not a file") from None
        raise PostError(f"cannot read: {_os_reason(error)}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PostError("not a file")
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(_MAX_READ_BYTES + 1)
    except OSError as error:
        raise PostError(f"cannot read: {_os_reason(error)}") from None
    finally:
        os.close(fd)
    return data[:_MAX_READ_BYTES], len(data) > _MAX_READ_BYTES


def _os_reason(error: OSError) -> str:
    """The OS's words for ``error`` ("Permission denied"), without the path."""
    return error.strerror or str(error) or type(error).__name__


def _cap_body(body: str, truncated: bool, notes: list[str]) -> str:
    """Cut ``body`` to :data:`MAX_BODY_CHARS`, noting it when cut."""
    if len(body) > MAX_BODY_CHARS:
        body = body[:MAX_BODY_CHARS]
        truncated = True
    if truncated:
        notes.append(f"body cut at {MAX_BODY_CHARS:,} characters")
    return body


# --- fields ------------------------------------------------------------------


def _post_info(
    post_id: str, root: Path, path: Path, meta: dict[str, object], body: str, notes: list[str]
) -> PostInfo:
    """Build the post's metadata from its front matter, body and file name."""
    return PostInfo(
        id=post_id,
        title=_title(meta, body, path, notes),
        root=root,
        kind=_kind(meta, notes),
        number=_number(meta, notes),
        date=post_date(meta, post_id, notes),
        tags=_tags(meta, notes),
        url=_url(meta, notes),
        summary=_summary(meta, body, notes),
        authors=post_authors(meta),
    )


def _title(meta: dict[str, object], body: str, path: Path, notes: list[str]) -> str:
    """Front matter title, else the opening heading, else the first line, else the name."""
    title = _front_matter_title(meta.get("title"), notes)
    if not title:
        title = clean_line(leading_heading(body)) or clean_line(first_line(body))
    if not title:
        title = _title_from_name(path)
    return shorten(title, MAX_TITLE_CHARS)


def _front_matter_title(value: object, notes: list[str]) -> str:
    """The front matter ``title`` as one line of text, or ``""``."""
    if value is None:
        return ""
    if isinstance(value, list):
        return clean_line(" ".join(_scalar_text(item) for item in value))
    text = _scalar_text(value)
    if not text and not isinstance(value, str):
        notes.append(f"title ignored: expected text, got {describe(value)}")
    return text


def _scalar_text(value: object) -> str:
    """Text of a string or a number, cleaned to one line; ``""`` for anything else."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _title_from_name(path: Path) -> str:
    """A title made from the file name: date prefix dropped, ``-`` and ``_`` as spaces."""
    stem = _JEKYLL_DATE_PREFIX.sub("", path.stem, count=1) or path.stem
    title = clean_line(stem.replace("-", " ").replace("_", " "))
    return title or clean_line(path.name) or "untitled"


def _kind(meta: dict[str, object], notes: list[str]) -> Kind:
    """The front matter ``kind``; FULL when absent or unknown."""
    value = meta.get("kind")
    if value is None:
        return Kind.FULL
    if isinstance(value, str):
        name = value.strip().lower().replace("_", "-").replace(" ", "-")
        for kind in Kind:
            if kind.value == name:
                return kind
    notes.append(f"kind {_shown(value)} unknown; read as full")
    return Kind.FULL


def _number(meta: dict[str, object], notes: list[str]) -> int | None:
    """The front matter ``number`` (a whole number, or text holding one)."""
    value = meta.get("number")
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or abs(number) > MAX_NUMBER:
        notes.append(f"number ignored: {_shown(value)} is not a whole number")
        return None
    return number


def _tags(meta: dict[str, object], notes: list[str]) -> tuple[str, ...]:
    """``tags``, ``categories`` and ``category``, in order, without repeats (any case)."""
    tags: dict[str, str] = {}
    for key in _TAG_KEYS:
        for tag in _tag_values(key, meta.get(key), notes):
            tags.setdefault(tag.casefold(), tag)
    return tuple(tags.values())


def _tag_values(key: str, value: object, notes: list[str]) -> list[str]:
    """The tags in one field: a list, or text with commas between tags."""
    if value is None:
        return []
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    tags = [_scalar_text(item) for item in items]
    if any(not tag and not isinstance(item, str) for tag, item in zip(tags, items, strict=True)):
        notes.append(f"{key}: left out entries that are not text")
    return [tag for tag in tags if tag]


def _url(meta: dict[str, object], notes: list[str]) -> str | None:
    """The front matter ``url`` or ``permalink``, when it is text."""
    for key in _URL_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            if url := clean_line(value):
                return url
        else:
            notes.append(f"{key} ignored: expected text, got {describe(value)}")
    return None


def _summary(meta: dict[str, object], body: str, notes: list[str]) -> str:
    """Front matter summary (or description, excerpt), else the first paragraph."""
    for key in _SUMMARY_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            if summary := clean_line(value):
                return shorten(summary, MAX_SUMMARY_CHARS)
        else:
            notes.append(f"{key} ignored: expected text, got {describe(value)}")
    return shorten(clean_line(first_paragraph(body)), MAX_SUMMARY_CHARS)


# --- small helpers -----------------------------------------------------------


def _shown(value: object) -> str:
    """A short, safe rendering of a front matter value, for notes."""
    if isinstance(value, str):
        return repr(shorten(clean_line(value), 40))
    if isinstance(value, list | tuple | Mapping):
        return describe(value)
    return shorten(clean_line(str(value)), 40)
