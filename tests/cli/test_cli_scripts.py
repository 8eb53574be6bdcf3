"""The command line in pipes and scripts: whole ids, Markdown out of `show`, paging,
a reader that leaves early, an empty folder, help and typos, `config`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.hostile_support import (
    assert_no_traceback,
    cli_env,
    command,
    run_cli,
    write,
)

LONG_ID = "essays/" + "a-very-long-file-name-about-knees-" * 4 + "end.md"
KNEE_BODY = (
    "# Knees, again\n\n"
    "My **knees** ache after a run, and this paragraph is long enough to be folded "
    "by any terminal rendering, which a pipe must never do to it.\n\n"
    "- one\n- two\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "posts"
    write(
        root,
        "2021-03-04-knees.md",
        "---\ntitle: 'Knees: a diary'\ndate: 2021-03-04\n"
        "url: https://example.org/knees\n---\n" + KNEE_BODY,
    )
    write(root, "2021-05-01-urchin.md", "---\ntitle: Urchin\nnumber: 27\n---\nA sea urchin.\n")
    write(root, "2021-05-02-knee-care.md", "# Knee care\n\nWarm up your knee.\n")
    write(root, LONG_ID, "# Long\n\nThe knee, once more.\n")
    return root


def cli(corpus: Path, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    done = run_cli(*args, corpus=corpus, index_dir=tmp_path / "ix", env=env)
    assert_no_traceback(done.stderr)
    return done


# -- list --------------------------------------------------------------------------


def test_list_prints_every_id_whole_in_a_pipe_and_on_a_terminal(
    corpus: Path, tmp_path: Path
) -> None:
    piped = cli(corpus, tmp_path, "list")
    assert any(line.endswith(f"  {LONG_ID}") for line in piped.stdout.splitlines())
    assert "…" not in piped.stdout
    terminal = cli(corpus, tmp_path, "list", FORCE_COLOR="1", COLUMNS="60", TERM="xterm")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", terminal.stdout)
    assert LONG_ID in plain
    for line in plain.splitlines():
        assert line.endswith(".md")  # every line ends with its whole id


def test_list_has_no_empty_date_or_number_column(tmp_path: Path) -> None:
    root = tmp_path / "undated"
    write(root, "alpha.md", "# Alpha\n\nText.\n")
    write(root, "beta.md", "# Beta\n\nText.\n")
    lines = cli(root, tmp_path, "list").stdout.splitlines()
    assert lines == ["Alpha  alpha.md", "Beta  beta.md"]


# -- show --------------------------------------------------------------------------


def test_show_into_a_pipe_prints_the_markdown_under_a_header(corpus: Path, tmp_path: Path) -> None:
    done = cli(corpus, tmp_path, "show", "2021-03-04-knees.md")
    assert done.returncode == 0
    assert done.stdout == (
        "---\ntitle: 'Knees: a diary'\ndate: 2021-03-04\nurl: https://example.org/knees\n"
        "---\n\n" + KNEE_BODY
    )
    # The output is itself a post that reads back as the same one.
    again = tmp_path / "again"
    write(again, "copy.md", done.stdout)
    (post,) = json.loads(cli(again, tmp_path / "x", "list", "--json").stdout)
    assert (post["title"], post["date"], post["url"]) == (
        "Knees: a diary",
        "2021-03-04",
        "https://example.org/knees",
    )


def test_show_formats_text_and_json(corpus: Path, tmp_path: Path) -> None:
    text = cli(corpus, tmp_path, "show", "2021-03-04-knees.md", "--format", "text").stdout
    assert text.startswith("Knees: a diary\n2021-03-04\nhttps://example.org/knees\n\n")
    assert "My knees ache" in text and "**" not in text and "# " not in text
    shown = json.loads(
        cli(corpus, tmp_path, "show", "2021-03-04-knees.md", "--format", "json").stdout
    )
    assert shown["id"] == "2021-03-04-knees.md" and shown["body"] == KNEE_BODY
    assert shown["title"] == "Knees: a diary" and shown["notes"] == []
    bad = cli(corpus, tmp_path, "show", "2021-03-04-knees.md", "--format", "html")
    assert bad.returncode == 2


def test_show_takes_a_series_number_or_an_unambiguous_id_prefix(
    corpus: Path, tmp_path: Path
) -> None:
    by_number = cli(corpus, tmp_path, "show", "27", "--format", "json")
    assert by_number.returncode == 0 and json.loads(by_number.stdout)["title"] == "Urchin"
    by_prefix = cli(corpus, tmp_path, "show", "essays/", "--format", "json")
    assert json.loads(by_prefix.stdout)["id"] == LONG_ID

    ambiguous = cli(corpus, tmp_path, "show", "2021-05")
    assert ambiguous.returncode == 1 and ambiguous.stdout == ""
    assert "could be 2 posts" in ambiguous.stderr
    assert "2021-05-01-urchin.md" in ambiguous.stderr
    assert "2021-05-02-knee-care.md" in ambiguous.stderr
    missing = cli(corpus, tmp_path, "show", "zzz")
    assert missing.returncode == 1 and "no post 'zzz'" in missing.stderr


# -- a reader that leaves early ----------------------------------------------------


@pytest.mark.parametrize("args", [("list",), ("show", "big.md")])
def test_a_pipe_closed_early_ends_quietly(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = tmp_path / "many"
    # More than a pipe's buffer (64 KiB) of output either way.
    for n in range(700):
        write(root, f"{'folder-' * 12}{n:04}.md", f"# Post {n}\n\nText {n}.\n")
    write(root, "big.md", "# Big\n\n" + "A line of the big post.\n" * 20_000)
    index_dir = tmp_path / "ix"
    assert run_cli("index", corpus=root, index_dir=index_dir).returncode == 0
    process = subprocess.Popen(
        command(*args, corpus=root, index_dir=index_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()  # `| head -1`
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr  # 0, not 1 ("no such post")
    assert stderr == ""


# -- search ------------------------------------------------------------------------


def test_search_says_what_it_showed_and_pages_with_offset(corpus: Path, tmp_path: Path) -> None:
    first = cli(corpus, tmp_path, "search", "knee", "--limit", "2").stdout
    assert first.startswith("3 posts match 'knee'")
    assert first.rstrip().endswith("Hits 1-2 of 3. --offset 2 shows the next ones.")
    rest = cli(corpus, tmp_path, "search", "knee", "--limit", "2", "--offset", "2").stdout
    assert " 3. " in rest and " 1. " not in rest
    assert rest.rstrip().endswith("Hits 3-3 of 3.")
    firsts = {line for line in first.splitlines() if line.startswith("    ")}
    assert not firsts & {line for line in rest.splitlines() if line.startswith("    ")}

    payload = json.loads(cli(corpus, tmp_path, "search", "knee", "--json", "--offset", "1").stdout)
    assert payload["total"] == 3 and payload["offset"] == 1 and len(payload["hits"]) == 2

    everything = cli(corpus, tmp_path, "search", "urchin").stdout
    assert "Hits" not in everything and "--offset" not in everything  # all shown


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_usage_error(corpus: Path, tmp_path: Path, query: str) -> None:
    done = cli(corpus, tmp_path, "search", query)
    assert done.returncode == 2 and "query is empty" in done.stderr


# -- an empty folder ---------------------------------------------------------------


def test_an_empty_folder_says_so_in_one_line(tmp_path: Path) -> None:
    root = tmp_path / "nothing"
    write(root, "notes.doc", "not a post")
    listed = cli(root, tmp_path, "list")
    assert listed.returncode == 0 and listed.stdout == ""
    (line,) = listed.stderr.splitlines()
    assert f"no posts found under {root}" in line and ".md" in line and ".txt" in line
    as_json = cli(root, tmp_path, "list", "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == []
    searched = cli(root, tmp_path, "search", "anything")
    assert searched.returncode == 0 and "no posts found under" in searched.stderr


# -- help, typos -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index", "search", "list", "show", "config"])
def test_each_command_has_a_description_and_an_example(tmp_path: Path, name: str) -> None:
    done = cli(tmp_path, tmp_path, name, "--help")
    assert done.returncode == 0
    usage, description, *_ = done.stdout.split("\n\n")
    assert usage.startswith(f"usage: blog-reader {name}")
    assert description.endswith(".") and "\n" not in description.strip()
    examples = done.stdout.split("examples:\n", 1)[1]
    assert examples.splitlines()[0].startswith(f"  blog-reader {name}")


def test_a_mistyped_command_suggests_the_nearest(tmp_path: Path) -> None:
    done = cli(tmp_path, tmp_path, "serch", "knee")
    assert done.returncode == 2 and "did you mean 'search'?" in done.stderr
    far = cli(tmp_path, tmp_path, "xyzzy")
    assert far.returncode == 2 and "did you mean" not in far.stderr


# -- config ------------------------------------------------------------------------


def config(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "blog_reader.tui", "config", *args],
        capture_output=True,
        text=True,
        env=cli_env(XDG_CONFIG_HOME=str(home)),
        timeout=60,
    )
    assert_no_traceback(done.stderr)
    return done


def test_config_path_and_settings(tmp_path: Path) -> None:
    home = tmp_path / "conf"
    path = home / "blog-reader" / "config.toml"
    where = config("--path", home=home)
    assert where.returncode == 0 and where.stdout == f"{path}\n"
    write(path.parent, "config.toml", 'theme = "nord"\nmeasure = 500\n[keys]\nsearch = "f"\n')
    shown = config(home=home)
    assert shown.returncode == 0
    assert 'theme = "nord"' in shown.stdout and 'search = "f"' in shown.stdout
    assert "measure = 80" in shown.stdout  # the setting in force
    (line,) = shown.stderr.splitlines()
    assert str(path) in line and "measure" in line
    write(path.parent, "config.toml", "theme = \n")
    broken = config(home=home)
    assert broken.returncode == 0 and "measure = 80" in broken.stdout
    (line,) = broken.stderr.splitlines()
    assert str(path) in line and "not valid TOML" in line
