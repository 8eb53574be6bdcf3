"""Posts built to be expensive: tens of megabytes, a line of millions of characters,
thousands of headings, nesting thousands deep. Indexing them (in a real process,
beside a good post) and showing them stay within bounded time and memory; what is
cut is said in the post's notes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hostile_support import assert_no_traceback, cli_env, command, good_post, run_cli, write

# Generous bounds (a slow, busy machine passes them) that the unbounded code broke:
# 2 MB of one-line list items alone took 20 s and 1 GB to index, 50 s and 1.7 GB to show.
INDEX_SECONDS = 90
SHOW_SECONDS = 20
PEAK_MB = 600

BIG_POSTS = {
    "huge.md": "# Huge\n\n"
    + ("Lorem ipsum dolor sit amet, plenty of words. " * 20 + "\n\n") * 33_000,
    "one-line.md": "One line: " + "abcdefghij " * 400_000 + "x" * 3_000_000 + "\n",
    "headings.md": "".join(f"# Heading {n}\n\nText {n}.\n\n" for n in range(20_000)),
    "list-items.md": "- item\n" * 300_000,
    "quotes-deep.md": "> " * 5_000 + "deepquote\n",
    "list-deep.md": "".join("  " * n + "- level\n" for n in range(1_000)) + "\nlistend\n",
    "brackets-deep.md": "[" * 100_000 + "brackets" + "]" * 100_000 + "\n",
    "quote-lines.md": ("> " * 19 + "quoted\n") * 50_000,
    "html-deep.md": "<div>" * 50_000 + "htmlnest\n",
    "images.md": "![" * 1_000_000,
    "table.md": "|"
    + "a|" * 3_000
    + "\n|"
    + "-|" * 3_000
    + "\n"
    + ("|" + "b|" * 3_000 + "\n") * 300,
}

# What the end of each post shown looks like (the last 4,000 characters are kept).
SHOWN_LAST = {
    "huge.md": "plenty of words.",
    "one-line.md": "abcdefghij",
    "headings.md": "Text 19999.",
    "list-items.md": "- item",
    "quotes-deep.md": "deepquote",
    "list-deep.md": "listend",
    "brackets-deep.md": "]]]]]]]]",
    "quote-lines.md": "quoted",
    "html-deep.md": "htmlnest",
    "images.md": "![![![![",
    "table.md": "|b|b|b|b|",
}


def _measured(
    args: list[str], timeout: float
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run ``args``; return the result, wall seconds and the child's peak memory in MB."""
    wrapper = textwrap.dedent(
        """
        import json, resource, subprocess, sys, time
        start = time.perf_counter()
        done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps([done.returncode, done.stdout[-4000:], done.stderr[-4000:],
                          time.perf_counter() - start, peak]))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=timeout,
    )
    code, stdout, stderr, seconds, peak = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, code, stdout, stderr), seconds, peak


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("big")
    corpus = root / "corpus"
    write(corpus, "good.md", good_post(1))
    for name, text in BIG_POSTS.items():
        write(corpus, name, text)
    return corpus, root / "index"


@pytest.fixture(scope="module")
def indexed(big: tuple[Path, Path]) -> tuple[Path, Path, float, float]:
    corpus, index_dir = big
    done, seconds, peak = _measured(
        command("index", corpus=corpus, index_dir=index_dir), timeout=INDEX_SECONDS * 3
    )
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    assert f"{len(BIG_POSTS) + 1} added" in done.stdout, done.stdout
    return corpus, index_dir, seconds, peak


def test_indexing_expensive_posts_is_bounded(indexed: tuple[Path, Path, float, float]) -> None:
    _, _, seconds, peak = indexed
    assert seconds < INDEX_SECONDS, f"{seconds:.1f} s"
    assert peak < PEAK_MB, f"{peak:.0f} MB"


def test_the_good_post_and_the_words_of_the_odd_ones_are_found(
    indexed: tuple[Path, Path, float, float],
) -> None:
    corpus, index_dir, _, _ = indexed
    for word, post_id in [
        ("plant1x", "good.md"),
        ("deepquote", "quotes-deep.md"),
        ("listend", "list-deep.md"),
        ("brackets", "brackets-deep.md"),
        ("htmlnest", "html-deep.md"),
        ("abcdefghij", "one-line.md"),
        ("heading", "headings.md"),
    ]:
        found = run_cli("search", word, "--json", corpus=corpus, index_dir=index_dir)
        assert found.returncode == 0, found.stderr
        assert post_id in [hit["id"] for hit in json.loads(found.stdout)["hits"]], word


def test_what_was_cut_is_said_in_the_notes(indexed: tuple[Path, Path, float, float]) -> None:
    from blog_reader.index import Archive

    corpus, index_dir, _, _ = indexed
    with Archive.open(corpus, index_dir) as archive:
        for post_id in ("huge.md", "one-line.md"):
            post = archive.get(post_id)
            assert any("body cut at" in note for note in post.notes), post.notes
        assert archive.get("good.md").notes == ()
    shown = run_cli("show", "huge.md", corpus=corpus, index_dir=index_dir)
    assert "note: body cut at" in shown.stderr  # into a pipe: stdout is the Markdown alone


@pytest.mark.parametrize("post_id", sorted(BIG_POSTS))
def test_show_is_bounded_and_shows_the_words(
    indexed: tuple[Path, Path, float, float], post_id: str
) -> None:
    corpus, index_dir, _, _ = indexed
    started = time.perf_counter()
    done, seconds, peak = _measured(
        command("show", post_id, corpus=corpus, index_dir=index_dir), timeout=SHOW_SECONDS * 3
    )
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    assert seconds < SHOW_SECONDS, f"{seconds:.1f} s"
    assert peak < PEAK_MB, f"{peak:.0f} MB"
    assert time.perf_counter() - started < SHOW_SECONDS * 2
    # Even when too big or too deep to format, the post is shown, as text, to its end.
    assert SHOWN_LAST[post_id] in done.stdout[-4000:]
