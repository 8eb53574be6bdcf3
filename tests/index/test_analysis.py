"""The fast indexing path analyses text exactly as Whoosh's analyser does; the words
kept for "did you mean"."""

from __future__ import annotations

import re

import Stemmer
from hypothesis import given, settings
from hypothesis import strategies as st

from blog_reader.index.highlight import spans
from blog_reader.index.schema import TITLE_BOOST, StemmedText, stem, stemming_analyzer
from blog_reader.index.spelling import MAX_WORD, words_of

WORDS = st.sampled_from(
    [
        "The",
        "knee",
        "knees",
        "KNEES",
        "running",
        "a",
        "I",
        "of",
        "e.g",
        "3.5",
        "x_y",
        "naïve",
        "İstanbul",
        "ﬁne",
        "straße",
        "don't",
        "Regeneration",
        "regenerating",
        "is",
        "to",
        "be",
        "v20",
        "20",
        "V20",
        "v10.5.0",
        "10.5",
        "1.70.0",
        "3e4f5a1ed",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=40).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=30).map(".,; ".join),
)


def _slow(field: StemmedText, text: str) -> list[tuple[bytes, int, float, bytes]]:
    # The TEXT field's own path: Whoosh's analyser chain and Positions format.
    return sorted(super(StemmedText, field).index(text))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_fast_postings_equal_whooshs(text: str) -> None:
    for field in (
        StemmedText(analyzer=stemming_analyzer()),
        StemmedText(analyzer=stemming_analyzer(), field_boost=TITLE_BOOST),
    ):
        assert sorted(field.index(text)) == _slow(field, text)


def test_positions_skip_stop_words_like_whoosh() -> None:
    field = StemmedText(analyzer=stemming_analyzer())
    postings = {word: freq for word, freq, _, _ in field.index("The knees, the knee and a run")}
    assert postings == {b"knee": 2, b"run": 1}
    assert sorted(field.index("The knees, the knee and a run")) == _slow(
        field, "The knees, the knee and a run"
    )


def test_numbers_and_hashes_are_not_stemmed() -> None:
    field = StemmedText(analyzer=stemming_analyzer())
    text = "commit 3e4f5a1ed checksum 08ac21423e v10 ipv6 int32s uint8arrays deadbeefs"
    postings = {word for word, _, _, _ in field.index(text)}
    assert {b"3e4f5a1ed", b"08ac21423e", b"v10", b"ipv6"} <= postings
    assert {b"int32", b"uint8array", b"deadbeef"} <= postings  # words with digits still stem
    assert sorted(field.index(text)) == _slow(field, text)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z0-9_.]{0,12}[0-9]", fullmatch=True))
def test_the_stemmer_leaves_a_token_ending_in_a_digit_as_it_is(token: str) -> None:
    # Why skipping the stemmer for such tokens changes nothing.
    assert Stemmer.Stemmer("english").stemWord(token) == token


# Words Porter2 stems by a list of its own rather than by its rules.
EXCEPTIONAL_FORMS = [
    *("skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only"),
    *("singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning"),
    *("innings", "outing", "outings", "canning", "cannings", "herring", "herrings"),
    *("earring", "earrings", "proceed", "exceed", "succeed"),
]


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"[a-zà-ÿ_0-9]{1,14}", fullmatch=True),
        st.sampled_from(EXCEPTIONAL_FORMS),
        st.from_regex(r"y[a-z]{0,8}(ies|ying|ly|ational|izer|biliti)", fullmatch=True),
    )
)
def test_a_stem_begins_with_its_words_first_character(word: str) -> None:
    # Why the match finder (highlight.spans) stems only the words whose first
    # character begins one of the query's terms.
    assert stem(word)[:1] == word[:1]


def test_matches_are_found_in_words_whose_stem_differs_from_their_start() -> None:
    text = "Dying skies, lying news: ponies regenerating happily."
    for word, term in [("Dying", "die"), ("skies", "sky"), ("ponies", "poni"),
                       ("regenerating", "regener"), ("happily", "happili")]:  # fmt: skip
        assert stem(word.lower()) == term
        found = spans(text, frozenset({term}))
        assert [text[s.start : s.end] for s in found] == [word]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="aBé_1 .-ßΣİ²\u2019\u2014\u00aa\u212a", max_size=12),
            st.integers(min_value=38, max_value=43).map(lambda n: "Word" + "x" * (n - 4)),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_did_you_mean_offers_the_runs_of_two_to_forty_letters(text: str) -> None:
    # words_of takes the runs from one regular expression, without a step per word.
    runs = re.findall(r"[^\W\d_]+", text.lower())
    assert words_of(text) == {run for run in runs if 2 <= len(run) <= MAX_WORD}
