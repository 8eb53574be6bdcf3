"""A first full build in worker processes while the app holds Textual's ``sys.stderr``
(a capture without a descriptor): the first launch on a large archive showed no post
and "Sync failed: ... bad value(s) in fds_to_keep"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from blog_reader.index.sync import PARALLEL_FROM

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys, threading
from pathlib import Path
from blog_reader.index import Archive
from blog_reader.tui.processes import start_resource_tracker

class Capture:
    '''What Textual puts in sys.stderr while the app runs: prints, no descriptor.'''
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

corpus, index, ready = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "ready"
if ready:
    start_resource_tracker()  # as run_app does before the app starts
sys.stderr = Capture()
stop = threading.Event()
threading.Thread(target=stop.wait).start()  # a thread besides: workers spawn, as in the app
try:
    with Archive.open(corpus, index) as archive:
        print("added", archive.sync().added)
except Exception as error:
    print("failed", type(error).__name__, error)
finally:
    stop.set()
"""


def build(corpus: Path, index: Path, ready: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(corpus), str(index), ready],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a parallel build needs two CPUs")
def test_a_parallel_build_works_under_the_apps_stderr(tmp_path: Path) -> None:
    corpus = tmp_path / "large"
    corpus.mkdir()
    count = PARALLEL_FROM + 10
    for number in range(count):
        (corpus / f"post-{number}.md").write_text(f"# Post {number}\n\nWords.\n", "utf-8")
    assert build(corpus, tmp_path / "index", "ready") == f"added {count}"
    # Without the tracker started first, the same build fails: the test can fail.
    failed = build(corpus, tmp_path / "index-2", "not ready")
    assert failed.startswith("failed") and "fds_to_keep" in failed, failed
