"""Turning what a person typed into a Whoosh query that cannot raise or run away.

- Words: each helps, none is required; posts with all of them rank first
  (an ``OrGroup`` with a coordination bonus), BM25F with the title boosted.
- Filters narrow: a field term (``tag:name``, ``date:2020``,
  ``date:[2019 to 2020]``, ``title:word``, any field of the schema) is required,
  as is every other filter, and adds nothing to the score: the words rank the
  posts within them. ``-word``, ``-tag:name`` and ``NOT word`` exclude.
- ``"a phrase"``, ``word*`` prefixes and ``word~`` fuzzy terms.
- Anything the parser chokes on falls back to the plain words of the query.
- Prefix and fuzzy terms are expanded here, to a bounded number of the most
  frequent matching words, into one preloaded ``Or``: Whoosh's own expansion
  can take seconds on a big index (a 3-letter prefix: 438 ms median, 1.9 s at
  the 95th percentile, at 10,000 posts; about 40 ms expanded here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from blog_reader.index._whoosh import dateparse, fields, qparser, query
from blog_reader.index.date_filters import with_dates_read
from blog_reader.index.phrases import fast_phrase
from blog_reader.index.query_text import ALIASES, plain_words, split, typed_prefix
from blog_reader.index.schema import stem
from blog_reader.index.skipping import SkippingOr
from blog_reader.index.unions import FastUnion, FieldsUnion

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
MAX_COMPLETIONS = 16
"""At most this many index words stand in for the word being typed (the most used
first), and only as many of them as hold :data:`COMPLETION_POSTINGS` postings
together: each posting is scored at every key."""
COMPLETION_POSTINGS = 500
COMPLETE_BELOW = 20
"""The word being typed finds the words it begins only while fewer posts than
this (a page of hits) hold it whole: beyond, the posts with the longer words
would rank below a full page anyway."""
PREFIX_WEIGHT = 0.01
"""How much a word the typed prefix completes weighs beside the typed word itself:
little, so that posts with the whole word rank above those with a longer one."""

_SEARCH_FIELDS = ["title", "body"]


def make_parser(schema: Any) -> Any:
    """The query parser: Whoosh's defaults plus fuzzy terms, dates, comparisons, ``tag:``."""
    parser = qparser.MultifieldParser(_SEARCH_FIELDS, schema, group=qparser.OrGroup.factory(0.9))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    aliases = {field: [a for a, f in ALIASES.items() if f == field] for field in ALIASES.values()}
    parser.add_plugin(qparser.FieldAliasPlugin(aliases))
    parser.add_plugin(dateparse.DateParserPlugin(basedate=dt.datetime(2000, 1, 1)))
    return parser


@dataclass(frozen=True, slots=True)
class Analysed:
    """A query ready to run."""

    query: Any
    ranked: bool
    """Whether it has words to rank by; without them (filters or exclusions only)
    its posts are listed newest first."""


def analyse(parser: Any, text: str, *, prefix_last: bool = False) -> Analysed:
    """``text`` (its first :data:`MAX_QUERY_CHARS`) as a query: the words ORed and
    ranked, within every filter, less the exclusions. With ``prefix_last``, the
    word being typed also finds the words it begins (weighing little)."""
    text = text[:MAX_QUERY_CHARS]
    for plugin in parser.plugins:
        if isinstance(plugin, dateparse.DateParserPlugin):
            plugin.basedate = dt.datetime.now()
    parts = split(text, parser.schema.names())
    words = list(parts.words)
    filters: list[Any] = []
    for chunk in parts.filters:
        parsed = _try_parse(parser, with_dates_read(chunk))
        if parsed is None:  # unreadable: its words help rank instead
            words += plain_words(chunk)
        elif parsed is not query.NullQuery:
            filters.append(parsed)
    excluded = [_parse_words(parser, with_dates_read(chunk)) for chunk in parts.excluded]
    excluded = [q for q in excluded if q is not query.NullQuery]
    ranking = _parse_words(parser, " ".join(words)) if words else query.NullQuery
    prefix = typed_prefix(text) if prefix_last and words else None
    if prefix is not None and words[-1] == prefix:
        ranking = _with_completions(parser, ranking, prefix)
    ranked = ranking is not query.NullQuery
    if ranked:
        # A filter adds nothing to the score: the words alone rank within it.
        core = query.And([ranking, *(query.ConstantScoreQuery(f, 0.0) for f in filters)])
    elif filters:
        core = query.And(filters)
    else:
        core = query.Every() if excluded else query.NullQuery
    if excluded and core is not query.NullQuery:
        core = query.AndNot(core, query.Or(excluded))
    return Analysed(_single(core), ranked)


def _with_completions(parser: Any, ranking: Any, prefix: str) -> Any:
    """``ranking`` or the words that ``prefix`` begins, these weighing little.

    Beside the words' own group, not inside it: their coordination bonus
    (posts with more of the words rank first) counts the words' terms, and
    would fade under the dozens of words a prefix stands for.
    """
    completions = _try_parse(parser, f"{prefix}*^{PREFIX_WEIGHT}")
    if completions is None or completions is query.NullQuery:
        return ranking
    completions = completions.accept(
        lambda node: (
            _Completion(node.fieldname, node.text, boost=node.boost)
            if type(node) is query.Prefix
            else node
        )
    )
    if ranking is query.NullQuery:
        return completions
    return query.Or([ranking, completions])


class _Completion(query.Prefix):  # type: ignore[misc]
    """The word being typed, as a prefix: expanded to at most
    :data:`MAX_COMPLETIONS` words, and only while the word itself is rare (see
    :data:`COMPLETE_BELOW`)."""


def _single(q: Any) -> Any:
    """``q`` without a compound of one (Whoosh runs the child alone faster)."""
    if isinstance(q, query.And) and len(q.subqueries) == 1:
        return q.subqueries[0]
    return q


def parse(parser: Any, text: str) -> Any:
    """``text`` as a query (see :func:`analyse`); never raises."""
    return analyse(parser, text).query


def _try_parse(parser: Any, text: str) -> Any | None:
    """``text`` parsed, or None when the parser chokes on it."""
    try:
        return _runnable(parser.parse(text), parser.schema)
    except Exception:  # Whoosh's parser raises a zoo of types on odd input
        return None


def _parse_words(parser: Any, text: str) -> Any:
    """``text`` parsed; on any error, its plain words."""
    parsed = _try_parse(parser, text)
    if parsed is not None:
        return parsed
    words = plain_words(text)
    if not words:
        return query.NullQuery
    parsed = _try_parse(parser, " ".join(w.lower() for w in words))
    return query.NullQuery if parsed is None else parsed


def _runnable(q: Any, schema: Any) -> Any:
    """``q`` without the terms its field cannot turn into index bytes.

    The parser accepts ``date:`` followed by nothing a date parser reads as a
    term of text '' in the DATETIME field; running it raises ("'' is not a
    parseable date"), and a search that raises reads as a damaged index. A
    range open at both ends (``date:[ to ]``) says nothing: as a filter it would
    only keep the posts that have the field.
    """

    def check(node: Any) -> Any:
        if isinstance(node, query.TermRange | query.NumericRange) and (
            node.start is None and node.end is None
        ):
            return query.NullQuery
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
    """``q`` with every prefix, wildcard and fuzzy term replaced by a bounded ``Or``,
    and every phrase by a :class:`~blog_reader.index.phrases.FastPhrase`.

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
    if type(q) is query.Phrase:
        return fast_phrase(q)
    if (
        isinstance(q, query.NumericRange)
        and q.fieldname in reader.schema
        and isinstance(reader.schema[q.fieldname], fields.NUMERIC)
    ):
        return _range_terms(q, reader)
    if isinstance(q, query.Every) and q.fieldname in _SEARCH_FIELDS:
        # "*": every post (each has a title). Whoosh's Every(field) reads every
        # posting of the field to find the posts that have it: 3 s at 10,000 posts.
        return query.Every(boost=q.boost)
    if q.is_leaf():
        return q
    bounded = q.apply(lambda child: _bound(child, reader, near, limit))
    if type(bounded) is query.Or:  # words ORed: see skipping.py
        subs = bounded.subqueries
        # One word, prefix or fuzzy term in titles and bodies: one array (see unions.py).
        two_fields = len(subs) == 2 and all(type(sub) in (FastUnion, query.Term) for sub in subs)
        if two_fields and not bounded.scale and bounded.boost == 1:
            subs = [sub if type(sub) is FastUnion else FastUnion([sub]) for sub in subs]
        kind = FieldsUnion if two_fields and not bounded.scale else SkippingOr
        skipping = kind(subs, boost=bounded.boost, minmatch=bounded.minmatch, scale=bounded.scale)
        skipping.matcher_type = bounded.matcher_type
        return skipping
    return bounded


def _expand(q: Any, reader: Any, near: NearWords | None, limit: int) -> Any:
    fieldname = q.fieldname
    completing = isinstance(q, _Completion)
    if completing:
        if fieldname in reader.schema and reader.doc_frequency(fieldname, q.text) >= COMPLETE_BELOW:
            return query.NullQuery
        limit = min(limit, MAX_COMPLETIONS)
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
            # Sorting the candidates by use costs a lookup each: fewer while typing.
            if len(words) >= (4 * MAX_COMPLETIONS if completing else MAX_CANDIDATES):
                break
    if len(words) > limit or isinstance(q, _Completion):  # keep the words most posts use
        words.sort(key=lambda word: -reader.doc_frequency(fieldname, word))
    words = words[:limit]
    if isinstance(q, _Completion):
        words = _within_budget(words, reader, fieldname)
    # The boost on each word: Whoosh scores an Or without its own boost.
    terms = [query.Term(fieldname, word, boost=q.boost) for word in words]
    if not terms:
        return query.NullQuery
    return FastUnion(terms)


def _range_terms(q: Any, reader: Any) -> Any:
    """A date or number range as the one ``Or`` of every index term it stands
    for, run by the array matcher.

    Whoosh runs a range as an ``Or`` of terms and term ranges, each range an
    ``Or`` of its own, as binary trees of union matchers: at 100,000 posts
    ``date:2021`` (7,300 posts) took 166 ms, most of it passing calls down
    those trees for each post.
    """
    compiled = q._compile_query(reader)
    if compiled is query.NullQuery:
        return compiled
    scored = isinstance(compiled, query.ConstantScoreQuery)
    inner = compiled.child if scored else compiled
    parts = inner.subqueries if isinstance(inner, query.Or) else [inner]
    terms: list[Any] = []
    for part in parts:
        if isinstance(part, query.Term):
            terms.append(part)
        else:  # a TermRange over the field's index bytes
            terms += [query.Term(q.fieldname, found) for found in part._btexts(reader)]
    if not terms:
        return query.NullQuery
    expanded = FastUnion(terms, boost=inner.boost)
    return query.ConstantScoreQuery(expanded, compiled.score) if scored else expanded


def _within_budget(words: list[str], reader: Any, fieldname: str) -> list[str]:
    """Those of ``words`` (the most used first) whose posts add up to at most
    :data:`COMPLETION_POSTINGS`, a word that would pass it left out; when none fits,
    the most used alone.

    Without that last rule, at 100,000 posts the box said "No post matches feb" and
    "No post matches feboc" while "feboca" was typed (the one word "feboc" begins is
    in 84,581 posts): a word alone is scored as one word is, the best posts found
    without reading every posting (``index/pruning.py``)."""
    kept: list[str] = []
    total = 0
    for word in words:
        found = reader.doc_frequency(fieldname, word)
        if total + found <= COMPLETION_POSTINGS:
            kept.append(word)
            total += found
    return kept or words[:1]


def text_terms(q: Any) -> frozenset[str]:
    """The analysed words a query looks for in titles and bodies (for marking
    matches), less those it excludes."""
    words: set[str] = set()
    for fieldname, text in _wanted_terms(q):
        if fieldname in ("title", "body"):
            words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(words)


def _wanted_terms(q: Any) -> list[tuple[str, Any]]:
    if isinstance(q, query.AndNot):
        return _wanted_terms(q.a)
    if isinstance(q, query.Not):
        return []
    if q.is_leaf():
        return list(q.terms(phrases=True))
    return [term for child in q.children() for term in _wanted_terms(child)]
