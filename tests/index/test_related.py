"""Related posts: the posts most like one, by their words, titles weighted."""

from __future__ import annotations

import pytest

from blog_reader.index import Archive, Hit, PostNotFound
from blog_reader.index.related import Frequencies, KeyTerm, best_matches, key_terms
from blog_reader.index.schema import stem
from tests.searching import engine_answers

KNEES = "Cartilage in the knees wears down; the meniscus tears; knees swell after a run."
SOURDOUGH = "Feed the sourdough starter with rye flour; the dough rises overnight in the oven."
SAILING = "The sailboat heeled as the jib filled; we reefed the mainsail before the squall."


def related_ok(archive: Archive, post_id: str, limit: int = 5) -> tuple[Hit, ...]:
    """``archive.related(post_id, limit)``, failing the test if the engine failed."""
    with engine_answers(archive):
        return archive.related(post_id, limit)


def ids(hits: tuple[Hit, ...]) -> list[str]:
    return [hit.id for hit in hits]


@pytest.fixture
def archive(write, post, open_archive) -> Archive:
    write("knees.md", post("Sore knees", KNEES))
    write("meniscus.md", post("A torn meniscus", "My meniscus tears healed; the knees swell less."))
    write("bread.md", post("Baking bread", SOURDOUGH))
    write("rye.md", post("Rye loaves", "Rye flour makes a dense dough; the sourdough starter."))
    write("boat.md", post("A day at sea", SAILING))
    write("jib.md", post("Reefing", "Reef the mainsail early; the jib can stay up in a squall."))
    archive = open_archive()
    archive.sync()
    return archive


def test_the_post_on_the_same_subject_comes_first(archive: Archive) -> None:
    assert ids(related_ok(archive, "knees.md"))[:1] == ["meniscus.md"]
    assert ids(related_ok(archive, "bread.md"))[:1] == ["rye.md"]
    assert ids(related_ok(archive, "jib.md"))[:1] == ["boat.md"]


def test_never_the_post_itself_and_only_posts_sharing_words(archive: Archive) -> None:
    hits = related_ok(archive, "knees.md")
    assert "knees.md" not in ids(hits)
    assert ids(hits) == ["meniscus.md"]  # no other post shares a key word
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_hits_carry_the_post_and_a_snippet_marking_shared_words(archive: Archive) -> None:
    (hit,) = related_ok(archive, "knees.md")
    assert hit.title == "A torn meniscus"
    marked = {hit.snippet.text[span.start : span.end].lower() for span in hit.snippet.spans}
    assert {"meniscus", "knees"} <= marked


def test_without_snippets_the_hits_are_the_same(archive: Archive) -> None:
    with_snippets = related_ok(archive, "bread.md")
    with engine_answers(archive):
        without = archive.related("bread.md", snippets=False)
    assert [(h.id, h.score) for h in without] == [(h.id, h.score) for h in with_snippets]
    assert all(hit.snippet.text == "" for hit in without)
    assert all(hit.snippet.text for hit in with_snippets)


def test_limit(write, post, open_archive) -> None:
    for n in range(8):
        write(f"p{n}.md", post(f"Knees {n}", KNEES))
    archive = open_archive()
    archive.sync()
    assert len(related_ok(archive, "p0.md")) == 5
    assert len(related_ok(archive, "p0.md", limit=2)) == 2
    assert len(related_ok(archive, "p0.md", limit=20)) == 7


def test_title_words_weigh_more_than_body_words(write, post, open_archive) -> None:
    write("a.md", post("Glaciers", "Ice moves downhill."))
    # Each shares one word with a.md, as rare: b.md the title's, c.md the body's.
    write("b.md", post("Glaciers of Norway", "Fjords were carved long ago."))
    write("c.md", post("Deserts", "Sand moves at night."))
    archive = open_archive()
    archive.sync()
    assert ids(related_ok(archive, "a.md")) == ["b.md", "c.md"]


def test_newer_first_among_equals(write, post, open_archive) -> None:
    write("src.md", post("Tidal pools", "Anemones and limpets in tidal pools."))
    write("old.md", post("Pools", "Anemones and limpets.", date="2001-01-01"))
    write("new.md", post("Pools", "Anemones and limpets.", date="2021-01-01"))
    write("mid.md", post("Pools", "Anemones and limpets.", date="2011-01-01"))
    archive = open_archive()
    archive.sync()
    assert ids(related_ok(archive, "src.md")) == ["new.md", "mid.md", "old.md"]


def test_pages_that_are_not_posts_are_never_related(write, post, open_archive) -> None:
    write("knees.md", post("Sore knees", KNEES))
    write("more.md", post("Knees again", "The meniscus and cartilage of the knees."))
    write("_index.md", post("Knees", "{{ range .Pages }}knees meniscus cartilage{{ end }}"))
    write("drafty.md", post("Knees draft", KNEES, draft="true"))
    archive = open_archive()
    archive.sync()
    assert ids(related_ok(archive, "knees.md")) == ["more.md"]


def test_an_unknown_post_raises(archive: Archive) -> None:
    with pytest.raises(PostNotFound):
        archive.related("nope.md")


def test_a_post_with_no_word_in_common_has_none(write, post, open_archive) -> None:
    write("a.md", post("Alpha", "Zebras graze."))
    write("b.md", post("Beta", "Quartz glitters."))
    write("c.md", post("Gamma", ""))
    archive = open_archive()
    archive.sync()
    assert related_ok(archive, "a.md") == ()
    assert related_ok(archive, "c.md") == ()


def test_related_follows_an_update(archive: Archive, write, post) -> None:
    assert ids(related_ok(archive, "boat.md")) == ["jib.md"]
    write("dinghy.md", post("Dinghy", "The jib and the mainsail of a dinghy in a squall."))
    archive.sync()
    assert set(ids(related_ok(archive, "boat.md"))) == {"jib.md", "dinghy.md"}


# -- key terms -------------------------------------------------------------------


def _terms(archive: Archive, title: str, text: str, count: int = 12) -> list[KeyTerm]:
    generation = archive._lease()
    assert generation is not None
    try:
        reader = generation.engine._searcher.reader()
        return key_terms(Frequencies(reader), title, text, count)
    finally:
        generation.release()


def test_key_terms_are_index_words_weighted_from_one(archive: Archive) -> None:
    terms = _terms(archive, "Sore knees", KNEES)
    words = [term.word for term in terms]
    assert stem("knees") in words and stem("meniscus") in words
    assert terms[0].weight == 1.0
    assert all(0 < term.weight <= 1 for term in terms)
    assert [t.weight for t in terms] == sorted((t.weight for t in terms), reverse=True)


def test_a_word_no_other_post_holds_is_no_key_term(archive: Archive) -> None:
    words = [term.word for term in _terms(archive, "Sore knees", KNEES)]
    assert stem("cartilage") not in words  # only knees.md has it
    assert "the" not in words  # a stop word is not even indexed


def test_the_rarest_shared_words_come_first(write, post, open_archive) -> None:
    write("a.md", post("One", "walrus walrus walrus penguin"))
    for n in range(6):
        write(f"p{n}.md", post(f"Post {n}", "penguin" if n else "penguin walrus"))
    archive = open_archive()
    archive.sync()
    words = [term.word for term in _terms(archive, "One", "walrus walrus walrus penguin")]
    assert words == ["walrus", "penguin"]


def test_words_most_posts_use_come_only_when_others_are_too_few(write, post, open_archive) -> None:
    text = "penguin penguin penguin penguin walrus"
    write("a.md", post("One", text))
    write("b.md", post("Two", "walrus"))
    for n in range(6):
        write(f"p{n}.md", post(f"Post {n}", "penguin"))
    archive = open_archive()
    archive.sync()
    assert [term.word for term in _terms(archive, "One", text, 1)] == ["walrus"]
    assert [term.word for term in _terms(archive, "One", text, 2)] == ["walrus", "penguin"]


def test_key_terms_stop_looking_words_up_when_none_left_can_enter(
    write, post, open_archive
) -> None:
    # Two words many times over, then many words once: a word seen once cannot
    # beat the top two.
    text = "meniscus " * 30 + "knees " * 30 + " ".join(f"w{n}x" for n in range(200))
    write("long.md", post("", text))
    write("other.md", post("Other", "meniscus knees " + " ".join(f"w{n}x" for n in range(200))))
    for n in range(30):
        write(f"filler{n}.md", post(f"Filler {n}", "Quartz glitters in granite."))
    archive = open_archive()
    archive.sync()
    looked_up: list[str] = []

    class Counting(Frequencies):
        def of(self, word: str, *, in_titles: bool) -> int:
            looked_up.append(word)
            return super().of(word, in_titles=in_titles)

    generation = archive._lease()
    assert generation is not None
    try:
        frequencies = Counting(generation.engine._searcher.reader())
        terms = key_terms(frequencies, "", text, count=2)
    finally:
        generation.release()
    assert {term.word for term in terms} == {stem("meniscus"), stem("knees")}
    assert len(looked_up) < 10


def test_key_terms_are_scored_by_whooshs_bo1_model() -> None:
    from blog_reader.index._whoosh import classify
    from blog_reader.index.related import _bo1

    model = classify.Bo1Model(1_000, 400_000)
    for weight, collection in ((1, 2), (3, 40), (30, 5_000), (2, 90_000)):
        assert _bo1(weight, collection / 1_000) == pytest.approx(model.score(weight, collection, 0))


def test_best_matches_score_as_whooshs_or(archive: Archive) -> None:
    from blog_reader.index.related import related_query

    generation = archive._lease()
    assert generation is not None
    try:
        searcher = generation.engine._searcher
        terms = _terms(archive, "Sore knees", KNEES)
        ours = best_matches(searcher, terms, 10, 1.0)
        theirs = searcher.search(related_query(terms), limit=10)
        assert [(d, round(s, 6)) for d, s in ours] == [
            (hit.docnum, round(hit.score, 6)) for hit in theirs
        ]
        assert len(ours) >= 2
    finally:
        generation.release()
