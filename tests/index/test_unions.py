"""Prefix, fuzzy and date expansions run by ``unions.FastUnion`` find what
Whoosh's own array union finds, with the same scores: over several segments and
deleted posts, across the array's parts, with a word's boost, and when only
matching (counting)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from blog_reader.index import Archive, pruning, unions
from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index._whoosh import query
from blog_reader.index.counting import TopAndMatched
from blog_reader.index.query import analyse, bound, make_parser
from blog_reader.index.weighting import CachedLengthsBM25F

_WORDS = ["stone", "stones", "stoner", "storm", "stork", "story", "bridge", "brick", "brine"]
_OTHER = ["river", "lantern", "harbor", "garden", "meadow"]

POSTS = 420
"""Enough posts for the common words' postings to span several blocks (128
posts a block) and for the build to run in worker processes (segments)."""


def _body(n: int) -> str:
    rng = random.Random(n)
    words = [rng.choice(_OTHER) for _ in range(30)]
    for _ in range(rng.randrange(4)):  # some posts hold none of the expanded words
        words.insert(rng.randrange(len(words)), rng.choice(_WORDS))
    return " ".join(words).capitalize() + "."


@pytest.fixture
def archive(write, post, open_archive) -> Archive:
    for n in range(POSTS):
        title = f"Post {n} {_WORDS[n % len(_WORDS)]}" if n % 5 == 0 else f"Post {n}"
        write(f"posts/{n:03d}.md", post(title, _body(n), date=f"20{10 + n % 12}-03-0{1 + n % 9}"))
    opened: Archive = open_archive()
    opened.sync()
    # Changed posts leave deleted copies behind in the first segments, and
    # their new versions make a segment of their own.
    for n in (0, 11, 77, 200):
        write(f"posts/{n:03d}.md", post(f"Post {n} changed", "Stormy bricks.", date="2015-01-01"))
    opened.sync()
    return opened


def _index(tmp_path: Path) -> Any:
    return whoosh_index.open_dir(str(tmp_path / "index" / "data" / "whoosh"))


def _whooshs(q: Any) -> Any:
    """``q`` with each FastUnion as Whoosh's own array-matched ``Or``."""

    def plain(node: Any) -> Any:
        if isinstance(node, unions.FastUnion):
            other = query.Or(list(node.subqueries), boost=node.boost)
            other.matcher_type = query.Or.ARRAY_MATCHER
            return other
        return node

    return q.accept(plain)


QUERIES = [
    ("sto*", False),
    ("bri*", False),
    ("stone bri*", False),
    ("stane~", False),
    ("storn~ river", False),
    ("date:2015", False),
    ("date:[2012 to 2016] sto*", False),
    ("harbor bri", True),  # the word being typed: completions weigh 0.01
    ("-bri* sto*", False),
    ("harbor", False),  # one word, in nearly every post: its two fields as one array
    ("stone", False),
]


@pytest.mark.parametrize("part", [unions.PART_SIZE, 64])
@pytest.mark.parametrize(("text", "typing"), QUERIES)
def test_same_posts_and_scores_as_whoosh_union(
    archive: Archive,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    typing: bool,
    part: int,
) -> None:
    monkeypatch.setattr(unions, "PART_SIZE", part)
    ix = _index(tmp_path)
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        leaves = searcher.leaf_searchers()
        assert len(leaves) > 1 and any(leaf.reader().has_deletions() for leaf, _ in leaves)
        fast = bound(
            analyse(make_parser(ix.schema), text, prefix_last=typing).query, searcher.reader()
        )
        assert any(isinstance(node, unions.FastUnion) for node in _nodes(fast))
        plain = _whooshs(fast)
        assert not any(isinstance(node, unions.FastUnion) for node in _nodes(plain))

        def found(q: Any) -> list[tuple[str, float]]:
            return sorted((hit["id"], hit.score) for hit in searcher.search(q, limit=None))

        expected = found(plain)
        assert expected  # the fixture holds each query's words
        assert found(fast) == expected  # the same floats, not nearly
        # With skipping, the best posts of scoring every match (Whoosh's own
        # skipping misses some: its array union says the most a post can score
        # is its best word's most, not the sum of its words').
        assert _best(searcher, fast, 5) == _best_of_every(searcher, plain, 5)
        assert sorted(searcher.docs_for_query(fast)) == sorted(searcher.docs_for_query(plain))


def _best(searcher: Any, q: Any, limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` (score, post number) of ``q``, found with Whoosh's skipping."""
    top = TopAndMatched(limit=limit, usequality=True, replace=10)
    searcher.search_with_collector(q, top)
    return sorted(((score, -negated) for score, negated in top.items), key=_rank)


def _best_of_every(searcher: Any, q: Any, limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` of scoring every match of ``q`` (the first post among equals)."""
    every = [(hit.score, hit.docnum) for hit in searcher.search(q, limit=None)]
    return sorted(every, key=_rank)[:limit]


def _rank(entry: tuple[float, int]) -> tuple[float, int]:
    return (-entry[0], entry[1])


@pytest.mark.parametrize("limit", [1, 3, 20])
@pytest.mark.parametrize("part", [64, 16])
def test_the_best_posts_when_parts_are_pruned(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int, limit: int
) -> None:
    """Once the collector knows the score a post needs, a part is filled only
    for the posts that can reach it, the commonest words read only in the blocks
    holding one of them: the best posts and their scores are still those of
    scoring every match, to the last bit."""
    monkeypatch.setattr(unions, "PART_SIZE", part)
    pruned: list[int] = []
    looked_up: list[int] = []
    best_in_part, look_up = pruning.best_in_part, pruning._look_up
    monkeypatch.setattr(
        pruning, "best_in_part", lambda *args: pruned.append(0) or best_in_part(*args)
    )
    monkeypatch.setattr(pruning, "_look_up", lambda *args: looked_up.append(0) or look_up(*args))
    ix = _index(tmp_path)
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        for text, typing in QUERIES:
            fast = bound(
                analyse(make_parser(ix.schema), text, prefix_last=typing).query, searcher.reader()
            )
            expected = _best_of_every(searcher, _whooshs(fast), limit)
            assert _best(searcher, fast, limit) == expected, text
    assert pruned and looked_up


def _nodes(q: Any) -> list[Any]:
    return [q] + ([] if q.is_leaf() else [n for child in q.children() for n in _nodes(child)])


def test_the_fast_path_answers_on_every_segment(archive: Archive, tmp_path: Path) -> None:
    """Not Whoosh's per-posting calls behind it: the postings are read as blocks."""
    ix = _index(tmp_path)
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        union = bound(query.Prefix("body", "sto"), searcher.reader())
        assert isinstance(union, unions.FastUnion)
        for leaf, _ in searcher.leaf_searchers():
            matcher = union.matcher(leaf, leaf.context())
            assert isinstance(matcher, unions._FastArrayUnion) and matcher._postings is not None


def test_a_prefix_search_finds_the_posts_of_its_words(archive: Archive) -> None:
    """What a person sees: every post holding a word that begins with the prefix,
    the changed posts by their new words only."""
    result = archive.search("bric*", limit=500)
    changed = {0, 11, 77, 200}  # "Stormy bricks." now
    before = {
        n
        for n in range(POSTS)
        if "brick" in _body(n).lower() or (n % 5 == 0 and _WORDS[n % len(_WORDS)] == "brick")
    }
    holding = {f"posts/{n:03d}.md" for n in (before - changed) | changed}
    assert {hit.id for hit in result.hits} == holding
    assert result.exact and result.total == len(holding)
