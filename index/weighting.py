"""BM25F with each segment's field lengths read into memory once.

Whoosh's BM25F scorer reads a post's field length for every match it scores,
through four nested Python calls into the segment's length column: a quarter
of the time of a search for a common word (35 ms for 8,500 matches at 10,000
posts). :class:`CachedLengthsBM25F` gives the same scores from a list read
once per segment and field. The lists take a pointer per post and field (1.6
MB at 100,000 posts); a searcher holds one instance, so they go with it.

Reading a whole column at once uses private parts of the ``whoosh3`` codec
(Whoosh is pinned to 2.7.4); should they not be there, scoring reads lengths
Whoosh's way.
"""

from __future__ import annotations

from typing import Any

from blog_reader.index._whoosh import byte_to_length, scoring, whoosh3
from blog_reader.index.column_values import numbers

_LENGTH_OF_BYTE = [byte_to_length(byte) for byte in range(256)]


class CachedLengthsBM25F(scoring.BM25F):  # type: ignore[misc]
    """Whoosh's BM25F, scoring from field lengths kept in memory."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lengths: dict[tuple[str, str], list[int] | None] = {}

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            lengths = self.field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer

    def field_lengths(self, reader: Any, fieldname: str) -> list[int] | None:
        """Each post's length in ``fieldname``, as ``doc_field_length(n, field, 1)`` gives it."""
        try:
            key = (reader.segment().segment_id(), fieldname)
        except AttributeError:  # not a segment reader
            return None
        if key not in self._lengths:
            self._lengths[key] = _read_lengths(reader, fieldname)
        return self._lengths[key]


def _read_lengths(reader: Any, fieldname: str) -> list[int] | None:
    try:
        column = reader._perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    except AttributeError:
        return None
    if column is None:
        return None
    table = _LENGTH_OF_BYTE
    # Byte 0: the post has no words in the field, so it is never scored in it.
    return [table[byte] if byte else 1 for byte in numbers(column)]
