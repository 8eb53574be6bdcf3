"""From a post file's bytes to its text: binary or not, which encoding, stray NULs.

A file is binary only on real signs: a known binary format's first bytes, more
than a few NUL bytes making more than 1% of its start, or more than 30% control
bytes (text invalid in every encoding tried). A stray NUL byte or two in a
Markdown file (an editor's or a transfer's slip) is removed, with a note.
"""

from __future__ import annotations

import codecs
import re

from blog_reader.index.wording import counted

_SNIFF_BYTES = 8192
_MAX_BINARY_SHARE = 0.30
_FEW_NULS = 8
_MAX_NUL_SHARE = 0.01
# The first bytes of binary formats found beside posts: PNG, JPEG, GIF, TIFF,
# PDF, ZIP (and docx, epub...), gzip, xz, zstd, 7z, RAR, SQLite, ELF, Mach-O,
# Java classes. Not the prefixes made of letters alone, which a post could begin
# with (bzip2's "BZh", RIFF's, WOFF's): their other bytes give them away.
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"SQLite format 3\x00",
    b"\x7fELF",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
# Bytes that plain text is made of: all but the C0 controls (tab, newlines,
# form feed, backspace and ESC do appear in text files) and DEL.
_TEXT_BYTES = bytes([8, 9, 10, 12, 13, 27, *range(0x20, 0x7F), *range(0x80, 0x100)])
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NotText(ValueError):
    """The bytes are binary data, not a post's text."""


def decode(raw: bytes, notes: list[str]) -> str:
    """Decode a post's bytes: UTF-8, else Windows-1252, else Latin-1 (with a note).

    Stray NUL bytes are removed (with a note). Raises :class:`NotText` for
    binary data (see :func:`_is_binary`).
    """
    if raw.startswith(_UTF16_BOMS):
        notes.append("decoded as UTF-16")
        return raw.decode("utf-16", errors="replace")
    sample = raw[:_SNIFF_BYTES]
    if _is_binary(sample) or _looks_binary(sample):
        raise NotText("binary file")
    nuls = raw.count(0)
    if nuls:
        raw = raw.replace(b"\0", b"")
        notes.append(nul_note(nuls))
    # Not final: a read cut short may end inside a character.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        return decoder.decode(raw, final=False)
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        notes.append("decoded as Windows-1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        notes.append("decoded as Latin-1")
    return text


def nul_note(count: int) -> str:
    """The note on a post read with ``count`` stray NUL bytes removed."""
    return f"read with {counted(count, 'NUL byte')} removed"


NUL_NOTE = re.compile(r"read with \d+ NUL bytes? removed")
"""Matches :func:`nul_note`'s notes (the sync reports the posts that have one)."""


def _is_binary(sample: bytes) -> bool:
    """Whether the first bytes of a file are a known binary format's, or many NULs.

    One stray NUL byte (a text editor's or a transfer's slip) does not make a
    Markdown file binary: it is removed. More than a few, and more than
    :data:`_MAX_NUL_SHARE` of the sample, do (UTF-16 without a byte order mark,
    images, archives, executables).
    """
    if sample.startswith(_BINARY_MAGIC):
        return True
    nuls = sample.count(0)
    return nuls > _FEW_NULS and nuls > _MAX_NUL_SHARE * len(sample)


def _looks_binary(sample: bytes) -> bool:
    """Whether the first bytes of a file look like binary data, not text.

    The share of control bytes, NUL included (and, when the sample is not UTF-8,
    of bytes above 127) must stay under 30%: text invalid in every encoding tried.
    """
    if not sample:
        return False
    odd = len(sample.translate(None, _TEXT_BYTES))
    if not _is_utf8(sample):
        odd += sum(1 for byte in sample if byte >= 0x80)
    return odd > _MAX_BINARY_SHARE * len(sample)


def _is_utf8(sample: bytes) -> bool:
    """Whether ``sample`` is UTF-8, allowing a character cut off at its end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True
