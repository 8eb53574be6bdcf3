"""Snapshot tests of the main screens at 80x24, 100x30 and 160x45, on the fixture
archive: launch, the archive, search results, an open post, help, the links dialog and
the command palette; search results and an open post in a light theme too.

Nothing on these screens varies between runs: no clock, no timings, no temporary
paths (the home folder is the temporary one), the cursor does not blink.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from blog_reader.tui.app import BlogReaderApp, make_app
from blog_reader.tui.widgets.search_box import SearchBox

Settle = Callable[[Pilot[None]], Awaitable[None]]
SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
ALL_SIZES = [*SIZES, pytest.param((160, 45), id="160x45")]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder as the home folder: the top line shows the archive's
    folder as ``~/corpus``, the same at every run."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def app(corpus: Path, tmp_path: Path, state_home: Path) -> BlogReaderApp:
    return make_app(corpus, tmp_path / "index")


def prepared(
    settle: Settle, *keys: str, theme: str | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before``: wait for the sync and the first post (in ``theme``, when
    given), then press ``keys``."""

    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.query_one(SearchBox).cursor_blink = False
        if theme is not None:
            pilot.app.theme = theme
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for box in pilot.app.screen.query(Input):  # the palette's box too
            box.cursor_blink = False
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", ALL_SIZES)
def test_launch(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    """The first screen: the newest full post open, the sidebar's cursor on it."""
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle))


@pytest.mark.parametrize("size", SIZES)
def test_archive_view(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, "j", "j"))


@pytest.mark.parametrize("size", ALL_SIZES)
def test_search_results(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    keys = ("slash", "k", "n", "e", "e")
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, *keys))


def test_search_facets_picked(snap_compare, app: BlogReaderApp, settle: Settle) -> None:  # type: ignore[no-untyped-def]
    """The facet row with the keyboard on it, a value picked (marked ✓) and the next under
    the cursor; the footer says what Enter does."""
    keys = ("slash", "k", "n", "e", "e", "tab", "right", "enter", "right")
    assert snap_compare(app, terminal_size=(80, 24), run_before=prepared(settle, *keys))


@pytest.mark.parametrize("size", ALL_SIZES)
def test_post_with_matches(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    keys = ("slash", "k", "n", "e", "e", "enter", "n", "n")
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, *keys))


def test_related_posts(snap_compare, app: BlogReaderApp, settle: Settle) -> None:  # type: ignore[no-untyped-def]
    # The reader, its post ending in its related posts, and r's list over it.
    keys = ("tab", "r", "j")
    assert snap_compare(app, terminal_size=(100, 30), run_before=prepared(settle, *keys))


@pytest.mark.parametrize("size", ALL_SIZES)
def test_help_screen(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, "question_mark"))


@pytest.mark.parametrize("size", ALL_SIZES)
def test_links_dialog(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    """The links of "Knee care basics": one to a post of the archive, two outside."""
    keys = ("slash", "k", "n", "e", "e", "enter", "l")
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, *keys))


@pytest.mark.parametrize("size", ALL_SIZES)
def test_command_palette(snap_compare, app: BlogReaderApp, settle: Settle, size) -> None:  # type: ignore[no-untyped-def]
    """The palette with "text" typed: its commands come from two providers at once,
    so only a query gives them an order that is the same at every run."""
    keys = ("ctrl+p", "t", "e", "x", "t")
    assert snap_compare(app, terminal_size=size, run_before=prepared(settle, *keys))


LIGHT = "textual-light"


def test_search_results_light(snap_compare, app: BlogReaderApp, settle: Settle) -> None:  # type: ignore[no-untyped-def]
    """Matches readable on the light theme, on the highlighted hit too."""
    keys = ("slash", "k", "n", "e", "e")
    run_before = prepared(settle, *keys, theme=LIGHT)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_post_with_matches_light(snap_compare, app: BlogReaderApp, settle: Settle) -> None:  # type: ignore[no-untyped-def]
    """The current match stands out from the others on the light theme."""
    keys = ("slash", "k", "n", "e", "e", "enter", "n", "n")
    run_before = prepared(settle, *keys, theme=LIGHT)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


EVERY_KIND = """\
---
title: "Every kind of block"
date: 2024-06-01
tags: [sample]
url: "https://example.org/every-kind"
---

# Heading one

A paragraph with *emphasis*, **strong**, `inline code`, a [link](https://example.org/x),
~~struck words~~ and [bold]not markup[/bold], long enough to wrap at the measure of the
reading view, which is eighty columns unless it is changed.

## Heading two

### Heading three

#### Heading four

- An item
  - A nested item
    1. Numbered one
    2. Numbered two
- [ ] A task to do
- [x] A task done

> A block quote that goes on for a while, so that it wraps onto a second line of its own
> at the narrower size.

```python
def greet(name: str) -> str:
    return f"Hello, {name}!"  # a comment
```

| Exercise | Sets | Notes |
|----------|------|-------|
| Squat | 3 | Keep the back straight and the knees over the toes, all the way down. |
| Lunge | ~~4~~ 2 | Step long. |

A footnote reference[^note] and an image:

![A knee, drawn](https://example.org/knee.png)

<div class="raw">HTML stays text</div>

---

Term
: Its definition.

[^note]: The footnote's text.
"""


@pytest.fixture
def every_kind_app(tmp_path: Path, state_home: Path) -> BlogReaderApp:
    corpus = tmp_path / "every-kind"
    corpus.mkdir()
    (corpus / "every-kind.md").write_text(EVERY_KIND, encoding="utf-8")
    return make_app(corpus, tmp_path / "index-every-kind")


LONG_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.mark.parametrize("size", LONG_SIZES)
def test_every_block_kind(
    snap_compare, every_kind_app: BlogReaderApp, settle: Settle, size
) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(every_kind_app, terminal_size=size, run_before=prepared(settle, "s"))


@pytest.mark.parametrize("size", LONG_SIZES)
def test_every_block_kind_further_down(
    snap_compare, every_kind_app: BlogReaderApp, settle: Settle, size
) -> None:  # type: ignore[no-untyped-def]
    keys = ("s", "space") if size == (160, 45) else ("s", "space", "space")
    assert snap_compare(every_kind_app, terminal_size=size, run_before=prepared(settle, *keys))
