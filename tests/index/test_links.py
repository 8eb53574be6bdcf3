"""Which hrefs lead to a post of the archive, and which lead outside it."""

from __future__ import annotations

from blog_reader.index.links import LinkMap

POSTS = [("a.md", "https://blog.example.com/2020/01/a/"), ("sub/b.md", "http://www.example.org/b")]
IDS = ["a.md", "sub/b.md", "sub/c.md"]


def test_full_addresses_in_their_usual_variants() -> None:
    links = LinkMap(POSTS, IDS)
    assert links.resolve("https://blog.example.com/2020/01/a/") == "a.md"
    assert links.resolve("http://blog.example.com/2020/01/a") == "a.md"
    assert links.resolve("https://BLOG.example.com/2020/01/a/#comments") == "a.md"
    assert links.resolve("https://example.org/b/") == "sub/b.md"
    assert links.resolve("www.example.org/b") == "sub/b.md"
    assert links.resolve("https://example.org/elsewhere") is None


def test_relative_paths_stay_inside_the_corpus() -> None:
    links = LinkMap(POSTS, IDS)
    assert links.resolve("c.md", from_id="sub/b.md") == "sub/c.md"
    assert links.resolve("../a.md", from_id="sub/b.md") == "a.md"
    assert links.resolve("/sub/c.md") == "sub/c.md"
    assert links.resolve("../../etc/passwd", from_id="sub/b.md") is None
    assert links.resolve("../outside.md", from_id="a.md") is None
    assert links.resolve("missing.md", from_id="a.md") is None


def test_other_schemes_never_resolve() -> None:
    links = LinkMap(POSTS, IDS)
    for href in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:a@b.c",
        "//evil.example/a.md",
        "#top",
        "",
    ):
        assert links.resolve(href) is None, href
