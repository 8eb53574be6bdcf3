"""``python -m tui``: the same as the ``blog-reader`` command."""

from tui.cli import run

run()
