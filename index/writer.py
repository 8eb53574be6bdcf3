"""A Whoosh segment writer tuned for full builds: the same segment, fewer Python steps.

Whoosh's ``SegmentWriter`` handles every posting (one word of one post) on its
own, in Python, several times: ``add_document`` hands each one to the posting
pool (a call with asserts and size arithmetic); a pool over its memory limit
pickles each one to a run file and back; and at the end ``add_postings`` reads
each one's field length back from the column file it has just written (four
nested calls) before passing it to the postings writer (a call with four
asserts). In a build, that was half of a worker's time.

:class:`BuildWriter` does the same work a post, a batch and a term at a time:
the pool gets each field's postings as one batch and spills them in batches,
the field lengths are kept in memory as they are written, and each block of
postings (up to 128 per term) is filled in one step and written by Whoosh's own
block writer. Reading is untouched: the segment files are byte for byte those
of ``SegmentWriter`` when the pool stays in memory, and hold the same postings
and block statistics when it spills (pickle may then share equal values
differently); tests check both. It relies on private parts of Whoosh's writer
and of its ``whoosh3`` codec, which is why Whoosh is pinned to 2.7.4.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby, islice, pairwise
from operator import itemgetter
from typing import Any

from blog_reader.index._whoosh import (
    PostingPool,
    SegmentWriter,
    byte_to_length,
    length_to_byte,
    whoosh3,
)

Posting = tuple[str, bytes, int, float, bytes | None]
"""What the pool holds: (field name, term bytes, document number, weight, value bytes)."""

_POSTING_OVERHEAD = 150
"""Bytes of memory a pooled posting takes besides its term and value (Whoosh's estimate)."""
RUN_BATCH = 10_000
"""Postings pickled together when the pool spills a sorted run to disk."""


class BatchedPool(PostingPool):  # type: ignore[misc]
    """Whoosh's posting pool, sorting faster and spilling its runs in batches.

    When a worker's postings outgrow its memory limit, the pool sorts them and
    writes them to a temporary run, to be merged back at the end. Whoosh
    pickles and unpickles each posting on its own (17% of a 5,000-post
    worker), and sorts them as whole tuples (see :func:`sort_postings`).
    """

    current: list[Posting]

    def save(self) -> None:
        if self.current:
            sort_postings(self.current)
            path, f = self._new_run()
            self._write_run(f, self.current)
            self._add_run(path)
            self.current = []
        self.currentsize = 0

    def items(self, maxfiles: int = 128) -> Iterable[Posting]:
        if not self.runs:
            sort_postings(self.current)
            return self.current
        merged: Iterable[Posting] = super().items(maxfiles)
        return merged

    def _write_run(self, f: Any, items: Iterable[Posting]) -> None:
        postings = iter(items)
        while batch := list(islice(postings, RUN_BATCH)):
            pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator[Posting]:
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


def sort_postings(postings: list[Posting]) -> None:
    """Sort pooled postings in place by field, term, then document.

    Two stable sorts on one key each, the term then the field, leave equal
    terms in the order they came in, which is document order (documents are
    added in order, each term once per field). It is what sorting the whole
    tuples gives, 2.4x faster: comparing tuples compares the (mostly equal)
    field names first, each time.
    """
    postings.sort(key=itemgetter(1))
    postings.sort(key=itemgetter(0))


class BuildWriter(SegmentWriter):  # type: ignore[misc]
    """A ``SegmentWriter`` whose ``add_document`` and final posting write are batched.

    Documents with Whoosh's underscore keywords (``_boost``, ``_stored_x``) and
    schemas with term vectors or separate spelling fields take Whoosh's own path.
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        whoosh_pool: Any = self.pool
        self.pool: BatchedPool = BatchedPool(whoosh_pool.tempstore, whoosh_pool.segment)
        self.pool.limit = whoosh_pool.limit
        self._lengths: dict[str, dict[int, int]] | None = {}
        """Each scorable field's length per document, as the length column gives it
        back; None once a document went Whoosh's own way."""
        self._plain = not any(
            field.vector or field.separate_spelling() for _, field in self.schema.items()
        )

    def add_document(self, **fields: Any) -> None:
        if not self._plain or any(name.startswith("_") for name in fields):
            self._lengths = None  # read back from the column, as Whoosh does
            super().add_document(**fields)
            return
        self._check_state()
        schema = self.schema
        pool = self.pool
        perdoc = self.perdocwriter
        docnum = self.docnum
        names = sorted(fields)
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                items = list(field.index(value))  # a generator in most fields
                if items:
                    pool.fieldnames.add(name)
                    pool.current.extend(
                        [(name, term, docnum, weight, value) for term, _, weight, value in items]
                    )
                    pool.currentsize += len(items) * (_POSTING_OVERHEAD + len(name)) + sum(
                        2 * len(term) + len(value or b"") for term, _, _, value in items
                    )
                    if pool.currentsize > pool.limit:
                        pool.save()
                if field.scorable:
                    length = sum(freq for _, freq, _, _ in items)
            perdoc.add_field(name, field, value if field.stored else None, length)
            if length and self._lengths is not None:
                # What the length column gives back: a byte, so an approximation.
                self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(length))
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        if self._lengths is None or not self.codec.length_stats:
            super()._flush_segment()
            return
        self.perdocwriter.close()
        write_postings(self.fieldwriter, self.schema, self._lengths, self.pool.iter_postings())
        self.fieldwriter.close()


def write_postings(
    fieldwriter: Any, schema: Any, lengths: dict[str, dict[int, int]], postings: Iterable[Posting]
) -> None:
    """Write sorted ``postings`` as ``FieldWriter.add_postings`` does, a block at a time.

    ``add_postings`` hands each posting to the postings writer's ``add_posting``;
    here each block's lists and statistics are filled at once and the writer's
    own ``_write_block`` writes it, so blocks, term infos and inlined postings
    come out the same. A term whose postings fit in one block (most terms of an
    archive: commit hashes and issue numbers occur once) is written in one step
    by :class:`_OneBlockTerms`.
    """
    for name, in_field in groupby(postings, itemgetter(0)):
        fieldwriter.start_field(name, schema[name])
        field_lengths = lengths.get(name, {})
        writer = fieldwriter._postwriter
        limit = writer._blocklimit
        one_block = _OneBlockTerms(fieldwriter, writer)
        for term, in_term in groupby(in_field, itemgetter(1)):
            blocks = _blocks(in_term, limit)
            block = next(blocks)
            following = next(blocks, None)
            if following is None and one_block.usable:
                one_block.write(term, block, field_lengths)
                continue
            fieldwriter.start_term(term)
            while following is not None:
                _fill(writer, block, field_lengths)
                writer._write_block()
                block, following = following, next(blocks, None)
            _fill(writer, block, field_lengths)  # the last: finish_term writes or inlines it
            fieldwriter.finish_term()
        fieldwriter.finish_field()


class _OneBlockTerms:
    """Writes a term whose postings fit in one block, as ``start_term``,
    ``add_posting`` for each and ``finish_term`` write it: the same bytes (the
    block header, its statistics, its pickled and compressed lists, then the
    term's info in the terms table), from one function instead of some thirty
    calls. Whoosh's ``W3PostingsWriter`` would inline such a term under its
    ``inlinelimit``; with the default of 1 it never does, nor does this (a
    writer that would inline is not ``usable``: it takes Whoosh's path)."""

    def __init__(self, fieldwriter: Any, writer: Any) -> None:
        self.usable = (
            type(writer) is whoosh3.W3PostingsWriter
            and writer._inlinelimit <= 1
            and not writer._byteids
        )
        self._postfile = fieldwriter._postfile
        self._terms = fieldwriter._tindex
        self._field_key = whoosh3.pack_ushort(fieldwriter._fieldid)
        self._compression = writer._compression
        self._fixed_size = fieldwriter._format.fixed_value_size()

    def write(self, term: bytes, block: list[Posting], field_lengths: dict[int, int]) -> None:
        start = self._postfile.tell()
        ids = [posting[2] for posting in block]
        raw_weights = [posting[3] for posting in block]
        weights = array("f", raw_weights)  # as the writer holds them: 32-bit floats
        values = [posting[4] for posting in block if posting[4]]
        maxweight = max(0, *raw_weights)
        found = [length for docnum in ids if (length := field_lengths.get(docnum, 0))]
        minlength = min(found) if found else None
        maxlength = max(found) if found else 0
        # The block: W3PostingsWriter._write_block(last=True) after start_postings.
        mini_ids = (ids[0], *(after - before for before, after in pairwise(ids)))
        first = weights[0]
        if all(weight == 1.0 for weight in weights):
            mini_weights: Any = None
        elif all(weight == first for weight in weights):
            mini_weights = first
        else:
            mini_weights = tuple(weights)
        fixed = self._fixed_size
        if fixed is None or fixed < 0:
            mini_values: Any = tuple(values)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(values)
        data = pickle.dumps((mini_ids, mini_weights, mini_values), 2)
        comp = self._compression
        if comp:
            data = zlib.compress(data, comp)
        minbyte = length_to_byte(minlength)
        maxbyte = length_to_byte(maxlength)
        info = pickle.dumps((len(ids), ids[-1], maxweight, comp, minbyte, maxbyte), 2)
        size = len(info) + len(data)
        self._postfile.write(_BLOCKS_START + whoosh3.pack_int(-size) + info + data)
        # The term's info: W3TermInfo.add_block, set_extent and to_bytes.
        stats = _TERM_INFO.pack(
            False,
            sum(weights),
            len(ids),
            0 if minlength is None else minbyte,
            maxbyte,
            max(0, maxweight),
            ids[0],
            ids[-1],
        )
        extent = whoosh3.pack_long(start) + whoosh3.pack_int(len(_BLOCKS_START) + 4 + size)
        self._terms.add(self._field_key + term, stats + extent)


_BLOCKS_START = whoosh3.WHOOSH3_HEADER_MAGIC
_TERM_INFO = whoosh3.W3TermInfo._struct


def _blocks(postings: Iterator[Posting], size: int) -> Iterator[list[Posting]]:
    while block := list(islice(postings, size)):
        yield block


def _fill(writer: Any, block: list[Posting], field_lengths: dict[int, int]) -> None:
    """Put ``block`` in ``writer``'s buffer as ``add_posting`` would, one posting at a time."""
    ids = [posting[2] for posting in block]
    weights = [posting[3] for posting in block]
    writer._ids = array("I", ids)
    writer._weights = array("f", weights)
    writer._values = [posting[4] for posting in block if posting[4]]
    writer._maxweight = max(0, *weights)
    found = [length for docnum in ids if (length := field_lengths.get(docnum, 0))]
    writer._minlength = min(found) if found else None
    writer._maxlength = max(found) if found else 0
