"""A post's authors, from the front matter keys blogs use for them.

``author``, ``authors`` and ``by``, and Hugo's ``params.author``; each a name, a
list of names, a mapping with a ``name`` (Hugo and Eleventy data), or a list of
those. A string naming several people ("Ann Lee, Bo Chen", "Ann & Bo") gives
each of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from blog_reader.index.text import clean_line, shorten

_KEYS = ("author", "authors", "by")
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
MAX_AUTHORS = 20
MAX_AUTHOR_CHARS = 100


def post_authors(meta: Mapping[str, object]) -> tuple[str, ...]:
    """The post's authors, in order, without repeats (any case)."""
    values: list[object] = [meta.get(key) for key in _KEYS]
    params = meta.get("params")
    if isinstance(params, Mapping):
        values += [params.get(key) for key in _KEYS]
    found: dict[str, str] = {}
    for value in values:
        for name in _names(value):
            found.setdefault(name.casefold(), name)
    return tuple(found.values())[:MAX_AUTHORS]


def _names(value: object) -> list[str]:
    """The names in one field's value."""
    if isinstance(value, str):
        return [
            shorten(name, MAX_AUTHOR_CHARS)
            for part in _SEPARATORS.split(value)
            if (name := clean_line(part))
        ]
    if isinstance(value, Mapping):
        return _names(value.get("name") or value.get("title"))
    if isinstance(value, list):
        return [name for item in value[:MAX_AUTHORS] for name in _names(item)]
    return []
