"""Newest first: each post's date is read from the index's date column as one
run of bytes, and gives what Whoosh's own column reader gives, post by post."""

from __future__ import annotations

from pathlib import Path

from blog_reader.index import Archive
from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index.column_values import numbers
from blog_reader.index.ordering import Order, SegmentDates


def _archive(write, post, open_archive) -> Archive:  # type: ignore[no-untyped-def]
    for n in range(40):
        # Every seventh post undated (the column's default), the last ones too.
        meta = {} if n % 7 == 3 or n >= 37 else {"date": f"20{10 + n % 13}-0{1 + n % 9}-1{n % 10}"}
        write(f"posts/{n:02d}.md", post(f"Post {n}", "A harbor and a lantern.", **meta))
    archive: Archive = open_archive()
    archive.sync()
    write("posts/05.md", post("Post 5 changed", "A harbor.", date="2030-01-01"))
    write("posts/38.md", post("Post 38 changed", "A harbor."))
    archive.sync()  # a second segment, and deleted posts in the first
    return archive


def test_dates_as_whooshs_column_reader_gives_them(
    write, post, open_archive, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _archive(write, post, open_archive)
    ix = whoosh_index.open_dir(str(tmp_path / "index" / "data" / "whoosh"))
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert len(leaves) > 1
        defaults = 0
        for leaf in leaves:
            column = leaf.column_reader("date", translate=False)
            whooshs = list(column)
            assert numbers(column) == whooshs
            defaults += whooshs.count(column._default)
            assert SegmentDates().of(leaf)  # one date (or the undated mark) a post
        assert defaults  # undated posts, in the middle of a segment and at its end


def test_newest_first_with_undated_posts_last(write, post, open_archive) -> None:  # type: ignore[no-untyped-def]
    archive = _archive(write, post, open_archive)
    hits = archive.search("harbor", limit=50, order=Order.DATE).hits
    assert hits[0].id == "posts/05.md"  # dated 2030 since the change
    dated = [hit.info.date for hit in hits if hit.info.date is not None]
    assert dated == sorted(dated, reverse=True)
    undated = [hit.id for hit in hits if hit.info.date is None]
    assert undated and {hit.id for hit in hits[-len(undated) :]} == set(undated)
