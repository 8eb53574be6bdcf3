"""Running queries: ranked hits, snippets with match spans, and "did you mean".

The :class:`SearchEngine` owns one Whoosh searcher behind a lock (one searcher
per thread is Whoosh's rule, and the app's cancelled workers can overlap), and
copies everything it returns into plain dataclasses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from index._whoosh import highlight, scoring
from index.catalog import Catalog
from index.model import Hit, SearchResult, Snippet, Span
from index.query import bare_words, bound, make_parser, parse, plain_words, text_terms
from index.schema import stemming_analyzer
from index.spelling import Vocabulary

SNIPPET_CHARS = 220
"""Roughly how long a snippet is."""
_ELLIPSIS = "…"


class SearchEngine:
    """Searches one Whoosh index; safe to call from several threads."""

    def __init__(self, ix: Any, catalog: Catalog) -> None:
        self._ix = ix
        self._catalog = catalog
        self._lock = threading.Lock()
        self._searcher = ix.searcher(weighting=scoring.BM25F())
        self._parser = make_parser(ix.schema)
        self._analyzer = stemming_analyzer()
        self._vocabulary: Vocabulary | None = None

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def search(self, text: str, limit: int = 20) -> SearchResult:
        """The posts that best match ``text``, best first, at most ``limit`` of them."""
        limit = max(1, limit)
        with self._lock:
            self._searcher = self._searcher.refresh()
            q = bound(parse(self._parser, text), self._searcher.reader())
            results = self._searcher.search(q, limit=limit)
            ranked = [(hit["id"], hit.score) for hit in results]
            total = len(results)
            terms = text_terms(q)
        correction = self._correction(text)
        infos = self._catalog.infos_by_id([pid for pid, _ in ranked])
        texts = self._catalog.texts([pid for pid, _ in ranked])
        hits = tuple(
            Hit(info=infos[pid], score=float(score), snippet=self.snippet(texts[pid], terms))
            for pid, score in ranked
            if pid in infos  # the catalog lags Whoosh only after a crash; the next sync mends it
        )
        return SearchResult(
            query=text,
            total=total,
            hits=hits,
            correction=correction,
            terms=tuple(plain_words(text)),
        )

    def query_terms(self, text: str) -> frozenset[str]:
        """The analysed words a query looks for, expansions included."""
        with self._lock:
            q = bound(parse(self._parser, text), self._searcher.reader())
        return text_terms(q)

    def find_matches(self, text: str, query_text: str) -> tuple[Span, ...]:
        """Where in ``text`` the words that ``query_text`` looks for stand."""
        return self.spans(text, self.query_terms(query_text))

    def spans(self, text: str, terms: Iterable[str]) -> tuple[Span, ...]:
        termset = frozenset(terms)
        if not termset:
            return ()
        tokens = self._analyzer(text, chars=True, mode="query", removestops=False)
        return tuple(Span(t.startchar, t.endchar) for t in tokens if t.text in termset)

    def snippet(self, text: str, terms: frozenset[str]) -> Snippet:
        """The best short passage of ``text`` for ``terms``, with the words marked."""
        if terms:
            fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
            made = highlight.highlight(
                text, terms, self._analyzer, fragmenter, _SnippetFormatter(), top=2
            )
            if isinstance(made, Snippet) and made.spans:
                return made
        return _lead(text)

    def _correction(self, text: str) -> str | None:
        """Replace each word the archive never uses by its nearest, most used word."""
        vocabulary = self._vocabulary
        if vocabulary is None:  # loaded at the first search that needs it
            vocabulary = self._vocabulary = self._catalog.vocabulary()
        corrected = text
        for word in bare_words(text):
            lower = word.lower()
            if len(lower) < 3 or lower.isdigit() or lower in vocabulary:
                continue
            suggestion = vocabulary.suggest(lower)
            if suggestion:
                pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
                corrected = re.sub(pattern, _literal(suggestion), corrected, count=1)
        return corrected if corrected != text else None


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that is taken as it is (no backslash groups)."""
    return lambda _match: text


class _SnippetFormatter(highlight.Formatter):  # type: ignore[misc]
    """Turns Whoosh's fragments into a :class:`Snippet` (text plus spans), not HTML."""

    def __call__(self, text: str, fragments: list[Any]) -> Snippet:
        parts: list[str] = []
        spans: list[Span] = []
        offset = 0
        for fragment in fragments:
            prefix = _ELLIPSIS if fragment.startchar > 0 else ""
            if parts:
                prefix = " " + _ELLIPSIS + " " if prefix else " "
            piece, where = _squeeze(text, fragment.startchar, fragment.endchar)
            base = offset + len(prefix)
            for token in fragment.matches:
                if fragment.startchar <= token.startchar < token.endchar <= fragment.endchar:
                    spans.append(Span(base + where[token.startchar], base + where[token.endchar]))
            parts.append(prefix + piece)
            offset += len(prefix) + len(piece)
        if fragments and fragments[-1].endchar < len(text.rstrip()):
            parts.append(_ELLIPSIS)
        return Snippet("".join(parts), tuple(spans))


def _squeeze(text: str, start: int, end: int) -> tuple[str, dict[int, int]]:
    """``text[start:end]`` with each run of white space made one space, and where
    each original offset lands in the result."""
    out: list[str] = []
    where: dict[int, int] = {}
    last_space = False
    for index in range(start, end):
        where[index] = len(out)
        char = text[index]
        if char.isspace():
            if not last_space:
                out.append(" ")
            last_space = True
        else:
            out.append(char)
            last_space = False
    where[end] = len(out)
    return "".join(out), where


def _lead(text: str) -> Snippet:
    """The start of ``text``, cut at a word boundary: the snippet when nothing is marked."""
    flat = " ".join(text[: SNIPPET_CHARS * 2].split())
    if len(flat) <= SNIPPET_CHARS:
        return Snippet(flat)
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return Snippet(flat[: cut if cut > 0 else SNIPPET_CHARS] + " " + _ELLIPSIS)
