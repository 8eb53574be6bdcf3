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
once) is encoded in one step (a term of one posting, most of them, without a
call of its own), the blocks and terms-table entries of many terms are written
at once, and so is each of the terms table's 256 hash tables.

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
from collections.abc import Iterable
from functools import cache, partial
from hashlib import md5
from itertools import groupby, starmap
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

DATA_PROTOCOL = 4
"""The pickle protocol of a block's lists (Whoosh writes protocol 2).

Protocol 2 has no bytes type: each posting's value (its positions, as bytes)
goes through ``_codecs.encode`` of a latin-1 string, 20 to 40 bytes more each,
and pickling or unpickling a block took 5 to 10 times as long (2.3 against 0.4
us for one posting, 17.5 against 1.6 us for 43). Whoosh's reader unpickles
whatever protocol it finds."""
COMPRESS_FROM = 128
"""Blocks whose pickle is shorter than this many bytes are stored uncompressed.

zlib adds six bytes of its own and finds little to share in a short pickle: of
the Node.js blog's 150,000 blocks, every one under 48 bytes (105,000, a posting
or two each) came out longer compressed, 99% of those from 48 bytes up
shorter. But compressing a block costs ~9 us whatever its size (level and
window size change nothing), and those from 48 to 128 bytes (half of the
compressed ones) saved a third of their bytes, 1% of the index: 0.08 s of a
Node.js build worker's writing for 1% more index. Whoosh's own writer means to skip
compressing a pickle under 20 bytes, but the line that decides it is
overwritten by the next one; its reader reads each block's flag."""
TERMS_BATCH = 4_096
"""Terms whose bytes are gathered before they are written."""


class BuildWriter(SegmentWriter):  # type: ignore[misc]
    """A ``SegmentWriter`` whose ``add_document`` and final posting write are batched.

    Documents with Whoosh's underscore keywords (``_boost``, ``_stored_x``),
    merged segments and schemas with term vectors or separate spelling fields
    take Whoosh's own path. With ``whoosh_bytes`` the segment's files are byte
    for byte those of Whoosh's writer (see :data:`DATA_PROTOCOL` and
    :data:`COMPRESS_FROM` for how they differ otherwise).
    """

    def __init__(
        self, ix: Any, *, whoosh_bytes: bool = False, limitmb: float = 128, **kwargs: Any
    ) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, int(limitmb * 1024 * 1024))
        self._lengths: dict[str, dict[int, int]] | None = {}
        """Each scorable field's length per document, as the length column gives it
        back; None once a document went Whoosh's own way."""
        self._plain = not any(
            field.vector or field.separate_spelling() for _, field in self.schema.items()
        )
        self._whoosh_bytes = whoosh_bytes
        table = self.fieldwriter._tindex
        if not whoosh_bytes and type(table) is filetables.OrderedHashWriter:
            _hash_by_crc32(table)

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
            self.fieldwriter, self.schema, self._lengths, self.pool.terms(), self._whoosh_bytes
        )
        table = self.fieldwriter._tindex
        if type(table) is not filetables.OrderedHashWriter:
            self.fieldwriter.close()
            return
        table._write_hashes = partial(write_hashes, table)
        try:
            self.fieldwriter.close()
        finally:
            del table._write_hashes  # a cycle through the table, left to the collector


_frequency = itemgetter(1)


def write_postings(
    fieldwriter: Any,
    schema: Any,
    lengths: dict[str, dict[int, int]],
    terms: Iterable[Term],
    whoosh_bytes: bool = False,
) -> None:
    """Write ``terms`` (sorted by field and term) as ``FieldWriter.add_postings`` does.

    Terms are encoded by :class:`_TermBlocks`, or posting by posting through
    the field writer when its postings writer is not the one that class
    encodes for.
    """
    for name, in_field in groupby(terms, itemgetter(0)):
        fieldwriter.start_field(name, schema[name])
        field_lengths = lengths.get(name, {})
        blocks = _TermBlocks(fieldwriter, field_lengths, whoosh_bytes)
        if blocks.usable:
            blocks.add_all(in_field)
            blocks.flush()
        else:
            for _, term, postings in in_field:
                fieldwriter.start_term(term)
                for docnum, weight, value in postings:
                    fieldwriter.add(docnum, weight, value, field_lengths.get(docnum, 0))
                fieldwriter.finish_term()
        fieldwriter.finish_field()


class _TermBlocks:
    """Encodes terms as ``start_term``, ``add_posting`` for each posting and
    ``finish_term`` do (blocks of up to 128 postings, each with a header of its
    statistics and its pickled lists, then the term's info in the terms table),
    from one function instead of some thirty calls a posting, and writes them a
    batch at a time.

    The same bytes as Whoosh's ``W3PostingsWriter`` with ``whoosh_bytes``;
    otherwise a block's lists are pickled with :data:`DATA_PROTOCOL` and
    compressed only from :data:`COMPRESS_FROM` bytes, which its reader reads
    alike. Whoosh's writer would inline a term's postings in the terms table
    under its ``inlinelimit``; with the default of 1 it never does, nor does
    this (a writer that would inline is not ``usable``).
    """

    def __init__(self, fieldwriter: Any, field_lengths: dict[int, int], whoosh_bytes: bool) -> None:
        writer = fieldwriter._postwriter
        self.usable = (
            type(writer) is whoosh3.W3PostingsWriter
            and writer._inlinelimit <= 1
            and not writer._byteids
            and type(fieldwriter._tindex) is filetables.OrderedHashWriter
        )
        self._limit = writer._blocklimit
        self._postfile = fieldwriter._postfile
        self._terms = fieldwriter._tindex
        self._field_key = whoosh3.pack_ushort(fieldwriter._fieldid)
        self._compression = writer._compression
        self._protocol = 2 if whoosh_bytes else DATA_PROTOCOL
        self._compress_from = 0 if whoosh_bytes else COMPRESS_FROM
        self._fixed_size = fieldwriter._format.fixed_value_size()
        self._lengths = field_lengths
        self._blocks: list[bytes] = []
        """The encoded terms not yet written, each a run of blocks."""
        self._parts: list[bytes] = []
        """The blocks of the term being encoded (:meth:`_term`)."""
        self._entries: list[tuple[bytes, bytes]] = []

    def add_all(self, terms: Iterable[Term]) -> None:
        """Encode and write ``terms`` (one field's, in order), a batch at a time.

        One loop with everything in local names: it runs once per distinct term
        (90,000 in each worker of the Node.js blog's build, 70,000 of them with
        one posting, encoded here without a call of their own)."""
        limit = self._limit
        get_length = self._lengths.get
        protocol = self._protocol
        compress_from = self._compress_from
        compression = self._compression
        fixed = self._fixed_size
        field_key = self._field_key
        dumps = pickle.dumps
        compress = zlib.compress
        float32 = _float32
        length_byte = _length_byte
        term_info = _TERM_INFO.pack
        pack_int = _pack_int
        pack_long = _pack_long
        start = _BLOCKS_START
        blocks = self._blocks
        entries = self._entries
        offset = self._postfile.tell()
        for _, term, postings in terms:
            if len(postings) == 1:
                # _one_posting and the term's info, inline.
                docnum, raw_weight, value = postings[0]
                weight = float32(raw_weight)
                maxweight = max(0, raw_weight)
                length = get_length(docnum)
                lbyte = length_byte(length) if length else 0
                if fixed is None or fixed < 0:
                    values: Any = (value,) if value else ()
                else:
                    values = None if fixed == 0 else value or b""
                data = dumps(((docnum,), None if weight == 1.0 else weight, values), protocol)
                comp = compression if len(data) >= compress_from else 0
                if comp:
                    data = compress(data, comp)
                info = dumps((1, docnum, maxweight, comp, lbyte, lbyte), 2)
                block = b"".join((start, pack_int(-len(info) - len(data)), info, data))
                stats = term_info(False, weight, 1, lbyte, lbyte, maxweight, docnum, docnum)
            else:
                block, stats = self._term(postings, limit)
            blocks.append(block)
            size = len(block)
            entries.append((field_key + term, stats + pack_long(offset) + pack_int(size)))
            offset += size
            if len(entries) >= TERMS_BATCH:
                self.flush()
                blocks = self._blocks
                entries = self._entries

    def _term(self, postings: TermPostings, limit: int) -> tuple[bytes, bytes]:
        """The blocks of a term of several postings, and its info's statistics."""
        if len(postings) <= limit:
            weight, minlength, maxlength, maxweight = self._block(postings, True, True)
        else:
            # W3TermInfo.add_block of each block, in order.
            weight, minlength, maxlength, maxweight = 0.0, None, 0, 0.0
            for at in range(0, len(postings), limit):
                block = postings[at : at + limit]
                last = at + limit >= len(postings)
                b_weight, b_min, b_max, b_maxweight = self._block(block, at == 0, last)
                weight += b_weight
                if minlength is None:
                    minlength = b_min
                elif b_min is not None:
                    minlength = min(minlength, b_min)
                maxlength = max(maxlength, b_max)
                maxweight = max(maxweight, b_maxweight)
        # The term's info: W3TermInfo.set_extent and to_bytes (the extent is added by
        # the caller).
        stats = _TERM_INFO.pack(
            False,
            weight,
            len(postings),
            _length_byte(minlength),
            _length_byte(maxlength),
            max(0, maxweight),
            postings[0][0],
            postings[-1][0],
        )
        parts, self._parts = self._parts, []
        return b"".join(parts), stats

    def _block(
        self, postings: TermPostings, first: bool, last: bool
    ) -> tuple[float, int | None, int, float]:
        """Encode one block (W3PostingsWriter._write_block); returns its weight,
        least and greatest field length, and greatest weight."""
        if len(postings) == 1:
            return self._one_posting(postings[0], first, last)
        ids, raw_weights, raw_values = zip(*postings, strict=True)
        count = len(ids)
        weights = array("f", raw_weights)  # as the writer holds them: 32-bit floats
        maxweight = max(0, *raw_weights)
        found = [length for length in map(self._lengths.get, ids) if length]
        minlength = min(found) if found else None
        maxlength = max(found) if found else 0
        mini_ids = ids if count == 1 else (ids[0], *map(sub, ids[1:], ids[:-1]))
        first_weight = weights[0]
        if weights.count(first_weight) != count:
            mini_weights: Any = tuple(weights)
        else:
            mini_weights = None if first_weight == 1.0 else first_weight
        fixed = self._fixed_size
        if fixed == 0:
            mini_values: Any = None
        else:
            values = [value for value in raw_values if value]
            mini_values = tuple(values) if fixed is None or fixed < 0 else b"".join(values)
        data = pickle.dumps((mini_ids, mini_weights, mini_values), self._protocol)
        comp = self._compression if len(data) >= self._compress_from else 0
        if comp:
            data = zlib.compress(data, comp)
        info = pickle.dumps(
            (count, ids[-1], maxweight, comp, _length_byte(minlength), _length_byte(maxlength)), 2
        )
        size = len(info) + len(data)
        length = _pack_int(-size if last else size)
        self._parts.append(
            b"".join((_BLOCKS_START, length, info, data) if first else (length, info, data))
        )
        return sum(weights), minlength, maxlength, maxweight

    def _one_posting(
        self, posting: tuple[int, float, bytes | None], first: bool, last: bool
    ) -> tuple[float, int | None, int, float]:
        """:meth:`_block` for a block of one posting (most terms' only one)."""
        docnum, raw_weight, value = posting
        weight = _float32(raw_weight)
        maxweight = max(0, raw_weight)
        length = self._lengths.get(docnum)
        length_byte = _length_byte(length) if length else 0
        fixed = self._fixed_size
        if fixed == 0:
            mini_values: Any = None
        elif fixed is None or fixed < 0:
            mini_values = (value,) if value else ()
        else:
            mini_values = value or b""
        mini_weight = None if weight == 1.0 else weight
        data = pickle.dumps(((docnum,), mini_weight, mini_values), self._protocol)
        comp = self._compression if len(data) >= self._compress_from else 0
        if comp:
            data = zlib.compress(data, comp)
        info = pickle.dumps((1, docnum, maxweight, comp, length_byte, length_byte), 2)
        size = len(info) + len(data)
        head = _pack_int(-size if last else size)
        self._parts.append(
            b"".join((_BLOCKS_START, head, info, data) if first else (head, info, data))
        )
        return weight, length or None, length or 0, maxweight

    def flush(self) -> None:
        """Write the terms encoded so far."""
        if self._blocks:
            self._postfile.write(b"".join(self._blocks))
            self._blocks = []
        if self._entries:
            add_terms(self._terms, self._entries)
            self._entries = []


def add_terms(table: Any, entries: list[tuple[bytes, bytes]]) -> None:
    """Add (key, value) ``entries`` to Whoosh's ``OrderedHashWriter`` ``table``
    as its ``add`` does one by one, with one write: the same file."""
    dbfile = table.dbfile
    position = dbfile.tell()
    last = table.lastkey
    hashed = {0: _md5_hash, _CRC32: zlib.crc32}.get(table.hashtype, table.hashfn)
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


def write_hashes(table: Any) -> None:
    """``HashWriter._write_hashes`` of ``table``, each of its 256 hash tables written
    in one piece rather than a write per slot: the same bytes."""
    dbfile = table.dbfile
    pack = filetables._pointer.pack
    empty = (0, 0)
    for entries in table.buckets:
        table.directory.append((dbfile.tell(), 2 * len(entries)))
        if not entries:
            continue
        slots = 2 * len(entries)
        hashtable = [empty] * slots
        for entry in entries:
            slot = (entry[0] >> 8) % slots
            while hashtable[slot] is not empty:  # taken: the next one
                slot = (slot + 1) % slots
            hashtable[slot] = entry
        dbfile.write(b"".join(starmap(pack, hashtable)))


def _hash_by_crc32(table: Any) -> None:
    """Make a new, empty terms table hash its keys with CRC-32 (Whoosh's hash type 1),
    not MD5 (type 0, its default): the type is the byte after the table's magic
    bytes, which its reader reads first. Hashing the terms was a fifth of writing
    the terms table (90,000 MD5s in a Node.js build worker: 0.06 s); a search's
    look-ups hash their words too."""
    dbfile = table.dbfile
    end = dbfile.tell()
    dbfile.seek(table.startoffset + len(_TABLE_MAGIC))
    dbfile.write_byte(_CRC32)
    dbfile.seek(end)
    table.hashtype = _CRC32
    table.hashfn = filetables.crc_hash


_TABLE_MAGIC = b"HSH3"
_CRC32 = filetables._hash_functions.index(filetables.crc_hash)


def _md5_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` (the last 32 bits of the key's MD5), without hex."""
    return int.from_bytes(md5(key).digest()[-4:], "big")


_length_byte = cache(length_to_byte)


@cache
def _float32(value: float) -> float:
    """``value`` as the writer's 32-bit weight array holds it (weights repeat)."""
    return array("f", (value,))[0]


_BLOCKS_START = whoosh3.WHOOSH3_HEADER_MAGIC
_TERM_INFO = whoosh3.W3TermInfo._struct
_pack_int = whoosh3.pack_int
_pack_long = whoosh3.pack_long
_KEY_VALUE_LENGTHS = filetables._lengths.pack
_KEY_VALUE_HEADER = filetables._lengths.size
