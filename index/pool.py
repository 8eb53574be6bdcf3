"""The postings of a build, gathered term by term as the posts are added.

Whoosh's posting pool holds one tuple per posting (field, term, document,
weight, value) in a flat list, sorts the whole list at the end and groups it
back into terms: each posting is handled on its own several times. A build
knows more: documents are added in order, so each term's postings arrive
already in document order. :class:`TermPool` files each posting under its term
as it comes (one dictionary look-up), and at the end sorts only the distinct
terms; each term's postings come out as one list, ready to be written a block
at a time.

Over its memory limit the pool writes its terms, sorted, to a run file in the
segment's temporary storage and starts afresh; at the end the runs and what is
left in memory are merged term by term, each term's postings joined in the
order the runs were written (which is document order).
"""

from __future__ import annotations

import contextlib
import heapq
import pickle
from collections.abc import Iterable, Iterator
from itertools import groupby, islice
from operator import itemgetter
from typing import Any

from blog_reader.index._whoosh import PostingPool

TermPostings = list[tuple[int, float, bytes | None]]
"""One term's postings: (document number, weight, value bytes), in document order."""
Term = tuple[str, bytes, TermPostings]
"""A term of the pool: its field name, its bytes and its postings."""

POSTING_BYTES = 130
"""Memory a pooled posting takes besides its value's bytes (its tuple, list slot,
weight and the value's object)."""
TERM_BYTES = 200
"""Memory a term takes besides its text (a dictionary slot, its key, its list)."""
RUN_BATCH = 5_000
"""Terms pickled together when the pool spills a sorted run to disk."""


class TermPool(PostingPool):  # type: ignore[misc]
    """A posting pool keyed by field and term (see the module's docstring).

    It answers Whoosh's pool interface too (``add`` of one posting tuple,
    ``iter_postings`` giving them back one by one, sorted), which Whoosh's own
    writing path uses: for documents with underscore keywords and for merged
    segments.
    """

    runs: list[str]
    """The run files written so far, oldest first."""

    def __init__(self, tempstore: Any, segment: Any, limit: int) -> None:
        super().__init__(tempstore, segment)
        self.limit = limit
        self.fields: dict[str, dict[bytes, TermPostings]] = {}
        self._in_order = True
        """False once a posting came before one already pooled for its term (then
        each term's postings are sorted by document when they are given back)."""

    def add_field(
        self, name: str, docnum: int, items: Iterable[tuple[bytes, Any, float, Any]]
    ) -> None:
        """Pool one document's postings in field ``name``: ``items`` as a field's
        ``index`` gives them, (term, frequency, weight, value), each term once."""
        terms = self.fields.get(name)
        if terms is None:
            terms = self.fields[name] = {}
            self.fieldnames.add(name)
        get = terms.get
        size = 0
        for term, _, weight, value in items:
            found = get(term)
            if found is None:
                terms[term] = [(docnum, weight, value)]
                size += TERM_BYTES + len(term) + POSTING_BYTES
            else:
                found.append((docnum, weight, value))
                size += POSTING_BYTES
            if value:
                size += len(value)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Pool one posting given as Whoosh's pool takes it."""
        name, term, docnum, weight, value = item
        terms = self.fields.get(name)
        if terms is None:
            terms = self.fields[name] = {}
            self.fieldnames.add(name)
        found = terms.get(term)
        if found is None:
            terms[term] = [(docnum, weight, value)]
        else:
            if found[-1][0] > docnum:
                self._in_order = False
            found.append((docnum, weight, value))
        self.currentsize += TERM_BYTES + POSTING_BYTES + len(term) + len(value or b"")
        if self.currentsize > self.limit:
            self.save()

    def save(self) -> None:
        """Write the pooled terms, sorted, to a new run, and empty the pool."""
        if self.fields:
            path, f = self._new_run()
            terms = self._in_memory()
            while batch := list(islice(terms, RUN_BATCH)):
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
            f.close()
            self._add_run(path)
            self.fields = {}
        self.currentsize = 0

    def terms(self) -> Iterator[Term]:
        """Every term, sorted by field then term, with all its postings."""
        if not self.runs:
            return self._in_memory()
        sources = [self._read_run(path) for path in self.runs]
        self.runs = []
        sources.append(self._in_memory())
        merged = heapq.merge(*sources, key=_key)  # equal keys: earlier runs first
        return (self._joined(key, same) for key, same in groupby(merged, _key))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        """Every posting as Whoosh's pool gives them: sorted by field, term, document."""
        for name, term, postings in self.terms():
            for docnum, weight, value in postings:
                yield name, term, docnum, weight, value

    def _in_memory(self) -> Iterator[Term]:
        fields, self.fields = self.fields, {}
        for name in sorted(fields):
            terms = fields[name]
            for term in sorted(terms):
                postings = terms[term]
                if not self._in_order:
                    postings.sort(key=_docnum)
                yield name, term, postings

    def _joined(self, key: tuple[str, bytes], same: Iterator[Term]) -> Term:
        """One term's entries from several runs as one."""
        first = next(same)
        rest = list(same)
        if not rest:
            return first
        postings = list(first[2])
        for _, _, more in rest:
            postings += more
        if not self._in_order:
            postings.sort(key=_docnum)
        return key[0], key[1], postings

    def _read_run(self, path: str) -> Iterator[Term]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)

    def cleanup(self) -> None:
        for path in self.runs:
            with contextlib.suppress(OSError):
                self._remove_run(path)
        self.runs = []


_key = itemgetter(0, 1)
_docnum = itemgetter(0)
