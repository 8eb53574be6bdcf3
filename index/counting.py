"""What a search found and how many posts match it: the ranked hits with the
document numbers seen (for facets), and a lower bound on the total read from the
words' own post counts, for when counting every match costs more than ranking."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from blog_reader.index._whoosh import collectors, query


@dataclass(slots=True)
class Answer:
    """What running one query found (see :meth:`blog_reader.index.search.SearchEngine.search`)."""

    ranked: list[tuple[str, float]]
    total: int
    terms: frozenset[str]
    complete: bool = True
    counted: bool = True
    docs: list[int] = dataclass_field(default_factory=list)
    """The document numbers of the matches seen (every one, when complete and counted)."""


class TopAndMatched(collectors.TopCollector):  # type: ignore[misc]
    """Whoosh's top-N collector that also notes the document number of each match
    it scores (every match in a full pass), for counting facets."""

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.matched: list[int] = []

    def _collect(self, global_docnum: int, score: float) -> Any:
        self.matched.append(global_docnum)
        return super()._collect(global_docnum, score)


def least_matches(q: Any, reader: Any) -> int | None:
    """How many posts at least match ``q``, read from its words' document
    frequencies without looking at a posting; None when that cannot be known
    (a phrase, an intersection).

    A union matches at least as many posts as its largest part; a term as many
    as hold it, less the deleted posts whose postings are still on disk.
    """
    if isinstance(q, query.Term):
        deleted: int = reader.doc_count_all() - reader.doc_count()
        holding: int = reader.doc_frequency(q.fieldname, q.text)
        return max(0, holding - deleted)
    if isinstance(q, query.Or):
        parts = [least_matches(child, reader) for child in q.subqueries]
        known = [n for n in parts if n is not None]
        return max(known) if known else None
    if isinstance(q, query.And) and len(q.subqueries) == 1:
        return least_matches(q.subqueries[0], reader)
    return None
