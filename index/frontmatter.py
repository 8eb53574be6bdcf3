"""Front matter: the fields at the top of a post, YAML between ``---`` lines or TOML
between ``+++`` lines, read safely.

YAML is loaded with a safe loader that leaves dates as text (one bad date must
not lose every field), and refused before loading when it could explode (alias
bombs) or nest deep enough to crash the C parser. Any problem drops the front
matter with a one-line note; the post's body is always kept.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

import yaml

from blog_reader.index.text import clean_line, describe, shorten

MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_FRONT_MATTER_ALIASES = 100
MAX_FRONT_MATTER_DEPTH = 100
_MAX_REASON_CHARS = 120

_FENCES = {"---": "YAML", "+++": "TOML"}
_YAML_ALIAS = re.compile(r"\*[^\s,\[\]{}*]")
# A line opening this many nested block collections ("- - - ... x").
_YAML_DEEP_BLOCK = re.compile(rf"^[ \t]*(?:[-?:][ \t]+){{{MAX_FRONT_MATTER_DEPTH}}}", re.MULTILINE)


def _front_matter_loader() -> Any:
    """A safe YAML loader (the C one when built) that leaves dates as text.

    PyYAML turns ``2020-02-30`` into an error for the whole front matter; as
    text, :func:`index.dates.parse_date` judges the date alone.
    """
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, regexp) for tag, regexp in pairs if not tag.endswith(":timestamp")]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    return type("FrontMatterLoader", (base,), {"yaml_implicit_resolvers": resolvers})


_LOADER = _front_matter_loader()


def split_front_matter(text: str, notes: list[str]) -> tuple[dict[str, object], str]:
    """Split cleaned file text into its front matter fields and its body."""
    first_end = text.find("\n")
    opening = (text if first_end < 0 else text[:first_end]).rstrip()
    language = _FENCES.get(opening)
    if language is None:
        return {}, _drop_leading_blank_lines(text)
    closing = re.compile(rf"^{re.escape(opening)}[ \t]*$", re.MULTILINE)
    match = closing.search(text, first_end + 1) if first_end >= 0 else None
    if match is None:
        notes.append("front matter not closed; read as text")
        return {}, _drop_leading_blank_lines(text)
    source = text[first_end + 1 : match.start()]
    body = _drop_leading_blank_lines(text[match.end() :])
    return _parse_front_matter(language, source, notes), body


def _drop_leading_blank_lines(text: str) -> str:
    """``text`` without its leading blank lines (indentation of the first line kept)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0 or text[start:end].strip():
            return text[start:]
        start = end + 1


def _parse_front_matter(language: str, source: str, notes: list[str]) -> dict[str, object]:
    """Parse front matter text; on any problem note it and return no fields."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        notes.append("front matter ignored: larger than 64 KiB")
        return {}
    try:
        data = _load_yaml(source) if language == "YAML" else tomllib.loads(source)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        notes.append(f"front matter ignored: not valid {language}: {_error_reason(error)}")
        return {}
    except _UnsafeYamlError as error:
        notes.append(f"front matter ignored: {error}")
        return {}
    except Exception as error:  # deep nesting (RecursionError), odd tags...
        notes.append(f"front matter ignored: {_error_reason(error)}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        notes.append(f"front matter ignored: it is {describe(data)}, not fields")
        return {}
    return _lower_keys(data)


class _UnsafeYamlError(Exception):
    """YAML that could expand without bound or overflow the C parser's stack."""


def _load_yaml(source: str) -> object:
    """Load YAML front matter safely, refusing alias bombs and deep nesting.

    The C loader crashes the process (no exception) on tens of thousands
    of nested brackets, so depth is checked before it sees the text.
    """
    if len(_YAML_ALIAS.findall(source)) > MAX_FRONT_MATTER_ALIASES:
        raise _UnsafeYamlError("too many YAML aliases")
    if _nested_too_deep(source):
        raise _UnsafeYamlError("nested too deeply")
    return yaml.load(source, Loader=_LOADER)  # _LOADER is a SafeLoader


def _nested_too_deep(source: str) -> bool:
    """Whether YAML text may nest more than :data:`MAX_FRONT_MATTER_DEPTH` deep.

    Counts brackets (even quoted ones: erring on the safe side) and compact
    block collections on one line. Nesting by indentation needs quadratic
    room, so 64 KiB cannot nest it deep enough to matter.
    """
    if _YAML_DEEP_BLOCK.search(source):
        return True
    if source.count("[") + source.count("{") <= MAX_FRONT_MATTER_DEPTH:
        return False
    depth = 0
    for char in source:
        if char in "[{":
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                return True
        elif char in "]}":
            depth = max(depth - 1, 0)
    return False


def _lower_keys(data: Mapping[Any, Any]) -> dict[str, object]:
    """The fields with text keys, keys in lower case (the first of equals wins)."""
    fields: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(key, str):
            fields.setdefault(key.strip().lower(), value)
    return fields


def _error_reason(error: Exception) -> str:
    """A short one-line reason for a parse error."""
    problem = getattr(error, "problem", None)
    mark = getattr(error, "problem_mark", None)
    if isinstance(problem, str):
        reason = problem if mark is None else f"{problem} (line {mark.line + 1})"
    else:
        reason = str(error) or type(error).__name__
    return shorten(clean_line(reason), _MAX_REASON_CHARS)
