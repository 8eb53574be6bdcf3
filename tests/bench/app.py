"""The app's side of the benchmark, driven as a person would drive it.

Each session is a process of its own, as a user starts the app, so that its
peak memory is the app's alone. The app runs headless under Pilot
(``App.run_test``). Each key goes in as the terminal driver would deliver it,
and is timed until the first frame the screen paints once the app has answered
it:

- launch to first paint: from building the app to the sidebar holding its rows;
- keystroke to results: type a word letter by letter, and time each key until a
  frame shows results that answer the box's value; and its last letter again,
  until a frame shows the facet row for it;
- a sidebar move (``j``) until a frame shows the cursor moved; a post open
  (``Enter``) until a frame shows the post read, laid out and marked open.

A frame is a call of the screen's compositor refresh, which in a terminal writes
the changed lines out; the benchmark wraps that (private) method to see it.
``pilot_round_trip`` reports the older, coarser way of timing a key: Pilot's
``press`` followed by a poll. ``press`` waits until the process has been idle
for 20 ms, so it adds 40 ms or more to anything it times.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events

from tests.bench.memory import rss_mb
from tests.bench.queries import mixed_queries

MEASURES = (
    "first_paint",
    "keystroke",
    "facets_shown",
    "sidebar_move",
    "open_post",
    "pilot_floor",
    "pilot_round_trip",
    "cyclic_garbage_per_open",
    "answers_without_a_frame",
)
KEY_GAP = 0.12
"""Seconds between measured keys: a quick typist's pace."""


UNCHANGED_GRACE = 0.05
"""Seconds a key's answer may wait for a frame once the app holds it with nothing
left to paint: past that, the screen already showed it (see :class:`FrameClock`)."""


class FrameClock:
    """Times a key from its arrival to the first painted frame where ``ready()`` holds.

    An answer can need no frame at all: the facets of "node" and of "nod" may be the
    same, and a widget given what it already shows does not ask to be painted again.
    When ``ready()`` holds, the screen has nothing waiting to be painted, and no frame
    comes within :data:`UNCHANGED_GRACE`, the key is timed to the moment ``ready()``
    was first seen to hold (the screen already showed the answer) and counted in
    ``unchanged``.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._ready: Callable[[], bool] | None = None
        self._painted: float | None = None
        self.unchanged = 0
        screen = app.screen
        paint = screen._compositor_refresh

        def painted() -> None:
            paint()
            if self._ready is not None and self._painted is None and self._ready():
                self._painted = time.perf_counter()

        screen._compositor_refresh = painted

    async def key(self, key: str, ready: Callable[[], bool], limit: float = 10.0) -> float:
        """Send ``key`` and wait for the frame that shows its answer; its seconds."""
        self._ready, self._painted = ready, None
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(self.app)
        began = time.perf_counter()
        self.app._driver.send_message(event)
        held: float | None = None  # when ready() was first seen with nothing to paint
        while self._painted is None:
            now = time.perf_counter()
            if now - began > limit:
                raise TimeoutError(f"no frame answered {key!r}")
            if held is None and ready() and not self._pending():
                held = now
            elif held is not None and now - held > UNCHANGED_GRACE:
                break
            await asyncio.sleep(0.0005)
        self._ready = None
        if self._painted is None:
            assert held is not None
            self.unchanged += 1
            self._painted = held
        seconds = self._painted - began
        await asyncio.sleep(KEY_GAP)
        return seconds

    def _pending(self) -> bool:
        """Whether the screen has something to lay out or paint on its next frame."""
        screen = self.app.screen
        return bool(
            screen._dirty_widgets
            or screen._layout_required
            or screen._repaint_required
            or screen._scroll_required
            or screen._compositor._dirty_regions
        )


async def _until(pilot: Any, ready: Any, limit: float = 10.0) -> None:
    """Pause in small steps until ``ready()`` holds (``limit`` seconds at most)."""
    deadline = time.perf_counter() + limit
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.001)


async def workers_done(app: Any) -> None:
    """Wait for the app's workers to end, a cancelled one included (an exclusive
    worker started again cancels the one before: ``wait_for_complete`` raised)."""
    while workers := list(app.workers):
        await asyncio.gather(*(worker.wait() for worker in workers), return_exceptions=True)
        if all(worker in workers for worker in app.workers):
            return


async def _session(
    corpus: Path, index_dir: Path, keys: bool, words: list[str]
) -> dict[str, list[float]]:
    """One app session: launch to first paint, then (with ``keys``) the keys, typing
    ``words`` into the search box."""
    from blog_reader.tui.app import make_app

    times: dict[str, list[float]] = {name: [] for name in MEASURES}
    with tempfile.TemporaryDirectory(prefix="bench-state-") as state:
        start = time.perf_counter()
        # The defaults, not the settings of whoever runs the benchmark.
        config = Path(state) / "config.toml"
        app = make_app(corpus, index_dir, state_dir=Path(state), config_file=config)
        async with app.run_test(size=(100, 30)) as pilot:
            await _until(pilot, lambda: app.sidebar.post_count > 0)
            times["first_paint"].append(time.perf_counter() - start)
            await workers_done(app)
            await pilot.pause(0.05)
            if keys:
                await _keys(app, pilot, words, times)
            await workers_done(app)
        app.archive.close()
    return times


async def _keys(app: Any, pilot: Any, words: list[str], times: dict[str, list[float]]) -> None:
    clock = FrameClock(app)
    sidebar = app.sidebar
    bar = app.results.facet_bar
    sidebar.focus()
    await pilot.pause(0.05)
    for _ in range(30):
        before = sidebar.cursor
        times["sidebar_move"].append(await clock.key("j", lambda b=before: sidebar.cursor != b))
    collected: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collected.append(info["collected"])

    gc.collect()
    gc.callbacks.append(count)
    for _ in range(10):
        await pilot.press("j")
        target = sidebar.highlighted_id
        times["open_post"].append(
            await clock.key(
                "enter",
                lambda t=target: (
                    app.reader.post is not None
                    and app.reader.post.info.id == t
                    and sidebar._open_id == t
                ),
            )
        )
        sidebar.focus()
        await pilot.pause(0.05)
    # What the opens left to the cycle collector (moves and frames included).
    times["cyclic_garbage_per_open"].append((sum(collected) + gc.collect()) / 10)
    gc.callbacks.remove(count)
    for word in words:
        await pilot.press("slash")
        await pilot.press("ctrl+a", "ctrl+k")  # an empty box
        await pilot.pause(0.05)
        typed = ""
        for letter in word:
            typed += letter
            times["keystroke"].append(
                await clock.key(
                    letter,
                    lambda t=typed: (
                        app.results.result is not None and app.results.result.query == t
                    ),
                )
            )
        # The last letter again, until the frame that shows its facets (counted
        # after its hits, in a worker of their own).
        await pilot.press("backspace")
        await _until(pilot, lambda t=typed[:-1]: bar.query_text == t and bar.facets is not None)
        times["facets_shown"].append(
            await clock.key(
                typed[-1],
                lambda t=typed: bar.query_text == t and bar.facets is not None,
            )
        )
        await pilot.press("escape")
        await pilot.pause(0.05)
    times["answers_without_a_frame"].append(clock.unchanged)
    # The same, timed the older way: Pilot's press, then a poll.
    sidebar.focus()
    for _ in range(30):
        began = time.perf_counter()
        await pilot.press("f12")  # a key the app ignores
        times["pilot_floor"].append(time.perf_counter() - began)
    await pilot.press("slash")
    await pilot.press("ctrl+a", "ctrl+k")
    typed = ""
    for letter in words[0]:
        typed += letter
        began = time.perf_counter()
        await pilot.press(letter)
        await _until(
            pilot,
            lambda t=typed: app.results.result is not None and app.results.result.query == t,
        )
        times["pilot_round_trip"].append(time.perf_counter() - began)
    await pilot.press("escape")


def synthetic_words() -> list[str]:
    """The words typed into the generated archives' search box."""
    return [q for kind, q in mixed_queries() if kind == "word"][:6]


def bench_app(
    corpus: Path, index_dir: Path, sessions: int = 3, words: list[str] | None = None
) -> dict[str, Any]:
    """Time ``sessions`` app sessions, each in a process of its own as a user would
    start it (the first one also times keys, typing ``words``: by default the
    generated archives' own); peak RSS is the largest session's."""
    from tests.bench.__main__ import summary

    times: dict[str, list[float]] = {name: [] for name in MEASURES}
    peak_mb = 0
    for session in range(sessions):
        command = [sys.executable, "-m", "tests.bench.app", str(corpus), str(index_dir)]
        if session == 0:
            command += ["--keys", *(words or synthetic_words())]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
        answer = json.loads(done.stdout)
        for name in MEASURES:
            times[name] += answer["times"][name]
        peak_mb = max(peak_mb, answer["peak_rss_mb"])
    garbage = times.pop("cyclic_garbage_per_open")
    unchanged = times.pop("answers_without_a_frame")
    out: dict[str, Any] = {name: summary(values) for name, values in times.items() if values}
    out["peak_rss_mb"] = peak_mb
    if garbage:
        out["cyclic_garbage_per_open"] = round(max(garbage))
    if unchanged:
        out["answers_without_a_frame"] = round(sum(unchanged))
    return out


def main() -> None:
    """One session, as a process: ``python -m tests.bench.app CORPUS INDEX [--keys
    [WORD ...]]`` (the words typed: by default the generated archives' own)."""
    corpus, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
    keys = sys.argv[3:4] == ["--keys"]
    words = sys.argv[4:] or synthetic_words()
    times = asyncio.run(_session(corpus, index_dir, keys, words))
    # VmHWM, not getrusage: on Linux a process inherits across exec the peak of
    # the process it was forked from (here, the benchmark's).
    peak_mb = rss_mb(field="VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"times": times, "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
