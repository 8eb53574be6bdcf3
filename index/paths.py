"""Where blog-reader keeps its files: one place that knows every directory.

Everything goes through ``platformdirs`` so that ``XDG_CACHE_HOME``,
``XDG_STATE_HOME`` and ``XDG_CONFIG_HOME`` (and their equivalents elsewhere)
redirect it, which is how the tests keep out of a user's home. The app's own
modules (its remembered positions, the log file, the settings) take their folders
from here too.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import platformdirs

APP_NAME = "blog-reader"


def cache_dir() -> Path:
    """The user's cache directory for blog-reader (indexes live here)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The user's state directory for blog-reader (what the app remembers, the log)."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's configuration directory for blog-reader (the app's settings file)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The log file, where a bug's traceback is written (``blog-reader.log``)."""
    return state_dir() / f"{APP_NAME}.log"


def default_index_dir(corpus: Path) -> Path:
    """The index folder for one corpus: named after it, unique to its absolute path.

    The corpus folder itself is never written to.
    """
    resolved = corpus.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name).strip("-")[:40] or "corpus"
    return cache_dir() / "indexes" / f"{slug}-{digest}"
