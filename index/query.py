"""Turning what a person typed into a Whoosh query that cannot raise or run away.

- Words: each helps, none is required; posts with all of them rank first
  (an ``OrGroup`` with a coordination bonus), BM25F with the title boosted.
- ``"a phrase"``, ``title:word``, ``tag:name``, ``date:2020``,
  ``date:[2019 to 2020]``, ``word*`` prefixes and ``word~`` fuzzy terms.
- Anything the parser chokes on falls back to the plain words of the query.
- Prefix and fuzzy terms are expanded here, to a bounded number of the most
  frequent matching words, into one preloaded ``Or``: Whoosh's own expansion
  can take seconds on a big index (a 3-letter prefix: 438 ms median, 1.9 s at
  the 95th percentile, at 10,000 posts; about 40 ms expanded here).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from blog_reader.index._whoosh import dateparse, qparser, query
from blog_reader.index.schema import stem

MAX_EXPANSION = 64
"""At most this many index words stand in for one prefix or fuzzy term."""
MAX_EXPANDED_TERMS = 256
"""At most this many words stand in for all the prefix and fuzzy terms of one
query together: at 10,000 posts each frequent word costs about a millisecond of
scoring (25 prefixes of 64 words took 1.5 s)."""
MAX_CANDIDATES = 1_000
"""At most this many index words are looked at to choose them."""
MAX_QUERY_CHARS = 1_000
"""A longer query is cut to this many characters. Whoosh's parser takes time
quadratic in the length of a word or a run of brackets: 0.4 s for 10,000
characters, 33 s for 100,000."""

_SEARCH_FIELDS = ["title", "body"]
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")  # words, with inner apostrophes
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe", "to"}


def make_parser(schema: Any) -> Any:
    """The query parser: Whoosh's defaults plus fuzzy terms, dates, comparisons, ``tag:``."""
    parser = qparser.MultifieldParser(_SEARCH_FIELDS, schema, group=qparser.OrGroup.factory(0.9))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin({"tags": ["tag", "category"]}))
    parser.add_plugin(dateparse.DateParserPlugin(basedate=dt.datetime(2000, 1, 1)))
    return parser


def plain_words(text: str) -> list[str]:
    """The words of a query string, without syntax: the fallback when parsing fails."""
    return [w for w in _WORD.findall(text) if w.lower() not in _OPERATORS]


def bare_words(text: str) -> list[str]:
    """The words a person typed as plain words: not a field name or value, not a
    prefix (``word*``) or fuzzy (``word~``) term. These are what "did you mean" may
    correct; the others mean something else than their spelling."""
    return [
        match.group()
        for match in _WORD.finditer(text)
        if match.group().lower() not in _OPERATORS
        and text[match.end() : match.end() + 1] not in ("*", "?", "~", ":")
        and text[match.start() - 1 : match.start()] not in (":", "*", "?")
    ]


def parse(parser: Any, text: str) -> Any:
    """Parse ``text`` (its first :data:`MAX_QUERY_CHARS`); on any error fall back
    to its plain words."""
    text = text[:MAX_QUERY_CHARS]
    for plugin in parser.plugins:
        if isinstance(plugin, dateparse.DateParserPlugin):
            plugin.basedate = dt.datetime.now()
    try:
        return _runnable(parser.parse(text), parser.schema)
    except Exception:  # Whoosh's parser raises a zoo of types on odd input
        pass
    words = plain_words(text)
    if not words:
        return query.NullQuery
    try:
        return _runnable(parser.parse(" ".join(w.lower() for w in words)), parser.schema)
    except Exception:  # never seen; but a search that raises reads as a damaged index
        return query.NullQuery


def _runnable(q: Any, schema: Any) -> Any:
    """``q`` without the terms its field cannot turn into index bytes.

    The parser accepts ``date:`` followed by nothing a date parser reads as a
    term of text '' in the DATETIME field; running it raises ("'' is not a
    parseable date"), and a search that raises reads as a damaged index.
    """

    def check(node: Any) -> Any:
        if isinstance(node, query.Term) and node.fieldname in schema:
            try:
                schema[node.fieldname].to_bytes(node.text)
            except Exception:
                return query.NullQuery
        return node

    return q.accept(check)


NearWords = Callable[[str, int], list[str]]
"""The archive's words within an edit distance of a word (see spelling.Vocabulary.near)."""


def bound(q: Any, reader: Any, near: NearWords | None = None) -> Any:
    """``q`` with every prefix, wildcard and fuzzy term replaced by a bounded ``Or``.

    All of a query's expansions together hold at most :data:`MAX_EXPANDED_TERMS`
    words, shared out among its prefix and fuzzy terms.
    """
    share = MAX_EXPANDED_TERMS // max(1, _count_multiterms(q))
    return _bound(q, reader, near, max(1, min(MAX_EXPANSION, share)))


def _count_multiterms(q: Any) -> int:
    if isinstance(q, query.MultiTerm):
        return 1
    if q.is_leaf():
        return 0
    return sum(_count_multiterms(child) for child in q.children())


def _bound(q: Any, reader: Any, near: NearWords | None, limit: int) -> Any:
    if isinstance(q, query.MultiTerm):
        return _expand(q, reader, near, limit)
    if isinstance(q, query.Every) and q.fieldname in _SEARCH_FIELDS:
        # "*": every post (each has a title). Whoosh's Every(field) reads every
        # posting of the field to find the posts that have it: 3 s at 10,000 posts.
        return query.Every(boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda child: _bound(child, reader, near, limit))


def _expand(q: Any, reader: Any, near: NearWords | None, limit: int) -> Any:
    fieldname = q.fieldname
    if fieldname not in reader.schema:
        return query.NullQuery
    field = reader.schema[fieldname]
    words: list[str] = []
    if isinstance(q, query.FuzzyTerm) and near is not None:
        # The words as written (unstemmed) near the typed one, through a
        # Levenshtein automaton over the sorted word list, then their stems:
        # Whoosh's own expansion computes an edit distance for every stem
        # sharing the first letter (in Python), ~5 ms a fuzzy term at 10,000 posts.
        stems = {stem(word) for word in near(q.text, min(q.maxdist, 2))}
        words = sorted(s for s in stems if reader.doc_frequency(fieldname, s))
    else:
        if isinstance(q, query.FuzzyTerm):  # no word list: bound Whoosh's own scan
            q = query.FuzzyTerm(
                fieldname,
                q.text,
                boost=q.boost,
                maxdist=min(q.maxdist, 2),
                prefixlength=max(q.prefixlength, 1),
            )
        for found in q._btexts(reader):
            # Prefix and wildcard expansions yield bytes, fuzzy ones text.
            words.append(field.from_bytes(found) if isinstance(found, bytes) else found)
            if len(words) >= MAX_CANDIDATES:
                break
    if len(words) > limit:  # keep the words most posts use
        words.sort(key=lambda word: -reader.doc_frequency(fieldname, word))
    terms = [query.Term(fieldname, word) for word in words[:limit]]
    if not terms:
        return query.NullQuery
    expanded = query.Or(terms, boost=q.boost)
    expanded.matcher_type = query.Or.ARRAY_MATCHER
    return expanded


def text_terms(q: Any) -> frozenset[str]:
    """The analysed words a query looks for in titles and bodies (for marking matches)."""
    words: set[str] = set()
    for fieldname, text in q.iter_all_terms(phrases=True):
        if fieldname in ("title", "body"):
            words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(words)
