"""Dates in filters as a person writes them: ``date:2021-12-01``, ``date:>2021-12``,
``date:<2015``, ``date:[2020-03-15 to 2021-06-30]``.

Whoosh's date parser reads a dashed date inside a range, or after ``>`` or ``<``,
as its year alone (``date:>2021-12-01`` found every post from 2021-01-01), and its
``>`` and ``<`` take in the date itself, whole (``date:<2015`` found 2015's posts).
Before a filter is parsed, each such date is rewritten to the range a person means,
in the compact form Whoosh reads at any precision (``20211201``): ``>`` after the
year, month or day given, ``>=`` from its start, ``<`` before it, ``<=`` to its end.
Other values (``date:yesterday``) are left to Whoosh's parser.
"""

from __future__ import annotations

import datetime as dt
import re

_VALUE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?|\d{6}|\d{8}"
_COMPARED = re.compile(rf"(?<![\w-])date:(>=|<=|>|<)?({_VALUE})(?![\w-])")
_RANGE = re.compile(
    rf"(?<![\w-])date:([\[{{])\s*({_VALUE})?\s*\b(?:to|TO)\b\s*({_VALUE})?\s*([\]}}])"
)

Period = tuple[int, int | None, int | None]
"""A year, with its month and day when given."""


def with_dates_read(text: str) -> str:
    """``text`` (a filter) with its date comparisons and ranges rewritten as
    described in the module's docstring; anything else as it was."""
    if "date:" not in text:
        return text
    text = _RANGE.sub(_range, text)
    return _COMPARED.sub(_compared, text)


def _range(match: re.Match[str]) -> str:
    opening, start, end, closing = match.groups()
    first = _period(start) if start else None
    last = _period(end) if end else None
    if (start and first is None) or (end and last is None):
        return match.group()
    low = _compact(first) if first else ""
    high = _compact(last) if last else ""
    return f"date:{opening}{low} to {high}{closing}"


def _compared(match: re.Match[str]) -> str:
    operator, value = match.groups()
    period = _period(value)
    if period is None:
        return match.group()
    if operator is None:
        return f"date:{_compact(period)}"
    if operator == ">=":
        return f"date:[{_compact(period)} to]"
    if operator == "<=":
        return f"date:[to {_compact(period)}]"
    moved = _step(period, 1 if operator == ">" else -1)
    if moved is None:  # past the calendar's ends: nothing is after (or before) it
        return match.group()
    return f"date:[{_compact(moved)} to]" if operator == ">" else f"date:[to {_compact(moved)}]"


def _period(value: str) -> Period | None:
    """The year, month and day of ``value`` (``2021``, ``2021-12``, ``2021-12-01``,
    ``202112``, ``20211201``), or None when it is no date."""
    if "-" in value:
        parts = [int(part) for part in value.split("-")]
    else:
        parts = [int(value[:4]), *(int(value[at : at + 2]) for at in range(4, len(value), 2))]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def _step(period: Period, by: int) -> Period | None:
    """The year, month or day after (``by`` 1) or before (-1) ``period``, at its precision."""
    year, month, day = period
    try:
        if day is not None:
            moved = dt.date(year, month or 1, day) + dt.timedelta(days=by)
            return moved.year, moved.month, moved.day
        if month is not None:
            index = year * 12 + month - 1 + by
            dt.date(index // 12, index % 12 + 1, 1)  # within the calendar
            return index // 12, index % 12 + 1, None
        dt.date(year + by, 1, 1)
        return year + by, None, None
    except (ValueError, OverflowError):
        return None


def _compact(period: Period) -> str:
    year, month, day = period
    text = f"{year:04}"
    if month is not None:
        text += f"{month:02}"
        if day is not None:
            text += f"{day:02}"
    return text
