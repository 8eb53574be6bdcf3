"""What in a blog's source is not a post, and what kind of page it is.

A site's content folder holds more than posts. Each kind is known by a
convention shared by the common generators (Hugo, Jekyll, Zola, Eleventy,
Next.js), never by one site's file names:

- section and listing pages: Hugo's and Zola's ``_index.md``; a page whose body
  is a loop over the site's posts (Liquid ``{% for post in site.posts %}``, Go
  templates' ``{{ range .Pages }}``, Nunjucks' ``{% for post in collections.x %}``);
  an Eleventy page with ``pagination``; a page with no text of its own whose
  ``layout`` (or ``type``) names a listing (``blog-category``, ``list``,
  ``archive``...), or an ``index`` page with no text at all;
- drafts: ``draft: true``, Jekyll's ``published: false``, files under ``_drafts``;
- templates and partials: files under ``_layouts``, ``_includes``, ``layouts``,
  ``partials``, ``_partials``, ``archetypes`` (Hugo's post templates), ``_data``;
- a README (or a licence, change log, contribution guide) at the corpus root.

Redirect stubs are not judged here: links resolution reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import PurePosixPath


class NonPost(StrEnum):
    """Why a file is left out of the archive; the value is what ``index`` prints."""

    SECTION = "section or listing page"
    DRAFT = "draft"
    TEMPLATE = "template or partial"
    SITE_FILE = "README or other site file"


_TEMPLATE_FOLDERS = frozenset(
    {"_layouts", "_includes", "layouts", "partials", "_partials", "archetypes", "_data"}
)
_DRAFT_FOLDERS = frozenset({"_drafts"})
_SECTION_NAMES = frozenset({"_index"})
_SITE_FILES = frozenset(
    {"readme", "license", "licence", "changelog", "contributing", "code_of_conduct", "security"}
)
_INDEX_NAMES = frozenset({"index", "_index"})
_LISTING_WORDS = re.compile(
    r"\b(?:list|listing|category|categories|archive|archives|tags?|home|section|taxonomy"
    r"|term|pagination|paginated)\b",
    re.IGNORECASE,
)
_LISTING_LOOP = re.compile(
    r"\{%-?\s*for\s+\w+\s+in\s+(?:site\.|paginator\.|collections\.|pagination\.)"
    r"|\{\{-?\s*range\s+(?:\$\w+\s*:?=\s*)?(?:\(?\s*where\s+)?\(?\s*\.?(?:Site\.)?"
    r"(?:Pages|RegularPages|Data|Paginator|Sections)\b"
    r"|\{\{-?\s*range\s+\.Site\.",
    re.IGNORECASE,
)
_MARKUP_OR_WORD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<[^<>]*>|(\w)", re.DOTALL)
"""Template markup or an HTML tag, else a word character (group 1): found from
the start, markup is passed over as removing it would, and the first word
character outside it ends the search (removing every tag of an 800 KB
changelog first cost more than the rest of this module's checks)."""


def by_path(post_id: str) -> NonPost | None:
    """The kind of non-post a file is by where it lies, or None (before reading it)."""
    path = PurePosixPath(post_id)
    folders = {part.lower() for part in path.parts[:-1]}
    if folders & _TEMPLATE_FOLDERS:
        return NonPost.TEMPLATE
    if folders & _DRAFT_FOLDERS:
        return NonPost.DRAFT
    stem = path.stem.lower()
    if stem in _SECTION_NAMES:
        return NonPost.SECTION
    if len(path.parts) == 1 and stem in _SITE_FILES:
        return NonPost.SITE_FILE
    return None


def by_content(post_id: str, meta: Mapping[str, object], body: str) -> NonPost | None:
    """The kind of non-post a file is by its front matter and body, or None."""
    if _is_draft(meta):
        return NonPost.DRAFT
    if _LISTING_LOOP.search(body) or "pagination" in meta:
        return NonPost.SECTION
    if not any(found[1] for found in _MARKUP_OR_WORD.finditer(body)):
        layout = " ".join(str(meta.get(key, "")) for key in ("layout", "type", "template"))
        if _LISTING_WORDS.search(layout.replace("-", " ").replace("_", " ")):
            return NonPost.SECTION
        if PurePosixPath(post_id).stem.lower() in _INDEX_NAMES and meta:
            return NonPost.SECTION
    return None


def _is_draft(meta: Mapping[str, object]) -> bool:
    """``draft: true`` (or ``"true"``/``yes``), or Jekyll's ``published: false``."""
    return _flag(meta.get("draft")) is True or _flag(meta.get("published")) is False


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no"):
        return False
    return None
