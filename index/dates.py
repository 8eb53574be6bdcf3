"""Read a post's date from front matter values and Jekyll file names.

Only forms whose day and month cannot be mixed up are accepted: ``2020-01-09``
(with or without a time), ``2020/01/09``, ``9 Jan 2020``, ``Jan 9, 2020``,
RFC 2822 (``Thu, 09 Jan 2020 10:00:00 +0000``). ``01/02/2020`` could be the
first of February or the second of January, so it is not a date here.

A datetime keeps the day written in it: ``2020-01-09T23:30:00-05:00`` is the
9th, the day the author saw, not converted to UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

_MAX_LEN = 64

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

# An optional time after the date, with an optional zone; its value is not used.
_TIME = (
    r"(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5}))?)?"
)
_WEEKDAY = r"(?:[A-Z]{3,9}\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"

_FLAGS = re.IGNORECASE | re.ASCII
_YMD = re.compile(rf"(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME}", _FLAGS)
_DMY = re.compile(
    rf"{_WEEKDAY}(\d{{1,2}}){_ORDINAL}\.?\s+([A-Z]+)\.?,?\s+(\d{{4}}),?{_TIME}", _FLAGS
)
_MDY = re.compile(rf"{_WEEKDAY}([A-Z]+)\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}}),?{_TIME}", _FLAGS)
_FILENAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_.]|$)", re.ASCII)


def parse_date(value: object) -> dt.date | None:
    """Return the calendar date ``value`` stands for, or None.

    Takes :class:`datetime.date` and :class:`datetime.datetime` objects (YAML
    and TOML give these) and strings in the unambiguous forms listed in this
    module's docstring. Anything else, numbers included, gives None. Never
    raises.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return _parse_text(value.strip())
    return None


def date_from_filename(name: str) -> dt.date | None:
    """Return the date a Jekyll-style file name starts with, or None.

    ``2020-01-09-my-post.md`` gives 9 January 2020. ``name`` may be a path:
    only its last part is looked at.
    """
    match = _FILENAME.match(PurePath(name).name)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    return _make_date(year, month, day)


def _parse_text(text: str) -> dt.date | None:
    """Parse one stripped string in an accepted form."""
    if not text or len(text) > _MAX_LEN:
        return None
    if match := _YMD.fullmatch(text):
        return _make_date(int(match[1]), int(match[3]), int(match[4]))
    if match := _DMY.fullmatch(text):
        return _named_month_date(match[3], match[2], match[1])
    if match := _MDY.fullmatch(text):
        return _named_month_date(match[3], match[1], match[2])
    return None


def _named_month_date(year: str, month_name: str, day: str) -> dt.date | None:
    """Build a date whose month is written as a (possibly short) English name."""
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    return _make_date(int(year), month, int(day))


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None when it does not exist (30 February...)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_DATE_KEYS = ("date", "published", "pubdate", "pub_date", "created", "created_at")
"""Front matter keys of a post's date, in order (``updated``/``lastmod`` are not it)."""
_ADDRESS_KEYS = ("path", "permalink", "url", "slug")
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{4})([/-])(\d{2})\2(\d{2})(?!\d)", re.ASCII)


def post_date(meta: dict[str, object], post_id: str, notes: list[str]) -> dt.date | None:
    """A post's date: from front matter, else from an address, else from its path.

    Front matter: ``date``, ``published``, ``pubDate``, ``created``. Else a
    ``YYYY/MM/DD`` or ``YYYY-MM-DD`` in ``path`` (Zola), ``permalink``, ``url`` or
    ``slug``; else in the file name (Jekyll) or its folders (``2024/11/26/x.md``).
    """
    for key in _DATE_KEYS:
        value = meta.get(key)
        if value is None or isinstance(value, bool):
            continue
        date = parse_date(value)
        if date is not None:
            return date
        notes.append(f"{key} ignored: {_shown(value)} is not a date")
    for key in _ADDRESS_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and (date := date_in_text(value)) is not None:
            return date
    return date_from_filename(post_id) or date_in_text(post_id)


def date_in_text(text: str) -> dt.date | None:
    """The first ``YYYY/MM/DD`` or ``YYYY-MM-DD`` that is a real date in ``text``, or None."""
    for match in _DATE_IN_TEXT.finditer(text[: _MAX_LEN * 16]):
        date = _make_date(int(match[1]), int(match[3]), int(match[4]))
        if date is not None:
            return date
    return None


def _shown(value: object) -> str:
    text = " ".join(str(value).split())
    return repr(text[:40] + ("…" if len(text) > 40 else ""))
