"""Pilot tests of the hit list alone: a new list of hits repaints the list without
laying the screen out, and its scroll bar follows the hits."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from blog_reader.index import Hit, PostInfo, Snippet
from blog_reader.tui.widgets.hit_list import HitList, hit_options


class HitsAlone(App[None]):
    def compose(self) -> ComposeResult:
        yield HitList()


def show(hit_list: HitList, count: int, word: str = "knee") -> None:
    hits = tuple(
        Hit(
            PostInfo(id=f"{n}.md", title=f"Post {n} about the {word}", root=Path("/corpus")),
            1.0,
            Snippet(f"The {word} in post {n}, with a few words more around it."),
        )
        for n in range(count)
    )
    hit_list.set_options(hit_options(hits, [()] * count, 0)[:-1])


async def test_new_hits_do_not_lay_the_screen_out_and_the_scroll_bar_follows() -> None:
    app = HitsAlone()
    async with app.run_test(size=(60, 20)) as pilot:
        hit_list = app.query_one(HitList)
        show(hit_list, 40)
        await pilot.pause()
        assert hit_list.show_vertical_scrollbar
        assert hit_list.vertical_scrollbar.window_virtual_size == hit_list.virtual_size.height
        long_list = hit_list.virtual_size.height
        assert long_list > 40 * 2  # two lines a hit and a divider between hits

        layouts: list[int] = []
        screen = app.screen
        lay_out = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(1)
            lay_out(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        show(hit_list, 30, "elbow")
        await pilot.pause()
        await pilot.pause()
        assert not layouts  # the list's size is the pane's: nothing else moves
        assert hit_list.virtual_size.height < long_list
        assert hit_list.vertical_scrollbar.window_virtual_size == hit_list.virtual_size.height
        assert "elbow" in "".join(strip.text for strip in hit_list.render_lines(hit_list.region))

        show(hit_list, 2)
        await pilot.pause()
        await pilot.pause()
        assert not hit_list.show_vertical_scrollbar  # the bar goes (a layout, rightly)
        show(hit_list, 40)
        await pilot.pause()
        await pilot.pause()
        assert hit_list.show_vertical_scrollbar
