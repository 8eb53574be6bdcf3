"""Reading a whole numeric column of the index (dates, field lengths) at once.

Whoosh's column reader gives a value per call, through four nested Python calls
each: 34 ms for 50,000 posts. The whole column is one run of fixed-size values
after a segment's other columns, read here as such (private parts of Whoosh
2.7.4's ``NumericColumn.Reader``; any other reader is read Whoosh's way).
"""

from __future__ import annotations

import struct
from typing import Any

from blog_reader.index._whoosh import columns


def numbers(column: Any) -> list[int]:
    """Each post's value in ``column``, as iterating the column gives them."""
    if type(column) is not columns.NumericColumn.Reader or column._reverse:
        return list(column)
    count = min(column._count, column._doccount)
    data = column._dbfile.get(column._basepos, count * column._fixedlen)
    values = [value for (value,) in struct.iter_unpack("!" + column._typecode, data)]
    return values + [column._default] * (column._doccount - count)
