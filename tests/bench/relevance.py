"""Relevance on real archives, judged by reading: ``python -m tests.bench.relevance``.

Loads the judged queries of ``relevance.toml`` and, for each of its corpora found in
the corpora folder (``<repo>/../shared/corpora`` unless ``--corpora`` says), builds
blog-reader's index, SQLite FTS5 (bm25, titles weighted 10 to the body's 1; queries
in FTS5's own syntax, words ANDed, each word quoted when FTS5 rejects the syntax; and
the same index with the words ORed, as the latency benchmark queries it) and plain
Whoosh (its quick-start: the whole file as ``content``, its default parser) over the
same posts. Every query runs through each; it reports P@1 and MRR@10 per engine,
overall, per corpus and per kind, and the queries blog-reader misses.

Definitions: a hit is relevant when the set grades it 1 or 2. P@1 is the share of
queries whose first hit is relevant; MRR@10 is the mean of 1 / the rank of the first
relevant hit among the first 10 (0 when there is none). "P@1, wanted first" counts
only a first hit graded 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blog_reader.index.files import walk_posts

ROOT = Path(__file__).resolve().parents[2]
SET = Path(__file__).with_name("relevance.toml")
CORPORA = ROOT.parent / "shared" / "corpora"
KINDS = ("topic", "entity", "title-ish", "misspelt", "phrase")
DEPTH = 10
OURS = "blog-reader"

Search = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class Judged:
    """One query of the set and the posts a reader wants for it (id -> grade)."""

    corpus: str
    kind: str
    query: str
    wanted: Mapping[str, int]
    reason: str


def load(path: Path = SET) -> list[Judged]:
    """The judged queries of ``path``; raises ``ValueError`` on a malformed entry."""
    with path.open("rb") as file:
        entries = tomllib.load(file)["query"]
    out: list[Judged] = []
    for n, entry in enumerate(entries, 1):
        judged = Judged(
            corpus=entry["corpus"],
            kind=entry["kind"],
            query=entry["query"],
            wanted=dict(entry["wanted"]),
            reason=entry["reason"],
        )
        if judged.kind not in KINDS:
            raise ValueError(f"{path} query {n}: kind {judged.kind!r} is not one of {KINDS}")
        if not set(judged.wanted.values()) <= {1, 2} or 2 not in judged.wanted.values():
            raise ValueError(f"{path} query {n}: grades must be 1 or 2, with at least one 2")
        out.append(judged)
    return out


# -- metrics -----------------------------------------------------------------------


def first_relevant(
    ranking: Sequence[str], wanted: Mapping[str, int], depth: int = DEPTH, grade: int = 1
) -> int | None:
    """The 1-based rank of the first hit graded ``grade`` or more, within ``depth``."""
    for rank, post_id in enumerate(ranking[:depth], 1):
        if wanted.get(post_id, 0) >= grade:
            return rank
    return None


def precision_at_1(
    results: Iterable[tuple[Sequence[str], Mapping[str, int]]], grade: int = 1
) -> float:
    """Share of (ranking, wanted) pairs whose first hit is graded ``grade`` or more."""
    pairs = list(results)
    if not pairs:
        return 0.0
    return sum(first_relevant(r, w, 1, grade) == 1 for r, w in pairs) / len(pairs)


def mean_reciprocal_rank(
    results: Iterable[tuple[Sequence[str], Mapping[str, int]]], depth: int = DEPTH
) -> float:
    """Mean of 1 / rank of the first relevant hit within ``depth`` (0 when none)."""
    pairs = list(results)
    if not pairs:
        return 0.0
    ranks = [first_relevant(r, w, depth) for r, w in pairs]
    return sum(1 / rank for rank in ranks if rank) / len(pairs)


# -- running -----------------------------------------------------------------------


def run(corpora: Path, judged: list[Judged]) -> dict[str, Any]:
    """Every query of ``judged`` through each engine, on each corpus found in ``corpora``."""
    rows: list[dict[str, Any]] = []
    builds: dict[str, dict[str, float]] = {}
    missing: list[str] = []
    unindexed: set[str] = set()
    for corpus in sorted({j.corpus for j in judged}):
        root = corpora / corpus
        if not root.is_dir():
            missing.append(corpus)
            continue
        queries = [j for j in judged if j.corpus == corpus]
        # Posts the set wants that no engine is given (a file the walk leaves out).
        posts = {post_id for post_id, _ in walk_posts(root)}
        unindexed |= {f"{corpus}/{i}" for j in queries for i in j.wanted if i not in posts}
        with (
            tempfile.TemporaryDirectory(prefix=f"relevance-{corpus}-") as tmp,
            ExitStack() as stack,
        ):
            engines, builds[corpus] = _engines(root, Path(tmp), stack)
            for j in queries:
                rankings = {name: search(j.query, DEPTH) for name, search in engines.items()}
                rows.append({**_describe(j), "rankings": rankings})
    return {
        "engines": _engine_names(rows),
        "builds_s": builds,
        "missing": missing,
        "unindexed": sorted(unindexed),
        "rows": rows,
    }


def _engines(root: Path, tmp: Path, stack: ExitStack) -> tuple[dict[str, Search], dict[str, float]]:
    from blog_reader.index import Archive
    from tests.bench.references import Fts5, PlainWhoosh

    print(f"== {root.name}: building the indexes", file=sys.stderr, flush=True)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    archive = stack.enter_context(Archive.open(root, tmp / "ours"))
    archive.sync()
    seconds[OURS] = time.perf_counter() - start

    def ours(text: str, limit: int) -> list[str]:
        return [hit.id for hit in archive.search(text, limit=limit).hits]

    fts = Fts5(tmp / "fts", title_weight=10.0, plain=True)
    fts_or = Fts5(tmp / "fts", title_weight=10.0)
    whoosh = PlainWhoosh(tmp / "whoosh")
    for name, ref in (("SQLite FTS5", fts), ("plain Whoosh", whoosh)):
        start = time.perf_counter()
        ref.build(root)
        seconds[name] = time.perf_counter() - start
    engines: dict[str, Search] = {
        OURS: ours,
        "SQLite FTS5": fts.search,
        "FTS5, words ORed": fts_or.search,
        "plain Whoosh": whoosh.search,
    }
    return engines, {name: round(s, 1) for name, s in seconds.items()}


def _describe(j: Judged) -> dict[str, Any]:
    return {"corpus": j.corpus, "kind": j.kind, "query": j.query, "wanted": dict(j.wanted)}


def _engine_names(rows: list[dict[str, Any]]) -> list[str]:
    return list(rows[0]["rankings"]) if rows else []


# -- reporting ---------------------------------------------------------------------


def scores(rows: list[dict[str, Any]], engine: str) -> dict[str, float]:
    """P@1 (relevant, and wanted first) and MRR@10 of ``engine`` over ``rows``."""
    pairs = [(row["rankings"][engine], row["wanted"]) for row in rows]
    return {
        "n": len(pairs),
        "p_at_1": round(precision_at_1(pairs), 3),
        "p_at_1_wanted_first": round(precision_at_1(pairs, grade=2), 3),
        "mrr_at_10": round(mean_reciprocal_rank(pairs), 3),
    }


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """Scores per engine: overall, per corpus, per kind; blog-reader's misses."""
    rows = results["rows"]
    groups: dict[str, list[dict[str, Any]]] = {"all": rows}
    for corpus in sorted({row["corpus"] for row in rows}):
        groups[corpus] = [row for row in rows if row["corpus"] == corpus]
    for kind in KINDS:
        groups[kind] = [row for row in rows if row["kind"] == kind]
    table = {
        group: {engine: scores(members, engine) for engine in results["engines"]}
        for group, members in groups.items()
        if members
    }
    misses = [
        {
            "corpus": row["corpus"],
            "kind": row["kind"],
            "query": row["query"],
            "first_relevant": first_relevant(row["rankings"][OURS], row["wanted"]),
            "top": row["rankings"][OURS][:1],
        }
        for row in rows
        if OURS in row["rankings"] and first_relevant(row["rankings"][OURS], row["wanted"]) != 1
    ]
    return {"scores": table, "misses": misses}


def table(results: dict[str, Any]) -> str:
    """The scores as a Markdown table (P@1 / MRR@10 per engine), then the misses."""
    summary = summarise(results)
    engines = results["engines"]
    lines = [
        "| queries | n | " + " | ".join(f"{e}: P@1 / MRR@10" for e in engines) + " |",
        "| --- | --- |" + " --- |" * len(engines),
    ]
    for group, by_engine in summary["scores"].items():
        n = next(iter(by_engine.values()))["n"]
        cells = [f"{s['p_at_1']:.2f} / {s['mrr_at_10']:.2f}" for s in by_engine.values()]
        lines.append(f"| {group} | {n} | " + " | ".join(cells) + " |")
    overall = summary["scores"].get("all", {})
    if overall:
        lines.append("")
        lines.append(
            "P@1 counting only a first hit graded 2 (wanted first): "
            + ", ".join(f"{e} {s['p_at_1_wanted_first']:.2f}" for e, s in overall.items())
        )
    lines.append("")
    lines.append(f"{OURS} misses (first relevant hit not first):")
    for miss in summary["misses"]:
        rank = miss["first_relevant"]
        where = f"rank {rank}" if rank else f"not in the top {DEPTH}"
        top = miss["top"][0] if miss["top"] else "no hits"
        lines.append(f"- {miss['corpus']} {miss['kind']} `{miss['query']}`: {where} (first: {top})")
    if not summary["misses"]:
        lines.append("- none")
    if results["unindexed"]:
        lines.append("")
        lines.append(
            "Wanted posts that are not post files to any engine (their queries count, "
            f"and miss where they are all it wants): {', '.join(results['unindexed'])}"
        )
    if results["missing"]:
        lines.append("")
        lines.append(f"Corpora not found, left out: {', '.join(results['missing'])}")
    return "\n".join(lines)


def bench(corpora: Path, out: Path | None = None) -> dict[str, Any] | None:
    """Run the set on ``corpora`` when it exists (None otherwise); print the table."""
    if not corpora.is_dir():
        print(f"Relevance: no corpora at {corpora}; skipped.", file=sys.stderr)
        return None
    results = run(corpora, load())
    results["summary"] = summarise(results)
    if out is not None:
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.relevance", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpora", type=Path, default=CORPORA, help=f"default {CORPORA}")
    parser.add_argument("--out", type=Path, help="write every ranking and score as JSON")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        raise SystemExit(f"No corpora folder at {args.corpora}: give one with --corpora PATH.")
    bench(args.corpora, args.out)


if __name__ == "__main__":
    main()
