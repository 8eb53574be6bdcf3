"""Pilot tests for how the app looks to a new user: sidebar rows, its width and legend,
the post opened on a first launch, the footer at every width, and messages for keys
that could not do what they ask."""

from __future__ import annotations

import html
import re
import webbrowser
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Static

from blog_reader.tui.app import BlogReaderApp, make_app
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.screens.help import HelpScreen
from blog_reader.tui.widgets.key_footer import KeyFooter
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.sidebar import Sidebar
from tests.tui.screen_text import view_lines

Settle = Callable[[Pilot[None]], Awaitable[None]]

SERIES: dict[str, str] = {
    "01-one.md": 'title: "Exosomes 1: The journey begins"\nnumber: 1\nkind: summary\n'
    'summary: "It begins."',
    "02-two.md": 'title: "Exosomes blog 2: Deb B\'s knees are improving week after week"\n'
    "number: 2",
    "03-three.md": 'title: "80-yo Doug ran 121 miles in 6 days"\nnumber: 3',
    "04-four.md": 'title: "Exosomes 4: Soft signs"\nnumber: 4',
    "05-five.md": 'title: "Exosomes 5: Varicose veins"\nnumber: 5\nkind: title-only',
}


@pytest.fixture
def series_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BlogReaderApp]:
    """The app on a small undated series, with nothing saved from before."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    corpus = tmp_path / "series"
    corpus.mkdir()
    for name, head in SERIES.items():
        (corpus / name).write_text(f"---\n{head}\n---\n\nThe words of {name}.\n", "utf-8")
    app = make_app(corpus, tmp_path / "index", config_file=tmp_path / "config.toml")
    yield app
    app.archive.close()


def sidebar_lines(app: BlogReaderApp) -> list[str]:
    sidebar = app.query_one(Sidebar)
    return [sidebar.render_line(y).text.rstrip() for y in range(sidebar.size.height)]


async def test_rows_show_the_titles_own_words(series_app: BlogReaderApp, settle: Settle) -> None:
    async with series_app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        lines = sidebar_lines(series_app)
        assert any(line.endswith("1 ◐ The journey begins") for line in lines)
        assert any(line.endswith("4   Soft signs") for line in lines)
        assert any(line.endswith("3   80-yo Doug ran 121 miles in 6 days") for line in lines)
        assert any("2   Deb B's knees are improving" in line for line in lines)
        assert not any("Exosomes" in line for line in lines)
        # The reader keeps the whole title.
        await pilot.press("g", "enter")
        await settle(pilot)
        assert series_app.reader.post is not None
        assert series_app.reader.post.info.title == "Exosomes 1: The journey begins"


async def test_gathered_topics_show_their_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    corpus = tmp_path / "til"
    for n in range(40):
        topic = "python" if n < 5 else f"topic{n:02}"
        (corpus / topic).mkdir(parents=True, exist_ok=True)
        (corpus / topic / f"note{n}.md").write_text(f"# Note {n}\n\nWords.\n", "utf-8")
    app = make_app(corpus, tmp_path / "index", config_file=tmp_path / "config.toml")
    try:
        async with app.run_test(size=(160, 60)) as pilot:
            await settle(pilot)
            lines = [line.strip() for line in sidebar_lines(app)]
            assert "python (5)" in lines
            assert "Other topics (35)" in lines
            assert any(line.endswith("topic05 · Note 5") for line in lines)
            assert any(line.endswith("Note 0") and "·" not in line for line in lines)
    finally:
        app.archive.close()


async def test_the_sidebar_widens_with_the_terminal(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    async with series_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = series_app.query_one(Sidebar)
        assert sidebar.outer_size.width == 30
        row = next(line for line in sidebar_lines(series_app) if "Deb B" in line)
        assert row.endswith("…")
        # Cut after a whole word: what comes before the ellipsis ends where a word does.
        title = "Deb B's knees are improving week after week"
        shown = row[row.index("Deb") :].removesuffix("…")
        assert len(shown) > 5 and title.startswith(shown) and title[len(shown)] == " "
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert 50 <= sidebar.outer_size.width <= 60, sidebar.outer_size
        assert any(
            line.endswith("Deb B's knees are improving week after week")
            for line in sidebar_lines(series_app)
        )


async def test_the_legend_explains_the_markers(series_app: BlogReaderApp, settle: Settle) -> None:
    async with series_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert series_app.query_one(Sidebar).border_subtitle == "◐ summary  ○ title only"


async def test_a_first_launch_opens_the_newest_full_post(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    # Undated: the full post with the highest number (5 is title-only).
    async with series_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert series_app.reader.post is not None
        assert series_app.reader.post.info.id == "04-four.md"
        assert "index built" in str(series_app.query_one("#status-text", Static).content)


async def test_a_first_launch_opens_the_newest_dated_full_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    corpus = tmp_path / "dated"
    corpus.mkdir()
    for name, head in {
        "new.md": "title: Newest\ndate: 2024-05-01\nkind: summary\nsummary: In short.",
        "mid.md": "title: Newest full\ndate: 2024-04-01",
        "old.md": "title: Oldest\ndate: 2023-01-01",
    }.items():
        (corpus / name).write_text(f"---\n{head}\n---\n\nWords.\n", "utf-8")
    for launch in ("first", "second"):
        app = make_app(corpus, tmp_path / "index", config_file=tmp_path / "config.toml")
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                await settle(pilot)
                assert app.reader.post is not None
                assert app.reader.post.info.id == "mid.md"
                status = str(app.query_one("#status-text", Static).content)
                # Only the first launch builds the index; a later one does not say "built".
                assert ("index built" in status) == (launch == "first"), status
                await pilot.press("q")
        finally:
            app.archive.close()


def screen_rows(app: BlogReaderApp) -> list[str]:
    """The screen's rows as drawn, read from the app's own screenshot (each piece of
    text at its column: blank cells are not written as text in the SVG)."""
    svg = app.export_screenshot()
    rows: dict[int, list[str]] = {}
    pattern = (
        r'<text [^>]*x="([\d.]+)" [^>]*textLength="([\d.]+)" '
        r'clip-path="url\(#terminal-[\w-]*?line-(\d+)\)">([^<]*)</text>'
    )
    for x, length, number, raw in re.findall(pattern, svg):
        text = html.unescape(raw).replace("\xa0", " ")
        row = rows.setdefault(int(number), [" "] * app.size.width)
        column = round(float(x) / (float(length) / len(text)))
        for offset, char in enumerate(text):
            if column + offset < len(row):
                row[column + offset] = char
    return ["".join(rows.get(n, [])) for n in range(app.size.height)]


def cut_keys(app: BlogReaderApp) -> list[str]:
    """The footer keys said to be shown whose label is not whole at its place on screen."""
    row = screen_rows(app)[-1]
    placed = app.query_one(KeyFooter).placed
    assert placed, "the footer shows keys"
    return [p.key.label for p in placed if row[p.start : p.end] != p.key.label]


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_footer_keeps_quit_and_help_at_every_width_and_focus(
    series_app: BlogReaderApp, settle: Settle, width: int
) -> None:
    async with series_app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for widget in (series_app.sidebar, series_app.query_one(ReadingView)):
            if widget.display:
                series_app.set_focus(widget)
                await settle(pilot)
                footer = screen_rows(series_app)[-1]
                assert "? Help" in footer and "q Quit" in footer, (widget, footer)
                assert cut_keys(series_app) == [], footer  # a key shows whole, or not at all
        await pilot.press("slash", "e", "x")  # the hit list, with its own keys
        await settle(pilot)
        for _ in range(3):  # past the sidebar, when it shows
            if series_app.focused in series_app.results.query("*"):
                break
            await pilot.press("tab")
        assert series_app.focused in series_app.results.query("*")
        footer = screen_rows(series_app)[-1]
        assert "? Help" in footer and "q Quit" in footer, (series_app.focused, footer)
        assert cut_keys(series_app) == [], footer
        await pilot.press("slash")  # typing: "q" types a letter, ctrl+q quits
        await settle(pilot)
        footer = screen_rows(series_app)[-1]
        assert "Quit" in footer, footer
        assert "f1 Help" in footer, footer  # "?" types a letter here too
        assert footer.index("Help") < footer.index("Quit"), "in the same order as before"


async def test_a_click_on_a_footer_key_runs_it_and_a_greyed_out_one_does_not(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    """The footer is one line, but each key on it is still a button: a click on
    "Help" opens help; "Back" is greyed out with no post read before, and does nothing."""
    async with series_app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        series_app.set_focus(series_app.query_one(ReadingView))
        await settle(pilot)
        footer = series_app.query_one(KeyFooter)
        places = {p.key.action: p for p in footer.placed}
        back = places["history_back"]
        assert not back.key.enabled
        opened = series_app.reader.post
        await pilot.click(KeyFooter, offset=(back.start, 0))
        await settle(pilot)
        assert series_app.reader.post == opened and not isinstance(series_app.screen, HelpScreen)
        await pilot.click(KeyFooter, offset=(places["help"].end - 1, 0))
        await settle(pilot)
        assert isinstance(series_app.screen, HelpScreen)


async def test_a_light_theme_colours_rows_and_matches_with_its_own_colours(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    """On textual-light, titles in the sidebar are dark (they came out white: an
    "auto" colour in a component class) and matches take the light theme's colours
    (the reader kept the dark theme's after a change of theme)."""
    async with series_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        series_app.theme = "textual-light"
        series_app.open_post("03-three.md", query="doug")
        await settle(pilot)
        variables = series_app.get_css_variables()
        match, current = series_app.query_one(ReadingView).styles_for_matches
        assert match.background == Color.parse(variables["warning-muted"])
        assert match.foreground == Color.parse(variables["foreground"])
        assert current.background == Color.parse(variables["warning"])
        series_app.set_focus(series_app.query_one(ReadingView))
        await settle(pilot)
        sidebar = series_app.query_one(Sidebar)
        colours = {
            segment.text.strip(): segment.style.color
            for y in range(sidebar.size.height)
            for segment in sidebar.render_line(y)
            if segment.style is not None and segment.text.strip()
        }
        foreground = Color.parse(variables["foreground"])
        full, partial = colours["Soft signs"], colours["The journey begins"]
        assert full is not None and full.triplet is not None
        assert full.triplet.hex == foreground.hex.lower()[:7], full
        assert partial is not None and partial.triplet is not None
        assert partial.triplet.hex not in ("#ffffff", full.triplet.hex), "muted, readable"


async def test_f1_opens_help_while_typing_in_the_search_box(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    """ "?" is a letter in the search box; F1 opens help from anywhere, as in
    other terminal apps, and closes it again."""
    async with series_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "k", "n", "question_mark")
        await settle(pilot)
        assert not isinstance(series_app.screen, HelpScreen)
        assert series_app.query_one(SearchBox).value == "kn?"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(series_app.screen, HelpScreen)
        assert "F1" in "\n".join(screen_rows(series_app)).upper()
        await pilot.press("f1")
        await settle(pilot)
        assert not isinstance(series_app.screen, HelpScreen)
        assert isinstance(series_app.focused, SearchBox), "back to typing"
        assert series_app.query_one(SearchBox).value == "kn?"


def notices(app: BlogReaderApp) -> str:
    """The text of the notifications on screen, their lines joined by spaces."""
    rows = screen_rows(app)
    text = [
        row[toast.region.x : toast.region.right]
        for toast in app.screen.query("Toast")
        for row in rows[toast.region.y : toast.region.bottom]
    ]
    return " ".join(" ".join(text).replace("▌", " ").split())


async def test_o_without_an_address_says_why(series_app: BlogReaderApp, settle: Settle) -> None:
    async with series_app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        shown = notices(series_app)
        assert "Nothing to open" in shown and "front matter" in shown, shown


async def test_a_browser_that_does_not_open_is_told(
    new_app: Callable[[], BlogReaderApp], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def no_browser(url: str, *args: object, **kwargs: object) -> bool:
        asked.append(url)
        return False

    monkeypatch.setattr(webbrowser, "open", no_browser)
    app = new_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)  # the shoulder post, which has an address
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert asked == ["https://example.org/shoulder-pain"]
        shown = notices(app)
        assert "No web browser could be opened" in shown and "BROWSER" in shown, shown


LINKS_POST = """---
title: Links
---

See <https://elsewhere.example.com/bare>, [Doug's run](https://other.example.com/run)
and [the first post](01-one.md).
"""


async def test_the_links_dialog_lists_each_link_once_and_fits_them(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    (series_app.corpus / "links.md").write_text(LINKS_POST, "utf-8")
    async with series_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        series_app.open_post("links.md")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = series_app.screen.query_one("#links-dialog")
        rows = screen_rows(series_app)[dialog.region.y : dialog.region.bottom]
        text = "\n".join(row[dialog.region.x : dialog.region.right] for row in rows)
        assert text.count("https://elsewhere.example.com/bare") == 1, text
        assert "outside the archive" in text
        assert "Doug's run" in text and "https://other.example.com/run" in text
        assert "the first post" in text and "opens in the reader: 01-one.md" in text
        # Sized to three two-line entries, a title and its border, not 80 % of 30 rows.
        assert dialog.region.height <= 12, dialog.region


LONG_ADDRESS = "https://www.rechargebiomedical.com/exosome-blog-13-microneedling-my-mom/comments/"


async def test_a_long_address_in_the_links_dialog_breaks_at_a_slash(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    """At 80 columns the dialog's lines are 60 cells: the address breaks after a
    slash, as in the post's header, not mid-word."""
    post = f"Read [the clinic's post]({LONG_ADDRESS}) first.\n"
    (series_app.corpus / "long-link.md").write_text(post, "utf-8")
    async with series_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        series_app.open_post("long-link.md")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        region = series_app.screen.query_one("#links-list").content_region
        assert region.width < len(LONG_ADDRESS)
        rows = screen_rows(series_app)[region.y : region.bottom]
        lines = [row[region.x : region.right].strip() for row in rows]
        assert "the clinic's post" in lines, lines
        assert "outside the archive:" in lines, lines
        assert "https://www.rechargebiomedical.com/" in lines, lines
        assert "exosome-blog-13-microneedling-my-mom/comments/" in lines, lines
        title = series_app.screen.query_one("#links-title")
        assert title.region.height == 1, "the title fits on one line at 80 columns"
        assert "0 of 1 link open in the reader" in screen_rows(series_app)[title.region.y]


async def test_a_long_key_description_in_help_goes_on_under_itself(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    """At 80 columns "Open the post's original address in the browser (asks first)"
    wraps: its second line starts under the description, not under the keys."""
    async with series_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        rows = screen_rows(series_app)
        first = next(i for i, row in enumerate(rows) if "Open the post's original" in row)
        assert "(asks first)" not in rows[first], "wraps at 80 columns"
        column = rows[first].index("Open the post's original")
        following = rows[first + 1]
        words = following[column:].split()
        assert words and following[column] != " ", following
        assert following[: column - 1].strip(" ▌▐█▎▊│") == "", "\n".join(rows)


async def test_help_scrolls_with_every_scroll_key_and_says_there_is_more(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    async with series_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = series_app.screen.query_one("#help-body")
        more = series_app.screen.query_one("#help-more", Static)
        assert "More below" in str(more.content)
        for key in ("j", "down", "space", "pagedown", "end", "G"):
            await pilot.press("home")
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert body.scroll_y > 0, key
        assert "End of the list" in str(more.content)
        for key in ("k", "up", "b", "pageup", "home", "g"):
            await pilot.press("end")
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert body.scroll_y < body.max_scroll_y, key
        await pilot.press("home")
        await pilot.pause()
        text = ""
        for _ in range(20):  # page through the whole help
            text += "\n".join(screen_rows(series_app))
            if body.scroll_y >= body.max_scroll_y:
                break
            await pilot.press("space")
            await pilot.pause()
        assert "Scroll up" in text and "Command palette" in text
        assert "Focus next" in text and "Focus Next" not in text, "sentence case"
        assert "Scroll Left" not in text and "Page Left" not in text and "super" not in text


async def test_a_long_address_breaks_at_a_slash_and_scrollbars_are_thin(
    series_app: BlogReaderApp, settle: Settle
) -> None:
    url = "https://www.rechargebiomedical.com/exosome-blog-13-microneedling-my-mom/"
    (series_app.corpus / "long.md").write_text(
        f'---\ntitle: Long address\nurl: "{url}"\n---\n\nWords.\n', "utf-8"
    )
    async with series_app.run_test(size=(60, 24)) as pilot:  # the sidebar hides
        await settle(pilot)
        series_app.open_post("long.md")
        await settle(pilot)
        lines = [line.strip() for line in view_lines(series_app)]
        assert "https://www.rechargebiomedical.com/" in lines, lines
        assert "exosome-blog-13-microneedling-my-mom/" in lines, lines
        for widget in (series_app.query_one(ReadingView), series_app.sidebar):
            assert widget.styles.scrollbar_size_vertical == 1
