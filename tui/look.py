"""The app's looks in one place: how titles, metadata and matches are styled, in
every theme (theme variables only, never a fixed colour).

- A post's title: bold in the lists (sidebar, hits), bold in the primary colour
  above the post itself. The current item of a list is Textual's block cursor.
- Metadata (number, date, tags, kind, where the archive comes from): muted text.
- A match of the search: bold, in the foreground colour on the muted warning
  colour, the same in hits, in a post's title and in its text; the current match
  in the reader is bold on the full warning colour. The explicit foreground keeps
  a match readable on the block cursor of a highlighted hit, in light themes too.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.color import Color, ColorParseError
from textual.style import Style

TITLE = "bold"
"""A post's title in a list."""
POST_TITLE = "bold $text-primary"
"""The title above a post (its headings use other colours)."""
FACTS = "$foreground-muted"
"""Metadata: a post's number, date, tags and kind; the archive's source; rules and
table borders. (Not ``$text-muted``: an "auto" colour, it comes out as the brightest
white or black inside ``Content``; the CSS of the widgets may use it.)"""
MATCH = "bold $foreground on $warning-muted"
"""A word the search matched."""
NOTICE = "italic $text-warning"
"""What the archive lacks of a post (only its summary, only its title)."""
LINK = "underline $text-primary"
"""A link in a post, and the post's original address in its header."""


def match_styles(theme_variables: Mapping[str, str]) -> tuple[Style, Style]:
    """:data:`MATCH` and the current match as explicit styles, for the reading view,
    which styles its lines itself (a component class's background would be blended
    away there)."""
    try:
        warning = Color.parse(theme_variables["warning"])
        muted = Color.parse(theme_variables["warning-muted"])
        foreground = Color.parse(theme_variables["foreground"])
    except (KeyError, ColorParseError):
        return Style(underline=True, bold=True), Style(reverse=True, bold=True)
    match = Style(background=muted, foreground=foreground, bold=True)
    current = Style(background=warning, foreground=warning.get_contrast_text(), bold=True)
    return match, current
