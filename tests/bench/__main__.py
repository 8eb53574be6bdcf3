"""The benchmark: ``python -m tests.bench [--sizes 1000 10000 100000]``.

Generates a deterministic archive of each size (``tests/bench/corpus.py``),
then measures, on this machine, with the same posts:

- a full index build (as the ``index`` command, in its own process): posts/s,
  index size on disk, peak memory;
- a sync with nothing changed, with one post changed, with 1% changed;
- search inside the process for 200 mixed queries, snippets of the first page
  included (median and p95 per kind), and "did you mean";
- the related posts of 200 posts (``Archive.related``, snippets included);
- ``blog-reader search`` as a whole process;
- the app, headless under Pilot (``tests/bench/app.py``): launch to first
  paint, and each key (typed letters, sidebar moves, post opens) to the first
  frame painted once the app has answered it;
- the same posts through plain Whoosh as its quick-start uses it, and through
  SQLite FTS5, and the ratios;
- when the real archives are there (``--corpora``, default ``<repo>/../shared/corpora``),
  relevance judged by reading: P@1 and MRR@10 beside FTS5 and plain Whoosh
  (``tests/bench/relevance.py``, also runnable alone).

It checks correctness at every size (each sampled post's planted token finds
that post first), writes ``tests/bench/results.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench import relevance
from tests.bench.corpus import generate, planted, post_path, post_text, vocabulary, zipf_weights
from tests.bench.memory import TreeSampler
from tests.bench.queries import KINDS, misspelled, mixed_queries
from tests.bench.references import Fts5, PlainWhoosh
from tests.bench.table import table

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).with_name("results.json")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="also measure this real archive (repeatable; see tests/bench/real.py)",
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/blog-reader-bench"))
    parser.add_argument("--no-app", action="store_true", help="skip the Pilot measurements")
    parser.add_argument("--no-references", action="store_true", help="skip plain Whoosh and FTS5")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--corpora",
        type=Path,
        default=relevance.CORPORA,
        help="folder of real archives for the relevance set (skipped when missing)",
    )
    parser.add_argument(
        "--long-posts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time opening long posts in the reader (a generated 1 MB one, and a real one)",
    )
    parser.add_argument(
        "--build-runs",
        type=int,
        default=3,
        help="full builds of each kind, ours and plain Whoosh's taken in turn (the median counts)",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "sizes": {}, "real": {}}
    for size in args.sizes:
        print(f"== {size:,} posts", file=sys.stderr, flush=True)
        results["sizes"][str(size)] = bench_size(
            size, args.workdir, not args.no_app, not args.no_references, max(1, args.build_runs)
        )
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.long_posts:
        from tests.bench.reading import bench_long_posts, long_posts_table

        print("== long posts", file=sys.stderr, flush=True)
        results["long_posts"] = bench_long_posts(args.workdir)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for corpus in args.corpus:
        from tests.bench.real import bench_corpus

        print(f"== {corpus}", file=sys.stderr, flush=True)
        results["real"][corpus.name] = bench_corpus(
            corpus.resolve(), args.workdir, not args.no_app, max(1, args.build_runs)
        )
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    if "long_posts" in results:
        print()
        print(long_posts_table(results["long_posts"]))
    judged = relevance.bench(args.corpora)
    if judged is not None:
        results["relevance"] = {"builds_s": judged["builds_s"], **judged["summary"]}
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "whoosh": version("Whoosh"),
        "date": time.strftime("%Y-%m-%d"),
    }


# -- measuring -------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2), "n": len(ms)}


def run_process(command: list[str]) -> tuple[float, TreeSampler, str]:
    """Wall seconds, the memory of its process tree (sampled every 50 ms), stdout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    memory = TreeSampler(process.pid)
    memory.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    memory.stop()
    if process.returncode:
        raise SystemExit(f"{command} failed:\n{err}")
    return seconds, memory, out


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_size(
    size: int, workdir: Path, app: bool, references: bool, build_runs: int
) -> dict[str, Any]:
    from blog_reader.index import Archive

    corpus = generate(workdir / f"corpus-{size}", size)
    index_dir = workdir / f"index-{size}"
    out: dict[str, Any] = {}

    # Builds in turn, ours then plain Whoosh's, so that a slower spell of a shared
    # machine (runs here varied by 20%) weighs on both alike.
    plain = PlainWhoosh(workdir / f"plain-{size}")
    ours: list[float] = []
    theirs: list[float] = []
    largest_mb = total_mb = 0
    for _ in range(build_runs):
        seconds, memory, _ = run_process(
            [
                sys.executable,
                "-m",
                "blog_reader.tui",
                "index",
                "--rebuild",
                "--corpus",
                str(corpus),
                "--index-dir",
                str(index_dir),
            ]
        )
        ours.append(seconds)
        largest_mb = max(largest_mb, memory.largest_mb)
        total_mb = max(total_mb, memory.total_mb)
        if references:
            theirs.append(timed(lambda: plain.build(corpus)))
    seconds = statistics.median(ours)
    out["build"] = {
        "seconds": round(seconds, 2),
        "runs": [round(s, 2) for s in ours],
        "posts_per_s": round(size / seconds),
        "index_mb": round(folder_size(index_dir / "data") / 2**20, 1),
        "peak_rss_mb": largest_mb,
        "peak_rss_all_processes_mb": total_mb,
    }
    print(f"  build {out['build']}", file=sys.stderr, flush=True)

    with Archive.open(corpus, index_dir) as archive:
        archive.sync()
        out["sync_unchanged"] = summary([timed(archive.sync) for _ in range(7)])
        out["sync_one_changed"] = summary(
            [_change_and_sync(archive, corpus, size, [k]) for k in range(5)]
        )
        out["sync_1pct_changed"] = summary(
            [_change_and_sync(archive, corpus, size, list(range(100, 100 + max(1, size // 100))))]
        )
        out["correct"] = _check_planted(archive, size)
        out["search"] = _search_latency(archive.search)
        out["facets"] = _facet_latency(archive, corpus, index_dir)
        out["did_you_mean"] = summary([timed(lambda w=w: archive.search(w)) for w in misspelled()])
        out["did_you_mean"]["offered"] = sum(
            1 for w in misspelled() if archive.search(w).correction
        )
        out["posts_listing"] = summary([timed(archive.posts) for _ in range(5)])
        out["related"] = _related_latency(archive, size)
    _restore(corpus, size, list(range(0, 5)) + list(range(100, 100 + max(1, size // 100))))
    print(f"  search {out['search']['all']}", file=sys.stderr, flush=True)

    cli = [
        sys.executable,
        "-m",
        "blog_reader.tui",
        "search",
        "knee",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_dir),
    ]
    run_process(cli)
    out["cli_search"] = summary([run_process(cli)[0] for _ in range(5)])

    if app:
        from tests.bench.app import bench_app

        out["app"] = bench_app(corpus, index_dir)
        print(f"  app {out['app']}", file=sys.stderr, flush=True)
    if references:
        out["references"] = _references(corpus, workdir, size, plain, theirs)
        ours = out["build"]["seconds"]
        for ref in out["references"].values():
            ref["build_ratio"] = round(ours / ref["build_seconds"], 2)
    return out


def _change_and_sync(archive: Any, corpus: Path, size: int, numbers: list[int]) -> float:
    for n in numbers:
        path = post_path(corpus, n)
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    return timed(archive.sync)


def _restore(corpus: Path, size: int, numbers: list[int]) -> None:
    words, weights = vocabulary(), zipf_weights(len(vocabulary()))
    for n in numbers:
        post_path(corpus, n).write_text(post_text(n, size, words, weights), encoding="utf-8")


def _check_planted(archive: Any, size: int) -> dict[str, int]:
    sample = range(0, size, max(1, size // 200))
    right = 0
    for n in sample:
        hits = archive.search(planted(n), limit=3).hits
        expected = post_path(Path(""), n).as_posix()
        right += bool(hits) and hits[0].id == expected and len(hits) == 1
    return {"checked": len(sample), "right": right}


def _related_latency(archive: Any, size: int) -> dict[str, Any]:
    """``related`` for 200 posts spread over the archive, as the app asks for them
    (one after another, in one process): the first call apart (nothing remembered
    yet), then median and p95 of the others."""
    sample = [post_path(Path(""), n).as_posix() for n in range(0, size, max(1, size // 201))]
    first = timed(lambda: archive.related(sample[0]))
    result = summary([timed(lambda pid=pid: archive.related(pid)) for pid in sample[1:]])
    result["first_ms"] = round(first * 1000, 2)
    return result


def _search_latency(search: Callable[..., Any]) -> dict[str, Any]:
    by_kind: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for kind, query in mixed_queries():
        by_kind[kind].append(timed(lambda q=query: search(q, limit=10)))
    result: dict[str, Any] = {kind: summary(times) for kind, times in by_kind.items()}
    result["all"] = summary([t for times in by_kind.values() for t in times])
    return result


def _facet_latency(archive: Any, corpus: Path, index_dir: Path) -> dict[str, Any]:
    """What facets cost: the 200 queries searched with them; a common word (matching
    most posts) searched without and with them, and counted after its search (as the
    app does); and the first count of a newly opened index (its tables built)."""
    from blog_reader.index import Archive

    out: dict[str, Any] = {}
    out["mix_with_facets"] = _search_latency(
        lambda q, limit: archive.search(q, limit=limit, facets=True)
    )["all"]
    common = vocabulary()[:20]  # the most used words: each in nearly every post
    out["common_word_total"] = min(archive.search(word).total for word in common)
    out["common_word"] = summary([timed(lambda w=word: archive.search(w)) for word in common])
    out["common_word_with_facets"] = summary(
        [timed(lambda w=word: archive.search(w, facets=True)) for word in common]
    )
    after: list[float] = []
    for word in common:
        archive.search(word, prefix_last=True)
        after.append(timed(lambda w=word: archive.facets(w, prefix_last=True)))
    out["counted_after_search"] = summary(after)
    firsts: list[float] = []
    for word in common[:3]:
        with Archive.open(corpus, index_dir) as fresh:
            fresh.search(word)
            firsts.append(timed(lambda w=word, a=fresh: a.facets(w)))
    out["first_count"] = summary(firsts)
    return out


def _references(
    corpus: Path, workdir: Path, size: int, plain: PlainWhoosh, plain_builds: list[float]
) -> dict[str, Any]:
    """Plain Whoosh (already built, ``plain_builds`` times) and FTS5 on the same posts."""
    out: dict[str, Any] = {}
    for ref in (plain, Fts5(workdir / f"fts-{size}")):
        runs = plain_builds if ref is plain else [timed(lambda r=ref: r.build(corpus))]
        build = statistics.median(runs)
        ref.search("warm")
        latency = _search_latency(lambda q, limit, r=ref: r.search(q, limit))
        out[ref.name] = {
            "build_seconds": round(build, 2),
            "build_runs": [round(s, 2) for s in runs],
            "index_mb": round(ref.size() / 2**20, 1),
            "search": latency,
        }
        print(
            f"  {ref.name}: build {build:.1f} s, search {latency['all']}",
            file=sys.stderr,
            flush=True,
        )
    return out


if __name__ == "__main__":
    main()
