"""The bundled Exosomes archive: what a new user sees with no set-up at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from blog_reader.index import Archive, Kind, bundled_corpus
from blog_reader.index.links import LinkTarget


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    with Archive.open(bundled_corpus(), tmp_path_factory.mktemp("index")) as archive:
        report = archive.sync()
        assert not report.skipped
        yield archive


def numbers(archive: Archive, query: str) -> list[int | None]:
    return [hit.info.number for hit in archive.search(query, limit=50).hits]


def test_archive_holds_posts_1_to_32_then_34_and_35_in_order(archive: Archive) -> None:
    assert [p.number for p in archive.posts()] == [*range(1, 33), 34, 35]


def test_kinds(archive: Archive) -> None:
    kinds = {p.number: p.kind for p in archive.posts()}
    assert kinds[6] == kinds[27] == Kind.FULL
    assert kinds[34] == kinds[35] == Kind.TITLE_ONLY
    assert all(kinds[n] == Kind.SUMMARY for n in range(1, 33) if n not in (6, 27))


def test_titles_as_the_blog_gives_them(archive: Archive) -> None:
    titles = {p.number: p.title for p in archive.posts()}
    assert titles[27] == "Exosomes 27: “Soft signs” of Exosomes Actions"
    assert titles[6] == "Exosomes 6: Healing takes time"
    assert titles[11] == "Exosomes blog 11: Deb B's knees are improving"
    assert titles[10] == "Interviews with exosome experts posted"
    assert titles[12] == "80-yo Doug ran 121 miles in 6 days"
    assert titles[34] == "Exosomes 34: Double vision"


def test_no_dates_are_invented(archive: Archive) -> None:
    assert [p.date for p in archive.posts()] == [None] * 34


def test_paresthesia_ranks_post_27_first(archive: Archive) -> None:
    assert numbers(archive, "paresthesia")[0] == 27


def test_sea_urchin_ranks_post_6_first(archive: Archive) -> None:
    assert numbers(archive, "sea urchin")[0] == 6


def test_knees_lists_every_post_about_knees(archive: Archive) -> None:
    # 6 and 27 tell of knees; 11, 12 and 25 are summaries about knees.
    assert set(numbers(archive, "knees")) == {6, 11, 12, 25, 27}


def test_doug_is_found_in_full_posts_and_summaries(archive: Archive) -> None:
    assert set(numbers(archive, "Doug")) == {6, 12, 27}


def test_post_6_does_not_carry_the_archive_list(archive: Archive) -> None:
    body = archive.get("06-exosomes-blog-6-healing-takes-time.md").body
    assert "Archived exosome blogs" not in body
    assert "face blindness" not in body.lower()
    assert "player piano" not in body
    # ...while the summary of post 29 is found in post 29 alone.
    assert numbers(archive, '"player piano"') == [29]


def test_full_posts_keep_the_authors_words(archive: Archive) -> None:
    body = archive.get("27-exosomes-27-soft-signs-of-exosome-actions.md").body
    for words in ("replicative senesence from telomere attrition", "Remember E=mc2"):
        assert words in body


def test_post_6_comments_section(archive: Archive) -> None:
    body = archive.get("06-exosomes-blog-6-healing-takes-time.md").body
    comments = body.split("## Comments", 1)[1]
    assert "Thanks Dr. Park!" in comments
    assert comments.count("Pingback:") == 6


def test_links_between_posts_resolve_inside_the_archive(archive: Archive) -> None:
    resolve = archive.resolve_link
    post_7 = "07-exosomes-blog-7-nerve-pain-gone.md"
    assert resolve(
        "https://www.rechargebiomedical.com/exosomes-blog-7-nerve-pain-gone/"
    ) == LinkTarget(post_7)
    assert resolve("http://rechargebiomedical.com/exosomes-blog-7-nerve-pain-gone") == LinkTarget(
        post_7
    )
    # Post 8's address is given with http: https finds it too.
    assert resolve(
        "https://www.rechargebiomedical.com/exosomes-blog-8-disinformation-or-bad-science/"
    ) == LinkTarget("08-exosomes-blog-8-disinformation-or-bad-science.md")
    assert resolve("https://www.tinyurl.com/exosomes5") is None


def test_every_link_in_the_full_posts_to_the_blog_resolves(archive: Archive) -> None:
    import re

    ids = {info.id for info in archive.posts()}
    followed = 0
    for post_id in (
        "06-exosomes-blog-6-healing-takes-time.md",
        "27-exosomes-27-soft-signs-of-exosome-actions.md",
    ):
        body = archive.get(post_id).body
        for href in re.findall(r"\]\((https?://[^)]+)\)", body):
            if "rechargebiomedical.com" in href:
                target = archive.resolve_link(href, post_id)
                assert target is not None and target.post_id in ids, href
                followed += 1
    assert followed >= 5  # the posts do link to the blog
