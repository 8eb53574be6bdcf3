"""The word being typed also finds the words it begins, within a budget of postings,
and never comes up empty when it begins a word of the archive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from blog_reader.index import Archive, query

Writer = Callable[[str, str], Path]


@pytest.fixture
def typed(
    write: Writer,
    post: Callable[..., str],
    open_archive: Callable[[], Archive],
    monkeypatch: pytest.MonkeyPatch,
) -> Archive:
    monkeypatch.setattr(query, "COMPLETION_POSTINGS", 3)
    for n in range(5):
        write(f"common-{n}.md", post(f"Note {n}", "The febrox came back again."))
    write("rare.md", post("Rare", "A febu, once."))
    archive = open_archive()
    archive.sync()
    return archive


def ids(archive: Archive, text: str) -> set[str]:
    result = archive.search(text, limit=20, prefix_last=True)
    assert result.total == len(result.hits)
    return {hit.info.id for hit in result.hits}


def test_completions_within_the_budget_are_kept_and_a_bigger_one_left_out(
    typed: Archive,
) -> None:
    assert ids(typed, "feb") == {"rare.md"}  # febu's post fits; febrox's five do not


def test_a_word_that_begins_only_a_common_word_finds_its_posts(typed: Archive) -> None:
    # "febr" begins one word, in more posts than the budget: found all the same,
    # not "No post matches" until the word is typed whole.
    assert ids(typed, "febr") == {f"common-{n}.md" for n in range(5)}
    assert ids(typed, "febrox") == {f"common-{n}.md" for n in range(5)}
