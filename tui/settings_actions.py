"""The settings at work in the app: theme and keymap applied at start, each problem
told once, and a theme chosen in the app saved to the settings file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from textual import work
from textual.theme import Theme

from blog_reader.tui.config import ConfigError, Settings, save_settings
from blog_reader.tui.keys import checked_keymap
from blog_reader.tui.mixin import AppMixin


class SettingsActions(AppMixin):
    """The app's use of :mod:`tui.config` (a mixin of :class:`tui.app.BlogReaderApp`)."""

    settings: Settings
    """The user's settings; the reader reads ``settings.measure``."""
    config_file: Path
    """The settings file, where a theme chosen in the app is saved."""

    def use_settings(self, settings: Settings, config_file: Path, problems: Sequence[str]) -> None:
        """Apply ``settings`` (read from ``config_file`` with ``problems``); call
        before the app runs, so the first frame has the theme."""
        self.settings = settings
        self.config_file = config_file
        self._settings_problems = list(problems)
        theme = settings.theme
        if theme is not None:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self._settings_problems.append(
                    f"{config_file}: theme {theme!r} is not one of the app's themes "
                    '(ctrl+p, "theme" lists them); using the default'
                )
        keymap, keymap_problems = checked_keymap(
            settings.keys, type(self), self.COMMAND_PALETTE_BINDING, config_file
        )
        self._settings_problems += keymap_problems
        self.set_keymap(keymap)

    def settings_mounted(self) -> None:
        """Tell the problems found, and save the theme from now on (call on mount)."""
        for problem in self._settings_problems:
            self.notify(problem, severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            self._save_settings(self.settings)

    def save_measure(self, measure: int) -> None:
        """Keep the reader's text width for the next launch."""
        if measure != self.settings.measure:
            self.settings = replace(self.settings, measure=measure)
            self._save_settings(self.settings)

    @work(thread=True, exclusive=True, group="settings")
    def _save_settings(self, settings: Settings) -> None:
        """Write the settings file (off the UI thread: it syncs to disk)."""
        try:
            save_settings(settings, self.config_file)
        except (ConfigError, OSError) as error:
            message = f"The settings are not saved: {error}"
            self.call_from_thread(self.notify, message, severity="warning", markup=False)
