"""The search box at the top of the screen."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

HOLD_SECONDS = 0.05
"""Longest a letter typed in the box waits to be drawn with its hits (see
:meth:`SearchBox.hold_screen`): three frames. At 30 ms, a search of 30-45 ms (a
common word at 10,000 posts) had the letter drawn alone and its hits a frame later,
55-70 ms after the key; now they come with it."""


class SearchBox(Input):
    """A one-line box; the app searches as you type. Up/Down move through the hits;
    Up in an empty box walks back through earlier queries."""

    DEFAULT_CSS = """
    SearchBox {
        height: 1;
        background: $boost;
        &.-textual-compact {
            padding: 0 1;
        }
        &:focus {
            background: $primary-muted;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Open", tooltip="Open the highlighted hit"),
        Binding("escape", "leave", "Back to the archive"),
        Binding("tab", "facets", "Facets", tooltip="To the hits' tags, authors and years"),
        Binding("down", "move(1)", "Next hit", show=False),
        Binding(
            "up",
            "move(-1)",
            "Previous hit",
            show=False,
            tooltip="Previous hit; in an empty box, the query searched before",
        ),
    ]

    class Entered(Message):
        """The box got the focus: the search is on."""

    class Leave(Message):
        """The user wants to leave the search."""

    class ToFacets(Message):
        """The user wants to pick a facet (the app moves the focus when there are some)."""

    class Move(Message):
        """The user wants the next (``step`` 1) or previous (-1) hit highlighted."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search the archive  (/)",
            id=id,
            compact=True,
            select_on_focus=False,
        )
        self.history: Sequence[str] = ()
        """Earlier queries, oldest first (the app keeps it)."""
        self._recalled: int | None = None
        """Which of them the box shows, while Up walks back through them."""
        self.facets_shown = False
        """Whether facets show under the box (Tab then goes to them; the app sets it)."""
        self._held: AbstractContextManager[None] | None = None
        """The app's batch update holding the screen for the hits, if any."""

    async def _on_key(self, event: events.Key) -> None:
        """Run the box's own keys (Backspace, Enter, the arrows...) here, in the order
        they were typed.

        Textual runs a widget's non-priority bindings when the key has bubbled back
        up to the app, after the keys already sent to the box: in a burst (fast
        typing, a macro, a terminal sending several keys at once) "sha", three
        Backspaces, "man" would leave "sha".
        """
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # not typed as well (Input's own handler)
                return

    def _watch_value(self, value: str) -> None:
        """Input's own watcher, without laying the whole screen out at every key.

        Textual's Input gives itself a new virtual size (the value's width: how far it
        scrolls) at every change through a reactive that asks for a layout of the
        screen, and a layout repaints every scroll bar on it: at 10,000 posts that was
        about a third of what a keystroke's frames cost. The box's own size never
        depends on its value, so the new size is set quietly first.
        """
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        if value.strip() and self.has_focus:
            self.hold_screen()
        super()._watch_value(value)

    def hold_screen(self) -> None:
        """Hold the screen's next frame until the app shows what the box's value
        finds (:meth:`release_screen`), :data:`HOLD_SECONDS` at most.

        Drawn at once, a letter would have its hits a frame later, and Textual's
        frame timer, woken from idle, puts that second frame 17 to 33 ms after the
        first (one to two periods at 60 frames a second). Held, the letter and its
        hits come in one frame as soon as the hits are there; the letter comes alone
        when the search takes longer.
        """
        if self._held is None:
            self._held = self.app.batch_update()
            self._held.__enter__()
            self.set_timer(HOLD_SECONDS, self.release_screen, name="hold-screen")

    def release_screen(self) -> None:
        """Let the screen draw again (see :meth:`hold_screen`); idempotent."""
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
            # The screen went idle while held, and only draws when it goes idle.
            self.screen.check_idle()

    def on_unmount(self) -> None:
        self.release_screen()

    def select_for_typing(self) -> None:
        """Select the query, so that the next key typed replaces it."""
        self.select_all()

    def on_focus(self) -> None:
        self.post_message(self.Entered())

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "facets":
            return self.facets_shown
        return super().check_action(action, parameters)

    def action_facets(self) -> None:
        if not self.facets_shown:
            raise SkipAction()  # Tab moves the focus on, as anywhere
        self.post_message(self.ToFacets())

    def action_move(self, step: int) -> None:
        at = self._recalled
        recalling = at is not None and at < len(self.history) and self.value == self.history[at]
        if step < 0 and (recalling or not self.value) and self.history:
            self._recalled = max(0, (at if recalling and at is not None else len(self.history)) - 1)
            self.value = self.history[self._recalled]
            self.cursor_position = len(self.value)
            return
        self._recalled = None
        self.post_message(self.Move(step))
