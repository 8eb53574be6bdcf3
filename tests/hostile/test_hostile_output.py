"""Titles, bodies and file names that try to drive the terminal or the app's markup
reach the command line's output as inert text: no escape or control bytes, no bidi
overrides, markup and HTML shown as the characters they are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hostile_support import UNSAFE, assert_no_traceback, good_post, run_cli, write

ESC_TITLE = (
    "\x1b[31mRed\x1b[0m \x1b]0;pwned\x07Title \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
)
MARKUP = "[@click=app.quit]quit[/] [link=file:///etc/passwd]creds[/link] [bold red]loud[/]"
BODY = (
    "Body with a bell\x07 and \x9b31m a C1 CSI, \u202eevil\u202c bidi, "
    "\x1b[2J a clear screen, \x1b]52;c;c2VjcmV0\x07 a clipboard write.\n\n"
    f"{MARKUP}\n\n"
    "<script>alert('x')</script> <img src=x onerror=alert(1)> tapir\n"
)
# File names a hostile archive could carry (all legal on Linux).
NAMES = {
    "osc": "osc\x1b]0;pwned\x07.md",
    "csi": "\x1b[31mred.md",
    "bidi": "\u202egnp.md",
    "newline": "two\nlines.md",
    "c1": "c1\x9bname.md",
    "markup": "[@click=app.quit]x[/].md",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile-output")
    corpus, index_dir = root / "corpus", root / "index"
    write(corpus, "good.md", good_post(1))
    write(corpus, "title.md", f"---\ntitle: {json.dumps(ESC_TITLE + ' ' + MARKUP)}\n---\n{BODY}")
    write(corpus, "plain.md", BODY)
    for key, name in NAMES.items():
        write(corpus, name, f"Named {key} post: tapir.\n")
    write(corpus, "binary\x1b]0;pwned\x07.md", b"\x00\x01\x02binary")
    return corpus, index_dir


def _safe(text: str) -> None:
    found = UNSAFE.findall(text)
    assert not found, f"unsafe characters {found!r} in output:\n{text!r}"


def test_index_lists_hostile_names_without_control_bytes(hostile: tuple[Path, Path]) -> None:
    corpus, index_dir = hostile
    done = run_cli("index", corpus=corpus, index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    assert "9 added" in done.stdout and "1 skipped" in done.stdout
    _safe(done.stdout + done.stderr)
    # The skipped file is named, with its escape shown as text.
    assert "skipped binary\\x1b]0;pwned\\x07.md: binary file" in done.stdout


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("list",), "Good post 1"),
        (("list", "--json"), '"good.md"'),
        (("search", "tapir"), "plain.md"),
        (("search", "tapir", "--json"), '"plain.md"'),
        (("search", "named"), "Named"),
        (("show", "title.md"), "Body with a bell"),
        (("show", "plain.md"), "Body with a bell"),
    ],
)
def test_commands_print_no_control_bytes(
    hostile: tuple[Path, Path], args: tuple[str, ...], shown: str
) -> None:
    corpus, index_dir = hostile
    done = run_cli(*args, corpus=corpus, index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    assert shown in done.stdout  # the answer itself, not only its absence of bytes
    _safe(done.stdout + done.stderr)


def test_json_keeps_the_real_ids(hostile: tuple[Path, Path]) -> None:
    """Escaped in the JSON text, the ids are still the files' real names once parsed."""
    corpus, index_dir = hostile
    listed = json.loads(run_cli("list", "--json", corpus=corpus, index_dir=index_dir).stdout)
    ids = {post["id"] for post in listed}
    assert set(NAMES.values()) <= ids
    for key, name in NAMES.items():
        shown = run_cli("show", name, corpus=corpus, index_dir=index_dir)
        assert shown.returncode == 0, (name, shown.stderr)
        assert f"Named {key} post: tapir." in shown.stdout
        _safe(shown.stdout)


def test_markup_and_html_are_shown_as_text(hostile: tuple[Path, Path]) -> None:
    corpus, index_dir = hostile
    shown = run_cli("show", "title.md", corpus=corpus, index_dir=index_dir).stdout
    assert "[@click=app.quit]quit[/]" in shown
    assert "[link=file:///etc/passwd]creds[/link]" in shown
    assert "[bold red]loud[/]" in shown
    # The title keeps its words; the escape sequences are gone, not half-printed.
    assert "Red Title link" in shown
    assert "]0;pwned" not in shown and "[31m" not in shown
    listing = run_cli("list", corpus=corpus, index_dir=index_dir).stdout
    assert "[@click=app.quit]quit[/]" in listing


def test_a_terminal_gets_only_the_command_s_own_styles(hostile: tuple[Path, Path]) -> None:
    """With colour forced (as on a terminal), every escape sequence is a plain SGR style."""
    corpus, index_dir = hostile
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}
    for args, shown in (
        (("list",), "Good post 1"),
        (("search", "tapir"), "plain.md"),
        (("show", "title.md"), "Body with a bell"),
        (("index",), "0 added"),
    ):
        done = run_cli(*args, corpus=corpus, index_dir=index_dir, env=env)
        assert done.returncode == 0, done.stderr
        styles_removed = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
        assert shown in styles_removed, args
        _safe(styles_removed)
