"""Promises about the shape of the code that a subprocess can check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        timeout=120,
    )


def test_index_never_imports_textual_or_tui(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from blog_reader.index import Archive, bundled_corpus\n"
        f"a = Archive.open(bundled_corpus(), {str(tmp_path / 'ix')!r})\n"
        "a.sync(); a.search('knee')\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] == 'textual' or m.startswith('blog_reader.tui'))\n"
        "print(','.join(bad))\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_import_linter_contract_is_kept() -> None:
    """The contract in pyproject.toml ([tool.importlinter]), read from the installed code."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, importlinter.cli as c; "
            "sys.exit(c.lint_imports(no_cache=True, no_logo=True))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_cli_commands_other_than_the_app_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from blog_reader.tui.cli import main\n"
        f"main(['list', '--index-dir', {str(tmp_path / 'ix')!r}])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN')\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("CLEAN")


def test_no_whoosh_warning_reaches_the_user(tmp_path: Path) -> None:
    # A fresh bytecode cache makes Python compile Whoosh again, which is when its
    # SyntaxWarnings would print; -W default shows every warning there is.
    code = (
        "import sys\n"
        "from blog_reader.tui.cli import main\n"
        f"main(['search', 'knee~ regen* -date:2020', '--index-dir', {str(tmp_path / 'ix')!r}])\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")},
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
    assert "Exosomes" in done.stdout  # and the search did answer
