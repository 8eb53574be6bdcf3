"""Following links: internal ones open in the reader, others go to the browser only
after the user says yes, and only for http(s) and mailto addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from blog_reader.tui.links import may_open_in_browser
from blog_reader.tui.screens.confirm import ConfirmScreen
from blog_reader.tui.screens.links import LinksScreen

if TYPE_CHECKING:
    from textual.app import App

    from blog_reader.index import Archive
    from blog_reader.tui.reading.model import Anchor
    from blog_reader.tui.widgets.reader import Reader

    _App = App[None]
else:
    _App = object  # a plain mixin at run time; the app is the Textual class


class LinkActions(_App):
    """The app's link handling (a mixin of :class:`tui.app.BlogReaderApp`)."""

    if TYPE_CHECKING:
        archive: Archive
        reader: Reader

        def open_post(
            self, post_id: str, *, query: str | None = None, anchor: Anchor | None = None
        ) -> None: ...

    def follow_link(self, href: str) -> None:
        """Open an internal link in the reader; offer an external one to the browser."""
        if href.startswith("#"):
            self.reader.goto_slug(href[1:])
            return
        post = self.reader.post
        post_id = self.archive.resolve_link(href, post.info.id if post else None)
        if post_id is not None:
            self.open_post(post_id)
        else:
            self.offer_in_browser(href)

    def offer_in_browser(self, href: str) -> None:
        """Ask before opening ``href`` in the browser; refuse anything but http(s)/mailto."""
        if not may_open_in_browser(href):
            self.notify(
                f"Not opened (only http, https and mailto links are): {href}",
                severity="warning",
                markup=False,
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.open_url(href)

        question = Content("Open this address in your web browser?")
        self.push_screen(ConfirmScreen(question, Content(href)), answered)

    def action_links(self) -> None:
        """List the open post's links; follow the one chosen."""
        post = self.reader.post
        if post is None:
            return

        def chosen(href: str | None) -> None:
            if href:
                self.follow_link(href)

        self.push_screen(LinksScreen(self.reader.links), chosen)

    def action_open_original(self) -> None:
        """Offer the open post's original address to the browser."""
        post = self.reader.post
        if post is not None and post.info.url:
            self.offer_in_browser(post.info.url)
