"""Real blogs' conventions, one small site per generator: what a reader of it sees.

Each test writes a site the way its generator lays it out (Zola, Hugo, Jekyll, the
Go blog, Next.js with MDX, a plain folder of Markdown), indexes it, and checks
the listed posts, their dates and authors, and the text the reader and ``show``
get: site markup and HTML resolved, never raw.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from blog_reader.index import Archive
from blog_reader.index.nonposts import NonPost, by_content
from tests.index.conftest import Writer

_MD = MarkdownIt("commonmark")
_TEMPLATE = re.compile(r"\{\{|\{%|%\}|\}\}")


def raw_markup(body: str) -> list[str]:
    """What would reach the screen raw: HTML and template syntax outside code."""
    found: list[str] = []
    for token in _MD.parse(body):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or ():
            raw_html = child.type == "html_inline"
            if raw_html or (child.type == "text" and _TEMPLATE.search(child.content)):
                found.append(child.content)
    return found


def listed(archive: Archive) -> dict[str, tuple[str, dt.date | None, tuple[str, ...]]]:
    return {info.id: (info.title, info.date, info.authors) for info in archive.posts()}


def test_zola_dates_come_from_path_and_sections_are_not_posts(
    write: Writer, open_archive: Callable[[], Archive]
) -> None:
    write("_index.md", '+++\ntitle = "Blog"\nsort_by = "date"\n+++\n')
    write("posts/_index.md", '+++\ntitle = "Posts"\n+++\nAll the posts.\n')
    write(
        "posts/rust.md",
        '+++\ntitle = "Rust 1.83"\npath = "2024/11/26/rust-1-83"\n'
        '[extra]\nauthor = "ignored"\n+++\nRust 1.83 is out.\n',
    )
    archive = open_archive()
    report = archive.sync()
    assert listed(archive) == {"posts/rust.md": ("Rust 1.83", dt.date(2024, 11, 26), ())}
    assert report.left_out == (("section or listing page", 2),)
    assert archive.search("date:2024-11").total == 1


def test_hugo_shortcodes_become_images_code_and_links(
    write: Writer, open_archive: Callable[[], Archive]
) -> None:
    write(
        "content/posts/gophers.md",
        "---\ntitle: Gophers\ndate: 2023-05-01\nparams:\n  author: Ann Lee\n---\n"
        "Intro.\n\n"
        '{{< figure src="/img/gopher.png" alt="A gopher" caption="Our mascot" >}}\n\n'
        "{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n\n"
        "{{< youtube dQw4w9WgXcQ >}}\n\n"
        "{{% notice tip %}}Keep it **short**.{{% /notice %}}\n\n"
        "{{< unknown-thing arg >}}\n",
    )
    write("content/posts/wip.md", "---\ntitle: Not yet\ndraft: true\n---\nSoon.\n")
    write("layouts/partials/head.md", "{{ .Title }}\n")
    archive = open_archive()
    report = archive.sync()
    assert listed(archive) == {
        "content/posts/gophers.md": ("Gophers", dt.date(2023, 5, 1), ("Ann Lee",))
    }
    assert dict(report.left_out) == {"draft": 1, "template or partial": 1}
    body = archive.get("content/posts/gophers.md").body
    assert "![A gopher](/img/gopher.png)" in body
    assert "Our mascot" in body
    assert "```go\nfunc main() {}\n```" in body
    assert "[Video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in body
    assert "Keep it **short**." in body
    assert "unknown" not in body
    assert raw_markup(body) == []
    assert [hit.id for hit in archive.search("author:lee").hits] == ["content/posts/gophers.md"]


def test_drafts_are_posts_when_asked(write: Writer, corpus: Path, tmp_path: Path) -> None:
    write("a.md", "---\ntitle: Done\n---\nText.\n")
    write("b.md", "---\ntitle: Not yet\ndraft: true\n---\nSoon.\n")
    with Archive.open(corpus, tmp_path / "index") as archive:
        archive.sync()
        assert [info.title for info in archive.posts()] == ["Done"]
    with Archive.open(corpus, tmp_path / "index", drafts=True) as archive:
        archive.sync()
        assert sorted(info.title for info in archive.posts()) == ["Done", "Not yet"]


def test_jekyll_liquid_is_resolved_and_site_files_are_not_posts(
    write: Writer, open_archive: Callable[[], Archive]
) -> None:
    write("_config.yml", "url: https://example.org\n")
    write("README.md", "# My site\n\nHow to build it.\n")
    write("_includes/note.md", "A note include.\n")
    write("_drafts/idea.md", "---\ntitle: Idea\n---\nMaybe.\n")
    write("blog/index.md", "---\nlayout: default\n---\n{% for post in site.posts %}\n"
          "- {{ post.title }}\n{% endfor %}\n")  # fmt: skip
    write("_posts/2019-12-31-hidden.md", "---\ntitle: Hidden\npublished: false\n---\nNo.\n")
    write(
        "_posts/2020-01-09-liquid.md",
        "---\ntitle: Liquid\nauthor: [Bo Chen, Ann Lee]\n---\n"
        "See [the home page]({{ site.baseurl }}/about/) and {% include aside.html %}this.\n\n"
        "{% highlight ruby %}\nputs 'hi'\n{% endhighlight %}\n\n"
        "Write {% raw %}{{ page.title }}{% endraw %} in a layout.\n\n"
        "{% comment %}secret{% endcomment %}Done.\n",
    )
    archive = open_archive()
    report = archive.sync()
    assert listed(archive) == {
        "_posts/2020-01-09-liquid.md": ("Liquid", dt.date(2020, 1, 9), ("Bo Chen", "Ann Lee"))
    }
    assert dict(report.left_out) == {
        "draft": 2,
        "template or partial": 1,
        "section or listing page": 1,
        "README or other site file": 1,
    }
    body = archive.get("_posts/2020-01-09-liquid.md").body
    assert "[the home page](/about/)" in body
    assert "```ruby\nputs 'hi'\n```" in body
    assert "Write `{{ page.title }}` in a layout." in body
    assert "secret" not in body
    assert "Done." in body
    assert raw_markup(body) == []


def test_go_blog_template_calls(write: Writer, open_archive: Callable[[], Archive]) -> None:
    write(
        "generics.md",
        "---\ntitle: Generics\ndate: 2022-03-22T11:00:00Z\nby:\n- Robert Griesemer\n"
        "- Rob Pike\n---\n\n"
        '{{image "generics/gopher.png" 400}}\n\n'
        'Type parameters look like {{raw "<"}}T>.\n\n'
        '\tfunc Max[T constraints.Ordered](x, y T) T {{raw "<"}}- ok\n\n'
        '{{video "https://www.youtube.com/embed/abc"}}\n\n'
        '{{code "generics/max.go" `/START/` `/END/`}}\n\nThe end.\n',
    )
    archive = open_archive()
    archive.sync()
    info = archive.posts()[0]
    assert (info.title, info.date, info.authors) == (
        "Generics",
        dt.date(2022, 3, 22),
        ("Robert Griesemer", "Rob Pike"),
    )
    body = archive.get("generics.md").body
    assert "![](generics/gopher.png)" in body
    assert "Type parameters look like &lt;T>." in body
    assert "\tfunc Max[T constraints.Ordered](x, y T) T <- ok" in body
    assert "[Video](https://www.youtube.com/embed/abc)" in body
    assert "{{" not in body
    assert raw_markup(body) == []
    assert [hit.id for hit in archive.search("author:pike").hits] == ["generics.md"]


def test_next_mdx_posts_are_read_without_module_lines_or_jsx(
    write: Writer, open_archive: Callable[[], Archive]
) -> None:
    write(
        "blog/migrations/v20.mdx",
        "---\ntitle: Moving to v20\ndate: '2024-04-24T12:00:00.000Z'\n"
        "authors: Ann Lee, Bo Chen\n---\n\n"
        "import { AlertBox } from '@/components/AlertBox';\n"
        "export const meta = {\n  level: 2,\n};\n\n"
        '<AlertBox level="info" onClose={() => close()}>\n  Back up first.\n</AlertBox>\n\n'
        "{/* a comment */}\n\nRun the codemod.\n\n"
        "```js\nimport fs from 'node:fs';\n```\n",
    )
    archive = open_archive()
    report = archive.sync()
    assert report.skipped == ()
    assert listed(archive) == {
        "blog/migrations/v20.mdx": ("Moving to v20", dt.date(2024, 4, 24), ("Ann Lee", "Bo Chen"))
    }
    body = archive.get("blog/migrations/v20.mdx").body
    assert "Back up first." in body
    assert "Run the codemod." in body
    assert "AlertBox" not in body
    assert "export" not in body
    assert "comment" not in body
    assert "```js\nimport fs from 'node:fs';\n```" in body
    assert raw_markup(body) == []


def test_plain_folders_title_html_and_natural_order(
    write: Writer, open_archive: Callable[[], Archive]
) -> None:
    write("python/tools/uv.md", "# Using uv\n\nInstall it.\n")
    write("python/1.10.md", "# Python 1.10\n\nText.\n")
    write("python/1.7.md", "# Python 1.7\n\nText.\n")
    write("python/1.70.md", "# Python 1.70\n\nText.\n")
    write(
        "html/figure.md",
        "# A figure\n\n"
        '<div class="figure">\n  <noscript><img src="cat.png"></noscript>\n'
        '  <img data-src="cat.png" alt="A sleeping cat">\n</div>\n\n'
        '<ul>\n  <li>One <a href="https://example.org/">link</a></li>\n  <li>Two</li>\n</ul>\n\n'
        "<p>A <b>bold</b>\n   claim.</p>\n\n"
        "```html\n<div>shown as code</div>\n```\n",
    )
    archive = open_archive()
    archive.sync()
    titles = [info.title for info in archive.posts()]
    assert titles == ["A figure", "Python 1.7", "Python 1.10", "Python 1.70", "Using uv"]
    assert archive.get("python/tools/uv.md").body == "Install it.\n"
    body = archive.get("html/figure.md").body
    assert "![A sleeping cat](cat.png)" in body
    assert body.count("![") == 1
    assert "- One [link](https://example.org/)\n- Two" in body
    assert "A **bold** claim." in body
    assert "```html\n<div>shown as code</div>\n```" in body
    assert raw_markup(body) == []
    assert archive.search("sleeping").total == 1


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["{{", "}}", "{%", "%}", "<", ">", "a", " ", "\n", "é", "%", "/"])))
def test_a_listing_layout_without_words_outside_its_markup_is_a_section(parts: list[str]) -> None:
    # As first written: every piece of markup removed, then any word character.
    body = "".join(parts)
    markup = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<[^<>]*>", re.DOTALL)
    words = re.search(r"\w", markup.sub("", body)) is not None
    found = by_content("blog/index.md", {"layout": "list"}, body)
    assert found == (None if words else NonPost.SECTION)
