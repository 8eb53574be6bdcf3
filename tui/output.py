"""What the command line prints, made safe: JSON shapes, and text with no
character that acts on a terminal.

A post's text is cleaned when read, but its id is its file name, which may hold
any character: ids and paths are printed with those written as escapes.
"""

from __future__ import annotations

import json
import re

from blog_reader.index import Facets, FacetValue, Hit, PostInfo

# Characters that act on a terminal instead of showing: C0 and C1 controls, DEL,
# bidi controls, line and paragraph separators, and lone surrogates (the bytes of
# a file name that is not UTF-8). A post's text is cleaned of them when read, but
# its id is its file name, which may hold any of them: ids and paths are printed
# with these characters written as escapes.
_UNSHOWABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
# The same, less the C0 controls that JSON escapes by itself.
_UNSHOWABLE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def post_json(info: PostInfo) -> dict[str, object]:
    """What both JSON outputs say of a post."""
    return {
        "id": info.id,
        "title": info.title,
        "path": str(info.path),
        "url": info.url,
        "date": None if info.date is None else info.date.isoformat(),
        "authors": list(info.authors),
    }


def info_json(info: PostInfo) -> dict[str, object]:
    """One post of ``list --json``."""
    return {
        **post_json(info),
        "number": info.number,
        "kind": info.kind.value,
        "tags": list(info.tags),
        "summary": info.summary,
    }


def hit_json(hit: Hit) -> dict[str, object]:
    """One hit of ``search --json``."""
    return {**post_json(hit.info), "score": round(hit.score, 4), "snippet": hit.snippet.text}


def facets_json(facets: Facets) -> dict[str, dict[str, int]]:
    """``"facets"`` of ``search --json``: for each kind, each value's name and
    count, the most first (JSON objects keep their order)."""
    return {
        "tag": {value.name: value.count for value in facets.tag},
        "author": {value.name: value.count for value in facets.author},
        "year": {value.name: value.count for value in facets.year},
    }


def facet_list_json(values: tuple[FacetValue, ...]) -> list[dict[str, object]]:
    """``tags --json`` and ``authors --json``: a list of ``{"name", "count"}``."""
    return [{"name": value.name, "count": value.count} for value in values]


def visible(text: str) -> str:
    """``text`` with the characters that would act on a terminal written as escapes."""
    return _UNSHOWABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8, as Python decodes it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def to_json(value: object) -> str:
    """``value`` as indented JSON, with no character that acts on a terminal left raw."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _UNSHOWABLE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
