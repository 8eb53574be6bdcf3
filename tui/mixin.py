"""The base of the app's mixins (links, related posts, search, settings, the
collector's passes): one place for what they assume of the app.

At run time a plain class built by Textual's message-pump metaclass, so that a
mixin's ``@on`` handlers are registered (Textual registers them only for classes
that metaclass builds) and its ``on_*``/``_on_*`` handlers run beside the app's own.
For the type checker, the app's parts the mixins use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from blog_reader.index import Archive
    from blog_reader.tui.reading.model import Anchor
    from blog_reader.tui.widgets.reader import Reader

    class AppMixin(App[None]):
        """What the mixins use of :class:`tui.app.BlogReaderApp`."""

        archive: Archive
        reader: Reader

        def open_post(
            self, post_id: str, *, query: str | None = None, anchor: Anchor | None = None
        ) -> None: ...

        def tell_bug(self, error: BaseException) -> None: ...

        def focus_now(self, widget: Widget) -> None: ...

else:
    from textual.message_pump import _MessagePumpMeta

    class AppMixin(metaclass=_MessagePumpMeta):
        """A mixin of the app (see the module's docstring)."""
