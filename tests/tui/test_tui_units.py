"""Unit tests of the app's pure parts: grouping, history, links, remembered state."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.css.styles import RulesMap

from blog_reader.index import Hit, Kind, PostInfo, Snippet
from blog_reader.tui.grouping import (
    MAX_SECTION_GROUPS,
    GroupHeader,
    archive_rows,
    first_post,
    gathered_ids,
)
from blog_reader.tui.history import History
from blog_reader.tui.links import may_open_in_browser
from blog_reader.tui.reading.parsing import parse
from blog_reader.tui.state import Position, StateStore
from blog_reader.tui.widgets.folded import Folded
from blog_reader.tui.widgets.hit_list import hit_prompt

ROOT = Path(__file__).resolve().parents[2]


def info(post_id: str, date: dt.date | None = None, number: int | None = None) -> PostInfo:
    return PostInfo(id=post_id, title=post_id, root=Path("/corpus"), date=date, number=number)


def test_dated_posts_are_grouped_by_month_in_archive_order() -> None:
    posts = [
        info("c", dt.date(2024, 3, 20)),
        info("b", dt.date(2024, 3, 5)),
        info("a", dt.date(2024, 2, 1)),
    ]
    rows = archive_rows(posts)
    assert rows == [
        GroupHeader("March 2024 (2)"),
        posts[0],
        posts[1],
        GroupHeader("February 2024 (1)"),
        posts[2],
    ]


def test_undated_posts_are_grouped_by_series() -> None:
    posts = [info("1.md", number=1), info("2.md", number=2), info("old/x.md")]
    rows = archive_rows(posts)
    assert rows[0] == GroupHeader("Posts 1–2 (2)")  # noqa: RUF001
    assert rows[3] == GroupHeader("old (1)")


def test_undated_posts_are_grouped_by_top_section_not_leaf_folder() -> None:
    posts = [info("go/a/x.md"), info("go/b/y.md"), info("go/z.md"), info("python/tools/q.md")]
    headers = [row.label for row in archive_rows(posts) if isinstance(row, GroupHeader)]
    assert headers == ["go (3)", "python (1)"]


def topic_archive(sizes: dict[str, int]) -> list[PostInfo]:
    """Undated posts in topic folders, in archive order (by section, then title)."""
    return [info(f"{topic}/{n}.md") for topic in sorted(sizes) for n in range(sizes[topic])]


def test_small_topics_are_gathered_when_there_are_too_many() -> None:
    # 3 topics of 5 posts, 27 of 4, 40 of 1: 70 sections.
    sizes = {f"big{n}": 5 for n in range(3)} | {f"mid{n:02}": 4 for n in range(27)}
    sizes |= {f"one{n:02}": 1 for n in range(40)}
    posts = topic_archive(sizes)
    rows = archive_rows(posts)
    headers = [row for row in rows if isinstance(row, GroupHeader)]
    # 30 topics of 4 or more would leave no room for the gathered group: 4 goes too.
    assert [h.label for h in headers] == ["big0 (5)", "big1 (5)", "big2 (5)", "Other topics (148)"]
    assert headers[-1].gathered and not headers[0].gathered
    gathered = rows[rows.index(headers[-1]) + 1 :]
    assert [p.id for p in gathered] == [p.id for p in posts if not p.id.startswith("big")]
    assert gathered_ids(rows) == {p.id for p in gathered}
    assert sorted(p.id for p in rows if isinstance(p, PostInfo)) == sorted(p.id for p in posts)


def test_topics_keep_their_groups_up_to_the_limit() -> None:
    sizes = {f"t{n:02}": 1 + n % 2 for n in range(MAX_SECTION_GROUPS)}
    rows = archive_rows([info("root.md"), *topic_archive(sizes)])
    headers = [row for row in rows if isinstance(row, GroupHeader)]
    assert len(headers) == MAX_SECTION_GROUPS + 1  # the root's posts, then each topic
    assert not gathered_ids(rows)


def test_one_size_decides_for_every_topic_of_that_size() -> None:
    sizes = {f"big{n:02}": 10 for n in range(20)} | {f"four{n:02}": 4 for n in range(15)}
    sizes |= {f"one{n:02}": 1 for n in range(40)}
    rows = archive_rows(topic_archive(sizes))
    labels = [row.label for row in rows if isinstance(row, GroupHeader)]
    assert len(labels) == 21 and labels[-1] == "Other topics (100)"
    assert not any(label.startswith("four") for label in labels)


def test_a_first_launch_opens_the_sidebars_first_post_not_a_gathered_one() -> None:
    sizes = {"big": 3} | {f"t{n:02}": 1 for n in range(MAX_SECTION_GROUPS + 5)}
    posts = [info("a/only.md"), *topic_archive(sizes)]  # first in archive order, but gathered
    assert first_post(posts).id == "big/0.md"


def test_dated_posts_come_before_the_gathered_topics() -> None:
    sizes = {f"t{n:02}": 1 for n in range(MAX_SECTION_GROUPS + 5)}
    dated = info("news/a.md", dt.date(2024, 5, 1))
    rows = archive_rows([dated, *topic_archive(sizes)])
    assert rows[:2] == [GroupHeader("May 2024 (1)"), dated]
    assert rows[2] == GroupHeader(f"Topics ({MAX_SECTION_GROUPS + 5})", gathered=True)


@given(st.lists(st.dates(), max_size=30))
def test_every_post_appears_once_in_order(dates: list[dt.date]) -> None:
    posts = [info(f"p{i}", date) for i, date in enumerate(dates)]
    rows = archive_rows(posts)
    assert [row for row in rows if isinstance(row, PostInfo)] == posts
    if posts:
        assert isinstance(rows[0], GroupHeader)


def test_history_goes_back_and_forward_and_drops_the_forward_part() -> None:
    history = History()
    for post_id in ("a", "b", "c"):
        history.visit(post_id)
    assert history.back() is not None and history.current is not None
    assert history.current.post_id == "b"
    assert history.forward() is not None and history.current.post_id == "c"
    assert history.forward() is None
    history.back()
    history.visit("d")
    assert [visit.post_id for visit in history.visits] == ["a", "b", "d"]
    assert not history.can_go_forward


@pytest.mark.parametrize(
    ("href", "allowed"),
    [
        ("https://example.org/x", True),
        ("HTTP://example.org", True),
        ("mailto:someone@example.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,hi", False),
        ("relative/path.md", False),
        ("  ", False),
    ],
)
def test_only_web_and_mail_links_may_go_to_the_browser(href: str, allowed: bool) -> None:
    assert may_open_in_browser(href) is allowed


def test_links_are_found_with_their_text() -> None:
    markdown = "See [the *other* post](other.md) and ![img](pic.png).\n\n[x](https://e.org)"
    links = parse(markdown).links
    assert [(link.text, link.href) for link in links] == [
        ("the other post", "other.md"),
        ("x", "https://e.org"),
    ]


def test_state_round_trips_per_corpus(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    store.save(tmp_path / "a", Position("one.md", 12, 140))
    store.save(tmp_path / "b", Position("two.md", 3))
    again = StateStore(tmp_path / "state")
    assert again.load(tmp_path / "a") == Position("one.md", 12, 140)
    assert again.load(tmp_path / "b") == Position("two.md", 3, 0)
    assert again.load(tmp_path / "c") is None
    assert not list((tmp_path / "state").glob(".state-*")), "no temporary file left behind"


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("{not json", True),
        ("[1, 2]", True),
        ('{"corpora": 3}', True),
        ('{"corpora": {"KEY": {"post_id": 4}}}', False),
    ],
)
def test_a_damaged_state_file_is_reported_not_fatal(
    tmp_path: Path, text: str, reported: bool
) -> None:
    store = StateStore(tmp_path)
    key = json.dumps(str((tmp_path / "x").resolve()))[1:-1]
    store.path.write_text(text.replace("KEY", key), encoding="utf-8")
    assert store.load(tmp_path / "x") is None
    assert (store.problem is not None) is reported
    store.save(tmp_path / "x", Position("p.md"))
    assert json.loads(store.path.read_text(encoding="utf-8"))["version"] == 1


def test_state_follows_xdg_state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert StateStore().path.is_relative_to(tmp_path)


def test_importing_the_package_does_not_import_textual() -> None:
    code = "import sys, blog_reader.tui; print(any(m.startswith('textual') for m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "False"


def test_every_kind_has_its_words() -> None:
    from blog_reader.tui.kinds import KIND_WORDING

    assert set(KIND_WORDING) == set(Kind)
    for kind, words in KIND_WORDING.items():
        assert len(words.marker) == 1, kind
        partial = kind is not Kind.FULL
        assert bool(words.label) is partial and bool(words.notice) is partial, kind
    assert len({words.marker for words in KIND_WORDING.values()}) == len(Kind)


def test_a_late_write_never_replaces_the_position_written_at_quit(tmp_path: Path) -> None:
    from blog_reader.tui.state import PositionKeeper

    store = StateStore(tmp_path)
    keeper = PositionKeeper(store, tmp_path / "corpus", None)
    keeper.write(Position("a.md", 3, 40))
    keeper.close(Position("b.md", 7, 12))
    keeper.write(Position("a.md", 9, 0))  # a worker that started before the quit
    assert StateStore(tmp_path).load(tmp_path / "corpus") == Position("b.md", 7, 12)


def test_a_long_lived_blog_is_grouped_by_year() -> None:
    posts = [info(f"p{n}", dt.date(2000 + n // 12, 12 - n % 12, 1)) for n in range(48)]
    headers = [row.label for row in archive_rows(posts) if isinstance(row, GroupHeader)]
    assert headers == ["2000 (12)", "2001 (12)", "2002 (12)", "2003 (12)"]


def test_a_hits_facts_stay_whole_when_its_title_line_wraps() -> None:
    """Wherever the title line breaks, "No. 27" and "summary only" stay whole (at
    80 columns "No." and "27" landed on two lines)."""
    info = PostInfo(
        "27.md",
        "Exosomes 27: Soft signs of exosome actions",
        Path("."),
        kind=Kind.SUMMARY,
        number=27,
        date=dt.date(2024, 3, 5),
    )
    folded = Folded(hit_prompt(Hit(info, 1.0, Snippet("Soft signs."))))
    broke = set()
    for width in range(20, 80):
        lines = str(folded.lines(width)).split("\n")
        assert len(lines) == folded.get_height(RulesMap(), width)
        for line in lines:
            assert not line.rstrip().endswith(("No.", "summary")), (width, line)
            assert not line.startswith(("27", "only")), (width, line)
        broke |= {line.split(" ")[0] for line in lines[1:-1]}
    assert {"No.\xa027", "summary\xa0only"} <= broke, "the facts did go to a line of their own"


def test_file_and_folder_names_reach_the_screen_without_control_bytes() -> None:
    """A post's id is its path: a name holding ESC would act on the terminal (Textual
    strips only BEL, BS, VT, FF and CR). Wherever the app shows a path, it is escaped."""
    from blog_reader.index.links import LinkTarget, ResolvedLink
    from blog_reader.tui.grouping import group_label, section_of
    from blog_reader.tui.screens.links import where_it_leads
    from blog_reader.tui.screens.related import hit_facts
    from blog_reader.tui.widgets.archive_header import archive_source, archive_title

    folder = "red\x1b[31m\x07"
    info = PostInfo(id=f"{folder}/post.md", title="A post", root=Path("/corpus"))
    shown = [
        section_of(info),
        group_label(("folder", folder), [info]),
        hit_facts(Hit(info, 1.0, Snippet(""))).plain,
        where_it_leads(ResolvedLink("x.md", "x", "y", LinkTarget(info.id))).plain,
        archive_title(Path("/blogs") / folder),
        archive_source(Path("/blogs") / folder),
    ]
    for text in shown:
        assert "\x1b" not in text and "\x07" not in text, text
        assert "red\\x1b[31m" in text, text
