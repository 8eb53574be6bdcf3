"""Any string as a query, as text to mark matches in, as a link: a result (perhaps
empty), never an exception, and never seconds of work. Property-based: the 2 s
deadline is a guard against hangs, not a claim about speed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog_reader.index import Archive
from blog_reader.index.links import LinkTarget
from tests.searching import matches_ok, search_ok

HANG_GUARD = dt.timedelta(seconds=2)
WORDS = ["knee", "nerve", "healing", "urchin", "doctor", "regeneration", "running", "sea"]

# Pieces of query syntax, to build queries that look like what the parser reads.
SYNTAX = st.sampled_from(
    [
        *WORDS,
        "AND",
        "OR",
        "NOT",
        "ANDNOT",
        "ANDMAYBE",
        "TO",
        "to",
        "title:",
        "tag:",
        "tags:",
        "date:",
        "body:",
        "id:",
        "kind:",
        "number:",
        "category:",
        "nofield:",
        "*",
        "?",
        "~",
        "~2",
        "~99",
        "^",
        "^2",
        "^1e308",
        '"',
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "<",
        ">",
        "=",
        "-",
        "+",
        "!",
        "\\",
        "/",
        ":",
        "'",
        "`",
        ".",
        ",",
        "2020",
        "2020-01",
        "1e999",
        "NaN",
        "-1",
        "99999999999999999999",
        " ",
        "  ",
        "\t",
        "\n",
        "\x00",
        "\u202e",
        "é",
        "ß",
        "İ",
        "\U0001f600",
        "ﬁ",
        "\ufeff",
        "ǅ",
    ]
)
QUERIES = st.one_of(st.text(max_size=300), st.lists(SYNTAX, max_size=30).map("".join))
SLOW = settings(
    deadline=HANG_GUARD,
    max_examples=300,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("queries")
    corpus = root / "corpus"
    for n in range(120):
        words = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 40))
        write(
            corpus,
            f"{2000 + n % 25}/post-{n}.md",
            f"---\ntitle: Post {n} {WORDS[n % len(WORDS)]}\ndate: {2000 + n % 25}-01-02\n"
            f"tags: [t{n % 7}, {WORDS[n % 3]}]\nnumber: {n}\nurl: https://blog.example.com/{n}/\n"
            f"---\n\n{words} plant{n}x.\n\n"
            f"See [the next](post-{n + 1}.md) and [home](https://blog.example.com/{n}/).\n",
        )
    with Archive.open(corpus, root / "index") as opened:
        opened.sync()
        opened.search("warm up: knee* nerve~")  # the first search loads the word list
        yield opened


@SLOW
@given(query=QUERIES)
def test_any_query_gives_a_result(archive: Archive, query: str) -> None:
    result = search_ok(archive, query, limit=5)
    assert result.total >= len(result.hits)
    assert len(result.hits) <= 5
    for hit in result.hits:
        for span in hit.snippet.spans:
            assert 0 <= span.start < span.end <= len(hit.snippet.text)
    # ...and the engine still answers what it must, after whatever came before.
    assert [hit.id for hit in search_ok(archive, "plant7x").hits] == ["2007/post-7.md"]


@SLOW
@given(text=st.text(max_size=2000), query=QUERIES)
def test_any_text_and_query_give_matches(archive: Archive, text: str, query: str) -> None:
    for span in matches_ok(archive, text, query):
        assert 0 <= span.start < span.end <= len(text)
    marked = text + " the knees"
    spans = matches_ok(archive, marked, "knee")
    assert [marked[span.start : span.end] for span in spans][-1:] == ["knees"]


# Addresses of posts of the archive, as a post would link to them: each leads to its post.
KNOWN_LINKS = {
    **{f"https://blog.example.com/{n}/": f"{2000 + n % 25}/post-{n}.md" for n in range(0, 120, 7)},
    **{
        f"http://www.blog.example.com/{n}": f"{2000 + n % 25}/post-{n}.md"
        for n in range(3, 120, 11)
    },
}


@SLOW
@given(
    href=st.one_of(
        st.text(max_size=200),
        st.from_regex(r"\A[a-z]{0,10}:?/{0,3}[ -~]{0,60}\Z"),
        st.sampled_from(sorted(KNOWN_LINKS)),
    ),
    from_id=st.one_of(
        st.none(), st.sampled_from(["2001/post-1.md", "x.md", "", "../a.md"]), st.text(max_size=40)
    ),
)
def test_any_link_resolves_to_a_post_or_nothing(
    archive: Archive, href: str, from_id: str | None
) -> None:
    found = archive.resolve_link(href, from_id)
    assert found is None or found.post_id in _ids(archive)
    if href in KNOWN_LINKS:
        assert found is not None and found.post_id == KNOWN_LINKS[href]


def _ids(archive: Archive) -> set[str]:
    return {info.id for info in archive.posts()}


# Each with whether it must find posts (all of them hold the words it names).
@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("a" * 100_000, False),
        ("[" * 100_000, False),
        ("1" * 100_000, False),
        ("é" * 100_000, False),
        ("date:" + "2" * 100_000, False),
        ("x~" * 50_000, False),
        ("(" * 20_000 + "knee" + ")" * 20_000, False),
        ('"' + "knee nerve " * 5_000 + '"', True),
        ("tag:" + "x" * 100_000, False),
        (" ".join(f"w{n}" for n in range(20_000)), False),
        (" ".join(f"kne{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(5_000)), False),
        (" ".join(["k*", "n*", "h*", "r*", "s*", "d*", "u*"] * 500), True),
        (" ".join(f"{word}~2" for word in WORDS * 300), True),
        ('"knee nerve"~999999999', True),
        ("*", True),
        ("* " * 1_000, True),
        ("?" * 200, False),
        ("*a*b*c*d*e*f*g*" * 50, False),
        ("number:[-99999999999999999999 to 99999999999999999999]", False),
        ("date:[0001 to 9999] date:>1 date:<3000-13-45", False),
        ("knee^1e308 nerve^nan healing^-1", True),
    ],
    ids=lambda q: repr(q[:24]) if isinstance(q, str) else "",
)
def test_long_and_expensive_queries_stay_quick(archive: Archive, query: str, finds: bool) -> None:
    started = time.perf_counter()
    result = search_ok(archive, query)
    matches_ok(archive, "knee nerve healing " * 500, query)
    assert time.perf_counter() - started < HANG_GUARD.total_seconds()
    if finds:
        assert result.total > 0 and result.hits


def test_links_that_leave_the_archive_never_resolve(archive: Archive) -> None:
    assert archive.resolve_link("post-2.md", "2001/post-1.md") is None  # not that folder
    assert archive.resolve_link("post-26.md", "2001/post-1.md") == LinkTarget("2001/post-26.md")
    assert archive.resolve_link("https://blog.example.com/3/") == LinkTarget("2003/post-3.md")
    assert archive.resolve_link("http://www.blog.example.com/3") == LinkTarget("2003/post-3.md")
    for href in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "file:2001/post-1.md",
        "FILE://localhost/2001/post-1.md",
        "../../../../etc/passwd",
        "../../2001/post-1.md",
        "..%2f..%2f2001/post-1.md",
        "%2e%2e/%2e%2e/etc/passwd",
        "/../2001/post-1.md",
        "2001/../../../2001/post-1.md",
        "..\\..\\2001\\post-1.md",
        "//evil.example/2001/post-1.md",
        "\\\\evil.example\\share\\post-1.md",
        "mailto:a@b.c",
        "about:blank",
        "blob:https://x/y",
        "ftp://blog.example.com/3/",
        "https://blog.example.com.evil.example/3/",
        "https://evil.example/blog.example.com/3/",
        "https://user@evil.example/3/",
    ]:
        found = archive.resolve_link(href, "2001/post-1.md")
        assert found is None, (href, found)


def test_a_relative_link_only_finds_posts_inside(tmp_path: Path) -> None:
    """A file beside the corpus, named like a post, is never a link's target."""
    corpus = tmp_path / "corpus"
    write(corpus, "a/post.md", "Links to [outside](../../outside.md) and [me](post.md).\n")
    write(tmp_path, "outside.md", "Not in the archive.\n")
    with Archive.open(corpus, tmp_path / "index") as archive:
        archive.sync()
        assert archive.resolve_link("../../outside.md", "a/post.md") is None
        assert archive.resolve_link("../outside.md", "a/post.md") is None
        assert archive.resolve_link(str(tmp_path / "outside.md"), "a/post.md") is None
        assert archive.resolve_link("file://" + str(tmp_path / "outside.md"), "a/post.md") is None
        assert archive.resolve_link("post.md", "a/post.md") == LinkTarget("a/post.md")


def test_a_malformed_address_in_a_post_or_a_link_is_no_link(tmp_path: Path) -> None:
    """urlsplit raises on some strings ('http://[': "Invalid IPv6 URL")."""
    corpus = tmp_path / "corpus"
    write(corpus, "a.md", "---\nurl: 'http://['\n---\nA [broken](http://[) link.\n")
    write(corpus, "b.md", "---\nurl: https://blog.example.com/b/\n---\nB.\n")
    with Archive.open(corpus, tmp_path / "index") as archive:
        archive.sync()
        for href in ("http://[", "https://[::1", "A://[", "//[x", "www.[/x"):
            assert archive.resolve_link(href, "a.md") is None, href
        assert archive.resolve_link("https://blog.example.com/b") == LinkTarget("b.md")


def test_expansions_of_a_whole_query_are_bounded_and_star_is_cheap(archive: Archive) -> None:
    """The work a query asks of Whoosh, counted in what Whoosh is given: at 10,000
    posts '*' read every posting (3 s) and 25 prefixes of 64 words each took 1.5 s."""
    from blog_reader.index._whoosh import query as wq
    from blog_reader.index.query import MAX_EXPANDED_TERMS, bound, make_parser, parse

    served = archive._current  # the index this archive serves, for its reader
    assert served is not None
    reader = served.engine._searcher.reader()
    parser = make_parser(reader.schema)

    star = bound(parse(parser, "*"), reader)
    assert all(isinstance(leaf, wq.Every) and leaf.fieldname is None for leaf in star.leaves())

    many = " ".join(f"{a}{b}*" for a in "knhrsdut" for b in "aeiou")
    terms = [leaf for leaf in bound(parse(parser, many), reader).leaves() if leaf.is_leaf()]
    assert 0 < len(terms) <= MAX_EXPANDED_TERMS
