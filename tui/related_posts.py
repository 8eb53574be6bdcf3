"""The open post's related posts in the app: ``r`` lists them in a dialog, and a
click on one at the end of the post opens it (as an internal link: ``[`` comes back).

They are found in a thread (a search of the index); the reader finds them once the
post is whole, and ``r`` uses those when they are there.
"""

from __future__ import annotations

from textual import work

from blog_reader.index import Hit, IndexBug
from blog_reader.tui.mixin import AppMixin
from blog_reader.tui.screens.related import RelatedScreen


class RelatedActions(AppMixin):
    """The app's related posts (a mixin of :class:`tui.app.BlogReaderApp`)."""

    def find_related(self, post_id: str) -> tuple[Hit, ...]:
        """The posts most like ``post_id`` (blocking); none, and a notification, on a bug."""
        try:
            return self.archive.related(post_id, snippets=False)
        except IndexBug as bug:
            self.tell_bug(bug)
            return ()

    def action_related(self) -> None:
        """List the posts most like the open one; open the one chosen."""
        post = self.reader.post
        if post is None:
            return
        if self.reader.related is not None:
            self._show_related(post.info.id, self.reader.related)
        else:
            self._list_related(post.info.id)

    @work(thread=True, exclusive=True, group="list-related")
    def _list_related(self, post_id: str) -> None:
        hits = self.find_related(post_id)
        self.call_from_thread(self._show_related, post_id, hits)

    def _show_related(self, post_id: str, hits: tuple[Hit, ...]) -> None:
        post = self.reader.post
        if post is None or post.info.id != post_id:
            return  # another post was opened meanwhile
        if not hits:
            self.notify("No other post shares enough words with this one.", markup=False)
            return

        def chosen(chosen_id: str | None) -> None:
            if chosen_id:
                self.open_post(chosen_id)

        self.push_screen(RelatedScreen(post.info.title, hits), chosen)

    def action_open_related(self, post_id: str) -> None:
        """Open ``post_id`` (a click on a related post at the end of the open one)."""
        if isinstance(post_id, str):
            self.open_post(post_id)
