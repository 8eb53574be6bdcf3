"""The user's settings: one TOML file that the app reads at start and writes when a
setting is changed in the app (the theme).

``$XDG_CONFIG_HOME/blog-reader/config.toml`` on Linux (``platformdirs``, through
:func:`blog_reader.index.paths.config_dir`)::

    theme = "nord"        # a Textual theme (the app saves the one chosen in it)
    measure = 88          # the reader's body width in columns, 60 to 120

    [keys]                # binding id = keys, as Posting's keymap
    search = "ctrl+f,slash"

The file is read with ``tomllib``. A problem never stops anything: each is one
line that names the file and the key, and that key keeps its default.

Saving edits the file in place with ``tomlkit``: the user's comments, layout and
any key this version does not know are kept, and only the settings that differ
from what the file says now are written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from blog_reader.index.paths import config_dir
from blog_reader.tui.state_files import write_atomically

CONFIG_FILE = "config.toml"
MEASURE_MIN, MEASURE_MAX = 60, 120


@dataclass(frozen=True)
class Settings:
    """What the user set; each field's default is what the app does without a file."""

    theme: str | None = None
    """A Textual theme name; None for Textual's default."""
    measure: int = 80
    """The reader's body width in columns, MEASURE_MIN..MEASURE_MAX."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> keys (comma-separated, Textual's names: ``"ctrl+f,slash"``)."""


KNOWN_KEYS = tuple(f.name for f in fields(Settings))


class ConfigError(ValueError):
    """The settings file cannot be saved as it is (it is left untouched)."""


def config_path() -> Path:
    """Where the settings file is (it may not exist)."""
    return config_dir() / CONFIG_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in ``path`` (default: :func:`config_path`), and the problems
    found, one line each naming the file and the key. Never raises: a missing file
    gives the defaults and no problem; a bad value keeps its key's default."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return Settings(), [f"{path}: cannot be read ({reason}); using the defaults"]
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: not valid TOML ({error}); using the defaults"]
    return _settings_from(table, path)


def _settings_from(table: Mapping[str, Any], path: Path) -> tuple[Settings, list[str]]:
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key in table:
        if key not in KNOWN_KEYS:
            problems.append(f"{path}: unknown key {key!r} ignored (known: {', '.join(KNOWN_KEYS)})")
    theme = table.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            values["theme"] = theme.strip()
        else:
            problems.append(f"{path}: theme must be a theme's name, not {theme!r}; ignored")
    measure = table.get("measure")
    if measure is not None:
        if (
            isinstance(measure, int)
            and not isinstance(measure, bool)
            and MEASURE_MIN <= measure <= MEASURE_MAX
        ):
            values["measure"] = measure
        else:
            problems.append(
                f"{path}: measure must be a whole number from {MEASURE_MIN} to {MEASURE_MAX}, "
                f"not {measure!r}; using {Settings.measure}"
            )
    keys = table.get("keys")
    if keys is not None:
        if isinstance(keys, Mapping):
            values["keys"] = _keymap(keys, path, problems)
        else:
            problems.append(f"{path}: keys must be a table ([keys]), not {keys!r}; ignored")
    return Settings(**values), problems


def _keymap(keys: Mapping[str, Any], path: Path, problems: list[str]) -> dict[str, str]:
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        parts = [part.strip() for part in value.split(",")] if isinstance(value, str) else []
        if parts and all(parts):
            keymap[binding_id] = ",".join(parts)
        else:
            problems.append(
                f'{path}: keys.{binding_id} must be keys such as "ctrl+f" or "f,slash", '
                f"not {value!r}; ignored"
            )
    return keymap


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` to ``path`` (default: :func:`config_path`), atomically.

    Only the settings that differ from what the file says now are written; the
    rest of the file (comments, keys unknown to this version) is kept as it is.

    Raises:
        ConfigError: when the file exists but is not valid TOML (it is not touched).
        OSError: when the file or its folder cannot be written.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: cannot be read ({error}); not saved") from error
    try:
        current, _problems = _settings_from(tomllib.loads(text), path)
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, TOMLKitError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); not saved") from error
    if settings.theme != current.theme:
        if settings.theme is None:
            document.pop("theme", None)
        else:
            document["theme"] = settings.theme
    if settings.measure != current.measure:
        document["measure"] = settings.measure
    if dict(settings.keys) != dict(current.keys):
        _write_keys(document, settings.keys)
    if document.as_string() != text:
        write_atomically(path, document.as_string())


def _write_keys(document: Any, keys: Mapping[str, str]) -> None:
    import tomlkit

    if not keys:
        document.pop("keys", None)
        return
    table = document.get("keys")
    if not isinstance(table, Mapping):
        document["keys"] = table = tomlkit.table()
    for binding_id in [k for k in table if k not in keys]:
        del table[binding_id]
    for binding_id, value in keys.items():
        if table.get(binding_id) != value:
            table[binding_id] = value
