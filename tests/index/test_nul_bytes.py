"""A stray NUL byte does not make a post binary: it is removed, with a note.

Only real signs make a file binary: many NUL bytes, the first bytes of a known
binary format, text invalid in every encoding tried (``tests/test_reader.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import blog_reader.index.sync
from blog_reader.index import Archive
from tests.post_files import read, reason


def test_a_post_with_a_stray_nul_byte_is_read_without_it(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", b"---\ntitle: Stray\n---\nA knee\x00 in the text.\n")
    assert post.info.title == "Stray"
    assert post.body == "A knee in the text.\n"
    assert post.notes == ("read with 1 NUL byte removed",)


def test_a_few_nul_bytes_in_a_long_post_are_removed_and_counted(tmp_path: Path) -> None:
    text = b"Line of text.\n" * 100
    post = read(tmp_path, "a.md", b"\x00" + text + b"\x00\x00" + text + b"\x00")
    assert post.body == (text + text).decode()
    assert post.notes == ("read with 4 NUL bytes removed",)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%text-like header\n1 0 obj << /Type /Catalog >> endobj\n",
        b"\x1f\x8b\x08\x08 compressed, though the rest looks like text\n",
        b"PK\x03\x04 a zip archive (or docx, epub) with text-like bytes\n",
        b"\xff\xd8\xff\xe0 JFIF: a JPEG picture\n",
        b"GIF89a a picture\n",
        b"\x7fELF a program\n",
    ],
    ids=["pdf", "gzip", "zip", "jpeg", "gif", "elf"],
)
def test_files_of_known_binary_formats_are_refused(tmp_path: Path, content: bytes) -> None:
    assert reason(tmp_path, "a.md", content) == "binary file"


@pytest.mark.parametrize("parallel", [False, True], ids=["in process", "parallel build"])
def test_the_sync_indexes_it_and_names_it_in_one_message(
    write, open_archive, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    if parallel:
        monkeypatch.setattr(blog_reader.index.sync, "PARALLEL_FROM", 2)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    write("stray.md", "# Stray\n\nA plantstrayx\x00 word.\n")
    write("clean.md", "# Clean\n\nNothing odd.\n")
    write("other.md", "# Other\n\nNothing odd either.\n")
    archive: Archive = open_archive()
    report = archive.sync()
    assert report.skipped == ()
    assert report.messages == ("Read with stray NUL bytes removed: stray.md.",)
    assert [hit.id for hit in archive.search("plantstrayx").hits] == ["stray.md"]
    assert archive.get("stray.md").notes == ("read with 1 NUL byte removed",)
    assert archive.sync().messages == ()  # said when the file is read, not at every sync
