"""``blog-reader search`` as a person queries: filters narrow, exclusions, date order,
corrections that are searched, versions and tokens with digits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import run

POSTS = {
    "2024-06-02-rust.md": (
        "Announcing Rust 1.70.0",
        "2024-06-02",
        "[announcements]",
        "The Rust 1.70.0 release is out, with sparse registries.",
    ),
    "2024-01-10-logging.md": (
        "Structured logging in practice",
        "2024-01-10",
        "[announcements]",
        "Structured logging writes one JSON object per line.",
    ),
    "2023-05-05-old.md": (
        "An older announcement",
        "2023-05-05",
        "[announcements]",
        "An old release, long ago.",
    ),
    "2024-03-03-openssl.md": (
        "OpenSSL 3.0.7 update assessment",
        "2024-03-03",
        "[security]",
        "A security release of OpenSSL: what the update changes.",
    ),
    "2022-09-01-openssl-eol.md": (
        "OpenSSL end of life",
        "2022-09-01",
        "[security]",
        "OpenSSL OpenSSL OpenSSL: the old OpenSSL line retires, so OpenSSL users move on.",
    ),
    "notes.md": (
        "Notes on toolchains",
        None,
        "[notes]",
        "Go go1.22 with sqlite3 and its fts5 tables, wasm32 targets, http2 servers.",
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "posts"
    root.mkdir()
    for name, (title, date, tags, body) in POSTS.items():
        dated = f"date: {date}\n" if date else ""
        (root / name).write_text(
            f'---\ntitle: "{title}"\n{dated}tags: {tags}\n---\n\n{body}\n', encoding="utf-8"
        )
    return root


def search(corpus: Path, *args: str) -> dict[str, Any]:
    done = run("search", *args, "--json", corpus=corpus)
    assert done.returncode == 0, done.stderr
    payload: dict[str, Any] = json.loads(done.stdout)
    return payload


def ids(payload: dict[str, Any]) -> list[str]:
    return [Path(hit["id"]).name for hit in payload["hits"]]


def test_filters_narrow_each_other_and_list_newest_first(corpus: Path) -> None:
    payload = search(corpus, "tag:announcements date:2024")
    assert payload["total"] == 2
    assert payload["total_exact"] is True
    assert ids(payload) == ["2024-06-02-rust.md", "2024-01-10-logging.md"]
    shown = run("search", "tag:announcements date:2024", corpus=corpus).stdout
    assert shown.startswith("2 posts match 'tag:announcements date:2024'")


def test_words_rank_within_the_filters(corpus: Path) -> None:
    payload = search(corpus, "release tag:announcements")
    assert payload["total"] == 2
    assert set(ids(payload)) == {"2024-06-02-rust.md", "2023-05-05-old.md"}


@pytest.mark.parametrize("query", ["release -security", "release NOT security"])
def test_minus_and_not_exclude(corpus: Path, query: str) -> None:
    payload = search(corpus, query)
    assert set(ids(payload)) == {"2024-06-02-rust.md", "2023-05-05-old.md"}
    assert payload["total"] == 2


def test_sort_by_date_lists_newest_first(corpus: Path) -> None:
    by_date = search(corpus, "release", "--sort", "date")
    assert ids(by_date) == ["2024-06-02-rust.md", "2024-03-03-openssl.md", "2023-05-05-old.md"]
    shown = run("search", "release", "--sort", "date", corpus=corpus).stdout
    assert shown.startswith("3 posts match 'release', newest first")
    bad = run("search", "release", "--sort", "size", corpus=corpus)
    assert bad.returncode == 2 and "invalid choice: 'size'" in bad.stderr


def test_a_query_that_finds_nothing_is_corrected_and_searched(corpus: Path) -> None:
    payload = search(corpus, "structred loging")
    assert payload["query"] == "structured logging"
    assert payload["corrected_from"] == "structred loging"
    assert ids(payload) == ["2024-01-10-logging.md"]
    shown = run("search", "structred loging", corpus=corpus).stdout
    assert "Showing results for structured logging — no post has structred loging" in shown
    assert "Structured logging in practice" in shown


def test_quoted_words_are_searched_as_typed(corpus: Path) -> None:
    payload = search(corpus, '"structred" "loging"')
    assert payload["corrected_from"] is None
    assert payload["query"] == '"structred" "loging"'
    assert payload["total"] == 0


def test_one_misspelt_word_among_right_ones_is_corrected(corpus: Path) -> None:
    payload = search(corpus, "openssl updte")
    assert payload["query"] == "openssl update"
    assert ids(payload)[0] == "2024-03-03-openssl.md"


@pytest.mark.parametrize("word", ["fts5", "sqlite3", "wasm32", "http2", "go1.22"])
def test_words_with_digits_the_archive_has_are_never_corrected(corpus: Path, word: str) -> None:
    payload = search(corpus, word)
    assert payload["correction"] is None and payload["corrected_from"] is None
    assert ids(payload) == ["notes.md"]


def test_a_version_stays_whole_beside_a_corrected_word(corpus: Path) -> None:
    payload = search(corpus, "go1.22 toolchans")
    assert payload["query"] == "go1.22 toolchains"
    assert payload["corrected_from"] == "go1.22 toolchans"


def test_a_version_finds_its_longer_forms(corpus: Path) -> None:
    assert ids(search(corpus, "1.70")) == ["2024-06-02-rust.md"]
    assert ids(search(corpus, "rust 1.70"))[0] == "2024-06-02-rust.md"
    assert ids(search(corpus, "openssl 3"))[0] == "2024-03-03-openssl.md"


def test_a_v_before_a_release_number_is_not_part_of_it(tmp_path: Path) -> None:
    """A search for "node 20" finds "Node.js v20"; "V8" (an engine) is not version 8."""
    root = tmp_path / "releases"
    root.mkdir()
    for name, title, body in [
        ("migrate.md", "Node.js v20 to v22", "Codemods that move your code from v20 to v22."),
        ("engine.md", "V8 update", "The V8 engine moves on."),
        ("release.md", "Node v10.5.0 (Current)", "Worker threads arrive."),
    ]:
        (root / name).write_text(f'---\ntitle: "{title}"\n---\n\n{body}\n', encoding="utf-8")
    assert ids(search(root, "node 20"))[0] == "migrate.md"
    assert ids(search(root, "22")) == ["migrate.md"]
    assert ids(search(root, "10.5")) == ["release.md"]
    assert ids(search(root, "v22")) == ["migrate.md"]
    assert "engine.md" not in ids(search(root, "8"))
    assert ids(search(root, "v8")) == ["engine.md"]
