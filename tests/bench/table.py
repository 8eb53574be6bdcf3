"""The benchmark's table for the generated archives: a row per measure, a column per
size, with the references beside ours (the real archives' rows: ``real.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.bench.queries import KINDS


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, "
        f"Whoosh {m['whoosh']}, {m['date']}",
        "",
    ]
    sizes = list(results["sizes"])
    if not sizes:  # only real archives (--sizes with no number)
        from tests.bench.real import rows as real_rows

        return "\n".join(lines + real_rows(results.get("real", {})))
    lines.append("| measure | " + " | ".join(f"{int(s):,} posts" for s in sizes) + " |")
    lines.append("| --- |" + " --- |" * len(sizes))

    def row(label: str, get: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for s in sizes:
            try:
                cells.append(get(results["sizes"][s]))
            except (KeyError, TypeError):
                cells.append("n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def mp(d: dict[str, Any]) -> str:
        return f"{d['median_ms']:.1f} / {d['p95_ms']:.1f} ms"

    row(
        "full build",
        lambda r: f"{r['build']['seconds']:.1f} s ({r['build']['posts_per_s']:,} posts/s)",
    )

    def versus(name: str) -> Callable[[dict[str, Any]], str]:
        def cell(r: dict[str, Any]) -> str:
            ref = r["references"][name]
            return f"{ref['build_seconds']:.1f} s; ours / theirs = {ref['build_ratio']:.2f}"

        return cell

    row("… plain Whoosh's build", versus("plain Whoosh"))
    row("… SQLite FTS5's build", versus("SQLite FTS5"))
    row("index size on disk", lambda r: f"{r['build']['index_mb']:.0f} MB")
    row(
        "peak RSS of the build: largest process / all",
        lambda r: f"{r['build']['peak_rss_mb']} / {r['build']['peak_rss_all_processes_mb']} MB",
    )
    row("sync, nothing changed (median / p95)", lambda r: mp(r["sync_unchanged"]))
    row("sync, 1 post changed", lambda r: mp(r["sync_one_changed"]))
    row("sync, 1% changed", lambda r: mp(r["sync_1pct_changed"]))
    row(
        "planted tokens found first",
        lambda r: f"{r['correct']['right']} of {r['correct']['checked']}",
    )
    row("search, all 200 queries (median / p95)", lambda r: mp(r["search"]["all"]))
    for kind in KINDS:
        row(f"… {kind}", lambda r, k=kind: mp(r["search"][k]))

    def reference_p95(r: dict[str, Any]) -> str:
        refs = r["references"]
        whoosh = refs["plain Whoosh"]["search"]["all"]["p95_ms"]
        fts = refs["SQLite FTS5"]["search"]["all"]["p95_ms"]
        return f"{whoosh:.1f} / {fts:.1f} ms (no snippets)"

    row("search p95, plain Whoosh / FTS5", reference_p95)
    row(
        "search with facets, all 200 queries",
        lambda r: mp(r["facets"]["mix_with_facets"]),
    )
    row(
        "a word in nearly every post: search / with facets",
        lambda r: f"{mp(r['facets']['common_word'])}; {mp(r['facets']['common_word_with_facets'])}",
    )
    row(
        "… its facets counted after the search (the app)",
        lambda r: mp(r["facets"]["counted_after_search"]),
    )
    row("… the first count of an opened index", lambda r: mp(r["facets"]["first_count"]))
    row("did you mean (median / p95)", lambda r: mp(r["did_you_mean"]))
    row("list every post (median / p95)", lambda r: mp(r["posts_listing"]))
    row(
        "related posts of one post (median / p95; first call)",
        lambda r: f"{mp(r['related'])}; {r['related']['first_ms']:.0f} ms",
    )
    row("`blog-reader search` process", lambda r: mp(r["cli_search"]))
    row("app: launch to first paint of the sidebar", lambda r: mp(r["app"]["first_paint"]))
    row("app: key to the frame showing its results", lambda r: mp(r["app"]["keystroke"]))
    row("app: key to the frame showing its facets", lambda r: mp(r["app"]["facets_shown"]))
    row("app: key to the frame showing a sidebar move", lambda r: mp(r["app"]["sidebar_move"]))
    row("app: key to the frame showing a post opened", lambda r: mp(r["app"]["open_post"]))
    row("app: a search key through Pilot's press", lambda r: mp(r["app"]["pilot_round_trip"]))
    row("app: Pilot's press of a key the app ignores", lambda r: mp(r["app"]["pilot_floor"]))
    row("app: peak RSS", lambda r: f"{r['app']['peak_rss_mb']} MB")
    row(
        "app: cyclic garbage left per post opened",
        lambda r: (
            f"{r['app']['cyclic_garbage_per_open']:,} objects"
            if "cyclic_garbage_per_open" in r["app"]
            else "n/a"
        ),
    )
    from tests.bench.real import rows

    lines += rows(results.get("real", {}))
    return "\n".join(lines)
