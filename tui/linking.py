"""Following links: internal ones open in the reader (at the heading a ``#fragment``
names), others go to the browser only after the user says yes, and only for http(s)
and mailto addresses. Links are resolved and listed in threads: resolving may read
the index (and, the first time, the posts' links to learn the site's address)."""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content

from blog_reader.index import IndexBug
from blog_reader.tui.links import Link, may_open_in_browser
from blog_reader.tui.mixin import AppMixin
from blog_reader.tui.screens.confirm import ConfirmScreen
from blog_reader.tui.screens.links import LinksScreen

if TYPE_CHECKING:
    from blog_reader.index.links import LinkTarget, ResolvedLink


class LinkActions(AppMixin):
    """The app's link handling (a mixin of :class:`tui.app.BlogReaderApp`)."""

    pending_anchor: tuple[str, str] | None = None
    """(post id, fragment): the heading to go to once that post is open."""

    @work(thread=True, exclusive=True, group="site-address")
    def learn_site_address(self) -> None:
        """Work out the blog's address now (it may read every post's links), so that
        the first link followed does not wait for it."""
        try:
            self.archive.site()
        except IndexBug as bug:
            self.call_from_thread(self.tell_bug, bug)

    def follow_link(self, href: str) -> None:
        """Open an internal link in the reader; offer an external one to the browser."""
        if href.startswith("#"):
            self.reader.goto_slug(href[1:])
            return
        post = self.reader.post
        self._resolve_link(href, post.info.id if post else None)

    @work(thread=True, exclusive=True, group="follow-link")
    def _resolve_link(self, href: str, from_id: str | None) -> None:
        try:
            target = self.archive.resolve_link(href, from_id)
        except IndexBug as bug:
            self.call_from_thread(self.tell_bug, bug)
            return
        self.call_from_thread(self._follow, href, target)

    def _follow(self, href: str, target: LinkTarget | None) -> None:
        if target is None:
            self.offer_in_browser(href)
            return
        self.pending_anchor = (target.post_id, target.fragment) if target.fragment else None
        self.open_post(target.post_id)

    def go_to_pending_anchor(self, post_id: str) -> None:
        """Once ``post_id`` is open, go to the heading the link that opened it named."""
        pending, self.pending_anchor = self.pending_anchor, None
        if pending is not None and pending[0] == post_id:
            self.call_after_refresh(self.reader.goto_slug, pending[1])

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
        """List the open post's links, saying which open in the reader; follow the one chosen."""
        post = self.reader.post
        if post is not None:
            # The reader's own links once the post is whole (a second parse of an
            # 850 KB post took 1.5 s); the archive reads them itself before.
            shown = None if self.reader.is_loading else list(self.reader.links)
            self._list_links(post.info.id, shown)

    @work(thread=True, exclusive=True, group="list-links")
    def _list_links(self, post_id: str, shown: list[Link] | None) -> None:
        try:
            if shown is None:
                links = self.archive.links(post_id)
            else:
                links = self.archive.resolve_links(post_id, shown)
        except IndexBug as bug:
            self.call_from_thread(self.tell_bug, bug)
            return
        self.call_from_thread(self._show_links, post_id, links)

    def _show_links(self, post_id: str, links: list[ResolvedLink]) -> None:
        post = self.reader.post
        if post is None or post.info.id != post_id or not links:
            return  # another post was opened meanwhile

        def chosen(href: str | None) -> None:
            if href:
                self.follow_link(href)

        self.push_screen(LinksScreen(links), chosen)

    def action_open_original(self) -> None:
        """Offer the open post's original address to the browser (or say why not)."""
        post = self.reader.post
        if post is None:
            return
        if post.info.url:
            self.offer_in_browser(post.info.url)
        else:
            self.notify(
                "Nothing to open: this post's original address is not known "
                "(add a url: line to its front matter to give it one).",
                severity="warning",
                markup=False,
            )

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open ``url`` in the web browser; say so when none could be opened."""
        self._open_in_browser(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        # In a thread: finding and starting a browser can take a while.
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if not opened:
            self.call_from_thread(
                self.notify,
                f"No web browser could be opened for {url}: set the BROWSER "
                "environment variable to your browser's command, or copy the address.",
                severity="warning",
                markup=False,
            )
