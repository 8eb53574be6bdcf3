"""Reading post files: front matter, fallbacks, odd bytes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from post_files import read, reason, write

from blog_reader.index.dates import date_from_filename, parse_date
from blog_reader.index.model import Kind
from blog_reader.index.reader import MAX_BODY_CHARS, PostError, read_post
from blog_reader.index.text import _TABLE, clean, clean_line

# --- title -------------------------------------------------------------------


def test_title_from_an_opening_atx_heading(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "\n# Back on the *treadmill* again #\n\nText.\n")
    assert post.info.title == "Back on the treadmill again"


def test_title_from_an_opening_setext_heading(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "Not inert\n=========\n\nText.\n")
    assert post.info.title == "Not inert"


def test_title_from_the_first_line_when_no_heading_opens_the_body(tmp_path: Path) -> None:
    post = read(tmp_path, "a.txt", "Dear [reader](http://x.org),\nmore text.\n\n## A section\n")
    assert post.info.title == "Dear reader,"


def test_title_from_a_long_first_line_is_cut_at_a_word(tmp_path: Path) -> None:
    post = read(tmp_path, "a.txt", "word " * 100)
    assert len(post.info.title) <= 200
    assert post.info.title.endswith("word…")


def test_title_from_the_file_name(tmp_path: Path) -> None:
    post = read(tmp_path, "2020-01-09-healing_takes-time.md", "---\nnumber: 6\n---\n")
    assert post.info.title == "healing takes time"


@pytest.mark.parametrize(
    ("field", "title"),
    [
        ("title: [Exosomes, 27]", "Exosomes 27"),
        ("title: 1984", "1984"),
        ("title: '  spaced\n   out  '", "spaced out"),
    ],
)
def test_title_that_is_not_text_is_made_text(tmp_path: Path, field: str, title: str) -> None:
    post = read(tmp_path, "a.md", f"---\n{field}\n---\nBody.\n")
    assert post.info.title == title
    assert post.notes == ()


def test_title_that_is_a_mapping_is_ignored_with_a_note(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: {en: Hello}\n---\n# From the body\n")
    assert post.info.title == "From the body"
    assert post.notes == ("title ignored: expected text, got a set of fields",)


# --- other fields ------------------------------------------------------------


def test_date_from_a_jekyll_file_name(tmp_path: Path) -> None:
    post = read(tmp_path, "_posts/2019-12-31-year-end.md", "Text.\n")
    assert post.info.date == dt.date(2019, 12, 31)
    assert post.info.title == "Text."


def test_front_matter_date_wins_over_the_file_name(tmp_path: Path) -> None:
    post = read(tmp_path, "2019-12-31-year-end.md", "---\ndate: 2020-01-02\n---\nText.\n")
    assert post.info.date == dt.date(2020, 1, 2)


@pytest.mark.parametrize(
    "value",
    [
        "2020-01-09",
        "2020-1-9",
        "2020-01-09T10:00:00Z",
        "2020-01-09T23:30:00.123-05:00",
        "2020-01-09 10:00:00 +0100",
        "2020-01-09 10:00",
        "'2020-01-09'",
        "2020/01/09",
        "9 Jan 2020",
        "09 January 2020",
        "9th January, 2020",
        "Jan 9, 2020",
        "January 9, 2020",
        "January 9 2020",
        "Thu, 09 Jan 2020 10:00:00 +0000",
        "Thu, 9 Jan 2020 10:00:00 GMT",
        "Thursday, January 9, 2020",
    ],
)
def test_date_formats(tmp_path: Path, value: str) -> None:
    post = read(tmp_path, "a.md", f"---\ndate: {value}\n---\nText.\n")
    assert post.info.date == dt.date(2020, 1, 9)
    assert post.notes == ()


@pytest.mark.parametrize(
    "value",
    ["01/02/2020", "09.01.2020", "20200109", "2020-02-30", "tomorrow", "Smarch 9, 2020", "[1, 2]"],
)
def test_dates_that_are_ambiguous_or_not_dates_are_left_out_with_a_note(
    tmp_path: Path, value: str
) -> None:
    post = read(tmp_path, "a.md", f"---\ntitle: Kept\ndate: {value}\n---\nText.\n")
    assert post.info.date is None
    assert post.info.title == "Kept"
    assert len(post.notes) == 1
    assert post.notes[0].startswith("date ignored:")


def test_bad_front_matter_date_falls_back_to_the_file_name(tmp_path: Path) -> None:
    post = read(tmp_path, "2020-01-09-a.md", "---\ndate: someday\n---\nText.\n")
    assert post.info.date == dt.date(2020, 1, 9)
    assert post.notes == ("date ignored: 'someday' is not a date",)


def test_parse_date_takes_date_objects_and_nothing_else() -> None:
    assert parse_date(dt.datetime(2020, 1, 9, 23, 59)) == dt.date(2020, 1, 9)
    assert parse_date(dt.date(2020, 1, 9)) == dt.date(2020, 1, 9)
    assert parse_date(20200109) is None
    assert parse_date(None) is None
    assert parse_date("2020-01-09" * 20) is None


def test_date_from_filename() -> None:
    assert date_from_filename("2020-01-09-slug.md") == dt.date(2020, 1, 9)
    assert date_from_filename("posts/2020-01-09.md") == dt.date(2020, 1, 9)
    assert date_from_filename("2020-13-09-slug.md") is None
    assert date_from_filename("slug-2020-01-09.md") is None


def test_tags_as_list_comma_text_and_categories_without_repeats(tmp_path: Path) -> None:
    post = read(
        tmp_path,
        "a.md",
        "---\ntags: [Exosomes, ' pain ', 2020]\ncategories: health, exosomes, , Science\n"
        "category: science\n---\nText.\n",
    )
    assert post.info.tags == ("Exosomes", "pain", "2020", "health", "Science")
    assert post.notes == ()


def test_tags_that_are_not_text_are_left_out_with_a_note(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntags: [ok, {a: b}, [c]]\n---\nText.\n")
    assert post.info.tags == ("ok",)
    assert post.notes == ("tags: left out entries that are not text",)


def test_number_as_text_and_wrong_numbers(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", "---\nnumber: ' 27 '\n---\nx\n").info.number == 27
    post = read(tmp_path, "b.md", "---\nnumber: twelve\n---\nx\n")
    assert post.info.number is None
    assert post.notes == ("number ignored: 'twelve' is not a whole number",)


def test_number_is_never_guessed_from_the_title(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: 'Exosomes 27: Part 3'\n---\nx\n")
    assert post.info.number is None


def test_url_from_permalink_and_a_number_url_is_ignored(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", "---\npermalink: /p/1/\n---\nx\n").info.url == "/p/1/"
    post = read(tmp_path, "b.md", "---\nurl: 42\n---\nx\n")
    assert post.info.url is None
    assert post.notes == ("url ignored: expected text, got a number",)


def test_unknown_kind_reads_as_full_with_a_note(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\nkind: draft\n---\nx\n")
    assert post.info.kind is Kind.FULL
    assert post.notes == ("kind 'draft' unknown; read as full",)


def test_summary_from_the_first_paragraph(tmp_path: Path) -> None:
    post = read(
        tmp_path,
        "a.md",
        "# Title\n\n![photo](a.jpg)\n\nUsing my *left foot* as an\n[example](http://x).\n\nMore.\n",
    )
    assert post.info.summary == "Using my left foot as an example."


def test_long_summary_is_cut_at_a_word_with_an_ellipsis(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "# T\n\n" + "healing takes time " * 40 + "\n")
    summary = post.info.summary
    assert len(summary) <= 300
    assert summary.endswith("…")
    assert summary[:-1].split()[-1] in {"healing", "takes", "time"}


def test_summary_from_description(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ndescription: |\n  Two\n  lines.\n---\nBody words.\n")
    assert post.info.summary == "Two lines."


# --- bytes, encodings, unsafe characters --------------------------------------


def test_windows_1252_bytes_are_decoded_with_a_note(tmp_path: Path) -> None:
    post = read(
        tmp_path, "a.md", "---\ntitle: Café \u2013 naïve\n---\n“Quoted” text.\n".encode("cp1252")
    )
    assert post.info.title == "Café \u2013 naïve"
    assert post.body == "“Quoted” text.\n"
    assert post.notes == ("decoded as Windows-1252",)


def test_bytes_outside_windows_1252_fall_back_to_latin_1(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", b"caf\xe9 \x81 na\xefve\n")
    assert post.info.title == "café naïve"
    assert post.notes == ("decoded as Latin-1",)


def test_utf8_bom_does_not_hide_the_front_matter(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "\ufeff---\ntitle: With BOM\n---\nText.\n")
    assert post.info.title == "With BOM"
    assert post.body == "Text.\n"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: Notepad\n---\nText.\n".encode("utf-16"))
    assert post.info.title == "Notepad"
    assert post.notes == ("decoded as UTF-16",)


def test_crlf_line_ends(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\r\ntitle: Windows\r\n---\r\nLine one\r\nLine two\r\n")
    assert post.info.title == "Windows"
    assert post.body == "Line one\nLine two\n"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text then NULs" + bytes(64),
        bytes(range(1, 32)) * 50,
    ],
    ids=["png", "many NULs", "controls"],
)
def test_binary_files_are_refused(tmp_path: Path, content: bytes) -> None:
    assert reason(tmp_path, "a.md", content) == "binary file"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf\n"])
def test_empty_files_are_refused(tmp_path: Path, content: bytes) -> None:
    assert reason(tmp_path, "a.md", content) == "empty file"


def test_control_and_escape_characters_never_reach_fields_or_body(tmp_path: Path) -> None:
    nasty = "\x1b[31mRed\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \u202eevil\x07\x9b"
    post = read(
        tmp_path,
        "a.md",
        f'---\ntitle: "{nasty}"\ntags: ["{nasty}"]\nsummary: "{nasty}"\n---\nBody {nasty}\n',
    )
    expected = "Red link evil"
    assert post.info.title == expected
    assert post.info.tags == (expected,)
    assert post.info.summary == expected
    assert post.body == f"Body {expected}\n"


_SOME_KEPT_AND_DROPPED = "ab \t\n\x00\x07\x7f\x85\u200d\u200e\u202e\u2028\u2066é中"


@given(st.text(alphabet=st.sampled_from(_SOME_KEPT_AND_DROPPED)))
def test_clean_changes_nothing_else_than_its_table_says(text: str) -> None:
    # clean() skips the translation when no character of the table is there.
    assert clean(text) == text.translate(_TABLE)


def test_clean_keeps_tabs_newlines_and_joiners() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean(f"a\tb\r\nc\rd {family}\u200e\x00\x7f") == f"a\tb\nc\nd {family}"
    assert clean_line("  several\n\n  lines\t here ") == "several lines here"


def test_long_body_is_cut_with_a_note(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: Long\n---\n" + "word " * (MAX_BODY_CHARS // 5 + 10))
    assert len(post.body) == MAX_BODY_CHARS
    assert post.notes == ("body cut at 2,000,000 characters",)
    assert post.info.title == "Long"


# --- ids, paths, errors ------------------------------------------------------


def test_id_is_the_relative_posix_path_and_path_is_absolute(tmp_path: Path) -> None:
    path = write(tmp_path, "2020/jan/post.md", "Text.\n")
    post = read_post(path, tmp_path)
    assert post.info.id == "2020/jan/post.md"
    assert post.info.path == path.absolute()
    assert post.info.path.is_absolute()


def test_relative_paths_give_the_same_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "blog/sub/post.md", "Text.\n")
    monkeypatch.chdir(tmp_path)
    post = read_post(Path("blog/sub/post.md"), Path("blog"))
    assert post.info.id == "sub/post.md"
    assert post.info.path == tmp_path / "blog/sub/post.md"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PostError, match=r"^cannot read: No such file or directory$"):
        read_post(tmp_path / "gone.md", tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.md", "Text.\n")

    def refuse(*args: object) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    # Faked: the tests may run as root, who can read any file.
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PostError, match=r"^cannot read: Permission denied$"):
        read_post(path, tmp_path)


def test_directory_is_not_a_post(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(PostError, match=r"^not a file$"):
        read_post(tmp_path / "folder.md", tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(PostError, match=r"^not a file$"):
        read_post(tmp_path / "pipe.md", tmp_path)
