"""Facets on the command line: ``search --json``'s counts, and ``tags`` / ``authors``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "posts"
    root.mkdir()
    posts = {
        "a.md": ("[release, security]", "Ann Lee", "2024-03-01", "knee one"),
        "b.md": ("[Release]", "Bo Chen", "2024-05-02", "knee two"),
        "c.md": ('[release, "node js"]', "Ann Lee", "2023-01-09", "knee three"),
        "d.md": ('["node js"]', "Cy \x1b[31mRed", "2022-07-07", "shoulder"),
    }
    for name, (tags, author, date, body) in posts.items():
        (root / name).write_text(
            f'---\ntitle: {name}\ntags: {tags}\nauthor: "{author}"\ndate: {date}\n---\n\n{body}\n',
            encoding="utf-8",
        )
    return root


def test_search_json_counts_every_match(corpus: Path) -> None:
    done = run("search", "knee", "--json", "--limit", "1", corpus=corpus)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert len(payload["hits"]) == 1 and payload["total"] == 3
    assert payload["facets"] == {
        "tag": {"release": 3, "node js": 1, "security": 1},
        "author": {"Ann Lee": 2, "Bo Chen": 1},
        "year": {"2024": 2, "2023": 1},
    }
    # Objects keep the order: the most first.
    assert list(payload["facets"]["tag"]) == ["release", "node js", "security"]


def test_a_facet_filter_narrows(corpus: Path) -> None:
    done = run("search", 'knee tag:"node js"', "--json", corpus=corpus)
    payload = json.loads(done.stdout)
    assert [hit["id"] for hit in payload["hits"]] == ["c.md"]
    assert payload["facets"]["year"] == {"2023": 1}


def test_search_prints_a_line_per_facet(corpus: Path) -> None:
    done = run("search", "knee", corpus=corpus)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == "tags:    release 3 · node js 1 · security 1"
    assert lines[2] == "authors: Ann Lee 2 · Bo Chen 1"
    assert lines[3] == "years:   2024 2 · 2023 1"


def test_tags_and_authors(corpus: Path) -> None:
    tags = run("tags", corpus=corpus)
    assert tags.returncode == 0, tags.stderr
    assert tags.stdout.splitlines() == ["3  release", "2  node js", "1  security"]
    authors = run("authors", "--json", corpus=corpus)
    assert authors.returncode == 0, authors.stderr
    assert json.loads(authors.stdout) == [
        {"name": "Ann Lee", "count": 2},
        {"name": "Bo Chen", "count": 1},
        {"name": "Cy Red", "count": 1},
    ]
    plain = run("authors", corpus=corpus)
    assert "\x1b" not in plain.stdout


def test_tags_json_and_none(corpus: Path, tmp_path: Path) -> None:
    done = run("tags", "--json", corpus=corpus)
    assert json.loads(done.stdout)[0] == {"name": "release", "count": 3}
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "x.md").write_text("# x\n\nno tags\n", encoding="utf-8")
    none = run("tags", "--json", corpus=bare)
    assert none.returncode == 0 and json.loads(none.stdout) == []
    assert "no post has a tag" in none.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("authors", corpus=empty)
    assert nothing.returncode == 0 and nothing.stdout == ""
    assert "no posts found" in nothing.stderr


def test_errors_as_other_commands(tmp_path: Path) -> None:
    missing = run("tags", corpus=tmp_path / "nowhere")
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    wrong = run("tgas", corpus=tmp_path)
    assert wrong.returncode == 2 and "did you mean 'tags'" in wrong.stderr
