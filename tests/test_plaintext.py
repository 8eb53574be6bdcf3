"""The readable text of Markdown: what search indexes and summaries are made of."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog_reader.index import inline_text as inline_text_module
from blog_reader.index import plaintext
from blog_reader.index.plaintext import first_line, first_paragraph, leading_heading, plain_text


def test_link_text_is_kept_and_its_url_dropped() -> None:
    text = plain_text("Read [the second post](https://example.com/two/) first.")
    assert text == "Read the second post first."


def test_reference_links_and_image_alt_text_are_kept_without_urls() -> None:
    source = "See [the notes][n] and ![a scarred left foot](foot.jpg).\n\n[n]: https://e.org/n\n"
    text = plain_text(source)
    assert text == "See the notes and a scarred left foot."


def test_inline_html_tags_are_dropped_and_their_text_kept() -> None:
    assert plain_text("Some <b>bold</b> and <span class='x'>plain</span> words.") == (
        "Some bold and plain words."
    )


def test_html_blocks_lose_tags_comments_and_scripts() -> None:
    source = (
        "Before.\n\n"
        '<div class="note">\n<p>Inside &amp; kept</p>\n'
        "<script>alert('x')</script>\n<!-- hidden -->\n</div>\n\n"
        "After."
    )
    assert plain_text(source) == "Before.\n\nInside & kept\n\nAfter."


def test_code_is_kept_as_text() -> None:
    source = "Run `pip install x` then:\n\n```python\nprint('hi')\nx = [1]\n```\n\n    indented()\n"
    assert plain_text(source) == "Run pip install x then:\n\nprint('hi')\nx = [1]\n\nindented()"


def test_blocks_are_separated_by_a_blank_line() -> None:
    source = (
        "# Healing takes time\n\n"
        "First paragraph\nwraps here.\n\n"
        "> A quote.\n\n"
        "- one\n- two\n\n"
        "Setext heading\n---\n"
    )
    assert plain_text(source).split("\n\n") == [
        "Healing takes time",
        "First paragraph\nwraps here.",
        "A quote.",
        "one",
        "two",
        "Setext heading",
    ]


def test_table_rows_are_lines_and_strikethrough_text_is_kept() -> None:
    source = "| Week | Pain |\n|---|---|\n| 1 | ~~high~~ low |\n"
    assert plain_text(source) == "Week | Pain\n1 | high low"


def test_emphasis_markers_and_escapes_become_plain_characters() -> None:
    assert plain_text("*Very* __much__ \\*so\\* &amp; more") == "Very much *so* & more"


def test_first_paragraph_skips_headings_and_image_only_paragraphs() -> None:
    source = "# Title\n\n![photo](p.jpg)\n\nThe real *start* of the post.\n\nSecond one."
    assert first_paragraph(source) == "The real start of the post."


def test_first_paragraph_prefers_a_top_level_paragraph_to_a_quote() -> None:
    source = "> An epigraph.\n\nThe author's first words.\n"
    assert first_paragraph(source) == "The author's first words."


def test_first_paragraph_of_a_body_without_paragraphs_is_empty() -> None:
    assert first_paragraph("# Only a heading\n\n```\ncode\n```\n") == ""


def test_first_paragraph_found_past_a_long_code_block() -> None:
    source = "```\n" + "x = 1\n\n" * 5000 + "```\n\nFinally, words."
    assert first_paragraph(source) == "Finally, words."


def test_leading_heading_only_when_the_body_opens_with_it() -> None:
    assert leading_heading("<!-- draft -->\n\n## Nerve pain gone\n\nText.") == "Nerve pain gone"
    assert leading_heading("Intro.\n\n## A section\n") == ""


def test_first_line_is_the_first_line_of_text() -> None:
    assert first_line("\n\n**Dear** reader,\nhello.\n") == "Dear reader,"


@pytest.mark.parametrize("depth", [25, 50_000])
def test_words_nested_past_the_parser_limit_are_kept(depth: int) -> None:
    assert plain_text(">" * depth + " deep words") == "deep words"
    nested_list = "".join("  " * level + "- item\n" for level in range(depth % 1000))
    assert plain_text(nested_list + "\nlast words").endswith("last words")


def test_deeply_nested_links_do_not_raise() -> None:
    text = plain_text("[" * 20_000 + "x" + "]" * 20_000 + "(http://e.com)")
    assert "x" in text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("[" * 30_000, "[" * 30_000),
        ("*a" * 30_000, "a" * 30_000),
        ("<a " * 30_000, "<a " * 30_000),
        ("](" * 30_000, "](" * 30_000),
        ("<!--" * 10_000, ""),  # one HTML comment, never closed: no text
    ],
    ids=["brackets", "stars", "open-tags", "link-ends", "comments"],
)
def test_pathological_input_is_handled_quickly(source: str, text: str) -> None:
    start = time.perf_counter()
    assert plain_text(source).split() == text.split()  # every character kept as text
    assert text.startswith(first_paragraph(source))
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("padding", ["", "\n\n" + "Filler words. " * 400])
def test_footnotes_definitions_tasks_and_strikethrough_are_words(padding: str) -> None:
    source = (
        "Text[^note] here.\n\nTerm\n: Its definition\n\n- [ ] open task\n- [x] done ~~old~~\n\n"
        "[^note]: The footnote *itself*.\n" + padding
    )
    blocks = plain_text(source).split("\n\n")
    assert blocks[:6] == [
        "Text here.",
        "Term",
        "Its definition",
        "open task",
        "done old",
        "The footnote itself.",
    ]


# A long body's heading and first paragraph are first looked for in its first
# kilobyte; whatever that look decides must be what the whole head gives.
_BLOCKS = st.sampled_from(
    [
        "A paragraph of words.",
        "Two lines\nof one paragraph.",
        "# A heading",
        "Setext title\n============",
        "![only an image](x.png)",
        "- a list item\n- another",
        "- an item\n\n  continued after a blank line",
        "> a quoted paragraph",
        "<div>\nsome html\n</div>",
        "<!-- a comment\n\nwith a blank line -->",
        "```\ncode\n\nwith a blank line\n```",
        "```\nan unclosed fence",
        "```\nwords in code\n\nmore words\n```",
        "    indented code",
        "Term",
        ": its definition",
        "---",
        "[^1]: a footnote\n\n    continued",
        "a | b\n--|--\n1 | 2",
        "x" * 300,
        "",
    ]
)


def _whole_head_answers(markdown: str) -> tuple[str, str]:
    # What the 4 KB head alone gave before the first look (the rules of
    # first_paragraph and leading_heading, on the head cut at a blank line).
    head = plaintext._head(markdown)
    tokens = plaintext._parser().parse(head)
    text = plaintext._first_paragraph_in(tokens)
    if not text:
        further = plaintext._head(markdown, plaintext._SUMMARY_SCAN_CHARS)
        text = plaintext._first_paragraph_in(plaintext._parser().parse(further))
    return text, plaintext._leading_heading_in(tokens) or ""


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 1100), st.lists(_BLOCKS, min_size=1, max_size=12))
def test_a_long_bodys_first_look_agrees_with_its_whole_head(pad: int, blocks: list[str]) -> None:
    # An HTML comment of any length first moves the first look's cut among the blocks.
    blocks = [f"<!-- {'y' * pad} -->", *blocks]
    body = "\n\n".join(blocks) + "\n\n" + "Filler words in a paragraph.\n\n" * 150
    assert len(body) > plaintext._HEAD_CHARS
    assert (first_paragraph(body), leading_heading(body)) == _whole_head_answers(body)


def test_a_long_bodys_first_paragraph_found_in_its_first_kilobyte() -> None:
    body = "# Title\n\nThe opening words.\n\nMore.\n\n" + "Filler words.\n\n" * 400
    assert first_paragraph(body) == "The opening words."
    assert leading_heading(body) == "Title"


def test_a_paragraph_that_ends_the_first_look_is_not_taken_for_the_first() -> None:
    # Cut there, "Term" is a paragraph; in the whole body a definition's term.
    look = plaintext._parser().parse("# Title\n\nTerm")
    assert plaintext._top_paragraph_in(look) is None
    whole = plaintext._parser().parse("# Title\n\nTerm\n\n: its definition\n\nWords.")
    assert plaintext._first_paragraph_in(whole) == "Words."


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("*one*  \ntwo", "one\ntwo"),  # a hard break of spaces
        ("one\\\ntwo", "one\ntwo"),  # of a backslash
        ("*one* \ntwo", "one \ntwo"),  # one space is no break
        ("*a*\\  \nb", "a\\\nb"),  # one pass: a break its removal makes stays
        ("*a*  \\\nb", "a  \nb"),
        ("- [X] done and [x] also\n[ ] open", "- X done and x also\nopen"),
        ("[link](x) and `code` then `more` \ue002", "link and code then more "),
        ("\ue002 `a` \ue002", "a  "),  # a stray mark takes the span, the last none
    ],
)
def test_inline_markup_in_a_paragraph(source: str, text: str) -> None:
    assert plaintext.inline_text(source) == text


_ALTERNATION_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_LINKISH = st.text(alphabet="[]()!\nab ", max_size=40)


@settings(max_examples=1000, deadline=None)
@given(_LINKISH)
def test_the_unrolled_link_patterns_match_as_the_alternations_did(text: str) -> None:
    # The patterns as first written: a choice at every character.
    link = re.compile(rf"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:{_ALTERNATION_TARGET}|\[[^\[\]]*\])?")
    image = re.compile(rf"!\[([^\[\]]*)\](?:{_ALTERNATION_TARGET}|\[[^\[\]]*\])")
    for ours, theirs in ((inline_text_module._LINK, link), (inline_text_module._IMAGE, image)):
        found = [(m.span(), m.span(1)) for m in ours.finditer(text)]
        assert found == [(m.span(), m.span(1)) for m in theirs.finditer(text)]


def _edge_underscores_as_first_written(text: str) -> str:
    def run(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        inside = start > 0 and text[start - 1].isalnum() and end < len(text) and text[end].isalnum()
        escaped = start > 0 and text[start - 1] == "\\"
        return match[0] if inside or escaped else ""

    return re.sub(r"_+", run, text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="_a1é\\ .*\n", max_size=30))
def test_emphasis_underscores_go_and_a_words_own_stay_as_first_written(text: str) -> None:
    # One regular expression now; a Python function decided each run before.
    assert inline_text_module._EDGE_UNDERSCORES.sub("", text) == (
        _edge_underscores_as_first_written(text)
    )


def test_emphasis_underscores_go_from_a_long_body_and_a_words_own_stay() -> None:
    body = "Call my_func with __init__ and \\_x, _really_ __now__.\n\n" + "Filler.\n\n" * 600
    assert plain_text(body).startswith("Call my_func with init and _x, really now.\n\n")
