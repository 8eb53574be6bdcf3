"""The reader's side of the benchmark: long posts opened as a person would open them.

An archive of a few short posts, a generated post of about 1 MB (headings,
paragraphs with emphasis and links, nested lists, code blocks, tables) and, when
``/work/shared/corpora`` is there, the Node.js blog's 851 KB changelog post. Each
long post is timed in a process of its own (``python -m tests.bench.reading``):

- Enter on it in the sidebar until the frame that shows its first screen;
- ``j`` and ``k`` in turn, at a quick reader's pace (FrameClock's gap), while the rest of it is
  parsed, each key until its frame;
- memory when it is all laid out, above the app's memory before it was opened, and
  the peak while it loaded;
- ``G`` pressed right at its first screen, until the frame that shows its end (its
  last lines: the middle may still be being read, as the reader reads the end of a
  long post right after its top);
- the cyclic garbage its opening left (what the collector found during and after);
- quitting while it loads: ``ctrl+q`` until the process has ended.
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tests.bench.app import FrameClock, _until, workers_done
from tests.bench.memory import rss_mb

REAL_POST = Path("/work/shared/corpora/node/uncategorized/10-lts-to-12-lts.md")
GENERATED = "long-1mb.md"


def long_markdown(size: int = 1_000_000, seed: int = 7) -> str:
    """A deterministic post of about ``size`` characters holding every block kind."""
    rng = random.Random(seed)
    words = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ro", "su") for b in "aeiouxyz"]

    def sentence() -> str:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(6, 16)))
        if rng.random() < 0.3:
            text += f" *{rng.choice(words)}* and `{rng.choice(words)}()`"
        if rng.random() < 0.3:
            text += f" [{rng.choice(words)}](https://example.org/{rng.choice(words)})"
        return text.capitalize() + "."

    parts = ["---", 'title: "A generated post of a megabyte"', "date: 2020-01-01", "---", ""]
    length = 0
    section = 0
    while length < size:
        section += 1
        chunk = [f"## Section {section}", "", " ".join(sentence() for _ in range(5)), ""]
        chunk += [f"- {sentence()}\n  - {sentence()}\n    1. {sentence()}" for _ in range(4)]
        chunk += ["", "```python", *(f"value_{i} = {i} * {section}" for i in range(6)), "```", ""]
        chunk += ["| name | value | note |", "|---|---|---|"]
        chunk += [f"| {rng.choice(words)} | {i} | {sentence()} |" for i in range(4)]
        chunk += ["", "> " + sentence(), ""]
        text = "\n".join(chunk) + "\n"
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


def long_corpus(workdir: Path) -> tuple[Path, list[str]]:
    """The archive of long posts, and the ids of the posts to time."""
    corpus = workdir / "long-posts"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    for n in range(3):
        (corpus / f"short-{n}.md").write_text(
            f"---\ntitle: Short {n}\ndate: 2021-0{n + 1}-01\n---\n\nA short post.\n",
            encoding="utf-8",
        )
    (corpus / GENERATED).write_text(long_markdown(), encoding="utf-8")
    ids = [GENERATED]
    if REAL_POST.is_file():
        shutil.copy(REAL_POST, corpus / REAL_POST.name)
        ids.append(REAL_POST.name)
    return corpus, ids


class PeakSampler(threading.Thread):
    """This process's largest RSS while it runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak_mb = max(self.peak_mb, rss_mb())
            self.stopped.wait(0.01)


async def _open(app: Any, clock: FrameClock, post_id: str) -> float:
    """Enter on ``post_id`` in the sidebar; seconds to the frame of its first screen."""
    sidebar = app.sidebar
    app.screen.set_focus(sidebar)
    await asyncio.sleep(0.05)
    sidebar.cursor = next(
        i for i, row in enumerate(sidebar.rows) if getattr(row, "id", "") == post_id
    )
    view = app.reader.view
    return await clock.key(
        "enter",
        lambda: (
            app.reader.post is not None
            and app.reader.post.info.id == post_id
            and len(view.document.blocks) > 1
        ),
    )


async def _session(corpus: Path, index_dir: Path, post_id: str, quit_early: bool) -> dict[str, Any]:
    from blog_reader.tui.app import make_app

    out: dict[str, Any] = {}
    collected: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collected.append(info["collected"])

    with tempfile.TemporaryDirectory(prefix="bench-state-") as state:
        app = make_app(corpus, index_dir, state_dir=Path(state))
        async with app.run_test(size=(160, 45)) as pilot:
            await _until(pilot, lambda: app.sidebar.post_count > 0)
            await workers_done(app)
            await pilot.pause(0.3)
            view = app.reader.view
            clock = FrameClock(app)
            if quit_early:
                await _open(app, clock, post_id)
                out["quit_key_at"] = time.time()
                app._driver.send_message(_key(app, "ctrl+q"))
                deadline = time.perf_counter() + 60
                while app.is_running and time.perf_counter() < deadline:
                    await asyncio.sleep(0.001)
                return out
            gc.collect()
            idle = rss_mb()
            sampler = PeakSampler()
            sampler.start()
            gc.callbacks.append(count)
            out["first_screen"] = await _open(app, clock, post_id)
            app.screen.set_focus(view)
            waits = []
            while app.reader.is_loading and len(waits) < 200:
                before = view.scroll_y  # down and up in turn: each key moves the text
                key = "j" if len(waits) % 2 == 0 else "k"
                waits.append(await clock.key(key, lambda b=before: view.scroll_y != b))
            out["key_waits_while_loading"] = waits
            await _until(pilot, lambda: not app.reader.is_loading, 60)
            await pilot.pause(0.3)
            out["rss_open_mb"] = rss_mb() - idle
            sampler.stopped.set()
            out["rss_peak_mb"] = sampler.peak_mb - idle
            # Another post, then this one again, and G at once.
            app.open_post("short-0.md")
            await _until(pilot, lambda: not app.reader.is_loading, 60)
            app.open_post(post_id)
            await _until(
                pilot,
                lambda: app.reader.post is not None and app.reader.post.info.id == post_id,
                60,
            )
            app.screen.set_focus(view)
            out["end"] = await clock.key(
                "G",
                lambda: (
                    view.document.has_end  # its last blocks, its middle maybe not yet
                    and view.max_scroll_y > 0
                    and view.scroll_y == view.max_scroll_y
                ),
                limit=60,
            )
            await _until(pilot, lambda: not app.reader.is_loading, 60)
            out["cyclic_garbage"] = sum(collected) + gc.collect()
            gc.callbacks.remove(count)
        app.archive.close()
    return out


def _key(app: Any, key: str) -> Any:
    from textual import events

    event = events.Key(key, None)
    event.set_sender(app)
    return event


def bench_long_posts(workdir: Path) -> dict[str, Any]:
    """Each long post timed in a process of its own, and a quit while it loads."""
    from blog_reader.index import Archive

    corpus, ids = long_corpus(workdir)
    index_dir = workdir / "index-long-posts"
    with Archive.open(corpus, index_dir) as archive:
        archive.sync()
    results: dict[str, Any] = {}
    root = str(Path(__file__).resolve().parents[2])
    for post_id in ids:
        command = [
            sys.executable,
            "-m",
            "tests.bench.reading",
            str(corpus),
            str(index_dir),
            post_id,
        ]
        done = subprocess.run(command, capture_output=True, text=True, cwd=root)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout)
        began = time.time()
        process = subprocess.Popen(
            [*command, "--quit"], stdout=subprocess.PIPE, text=True, cwd=root
        )
        stdout, _ = process.communicate(timeout=120)
        ended = time.time()
        quit_at = json.loads(stdout)["quit_key_at"] if stdout.strip() else began
        result["quit_seconds"] = round(ended - quit_at, 3)
        result["size_kb"] = (corpus / post_id).stat().st_size // 1024
        results[post_id] = result
        print(f"  {post_id}: {summarise(result)}", file=sys.stderr, flush=True)
    return results


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    waits = sorted(result.get("key_waits_while_loading", []))
    return {
        "size_kb": result.get("size_kb"),
        "first_screen_ms": round(1000 * result["first_screen"], 1),
        "end_ms": round(1000 * result["end"], 1),
        "keys_while_loading": len(waits),
        "key_wait_max_ms": round(1000 * waits[-1], 1) if waits else None,
        "key_wait_p95_ms": round(1000 * waits[int(0.95 * (len(waits) - 1))], 1) if waits else None,
        "rss_open_mb": result["rss_open_mb"],
        "rss_peak_mb": result["rss_peak_mb"],
        "cyclic_garbage": result["cyclic_garbage"],
        "quit_seconds": result.get("quit_seconds"),
    }


def long_posts_table(results: dict[str, Any]) -> str:
    """The long posts' rows, one column per post."""
    rows = {post_id: summarise(result) for post_id, result in results.items()}
    lines = [
        "| long post | " + " | ".join(f"{p} ({r['size_kb']} KB)" for p, r in rows.items()) + " |"
    ]
    lines.append("| --- |" + " --- |" * len(rows))
    labels = [
        ("Enter to the frame of its first screen", "first_screen_ms", " ms"),
        ("`G` at its first screen, to the frame of its end", "end_ms", " ms"),
        ("keys while it loads: p95 / longest wait", None, ""),
        ("memory when open, above the app before it (peak)", None, ""),
        ("cyclic garbage its opening left", "cyclic_garbage", " objects"),
        ("quit while it loads, to the process's end", "quit_seconds", " s"),
    ]
    for label, key, unit in labels:
        cells = []
        for r in rows.values():
            if key is not None:
                cells.append(f"{r[key]}{unit}")
            elif label.startswith("keys"):
                waits = f"{r['key_wait_p95_ms']} / {r['key_wait_max_ms']} ms"
                cells.append(f"{waits} ({r['keys_while_loading']} keys)")
            else:
                cells.append(f"{r['rss_open_mb']} MB ({r['rss_peak_mb']} MB)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """``python -m tests.bench.reading CORPUS INDEX POST_ID [--quit]``: one session."""
    corpus, index_dir, post_id = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    out = asyncio.run(_session(corpus, index_dir, post_id, "--quit" in sys.argv[4:]))
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
