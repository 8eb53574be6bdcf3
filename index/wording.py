"""Counts in words: "1 post", "2 posts", the same on every screen and command."""

from __future__ import annotations


def plural(noun: str) -> str:
    """``noun`` in the plural: "post" -> "posts", "match" -> "matches"; in a phrase of
    alternatives each is made plural ("section or listing page" -> "sections or
    listing pages")."""
    if " or " in noun:
        return " or ".join(plural(part) for part in noun.split(" or "))
    return noun + ("es" if noun.endswith(("s", "x", "z", "ch", "sh")) else "s")


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless the count is one: "1 post", "0 posts"."""
    return f"{count} {noun if count == 1 else plural(noun)}"
