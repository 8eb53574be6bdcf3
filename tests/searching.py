"""Searching in tests, so that a failed search fails the test.

``Archive.search`` and ``Archive.find_matches`` never raise: a failure inside the
engine comes back as an empty answer (and, today, as :attr:`Archive.damage`). A
test that only checks the shape of an answer, or that a query finds nothing,
would then pass on an engine that always fails. These helpers also check that
the engine answered: no damage noted, and no error logged by blog-reader.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from blog_reader.index import Archive, SearchResult, Span


def search_ok(archive: Archive, query: str, limit: int = 20) -> SearchResult:
    """``archive.search(query, limit)``, failing the test if the engine failed."""
    with engine_answers(archive):
        return archive.search(query, limit)


def matches_ok(archive: Archive, text: str, query: str) -> tuple[Span, ...]:
    """``archive.find_matches(text, query)``, failing the test if the engine failed."""
    with engine_answers(archive):
        return archive.find_matches(text, query)


@contextmanager
def engine_answers(archive: Archive) -> Iterator[None]:
    """Fail if, inside the block, the archive's reads failed: the index was taken for
    damaged, or blog-reader logged an error (a bug it caught)."""
    errors = _Collected(logging.ERROR)
    logger = logging.getLogger("blog_reader")
    logger.addHandler(errors)
    try:
        yield
    finally:
        logger.removeHandler(errors)
    assert archive.damage is None, f"the engine failed: {archive.damage}"
    assert not errors.records, [record.getMessage() for record in errors.records]


class _Collected(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
