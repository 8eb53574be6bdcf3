"""The blog-reader app: archive sidebar, reader, search, and the keys that drive them."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input

from blog_reader.index import Archive, IndexBug, PostInfo, Span
from blog_reader.tui.bugs import log_bug, start_log
from blog_reader.tui.collecting import IdleCollecting
from blog_reader.tui.commands import ArchiveCommands, system_commands
from blog_reader.tui.config import Settings, config_path, load_settings
from blog_reader.tui.grouping import first_post
from blog_reader.tui.history import History, Visit
from blog_reader.tui.keys import APP_BINDINGS, help_sections
from blog_reader.tui.linking import LinkActions
from blog_reader.tui.reading.model import Anchor
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.related_posts import RelatedActions
from blog_reader.tui.screens.help import HelpScreen
from blog_reader.tui.search_actions import SearchActions
from blog_reader.tui.search_history import SearchHistory
from blog_reader.tui.settings_actions import SettingsActions
from blog_reader.tui.state import Position, PositionKeeper, StateStore
from blog_reader.tui.widgets.archive_header import ArchiveHeader
from blog_reader.tui.widgets.key_footer import KeyFooter
from blog_reader.tui.widgets.reader import Reader
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.search_results import SearchResults
from blog_reader.tui.widgets.sidebar import Sidebar
from blog_reader.tui.widgets.sync_status import SyncStatus

NARROW = 70
"""Below this many columns the sidebar starts hidden (``s`` still shows it)."""
SAVE_POSITION_SECONDS = 5.0
"""How often the reading position is written, in a worker thread, when it changed
(and once more at quit): opening a post writes nothing at once."""


class BlogReaderApp(
    IdleCollecting, LinkActions, RelatedActions, SearchActions, SettingsActions, App[None]
):
    """Read and search one blog archive."""

    CSS_PATH = "app.tcss"
    AUTO_FOCUS = None  # on_mount picks the sidebar, or the reader when the sidebar is hidden
    TITLE = "blog-reader"
    COMMANDS = App.COMMANDS | {ArchiveCommands}

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self,
        archive: Archive,
        corpus: Path,
        state: StateStore,
        *,
        rebuild: bool = False,
        settings: Settings | None = None,
        config_file: Path | None = None,
        settings_problems: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.use_settings(settings or Settings(), config_file or config_path(), settings_problems)
        self.archive = archive
        self.rebuild_first = rebuild
        self.corpus = corpus
        self.state = state
        self.saved_position = state.load(corpus)
        self.positions = PositionKeeper(state, corpus, self.saved_position)
        self.searches = SearchHistory(state.path.parent, corpus)
        self.history = History()
        self.posts: Sequence[PostInfo] = ()
        self._restored = False
        self._narrow: bool | None = None
        self._corrected = False
        """Whether the hits on screen answer a corrected query (ctrl+r is on)."""
        self.sidebar = Sidebar(id="sidebar")
        self._bugs_told: set[str] = set()
        self.reader = Reader(archive.get, self._find_matches, self.find_related, id="reader")
        self.results = SearchResults(
            archive.search, archive.find_matches, facets=archive.facets, id="results"
        )

    def compose(self) -> ComposeResult:
        box = SearchBox(id="search")
        box.history = self.searches.queries
        yield ArchiveHeader(self.corpus, box, id="header")
        with Horizontal(id="main"):
            yield self.sidebar
            with ContentSwitcher(id="right", initial="reader"):
                yield self.reader
                yield self.results
        yield SyncStatus(self.archive, id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sidebar.border_title = "Archive"
        self.reader.view.measure = self.settings.measure
        self.call_after_refresh(self._focus_first)
        self.settings_mounted()
        for problem in (self.state.problem, self.searches.problem):
            if problem:
                self.notify(problem, severity="warning", markup=False)
        self.query_one(SyncStatus).sync(rebuild=self.rebuild_first)
        self.set_interval(SAVE_POSITION_SECONDS, self._save_position_now_and_then)

    def _focus_first(self) -> None:
        self.focus_now(self.sidebar if self.sidebar.display else self.query_one(ReadingView))

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next key is handled.

        ``Widget.focus`` waits for the keys already queued, so "/" then fast typing
        would send the first letters to the old focus.
        """
        self.screen.set_focus(widget)

    def _find_matches(self, text: str, query: str) -> tuple[Span, ...]:
        """The archive's matches in ``text``; none, and a notification, on a bug."""
        try:
            return self.archive.find_matches(text, query)
        except IndexBug as bug:
            self.tell_bug(bug)
            return ()

    def tell_bug(self, error: BaseException) -> None:
        """Say in a notification that a bug happened (once per distinct bug);
        its traceback is in the log file. Safe to call from any thread."""
        line = log_bug(error)
        if line not in self._bugs_told:
            self._bugs_told.add(line)
            self.notify(line[:1].upper() + line[1:], severity="error", markup=False)

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
        self.query_one(ArchiveHeader).set_count(len(event.posts))
        # The posts stay as long as the app does: out of the garbage collector's
        # sight, its full passes no longer walk them (130-220 ms each at 10,000
        # posts, a pause in whatever key they fell on). Reference counting still
        # frees them when a later sync replaces them.
        gc.freeze()
        self.learn_site_address()
        if not self._restored and event.posts:
            self._restored = True
            known = {info.id for info in event.posts}
            saved = self.saved_position
            if saved is not None and saved.post_id in known:
                self.open_post(saved.post_id, anchor=Anchor(saved.block, saved.offset))
            else:
                self.open_post(first_post(event.posts).id)

    @on(SyncStatus.Finished)
    def _sync_finished(self, event: SyncStatus.Finished) -> None:
        if event.report is not None and not self.posts:
            self.reader.show_notice(Content(f"No posts found in {self.corpus}."))
        if event.report is not None:
            self.warm_up_search()  # each sync serves a new index

    # Opening posts

    def open_post(
        self, post_id: str, *, query: str | None = None, anchor: Anchor | None = None
    ) -> None:
        """Open ``post_id`` as a new visit (``query`` marks its matches) at ``anchor``."""
        self._remember_place()
        self.history.visit(post_id, query)
        self.reader.open(post_id, query=query, anchor=anchor)
        if self.reader.post is not None and self.reader.post.info.id == post_id:
            self.sidebar.set_open(post_id)  # shown at once: marked in the same frame

    def _remember_place(self) -> None:
        visit = self.history.current
        post = self.reader.post
        if visit is not None and post is not None and post.info.id == visit.post_id:
            visit.anchor = self.reader.view.place

    @on(Reader.Opened)
    def _opened(self, event: Reader.Opened) -> None:
        if not self.screen_stack:
            return  # quitting as it opened: the screens are gone
        self.sidebar.set_open(event.post.info.id)
        self.refresh_bindings()
        self.go_to_pending_anchor(event.post.info.id)

    @on(Reader.Unavailable)
    def _unavailable(self, event: Reader.Unavailable) -> None:
        self.notify(f"Cannot open {event.post_id}: {event.reason}.", severity="error", markup=False)

    @on(Reader.MatchesChanged)
    def _matches_changed(self) -> None:
        self.refresh_bindings()

    @on(Sidebar.PostChosen)
    def _post_chosen(self, event: Sidebar.PostChosen) -> None:
        self.open_post(event.post_id)
        self.focus_now(self.query_one(ReadingView))

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
            "open_original": post is not None,  # without an address, o says so
            "links": bool(post and self.reader.links),
            "related": post is not None,
            "toggle_outline": bool(post and self.reader.headings),
            "quit_unless_typing": not typing,
        }.get(action, True)
        return True if enabled else None

    def action_search(self) -> None:
        box = self.query_one(SearchBox)
        self.focus_now(box)
        box.select_for_typing()

    def action_toggle_order(self) -> None:
        self.results.toggle_order()

    def action_search_as_typed(self) -> None:
        self.results.search_as_typed()

    def action_match(self, step: int) -> None:
        self.reader.step_match(step)

    def action_history_back(self) -> None:
        self._remember_place()
        self._show_visit(self.history.back())

    def action_history_forward(self) -> None:
        self._remember_place()
        self._show_visit(self.history.forward())

    def _show_visit(self, visit: Visit | None) -> None:
        if visit is not None:
            self.reader.open(visit.post_id, query=visit.query, anchor=visit.anchor)
        self.refresh_bindings()

    def action_toggle_outline(self) -> None:
        self.reader.toggle_outline()

    def action_measure(self, step: int) -> None:
        """Widen (``step`` > 0) or narrow the reader's text, keeping the same words on top."""
        view = self.reader.view
        view.measure = view.measure + step
        self.save_measure(view.measure)
        self.notify(f"Text width: {view.measure} columns", timeout=1.5, markup=False)

    def action_toggle_sidebar(self) -> None:
        self._show_sidebar(not self.sidebar.display)

    def _show_sidebar(self, show: bool) -> None:
        self.sidebar.display = show
        if not show and self.sidebar.has_focus:
            self.focus_now(self.query_one(ReadingView))

    def action_help(self) -> None:
        sections = help_sections(type(self), self.COMMAND_PALETTE_BINDING)
        self.push_screen(HelpScreen(sections, self.settings.keys))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return system_commands(super().get_system_commands(screen))

    def action_rebuild(self) -> None:
        if not self.query_one(SyncStatus).sync(rebuild=True, list_first=False):
            self.notify("A sync is already running.", markup=False)

    async def action_quit_unless_typing(self) -> None:
        await self.action_quit()

    async def action_quit(self) -> None:
        try:
            self.positions.close(self._position())
        except OSError as error:
            self._not_saved(error)
        self.exit()

    # The reading position

    def _position(self) -> Position | None:
        post = self.reader.post
        if post is None:
            return None
        place = self.reader.view.place
        return Position(post.info.id, place.block, place.offset)

    def _save_position_now_and_then(self) -> None:
        position = self._position()
        if position is not None and position != self.positions.written:
            self._write_position(position)

    @work(thread=True, group="position", exit_on_error=False)
    def _write_position(self, position: Position) -> None:
        try:
            self.positions.write(position)
        except OSError as error:
            self.call_from_thread(self._not_saved, error)

    def _not_saved(self, error: OSError) -> None:
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
    config_file: Path | None = None,
    site: str | None = None,
    drafts: bool = False,
) -> BlogReaderApp:
    """The app on the archive at ``corpus`` (index in ``index_dir``, or the default),
    with the settings in ``config_file`` (default: the user's); ``site``: the blog's
    own address, as ``--site`` gives it; ``drafts``: drafts are posts.

    Raises:
        CorpusError: when ``corpus`` is not a readable folder.
    """
    start_log()
    config_file = config_file or config_path()
    settings, problems = load_settings(config_file)
    archive = Archive.open(corpus, index_dir, site, drafts)
    return BlogReaderApp(
        archive,
        archive.corpus,
        StateStore(state_dir),
        rebuild=rebuild,
        settings=settings,
        config_file=config_file,
        settings_problems=problems,
    )


def run_app(
    corpus: Path,
    index_dir: Path | None,
    *,
    rebuild: bool = False,
    site: str | None = None,
    drafts: bool = False,
) -> None:
    """Run the app on ``corpus`` until the user quits (``rebuild``: index afresh first)."""
    app = make_app(corpus, index_dir, rebuild=rebuild, site=site, drafts=drafts)
    try:
        app.run()
    finally:
        app.archive.close()
