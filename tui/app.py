"""The blog-reader app: archive sidebar, reader, search, and the keys that drive them."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input

from blog_reader.index import Archive, PostInfo
from blog_reader.tui.commands import ArchiveCommands
from blog_reader.tui.history import History, Visit
from blog_reader.tui.keys import APP_BINDINGS, help_sections
from blog_reader.tui.linking import LinkActions
from blog_reader.tui.links import find_links
from blog_reader.tui.screens.help import HelpScreen
from blog_reader.tui.search_history import SearchHistory
from blog_reader.tui.state import Position, StateStore
from blog_reader.tui.widgets.document import make_parser
from blog_reader.tui.widgets.reader import Reader, ReaderScroll
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.search_results import SearchResults
from blog_reader.tui.widgets.sidebar import Sidebar
from blog_reader.tui.widgets.sync_status import SyncStatus

NARROW = 70
"""Below this many columns the sidebar starts hidden (``s`` still shows it)."""


class BlogReaderApp(LinkActions, App[None]):
    """Read and search one blog archive."""

    CSS_PATH = "app.tcss"
    AUTO_FOCUS = None  # on_mount picks the sidebar, or the reader when the sidebar is hidden
    TITLE = "blog-reader"
    COMMANDS = App.COMMANDS | {ArchiveCommands}

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self, archive: Archive, corpus: Path, state: StateStore, *, rebuild: bool = False
    ) -> None:
        super().__init__()
        self.archive = archive
        self.rebuild_first = rebuild
        self.corpus = corpus
        self.state = state
        self.saved_position = state.load(corpus)
        self.searches = SearchHistory(state.path.parent, corpus)
        self.history = History()
        self.posts: Sequence[PostInfo] = ()
        self._link_count = 0
        self._restored = False
        self._narrow: bool | None = None
        self._corrected = False
        """Whether the hits on screen answer a corrected query (ctrl+r is on)."""
        self.sidebar = Sidebar(id="sidebar")
        self.reader = Reader(archive.get, archive.find_matches, id="reader")
        self.results = SearchResults(archive.search, archive.find_matches, id="results")

    def compose(self) -> ComposeResult:
        box = SearchBox(id="search")
        box.history = self.searches.queries
        yield box
        with Horizontal(id="main"):
            yield self.sidebar
            with ContentSwitcher(id="right", initial="reader"):
                yield self.reader
                yield self.results
        yield SyncStatus(self.archive, id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sidebar.border_title = "Archive"
        self.call_after_refresh(self._focus_first)
        for problem in (self.state.problem, self.searches.problem):
            if problem:
                self.notify(problem, severity="warning", markup=False)
        self.query_one(SyncStatus).sync(rebuild=self.rebuild_first)

    def _focus_first(self) -> None:
        self.focus_now(self.sidebar if self.sidebar.display else self.query_one(ReaderScroll))

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next key is handled.

        ``Widget.focus`` waits for the keys already queued, so "/" then fast typing
        would send the first letters to the old focus.
        """
        self.screen.set_focus(widget)

    @property
    def archive_posts(self) -> Sequence[PostInfo]:
        """The posts, in archive order (for the command palette)."""
        return self.posts

    @property
    def recent_searches(self) -> Sequence[str]:
        """Earlier queries in this archive, newest first (for the command palette)."""
        return self.searches.recent()

    # Archive and sync

    @on(SyncStatus.PostsReady)
    def _posts_ready(self, event: SyncStatus.PostsReady) -> None:
        self.posts = event.posts
        self.sidebar.set_posts(event.posts)
        # The posts stay as long as the app does: out of the garbage collector's
        # sight, its full passes no longer walk them (130-220 ms each at 10,000
        # posts, a pause in whatever key they fell on). Reference counting still
        # frees them when a later sync replaces them.
        gc.freeze()
        if not self._restored and event.posts:
            self._restored = True
            known = {info.id for info in event.posts}
            saved = self.saved_position
            if saved is not None and saved.post_id in known:
                self.open_post(saved.post_id, scroll_y=saved.scroll_y)
            else:
                self.open_post(event.posts[0].id)

    @on(SyncStatus.Finished)
    def _sync_finished(self, event: SyncStatus.Finished) -> None:
        if event.report is not None and not self.posts:
            self.reader.show_notice(Content(f"No posts found in {self.corpus}."))

    # Opening posts

    def open_post(
        self, post_id: str, *, query: str | None = None, scroll_y: float | None = None
    ) -> None:
        """Open ``post_id`` as a new visit (``query`` marks its matches)."""
        self._remember_scroll()
        self.history.visit(post_id, query)
        self.reader.open(post_id, query=query, scroll_y=scroll_y)

    def _remember_scroll(self) -> None:
        visit = self.history.current
        if visit is not None:
            visit.scroll_y = self.reader.scroll.scroll_y

    @on(Reader.Opened)
    def _opened(self, event: Reader.Opened) -> None:
        self.sidebar.set_open(event.post.info.id)
        self._link_count = len(find_links(event.post.body, make_parser()))
        self.refresh_bindings()
        self._save_position(event.post.info.id, 0.0)

    @on(Reader.Unavailable)
    def _unavailable(self, event: Reader.Unavailable) -> None:
        self.notify(f"Cannot open {event.post_id}: {event.reason}.", severity="error", markup=False)

    @on(Reader.MatchesChanged)
    def _matches_changed(self) -> None:
        self.refresh_bindings()

    @on(Sidebar.PostChosen)
    def _post_chosen(self, event: Sidebar.PostChosen) -> None:
        self.open_post(event.post_id)
        self.focus_now(self.query_one(ReaderScroll))

    # Search

    def _show_results(self, show: bool) -> None:
        switcher = self.query_one("#right", ContentSwitcher)
        shown = "results" if show else "reader"
        if switcher.current != shown:
            switcher.current = shown
            self.refresh_bindings()  # the results' keys come and go with them

    @on(SearchBox.Entered)
    def _search_entered(self) -> None:
        box = self.query_one(SearchBox)
        if box.has_focus and box.value.strip():
            self._show_results(True)

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value != self.results.query_text:
            self.results.search(event.value)
        if not event.value.strip():
            self._show_results(False)
        # Otherwise the results show when they answer (SearchResults.Answered): a
        # few milliseconds later, in the same frame as the hits.

    @on(SearchResults.Answered)
    def _search_answered(self) -> None:
        if self.query_one(SearchBox).has_focus and self.results.query_text.strip():
            self._show_results(True)
        result = self.results.result
        corrected = result is not None and result.correction is not None
        if corrected != self._corrected:  # ctrl+r comes and goes with a correction
            self._corrected = corrected
            self.refresh_bindings()  # (the footer lays itself out again: not at every key)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.results.choose_highlighted()

    @on(SearchBox.Move)
    def _move_in_hits(self, event: SearchBox.Move) -> None:
        self.results.move(event.step)

    @on(SearchBox.Leave)
    @on(SearchResults.Leave)
    def _leave_search(self) -> None:
        self._remember_search(self.results.query_text)
        self._show_results(False)
        if self.sidebar.display:
            self.focus_now(self.sidebar)
        else:
            self.focus_now(self.query_one(ReaderScroll))

    @on(SearchResults.HitChosen)
    def _hit_chosen(self, event: SearchResults.HitChosen) -> None:
        self._remember_search(self.results.query_text)
        self._show_results(False)
        self.open_post(event.hit.id, query=event.query)
        self.focus_now(self.query_one(ReaderScroll))

    def _remember_search(self, query: str) -> None:
        """Add ``query`` to the archive's search history (for Up and the palette)."""
        if not query.strip():
            return
        try:
            self.searches.add(query)
        except OSError as error:
            self.notify(
                f"Could not save the search history: {error}", severity="warning", markup=False
            )
        self.query_one(SearchBox).history = self.searches.queries

    def search_for(self, query: str) -> None:
        """Put ``query`` in the search box and search at once."""
        box = self.query_one(SearchBox)
        box.value = query
        self.focus_now(box)
        self._show_results(bool(query.strip()))
        self.results.search(query)

    # Links

    @on(Reader.LinkActivated)
    def _link_activated(self, event: Reader.LinkActivated) -> None:
        self.follow_link(event.href)

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        post = self.reader.post
        typing = isinstance(self.focused, Input)
        if action == "search":
            # False lets "/" through to a box being typed in, or to a dialog.
            return not typing and not isinstance(self.screen, ModalScreen)
        if action == "match" and self.reader.query_text is None:
            return False  # no search in this post: the key does not matter now
        if action in ("toggle_order", "search_as_typed"):
            # Keys of the search results: shown only while they are on screen.
            on_screen = self.query_one("#right", ContentSwitcher).current == "results"
            result = self.results.result
            if action == "search_as_typed":
                on_screen = on_screen and result is not None and result.correction is not None
            return on_screen
        enabled = {
            "match": bool(self.reader.matches),
            "history_back": self.history.can_go_back,
            "history_forward": self.history.can_go_forward,
            "open_original": bool(post and post.info.url),
            "links": bool(post and self._link_count),
            "toggle_outline": post is not None,
            "quit_unless_typing": not typing,
        }.get(action, True)
        return True if enabled else None

    def action_search(self) -> None:
        self.focus_now(self.query_one(SearchBox))

    def action_toggle_order(self) -> None:
        self.results.toggle_order()

    def action_search_as_typed(self) -> None:
        self.results.search_as_typed()

    def action_match(self, step: int) -> None:
        self.reader.step_match(step)

    def action_history_back(self) -> None:
        self._remember_scroll()
        self._show_visit(self.history.back())

    def action_history_forward(self) -> None:
        self._remember_scroll()
        self._show_visit(self.history.forward())

    def _show_visit(self, visit: Visit | None) -> None:
        if visit is not None:
            self.reader.open(visit.post_id, query=visit.query, scroll_y=visit.scroll_y)
        self.refresh_bindings()

    def action_toggle_outline(self) -> None:
        self.reader.toggle_outline()

    def action_toggle_sidebar(self) -> None:
        self._show_sidebar(not self.sidebar.display)

    def _show_sidebar(self, show: bool) -> None:
        self.sidebar.display = show
        if not show and self.sidebar.has_focus:
            self.focus_now(self.query_one(ReaderScroll))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(type(self), self.COMMAND_PALETTE_BINDING)))

    def action_rebuild(self) -> None:
        if not self.query_one(SyncStatus).sync(rebuild=True, list_first=False):
            self.notify("A sync is already running.", markup=False)

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    async def action_quit_unless_typing(self) -> None:
        await self.action_quit()

    async def action_quit(self) -> None:
        post = self.reader.post
        if post is not None:
            self._save_position(post.info.id, self.reader.scroll.scroll_y)
        self.exit()

    def _save_position(self, post_id: str, scroll_y: float) -> None:
        try:
            self.state.save(self.corpus, Position(post_id, scroll_y))
        except OSError as error:
            self.notify(
                f"Could not save the reading position: {error}", severity="warning", markup=False
            )

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._show_sidebar(not narrow)


def make_app(
    corpus: Path,
    index_dir: Path | None,
    state_dir: Path | None = None,
    *,
    rebuild: bool = False,
) -> BlogReaderApp:
    """The app on the archive at ``corpus`` (index in ``index_dir``, or the default).

    Raises:
        CorpusError: when ``corpus`` is not a readable folder.
    """
    archive = Archive.open(corpus, index_dir)
    return BlogReaderApp(archive, archive.corpus, StateStore(state_dir), rebuild=rebuild)


def run_app(corpus: Path, index_dir: Path | None, *, rebuild: bool = False) -> None:
    """Run the app on ``corpus`` until the user quits (``rebuild``: index afresh first)."""
    app = make_app(corpus, index_dir, rebuild=rebuild)
    try:
        app.run()
    finally:
        app.archive.close()
