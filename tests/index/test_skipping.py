"""Words ORed, run by ``skipping.SkippingOr``: the best posts and their scores
are those of scoring every match, while a word in nearly every post is read
only where it can matter."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from blog_reader.index import Archive
from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index._whoosh import query
from blog_reader.index.counting import TopAndMatched
from blog_reader.index.query import analyse, bound, make_parser
from blog_reader.index.skipping import SkippingOr, _LazyAndMaybe
from blog_reader.index.weighting import CachedLengthsBM25F

POSTS = 600
"""Several blocks of postings (128 posts a block), in worker-built segments."""

_FILLER = ["river", "lantern", "harbor", "garden", "meadow", "cloud", "field", "path"]


def _body(n: int) -> str:
    rng = random.Random(n)
    words = [rng.choice(_FILLER) for _ in range(rng.randrange(20, 60))]
    if n % 20:  # "stone" in 95% of posts, once to a few times
        words += ["stone"] * rng.randrange(1, 4)
    if n % 3 == 0:
        words += ["bridge"] * rng.randrange(1, 3)
    if n % 29 == 0:
        words.append("comet")
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


@pytest.fixture
def archive(write, post, open_archive) -> Archive:
    for n in range(POSTS):
        title = (
            f"Post {n} comet" if n % 97 == 0 else f"Post {n} stone" if n % 13 == 0 else f"Post {n}"
        )
        write(f"posts/{n:03d}.md", post(title, _body(n)))
    opened: Archive = open_archive()
    opened.sync()
    for n in (0, 13, 58):  # deleted copies in the first segments
        write(f"posts/{n:03d}.md", post(f"Post {n} changed", "Stone bridge stone comet."))
    opened.sync()
    return opened


QUERIES = ["stone comet", "stone bridge comet", "bridge stone", "stone", "comet stone garden"]


@pytest.mark.parametrize("limit", [1, 5, 20])
@pytest.mark.parametrize("text", QUERIES)
def test_the_best_posts_with_their_exact_scores(
    archive: Archive, tmp_path: Path, text: str, limit: int
) -> None:
    ix = whoosh_index.open_dir(str(tmp_path / "index" / "data" / "whoosh"))
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        q = bound(analyse(make_parser(ix.schema), text).query, searcher.reader())
        assert isinstance(q, SkippingOr)
        q.matcher_type = query.Or.DEFAULT_MATCHER  # a tree, as Whoosh builds beyond 5,000 posts
        plain = _plain(q)
        every = {hit.docnum: hit.score for hit in searcher.search(plain, limit=None)}
        assert len(every) > POSTS / 2

        def best(q: Any) -> list[tuple[float, int]]:
            top = TopAndMatched(limit=limit, usequality=True, replace=1)
            searcher.search_with_collector(q, top)
            return sorted(((score, -negated) for score, negated in top.items), reverse=True)

        found = best(q)
        assert found == best(plain)  # what Whoosh's own skipping finds, to the last bit
        assert len(found) == limit
        for score, doc in found:  # the best posts' whole scores, not underestimates (a
            # union and the AndMaybe it becomes add a post's scores in different orders)
            assert every[doc] == pytest.approx(score, rel=1e-12)
        expected = sorted(every.values(), reverse=True)[:limit]
        assert [score for score, _ in found] == pytest.approx(expected, rel=1e-12)


def test_a_common_word_is_read_lazily(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree the search ends with holds a lazy optional side."""
    ix = whoosh_index.open_dir(str(tmp_path / "index" / "data" / "whoosh"))
    with ix.searcher(weighting=CachedLengthsBM25F()) as searcher:
        q = bound(analyse(make_parser(ix.schema), "stone comet bridge").query, searcher.reader())
        q.matcher_type = query.Or.DEFAULT_MATCHER
        skipped: list[int] = []
        real = _LazyAndMaybe._catch_up

        def catch_up(self: _LazyAndMaybe) -> None:
            skipped.append(0)
            real(self)

        monkeypatch.setattr(_LazyAndMaybe, "_catch_up", catch_up)
        scored: list[int] = []
        real_score = _LazyAndMaybe.score
        monkeypatch.setattr(
            _LazyAndMaybe, "score", lambda self: scored.append(0) or real_score(self)
        )
        top = TopAndMatched(limit=3, usequality=True, replace=1)
        searcher.search_with_collector(q, top)
        assert scored  # the tree became lazy ...
        assert len(skipped) < len(scored)  # ... and some posts were scored without the common word


def _plain(q: Any) -> Any:
    """Whoosh's own ``Or`` of the same words, run as the same tree."""
    plain = query.Or(list(q.subqueries), boost=q.boost, scale=q.scale)
    plain.matcher_type = q.matcher_type
    return plain


def test_a_search_shows_the_same_posts_as_before(archive: Archive) -> None:
    """What a person sees: every match counted, the rare word's posts first."""
    result = archive.search("stone comet", limit=5)
    titled = {n for n in range(POSTS) if n % 13 == 0 or n % 97 == 0}
    holding = {n for n in range(POSTS) if {"stone", "comet"} & set(_body(n).lower()[:-1].split())}
    assert result.exact and result.total == len(holding | titled | {0, 13, 58})
    for hit in result.hits[:3]:
        n = int(hit.id[len("posts/") : -len(".md")])
        assert "comet" in f"{hit.title} {_body(n)}".lower() or n in (0, 13, 58)
