"""Damage or bug: which failures of a read mean "rebuild the index".

Damage is what the storage layer raises on files it cannot make sense of:
SQLite's and Whoosh's own errors, OS errors, and the errors of decoding their
bytes (unpickling Whoosh's table of contents, ``struct`` and ``zlib`` on its
segments, an input that ends too soon). Those are the errors that truncated,
zeroed, garbled and deleted index files raised in ``tests/hostile``. The
generic ``ValueError`` / ``LookupError`` / ``OverflowError`` count too, but
only when raised inside Whoosh's own code, as it decodes what it read.

Anything else (a ``TypeError`` in snippet building, say) is a bug: rebuilding
the index would not mend it, and the next read would fail again. A bug is
logged with its traceback (``logging``; the app and the command line write the
log to a file) and raised to the caller as :class:`IndexBug`.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import struct
import zlib

from blog_reader.index._whoosh import filestore, filetables, reading
from blog_reader.index._whoosh import index as whoosh_index


class IndexDamaged(Exception):
    """The index on disk cannot be used as it is (and will be rebuilt)."""


_STORAGE_ERRORS: tuple[type[BaseException], ...] = (
    IndexDamaged,
    OSError,
    EOFError,
    pickle.UnpicklingError,
    struct.error,
    zlib.error,
    sqlite3.DatabaseError,
    whoosh_index.IndexError,
    filetables.FileFormatError,
    filestore.StorageError,
    reading.TermNotFound,
)
# A query or statement this program got wrong is not damage.
_PROGRAMMING_ERRORS = (sqlite3.ProgrammingError, sqlite3.InterfaceError)
# Errors of decoding bytes, damage when Whoosh raises them reading its files.
_DECODING_ERRORS = (ValueError, LookupError, OverflowError)
_WHOOSH_FOLDER = os.path.dirname(os.path.abspath(whoosh_index.__file__)) + os.sep


class IndexBug(Exception):
    """A read failed for a reason that is not damage: a bug in blog-reader.

    Its traceback was logged where it was met; ``str()`` is one line saying what
    failed, for the user (the app and the command line add where the log is).
    """


def is_damage(error: BaseException) -> bool:
    """Whether ``error`` says the index's files are damaged (rather than a bug)."""
    if isinstance(error, _PROGRAMMING_ERRORS):
        return False
    if isinstance(error, _STORAGE_ERRORS):
        return True
    return isinstance(error, _DECODING_ERRORS) and _raised_in_whoosh(error)


def _raised_in_whoosh(error: BaseException) -> bool:
    """Whether the innermost frame of ``error``'s traceback is Whoosh's code."""
    trace = error.__traceback__
    if trace is None:
        return False
    while trace.tb_next is not None:
        trace = trace.tb_next
    return os.path.abspath(trace.tb_frame.f_code.co_filename).startswith(_WHOOSH_FOLDER)
