"""Turning one post file into everything the index and catalog store.

Reading and decoding the file, parsing its Markdown to plain text, collecting
its words, making its Whoosh document: everything but writing. A parallel build
runs it in worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blog_reader.index.catalog import Stamp, post_words
from blog_reader.index.decoding import NUL_NOTE
from blog_reader.index.linkstore import LinkRecord
from blog_reader.index.model import Post
from blog_reader.index.names import post_keys
from blog_reader.index.plaintext import plain_text
from blog_reader.index.reader import NotAPost, PostError, read_post
from blog_reader.index.redirects import RedirectStub
from blog_reader.index.schema import document


@dataclass(frozen=True, slots=True)
class Prepared:
    """A post ready to write: the post, its plain text, its words, its Whoosh document."""

    post: Post
    text: str
    stamp: Stamp
    words: frozenset[str]
    doc: dict[str, Any]

    @property
    def links(self) -> LinkRecord:
        """The post's names, for following links to it."""
        info = self.post.info
        names = self.post.names if info.url is None else (info.url, *self.post.names)
        addresses = tuple(name for name in names if "://" in name)
        return LinkRecord(info.id, tuple(post_keys(info.id, names)), addresses)

    @property
    def nuls_removed(self) -> bool:
        """Whether stray NUL bytes were removed from the file (the sync says so)."""
        return any(NUL_NOTE.fullmatch(note) for note in self.post.notes)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that is not a post, and why."""

    post_id: str
    reason: str
    stamp: Stamp
    left_out: bool = False
    """True for a page of the site that is not a post (a draft, a section page...);
    False for a file that could not be read."""
    links: LinkRecord | None = None
    """A redirect stub's names and target (links to it lead there)."""


def prepare(path: Path, root: Path, stamp: Stamp, drafts: bool = False) -> Prepared | Unreadable:
    """Read and prepare one file (drafts are posts when ``drafts`` is true)."""
    try:
        post = read_post(path, root, drafts)
    except PostError as why:
        left_out = isinstance(why, NotAPost)
        return Unreadable(path.relative_to(root).as_posix(), str(why), stamp, left_out)
    except RedirectStub as stub:
        file_id = path.relative_to(root).as_posix()
        keys = tuple(post_keys(file_id, stub.names))
        record = LinkRecord(file_id, keys, redirect=stub.target)
        # Left out as not a post, counted with the others of its kind.
        return Unreadable(file_id, "redirect stub", stamp, True, record)
    text = plain_text(post.body)
    info = post.info
    doc = document(
        post_id=info.id,
        title=info.title,
        text=text,
        tags=info.tags,
        date=info.date,
        number=info.number,
        kind=info.kind.value,
        authors=info.authors,
    )
    return Prepared(
        post=post,
        text=text,
        stamp=stamp,
        words=post_words(info.title, text),
        doc=doc,
    )
