"""A bug met by a command: one line on stderr naming the log, status 3, the
traceback in the log file, and no rebuild (it would not mend a bug).

Before, a ``TypeError`` in snippet building was taken for damage: the search
printed "Index rebuilt", rebuilt the index, and then answered 0 hits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hostile_support import ROOT, assert_no_traceback, cli_env, good_post, run_cli, write

INJECT = (
    "import sys\n"
    "from blog_reader.index import highlight\n"
    "def injected(*args, **kwargs):\n"
    "    raise TypeError('injected')\n"
    "highlight.snippet = injected\n"
    "from blog_reader.tui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_a_bug_in_a_search_is_one_line_and_a_logged_traceback(tmp_path: Path) -> None:
    corpus, index_dir, state = tmp_path / "corpus", tmp_path / "index", tmp_path / "state"
    for n in range(5):
        write(corpus, f"p{n}.md", good_post(n))
    env = {"XDG_STATE_HOME": str(state)}
    assert run_cli("index", corpus=corpus, index_dir=index_dir, env=env).returncode == 0

    args = ["search", "knee", "--corpus", str(corpus), "--index-dir", str(index_dir)]
    done = subprocess.run(
        [sys.executable, "-c", INJECT, *args],
        capture_output=True,
        text=True,
        env=cli_env(**env),
        cwd=ROOT,
        timeout=120,
    )

    log = state / "blog-reader" / "blog-reader.log"
    assert done.returncode == 3
    assert_no_traceback(done.stderr)
    assert done.stderr.splitlines() == [
        f"blog-reader: internal error (searching: TypeError: injected); its traceback is in {log}"
    ]
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "TypeError: injected" in logged
    assert not (index_dir / "damaged").exists()
    again = run_cli("index", corpus=corpus, index_dir=index_dir, env=env)
    assert again.stdout.startswith("Updated the index"), again.stdout  # not "Rebuilt"
    assert again.stderr == ""
