"""Full passes of the cycle collector while the user pauses, not on the key they press.

Python's collector runs a full pass (every object it tracks, the interpreter held)
whenever its young passes have promoted enough: while a word was typed into a
10,000-post archive's search box that was one key in six, each pass 20-32 ms added to
that key's frame. The app turns those passes off for its lifetime and runs one itself
once no key, click or scroll has come for :data:`IDLE_SECONDS`, or after
:data:`LONGEST_SECONDS` of use without such a pause. Young passes go on as before,
and reference counting frees what holds no cycle at once, as always.

A mixin of :class:`tui.app.BlogReaderApp` (see :mod:`tui.mixin`).
"""

from __future__ import annotations

import gc
import time
from contextlib import ExitStack

from textual import events

from blog_reader.tui.mixin import AppMixin
from blog_reader.tui.reading.loading import no_full_collections

IDLE_SECONDS = 1.0
"""A pause this long in the user's input lets a full pass run."""
LONGEST_SECONDS = 10.0
"""Use without such a pause for this long: the pass runs anyway."""
CHECK_SECONDS = 0.5


class IdleCollecting(AppMixin):
    """The app's full collector passes, in the user's pauses."""

    _last_input = 0.0
    _last_pass = 0.0
    _collector_hold: ExitStack | None = None

    def _on_mount(self, event: events.Mount) -> None:
        self._last_input = self._last_pass = time.monotonic()
        self._collector_hold = ExitStack()
        self._collector_hold.enter_context(no_full_collections())
        self.set_interval(CHECK_SECONDS, self._collect_if_idle, name="idle-collector")

    def _on_unmount(self, event: events.Unmount) -> None:
        if self._collector_hold is not None:
            self._collector_hold.close()  # the collector's own heuristics again
            self._collector_hold = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _collect_if_idle(self) -> None:
        if gc.get_count()[2] == 0:
            return  # nothing promoted since the last full pass
        now = time.monotonic()
        if now - self._last_input >= IDLE_SECONDS or now - self._last_pass >= LONGEST_SECONDS:
            gc.collect()
            self._last_pass = now
