"""Check real archives for raw markup: ``python -m tests.bench.raw_markup PATH [PATH ...]``.

Reads every file of each archive as the index does and reports, as JSON: files,
posts, what was left out and why, posts with a date, and every place where site
markup or HTML would reach the reader or ``show``, outside code. Two checks: the
body's Markdown tokens (``html_block``, ``html_inline``, text holding ``{{`` or
``{%``), and the body's text with its code set aside (``{{``, ``{%`` or a tag).
Not part of the test run: the archives are not in CI.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt

from blog_reader.index.codeblocks import Stash, set_code_aside
from blog_reader.index.files import walk_posts
from blog_reader.index.reader import NotAPost, PostError, read_post
from blog_reader.index.redirects import RedirectStub

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TEMPLATE = re.compile(r"\{\{|\{%")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def check(root: Path) -> dict[str, object]:
    """The figures and findings for one archive."""
    files = [Path(entry.path) for _, entry in walk_posts(root)]
    left_out: Counter[str] = Counter()
    found: Counter[str] = Counter()
    examples: list[tuple[str, str, str]] = []
    posts = dated = 0
    for path in files:
        try:
            post = read_post(path, root)
        except NotAPost as why:
            left_out[str(why)] += 1
            continue
        except RedirectStub:
            left_out["redirect stub"] += 1
            continue
        except PostError as why:
            left_out[f"unreadable: {why}"] += 1
            continue
        posts += 1
        dated += post.info.date is not None
        for kind, text in _raw(post.body):
            found[kind] += 1
            examples.append((post.info.id, kind, text[:80]))
    return {
        "archive": str(root),
        "files": len(files),
        "posts": posts,
        "left_out": dict(left_out),
        "dated": dated,
        "raw": dict(found),
        "examples": examples[:20],
    }


def _raw(body: str) -> list[tuple[str, str]]:
    """(kind, text) of each piece of raw markup outside code in ``body``."""
    found: list[tuple[str, str]] = []
    for token in _MD.parse(body):
        if token.type == "html_block":
            found.append(("html block", token.content))
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(("inline html", child.content))
            elif child.type == "text" and _TEMPLATE.search(child.content):
                found.append(("template in text", child.content))
    prose = set_code_aside(body, Stash())
    found += [("template outside code", m[0]) for m in _TEMPLATE.finditer(prose)]
    found += [("tag outside code", m[0]) for m in _TAG.finditer(prose)]
    return found


def main() -> None:
    results = [check(Path(arg).resolve()) for arg in sys.argv[1:]]
    print(json.dumps(results, indent=1, ensure_ascii=False))
    sys.exit(1 if any(result["raw"] for result in results) else 0)


if __name__ == "__main__":
    main()
