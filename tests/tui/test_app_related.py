"""Pilot tests: related posts, listed at the end of the post and by ``r``."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import OptionList

from blog_reader.index import Archive, Hit
from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.reading.view import ReadingView
from blog_reader.tui.screens.related import RelatedScreen
from tests.tui.screen_text import view_lines

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

SLEEP = "2024-02-11-sleep.md"
DIARY = "2024-02-20-diary.md"
KNEES = "2024-03-05-knees.md"
SHOULDER = "2024-03-20-shoulder.md"


def opened(app: BlogReaderApp) -> str | None:
    return app.reader.post.info.id if app.reader.post else None


async def open_post(app: BlogReaderApp, pilot: Pilot[None], settle: Settle, post_id: str) -> None:
    await settle(pilot)
    app.open_post(post_id)
    await settle(pilot)
    assert opened(app) == post_id


async def test_r_lists_the_related_posts_enter_opens_one_and_back_returns(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_post(app, pilot, settle, SLEEP)
        app.focus_now(app.query_one(ReadingView))
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        assert [hit.id for hit in screen.hits] == [DIARY, KNEES, SHOULDER]
        assert screen.query_one(OptionList).option_count == 3
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, RelatedScreen)
        assert opened(app) == DIARY
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert opened(app) == SLEEP


async def test_escape_closes_the_list_and_opens_nothing(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_post(app, pilot, settle, SLEEP)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RelatedScreen)
        await pilot.press("j", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, RelatedScreen)
        assert opened(app) == SLEEP


async def test_the_end_of_the_post_lists_its_related_posts(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_post(app, pilot, settle, SLEEP)
        lines = [line.strip() for line in view_lines(app)]
        title = lines.index("Related posts  (r lists them)")
        assert lines[title + 2 : title + 5] == [
            "• Recovery diary · 2024-02-20",
            "• Knee care basics · 2024-03-05",
            "• Shoulder pain · 2024-03-20",
        ]
        assert lines.index("Sleep well and the knee heals.") < title
        # The section is not the post's: no link, heading or match of it counts.
        assert app.reader.links == [] and app.reader.headings == []


async def test_a_click_on_a_related_post_opens_it_and_back_returns(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_post(app, pilot, settle, SLEEP)
        lines = view_lines(app)
        row = next(y for y, line in enumerate(lines) if "• Knee care basics" in line)
        gutter = app.query_one(ReadingView).gutter
        column = lines[row].index("Knee care") + 2
        await pilot.click(ReadingView, offset=(column + gutter.left, row + gutter.top))
        await settle(pilot)
        assert opened(app) == KNEES
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert opened(app) == SLEEP


async def test_the_post_shows_before_its_related_posts_are_found(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    release = threading.Event()
    asked: list[str] = []
    related = Archive.related

    def slow_related(
        archive: Archive, post_id: str, limit: int = 5, **options: bool
    ) -> tuple[Hit, ...]:
        asked.append(post_id)
        assert release.wait(10)
        return related(archive, post_id, limit, **options)

    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.archive.related = slow_related.__get__(app.archive)  # type: ignore[method-assign]
        app.open_post(SLEEP)
        for _ in range(100):
            await pilot.pause(0.02)
            if asked:
                break
        # The text is on screen, the related posts are still being found.
        assert asked == [SLEEP] and opened(app) == SLEEP
        lines = [line.strip() for line in view_lines(app)]
        assert "Sleep well and the knee heals." in lines
        assert "Related posts  (r lists them)" not in lines
        assert app.reader.related is None
        release.set()
        await settle(pilot)
        assert "Related posts  (r lists them)" in [line.strip() for line in view_lines(app)]
        assert [hit.id for hit in app.reader.related or ()] == [DIARY, KNEES, SHOULDER]


async def test_r_before_the_related_posts_are_found_finds_them(
    new_app: MakeApp, settle: Settle
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_post(app, pilot, settle, SLEEP)
        app.reader.related = None  # as while the reader's own worker runs
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        assert [hit.id for hit in screen.hits] == [DIARY, KNEES, SHOULDER]


async def test_a_post_like_no_other_says_so(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    messages: list[str] = []
    app.notify = lambda message, **_: messages.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.archive.related = lambda post_id, limit=5, **_: ()  # type: ignore[method-assign]
        await open_post(app, pilot, settle, SLEEP)
        assert app.reader.related == ()
        assert "Related posts  (r lists them)" not in [line.strip() for line in view_lines(app)]
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, RelatedScreen)
        assert messages == ["No other post shares enough words with this one."]
