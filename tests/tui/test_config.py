"""The settings file: read with defaults for anything wrong, one line per problem,
saved without losing what the user wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from blog_reader.tui.config import (
    ConfigError,
    Settings,
    config_path,
    load_settings,
    save_settings,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_is_under_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert config_path() == tmp_path / "conf" / "blog-reader" / "config.toml"


def test_no_file_gives_the_defaults_and_no_problem(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == (Settings(), [])


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        'theme = "nord"\nmeasure = 100\n[keys]\nsearch = "ctrl+f, slash"\n',
    )
    settings, problems = load_settings(path)
    assert problems == []
    assert settings == Settings(theme="nord", measure=100, keys={"search": "ctrl+f,slash"})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("measure = 200\n", "measure"),
        ("measure = 59\n", "measure"),
        ('measure = "wide"\n', "measure"),
        ("measure = true\n", "measure"),
        ("theme = 3\n", "theme"),
        ('keys = "f"\n', "keys"),
        ("[keys]\nsearch = 3\n", "keys.search"),
        ('[keys]\nsearch = ","\n', "keys.search"),
        ("colour = 1\n", "'colour'"),
    ],
)
def test_a_bad_value_is_one_line_naming_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path / "c.toml", 'theme = "nord"\n' * (not text.startswith("theme")) + text)
    settings, problems = load_settings(path)
    (line,) = problems
    assert line.startswith(f"{path}: ") and key in line and "\n" not in line
    assert settings.measure == 80  # that key's default...
    if not text.startswith("theme"):
        assert settings.theme == "nord"  # ...and the good keys kept


def test_a_file_that_is_not_toml_is_one_line_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'theme = "nord"\nmeasure = \n')
    settings, problems = load_settings(path)
    assert settings == Settings()
    (line,) = problems
    assert line.startswith(f"{path}: not valid TOML") and "line 2" in line


def test_a_folder_or_bad_bytes_in_place_of_the_file_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "c.toml"
    folder.mkdir()
    settings, (line,) = load_settings(folder)
    assert settings == Settings() and line.startswith(f"{folder}: cannot be read")
    binary = tmp_path / "b.toml"
    binary.write_bytes(b'theme = "\xff"\n')
    settings, (line,) = load_settings(binary)
    assert settings == Settings() and line.startswith(f"{binary}: cannot be read")


def test_save_then_load_gives_the_same_settings(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    settings = Settings(theme="dracula", measure=72, keys={"search": "ctrl+f", "quit": "x"})
    save_settings(settings, path)
    assert load_settings(path) == (settings, [])
    save_settings(Settings(), path)
    assert load_settings(path) == (Settings(), [])


def test_save_keeps_comments_unknown_keys_and_untouched_bad_values(tmp_path: Path) -> None:
    original = (
        "# mine\n"
        'theme = "nord"  # dark\n'
        "measure = 500\n"
        "future = 1\n"
        '\n[keys]\n# rebinds\nsearch = "f"\n'
    )
    path = write(tmp_path / "c.toml", original)
    save_settings(Settings(theme="gruvbox", keys={"search": "f"}), path)
    text = path.read_text(encoding="utf-8")
    assert text == original.replace('"nord"', '"gruvbox"')  # only the theme changed
    assert not list(tmp_path.glob(".config-*"))  # no temporary file left


def test_save_refuses_to_overwrite_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", "theme = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        save_settings(Settings(theme="nord"), path)
    assert path.read_text(encoding="utf-8") == "theme = [\n"
