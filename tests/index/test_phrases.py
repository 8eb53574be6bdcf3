"""Quoted phrases run by ``phrases.FastPhrase`` find what Whoosh's own phrase
query finds, with the same scores: across stop words and stems, three words,
within filters and exclusions, over several segments and deleted posts."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from blog_reader.index import Archive
from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index._whoosh import matching, query
from blog_reader.index.phrases import FastPhrase
from blog_reader.index.query import analyse, bound, make_parser
from blog_reader.index.weighting import CachedLengthsBM25F

_COMMON = ["river", "stone", "bridge", "lantern", "harbor", "garden"]
_RARE = ["comet", "meadow", "quartz"]

POSTS = 420
"""Enough posts for the common words' postings to span several blocks (128
posts a block) and for the build to run in worker processes (segments)."""


def _body(n: int) -> str:
    rng = random.Random(n)
    words = [rng.choice(_COMMON) for _ in range(40)]
    if n % 60 == 0:  # a rare word in a few posts, next to a common one
        words[7:9] = [_RARE[n // 60 % 3], "bridge"]
    if n % 7 == 0:  # stop words and other forms between and around the words
        words[20:20] = ["running", "of", "the", "bridges"]
    if n % 11 == 0:  # three words in a row
        words[30:30] = ["sea", "urchin", "spines"]
    if n % 13 == 0:  # the same three words, never in a row
        words[0:0] = ["urchin", "spines"]
        words += ["sea", "urchin"]
    return " ".join(words).capitalize() + "."


@pytest.fixture
def archive(write, post, open_archive, tmp_path: Path) -> Archive:
    for n in range(POSTS):
        tags = "[odd]" if n % 2 else "[even]"
        write(f"posts/{n:03d}.md", post(f"Post {n} stone river", _body(n), tags=tags))
    opened: Archive = open_archive()
    opened.sync()
    # Changed posts leave deleted copies behind in the first segments, and
    # their new versions make a segment of their own.
    for n in (0, 11, 77):
        write(f"posts/{n:03d}.md", post(f"Post {n} changed", "Running of the bridges.", tags="[x]"))
    opened.sync()
    return opened


def _index(tmp_path: Path) -> Any:
    return whoosh_index.open_dir(str(tmp_path / "index" / "data" / "whoosh"))


PHRASES = [
    '"river stone"',
    '"stone river"',
    '"bridge bridge"',
    '"running bridges"',  # across "of the"
    '"run bridge"',  # the same words by their stems
    '"running of the bridges"',
    '"sea urchin spines"',
    '"urchin spines"',
    '"comet bridge"',  # a rare word: the common one is skipped to its posts
    '"quartz bridge"',
    '"meadow bridge" river',
    'tag:odd "harbor garden"',
    '"lantern harbor" -"garden river"',
    'stone -"river stone"',
    'title:"stone river"',
    '"river stone"^2 garden',
    '"river nowhere"',
]


@pytest.mark.parametrize("text", PHRASES)
def test_same_posts_and_scores_as_whoosh_phrase(
    archive: Archive, tmp_path: Path, text: str
) -> None:
    ix = _index(tmp_path)
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        plain = analyse(make_parser(ix.schema), text).query
        fast = bound(plain, searcher.reader())
        assert any(isinstance(node, FastPhrase) for node in fast.leaves())
        assert not any(type(node) is query.Phrase for node in fast.leaves())

        def found(q: Any) -> list[tuple[str, float]]:
            hits = searcher.search(q, limit=None)
            return sorted((hit["id"], round(hit.score, 9)) for hit in hits)

        expected = found(plain)
        assert found(fast) == expected
        assert sorted(searcher.docs_for_query(fast)) == sorted(searcher.docs_for_query(plain))
    if "nowhere" not in text:
        assert expected  # the fixture holds each phrase


def test_the_fast_path_answers_on_every_segment(archive: Archive, tmp_path: Path) -> None:
    """Not Whoosh's span query behind it: the phrase's posts come as a list."""
    ix = _index(tmp_path)
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        leaves = searcher.leaf_searchers()
        assert len(leaves) > 1
        phrase = bound(query.Phrase("body", ["run", "bridg"]), searcher.reader())
        for leaf, _ in leaves:
            assert isinstance(phrase.matcher(leaf, leaf.context()), matching.ListMatcher)
        assert any(leaf.reader().has_deletions() for leaf, _ in leaves)


CHANGED = {0, 11, 77}


def _ids(numbers: set[int]) -> set[str]:
    return {f"posts/{n:03d}.md" for n in numbers}


def test_a_phrase_finds_the_words_in_a_row_only(archive: Archive) -> None:
    result = archive.search('"sea urchin spines"', limit=100)
    in_a_row = set(range(0, POSTS, 11)) - CHANGED
    assert {hit.id for hit in result.hits} == _ids(in_a_row)
    assert result.exact and result.total == len(in_a_row)
    # The posts holding the words apart match the words, not the phrase.
    apart = set(range(13, POSTS, 13)) - in_a_row
    assert _ids(apart) <= {hit.id for hit in archive.search("sea urchin spines", limit=200).hits}


def test_a_changed_post_is_found_by_its_new_words_only(archive: Archive) -> None:
    result = archive.search('"running bridges"', limit=200)
    assert {hit.id for hit in result.hits} == _ids(set(range(0, POSTS, 7)) | CHANGED)
    assert result.exact and result.total == len(result.hits)
