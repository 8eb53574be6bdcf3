"""``blog-reader related``: the posts most like one, for people and for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "posts"
    posts = {
        "2021-03-04-knees.md": "# Sore knees\n\nThe meniscus tears; knees swell after a run.\n",
        "2022-05-01-meniscus.md": "# A torn meniscus\n\nMy meniscus healed; my knees swell less.\n",
        "bread.md": "# Baking bread\n\nFeed the sourdough starter with rye flour.\n",
        "rye.md": "# Rye loaves\n\nRye flour and a sourdough starter make a dense loaf.\n",
        "boat.md": "# At sea\n\nWe reefed the mainsail before the squall.\n",
    }
    for name, text in posts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_related_lists_the_like_posts_with_their_ids(corpus: Path) -> None:
    done = run("related", "2021-03-04-knees.md", corpus=corpus)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "1 post like 'Sore knees'"
    assert " 1. A torn meniscus  2022-05-01" in lines
    assert "    2022-05-01-meniscus.md" in lines
    assert "knees.md" not in done.stdout.replace("2021-03-04-knees.md", "")  # never itself


def test_related_json_is_a_list_of_hits_as_search_gives_them(corpus: Path) -> None:
    done = run("related", "bread.md", "--json", corpus=corpus)
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert [hit["id"] for hit in hits] == ["rye.md"]
    searched = json.loads(run("search", "rye", "--json", corpus=corpus).stdout)["hits"][0]
    assert set(hits[0]) == set(searched)
    assert hits[0]["title"] == "Rye loaves" and hits[0]["score"] > 0
    assert "sourdough" in hits[0]["snippet"]


def test_related_takes_an_id_prefix_and_a_limit(corpus: Path) -> None:
    for n in range(4):
        (corpus / f"sail{n}.md").write_text(
            f"# Sailing {n}\n\nThe mainsail and the squall.\n", encoding="utf-8"
        )
    done = run("related", "boat", "--json", "--limit", "2", corpus=corpus)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2
    every = json.loads(run("related", "boat", "--json", corpus=corpus).stdout)
    assert sorted(hit["id"] for hit in every) == [f"sail{n}.md" for n in range(4)]


def test_a_post_like_no_other_says_so(corpus: Path) -> None:
    (corpus / "alone.md").write_text("# Alone\n\nZebras.\n", encoding="utf-8")
    done = run("related", "alone.md", corpus=corpus)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "No post shares enough words with 'Alone'."
    assert run("related", "alone.md", "--json", corpus=corpus).stdout.strip() == "[]"


def test_an_unknown_or_ambiguous_id_fails_saying_how_to_find_ids(corpus: Path) -> None:
    missing = run("related", "nope.md", corpus=corpus)
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert missing.stderr.strip() == "blog-reader: no post 'nope.md' (see `blog-reader list`)"
    ambiguous = run("related", "b", corpus=corpus)
    assert ambiguous.returncode == 1
    assert "'b' could be 2 posts" in ambiguous.stderr
    assert run("related", "boat.md", "--limit", "0", corpus=corpus).returncode == 2
