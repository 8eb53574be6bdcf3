"""The archive shipped with blog-reader: the clinic's "Exosomes" blog.

Built by hand from two plain-text captures of the blog (not shipped); the README's
"The bundled archive" section says what each file holds.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_corpus() -> Path:
    """The folder of the bundled archive's posts, wherever the package is installed."""
    return Path(str(files(__name__) / "exosomes"))
