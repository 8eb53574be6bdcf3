"""The one place that imports Whoosh, with its warnings kept from the user.

Whoosh 2.7.4 predates Python 3.8's stricter compiler: the first import compiles
modules with invalid escapes and ``is 0`` comparisons, which print
``SyntaxWarning``/``DeprecationWarning`` lines. They are Whoosh's, not the
user's business, so they are silenced here, for Whoosh's import only.
Every other module imports Whoosh names from here.
"""

from __future__ import annotations

import warnings

# Whoosh imports some modules lazily (the codec when an index opens, ...), so a
# filter scoped to Whoosh's own files stays in place after the import too. A
# compile-time warning names its module by file path, a run-time one by dotted name.
for _category in (SyntaxWarning, DeprecationWarning):
    warnings.filterwarnings("ignore", category=_category, module=r".*[/\\]whoosh[/\\]")
    warnings.filterwarnings("ignore", category=_category, module=r"whoosh(\.|$)")

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import (
        analysis,
        classify,
        collectors,
        columns,
        fields,
        formats,
        highlight,
        index,
        matching,
        qparser,
        query,
        reading,
        scoring,
        searching,
    )
    from whoosh.automata import fsa, lev
    from whoosh.codec import whoosh3
    from whoosh.filedb import filestore, filetables
    from whoosh.qparser import dateparse
    from whoosh.searching import Searcher
    from whoosh.util.numeric import byte_to_length, length_to_byte
    from whoosh.writing import PostingPool, SegmentWriter

__all__ = [
    "PostingPool",
    "Searcher",
    "SegmentWriter",
    "analysis",
    "byte_to_length",
    "classify",
    "collectors",
    "columns",
    "dateparse",
    "fields",
    "filestore",
    "filetables",
    "formats",
    "fsa",
    "highlight",
    "index",
    "length_to_byte",
    "lev",
    "matching",
    "qparser",
    "query",
    "reading",
    "scoring",
    "searching",
    "whoosh3",
]
