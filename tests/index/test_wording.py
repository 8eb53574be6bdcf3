"""Counts in words: one helper for every "N posts" the app and the commands say."""

from __future__ import annotations

import pytest

from blog_reader.index import counted


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "post", "1 post"),
        (0, "post", "0 posts"),
        (2, "post", "2 posts"),
        (1, "match", "1 match"),
        (4, "match", "4 matches"),
        (3, "NUL byte", "3 NUL bytes"),
        (1, "file", "1 file"),
        (2, "section or listing page", "2 sections or listing pages"),
        (2, "README or other site file", "2 READMEs or other site files"),
        (1, "draft", "1 draft"),
    ],
)
def test_counted_says_one_in_the_singular(count: int, noun: str, said: str) -> None:
    assert counted(count, noun) == said
