"""``blog-reader links``: every link of a post or of the archive, and where it leads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, corpus: Path, index: Path) -> subprocess.CompletedProcess[str]:
    """``python -m blog_reader.tui ARGS --corpus CORPUS --index-dir INDEX``, through pipes."""
    command = [sys.executable, "-m", "blog_reader.tui", *args]
    command += ["--corpus", str(corpus), "--index-dir", str(index)]
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run(
        command, capture_output=True, text=True, env={**env, "PYTHONPATH": str(ROOT)}, timeout=120
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    files = {
        "release/v2.0.0.md": (
            "---\ntitle: v2\n---\n## Notable changes\n\nSee [v1](../release/v1.0.0.md).\n"
        ),
        "release/v1.0.0.md": "---\ntitle: v1\n---\nFirst.\n",
        "news/hello.md": (
            "---\ntitle: Hello\n---\n"
            "Read [the release](/en/blog/release/v2.0.0/#notable-changes), "
            "[the docs](https://docs.example.org/api/) and "
            "[our page](https://www.example.org/blog/release/v1.0.0/).\n"
        ),
        "moved.md": "---\nredirect: /blog/release/v1.0.0/\n---\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_links_json_of_one_post(corpus: Path, tmp_path: Path) -> None:
    done = run("links", "news/hello.md", "--json", corpus=corpus, index=tmp_path / "i")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {
            "from": "news/hello.md",
            "text": "the release",
            "href": "/en/blog/release/v2.0.0/#notable-changes",
            "to": "release/v2.0.0.md",
        },
        {
            "from": "news/hello.md",
            "text": "the docs",
            "href": "https://docs.example.org/api/",
            "to": None,
        },
        {
            "from": "news/hello.md",
            "text": "our page",
            "href": "https://www.example.org/blog/release/v1.0.0/",
            "to": None,  # nothing says example.org is the blog's own address
        },
    ]


def test_links_json_of_the_archive_and_site_option(corpus: Path, tmp_path: Path) -> None:
    done = run(
        "links", "--json", "--site", "https://example.org/", corpus=corpus, index=tmp_path / "i"
    )
    assert done.returncode == 0, done.stderr
    found = {(link["from"], link["href"]): link["to"] for link in json.loads(done.stdout)}
    assert found == {
        ("news/hello.md", "/en/blog/release/v2.0.0/#notable-changes"): "release/v2.0.0.md",
        ("news/hello.md", "https://docs.example.org/api/"): None,
        ("news/hello.md", "https://www.example.org/blog/release/v1.0.0/"): "release/v1.0.0.md",
        ("release/v2.0.0.md", "../release/v1.0.0.md"): "release/v1.0.0.md",
    }


def test_links_as_text_and_unknown_post(corpus: Path, tmp_path: Path) -> None:
    done = run("links", "news/hello.md", corpus=corpus, index=tmp_path / "i")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].endswith("→ release/v2.0.0.md")
    assert lines[1].endswith("→ not in the archive")
    missing = run("links", "nope.md", corpus=corpus, index=tmp_path / "i")
    assert missing.returncode == 1
    assert "no post 'nope.md'" in missing.stderr


def test_a_redirect_stub_is_left_out_and_a_bad_site_is_a_usage_error(
    corpus: Path, tmp_path: Path
) -> None:
    listed = run("list", "--json", corpus=corpus, index=tmp_path / "i")
    assert "moved.md" not in {post["id"] for post in json.loads(listed.stdout)}
    index = run("index", corpus=corpus, index=tmp_path / "i")
    assert "left out as not posts: 1 redirect stub" in index.stdout
    bad = run("links", "--site", "ftp://x", corpus=corpus, index=tmp_path / "i")
    assert bad.returncode == 2
    assert "--site" in bad.stderr and "http(s)" in bad.stderr
