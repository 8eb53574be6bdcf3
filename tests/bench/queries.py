"""The benchmark's queries: 200 of mixed kinds, the same every run."""

from __future__ import annotations

import random

from tests.bench.corpus import SEED, vocabulary

KINDS = ("word", "words", "phrase", "prefix", "fuzzy", "field")


def mixed_queries(count: int = 200) -> list[tuple[str, str]]:
    """(kind, query) pairs: single words, several words, phrases, prefixes, fuzzy, fields."""
    rng = random.Random(SEED + 7)
    words = vocabulary()
    common, rare = words[:300], words[300:]

    def word() -> str:
        return rng.choice(common) if rng.random() < 0.5 else rng.choice(rare[:5000])

    makers = {
        "word": lambda: word(),
        "words": lambda: " ".join(word() for _ in range(rng.randint(2, 4))),
        "phrase": lambda: f'"{rng.choice(common)} {rng.choice(common)}"',
        "prefix": lambda: rng.choice(words)[:3] + "*",
        "fuzzy": lambda: _typo(rng, rng.choice(rare[:5000])) + "~",
        "field": lambda: rng.choice(
            [f"title:{word()}", f"tag:{rng.choice(words[:40])}", f"date:{rng.randint(2010, 2023)}"]
        ),
    }
    return [(kind, makers[kind]()) for kind in (KINDS[n % len(KINDS)] for n in range(count))]


def misspelled(count: int = 50) -> list[str]:
    """Words one edit away from a vocabulary word, and not themselves words of it."""
    rng = random.Random(SEED + 11)
    words = vocabulary()
    known = set(words)
    out: list[str] = []
    while len(out) < count:
        typo = _typo(rng, rng.choice(words[:5000]))
        if typo not in known:
            out.append(typo)
    return out


def _typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(1, len(word))
    return word[:at] + rng.choice("aeioustr") + word[at + 1 :]
