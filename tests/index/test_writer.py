"""The build's tuned writer gives the index Whoosh's own writer gives, posting for posting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blog_reader.index._whoosh import SegmentWriter
from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index.bundled import bundled_corpus
from blog_reader.index.prepare import Prepared, prepare
from blog_reader.index.schema import make_schema
from blog_reader.index.sync import scan
from blog_reader.index.writer import BuildWriter
from tests.bench.corpus import generate


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Whoosh documents of the bundled archive and 300 synthetic posts."""
    docs: list[dict[str, Any]] = []
    synthetic = generate(tmp_path_factory.mktemp("corpus"), 300)
    for root in (bundled_corpus(), synthetic):
        for path, stamp in sorted(scan(root).values()):
            item = prepare(Path(path), root, stamp)
            assert isinstance(item, Prepared)
            docs.append(item.doc)
    assert len(docs) == len(list(bundled_corpus().glob("*.md"))) + 300
    return docs


def build(
    folder: Path, writer_class: type, docs: list[dict[str, Any]], limitmb: float, **options: Any
) -> Any:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = writer_class(ix, limitmb=limitmb, compound=False, **options)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return whoosh_index.open_dir(str(folder))


def contents(ix: Any) -> dict[str, Any]:
    """Everything a search reads: every term's statistics, every posting with the
    statistics of its block, stored fields and field lengths."""
    with ix.reader() as reader:
        terms = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            postings = []
            matcher = reader.postings(field, term)
            while matcher.is_active():
                postings.append(
                    (
                        matcher.id(),
                        matcher.weight(),
                        matcher.value(),
                        matcher.block_max_weight(),
                        matcher.block_min_length(),
                        matcher.block_max_length(),
                    )
                )
                matcher.next()
            terms[field, term] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
                postings,
            )
        names = [name for name in ix.schema.names() if ix.schema[name].scorable]
        lengths = [
            [reader.doc_field_length(docnum, name) for name in names]
            for docnum in range(reader.doc_count_all())
        ]
        return {
            "terms": terms,
            "stored": list(reader.all_stored_fields()),
            "lengths": lengths,
            "totals": [reader.field_length(name) for name in names],
        }


def test_the_same_segment_files_byte_for_byte_when_every_block_is_compressed(
    tmp_path: Path, documents: list[dict[str, Any]]
) -> None:
    whoosh = build(tmp_path / "whoosh", SegmentWriter, documents, limitmb=256)
    tuned = build(tmp_path / "tuned", BuildWriter, documents, limitmb=256, whoosh_bytes=True)
    (segment,) = whoosh._segments()
    (tuned_segment,) = tuned._segments()
    files = sorted(
        path.name.replace(segment.segment_id(), "SEG")
        for path in (tmp_path / "whoosh").iterdir()
        if segment.segment_id() in path.name
    )
    assert {".pst", ".trm"} <= {Path(name).suffix for name in files}
    for name in files:
        ours = (tmp_path / "tuned" / name.replace("SEG", tuned_segment.segment_id())).read_bytes()
        theirs = (tmp_path / "whoosh" / name.replace("SEG", segment.segment_id())).read_bytes()
        assert ours == theirs, name


def test_the_same_postings_with_short_blocks_left_uncompressed(
    tmp_path: Path, documents: list[dict[str, Any]]
) -> None:
    whoosh = build(tmp_path / "whoosh", SegmentWriter, documents, limitmb=256)
    tuned = build(tmp_path / "tuned", BuildWriter, documents, limitmb=256)
    expected = contents(whoosh)
    assert len(expected["terms"]) > 5_000
    assert contents(tuned) == expected
    # Short blocks are stored as they are: the postings file is the smaller.
    (theirs,) = (tmp_path / "whoosh").glob("*.pst")
    (ours,) = (tmp_path / "tuned").glob("*.pst")
    assert ours.stat().st_size < theirs.stat().st_size


@pytest.mark.parametrize("limitmb", [0.5, 2])
def test_the_same_postings_when_the_pool_spills_to_disk(
    tmp_path: Path, documents: list[dict[str, Any]], limitmb: float
) -> None:
    # A small memory limit makes both pools write sorted runs and merge them.
    # The files may then differ in how pickle shares equal values, not in what
    # they hold.
    whoosh = build(tmp_path / "whoosh", SegmentWriter, documents, limitmb)
    tuned = build(tmp_path / "tuned", BuildWriter, documents, limitmb)
    expected = contents(whoosh)
    assert len(expected["terms"]) > 5_000
    assert contents(tuned) == expected


def test_documents_with_whoosh_keywords_take_whooshs_own_path(
    tmp_path: Path, documents: list[dict[str, Any]]
) -> None:
    boosted = [dict(doc, _boost=2.0) if at % 7 == 0 else doc for at, doc in enumerate(documents)]
    whoosh = build(tmp_path / "whoosh", SegmentWriter, boosted, limitmb=256)
    tuned = build(tmp_path / "tuned", BuildWriter, boosted, limitmb=256)
    assert contents(tuned) == contents(whoosh)
