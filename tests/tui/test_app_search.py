"""Pilot tests: search as you type, opening a hit, n/N, "did you mean", leaving the search."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Static

from blog_reader.index import SearchResult
from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.look import MATCH
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.widgets.folded import Folded
from blog_reader.tui.widgets.hit_list import HitList
from blog_reader.tui.widgets.search_box import SearchBox
from blog_reader.tui.widgets.search_results import SEARCHING_DELAY, SearchResults
from blog_reader.tui.widgets.sidebar import Sidebar

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def current_match_text(view: ReadingView) -> str:
    """The text painted in the current match's style on the reading view's screen."""
    current = view.styles_for_matches[1]
    assert current.background is not None
    painted = [
        segment.text
        for y in range(view.size.height)
        for segment in view.render_line(y)
        if segment.style is not None
        and segment.style.bgcolor is not None
        and segment.style.bgcolor.triplet is not None
        and segment.style.bgcolor.triplet.hex == current.background.hex.lower()[:7]
    ]
    return "".join(painted)


def match_status(app: BlogReaderApp) -> str:
    status = app.reader.query_one("#match-status", Static)
    return str(status.content) if status.display else ""


def summary(app: BlogReaderApp) -> str:
    return str(app.results.query_one("#search-summary", Static).content)


async def type_query(pilot: Pilot[None], settle: Settle, text: str) -> None:
    await pilot.press("slash", *text)
    await settle(pilot)


async def test_results_appear_as_you_type(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    searched: list[str] = []
    search = app.archive.search

    def counting_search(query: str, limit: int = 20, **options: Any) -> SearchResult:
        searched.append(query)
        return search(query, limit, **options)

    app.results._search = counting_search
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        switcher = app.query_one("#right", ContentSwitcher)
        assert switcher.current == "results"
        assert summary(app) == "3 posts match knee"
        hits = app.query_one(HitList)
        assert hits.option_count == 3
        first = str(hits.get_option_at_index(0).prompt)
        assert first.startswith("Knee care basics  2024-03-05")
        # The first key searches at once; keys typed while a search runs are
        # not searched one by one, but the box's final value always is.
        assert searched[0] == "k" and searched[-1] == "knee"
        assert len(searched) == len(set(searched)) <= 4


async def test_a_total_counted_in_part_reads_at_least(
    new_app: MakeApp, settle: Settle, monkeypatch: Any
) -> None:
    """In a big archive a common word's posts are counted for a moment only:
    the line says "At least", and no time limit is blamed."""
    import blog_reader.index.search as search

    monkeypatch.setattr(search, "FULL_PASS_LIMIT", 0)
    monkeypatch.setattr(search, "COUNT_CHECK_EVERY", 1)
    monkeypatch.setattr(search, "COUNT_SECONDS", 0.0)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        assert summary(app) == "At least 3 posts match knee"


async def test_a_hit_whose_first_match_is_near_the_top_opens_at_the_top(
    new_app: MakeApp, settle: Settle
) -> None:
    """Opened from the results (the reader not laid out yet), the first match is
    brought into view a third of the way down, which for a match in the first
    lines is the top: the post's title stays in view."""
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ReadingView)
        assert app.reader.match_index == 0
        assert view.scroll_y == 0


async def test_letters_typed_right_after_the_slash_reach_the_box(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, character in [("slash", "/"), ("k", "k"), ("n", "n"), ("e", "e"), ("e", "e")]:
            app.post_message(events.Key(key, character))  # one burst, as a fast typist sends
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.query_one(SearchBox).value == "knee"
        assert summary(app) == "3 posts match knee"


async def test_hit_snippets_mark_the_matched_words(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knees")
        option = app.query_one(HitList).get_option_at_index(0).prompt
        assert isinstance(option, Folded)
        prompt = option.content
        marked = {
            prompt.plain[span.start : span.end].lower()
            for span in prompt.spans
            if span.style == MATCH
        }
        assert marked <= {"knee", "knees"} and marked


async def test_only_a_slow_search_says_searching(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    search = app.archive.search
    release = threading.Event()
    seen: list[str] = []

    def slow_search(query: str, limit: int = 20, **options: Any) -> SearchResult:
        if query == "sleep":
            release.wait(5)
        return search(query, limit, **options)

    app.results._search = slow_search
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # A quick search goes from one answer to the next: no "Searching…" between.
        summary_widget = app.results.query_one("#search-summary", Static)
        update = summary_widget.update

        def recording_update(content: object = "", *, layout: bool = True) -> None:
            seen.append(str(content))
            update(content, layout=layout)

        summary_widget.update = recording_update  # type: ignore[method-assign]
        await type_query(pilot, settle, "knee")
        assert summary(app) == "3 posts match knee"
        assert not [text for text in seen if text.startswith("Searching")]
        # A slow one says so once it has run for a while, then answers.
        await pilot.press("ctrl+a", "ctrl+k", *"sleep")
        await pilot.pause(SEARCHING_DELAY + 0.2)
        assert summary(app) == "Searching…"
        release.set()
        await settle(pilot)
        assert summary(app).endswith("match sleep")


async def test_an_answer_after_escape_leaves_the_archive_on_screen(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    search = app.archive.search
    release = threading.Event()

    def slow_search(query: str, limit: int = 20, **options: Any) -> SearchResult:
        release.wait(5)
        return search(query, limit, **options)

    app.results._search = slow_search
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"knee")
        await pilot.pause(0.05)
        switcher = app.query_one("#right", ContentSwitcher)
        assert switcher.current == "reader"  # no answer yet: the post stays
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert switcher.current == "reader"
        assert app.query_one(Sidebar).has_focus
        await pilot.press("slash")  # the late answer was dropped with the query
        assert app.query_one(SearchBox).value == ""
        assert not summary(app).startswith("3 posts")


async def test_a_stale_answer_is_dropped(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "sleep")
        assert summary(app) == "2 posts match sleep"
        stale = app.archive.search("knee")
        assert stale.total == 3
        app.results.post_message(SearchResults.ResultsReady("knee", stale, []))
        await pilot.pause()
        assert app.results.result is not None
        assert app.results.result.query == "sleep"
        assert summary(app) == "2 posts match sleep"


async def test_enter_opens_a_hit_on_its_first_match_and_n_steps(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.post is not None
        assert app.reader.post.info.id == "2024-03-05-knees.md"
        assert app.query_one("#right", ContentSwitcher).current == "reader"
        assert isinstance(app.focused, ReadingView)
        count = len(app.reader.matches)
        assert count >= 5
        assert match_status(app).startswith(f"match 1 of {count} for knee")
        view = app.query_one(ReadingView)
        assert current_match_text(view) == "knees", "the first match is 'knees', current"

        await pilot.press("n", "n")
        await pilot.pause()
        assert match_status(app).startswith(f"match 3 of {count}")
        await pilot.press("N")
        await pilot.pause()
        assert match_status(app).startswith(f"match 2 of {count}")
        await pilot.press("N", "N")  # wraps round to the last match
        await pilot.pause()
        assert match_status(app).startswith(f"match {count} of {count}")
        line = view.current_line()
        assert line is not None and view.scroll_y > 0
        assert view.scroll_y <= line < view.scroll_y + view.size.height, "on screen"
        assert current_match_text(view) == "knees", "the last match: 'Look after your knees'"
        others = [
            segment.text
            for y in range(view.size.height)
            for segment in view.render_line(y)
            if segment.style is not None
            and segment.style.bgcolor is not None
            and segment.text.lower().startswith("knee")
        ]
        assert len(others) >= 2, "the other matches on screen are marked too"


async def test_down_and_up_in_the_box_choose_the_hit(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        await pilot.press("down", "down", "up")
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.post is not None
        expected = app.results.result
        assert expected is not None
        assert app.reader.post.info.id == expected.hits[1].id


async def test_a_click_on_a_hit_opens_it(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "sleep")
        hits = app.query_one(HitList)
        await pilot.click(HitList, offset=(4, hits.gutter.top))
        await settle(pilot)
        assert app.reader.post is not None
        assert app.reader.post.info.id == app.results.result.hits[0].id  # type: ignore[union-attr]


async def test_a_misspelt_word_is_corrected_and_ctrl_r_searches_it_as_typed(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "shouldr")
        assert summary(app) == (
            "Showing results for shoulder (2 posts) — search instead for shouldr  (ctrl+r)"
        )
        hits = app.query_one(HitList)
        assert str(hits.get_option_at_index(0).prompt).startswith("Shoulder pain")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.query_one(SearchBox).value == "shouldr"
        assert summary(app) == "No post matches shouldr"
        assert hits.option_count == 0


async def test_escape_leaves_the_search_for_the_archive(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        assert summary(app) == "3 posts match knee"
        await pilot.press("escape")
        assert app.query_one("#right", ContentSwitcher).current == "reader"
        assert isinstance(app.focused, Sidebar)
        assert app.reader.query_text is None, "no match stepping without opening a hit"
        assert app.check_action("match", (1,)) is False
        # Back to the box: it is empty, and Up brings the query back.
        await pilot.press("slash")
        assert app.query_one(SearchBox).value == ""
        assert app.query_one("#right", ContentSwitcher).current == "reader"
        await pilot.press("up")
        await settle(pilot)
        assert app.query_one("#right", ContentSwitcher).current == "results"
        assert summary(app) == "3 posts match knee"
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, HitList)
        await pilot.press("escape")
        assert app.query_one("#right", ContentSwitcher).current == "reader"


async def test_a_post_without_the_words_says_so(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-02-11-sleep.md", query="knee")
        await settle(pilot)
        assert match_status(app).startswith("match 1 of 1 for knee")
        app.open_post("2024-02-01-cold.md", query="knee")
        await settle(pilot)
        assert match_status(app) == "No match in this post for knee"
        assert app.check_action("match", (1,)) is None, "shown, greyed out"


async def test_back_to_a_searched_post_counts_its_matches_in_words(
    new_app: MakeApp, settle: Settle
) -> None:
    """Back at a post opened from a search, no match is current yet: the line says
    "7 matches for knee" (it said "7 for knee"), and "1 match", never "1 matches"."""
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_post("2024-03-05-knees.md", query="knee")
        await settle(pilot)
        app.open_post("2024-02-11-sleep.md", query="knee")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        count = len(app.reader.matches)
        assert count > 1
        assert match_status(app).startswith(f"{count} matches for knee  (n/N")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert match_status(app).startswith("1 match for knee  (n/N")


async def test_a_damaged_index_is_rebuilt_while_the_app_runs(
    new_app: MakeApp, settle: Settle, monkeypatch
) -> None:
    import blog_reader.tui.widgets.sync_status

    monkeypatch.setattr(blog_reader.tui.widgets.sync_status, "DAMAGE_CHECK_SECONDS", 0.1)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for path in (app.archive.index_dir / "data" / "whoosh").glob("*.*"):
            if not path.name.endswith(".toc"):
                path.write_bytes(b"\x00garbage" * 64)
        notices: list[str] = []
        status = app.query_one("#status")
        monkeypatch.setattr(status, "notify", lambda message, **_: notices.append(message))
        await type_query(pilot, settle, "knee")
        for _ in range(50):  # the failed read marks the damage; the status line rebuilds
            await pilot.pause(0.1)
            await settle(pilot)
            if app.archive.damage is None and not app.query_one("#status").running:
                break
        assert any(notice.startswith("The index is damaged") for notice in notices)
        await pilot.press("ctrl+a", "ctrl+k", *"knee")
        await settle(pilot)
        assert summary(app) == "3 posts match knee"


async def test_the_hit_list_moves_with_the_keys_of_the_sidebar(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, settle, "knee")
        hits = app.query_one(HitList)
        app.focus_now(hits)
        await pilot.press("g")
        assert hits.highlighted == 0
        await pilot.press("j")
        assert hits.highlighted == 1
        await pilot.press("G")
        assert hits.highlighted == hits.option_count - 1 == 2
        await pilot.press("k", "home")
        assert hits.highlighted == 0
