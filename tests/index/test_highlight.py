"""The match finder: where a query's words stand in a text, exactly where the index
would find them (its tokens, lower case and stems), however the text is made."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from blog_reader.index.highlight import spans
from blog_reader.index.model import Span
from blog_reader.index.schema import TOKEN, stem


def token_by_token(text: str, terms: frozenset[str]) -> tuple[Span, ...]:
    """The plain definition: every token of the text whose word or stem is a term."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[:1] or c for c in text)
    return tuple(
        Span(m.start(), m.end())
        for m in TOKEN.finditer(lowered)
        if m.group() in terms or stem(m.group()) in terms
    )


TEXT = st.text(alphabet="ab.ba_ 1,-Éßİ\n", max_size=60) | st.lists(
    st.sampled_from(["run", "running", "runs", "node.js", "node", "js", "1.70.0", "1.70", ".", " ",
                     "..", "x.", ".run", "re-run", "_run", "Running", "İrun", "sky", "skies"]),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(TEXT, st.data())
def test_matches_are_the_tokens_whose_word_or_stem_is_a_term(
    text: str, data: st.DataObject
) -> None:
    tokens = sorted(set(TOKEN.findall(text.lower())))
    chosen = data.draw(st.lists(st.sampled_from(tokens), max_size=3)) if tokens else []
    terms = frozenset(stem(word) for word in chosen) | frozenset(
        data.draw(st.lists(st.sampled_from(["run", "node", "js", "1.70", "a", "b.b", "sky"])))
    )
    assert spans(text, terms) == token_by_token(text, terms)


def test_a_word_inside_a_longer_token_is_not_a_match() -> None:
    text = "node.js and node, rerun a run; run.it x.run 1.70.0 and 1.70 js"
    found = spans(text, frozenset({"node", "run", "1.70", "js"}))
    assert [text[s.start : s.end] for s in found] == ["node", "run", "1.70", "js"]
    assert [s.start for s in found] == [12, 26, 55, 60]
