"""Links between posts resolve in every form a blog uses, on small fixture sites.

Each test writes a site the way a generator keeps it (Hugo, Jekyll, Zola, a Go-style
blog with redirect stubs, a Next.js-style blog of site-relative links, a "today I
learned" folder of full addresses), syncs an archive on it, and asks where links lead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from blog_reader.index import Archive
from blog_reader.index.links import LinkTarget

OpenSite = Callable[..., Archive]


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def site_archive(tmp_path: Path) -> Iterator[OpenSite]:
    """``open(site_files, corpus="content", site=None)``: write a site, sync an archive
    on its corpus folder, return the archive (closed at the end)."""
    opened: list[Archive] = []

    def _open(files: dict[str, str], corpus: str = "", site: str | None = None) -> Archive:
        root = tmp_path / "site"
        write(root, files)
        folder = root / corpus if corpus else root
        folder.mkdir(parents=True, exist_ok=True)
        archive = Archive.open(folder, tmp_path / f"index-{len(opened)}", site=site)
        opened.append(archive)
        archive.sync()
        return archive

    yield _open
    for archive in opened:
        archive.close()


def to(archive: Archive, href: str, from_id: str | None = None) -> str | None:
    target = archive.resolve_link(href, from_id)
    return None if target is None else target.post_id


HUGO = {
    "hugo.toml": 'baseURL = "https://hugo.example.org/"\ntitle = "A Hugo blog"\n',
    "content/posts/first.md": (
        '+++\ntitle = "First"\naliases = ["/old/first-post/"]\n+++\n\n## Usage notes\n\nText.\n'
    ),
    "content/posts/second/index.md": "---\ntitle: Second\n---\nA page bundle.\n",
    "content/posts/third.md": "---\ntitle: Third\nslug: the-third-one\n---\nThird.\n",
    "content/posts/fourth.md": "---\ntitle: Fourth\nurl: /special/fourth-address/\n---\n4.\n",
}


def test_hugo_full_addresses_in_every_variant(site_archive: OpenSite) -> None:
    archive = site_archive(HUGO, corpus="content")
    assert archive.site() is not None and archive.site().base == "https://hugo.example.org/"
    for href in (
        "https://hugo.example.org/posts/first/",
        "https://hugo.example.org/posts/first",
        "http://www.hugo.example.org/posts/first/index.html",
        "https://hugo.example.org/posts/first.html",
        "https://HUGO.example.org/posts/first/#usage-notes",
    ):
        assert to(archive, href) == "posts/first.md", href
    assert to(archive, "https://hugo.example.org/posts/second/") == "posts/second/index.md"
    assert to(archive, "https://elsewhere.example.org/posts/first/") is None


def test_hugo_declared_names_slug_url_and_aliases(site_archive: OpenSite) -> None:
    archive = site_archive(HUGO, corpus="content")
    assert to(archive, "/old/first-post/") == "posts/first.md"  # an alias
    assert to(archive, "https://hugo.example.org/posts/the-third-one/") == "posts/third.md"
    assert to(archive, "/special/fourth-address/") == "posts/fourth.md"  # its url


def test_a_fragment_is_kept_with_the_target(site_archive: OpenSite) -> None:
    archive = site_archive(HUGO, corpus="content")
    target = archive.resolve_link("first.md#usage-notes", "posts/third.md")
    assert target == LinkTarget("posts/first.md", "usage-notes")
    assert archive.resolve_link("../posts/first.md", "posts/third.md") == LinkTarget(
        "posts/first.md"
    )


def test_the_original_address_is_made_from_the_site_and_the_file(site_archive: OpenSite) -> None:
    archive = site_archive(HUGO, corpus="content")
    assert archive.get("posts/first.md").info.url == "https://hugo.example.org/posts/first/"
    assert archive.get("posts/fourth.md").info.url == (
        "https://hugo.example.org/special/fourth-address/"
    )


JEKYLL = {
    "_config.yml": "title: A Jekyll blog\nurl: https://jekyll.example.org\nbaseurl: /blog\n",
    "_posts/2020-01-09-hello-world.md": (
        "---\ntitle: Hello\ncategories: jekyll update\nredirect_from:\n  - /old-hello/\n---\nHi.\n"
    ),
    "_posts/2021-05-01-second.md": "---\ntitle: Second\n---\nSee [hello](/blog/old-hello/).\n",
}


def test_jekyll_dated_addresses_base_path_and_redirect_from(site_archive: OpenSite) -> None:
    archive = site_archive(JEKYLL)
    post = "_posts/2020-01-09-hello-world.md"
    assert archive.site().base == "https://jekyll.example.org/blog/"
    for href in (
        "https://jekyll.example.org/blog/2020/01/09/hello-world.html",
        "https://jekyll.example.org/blog/jekyll/update/2020/01/09/hello-world.html",
        "/blog/2020/01/09/hello-world/",
        "/blog/old-hello/",
        "https://jekyll.example.org/blog/hello-world",
    ):
        assert to(archive, href) == post, href
    assert archive.get(post).info.url == (
        "https://jekyll.example.org/blog/2020/01/09/hello-world.html"
    )


ZOLA = {
    "config.toml": 'base_url = "https://zola.example.org"\ntitle = "A Zola blog"\n',
    "content/_index.md": '+++\ntitle = "Blog"\nsort_by = "date"\n+++\n',
    "content/slug-file.md": (
        '+++\ntitle = "Zola post"\npath = "2024/11/26/the-real-slug"\n'
        'aliases = ["/an/old/address.html"]\n+++\nZola.\n'
    ),
}


def test_zola_path_and_aliases(site_archive: OpenSite) -> None:
    archive = site_archive(ZOLA, corpus="content")
    assert archive.site().base == "https://zola.example.org/"
    assert to(archive, "https://zola.example.org/2024/11/26/the-real-slug/") == "slug-file.md"
    assert to(archive, "/an/old/address.html") == "slug-file.md"


@pytest.mark.parametrize(
    ("name", "text", "base"),
    [
        ("hugo.toml", 'baseURL = "https://a.example.org/"\n', "https://a.example.org/"),
        ("config.toml", 'baseURL = "https://b.example.org/x/"\n', "https://b.example.org/x/"),
        ("config.yaml", "baseURL: https://c.example.org/\n", "https://c.example.org/"),
        ("config.toml", 'base_url = "https://d.example.org"\n', "https://d.example.org/"),
        ("_config.yml", "url: https://e.example.org\nbaseurl: ''\n", "https://e.example.org/"),
    ],
)
def test_the_site_address_comes_from_a_config_above_the_corpus(
    site_archive: OpenSite,
    name: str,
    text: str,
    base: str,
) -> None:
    archive = site_archive({name: text, "content/posts/p.md": "A post.\n"}, corpus="content")
    assert archive.site().base == base
    assert to(archive, base + "posts/p/") == "posts/p.md"


def test_an_unreadable_config_is_named_and_reading_goes_on(site_archive: OpenSite) -> None:
    archive = site_archive(
        {
            "hugo.toml": "baseURL = [unclosed\n",
            "content/p.md": "See [q](q.md).\n",
            "content/q.md": "Q",
        },
        corpus="content",
    )
    assert archive.site() is None
    assert len(archive.sites.problems) == 1 and "hugo.toml" in archive.sites.problems[0]
    assert to(archive, "q.md", "p.md") == "q.md"


def test_redirect_stubs_are_not_posts_and_links_to_them_lead_to_their_target(
    site_archive: OpenSite,
) -> None:
    archive = site_archive(
        {
            "cgo.md": "---\nredirect: /blog/c-go-cgo/\n---\n",
            "old.md": "---\ntitle: Moved\nredirect_to: https://go.example.dev/blog/gone\n---\n",
            "c-go-cgo.md": "---\ntitle: C? Go? Cgo!\n---\n## Calling C\n\nText.\n",
            "other.md": "See [cgo](/blog/cgo) and [the old one](old.md).\n",
        }
    )
    ids = {info.id for info in archive.posts()}
    assert ids == {"c-go-cgo.md", "other.md"}
    assert {hit.id for hit in archive.search("cgo").hits} == {"c-go-cgo.md", "other.md"}
    assert archive.search("moved").total == 0 and archive.damage is None
    report = archive.sync()
    assert ("redirect stub", 2) in report.left_out  # counted as not posts, not as unreadable
    assert not report.skipped
    assert to(archive, "/blog/cgo", "other.md") == "c-go-cgo.md"
    assert to(archive, "cgo.md#calling-c", "other.md") == "c-go-cgo.md"
    assert to(archive, "old.md", "other.md") is None  # leads off the site


def test_a_redirect_loop_ends(site_archive: OpenSite) -> None:
    archive = site_archive(
        {"a.md": "---\nredirect: b.md\n---\n", "b.md": "---\nredirect: a.md\n---\n", "c.md": "C"}
    )
    assert archive.resolve_link("a.md", "c.md") is None


NEXT_BLOG = {
    "blog/release/v1.2.3.md": "---\ntitle: Node v1.2.3\n---\nA release.\n",
    "blog/announcements/hello.md": (
        "---\ntitle: Hello\n---\n[v1](/blog/release/v1.2.3/) [en](/en/blog/release/v1.2.3/)\n"
    ),
}


def test_site_relative_links_with_a_section_and_a_language(site_archive: OpenSite) -> None:
    archive = site_archive(NEXT_BLOG, corpus="blog")
    for href in ("/blog/release/v1.2.3/", "/en/blog/release/v1.2.3/", "/release/v1.2.3"):
        assert to(archive, href, "announcements/hello.md") == "release/v1.2.3.md", href
    # Other pages of the site, named like a post, are not that post.
    for href in ("/docs/v1.2.3/", "/dist/v1.2.3/", "/tags/v1.2.3/", "/", "/about/"):
        assert to(archive, href, "announcements/hello.md") is None, href


def test_site_option_makes_full_addresses_on_that_host_internal(site_archive: OpenSite) -> None:
    files = {"notes/a.md": "Go to [b](https://my.example.net/notes/b/).\n", "notes/b.md": "B"}
    without = site_archive(files)
    assert to(without, "https://my.example.net/notes/b/", "notes/a.md") is None
    given = site_archive(files, site="https://my.example.net")
    assert given.site().source == "--site"
    assert to(given, "https://my.example.net/notes/b/", "notes/a.md") == "notes/b.md"
    assert given.get("notes/b.md").info.url == "https://my.example.net/notes/b/"


def test_the_site_is_inferred_from_full_addresses_that_name_posts(site_archive: OpenSite) -> None:
    archive = site_archive(
        {
            "python/a.md": "# A\n\n[b](https://til.example.com/python/b) [c](https://til.example.com/sql/c)\n",
            "python/b.md": "# B\n\n[elsewhere](https://other.example.com/python/a)\n",
            "sql/c.md": "# C\n\n[a](https://til.example.com/python/a#top)\n",
        }
    )
    site = archive.site()
    assert site is not None and site.base == "https://til.example.com/"
    assert archive.resolve_link("https://til.example.com/sql/c", "python/a.md") == LinkTarget(
        "sql/c.md"
    )
    assert to(archive, "https://other.example.com/python/a", "python/b.md") is None
    assert archive.get("sql/c.md").info.url == "https://til.example.com/sql/c/"


def test_links_of_a_post_and_of_the_archive(site_archive: OpenSite) -> None:
    archive = site_archive(NEXT_BLOG, corpus="blog")
    links = archive.links("announcements/hello.md")
    assert [(link.text, link.href) for link in links] == [
        ("v1", "/blog/release/v1.2.3/"),
        ("en", "/en/blog/release/v1.2.3/"),
    ]
    assert {link.target.post_id for link in links if link.target} == {"release/v1.2.3.md"}
    assert len(archive.links()) == 2
