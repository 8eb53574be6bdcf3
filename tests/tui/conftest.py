"""Fixtures for the app's tests: a small archive written into a temporary folder.

The archive has dated posts across two months, tags, a summary-only and a title-only
entry, a post linking to another by its original address, headings for the outline,
the word "knee" several times for n/N, and titles that look like markup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from blog_reader.tui.app import BlogReaderApp, make_app

KNEE_POST = """\
Your knees carry you every day. This post is about knee care.

## Warm up

Walk for five minutes before you run. Cold knees complain.

## Stretching

### Hamstrings

Tight hamstrings pull on the knee. Stretch them gently.

| Exercise | Sets |
|----------|------|
| Squat    | 3    |
| Lunge    | ~~4~~ 2 |

```python
def stretch(seconds: int) -> None:
    print("hold the knee stretch", seconds)
```

> A knee is a hinge, not a ball joint.

- one: see [shoulder pain](https://www.example.org/shoulder-pain/) for the other joint
- two: read [the elsewhere page](https://elsewhere.example.com/page)
- three: do not click [this](ftp://files.example.com/x)

## Summary

Look after your knees and they look after you.
"""

LONG_POST = "\n\n".join(
    f"Paragraph {n}: the recovery diary goes on, day after day, with notes on sleep."
    for n in range(1, 41)
)

POSTS: dict[str, str] = {
    "2024-03-20-shoulder.md": """\
---
title: "Shoulder pain"
date: 2024-03-20
tags: [shoulders]
url: "https://example.org/shoulder-pain"
---

The shoulder is the most mobile joint. Back to [knee care](2024-03-05-knees.md).
""",
    "2024-03-05-knees.md": f"""\
---
title: "Knee care basics"
date: 2024-03-05
tags: [knees, exercise]
url: "https://example.org/knee-care"
---

{KNEE_POST}""",
    "2024-03-01-markup.md": """\
---
title: "[bold red]x[/] [@click=app.quit]y[/]"
date: 2024-03-01
---

A title that looks like markup must show as typed.
""",
    "2024-02-25-control.md": """\
---
title: "Red \\e[31mtext"
date: 2024-02-25
---

A title with an escape byte.
""",
    "2024-02-20-diary.md": f"""\
---
title: "Recovery diary"
date: 2024-02-20
tags: [sleep]
---

{LONG_POST}
""",
    "2024-02-11-sleep.md": """\
---
title: "Sleep and recovery"
date: 2024-02-11
---

Sleep well and the knee heals.
""",
    "2024-02-02-running.md": """\
---
title: "Running after fifty"
date: 2024-02-02
kind: summary
url: "https://example.org/running-after-fifty"
summary: "Why slow running helps."
---

Why slow running helps.
""",
    "2024-02-01-cold.md": """\
---
title: "Cold hands"
date: 2024-02-01
kind: title-only
---
""",
}


def write_corpus(root: Path) -> Path:
    """Write the fixture archive into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in POSTS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private XDG_STATE_HOME for the app's remembered position."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture
def new_app(
    corpus: Path, tmp_path: Path, state_home: Path
) -> Iterator[Callable[[], BlogReaderApp]]:
    """Build an app on the fixture archive (several calls share index and state)."""
    apps: list[BlogReaderApp] = []

    def _make() -> BlogReaderApp:
        app = make_app(corpus, tmp_path / "index")
        apps.append(app)
        return app

    yield _make
    for app in apps:
        app.archive.close()


async def _settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let workers finish and the screen catch up (a post loads in two steps)."""
    for _ in range(rounds):
        while True:
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                continue  # an exclusive worker replaced by a newer one: wait for that one
        await pilot.pause(0.05)


Settle = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture
def settle() -> Settle:
    """``await settle(pilot)``: wait until workers are done and the screen is drawn."""
    return _settle
