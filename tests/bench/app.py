"""The app's side of the benchmark, driven through Pilot as a person would drive it.

- launch to first paint: from building the app to the sidebar holding its rows;
- keystroke to results: type a word letter by letter, and time each key until
  the results on screen answer the box's value;
- sidebar moves (``j``) and post opens (``Enter``) until the screen shows them.

Each figure includes Pilot's own round trip (it waits for the app to go idle
after a key); ``pilot_floor`` measures that for a key the app ignores.
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.queries import mixed_queries


async def _until(pilot: Any, ready: Any, limit: float = 10.0) -> None:
    """Pause in small steps until ``ready()`` holds (``limit`` seconds at most)."""
    deadline = time.perf_counter() + limit
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.001)


async def _measure(corpus: Path, index_dir: Path) -> dict[str, list[float]]:
    from tui.app import make_app

    times: dict[str, list[float]] = {
        "first_paint": [],
        "pilot_floor": [],
        "keystroke": [],
        "sidebar_move": [],
        "open_post": [],
    }
    words = [q for kind, q in mixed_queries() if kind == "word"][:6]
    for attempt in range(3):
        state = Path(tempfile.mkdtemp(prefix="bench-state-"))
        start = time.perf_counter()
        app = make_app(corpus, index_dir, state_dir=state)
        async with app.run_test(size=(100, 30)) as pilot:
            await _until(pilot, lambda a=app: a.sidebar.post_count > 0)
            times["first_paint"].append(time.perf_counter() - start)
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if attempt:
                continue
            app.sidebar.focus()
            # The floor: Pilot's own round trip for a key the app ignores.
            for _ in range(30):
                began = time.perf_counter()
                await pilot.press("f12")
                times["pilot_floor"].append(time.perf_counter() - began)
            for _ in range(30):
                before = app.sidebar.cursor
                began = time.perf_counter()
                await pilot.press("j")
                await _until(pilot, lambda b=before, a=app: a.sidebar.cursor != b)
                times["sidebar_move"].append(time.perf_counter() - began)
            for _ in range(10):
                await pilot.press("j")
                target = app.sidebar.highlighted_id
                began = time.perf_counter()
                await pilot.press("enter")
                await _until(
                    pilot,
                    lambda t=target, a=app: (
                        a.reader.post is not None and a.reader.post.info.id == t
                    ),
                )
                await app.workers.wait_for_complete()
                times["open_post"].append(time.perf_counter() - began)
            for word in words:
                await pilot.press("slash")
                await pilot.press("ctrl+a", "ctrl+k")  # an empty box
                typed = ""
                for letter in word:
                    typed += letter
                    began = time.perf_counter()
                    await pilot.press(letter)
                    await _until(
                        pilot,
                        lambda t=typed, a=app: (
                            a.results.result is not None and a.results.result.query == t
                        ),
                    )
                    times["keystroke"].append(time.perf_counter() - began)
                await pilot.press("escape")
            await app.workers.wait_for_complete()
        app.archive.close()
    return times


def bench_app(corpus: Path, index_dir: Path) -> dict[str, Any]:
    from tests.bench.__main__ import summary

    times = asyncio.run(_measure(corpus, index_dir))
    out: dict[str, Any] = {name: summary(values) for name, values in times.items()}
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return out
