"""The command line as a script uses it: real processes, real pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from blog_reader.index import Kind

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, env: dict[str, str] | None = None, corpus: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m blog_reader.tui ARGS`` with output to pipes."""
    command = [sys.executable, "-m", "blog_reader.tui", *args]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    full_env = {**base, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        command, capture_output=True, text=True, env=full_env, timeout=120, cwd=ROOT
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "posts"
    root.mkdir()
    (root / "2021-03-04-knees.md").write_text(
        "# Knees\n\nMy knees [bold red]ache[/] \x1b[31mred\x1b[0m.\n", encoding="utf-8"
    )
    (root / "urchin.md").write_text(
        "---\ntitle: Urchin\ntags: beach, sea\n---\nA sea urchin.\n", encoding="utf-8"
    )
    (root / "empty.md").write_text("", encoding="utf-8")
    return root


def test_index_reports_counts_skips_and_time(corpus: Path) -> None:
    done = run("index", corpus=corpus)
    assert done.returncode == 0, done.stderr
    assert "2 added, 0 updated, 0 removed, 1 skipped" in done.stdout
    assert "skipped empty.md: empty file" in done.stdout
    assert " s\n" in done.stdout  # the time taken

    again = run("index", corpus=corpus)
    assert "0 added, 0 updated, 0 removed, 1 skipped" in again.stdout


def test_index_says_built_on_a_first_run(corpus: Path) -> None:
    """A first build is not a rebuild: "Rebuilt" there read as if something had
    been wrong with an index that never existed."""
    first = run("index", corpus=corpus)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Built the index of "), first.stdout
    again = run("index", corpus=corpus)
    assert again.stdout.startswith("Updated the index of "), again.stdout
    rebuilt = run("index", "--rebuild", corpus=corpus)
    assert rebuilt.stdout.startswith("Rebuilt the index of "), rebuilt.stdout


def test_search_json_shape(corpus: Path) -> None:
    done = run("search", "knee", "--json", corpus=corpus)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == {
        "query",
        "corrected_from",
        "total",
        "total_exact",
        "offset",
        "correction",
        "sort",
        "hits",
        "facets",
    }
    assert payload["facets"] == {"tag": {}, "author": {}, "year": {"2021": 1}}
    assert payload["query"] == "knee" and payload["total"] == 1 and payload["total_exact"]
    (hit,) = payload["hits"]
    assert set(hit) == {"id", "title", "path", "url", "date", "authors", "score", "snippet"}
    assert hit["id"] == "2021-03-04-knees.md"
    assert hit["title"] == "Knees"
    assert hit["date"] == "2021-03-04"
    assert Path(hit["path"]) == corpus / "2021-03-04-knees.md"
    assert "knees" in hit["snippet"]


def test_search_searches_the_correction(corpus: Path) -> None:
    payload = json.loads(run("search", "urchn", "--json", corpus=corpus).stdout)
    assert payload["total"] == 1 and payload["correction"] == "urchin"
    assert payload["corrected_from"] == "urchn" and payload["query"] == "urchin"
    plain = run("search", "urchn", corpus=corpus)
    assert "Showing results for urchin — no post has urchn" in plain.stdout


def test_list_json_in_archive_order(corpus: Path) -> None:
    done = run("list", "--json", corpus=corpus)
    posts = json.loads(done.stdout)
    assert [p["id"] for p in posts] == ["2021-03-04-knees.md", "urchin.md"]
    assert {"id", "title", "path", "number", "date", "kind"} <= set(posts[0])
    assert posts[1]["kind"] == "full"


def test_authors_non_posts_and_drafts_from_the_shell(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "_index.md").write_text("+++\ntitle = 'Posts'\n+++\n", encoding="utf-8")
    (site / "posts" / "wip.md").write_text("---\ntitle: Soon\ndraft: true\n---\nX.\n")
    (site / "posts" / "go.md").write_text(
        '---\ntitle: Go\nauthor: Rob Pike\n---\n{{< figure src="g.png" alt="Gopher" >}}\n\n'
        "<p>Hello <em>there</em>.</p>\n",
        encoding="utf-8",
    )
    index_dir = ["--index-dir", str(tmp_path / "index")]
    done = run("index", *index_dir, corpus=site)
    assert "left out as not posts: 1 draft, 1 section or listing page" in done.stdout
    posts = json.loads(run("list", "--json", *index_dir, corpus=site).stdout)
    assert [(p["id"], p["authors"]) for p in posts] == [("posts/go.md", ["Rob Pike"])]
    hits = json.loads(run("search", "author:pike", "--json", *index_dir, corpus=site).stdout)
    assert [hit["id"] for hit in hits["hits"]] == ["posts/go.md"]
    shown = run("show", "posts/go.md", *index_dir, corpus=site).stdout  # Markdown, in a pipe
    assert "Hello *there*." in shown and "![Gopher](g.png)" in shown
    assert "{{" not in shown and "<p>" not in shown and "<em>" not in shown
    as_text = run("show", "posts/go.md", "--format", "text", *index_dir, corpus=site).stdout
    assert "Hello there." in as_text
    drafts = run("list", "--json", "--drafts", *index_dir, corpus=site)
    assert sorted(p["title"] for p in json.loads(drafts.stdout)) == ["Go", "Soon"]


def test_show_prints_the_post_and_unknown_ids_fail(corpus: Path) -> None:
    shown = run("show", "urchin.md", corpus=corpus)
    assert shown.returncode == 0
    assert "Urchin" in shown.stdout and "A sea urchin." in shown.stdout
    missing = run("show", "nope.md", corpus=corpus)
    assert missing.returncode == 1
    assert "no post 'nope.md'" in missing.stderr


def test_bad_corpus_and_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert run("list", corpus=tmp_path / "missing").returncode == 2
    assert run("search").returncode == 2  # no query
    assert run("search", "x", "--limit", "0").returncode == 2


def test_pipe_output_has_no_control_bytes_and_no_markup_styling(corpus: Path) -> None:
    for args, shown in (
        (("search", "knees"), "2021-03-04-knees.md"),
        (("list",), "Urchin"),
        (("show", "2021-03-04-knees.md"), "My knees"),
        (("index",), "0 added"),
    ):
        out = run(*args, corpus=corpus).stdout
        assert shown in out, args
        assert "\x1b" not in out, args
        assert not any(ord(c) < 32 and c not in "\n\t" for c in out), args
    shown = run("show", "2021-03-04-knees.md", corpus=corpus).stdout
    assert "[bold red]ache[/]" in shown  # shown as the text it is


def test_no_color_is_honoured_on_a_terminal(corpus: Path) -> None:
    colour = run("list", corpus=corpus, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    assert "\x1b[" in colour  # forced colour does colour...
    plain = run(
        "list", corpus=corpus, env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
    ).stdout
    assert "\x1b[3" not in plain and "\x1b[9" not in plain  # ...and NO_COLOR takes it away
    assert "Urchin" in plain


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("blog-reader ")
    helped = run("--help")
    assert helped.returncode == 0
    for word in ("index", "search", "list", "show", "--corpus", "--index-dir", "--rebuild"):
        assert word in helped.stdout


def test_bundled_archive_from_the_shell() -> None:
    done = run("search", "paresthesia", "--json")
    assert json.loads(done.stdout)["hits"][0]["title"].startswith("Exosomes 27:")


def test_a_partial_post_is_named_as_in_the_app(corpus: Path) -> None:
    from blog_reader.tui.kinds import KIND_WORDING

    (corpus / "brief.md").write_text(
        "---\ntitle: Brief\nkind: summary\n---\nOnly a summary.\n", encoding="utf-8"
    )
    words = KIND_WORDING[Kind.SUMMARY]
    listed = [line for line in run("list", corpus=corpus).stdout.splitlines() if "Brief" in line]
    assert len(listed) == 1 and words.label in listed[0]
    # Into a pipe `show` prints Markdown (kind in its header); as text it says it in words.
    assert words.notice in run("show", "brief.md", "--format", "text", corpus=corpus).stdout
