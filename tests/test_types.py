"""``mypy --strict`` over both packages, under the names they install as.

The folders ``index/`` and ``tui/`` become ``blog_reader.index`` and
``blog_reader.tui`` only when installed, and mypy does not run setuptools'
editable-install import hook: a folder of two links gives it the same tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_both_packages_pass_mypy_strict(tmp_path: Path) -> None:
    package = tmp_path / "blog_reader"
    package.mkdir()
    (package / "index").symlink_to(ROOT / "index", target_is_directory=True)
    (package / "tui").symlink_to(ROOT / "tui", target_is_directory=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "-p",
            "blog_reader.index",
            "-p",
            "blog_reader.tui",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
