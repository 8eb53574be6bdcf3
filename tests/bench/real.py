"""Rows for a real archive: ``python -m tests.bench --corpus PATH [--corpus PATH ...]``.

The synthetic corpora measure scale; a real blog measures what real posts cost
(changelogs of 800 KB, MDX, HTML, site markup). The archive is copied into the
work folder first (a sync is timed after changing a post, and the original is
never written to). Measured: the full build as the ``index`` command (posts/s),
a sync with nothing and with one post changed, searches for words of the
archive's own titles (one, two and a prefix), opening posts (the catalog read
that the reader and ``show`` start with), their related posts and, unless
``--no-app``, the app.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

QUERIES = 60
OPENS = 100


def bench_corpus(source: Path, workdir: Path, app: bool, build_runs: int) -> dict[str, Any]:
    """Measure one real archive (see the module's docstring)."""
    from blog_reader.index import Archive
    from tests.bench.__main__ import run_process, summary, timed

    corpus = workdir / f"real-{source.name}"
    index_dir = workdir / f"real-{source.name}-index"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(source, corpus)
    build = [sys.executable, "-m", "blog_reader.tui", "index", "--rebuild"]
    build += ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    runs = [run_process(build)[0] for _ in range(build_runs)]
    out: dict[str, Any] = {"corpus": str(source)}
    with Archive.open(corpus, index_dir) as archive:
        report = archive.sync()
        posts = archive.posts()
        seconds = statistics.median(runs)
        out["build"] = {
            "seconds": round(seconds, 2),
            "runs": [round(s, 2) for s in runs],
            "posts": len(posts),
            "posts_per_s": round(len(posts) / seconds),
            "left_out": dict(report.left_out),
            "skipped": len(report.skipped),
        }
        print(f"  {source.name} build {out['build']}", file=sys.stderr, flush=True)
        out["sync_unchanged"] = summary([timed(archive.sync) for _ in range(7)])
        changed = []
        for info in posts[:5]:
            path = info.path
            text = path.read_bytes()
            path.write_bytes(text + b"\nEdited.\n")
            changed.append(timed(archive.sync))
            path.write_bytes(text)
        archive.sync()
        out["sync_one_changed"] = summary(changed)
        queries = _queries([info.title for info in posts])
        out["search"] = summary([timed(lambda q=q: archive.search(q, limit=10)) for q in queries])
        sample = random.Random(7).sample(posts, min(OPENS, len(posts)))
        out["open"] = summary([timed(lambda i=info: archive.get(i.id)) for info in sample])
        archive.related(sample[0].id)  # the first call apart: nothing remembered yet
        out["related"] = summary([timed(lambda i=info: archive.related(i.id)) for info in sample])
    if app:
        from tests.bench.app import bench_app

        # Words of the archive's own titles typed into its search box: the generated
        # archives' words may match nothing here.
        typed = [q for q in queries if q.isalpha()][:6]
        out["app"] = bench_app(corpus, index_dir, words=typed)
    return out


def _queries(titles: list[str]) -> list[str]:
    """Words of the archive's own titles: single words, pairs and prefixes."""
    rng = random.Random(11)
    words = sorted({w.lower() for t in titles for w in re.findall(r"[A-Za-z]{4,}", t)})
    if not words:
        return ["the"]
    queries: list[str] = []
    for n in range(QUERIES):
        word = rng.choice(words)
        if n % 3 == 1:
            queries.append(f"{word} {rng.choice(words)}")
        elif n % 3 == 2:
            queries.append(word[:3] + "*")
        else:
            queries.append(word)
    return queries


def rows(results: dict[str, Any]) -> list[str]:
    """Markdown table lines for the real archives measured."""
    if not results:
        return []
    names = list(results)
    lines = ["", "| measure | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]

    def row(label: str, cell: Any) -> None:
        cells = []
        for name in names:
            try:
                cells.append(cell(results[name]))
            except (KeyError, TypeError):
                cells.append("n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def mp(d: dict[str, Any]) -> str:
        return f"{d['median_ms']:.1f} / {d['p95_ms']:.1f} ms"

    row("posts (left out as not posts)", lambda r: f"{r['build']['posts']:,} "
        f"({sum(r['build']['left_out'].values())})")  # fmt: skip
    row(
        "full build",
        lambda r: f"{r['build']['seconds']:.1f} s ({r['build']['posts_per_s']:,} posts/s)",
    )
    row("sync, nothing changed (median / p95)", lambda r: mp(r["sync_unchanged"]))
    row("sync, 1 post changed", lambda r: mp(r["sync_one_changed"]))
    row(f"search, {QUERIES} queries of title words", lambda r: mp(r["search"]))
    row("open a post (catalog read)", lambda r: mp(r["open"]))
    row("related posts of one post", lambda r: mp(r["related"]))
    row("app: launch to first paint", lambda r: mp(r["app"]["first_paint"]))
    row("app: key to the frame showing its results", lambda r: mp(r["app"]["keystroke"]))
    row("app: key to the frame showing the facets", lambda r: mp(r["app"]["facets_shown"]))
    row("app: key to the frame showing a sidebar move", lambda r: mp(r["app"]["sidebar_move"]))
    row("app: key to the frame showing a post opened", lambda r: mp(r["app"]["open_post"]))
    row("app: peak RSS", lambda r: f"{r['app']['peak_rss_mb']} MB")
    return lines
