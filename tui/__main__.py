"""``python -m blog_reader.tui``: the same as the ``blog-reader`` command."""

from blog_reader.tui.cli import run

if __name__ == "__main__":  # not when a "spawn" worker process imports this module
    run()
