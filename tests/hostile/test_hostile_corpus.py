"""A corpus of bad and hostile files beside good posts, end to end: sync, search, CLI.

The good posts are indexed and found; each odd but readable post is indexed with
what can be read (its planted word is found); each hopeless file is skipped with
a one-line reason; nothing crashes or stops the rest. (How the reader decodes
each case on its own is in tests/test_reader.py; here they come all at once.)
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_support import assert_no_traceback, good_post, run_cli, write

from blog_reader.index import Archive
from tests.searching import search_ok

GOOD = 5


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    # Every field that takes a list is handed the bomb: none may walk it all.
    fields = "title: *i\ntags: *i\ncategories: *h\nsummary: *i\nurl: *i\nnumber: *i\n"
    return "---\n" + "\n".join(lines) + "\n" + fields + "---\nplantbombx survives.\n"


# name -> content, for files that can be read (perhaps partly) and must be indexed:
# each holds its own planted word.
READABLE: dict[str, bytes] = {
    "latin1.md": "Caf\u00e9 na\u00efve plantlatinx.\n".encode("latin-1") + b"\x81\x8d",
    "cp1252.md": "\u201cSmart\u201d quotes \u2013 plantcpx.\n".encode("cp1252"),
    "bom.md": codecs.BOM_UTF8 + b"---\ntitle: With a BOM\n---\nplantbomx.\n",
    "crlf.md": b"---\r\ntitle: Windows\r\n---\r\nLine one\r\nplantcrlfx\r\n",
    "utf16.md": "---\ntitle: Notepad\n---\nplantutfsixteenx.\n".encode("utf-16"),
    "late-nul.md": b"x" * 9000 + b" \x00 plantlatenulx.\n",
    "nul.md": b"text with a \x00 byte early on: plantnulx.\n",
    "controls.md": b"Bell\x07 escape\x1b[2J form\x0c feed plantcontrolx.\n",
    "broken-yaml.md": b"---\ntitle: [a, b\n---\nplantbrokenx.\n",
    "unterminated.md": b"---\ntitle: never closed\nplantunterminatedx.\n",
    "broken-toml.md": b'+++\ntitle = "x\n+++\nplanttomlx.\n',
    "wrong-types.md": (
        b"---\ntitle: [a list, of words]\nurl: 42\ndate: not a date\n"
        b"tags: {a: 1}\nnumber: [1, 2]\nkind: 7\nsummary: [x]\n---\nplanttypesx.\n"
    ),
    "not-fields.md": b"---\n- just\n- a list\n---\nplantlistx.\n",
    "alias-bomb.md": _alias_bomb().encode(),
    "deep-yaml.md": b"---\ntitle: " + b"[" * 50_000 + b"\n---\nplantdeepx.\n",
    "huge-front-matter.md": b"---\ntitle: t\nx: '" + b"y" * 200_000 + b"'\n---\nplanthugefmx.\n",
    "only-front-matter.md": b"---\ntitle: plantonlyfmx\n---\n",
    "html.md": b"<script>alert(1)</script>\n\n<div>\nplantHTMLx\n</div>\n",
    "dir.md/inside.md": b"Inside a folder named like a post: plantinsidex.\n",
}
# name -> content, for files that are not posts at all: skipped, each with a reason.
HOPELESS: dict[str, bytes] = {
    "empty.md": b"",
    "blank.md": b"  \n\t\r\n",
    "bom-only.md": codecs.BOM_UTF8,
    "nuls.md": b"text with many \x00 bytes" + bytes(100),
    "png.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "random.md": bytes((i * 7919 + 13) % 256 for i in range(20_000)),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for n in range(GOOD):
        write(root, f"good/{n}.md", good_post(n))
    for name, content in {**READABLE, **HOPELESS}.items():
        write(root, name, content)
    (root / "empty-dir.md").mkdir()
    if os.name == "posix":
        (root / "loop.md").symlink_to(root, target_is_directory=True)
        (root / "good" / "up").symlink_to(root, target_is_directory=True)
        (root / "dangling.md").symlink_to(root / "nowhere.md")
        (root / "self.md").symlink_to(root / "self.md")
        (root / "linked.md").symlink_to(root / "good" / "0.md")
        os.mkfifo(root / "fifo.md")
    return root


@pytest.fixture
def archive(corpus: Path, tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(corpus, tmp_path / "index") as opened:
        yield opened


def _planted(name: str) -> str:
    raw = READABLE[name]
    text = raw.decode("utf-16" if raw.startswith(codecs.BOM_UTF16_LE) else "latin-1")
    return next(w for w in text.replace(".", " ").split() if w.startswith("plant"))


def test_every_readable_post_is_indexed_and_every_hopeless_file_skipped(
    archive: Archive,
) -> None:
    report = archive.sync()

    ids = {info.id for info in archive.posts()}
    expected = {f"good/{n}.md" for n in range(GOOD)} | set(READABLE)
    if os.name == "posix":
        expected.add("linked.md")
    assert ids == expected
    reasons = {s.path.name: s.reason for s in report.skipped}
    assert set(reasons) == set(HOPELESS)
    for name, reason in reasons.items():
        assert reason and "\n" not in reason and len(reason) < 200, name


def test_every_post_is_found_by_its_planted_word(archive: Archive) -> None:
    archive.sync()
    for n in range(1, GOOD):  # (good/0.md is linked to as linked.md too)
        assert [hit.id for hit in archive.search(f"plant{n}x").hits] == [f"good/{n}.md"]
    for name in READABLE:
        word = _planted(name)
        assert [hit.id for hit in archive.search(word).hits] == [name], name


def test_what_the_reader_changed_is_noted_on_the_post(archive: Archive) -> None:
    archive.sync()
    noted = {
        "latin1.md": "decoded as",
        "cp1252.md": "Windows-1252",
        "broken-yaml.md": "not valid YAML",
        "unterminated.md": "not closed",
        "broken-toml.md": "not valid TOML",
        "deep-yaml.md": "nested",
        "huge-front-matter.md": "larger than",
        "not-fields.md": "not fields",
    }
    for name, words in noted.items():
        notes = archive.get(name).notes
        assert any(words in note for note in notes), (name, notes)
    wrong = archive.get("wrong-types.md")
    assert wrong.info.title == "a list of words"
    assert wrong.info.url is None and wrong.info.date is None and wrong.info.number is None
    assert len(wrong.notes) >= 4


def test_the_command_line_reports_it_all_in_one_line_each(corpus: Path, tmp_path: Path) -> None:
    done = run_cli("index", corpus=corpus, index_dir=tmp_path / "cli-index")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    for name in HOPELESS:
        lines = [line for line in done.stdout.splitlines() if line.startswith(f"skipped {name}:")]
        assert len(lines) == 1, (name, done.stdout)
    found = run_cli("search", "plantcpx", corpus=corpus, index_dir=tmp_path / "cli-index")
    assert "cp1252.md" in found.stdout
    for post_id in ("latin1.md", "alias-bomb.md", "wrong-types.md", "dir.md/inside.md"):
        shown = run_cli("show", post_id, corpus=corpus, index_dir=tmp_path / "cli-index")
        assert shown.returncode == 0, (post_id, shown.stderr)
        assert_no_traceback(shown.stderr)


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_a_file_name_that_is_not_utf8_stops_nothing(corpus: Path, tmp_path: Path) -> None:
    write(corpus, b"caf\xe9-\xff.md", b"A post whose name is Latin-1: plantnamex.\n")
    with Archive.open(corpus, tmp_path / "index") as archive:
        archive.sync()
        assert {f"good/{n}.md" for n in range(GOOD)} <= {info.id for info in archive.posts()}
        assert archive.search("plant3x").hits[0].id == "good/3.md"
        archive.sync()  # and again, now an update of an existing index
    done = run_cli("index", corpus=corpus, index_dir=tmp_path / "index")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_names_that_are_not_utf8_are_reported_to_the_walker_s_caller(tmp_path: Path) -> None:
    from blog_reader.index.files import walk_posts

    write(tmp_path, b"caf\xe9.md", b"x")
    write(tmp_path, b"dir-\xff/inside.md", b"x")
    write(tmp_path, "fine.md", b"x")
    errors: list[tuple[Path, OSError]] = []
    found = [
        post_id
        for post_id, _ in walk_posts(
            tmp_path, on_error=lambda path, error: errors.append((path, error))
        )
    ]
    assert found == ["fine.md"]
    assert sorted(os.fsencode(path.name) for path, _ in errors) == [b"caf\xe9.md", b"dir-\xff"]
    assert all(error.strerror == "file name is not UTF-8" for _, error in errors)


@pytest.mark.skipif(os.name != "posix", reason="needs named pipes and symlinks")
def test_files_that_change_between_listing_and_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is changed in the instant between the walk (which saw a post file
    and took its size and time) and the reader opening it."""
    corpus = tmp_path / "corpus"
    for n in range(GOOD):
        write(corpus, f"good/{n}.md", good_post(n))
    names = ["vanishes", "grows", "shrinks", "becomes-dir", "becomes-fifo", "becomes-loop"]
    names += ["becomes-binary", "replaced"]
    for name in names:
        write(corpus, f"{name}.md", f"Before: plant{name.replace('-', '')}x.\n")

    def meddle(path: Path) -> None:
        if path.name == "vanishes.md":
            path.unlink()
        elif path.name == "grows.md":
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("more words " * 100_000 + "plantgrownx\n")
        elif path.name == "shrinks.md":
            path.write_bytes(b"")
        elif path.name == "becomes-dir.md":
            path.unlink()
            path.mkdir()
        elif path.name == "becomes-fifo.md":
            path.unlink()
            os.mkfifo(path)
        elif path.name == "becomes-loop.md":
            path.unlink()
            path.symlink_to(path)
        elif path.name == "becomes-binary.md":
            path.write_bytes(bytes(4096))
        elif path.name == "replaced.md":
            write(tmp_path, "new.md", "Replaced: plantreplacedx.\n").replace(path)

    real_open = os.open
    done: set[str] = set()

    def open_after_meddling(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        name = Path(path).name
        if name.endswith(".md") and name not in done:
            done.add(name)
            meddle(Path(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_after_meddling)  # what index.reader opens with
    with Archive.open(corpus, tmp_path / "index") as archive:
        report = archive.sync()
        monkeypatch.undo()

        reasons = {s.path.name: s.reason for s in report.skipped}
        assert reasons == {
            "vanishes.md": "cannot read: No such file or directory",
            "shrinks.md": "empty file",
            "becomes-dir.md": "not a file",
            "becomes-fifo.md": "not a file",
            "becomes-loop.md": "cannot read: Too many levels of symbolic links",
            "becomes-binary.md": "binary file",
        }
        for n in range(GOOD):
            assert [hit.id for hit in search_ok(archive, f"plant{n}x").hits] == [f"good/{n}.md"]
        assert [hit.id for hit in search_ok(archive, "plantgrownx").hits] == ["grows.md"]
        assert [hit.id for hit in search_ok(archive, "plantreplacedx").hits] == ["replaced.md"]

        # The next sync sees the files as they now are: the folder, the pipe and the
        # loop are not post files, the vanished file is gone, the rest read again.
        again = archive.sync()
        assert {s.path.name: s.reason for s in again.skipped} == {
            "shrinks.md": "empty file",
            "becomes-binary.md": "binary file",
        }
        ids = {info.id for info in archive.posts()}
        assert {"grows.md", "replaced.md"} <= ids and "vanishes.md" not in ids
