"""Unit tests of the reading view's model: parsing into blocks, wrapping, tables, anchors."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.content import Content
from textual.style import Style

from blog_reader.index import Span
from blog_reader.tui.reading.layout import TEXT, Layout, lay_out, wrap
from blog_reader.tui.reading.loading import (
    find_matches,
    no_full_collections,
    parse_document,
    parts_of,
    top_of,
)
from blog_reader.tui.reading.model import Anchor, Kind
from blog_reader.tui.reading.parsing import Builder, highlighted, make_parser, parse
from blog_reader.tui.reading.tables import draw_table, table_drawer


def layout_of(markdown: str, width: int, measure: int = 80) -> tuple[Layout, list[str]]:
    document = parse(markdown)
    layout = lay_out(document.blocks, width, measure, table_drawer(document, None, _styles()))
    assert layout is not None
    texts = []
    for line in layout.lines:
        block = document.blocks[line.block]
        texts.append(block.text.plain[line.start : line.end] if line.role == TEXT else "")
    return layout, texts


def _styles() -> tuple[Style, Style]:
    return Style(bold=True), Style(reverse=True)


@given(st.text(alphabet=st.sampled_from("ab cd日本\n"), max_size=200), st.integers(1, 30))
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = wrap(text, width)
    for start, end in lines:
        assert cell_len(text[start:end]) <= max(width, 2)  # a wide character needs 2 cells
    kept = "".join("".join(text[start:end].split()) for start, end in lines)
    assert kept == "".join(text.split()), "every character but spaces, in order"
    assert len(lines) >= text.count("\n") + 1, "a newline always breaks"


def test_wrapping_breaks_at_spaces_and_folds_long_words() -> None:
    text = "one two three fourfivesixseveneight nine"
    assert [text[s:e] for s, e in wrap(text, 9)] == [
        "one two",
        "three",
        "fourfives",
        "ixsevenei",
        "ght nine",
    ]


def test_wrapping_never_breaks_at_a_no_break_space() -> None:
    text = "Knee treatments  No.\xa025 · summary\xa0only"
    assert [text[s:e] for s, e in wrap(text, 17)] == [
        "Knee treatments",
        "No.\xa025 ·",
        "summary\xa0only",
    ]


def test_body_text_keeps_to_the_measure_and_is_centred() -> None:
    paragraph = " ".join(["word"] * 200)
    layout, texts = layout_of(paragraph, width=160, measure=80)
    assert max(len(text) for text in texts) <= 80
    assert max(len(text) for text in texts) > 70
    assert layout.margin == (160 - 80) // 2
    narrow, texts = layout_of(paragraph, width=50, measure=80)
    assert max(len(text) for text in texts) <= 48
    assert narrow.margin == 1


def test_a_table_fits_the_width_and_its_cells_wrap() -> None:
    rows = [
        (Content("Name"), Content("What it does")),
        (Content("fs"), Content(" ".join(["reads and writes files"] * 8))),
    ]
    lines = draw_table(rows, 50)
    assert all(line.cell_length <= 50 for line in lines)
    assert len(lines) > 5, "the long cell wraps over several lines"
    words = " ".join(line.plain for line in lines)
    assert words.count("files") == 8


def test_lists_nest_and_number() -> None:
    document = parse("- one\n  - inner\n    - deepest\n- two\n\n3. three\n4. four\n")
    leads = [(block.lead.plain, block.text.plain) for block in document.blocks]
    assert leads == [
        ("• ", "one"),
        ("  ◦ ", "inner"),
        ("    ▪ ", "deepest"),
        ("• ", "two"),
        ("3. ", "three"),
        ("4. ", "four"),
    ]
    assert [block.gap for block in document.blocks] == [0, 0, 0, 0, 1, 0], "tight lists"


def test_task_lists_quotes_footnotes_images_rules_and_strikethrough() -> None:
    document = parse(
        "- [ ] todo\n- [x] done\n\n> quoted\n\nA note[^1] and ~~gone~~ "
        "![a cat](cat.png)\n\n---\n\n[^1]: The note.\n"
    )
    texts = [(block.kind, block.lead.plain, block.text.plain) for block in document.blocks]
    assert (Kind.TEXT, "• ", "☐ todo") in texts
    assert (Kind.TEXT, "• ", "☑ done") in texts
    assert (Kind.TEXT, "▌ ", "quoted") in texts
    assert (Kind.TEXT, "", "A note[1] and gone ▣ a cat <cat.png>") in texts
    assert (Kind.TEXT, "[1] ", "The note.") in texts
    assert [kind for kind, _, _ in texts].count(Kind.RULE) == 2, "the rule, then the notes'"
    paragraph = next(block for block in document.blocks if "gone" in block.text.plain)
    start = paragraph.text.plain.index("gone")
    assert any(span.style == "strike" and span.start == start for span in paragraph.text.spans)


def test_code_is_highlighted_when_its_language_is_known() -> None:
    document = parse("```python\ndef f(x):\n    return 'x'\n```\n\n```\nplain text\n```\n")
    python, plain = document.blocks
    assert python.kind is Kind.CODE and python.text.plain == "def f(x):\n    return 'x'"
    drawn = highlighted(python)  # highlighted when first drawn
    assert drawn.plain == python.text.plain and highlighted(python) is drawn, "once"
    styles = {str(span.style) for span in drawn.spans}
    assert len(styles) >= 3, "keyword, name, string each styled"
    assert {str(span.style) for span in highlighted(plain).spans} == {"$foreground"}


def test_post_text_is_never_read_as_markup() -> None:
    document = parse("[bold]not bold[/bold] and [@click=app.quit]no action[/]\n\n<b>html</b>\n")
    first, html = document.blocks
    assert first.text.plain == "[bold]not bold[/bold] and [@click=app.quit]no action[/]"
    assert not first.text.spans
    assert html.text.plain == "<b>html</b>", "HTML stays text"


def test_links_are_collected_in_reading_order_with_their_text() -> None:
    document = parse("See [the *other* post](other.md).\n\n| a |\n|---|\n| [x](https://e.org) |\n")
    assert [(link.text, link.href) for link in document.links] == [
        ("the other post", "other.md"),
        ("x", "https://e.org"),
    ]


def test_match_spans_found_in_one_call_land_in_their_blocks_and_cells() -> None:
    calls: list[str] = []

    def find(text: str) -> tuple[Span, ...]:
        calls.append(text)
        spans, start = [], text.find("knee")
        while start != -1:
            spans.append(Span(start, start + 4))
            start = text.find("knee", start + 1)
        return tuple(spans)

    document = parse_document(
        "# knee\n\nno match\n\n| a | b |\n|---|---|\n| x | a knee |\n\nknee and knee\n",
        Content("Title knee"),
    )
    matches = find_matches(document, find)
    assert len(calls) == 1
    found = [document.blocks[m.block].pieces[m.piece][m.start : m.end] for m in matches]
    assert found == ["knee"] * 4, "the header's title is not among them"
    assert [(m.block, m.piece) for m in matches] == [(1, 0), (3, 3), (4, 0), (4, 0)]


@pytest.mark.parametrize("width", [40, 70, 120])
def test_an_anchor_finds_the_same_words_at_any_width(width: int) -> None:
    text = "\n\n".join(
        f"Paragraph {n}: " + " ".join(f"w{n}x{i}" for i in range(40)) for n in range(5)
    )
    anchor = Anchor(3, text.split("\n\n")[3].index("w3x25"))
    layout, texts = layout_of(text, width)
    y = layout.y_of(anchor)
    assert "w3x25" in texts[y]
    again = layout.anchor_at(y)
    assert again.block == 3 and again.offset <= anchor.offset
    assert "w3x25" in texts[layout.y_of(again)]


def test_the_top_of_a_long_post_is_cut_outside_code_fences() -> None:
    fenced = "```\n" + "\n\n".join(["code line"] * 3000) + "\n```\n\nAfter the fence.\n"
    body = "Intro.\n\n" + fenced + "\n\n".join(["More text."] * 3000)
    top = top_of(body, 1000)
    assert top is not None
    assert top.count("```") == 2, "never inside the fence"
    assert top_of("short post", 1000) is None


def test_a_long_post_parsed_part_by_part_reads_as_the_whole() -> None:
    section = (
        "## Part {n}\n\nText of part {n} with *words* and [a link](https://e.org/{n}).\n\n"
        "- item one\n- item two\n\n  still item two\n\n```\ncode {n}\n\n\nmore code\n```\n\n"
        "    indented code {n}\n\n1. first\n2. second\n\n> quoted {n}\n\n"
    )
    body = "".join(section.format(n=n) for n in range(400))
    parts = parts_of(body, first=2_000, size=8_000)
    assert len(parts) > 5 and "".join(parts) == body
    assert len(parts[0]) < 3_000, "a short first part, for the first screen"
    builder = Builder()
    for part in parts:
        builder.feed(make_parser().parse(part))
    whole = parse(body)
    assert [(b.kind, b.lead.plain, b.text.plain, b.gap) for b in builder.document.blocks] == [
        (b.kind, b.lead.plain, b.text.plain, b.gap) for b in whole.blocks
    ]
    assert builder.document.links == whole.links


def test_a_post_with_definitions_is_parsed_whole() -> None:
    body = (
        "\n\n".join(["A paragraph [with a reference][ref]."] * 2000) + "\n\n[ref]: https://e.org\n"
    )
    assert parts_of(body, first=2_000, size=8_000) == [body]
    assert parse(body).links[0].href == "https://e.org"
    notes = "\n\n".join(["A paragraph with a note[^1]."] * 2000) + "\n\n[^1]: The note.\n"
    assert parts_of(notes, first=2_000, size=8_000) == [notes]


def test_no_full_collection_while_loading_and_the_collector_restored_after() -> None:
    before = gc.get_threshold()
    with no_full_collections():
        with no_full_collections():  # a load cancelled, the next begun
            assert gc.get_threshold()[:2] == before[:2]
            assert gc.get_threshold()[2] > before[2]
        assert gc.get_threshold()[2] > before[2]  # the other load still on
    assert gc.get_threshold() == before
