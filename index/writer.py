"""A Whoosh segment writer tuned for full builds: the same segment, fewer Python steps.

Whoosh's ``SegmentWriter`` handles every posting (one word of one post) on its
own, in Python, several times: ``add_document`` hands each one to the posting
pool (a call with asserts and size arithmetic); the pool sorts them all as
tuples and a pool over its memory limit pickles each one to a run file and
back; and at the end ``add_postings`` reads each one's field length back from
the column file it has just written (four nested calls) before passing it to
the postings writer (a call with four asserts), and each term's entry goes to
the terms table on its own (four writes and an MD5). In a build, that was half
of a worker's time.

:class:`BuildWriter` does the same work a post, a term and a batch at a time:
the pool files each post's postings under their terms (:mod:`index.pool`), the
field lengths are kept in memory as they are written, a term whose postings fit
in one block (most terms of an archive: commit hashes and issue numbers occur
once) is encoded in one step, and the blocks and terms-table entries of many
terms are written at once. Longer posting lists go through Whoosh's own block
writer.

Reading is untouched, and so is what the files hold: the same blocks, block
statistics, term infos and hash tables as ``SegmentWriter``'s, byte for byte,
except that a block whose pickle is under :data:`COMPRESS_FROM` bytes is stored
uncompressed (marked so in its header, as Whoosh's reader expects). Tests check
both: byte for byte with that threshold at 0, and posting for posting as it is.
It relies on private parts of Whoosh's writer, of its ``whoosh3`` codec and of
its hash file writer, which is why Whoosh is pinned to 2.7.4.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator
from functools import cache
from hashlib import md5
from itertools import groupby, islice
from operator import itemgetter, sub
from typing import Any

from blog_reader.index._whoosh import (
    SegmentWriter,
    byte_to_length,
    filetables,
    length_to_byte,
    whoosh3,
)
from blog_reader.index.pool import Term, TermPool, TermPostings

COMPRESS_FROM = 80
"""Blocks whose pickle is shorter than this many bytes are stored uncompressed.

zlib adds six bytes of its own and finds little to share in a short pickle: over
the Node.js blog's 149,000 blocks, every one under 80 bytes (96,000 of them, a
posting or two each) came out 1 to 8 bytes longer compressed, every one from 80
bytes up shorter. Compressing them cost a second of a build's CPU. Whoosh's own
writer means to skip compressing a pickle under 20 bytes, but the line that
decides it is overwritten by the next one."""
TERMS_BATCH = 4_096
"""One-block terms whose bytes are gathered before they are written."""


class BuildWriter(SegmentWriter):  # type: ignore[misc]
    """A ``SegmentWriter`` whose ``add_document`` and final posting write are batched.

    Documents with Whoosh's underscore keywords (``_boost``, ``_stored_x``),
    merged segments and schemas with term vectors or separate spelling fields
    take Whoosh's own path. ``compress_from``: see :data:`COMPRESS_FROM` (0
    compresses every block, as Whoosh does).
    """

    def __init__(
        self, ix: Any, *, compress_from: int = COMPRESS_FROM, limitmb: float = 128, **kwargs: Any
    ) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, int(limitmb * 1024 * 1024))
        self._lengths: dict[str, dict[int, int]] | None = {}
        """Each scorable field's length per document, as the length column gives it
        back; None once a document went Whoosh's own way."""
        self._plain = not any(
            field.vector or field.separate_spelling() for _, field in self.schema.items()
        )
        self._compress_from = compress_from

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
                    pool.add_field(name, docnum, items)
                if field.scorable:
                    length = sum(map(_frequency, items))
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

    def add_reader(self, reader: Any) -> None:
        self._lengths = None  # the merged posts' lengths are read back from the column
        super().add_reader(reader)

    def _flush_segment(self) -> None:
        if self._lengths is None or not self.codec.length_stats:
            super()._flush_segment()
            return
        self.perdocwriter.close()
        write_postings(
            self.fieldwriter, self.schema, self._lengths, self.pool.terms(), self._compress_from
        )
        self.fieldwriter.close()


_frequency = itemgetter(1)


def write_postings(
    fieldwriter: Any,
    schema: Any,
    lengths: dict[str, dict[int, int]],
    terms: Iterable[Term],
    compress_from: int = COMPRESS_FROM,
) -> None:
    """Write ``terms`` (sorted by field and term) as ``FieldWriter.add_postings`` does.

    A term whose postings fit in one block is encoded by :class:`_OneBlockTerms`;
    a longer one block by block through the postings writer's own ``_write_block``.
    """
    for name, in_field in groupby(terms, itemgetter(0)):
        fieldwriter.start_field(name, schema[name])
        field_lengths = lengths.get(name, {})
        writer = fieldwriter._postwriter
        limit = writer._blocklimit
        one_block = _OneBlockTerms(fieldwriter, writer, field_lengths, compress_from)
        for _, term, postings in in_field:
            if len(postings) <= limit and one_block.usable:
                one_block.add(term, postings)
                continue
            one_block.flush()
            fieldwriter.start_term(term)
            blocks = _blocks(postings, limit)
            block = next(blocks)
            for following in blocks:
                _fill(writer, block, field_lengths)
                writer._write_block()
                block = following
            _fill(writer, block, field_lengths)  # the last: finish_term writes it
            fieldwriter.finish_term()
        one_block.flush()
        fieldwriter.finish_field()


class _OneBlockTerms:
    """Encodes terms whose postings fit in one block as ``start_term``,
    ``add_posting`` for each and ``finish_term`` do (the block header, its
    statistics, its pickled lists, then the term's info in the terms table),
    from one function instead of some thirty calls, and writes them a batch at
    a time. Whoosh's ``W3PostingsWriter`` would inline such a term under its
    ``inlinelimit``; with the default of 1 it never does, nor does this (a
    writer that would inline is not ``usable``: it takes Whoosh's path)."""

    def __init__(
        self, fieldwriter: Any, writer: Any, field_lengths: dict[int, int], compress_from: int
    ) -> None:
        self.usable = (
            type(writer) is whoosh3.W3PostingsWriter
            and writer._inlinelimit <= 1
            and not writer._byteids
            and type(fieldwriter._tindex) is filetables.OrderedHashWriter
        )
        self._postfile = fieldwriter._postfile
        self._terms = fieldwriter._tindex
        self._field_key = whoosh3.pack_ushort(fieldwriter._fieldid)
        self._compression = writer._compression
        self._compress_from = compress_from
        self._fixed_size = fieldwriter._format.fixed_value_size()
        self._lengths = field_lengths
        self._blocks: list[bytes] = []
        self._entries: list[tuple[bytes, bytes]] = []
        self._offset: int | None = None
        """Where the next block starts in the postings file (None: ask the file)."""

    def add(self, term: bytes, postings: TermPostings) -> None:
        """Encode one term; it is written with the batch."""
        ids, raw_weights, raw_values = zip(*postings, strict=True)
        count = len(ids)
        weights = array("f", raw_weights)  # as the writer holds them: 32-bit floats
        maxweight = max(0, *raw_weights)
        get = self._lengths.get
        found = [length for length in map(get, ids) if length]
        minbyte = _length_byte(min(found)) if found else 0
        maxbyte = _length_byte(max(found)) if found else 0
        # The block: W3PostingsWriter._write_block(last=True) after start_postings.
        mini_ids = ids if count == 1 else (ids[0], *map(sub, ids[1:], ids[:-1]))
        first = weights[0]
        if weights.count(first) != count:
            mini_weights: Any = tuple(weights)
        else:
            mini_weights = None if first == 1.0 else first
        fixed = self._fixed_size
        if fixed == 0:
            mini_values: Any = None
        else:
            values = [value for value in raw_values if value]
            mini_values = tuple(values) if fixed is None or fixed < 0 else b"".join(values)
        data = pickle.dumps((mini_ids, mini_weights, mini_values), 2)
        comp = self._compression if len(data) >= self._compress_from else 0
        if comp:
            data = zlib.compress(data, comp)
        info = pickle.dumps((count, ids[-1], maxweight, comp, minbyte, maxbyte), 2)
        size = len(info) + len(data)
        block = b"".join((_BLOCKS_START, _pack_int(-size), info, data))
        start = self._postfile.tell() if self._offset is None else self._offset
        self._offset = start + len(block)
        self._blocks.append(block)
        # The term's info: W3TermInfo.add_block, set_extent and to_bytes.
        stats = _TERM_INFO.pack(
            False, sum(weights), count, minbyte, maxbyte, max(0, maxweight), ids[0], ids[-1]
        )
        extent = _pack_long(start) + _pack_int(len(block))
        self._entries.append((self._field_key + term, stats + extent))
        if len(self._entries) >= TERMS_BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the terms encoded so far."""
        if self._blocks:
            self._postfile.write(b"".join(self._blocks))
            self._blocks = []
        if self._entries:
            add_terms(self._terms, self._entries)
            self._entries = []
        self._offset = None


def add_terms(table: Any, entries: list[tuple[bytes, bytes]]) -> None:
    """Add (key, value) ``entries`` to Whoosh's ``OrderedHashWriter`` ``table``
    as its ``add`` does one by one, with one write: the same file."""
    dbfile = table.dbfile
    position = dbfile.tell()
    last = table.lastkey
    hashed = _md5_hash if table.hashtype == 0 else table.hashfn
    buckets = table.buckets
    positions = table.index.append
    pieces: list[bytes] = []
    for key, value in entries:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        positions(position)
        pieces += (_KEY_VALUE_LENGTHS(len(key), len(value)), key, value)
        digest = hashed(key)
        buckets[digest & 255].append((digest, position))
        position += _KEY_VALUE_HEADER + len(key) + len(value)
        last = key
    dbfile.write(b"".join(pieces))
    table.lastkey = last


def _md5_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` (the last 32 bits of the key's MD5), without hex."""
    return int.from_bytes(md5(key).digest()[-4:], "big")


_length_byte = cache(length_to_byte)
_BLOCKS_START = whoosh3.WHOOSH3_HEADER_MAGIC
_TERM_INFO = whoosh3.W3TermInfo._struct
_pack_int = whoosh3.pack_int
_pack_long = whoosh3.pack_long
_KEY_VALUE_LENGTHS = filetables._lengths.pack
_KEY_VALUE_HEADER = filetables._lengths.size


def _blocks(postings: TermPostings, size: int) -> Iterator[TermPostings]:
    it = iter(postings)
    while block := list(islice(it, size)):
        yield block


def _fill(writer: Any, block: TermPostings, field_lengths: dict[int, int]) -> None:
    """Put ``block`` in ``writer``'s buffer as ``add_posting`` would, one posting at a time."""
    ids = [posting[0] for posting in block]
    weights = [posting[1] for posting in block]
    writer._ids = array("I", ids)
    writer._weights = array("f", weights)
    writer._values = [posting[2] for posting in block if posting[2]]
    writer._maxweight = max(0, *weights)
    found = [length for docnum in ids if (length := field_lengths.get(docnum, 0))]
    writer._minlength = min(found) if found else None
    writer._maxlength = max(found) if found else 0
