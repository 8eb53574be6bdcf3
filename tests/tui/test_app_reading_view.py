"""Pilot tests of the reading view: measure, the place kept, long posts, stale loads.

These run on an archive of their own: a post of unique words (so that "the same
words on top" means one place only), a post with section links, and a long post
whose full parse the tests can hold back, to look at the app while it loads.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.pilot import Pilot

import blog_reader.tui.reading.streaming as streaming
from blog_reader.tui.app import BlogReaderApp, make_app
from blog_reader.tui.reading.layout import MEASURE_MAX, MEASURE_MIN
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.widgets.sidebar import Sidebar
from tests.tui.screen_text import top_line, view_lines

Settle = Callable[[Pilot[None]], Awaitable[None]]

WORDS = "\n\n".join(f"## Part{n}\n\n" + " ".join(f"w{n}x{i}" for i in range(60)) for n in range(12))
SECTIONS = (
    "See [the second section](#section-two).\n\n"
    + "\n\n".join(["Filler paragraph."] * 30)
    + "\n\n## Section two\n\nHere it is.\n\n"
    + "\n\n".join(["More filler."] * 30)
)
LONG_PARAGRAPHS = 3000
LONG = (
    "\n\n".join(f"Long paragraph {n} " + "lorem ipsum " * 8 for n in range(LONG_PARAGRAPHS))
    + "\n\nThe very last words.\n"
)


def post(title: str, date: str, body: str) -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\n---\n\n{body}'


@pytest.fixture
def app_factory(tmp_path: Path, state_home: Path) -> Iterator[Callable[[], BlogReaderApp]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "words.md").write_text(post("Words", "2024-05-03", WORDS), encoding="utf-8")
    (corpus / "sections.md").write_text(post("Sections", "2024-05-02", SECTIONS), "utf-8")
    (corpus / "long.md").write_text(post("Long", "2024-05-01", LONG), encoding="utf-8")
    apps: list[BlogReaderApp] = []

    def make() -> BlogReaderApp:
        app = make_app(corpus, tmp_path / "index")
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.archive.close()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds back the parts of the long post after its first (its top still shows)."""
    event = threading.Event()
    parse_part = streaming.parse_part

    def held(parser: MarkdownIt, markdown: str) -> list[Token]:
        if markdown.startswith("Long paragraph") and not markdown.startswith("Long paragraph 0 "):
            event.wait(10)
        return parse_part(parser, markdown)

    monkeypatch.setattr(streaming, "parse_part", held)
    yield event
    event.set()


@pytest.fixture
def middle_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds back the middle of the long post: its top and its end are read."""
    event = threading.Event()
    parse_part = streaming.parse_part

    def held(parser: MarkdownIt, markdown: str) -> list[Token]:
        if not markdown.startswith("Long paragraph 0 ") and "The very last words." not in markdown:
            event.wait(10)
        return parse_part(parser, markdown)

    monkeypatch.setattr(streaming, "parse_part", held)
    yield event
    event.set()


def text_widths(app: BlogReaderApp) -> list[tuple[int, int]]:
    """(left margin, length) of each line of words on screen."""
    return [
        (len(line) - len(line.lstrip()), len(line.strip()))
        for line in view_lines(app)
        if line.strip() and line.strip("─━ ")
    ]


async def open_and_settle(
    app: BlogReaderApp, pilot: Pilot[None], settle: Settle, post_id: str
) -> None:
    await settle(pilot)
    app.open_post(post_id)
    await settle(pilot)
    app.query_one(ReadingView).focus()
    await pilot.pause()


async def test_body_text_keeps_to_the_measure_centred_and_keys_change_it(
    app_factory: Callable[[], BlogReaderApp], settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_and_settle(app, pilot, settle, "words.md")
        await pilot.press("s")  # the sidebar hidden: the pane is 150 wide
        await pilot.pause()
        view = app.query_one(ReadingView)
        widths = text_widths(app)
        longest = max(length for _, length in widths)
        assert 70 < longest <= 80
        margin = min(left for left, _ in widths)
        assert abs(margin - (view.scrollable_content_region.width - 80) // 2) <= 1, "centred"
        words = top_line(app).split()[0]
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert view.measure == 100
        assert 90 < max(length for _, length in text_widths(app)) <= 100
        assert words in top_line(app), "the same words on top"
        await pilot.press(*["minus"] * 6)
        await pilot.pause()
        assert view.measure == MEASURE_MIN
        assert max(length for _, length in text_widths(app)) <= MEASURE_MIN
        await pilot.press(*["plus"] * 9)
        assert view.measure == MEASURE_MAX


async def test_the_same_words_stay_on_top_over_sidebar_resize_and_history(
    app_factory: Callable[[], BlogReaderApp], settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_and_settle(app, pilot, settle, "words.md")
        await pilot.press("space", "space", "j", "j", "j")
        word = top_line(app).split()[0]  # a word found once in the post
        assert app.query_one(ReadingView).scroll_y > 10 and word != "Words"

        await pilot.press("s")  # the sidebar hidden: a wider pane
        await pilot.pause()
        assert word in top_line(app)
        await pilot.press("s")
        await pilot.pause()
        assert word in top_line(app)

        await pilot.resize_terminal(70, 24)
        await settle(pilot)
        assert word in top_line(app)
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert word in top_line(app)

        app.open_post("sections.md")
        await settle(pilot)
        assert "Sections" in top_line(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert word in top_line(app), "back restores the place"


async def test_a_section_link_jumps_to_its_heading(
    app_factory: Callable[[], BlogReaderApp], settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_and_settle(app, pilot, settle, "sections.md")
        view = app.query_one(ReadingView)
        lines = view_lines(app)
        row = next(y for y, line in enumerate(lines) if "the second section" in line)
        column = lines[row].index("the second section") + 3
        await pilot.click(ReadingView, offset=(column + view.gutter.left, row + view.gutter.top))
        await pilot.pause()
        assert top_line(app) == "Section two"


async def test_a_long_post_shows_its_top_at_once_and_keys_answer_while_it_loads(
    app_factory: Callable[[], BlogReaderApp], settle: Settle, gate: threading.Event
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.query_one(ReadingView)
        app.open_post("long.md")
        await pilot.pause(0.3)
        assert app.reader.is_loading and not view.document.complete
        assert any("Long paragraph 0 lorem" in line for line in view_lines(app))
        view.focus()
        await pilot.press("j", "j")
        assert view.scroll_y == 2, "keys answer while the rest is parsed"
        await pilot.press("G")  # the end is not known yet: it is gone to once it is
        gate.set()
        await settle(pilot)
        assert view.document.complete and not app.reader.is_loading
        assert view.scroll_y == view.max_scroll_y > LONG_PARAGRAPHS
        assert any("The very last words." in line for line in view_lines(app))
        assert not view.children, "lines, not a widget per block"


async def test_g_shows_the_end_of_a_long_post_before_its_middle_is_read(
    app_factory: Callable[[], BlogReaderApp], settle: Settle, middle_gate: threading.Event
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.query_one(ReadingView)
        app.open_post("long.md")
        await pilot.pause(0.3)
        view.focus()
        await pilot.press("G")
        await pilot.pause(0.2)
        assert not view.document.complete, "the middle is still held back"
        assert view.scroll_y == view.max_scroll_y > 0
        assert any("The very last words." in line for line in view_lines(app))
        await pilot.press("k", "k", "k")
        place = top_line(app)
        assert place.strip().startswith("Long paragraph"), place
        await pilot.press("g")  # the top is there too, and back
        assert "Long" in top_line(app)
        await pilot.press("G", "k", "k", "k")
        assert top_line(app) == place
        middle_gate.set()  # the middle fills in above: the same words stay on top
        await settle(pilot)
        assert view.document.complete and not app.reader.is_loading
        assert top_line(app) == place
        assert view.scroll_y > LONG_PARAGRAPHS, "the middle is above it now"


async def test_a_load_no_longer_wanted_is_dropped(
    app_factory: Callable[[], BlogReaderApp], settle: Settle, gate: threading.Event
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("long.md")
        await pilot.pause(0.3)
        app.open_post("words.md")  # asked for before the long post is whole
        await pilot.pause(0.3)
        gate.set()
        await pilot.pause(0.5)  # (settle would raise: a worker was cancelled)
        assert app.reader.post is not None and app.reader.post.info.id == "words.md"
        assert app.query_one(Sidebar).highlighted_id == "words.md"
        assert not any("Long paragraph" in line for line in view_lines(app))
        assert "Words" in top_line(app)


async def test_a_short_post_is_shown_and_marked_as_it_is_asked_for(
    app_factory: Callable[[], BlogReaderApp], settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("words.md")  # no thread to wait for: the same frame shows it
        assert app.reader.post is not None and app.reader.post.info.id == "words.md"
        assert not app.reader.is_loading
        assert app.query_one(Sidebar).highlighted_id == "words.md"
        await pilot.pause()
        assert "Words" in top_line(app)


async def test_quitting_while_a_long_post_loads_is_at_once(
    app_factory: Callable[[], BlogReaderApp], settle: Settle, gate: threading.Event
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("long.md")
        await pilot.pause(0.3)
        assert app.reader.is_loading
        await pilot.press("q")
        await pilot.pause(0.2)
        assert not app.is_running
    assert not gate.is_set(), "the app ended with the parse still held back"


async def test_text_can_be_selected_and_copied(
    app_factory: Callable[[], BlogReaderApp], settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_and_settle(app, pilot, settle, "words.md")
        view = app.query_one(ReadingView)
        lines = view_lines(app)
        row = next(y for y, line in enumerate(lines) if "w0x0" in line)
        start = lines[row].index("w0x0")
        left, top = view.gutter.left, view.gutter.top
        await pilot.mouse_down(ReadingView, offset=(start + left, row + top))
        await pilot.hover(ReadingView, offset=(start + left + 13, row + top))
        await pilot.mouse_up(ReadingView, offset=(start + left + 13, row + top))
        await pilot.pause()
        assert app.screen.get_selected_text() == "w0x0 w0x1 w0x2"
        # Over two lines: the second comes without the margin of the pane.
        second = lines[row + 1].strip().split()
        end = len(lines[row + 1]) - len(lines[row + 1].lstrip()) + len(second[0]) - 1
        await pilot.mouse_down(ReadingView, offset=(start + left, row + top))
        await pilot.hover(ReadingView, offset=(end + left, row + 1 + top))
        await pilot.mouse_up(ReadingView, offset=(end + left, row + 1 + top))
        await pilot.pause()
        copied = app.screen.get_selected_text()
        assert copied is not None
        assert copied.startswith("w0x0 w0x1") and copied.endswith("\n" + second[0])


async def test_a_search_hit_on_a_long_post_keeps_the_place_the_reader_moved_to(
    app_factory: Callable[[], BlogReaderApp], settle: Settle, gate: threading.Event
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("long.md", query="last")
        await pilot.pause(0.3)
        view = app.query_one(ReadingView)
        view.focus()
        await pilot.press("space")
        word = top_line(app).split()[0:3]
        gate.set()  # the rest arrives, and with it the matches
        await pilot.pause(1.0)
        assert view.document.complete and app.reader.matches
        assert top_line(app).split()[0:3] == word, "no jump to the first match"
        await pilot.press("n")
        assert any("The very last words." in line for line in view_lines(app))
