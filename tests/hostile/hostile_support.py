"""Helpers for the hostile-input and fault tests: running the command, writing files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What must never reach a terminal from a post: C0 controls but tab and newline,
# DEL, C1 controls (CSI is 0x9b), bidi embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI process: this checkout importable, no forced colour."""
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return {**base, "PYTHONPATH": str(ROOT), **extra}


def command(*args: str, corpus: Path, index_dir: Path) -> list[str]:
    """The argument list of ``python -m blog_reader.tui ARGS`` on ``corpus`` with ``index_dir``."""
    return [
        sys.executable,
        "-m",
        "blog_reader.tui",
        *args,
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_dir),
    ]


def run_cli(
    *args: str,
    corpus: Path,
    index_dir: Path,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the command to completion with output to pipes (``env`` added to the usual)."""
    return subprocess.run(
        command(*args, corpus=corpus, index_dir=index_dir),
        capture_output=True,
        text=True,
        env=cli_env(**(env or {})),
        cwd=ROOT,
        timeout=timeout,
        errors="surrogateescape",
    )


def write(root: Path, name: str | bytes, content: str | bytes) -> Path:
    """Write a file under ``root`` (folders made); text is written as UTF-8."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(name))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def good_post(n: int, word: str | None = None) -> str:
    """A plain, well-formed post with a word found in it alone (``plant<n>x``)."""
    planted = word or f"plant{n}x"
    return f"---\ntitle: Good post {n}\ntags: [good]\n---\n\nThe knee of post {n}: {planted}.\n"


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
