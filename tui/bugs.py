"""Bugs: their traceback goes to a log file, the user sees one line naming it.

The data side logs through :mod:`logging` (``blog_reader.index.*`` loggers) and
raises :class:`~blog_reader.index.IndexBug`; the app and the command line call
:func:`start_log` once, which sends what the ``blog_reader`` loggers write, at
level WARNING and up, to ``blog-reader.log`` in the user's state directory
(``$XDG_STATE_HOME/blog-reader/`` on Linux, see ``index.paths``), capped at
:data:`LOG_BYTES` and rotated through :data:`LOG_BACKUPS` older files.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from pathlib import Path

from blog_reader.index import IndexBug
from blog_reader.index.paths import log_file

LOG_BYTES = 1_000_000
"""The log file is rotated when it would grow past this size."""
LOG_BACKUPS = 3
"""How many rotated log files are kept (``blog-reader.log.1`` ... ``.3``)."""

_MAX_REASON_CHARS = 200
_log = logging.getLogger("blog_reader")


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file; a log that cannot be written is left unwritten, silently
    (logging's default prints a traceback on stderr, into the user's terminal)."""

    def handleError(self, record: logging.LogRecord) -> None:
        return None


def start_log() -> Path:
    """Send the ``blog_reader`` loggers' warnings and errors to the log file; its path.

    Called again (by tests, with another state directory), it replaces the file.
    The file is created at the first record, not before.
    """
    path = log_file()
    for handler in list(_log.handlers):
        if isinstance(handler, _LogFile):
            _log.removeHandler(handler)
            handler.close()
    # If the folder cannot be made, the handler stays silent; the line to the
    # user still names the file.
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
    handler = _LogFile(
        path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _log.addHandler(handler)
    return path


def log_bug(error: BaseException) -> str:
    """Log ``error`` (unless the data side did: an ``IndexBug``) with its traceback;
    the one line to show the user."""
    if not isinstance(error, IndexBug):
        _log.error("A bug", exc_info=error)
    return bug_line(error)


def bug_line(error: BaseException) -> str:
    """One line on a bug for the user, naming the log file."""
    reason = str(error) if isinstance(error, IndexBug) else f"{type(error).__name__}: {error}"
    reason = " ".join(reason.split())
    if len(reason) > _MAX_REASON_CHARS:
        reason = reason[: _MAX_REASON_CHARS - 1] + "…"
    return f"internal error ({reason}); its traceback is in {log_file()}"
