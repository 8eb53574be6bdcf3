"""Front matter: YAML and TOML fields, and what is done with broken or hostile ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from post_files import read

from blog_reader.index.model import Kind


def test_yaml_front_matter_fills_every_field(tmp_path: Path) -> None:
    post = read(
        tmp_path,
        "healing.md",
        "---\n"
        'title: "Exosomes 6: Healing takes time"\n'
        "number: 6\n"
        "date: 2020-01-09\n"
        "tags: [exosomes, healing]\n"
        "url: https://example.com/6/\n"
        "kind: summary\n"
        "summary: Remodeling of damaged tissues is complicated.\n"
        "---\n"
        "\n"
        "My foot is still scarred.\n",
    )
    info = post.info
    assert info.title == "Exosomes 6: Healing takes time"
    assert info.number == 6
    assert info.date == dt.date(2020, 1, 9)
    assert info.tags == ("exosomes", "healing")
    assert info.url == "https://example.com/6/"
    assert info.kind is Kind.SUMMARY
    assert info.summary == "Remodeling of damaged tissues is complicated."
    assert post.body == "My foot is still scarred.\n"
    assert post.notes == ()


def test_toml_front_matter(tmp_path: Path) -> None:
    post = read(
        tmp_path,
        "hugo.md",
        '+++\ntitle = "Nerve pain gone"\ndate = 2021-03-04T10:00:00Z\n'
        'tags = ["pain"]\nnumber = 7\nkind = "title-only"\n+++\nBody.\n',
    )
    assert post.info.title == "Nerve pain gone"
    assert post.info.date == dt.date(2021, 3, 4)
    assert post.info.tags == ("pain",)
    assert post.info.number == 7
    assert post.info.kind is Kind.TITLE_ONLY
    assert post.body == "Body.\n"
    assert post.notes == ()


def test_front_matter_keys_are_read_in_any_case(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\nTitle: Shouted\nTags: one\n---\nx\n")
    assert (post.info.title, post.info.tags) == ("Shouted", ("one",))


def test_title_only_post_with_no_body(tmp_path: Path) -> None:
    post = read(tmp_path, "34.md", "---\ntitle: Exosomes 34\nkind: title-only\n---\n")
    assert post.info.title == "Exosomes 34"
    assert post.body == ""
    assert post.info.summary == ""


def test_broken_yaml_keeps_the_body_with_a_note(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: [unclosed\n---\nFirst.\n\n# A heading\n")
    assert post.body == "First.\n\n# A heading\n"
    assert post.info.title == "First."
    assert len(post.notes) == 1
    assert post.notes[0].startswith("front matter ignored: not valid YAML:")
    assert "\n" not in post.notes[0]


def test_broken_toml_keeps_the_body_with_a_note(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "+++\ntitle = \n+++\nText.\n")
    assert post.body == "Text.\n"
    assert post.notes[0].startswith("front matter ignored: not valid TOML:")


def test_unclosed_front_matter_is_read_as_text(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: Never closed\n\nThe text goes on.\n")
    assert post.body == "---\ntitle: Never closed\n\nThe text goes on.\n"
    assert post.notes == ("front matter not closed; read as text",)
    assert post.info.title == "title: Never closed"


def test_front_matter_that_is_not_fields_is_ignored(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\n- just\n- a list\n---\nText.\n")
    assert post.body == "Text.\n"
    assert post.notes == ("front matter ignored: it is a list, not fields",)


def test_yaml_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]"
        for i in range(15)
    ]
    post = read(tmp_path, "bomb.md", "---\n" + "\n".join(lines) + "\ntitle: Boom\n---\nText.\n")
    assert post.notes == ("front matter ignored: too many YAML aliases",)
    assert post.info.title == "Text."


def test_huge_front_matter_is_ignored(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: Big\nx: " + "y" * 70_000 + "\n---\nText.\n")
    assert post.notes == ("front matter ignored: larger than 64 KiB",)
    assert post.body == "Text.\n"


@pytest.mark.parametrize(
    "value",
    ["[" * 30_000 + "]" * 30_000, "{a: " * 10_000 + "}" * 10_000, "\n  " + "- " * 30_000 + "x"],
    ids=["brackets", "braces", "block"],
)
def test_deeply_nested_yaml_is_ignored_not_parsed(tmp_path: Path, value: str) -> None:
    # Tens of thousands of levels crash PyYAML's C parser outright.
    post = read(tmp_path, "a.md", f"---\ntitle: Deep\nx: {value}\n---\nText.\n")
    assert post.body == "Text.\n"
    assert post.notes == ("front matter ignored: nested too deeply",)


def test_moderately_nested_yaml_is_read(tmp_path: Path) -> None:
    post = read(tmp_path, "a.md", "---\ntitle: Kept\nx: " + "[" * 50 + "]" * 50 + "\n---\nx\n")
    assert (post.info.title, post.notes) == ("Kept", ())
