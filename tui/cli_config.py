"""The ``config`` command: where the settings file is, and the settings in force."""

from __future__ import annotations

import argparse
import sys

from blog_reader.tui.cli_common import EXIT_OK, add_command
from blog_reader.tui.config import Settings, config_path, load_settings
from blog_reader.tui.output import visible


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    config = add_command(
        commands,
        "config",
        summary="show the app's settings in force and where their file is",
        examples='blog-reader config\n"$EDITOR" "$(blog-reader config --path)"',
        parents=[],
        alone=run_config,
    )
    config.add_argument("--path", action="store_true", help="print only the settings file's path")


def run_config(args: argparse.Namespace) -> int:
    path = config_path()
    if args.path:
        print(visible(str(path)))
        return EXIT_OK
    settings, problems = load_settings(path)
    for problem in problems:
        print(f"blog-reader: {visible(problem)}", file=sys.stderr)
    where = "" if path.exists() else " (no such file yet: these are the defaults)"
    print(f"# {visible(str(path))}{where}")
    print(effective_toml(settings))
    return EXIT_OK


def effective_toml(settings: Settings) -> str:
    """``settings`` as the file would say them, every key written out."""
    import tomlkit

    document = tomlkit.document()
    if settings.theme is None:
        document.add(tomlkit.comment('theme = "…"  (none chosen: Textual\'s default)'))
    else:
        document["theme"] = settings.theme
    document["measure"] = settings.measure
    keys = tomlkit.table()
    if not settings.keys:
        keys.add(tomlkit.comment("none rebound (the README lists the binding ids)"))
    for binding_id, value in settings.keys.items():
        keys[binding_id] = value
    document["keys"] = keys
    return "\n".join(visible(line) for line in document.as_string().rstrip("\n").splitlines())
