"""The relevance benchmark's arithmetic, its judged set, and its references on small corpora.

None of this reads the real archives: the corpora are written here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.bench.references import Fts5, PlainWhoosh, _title
from tests.bench.relevance import (
    KINDS,
    OURS,
    first_relevant,
    load,
    mean_reciprocal_rank,
    precision_at_1,
    run,
    summarise,
    table,
)

WANTED = {"a.md": 2, "b.md": 1}


def test_first_relevant_is_the_rank_of_the_first_graded_hit() -> None:
    assert first_relevant(["x.md", "b.md", "a.md"], WANTED) == 2
    assert first_relevant(["x.md", "b.md", "a.md"], WANTED, grade=2) == 3
    assert first_relevant(["x.md", "y.md"], WANTED) is None
    assert first_relevant(["x.md"] * 10 + ["a.md"], WANTED) is None  # beyond the top 10


def test_precision_and_mrr_on_a_hand_made_ranking() -> None:
    results = [
        (["a.md", "x.md"], WANTED),  # relevant first: 1
        (["x.md", "b.md"], WANTED),  # relevant second: 1/2
        (["x.md", "y.md", "z.md", "a.md"], WANTED),  # fourth: 1/4
        ([], WANTED),  # nothing: 0
    ]
    assert precision_at_1(results) == pytest.approx(1 / 4)
    assert mean_reciprocal_rank(results) == pytest.approx((1 + 1 / 2 + 1 / 4) / 4)
    only_b_first = [(["b.md", "a.md"], WANTED)]
    assert precision_at_1(only_b_first) == 1.0
    assert precision_at_1(only_b_first, grade=2) == 0.0
    assert precision_at_1([]) == 0.0 and mean_reciprocal_rank([]) == 0.0


def test_the_judged_set_covers_both_corpora_and_every_kind() -> None:
    judged = load()
    assert len(judged) >= 40
    per_corpus = Counter(j.corpus for j in judged)
    assert set(per_corpus) == {"node", "til"} and min(per_corpus.values()) >= 20
    for corpus in per_corpus:
        assert {j.kind for j in judged if j.corpus == corpus} == set(KINDS)
    assert len({(j.corpus, j.query) for j in judged}) == len(judged)
    assert all(j.reason for j in judged)


def test_a_malformed_entry_is_refused(tmp_path: Path) -> None:
    entry = (
        '[[query]]\ncorpus = "c"\nkind = "{kind}"\nquery = "q"\nwanted = {wanted}\nreason = "r"\n'
    )
    bad_kind = tmp_path / "kind.toml"
    bad_kind.write_text(entry.format(kind="vibes", wanted='{ "a.md" = 2 }'), encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        load(bad_kind)
    no_two = tmp_path / "grade.toml"
    no_two.write_text(entry.format(kind="topic", wanted='{ "a.md" = 1 }'), encoding="utf-8")
    with pytest.raises(ValueError, match="grades"):
        load(no_two)


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    root = tmp_path / "corpora" / "mini"
    _write(root, "sea/urchins.md", "# Sea urchins\n\nA sea urchin grazes on kelp.\n")
    _write(root, "sea/kelp.md", "# Kelp forests\n\nKelp grows fast. Urchins by the sea eat it.\n")
    _write(
        root,
        "release/v1.2.3.md",
        "---\ntitle: 'Version 1.2.3'\ndate: 2020-01-02\n---\n\nFixes in v1.2.3.\n",
    )
    _write(root, "sea/notes.html", "<p>Sea notes, not a post file.</p>\n")
    return tmp_path / "corpora"


def test_the_references_take_titles_from_front_matter_or_the_first_heading() -> None:
    yaml = "---\ndate: 2020-01-02\ntitle: 'Node 18: out'\n---\n# Not this\n"
    assert _title(yaml) == "Node 18: out"
    assert _title('+++\ntitle = "A = B"\n+++\n') == "A = B"
    assert _title("Some words.\n\n# Pisco sour\n") == "Pisco sour"
    assert _title("no title at all\n") == ""


def test_fts5_keeps_a_phrase_whole_and_quotes_what_its_syntax_rejects(
    corpora: Path, tmp_path: Path
) -> None:
    ored = Fts5(tmp_path / "fts", title_weight=10.0)
    ored.build(corpora / "mini")
    assert ored.search('"sea urchin"') == ["sea/urchins.md"]
    plain = Fts5(tmp_path / "fts", title_weight=10.0, plain=True)
    assert plain.search("v1.2.3") == ["release/v1.2.3.md"]  # "." is FTS5 syntax
    assert plain.search("kelp forests") == ["sea/kelp.md"]  # words ANDed


def test_the_run_scores_every_engine_and_names_the_misses(corpora: Path) -> None:
    judged_set = corpora.parent / "set.toml"
    judged_set.write_text(
        '[[query]]\ncorpus = "mini"\nkind = "title-ish"\nquery = "kelp forests"\n'
        'wanted = { "sea/kelp.md" = 2 }\nreason = "title"\n\n'
        '[[query]]\ncorpus = "mini"\nkind = "topic"\nquery = "what eats kelp"\n'
        'wanted = { "release/v1.2.3.md" = 2 }\nreason = "deliberately wrong, to be missed"\n\n'
        '[[query]]\ncorpus = "mini"\nkind = "entity"\nquery = "sea notes"\n'
        'wanted = { "sea/notes.html" = 2 }\nreason = "a file the walk does not take"\n\n'
        '[[query]]\ncorpus = "absent"\nkind = "entity"\nquery = "x"\n'
        'wanted = { "x.md" = 2 }\nreason = "no such corpus"\n',
        encoding="utf-8",
    )
    results = run(corpora, load(judged_set))
    assert results["missing"] == ["absent"]
    assert results["unindexed"] == ["mini/sea/notes.html"]
    assert results["engines"] == [OURS, "SQLite FTS5", "FTS5, words ORed", PlainWhoosh.name]
    scores = summarise(results)["scores"]
    assert scores["all"][OURS] == {
        "n": 3,
        "p_at_1": 0.333,
        "p_at_1_wanted_first": 0.333,
        "mrr_at_10": 0.333,
    }
    assert scores["title-ish"]["plain Whoosh"]["p_at_1"] == 1.0
    report = table(results)
    assert "| all | 3 | 0.33 / 0.33 |" in report
    assert "mini topic `what eats kelp`: not in the top 10" in report
    assert "Corpora not found, left out: absent" in report
    assert "not post files to any engine" in report and "mini/sea/notes.html" in report
