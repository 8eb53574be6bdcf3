"""The archive shipped with blog-reader: the clinic's "Exosomes" blog.

Built by hand from the plain-text captures in ``shared/seeds``; see the README's
"Bundled archive" section for what each file holds.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_corpus() -> Path:
    """The folder of the bundled archive's posts, wherever the package is installed."""
    return Path(str(files(__name__) / "exosomes"))
