"""Site markup and HTML in a post's body, rewritten as the Markdown a reader sees."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog_reader.index import codeblocks
from blog_reader.index.html_text import html_to_markdown
from blog_reader.index.markup import resolve_markup


def test_markdown_around_html_is_kept_as_written() -> None:
    body = "If a < b and <https://example.org> then *x*.\n\n- one\n  - nested\n"
    assert html_to_markdown(body + "<br>") == body + "\n"


def test_an_unclosed_paragraph_ends_at_a_blank_line() -> None:
    body = "<p>Opened\nand never closed\n\n- a list\n- after it\n"
    assert html_to_markdown(body) == "\n\nOpened and never closed\n\n- a list\n- after it\n"


def test_tables_headings_and_ordered_lists() -> None:
    body = (
        '<h2>Steps</h2>\n<ol start="3"><li>Three</li><li>Four</li></ol>\n'
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\n"
    )
    text = html_to_markdown(body)
    assert "## Steps" in text
    assert "3. Three\n4. Four" in text
    assert " | a | b\n | 1 | 2" in text


def test_scripts_styles_and_comments_are_dropped_pre_becomes_code() -> None:
    body = "<script>alert(1)</script><style>p{}</style><!-- note -->\n<pre>x &lt; y</pre>\n"
    text = html_to_markdown(body)
    assert "alert" not in text and "note" not in text and "p{}" not in text
    assert "```\nx < y\n```" in text


def test_template_syntax_in_code_is_left_as_the_post_shows_it() -> None:
    body = "Use `{{ .Title }}`:\n\n```\n{{ range .Pages }}{{ end }}\n```\n\n{{ .Title }} gone\n"
    assert resolve_markup(body) == (
        "Use `{{ .Title }}`:\n\n```\n{{ range .Pages }}{{ end }}\n```\n\n gone\n"
    )


def test_hugo_escaped_shortcode_shows_literally_as_code() -> None:
    assert resolve_markup('Write {{</* figure src="x" */>}} here.') == (
        'Write `{{< figure src="x" >}}` here.'
    )


@pytest.mark.parametrize(
    "source",
    ["<p " * 30_000, "{{ " * 30_000, "{{< x " * 30_000, "{% raw %}" * 30_000, "a ` b " * 30_000],
    ids=["open-tags", "actions", "shortcodes", "raw-tags", "lone-backticks"],
)
def test_unclosed_markup_is_read_in_bounded_time(source: str) -> None:
    """Thousands of unclosed tags once cost a pass over the rest of the text each."""
    start = time.perf_counter()
    text = html_to_markdown(resolve_markup(source))
    assert time.perf_counter() - start < 5
    assert "{{" not in text or "`" in text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="`ab \n", max_size=40).filter(lambda text: "``" not in text))
def test_lone_backticks_pair_as_runs_of_backticks_do(text: str) -> None:
    # A double backtick after the text sends it through the general pairing of runs.
    assert codeblocks.code_spans(text) == codeblocks.code_spans(text + " ``")


def test_lone_backticks_pair_in_turn() -> None:
    assert codeblocks.code_spans("a `b` c `d` `e") == [(2, 5), (8, 11)]
