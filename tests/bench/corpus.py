"""A deterministic synthetic blog archive for the benchmark.

Each post has YAML front matter (title, date, tags), about 500 words drawn from
a Zipf-distributed vocabulary, headings, a list, links to other posts, and one
planted token (``plant<N>x``) found in that post only, so that correctness can be
checked at every size.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

SEED = 20261120
VOCABULARY = 20_000
WORDS_PER_POST = 500
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["qua", "tri", "sto"]


def vocabulary(size: int = VOCABULARY) -> list[str]:
    """``size`` distinct pronounceable words, the same every time."""
    rng = random.Random(SEED)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_weights(size: int, exponent: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, size + 1)))


def planted(n: int) -> str:
    """The token that only post ``n`` contains."""
    return f"plant{n}x"


def post_path(root: Path, n: int) -> Path:
    return root / f"{2010 + n % 12}" / f"{n:06d}-post.md"


def post_text(n: int, total: int, words: list[str], weights: list[float]) -> str:
    rng = random.Random(SEED * 1_000_003 + n)

    def sentence(length: int) -> str:
        chosen = rng.choices(words, cum_weights=weights, k=length)
        return " ".join(chosen).capitalize() + "."

    def paragraph(count: int) -> str:
        return " ".join(sentence(rng.randint(6, 14)) for _ in range(count))

    date = dt.date(2010, 1, 1) + dt.timedelta(days=(n * 37) % 5000)
    tags = sorted({words[rng.randrange(40)] for _ in range(3)})
    title = sentence(rng.randint(3, 7)).rstrip(".")
    other = rng.randrange(total)
    blocks = [
        "---",
        f'title: "{title}"',
        f"date: {date.isoformat()}",
        f"tags: [{', '.join(tags)}]",
        "---",
        "",
        paragraph(9),
        "",
        f"## {sentence(3).rstrip('.')}",
        "",
        paragraph(10),
        "",
        *[f"- {sentence(rng.randint(4, 8))}" for _ in range(6)],
        "",
        f"## {sentence(2).rstrip('.')}",
        "",
        paragraph(8) + f" The code word is {planted(n)}.",
        "",
        f"See also [an older post](../{2010 + other % 12}/{other:06d}-post.md) and "
        f"[this one](https://blog.example.com/posts/{other:06d}/).",
        "",
        paragraph(7),
        "",
    ]
    return "\n".join(blocks)


def generate(root: Path, count: int) -> Path:
    """Write ``count`` posts under ``root`` (skipped when already there)."""
    marker = root / f".complete-{count}"
    if marker.exists():
        return root
    words = vocabulary()
    weights = zipf_weights(len(words))
    for n in range(count):
        path = post_path(root, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(n, count, words, weights), encoding="utf-8")
    marker.write_text("", encoding="utf-8")
    return root
