"""Search as a person types it: words, stems, phrases, fields, syntax, typos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from blog_reader.index import Archive
from blog_reader.index.query import make_parser, parse
from tests.searching import matches_ok, search_ok


@pytest.fixture
def archive(write, post, open_archive) -> Archive:
    write("knee.md", post("Knee pain", "Both of my knees ached after running.", tags="[joints]"))
    write("urchin.md", post("At the beach", "I stepped on a sea urchin near the sea wall."))
    write("split.md", post("Scattered", "The sea was calm. An urchin was found later."))
    write(
        "regen.md",
        post(
            "Regeneration",
            "Tissue is regenerating; regeneration takes time.",
            tags="[healing, joints]",
        ),
    )
    write("dated.md", post("A dated post", "Written on a winter day.", date="2020-01-09"))
    write("old.md", post("An old post", "Written long before.", date="2018-06-01"))
    archive = open_archive()
    archive.sync()
    return archive


def ids(archive: Archive, query: str) -> list[str]:
    return [hit.id for hit in search_ok(archive, query).hits]


def test_stemming_finds_other_forms_of_a_word(archive: Archive) -> None:
    assert ids(archive, "knee") == ["knee.md"]
    assert ids(archive, "kneeing") == ["knee.md"]
    assert set(ids(archive, "regenerate")) == {"regen.md"}


def test_every_word_helps_and_posts_with_all_words_rank_first(archive: Archive) -> None:
    assert set(ids(archive, "sea urchin")) == {"urchin.md", "split.md"}
    # No word is required: each post with either word is found...
    assert set(ids(archive, "urchin knees")) == {"urchin.md", "split.md", "knee.md"}
    # ...and a post with all the words outranks posts with only some.
    write_ranked = ids(archive, "knees running tissue")
    assert write_ranked[0] == "knee.md" and "regen.md" in write_ranked


def test_phrase_needs_the_words_together(archive: Archive) -> None:
    assert ids(archive, '"sea urchin"') == ["urchin.md"]


def test_title_words_rank_above_body_words(write, post, open_archive) -> None:
    write(
        "body.md",
        post(
            "Something else",
            "A long text that mentions gardening once among many other words here.",
        ),
    )
    write("title.md", post("Gardening", "A short text."))
    archive = open_archive()
    archive.sync()
    assert ids(archive, "gardening")[0] == "title.md"


def test_fields_tags_and_dates(archive: Archive) -> None:
    assert ids(archive, "title:beach") == ["urchin.md"]
    assert ids(archive, "title:urchin") == []  # only in the body
    assert set(ids(archive, "tag:joints")) == {"knee.md", "regen.md"}
    assert ids(archive, "tag:healing") == ["regen.md"]
    assert ids(archive, "date:2020") == ["dated.md"]
    assert set(ids(archive, "date:[2018 to 2020]")) == {"dated.md", "old.md"}


def test_date_ranges_find_every_post_dated_within(write, post, open_archive) -> None:
    """A range is run as one list of the index's date terms (see
    ``query._range_terms``): every day of it, at each of Whoosh's resolutions."""
    day = dt.date(2019, 11, 20)
    dates = [day + dt.timedelta(days=9 * n) for n in range(90)]  # to 2022-01
    for n, date in enumerate(dates):
        write(f"d{n}.md", post(f"Day {n}", "A dated note.", date=date.isoformat()))
    archive = open_archive()
    archive.sync()

    def dated(text: str) -> set[dt.date]:
        result = search_ok(archive, text, limit=200)
        assert result.exact
        return {dates[int(hit.id[1:-3])] for hit in result.hits}

    assert dated("date:2020") == {d for d in dates if d.year == 2020}
    assert dated("date:2020-02") == {d for d in dates if (d.year, d.month) == (2020, 2)}
    assert dated("date:[2020 to 2021]") == {d for d in dates if 2020 <= d.year <= 2021}
    assert dated("note date:[2021 to]") == {d for d in dates if d.year >= 2021}


def test_prefix_and_fuzzy_terms(archive: Archive) -> None:
    assert ids(archive, "regen*") == ["regen.md"]
    assert set(ids(archive, "urchn~")) == {"urchin.md", "split.md"}
    assert set(ids(archive, "urchim~")) == {"urchin.md", "split.md"}


def test_a_commit_hash_is_found_whole_or_by_its_first_characters(write, post, open_archive) -> None:
    write("notes.md", post("Release notes", "Fixed in [`3e4f5a1ed2`] and 08ac21423e."))
    write("other.md", post("Other", "Nothing to see."))
    archive = open_archive()
    archive.sync()
    for query in ("3e4f5a1ed2", "3e4f5a1*", "3e4f5a1ed*", "08ac21423e", "08ac21423e*"):
        assert ids(archive, query) == ["notes.md"], query


def test_an_armored_signature_is_searchable_by_name_not_by_its_base64(
    write, post, open_archive
) -> None:
    signed = (
        "Checksums below.\n\n```\n-----BEGIN PGP SIGNATURE-----\n\n"
        "iQIzBAEBCAAdFiEEj8yhP8dDC6RAI4Jdw96mlrhVgAFAmVeHGkACgkQdw96\n"
        "=z4/f\n-----END PGP SIGNATURE-----\n```\n\nAfter the signature.\n"
    )
    write("signed.md", post("Release", signed))
    write("other.md", post("Other", "Nothing to see."))
    archive = open_archive()
    archive.sync()
    assert ids(archive, '"pgp signature"') == ["signed.md"]
    assert ids(archive, "after") == ["signed.md"]
    assert ids(archive, "iQIzBAEBCAAdFiEEj8yhP8dDC6RAI4Jdw96mlrhVgAFAmVeHGkACgkQdw96") == []
    assert "iQIzBAEBCAAdFiEEj8yhP8dDC6RAI4Jdw96" in archive.get("signed.md").body


EVERY_POST = {"knee.md", "urchin.md", "split.md", "regen.md", "dated.md", "old.md"}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"unclosed knee', {"knee.md"}),
        ("knee (((", {"knee.md"}),
        ("title:", set()),
        ("date:[garbage", set()),
        ("AND OR NOT", set()),
        ("]]]", set()),
        ("knee^^", {"knee.md"}),
        ("*", EVERY_POST),
        ("~~~", set()),
        ("tag:", set()),
        ("\\", set()),
        ("knee)", {"knee.md"}),
        ("", set()),
        ('date:""', set()),
        ("number:abc", set()),
        ("knee date:[ to ]", {"knee.md"}),  # an open range filters nothing out
    ],
)
def test_malformed_queries_never_raise(archive: Archive, query: str, found: set[str]) -> None:
    result = search_ok(archive, query)  # a query that raised would read as a failed engine
    assert {hit.id for hit in result.hits} == found
    assert result.total == len(found)


def test_snippets_mark_the_matched_words(archive: Archive) -> None:
    hit = archive.search("knees").hits[0]
    marked = [hit.snippet.text[s.start : s.end] for s in hit.snippet.spans]
    assert marked == ["knees"]
    assert "ached after running" in hit.snippet.text


def test_snippet_marks_stems_and_phrase_words(archive: Archive) -> None:
    hit = archive.search('"sea urchin"').hits[0]
    marked = {hit.snippet.text[s.start : s.end].lower() for s in hit.snippet.spans}
    assert marked == {"sea", "urchin"}


def test_a_word_matching_nothing_is_corrected_and_searched(archive: Archive) -> None:
    result = search_ok(archive, "urchim")
    assert result.correction == "urchin"
    assert {hit.id for hit in result.hits} == {"urchin.md", "split.md"}
    assert archive.search("urchim", correct=False).total == 0
    assert search_ok(archive, "knees").correction is None
    assert search_ok(archive, "beach knes").correction == "beach knees"


def test_did_you_mean_leaves_syntax_alone(archive: Archive) -> None:
    assert search_ok(archive, "regen*").correction is None
    assert search_ok(archive, "title:beach").correction is None
    assert ids(archive, "regen*") == ["regen.md"]  # (no correction, and the query ran)


def test_total_counts_beyond_the_limit(write, post, open_archive) -> None:
    for n in range(30):
        write(f"p{n}.md", post(f"Post {n}", "Elbow grease."))
    archive = open_archive()
    archive.sync()
    result = archive.search("elbow", limit=5)
    assert len(result.hits) == 5
    assert result.total == 30


def test_find_matches_marks_words_in_any_text(archive: Archive) -> None:
    text = "My knee, your knees; kneel."
    spans = matches_ok(archive, text, "knees")
    assert [text[s.start : s.end] for s in spans] == ["knee", "knees"]


def test_search_before_any_index_is_empty(write, post, open_archive) -> None:
    write("a.md", post("Anything", "Anything at all."))
    archive = open_archive()
    assert search_ok(archive, "anything").total == 0  # not indexed yet: nothing, no failure
    archive.sync()
    assert ids(archive, "anything") == ["a.md"]


def test_did_you_mean_knows_title_words_and_forgets_removed_posts(
    write, post, corpus, open_archive
) -> None:
    write("a.md", post("Tendinosis", "A body without that word."))
    gone = write("b.md", post("Other", "Only here: fasciculations."))
    archive = open_archive()
    archive.sync()
    assert archive.search("tendinosus").correction == "tendinosis"
    assert archive.search("fasciculatons").correction == "fasciculations"

    gone.unlink()
    archive.sync()

    assert search_ok(archive, "fasciculatons").correction is None
    assert search_ok(archive, "fasciculatons~").total == 0
    assert ids(archive, "tendinosis") == ["a.md"]


def test_fuzzy_terms_find_stemmed_forms_of_near_words(archive: Archive) -> None:
    # "ached" is one edit from "achey"; the index holds its stem "ach".
    assert ids(archive, "achey~") == ["knee.md"]


def test_total_counts_title_only_and_body_only_matches(write, post, open_archive) -> None:
    # Whoosh's default top-N collector drops, from an OR, the sub-query that can
    # no longer reach the top scores, and then counts short; this guards the count.
    for n in range(300):
        title = "Alpha" if n % 3 == 0 else "Other"
        body = "alpha here" if n % 2 == 0 else "nothing"
        write(f"p{n:03}.md", post(f"{title} {n}", body))
    archive = open_archive()
    archive.sync()
    expected = sum(1 for n in range(300) if n % 3 == 0 or n % 2 == 0)
    result = archive.search("alpha", limit=10)
    assert result.total == expected == 200
    assert len(result.hits) == 10
    assert all(hit.title.startswith("Alpha") for hit in result.hits)  # titles weigh more


def test_a_search_that_runs_out_of_time_answers_with_what_it_found(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import blog_reader.index.search
    from blog_reader.index._whoosh import collectors, searching

    class OutOfTime(collectors.TimeLimitCollector):  # type: ignore[misc]
        """Time runs out after the first match (as if its timer had fired)."""

        def collect_matches(self) -> None:
            for sub_docnum in self.child.matches():
                self.child.collect(sub_docnum)
                raise searching.TimeLimit

    monkeypatch.setattr(blog_reader.index.search.collectors, "TimeLimitCollector", OutOfTime)
    cut = archive.search("sea urchin knee")
    assert not cut.complete
    assert cut.total == len(cut.hits) == 1

    monkeypatch.undo()
    full = archive.search("sea urchin knee")
    assert full.complete and full.total == 3


@pytest.fixture
def common_words(write, post, open_archive) -> Archive:
    """40 posts: "alpha" in 30 bodies (10 titles too), "beta" in 20 bodies."""
    for n in range(40):
        words = " ".join(w for w, holds in (("alpha", n < 30), ("beta", n >= 20)) if holds)
        write(f"p{n}.md", post(f"Alpha {n}" if n < 10 else f"Post {n}", f"Some {words}."))
    archive = open_archive()
    archive.sync()
    return archive


def test_counting_common_words_stops_early_and_says_at_least(
    common_words: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where most posts match, the best are found by skipping, and the count
    stops after a moment: the total is then a lower bound, said as one."""
    import blog_reader.index.search as search

    monkeypatch.setattr(search, "FULL_PASS_LIMIT", 0)  # as if the archive were big
    monkeypatch.setattr(search, "COUNT_CHECK_EVERY", 1)
    monkeypatch.setattr(search, "COUNT_SECONDS", 0.0)
    result = common_words.search("alpha beta", limit=10)
    assert result.complete and not result.exact
    assert result.total == 30  # the largest word's posts: alpha's 30 bodies
    assert {hit.title for hit in result.hits} == {f"Alpha {n}" for n in range(10)}
    # A phrase gives no such bound: it is counted whole.
    phrase = common_words.search('"alpha beta"', limit=3)
    assert phrase.exact and phrase.total == 10

    monkeypatch.setattr(search, "COUNT_SECONDS", 60.0)
    counted = common_words.search("alpha beta", limit=10)
    assert counted.exact and counted.total == 40


def test_a_count_that_cannot_finish_is_not_started(
    common_words: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the words hold more posts than a moment's count could get through,
    the total is their own bound at once, with the same best hits."""
    import blog_reader.index.search as search

    monkeypatch.setattr(search, "FULL_PASS_LIMIT", 0)  # as if the archive were big
    monkeypatch.setattr(search, "COUNT_SECONDS", 60.0)
    counted = common_words.search("alpha beta", limit=10)
    assert counted.exact and counted.total == 40

    monkeypatch.setattr(search, "COUNT_LIMIT", 0)
    from blog_reader.index._whoosh import Searcher

    counting: list[object] = []
    real = Searcher.docs_for_query
    monkeypatch.setattr(
        Searcher, "docs_for_query", lambda *a, **k: counting.append(a) or real(*a, **k)
    )
    result = common_words.search("alpha beta", limit=10)
    assert result.complete and not result.exact
    assert 30 <= result.total <= 40  # at least alpha's 30 bodies, never more than match
    assert [hit.id for hit in result.hits] == [hit.id for hit in counted.hits]
    assert not counting
    # Its facets still count every match.
    facets = common_words.search("alpha beta", limit=10, facets=True).facets
    assert facets is not None and facets.complete and counting


def test_an_archive_no_bigger_than_the_full_pass_limit_counts_every_match(
    common_words: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words' postings add up to more than the limit (alpha 30 + 10 titles,
    beta 20), but no more posts than the archive's 40 can match: one pass
    scores and counts them all."""
    import blog_reader.index.search as search

    monkeypatch.setattr(search, "FULL_PASS_LIMIT", 40)
    monkeypatch.setattr(search, "COUNT_LIMIT", 0)  # no count to fall back on
    result = common_words.search("alpha beta", limit=10)
    assert result.exact and result.total == 40
    monkeypatch.setattr(search, "FULL_PASS_LIMIT", 39)
    assert not common_words.search("alpha beta", limit=10).exact


def test_a_lower_bound_leaves_out_deleted_posts(
    common_words: Archive, write, monkeypatch: pytest.MonkeyPatch
) -> None:
    import blog_reader.index.search as search

    for n in range(5):
        (common_words.corpus / f"p{n}.md").unlink()
    common_words.sync()
    monkeypatch.setattr(search, "FULL_PASS_LIMIT", 0)
    monkeypatch.setattr(search, "COUNT_CHECK_EVERY", 1)
    monkeypatch.setattr(search, "COUNT_SECONDS", 0.0)
    result = common_words.search("alpha", limit=3)
    assert not result.exact
    assert 0 < result.total <= 25  # never more than really match


def test_marking_matches_parses_a_query_once(archive: Archive, monkeypatch) -> None:
    import blog_reader.index.search

    parsed: list[str] = []
    real_analyse = blog_reader.index.search.analyse

    def counting(parser: object, text: str, **options: bool) -> object:
        parsed.append(text)
        return real_analyse(parser, text, **options)

    monkeypatch.setattr(blog_reader.index.search, "analyse", counting)
    archive.search("knees")
    for block in ("My knees.", "A knee.", "Nothing here.", "Knee pain"):
        archive.find_matches(block, "knees")
    assert parsed == ["knees"]
    assert [
        block for block in ("My knees.", "Nothing") if archive.find_matches(block, "knees")
    ] == ["My knees."]


def test_scores_from_cached_lengths_are_whooshs_bm25f(tmp_path: Path) -> None:
    from blog_reader.index._whoosh import scoring
    from blog_reader.index.weighting import CachedLengthsBM25F
    from tests.bench.corpus import generate

    # Posts of many lengths, for lengths to matter, in several segments (an
    # update writes one of its own), for each segment's lengths to be its own.
    corpus = generate(tmp_path / "corpus", 300)
    with Archive.open(corpus, tmp_path / "index") as archive:
        archive.sync()
        for path in sorted(corpus.rglob("*.md"))[:5]:
            path.write_text(path.read_text(encoding="utf-8") + "\nfeboca jonu\n", encoding="utf-8")
        archive.sync()
        assert archive._current is not None
        ix = archive._current.store.ix
        assert len(ix._segments()) >= 2
        parser = make_parser(ix.schema)
        queries = ["stohitri", "tusemu nodo", '"tusemu nodo"', "title:tusemu", "cen*", "stohitry~"]
        ranked = []
        for weighting in (scoring.BM25F(), CachedLengthsBM25F()):
            with ix.searcher(weighting=weighting) as searcher:
                ranked.append(
                    [
                        [
                            (hit["id"], hit.score)
                            for hit in searcher.search(parse(parser, q), limit=30)
                        ]
                        for q in queries
                    ]
                )
        assert all(ranked[0]), [len(r) for r in ranked[0]]
        assert ranked[1] == ranked[0]
        assert weighting._lengths and all(weighting._lengths.values())


def test_among_equal_scores_the_newer_post_comes_first(write, post, open_archive) -> None:
    # Same words, same length: the scores tie, and file order would put the older first.
    write("a-old.md", post("Garden notes", "Tomatoes and basil.", date="2019-05-01"))
    write("b-undated.md", post("Garden notes", "Tomatoes and basil."))
    write("c-new.md", post("Garden notes", "Tomatoes and basil.", date="2023-05-01"))
    archive = open_archive()
    archive.sync()
    assert ids(archive, "tomatoes") == ["c-new.md", "a-old.md", "b-undated.md"]
