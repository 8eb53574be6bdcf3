"""The Whoosh schema: what is searchable, and how words are analysed.

Whoosh holds only what search needs; everything the reader shows (title, body,
metadata) lives in the catalog (``catalog.py``), so a hit is turned into plain
data with one keyed read instead of unpickling stored fields.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from functools import lru_cache
from typing import Any

import Stemmer

from blog_reader.index._whoosh import analysis, fields, formats

SCHEMA_VERSION = 13
"""Bump whenever the schema or the analysis changes: an index written with
another version is rebuilt automatically."""

STEMMER = f"Snowball english, PyStemmer {Stemmer.version()}"
"""The stemmer the index was written with, part of its format: a release of
PyStemmer with another Snowball may stem a few words otherwise, and an index
must be searched with the stems it was written with."""

TITLE_BOOST = 3.0

COMPOUND = False
"""Whether Whoosh packs a segment's files into one. Never: reading a compound
segment copies its whole postings file into memory (``BytesIO`` over the mmap),
717 MB for 100,000 posts, and the time to read it delays the app's first paint.
Separate files are read a block at a time."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index form of one lower-cased word (Snowball's English stemmer,
    Porter2), remembered.

    Porter2, not Whoosh's default Porter: it gives ``run`` for "running" and
    ``regener`` for both "regenerating" and "regeneration". Snowball's own C
    code (PyStemmer), not Whoosh's Python port: 18 times as fast, and a later
    revision of the algorithm, which no longer joins "internal" to "intern",
    "organization" to "organ" or "universal" to "university". The cache is
    functools' (in C), not Whoosh's own LRU wrapper, which is written in Python
    and cost 8% of an index build.

    Tokens that are not words are not stemmed (:func:`is_unstemmed`): there
    are many (the commit hashes, checksums and numbers of release notes), and
    Porter2 cut a hash's final letters.
    """
    if is_unstemmed(word):
        return word
    try:
        stemmer = _stemmers.english
    except AttributeError:
        # A stemmer keeps state between calls: one per thread, as PyStemmer
        # asks; no cache of its own (the one above is faster).
        stemmer = _stemmers.english = Stemmer.Stemmer("english", 0)
    try:
        return str(stemmer.stemWord(word))
    except UnicodeEncodeError:  # a lone surrogate: no word to stem
        return word


_stemmers = threading.local()


_HEX_HASH = re.compile(r"(?=[0-9a-f]*[0-9])[0-9a-f]{7,}")


def is_unstemmed(word: str) -> bool:
    """Whether a lower-cased token is indexed as it is, not stemmed.

    A token ending in a digit ("v10", "1.70.0", "20") is one: Porter2 rewrites
    only letter endings, so it would give it back unchanged anyway. So is a hex
    hash (seven hex characters or more, a digit among them: a commit or a
    checksum), where Porter2 would cut "…ed" or "…e": a search for its first
    characters then missed it.
    """
    return word[-1:].isdigit() or _HEX_HASH.fullmatch(word) is not None


_STOP_WORDS = frozenset(analysis.STOP_WORDS)
_MIN_SIZE = 2


def is_kept(word: str) -> bool:
    """Whether the index keeps a lower-cased token: not a stop word, and two
    characters or more unless it is a digit ("openssl 3" keeps its 3)."""
    return (len(word) >= _MIN_SIZE or word.isdigit()) and word not in _STOP_WORDS


def version_prefixes(word: str) -> list[str]:
    """The shorter forms a version-like token is also indexed under, longest first.

    A token whose parts after the first dot are all digits ("1.70.0", "v10.5.0",
    "go1.22", "3.0.7") also stands for each of its dotted prefixes ("1.70" and
    "1"), so that "rust 1.70" finds "Rust 1.70.0" and "openssl 3" finds
    "OpenSSL 3.0.7". Other dotted tokens ("node.js", "e.g") stay one word.
    A "v" before a version ("v20", "v10.5.0") is how releases are named, not part
    of the number: the token also stands for the number and its prefixes, so
    that "node 20" finds "Node.js v20". Not a lone digit after the "v": "V8" is
    an engine and "v1" an API's name more often than a release.
    """
    forms = _dotted_prefixes(word)
    if _V_VERSION.fullmatch(word):
        number = word[1:]
        forms += [number, *_dotted_prefixes(number)]
    return [form for form in forms if is_kept(form)]


_V_VERSION = re.compile(r"v(?:\d\d+|\d+(?:\.\d+)+)")


def _dotted_prefixes(word: str) -> list[str]:
    parts = word.split(".")
    if len(parts) < 2 or not all(part.isdigit() for part in parts[1:]):
        return []
    return [".".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]


class _KeepFilter(analysis.Filter):  # type: ignore[misc]
    """Whoosh's ``StopFilter`` (positions renumbered over the words kept) with
    :func:`is_kept` as its rule; when indexing, a version-like token is followed
    by its :func:`version_prefixes` at the same position."""

    def __call__(self, tokens: Any, **kwargs: Any) -> Any:
        pos: int | None = None
        for token in tokens:
            word = token.text
            if not is_kept(word):
                if not token.removestops:  # kept, marked stopped (as StopFilter does)
                    token.stopped = True
                    yield token
                continue
            if token.positions:
                pos = token.pos if pos is None else pos + 1
                token.pos = pos
            token.stopped = False
            yield token
            if getattr(token, "mode", "") == "index":
                for prefix in version_prefixes(word):
                    token.text = prefix
                    yield token


def stemming_analyzer() -> Any:
    """Lower-cased words, stop words out, Porter2 stems: "knees" finds "knee";
    versions indexed with their prefixes too (see :func:`version_prefixes`)."""
    tokens = analysis.RegexTokenizer() | analysis.LowercaseFilter()
    return tokens | _KeepFilter() | analysis.StemFilter(stemfn=stem, cachesize=None)


TOKEN = re.compile(r"\w+(?:\.?\w+)*")
"""What the index calls a word: the pattern of Whoosh's ``RegexTokenizer`` (its
``default_pattern``, which the analyser above uses), without its group. The fast
indexing path below and the match finder (``highlight.py``) both use it.
``tests/index/test_analysis.py`` checks that it cuts text as the analyser does."""

# What the analyser above does, fused into one loop for indexing (see StemmedText).


@lru_cache(maxsize=200_000)
def _index_forms(token: str) -> tuple[bytes, ...]:
    """What the analyser makes of one token when indexing: its stem as index
    bytes, then those of its version prefixes; nothing for a stop word or a word
    under two letters. One cached call per token instead of four steps; every
    posting of a term shares one bytes object."""
    word = token.lower()
    if not is_kept(word):
        return ()
    if "." not in word and word[0] != "v":  # no version forms (most tokens)
        return (stem(word).encode(),)
    return tuple(stem(form).encode() for form in (word, *version_prefixes(word)))


@lru_cache(maxsize=4096)
def _one_position(position: int) -> bytes:
    """The ``Positions`` value of a word found once, at ``position`` (most words of a post)."""
    return bytes(formats.Positions().encode([position]))


class StemmedText(fields.TEXT):  # type: ignore[misc]
    """A ``TEXT`` field of :func:`stemming_analyzer` that indexes 5x faster.

    Whoosh runs an analyser as a chain of generators, four Python steps per
    word, and that was a third of an index build. Indexing here does the same
    steps in one loop: Whoosh's token pattern, lower case, stop words and words
    under two letters out (positions renumbered as Whoosh's ``StopFilter``
    does), Porter2 stems, version prefixes. Queries still go through the real analyser; a
    property test checks that both give the same postings.
    """

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or kwargs or type(self.format) is not formats.Positions:
            return super().index(value, **kwargs)
        positions: dict[bytes, list[int]] = {}
        pos: int | None = None
        forms = _index_forms
        for index, token in enumerate(TOKEN.findall(value)):
            if not (words := forms(token)):
                continue
            pos = index if pos is None else pos + 1
            for word in words:
                positions.setdefault(word, []).append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        return [
            (
                word,
                len(places),
                len(places) * boost,
                _one_position(places[0]) if len(places) == 1 else encode(places),
            )
            for word, places in positions.items()
        ]


def author_analyzer() -> Any:
    """Names as lower-cased words, nothing dropped or stemmed: ``author:pike``."""
    return analysis.RegexTokenizer() | analysis.LowercaseFilter()


def make_schema() -> Any:
    """A fresh schema object (Whoosh schemas are mutable: never share one)."""
    stem = stemming_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=StemmedText(analyzer=stem, field_boost=TITLE_BOOST),
        body=StemmedText(analyzer=stem),
        tags=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        date=fields.DATETIME(sortable=True),
        number=fields.NUMERIC(int, bits=32, signed=True),
        kind=fields.ID(),
        author=fields.TEXT(analyzer=author_analyzer()),
    )


_ARMOR = re.compile(
    r"^(-----BEGIN ([A-Z0-9 ]{1,40})-----)\n"
    r"(?:(?!-----)[A-Za-z0-9+/=:.\- \t]{0,100}\n){1,400}?"  # base64, armor headers
    r"(-----END \2-----)$",
    re.MULTILINE,
)


def searchable(text: str) -> str:
    """``text`` as the index reads it: an ASCII-armored block (a PGP signature, a
    PEM certificate or key) by its BEGIN and END lines, without its base64.

    The payload is letters no one types into a search (the Node.js blog signs
    its release notes: 16,000 such "words", a tenth of its index); "PGP
    signature" still finds the posts. The post's text is shown whole."""
    if "-----BEGIN " not in text:
        return text
    return _ARMOR.sub(r"\1\n\3", text)


def document(
    *,
    post_id: str,
    title: str,
    text: str,
    tags: tuple[str, ...],
    date: dt.date | None,
    number: int | None,
    kind: str,
    authors: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The Whoosh document for one post (``text`` is the body as plain text)."""
    doc: dict[str, Any] = {
        "id": post_id,
        "title": title,
        "body": searchable(text),
        "tags": ",".join(tags),
        "kind": kind,
        "author": "\n".join(authors),
    }
    if date is not None:
        doc["date"] = dt.datetime(date.year, date.month, date.day)
    if number is not None and -(2**31) <= number < 2**31:
        doc["number"] = number
    return doc
