"""A long post read in parts (its top, then its end, then the middle) shows what a
parse of the whole post shows: the same blocks, links, headings and anchor ids, and
the same lines; and while the middle is read, the end already shows as it will."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.style import Style

from blog_reader.index import Span
from blog_reader.tui.reading.layout import Layout, lay_out
from blog_reader.tui.reading.loading import find_matches, parse_document, parts_of
from blog_reader.tui.reading.model import Anchor, Block, Document
from blog_reader.tui.reading.streaming import HOLE_TEXT, read_in_parts, read_whole
from blog_reader.tui.reading.tables import table_drawer
from tests.tui.test_app_snapshots import EVERY_KIND

STYLES = (Style(bold=True), Style(reverse=True))
WIDTH, MEASURE = 100, 80

BODY = EVERY_KIND.split("---\n", 2)[2]
"""The snapshot tests' post of every block kind, its front matter left out."""
NO_NOTES = BODY.replace("reference[^note]", "reference").replace(
    "[^note]: The footnote's text.\n", ""
)

TRICKY = [
    # A fence whose code holds blank lines and lines that look like Markdown.
    "```text\nline one\n\n\n# not a heading\n\n- not a list\n```\n",
    "~~~\ntilde fence\n\n```\nstill inside\n~~~\n",
    # Lists: nested, loose, numbered from 7, a paragraph of an item after a blank line.
    "- one\n  - nested\n\n    nested on\n- two\n\n  two's paragraph\n",
    "7. seven\n8. eight\n\n   eight on\n\n9. nine\n",
    "- [ ] to do\n- [x] done\n",
    "> quoted\n>\n> - a list in a quote\n\n> another quote\n",
    "    indented code\n\n    more of it\n",
    "## Repeated\n\nA section whose heading comes again.\n",
    "Setext heading\n--------------\n\nText under it.\n",
    "Term\n: Its definition.\n\n: Another.\n",
    "Other term\n~ Its definition.\n\n~ Another.\n",
    "````markdown\nA fence in a fence:\n\n```\ninner\n```\n\nstill in the outer one\n````\n",
    "-\ta list item after a tab\n\n-\tanother\n",
    "| a | b |\n|---|---|\n| *x* | [y](https://e.org/y) |\n",
    '<div class="x">\n\nhtml block\n\n</div>\n',
    "A paragraph with `code`, ~~struck~~ and a [link](https://e.org/z).\n",
    "***\n",
]


def signature(block: Block) -> tuple[object, ...]:
    """Everything a block shows (and its anchor id)."""
    spans = tuple((span.start, span.end, str(span.style)) for span in block.text.spans)
    rows = tuple(tuple(cell.plain for cell in row) for row in block.rows)
    return (
        block.kind,
        block.lead.plain,
        block.hang.plain,
        block.text.plain,
        spans,
        block.gap,
        block.level,
        block.slug,
        rows,
    )


def whole(body: str) -> tuple[Document, Layout]:
    document = parse_document(body)
    layout = lay_out(document.blocks, WIDTH, MEASURE, table_drawer(document, None, STYLES))
    assert layout is not None
    return document, layout


def read(body: str, find: object = None, size: int = 900) -> list[tuple[Document, Layout]]:
    """The documents shown as ``body`` is read in parts of about ``size`` characters
    (1: a part at every place the post may be cut)."""
    first = min(size, 300)
    return list(
        read_in_parts(body, None, WIDTH, MEASURE, STYLES, find=find, first=first, size=size)  # type: ignore[arg-type]
    )


def assert_same(read_as: tuple[Document, Layout], expected: tuple[Document, Layout]) -> None:
    (document, layout), (whole_document, whole_layout) = read_as, expected
    assert document.complete and document.hole is None
    assert [signature(b) for b in document.blocks] == [signature(b) for b in whole_document.blocks]
    assert document.links == whole_document.links
    assert document.headings == whole_document.headings
    assert layout.lines == whole_layout.lines
    assert layout.tables.keys() == whole_layout.tables.keys()


def test_the_post_of_every_block_kind_read_in_parts_is_its_whole_parse() -> None:
    body = "\n".join(NO_NOTES for _ in range(12))
    assert len(parts_of(body, 300, 900)) > 4, "read in several parts"
    steps = read(body)
    assert len(steps) > 2
    assert_same(steps[-1], whole(body))


def test_tricky_inputs_read_in_parts_are_their_whole_parse() -> None:
    body = "\n".join(f"Section {n}.\n\n{snippet}" for n in range(6) for snippet in TRICKY)
    assert len(parts_of(body, 1, 1)) > 100, "cut wherever it may be"
    steps = read(body, size=1)
    final, expected = steps[-1], whole(body)
    assert_same(final, expected)
    slugs = [b.slug for b in final[0].blocks if b.slug.startswith("repeated")]
    assert slugs == ["repeated", *(f"repeated-{n}" for n in range(1, 6))], "unique over the post"


def test_a_post_with_notes_or_references_defined_at_its_end_is_read_whole() -> None:
    notes = "\n".join([NO_NOTES] * 6) + "\n" + BODY
    references = (
        "\n\n".join(["A [reference][ref] used early."] * 200) + "\n\n[ref]: https://e.org/r\n"
    )
    for body in (notes, references):
        steps = read(body)
        assert len(steps) == 1
        assert_same(steps[0], whole(body))
    assert whole(references)[0].links[0].href == "https://e.org/r"


def test_a_long_post_with_notes_shows_its_top_then_its_whole_parse() -> None:
    body = "\n".join([NO_NOTES] * 40) + "\n" + BODY
    steps = list(read_whole(body, None, WIDTH, MEASURE, STYLES))
    assert len(steps) == 2
    top, _ = steps[0]
    assert not top.complete and 0 < len(top.blocks) < len(steps[1][0].blocks)
    assert_same(steps[1], whole(body))
    cancelled = list(read_whole(body, None, WIDTH, MEASURE, STYLES, cancelled=lambda: True))
    assert cancelled == [], "a load no longer wanted shows nothing"


def test_the_end_shows_before_the_middle_is_read_and_keeps_its_place() -> None:
    body = "\n".join(f"## Part {n}\n\n" + NO_NOTES for n in range(12))
    expected, _ = whole(body)
    steps = read(body)
    top, with_end = steps[0][0], steps[1][0]
    assert not top.has_end and with_end.has_end and not with_end.complete
    hole = with_end.hole
    assert hole is not None and with_end.blocks[hole].text == HOLE_TEXT
    ending = [signature(b)[:7] for b in with_end.blocks[hole + 1 :]]
    assert ending == [signature(b)[:7] for b in expected.blocks[-len(ending) :]]
    # A place in the end is the same words once the middle is read.
    place = Anchor(hole + 3, 5)
    final = steps[-1][0]
    carried = final.carry(place, with_end)
    assert final.blocks[carried.block].text.plain == with_end.blocks[place.block].text.plain
    assert carried.offset == 5
    # The outline lists the end's headings at their blocks.
    for heading in with_end.headings:
        assert with_end.blocks[heading.block].text.plain == heading.text


def test_matches_are_found_once_whole() -> None:
    body = "\n".join(NO_NOTES for _ in range(8))
    expected, _ = whole(body)

    def find(text: str) -> tuple[Span, ...]:
        at, spans = text.find("Squat"), []
        while at != -1:
            spans.append(Span(at, at + 5))
            at = text.find("Squat", at + 1)
        return tuple(spans)

    steps = read(body, find)
    assert all(not document.matches for document, _ in steps[:-1])
    matches = steps[-1][0].matches
    assert len(matches) == 8 and matches == find_matches(expected, find)


SNIPPETS = st.sampled_from(
    [*TRICKY, NO_NOTES, "Plain words.\n", "# Title\n", "1. a\n2. b\n", "- x\n\n- y\n"]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(SNIPPETS, min_size=4, max_size=40))
def test_any_mix_of_blocks_read_in_parts_is_its_whole_parse(snippets: list[str]) -> None:
    body = "\n".join(snippets)
    assert_same(read(body, size=1)[-1], whole(body))


def test_a_post_laid_out_for_a_hidden_pane_is_laid_out_again_for_the_pane_shown() -> None:
    """Opened from the search results, the reader is not shown yet: its top is laid
    out for the narrowest pane; the rest is laid out for the width the pane has then
    (else the UI thread laid out each showing again)."""
    body = "\n".join(f"## Part {n}\n\n" + NO_NOTES for n in range(12))

    def pane() -> tuple[int, int]:
        return WIDTH, MEASURE  # shown since the top was laid out

    steps = list(read_in_parts(body, None, 20, MEASURE, STYLES, first=300, size=900, pane=pane))
    assert steps[0][1].width == 20
    assert {layout.width for _, layout in steps[1:]} == {WIDTH}
    assert_same(steps[-1], whole(body))
