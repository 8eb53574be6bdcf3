"""Facets: counts per tag, author and year over every match of a search, and of the archive."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blog_reader.index import Archive, FacetKind, Facets, Order
from blog_reader.index import search as search_module
from blog_reader.index._whoosh import analysis
from blog_reader.index.facets import filter_text, has_filter, tag_keys, toggle_filter
from tests.searching import engine_answers, search_ok

Writer = Callable[[str, str], Path]

POSTS = {
    # name: (tags, authors, date, body)
    "a.md": ("[Release, security]", "Ann Lee", "2024-03-01", "knee release notes"),
    "b.md": ("[release]", "ann lee", "2024-05-02", "knee and hip"),
    "c.md": ('[release, "node js"]', "Bo Chen", "2023-01-09", "knee pain"),
    "d.md": ('["node js", "c++"]', "[Ann Lee, Bo Chen]", "2023-07-07", "shoulder"),
    "e.md": ('["x (beta)", "a, b"]', "O'Brien", "2022-02-02", "knee surgery"),
    "f.md": ("[Release]", "Dee", None, "knee undated"),
    "g.md": ("[]", "", "2024-12-31", "knee without tags"),
    # A name holding another's words: author:Dee alone would find this post too.
    "i.md": ("[]", "Dee Ramone", None, "elbow"),
}


@pytest.fixture
def archive(write: Writer, open_archive: Callable[[], Archive]) -> Archive:
    for name, (tags, authors, date, body) in POSTS.items():
        meta = [f"title: {name}", f"tags: {tags}"]
        if authors:
            meta.append(f"author: {authors}" if authors.startswith("[") else f'author: "{authors}"')
        if date:
            meta.append(f"date: {date}")
        write(name, "---\n" + "\n".join(meta) + "\n---\n\n" + body + "\n")
    opened = open_archive()
    opened.sync()
    return opened


def counts(facets: Facets | None, kind: FacetKind) -> dict[str, int]:
    assert facets is not None
    return {value.name: value.count for value in facets.of(kind)}


def test_counted_over_every_match_not_only_the_page(archive: Archive) -> None:
    with engine_answers(archive):
        result = archive.search("knee", limit=1, facets=True)
    assert len(result.hits) == 1 and result.total == 6
    assert counts(result.facets, FacetKind.TAG) == {
        "Release": 4,  # a, b, c, f: one tag in any case, spelt as most of its posts do
        "node js": 1,
        "a": 1,
        "b": 1,
        "security": 1,
        "x (beta)": 1,
    }
    assert counts(result.facets, FacetKind.AUTHOR) == {
        "Ann Lee": 2,
        "Bo Chen": 1,
        "Dee": 1,
        "O'Brien": 1,
    }
    assert counts(result.facets, FacetKind.YEAR) == {"2024": 3, "2023": 1, "2022": 1}
    assert result.facets is not None and result.facets.complete


def test_values_by_count_then_name(archive: Archive) -> None:
    facets = archive.facets()
    assert [(v.name, v.count) for v in facets.tag] == [
        ("Release", 4),
        ("node js", 2),
        ("a", 1),
        ("b", 1),
        ("c++", 1),
        ("security", 1),
        ("x (beta)", 1),
    ]
    assert [(v.name, v.count) for v in facets.author] == [
        ("Ann Lee", 3),
        ("Bo Chen", 2),
        ("Dee", 1),
        ("Dee Ramone", 1),
        ("O'Brien", 1),
    ]
    assert [(v.name, v.count) for v in facets.year] == [("2024", 3), ("2023", 2), ("2022", 1)]


def test_each_value_filters_to_its_count(archive: Archive) -> None:
    """A value's filter, added to the query, keeps exactly the posts it counted
    (quoting included: spaces, brackets, commas, apostrophes, c++)."""
    with engine_answers(archive):
        facets = archive.facets("knee")
        every = archive.facets()
    for found in (facets, every):
        for kind in FacetKind:
            for value in found.of(kind):
                assert value.filter is not None, value
                query = value.filter if found is every else f"knee {value.filter}"
                assert search_ok(archive, query).total == value.count, (query, value)


def test_filters_quote_only_what_needs_it() -> None:
    assert filter_text(FacetKind.TAG, "release") == "tag:release"
    assert filter_text(FacetKind.TAG, "node.js") == "tag:node.js"
    assert filter_text(FacetKind.TAG, "c++") == "tag:c++"
    assert filter_text(FacetKind.TAG, "node js") == 'tag:"node js"'
    assert filter_text(FacetKind.TAG, "x (beta)") == 'tag:"x (beta)"'
    assert filter_text(FacetKind.TAG, 'say "hi"') is None  # no quoting says it
    assert filter_text(FacetKind.AUTHOR, "Dee") == "author:Dee"
    assert filter_text(FacetKind.AUTHOR, "Ann  Lee") == 'author:"Ann Lee"'
    assert filter_text(FacetKind.AUTHOR, "O'Brien") == 'author:"O Brien"'
    assert filter_text(FacetKind.AUTHOR, "—") is None
    assert (
        filter_text(FacetKind.AUTHOR, "Juan José", ["Juan José Arboleda", "Juan José X"])
        == 'author:"Juan José" -author:"Juan José Arboleda" -author:"Juan José X"'
    )
    assert filter_text(FacetKind.YEAR, "2024") == "date:2024"


@pytest.mark.parametrize(
    "tag", ["Release", "node js", " spaced ", "a, b", "C++", "x (beta)", "Été"]
)
def test_tag_keys_are_the_index_terms(tag: str) -> None:
    """A tag is counted under the terms the tags field indexes it as."""
    analyzer = analysis.KeywordAnalyzer(lowercase=True, commas=True)
    terms = [token.text for token in analyzer(tag)]
    assert [key.split("\x00")[1] for key, _ in tag_keys(tag)] == terms


def test_later_count_matches_the_search(archive: Archive) -> None:
    """Counting after a search reuses its matches; a query not searched last is run again."""
    with engine_answers(archive):
        inline = archive.search("knee", facets=True).facets
        after = archive.facets("knee")
        archive.search("shoulder")
        again = archive.facets("knee")
    assert inline == after == again
    assert counts(archive.facets("shoulder"), FacetKind.TAG) == {"node js": 1, "c++": 1}


def test_by_date_and_filters_alone(archive: Archive) -> None:
    with engine_answers(archive):
        by_date = archive.search("knee", order=Order.DATE, facets=True).facets
        filtered = archive.search("tag:release", facets=True)
    assert by_date == archive.facets("knee")
    assert filtered.total == 4
    assert counts(filtered.facets, FacetKind.YEAR) == {"2024": 2, "2023": 1}
    assert counts(filtered.facets, FacetKind.AUTHOR) == {
        "Ann Lee": 2,
        "Bo Chen": 1,
        "Dee": 1,
    }


def test_counted_when_whoosh_skips_to_the_top_hits(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query that may match many posts is ranked with Whoosh's block skipping
    and its matches found by a second pass: the same counts."""
    with engine_answers(archive):
        full = archive.search("knee OR shoulder", limit=1, facets=True).facets
    monkeypatch.setattr(search_module, "FULL_PASS_LIMIT", 0)
    with engine_answers(archive):
        skipping = archive.search("knee OR shoulder", limit=1, facets=True)
    assert skipping.total == 7
    assert skipping.facets == full == archive.facets("knee OR shoulder")


def test_facets_of_the_corrected_query(archive: Archive) -> None:
    with engine_answers(archive):
        result = archive.search("shouldr", facets=True)
    assert result.correction == "shoulder"
    assert counts(result.facets, FacetKind.YEAR) == {"2023": 1}


def test_no_match_no_facets(archive: Archive) -> None:
    with engine_answers(archive):
        result = archive.search("zebra", facets=True)
    assert result.total == 0 and result.facets == Facets()


def test_new_posts_are_counted_after_a_sync(archive: Archive, write: Writer) -> None:
    assert counts(archive.facets("knee"), FacetKind.YEAR)["2022"] == 1
    write("h.md", "---\ntitle: h\ndate: 2022-05-05\ntags: [release]\n---\n\nknee again\n")
    archive.sync()
    with engine_answers(archive):
        result = archive.search("knee", facets=True)
    assert counts(result.facets, FacetKind.YEAR)["2022"] == 2
    # Three posts now spell it "release", two "Release".
    assert counts(result.facets, FacetKind.TAG)["release"] == 5
    assert counts(archive.facets(), FacetKind.TAG)["release"] == 5


def test_an_empty_archive_has_no_facets(open_archive: Callable[[], Archive]) -> None:
    archive = open_archive()
    archive.sync()
    with engine_answers(archive):
        assert archive.search("knee", facets=True).facets == Facets()
        assert archive.facets("knee") == Facets()
        assert archive.facets("never searched") == Facets()
        assert archive.facets() == Facets()


def test_a_name_inside_a_longer_one(archive: Archive) -> None:
    """``author:Dee`` alone would also find Dee Ramone's post: the facet's filter
    leaves those out, and picking it again takes the whole filter away."""
    (dee,) = [value for value in archive.facets().author if value.name == "Dee"]
    assert dee.filter == 'author:Dee -author:"Dee Ramone"'
    assert search_ok(archive, "author:Dee").total == 2
    assert search_ok(archive, dee.filter).total == dee.count == 1
    query = toggle_filter("knee", dee.filter)
    assert query == 'knee author:Dee -author:"Dee Ramone"' and has_filter(query, dee.filter)
    assert toggle_filter(query, dee.filter) == "knee"
    assert not has_filter("knee author:Dee", dee.filter)


def test_every_match_counted_when_the_total_is_a_bound(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a big archive the search stops counting a common word's posts early and
    says "at least N"; its facets still count every match."""
    monkeypatch.setattr(search_module, "FULL_PASS_LIMIT", 0)
    monkeypatch.setattr(search_module, "COUNT_SECONDS", 0.0)
    monkeypatch.setattr(search_module, "COUNT_CHECK_EVERY", 1)
    with engine_answers(archive):
        result = archive.search("knee", limit=1, facets=True)
        later = archive.facets("knee")
    assert not result.counted
    assert result.facets is not None and result.facets.complete
    assert counts(result.facets, FacetKind.YEAR) == {"2024": 3, "2023": 1, "2022": 1}
    assert later == result.facets


def test_searches_go_on_while_facets_find_every_match(archive: Archive) -> None:
    """Finding every match of a query for its facets (at 100,000 posts, as long as
    a search) holds up no search: it has a searcher of its own."""
    engine = archive._lease()
    assert engine is not None
    try:
        facets_engine = engine.engine
        started, go_on = threading.Event(), threading.Event()
        words = facets_engine._words

        def slow() -> Any:  # held up inside the search for every match
            if threading.current_thread() is counting:
                started.set()
                assert go_on.wait(10)
            return words()

        facets_engine._words = slow  # type: ignore[method-assign]
        answers: list[Facets] = []
        counting = threading.Thread(target=lambda: answers.append(archive.facets("shoulder")))
        counting.start()
        assert started.wait(10)
        with engine_answers(archive):
            assert archive.search("knee").total == 6  # while the count waits
        go_on.set()
        counting.join(10)
        assert counts(answers[0], FacetKind.TAG) == {"node js": 1, "c++": 1}
    finally:
        engine.release()
