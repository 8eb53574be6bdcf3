"""Site generators' markup in a post, resolved to what it means in Markdown.

Static site generators let posts call templates: Hugo shortcodes
(``{{< figure src="x.png" >}}``, ``{{% note %}}``), Jekyll's Liquid
(``{% highlight go %}``, ``{% raw %}``, ``{{ site.baseurl }}``) and the Go
blog's template calls (``{{image "x.png"}}``, ``{{raw "<"}}``). A reader of
the archive must never see them raw. Known ones become what they mean: an
image with its caption, a code block, the literal text of ``raw``, a video as
a link, a cross-reference as its target. Unknown ones are dropped (the text
between a paired tag's ends is kept).

Code blocks and spans are left as written (see :mod:`index.codeblocks`),
except for the escapes a site resolves even there: ``{% raw %}`` markers,
Go's ``{{raw "..."}}`` and Hugo's ``{{</* ... */>}}``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from blog_reader.index.codeblocks import Stash, set_code_aside

# What may stand inside one call, on one line, up to the next "{{" or "}}" (so that a
# line of a thousand unclosed "{{" is read in one pass, not a pass for each).
_INSIDE = r"(?:[^\n{}]|\{(?!\{)|\}(?!\}))*?"
_INSIDE_TAG = r"(?:[^\n{%]|%(?!\})|\{(?!%))*?"
# A Hugo shortcode, {{< name args >}} or {{% name args %}}; its escaped form {{</* */>}}.
_SHORTCODE = re.compile(rf"\{{\{{([<%])-?\s*(/?)\s*([\w./-]+)({_INSIDE})\s*-?[>%]\}}\}}")
_HUGO_ESCAPE = re.compile(rf"\{{\{{([<%])/\*({_INSIDE})\*/([>%])\}}\}}")
_HUGO_HIGHLIGHT = (
    re.compile(rf"\{{\{{[<%]\s*highlight\s+([\w+#.-]*){_INSIDE}[>%]\}}\}}\n?"),
    re.compile(r"\{\{[<%]\s*/highlight\s*[>%]\}\}"),
)
# Liquid: {% tag args %} and {{ expression }}; paired tags as (opening, closing).
_LIQUID_TAG = re.compile(rf"\{{%-?\s*(\w+)({_INSIDE_TAG})-?%\}}")
_LIQUID_RAW = (re.compile(r"\{%-?\s*raw\s*-?%\}"), re.compile(r"\{%-?\s*endraw\s*-?%\}"))
_LIQUID_COMMENT = (
    re.compile(r"\{%-?\s*comment\s*-?%\}"),
    re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
)
_LIQUID_HIGHLIGHT = (
    re.compile(rf"\{{%-?\s*highlight\s+([\w+#.-]*){_INSIDE_TAG}-?%\}}\n?"),
    re.compile(r"\{%-?\s*endhighlight\s*-?%\}"),
)
# A Go template action or a Liquid output: {{ ... }}, on one line.
_ACTION = re.compile(rf"\{{\{{-?\s*({_INSIDE})\s*-?\}}\}}")
_GO_RAW = re.compile(r"\{\{-?\s*raw\s+(\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`)\s*-?\}\}")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|`([^`]*)`")
_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")

_IMAGE_NAMES = frozenset({"figure", "image", "img", "picture"})
_VIDEO_HOSTS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
}
_REF_NAMES = frozenset({"ref", "relref", "post_url", "link"})


def resolve_markup(body: str) -> str:
    """Return ``body`` with its site markup resolved (see the module's docstring).

    Cheap when there is none: a body without ``{{`` or ``{%`` comes back as is.
    """
    if "{{" not in body and "{%" not in body:
        return body
    body = _paired(body, _LIQUID_COMMENT, lambda opening, inside: "")
    body = _paired(body, _HUGO_HIGHLIGHT, _highlight)
    body = _paired(body, _LIQUID_HIGHLIGHT, _highlight)
    stash = Stash()
    body = _paired(body, _LIQUID_RAW, lambda opening, inside: _literal(inside, stash))
    body = set_code_aside(body, stash, code=_in_code)
    body = _GO_RAW.sub(lambda match: _literal(_string_value(match[1]), stash), body)
    body = _HUGO_ESCAPE.sub(lambda m: _literal(f"{{{{{m[1]}{m[2]}{m[3]}}}}}", stash), body)
    body = _SHORTCODE.sub(_shortcode, body)
    body = _LIQUID_TAG.sub(_liquid_tag, body)
    body = _ACTION.sub(_action, body)
    body = _LEFTOVER.sub("", body)
    return stash.restore(body)


def _paired(
    body: str,
    tags: tuple[re.Pattern[str], re.Pattern[str]],
    replace: Callable[[re.Match[str], str], str],
) -> str:
    """``body`` with each opening tag, the text up to its closing tag and that tag
    replaced by ``replace(opening match, text between)``; in one pass."""
    opening, closing = tags
    pieces: list[str] = []
    at = 0
    while (start := opening.search(body, at)) is not None:
        end = closing.search(body, start.end())
        if end is None:  # then no later opening is closed either
            break
        pieces += [body[at : start.start()], replace(start, body[start.end() : end.start()])]
        at = end.end()
    pieces.append(body[at:])
    return "".join(pieces)


def _in_code(code: str) -> str:
    """What a site shows of code: its raw escapes resolved, all else as written."""
    if "{" not in code:
        return code
    code = _paired(code, _LIQUID_RAW, lambda opening, inside: inside)
    code = _GO_RAW.sub(lambda match: _string_value(match[1]), code)
    return _HUGO_ESCAPE.sub(lambda m: f"{{{{{m[1]}{m[2]}{m[3]}}}}}", code)


def _literal(text: str, stash: Stash) -> str:
    """Text a site shows as written, set aside so nothing else rewrites it.

    Template syntax shown in prose becomes inline code (or a code block), so it
    reads as the code it is; a lone ``<`` or ``&`` is escaped for Markdown.
    """
    if "{{" in text or "{%" in text or _TAG_LIKE.search(text):
        if "\n" in text.strip("\n"):
            return stash.put(f"```\n{text.strip(chr(10))}\n```", block=True)
        ticks = "``" if "`" in text else "`"
        return stash.put(f"{ticks} {text} {ticks}" if "`" in text else f"`{text}`", block=False)
    return stash.put(text.replace("&", "&amp;").replace("<", "&lt;"), block=False)


def _highlight(opening: re.Match[str], code: str) -> str:
    """A highlight block (Hugo or Jekyll) as a fenced code block."""
    code = code.rstrip("\n")
    fence = "~~~~" if "```" in code else "```"
    return f"\n{fence}{opening[1]}\n{code}\n{fence}\n"


def _shortcode(match: re.Match[str]) -> str:
    """A Hugo shortcode's meaning in Markdown, or ``""``."""
    if match[2]:  # a closing tag: the content between stays
        return ""
    name = match[3].lower()
    args, named = _arguments(match[4])
    return _meaning(name, args, named)


def _liquid_tag(match: re.Match[str]) -> str:
    """A Liquid tag's meaning in Markdown (``post_url``, ``link``, ``youtube``), or ``""``."""
    name = match[1].lower()
    if name not in _REF_NAMES and name not in _VIDEO_HOSTS and name not in _IMAGE_NAMES:
        return ""
    args, named = _arguments(match[2])
    return _meaning(name, args, named)


def _action(match: re.Match[str]) -> str:
    """A Go template call or a Liquid output's meaning, or ``""``.

    ``{{image "x.png"}}`` is an image, ``{{video "..."}}`` a link; a Liquid
    output made of a string and filters (``{{ "/x" | relative_url }}``) is the
    string; anything else (a variable, ``end``, ``.Content``) is dropped.
    """
    expression = match[1]
    head = expression.split("|", 1)[0].strip()
    string = _STRING.fullmatch(head)
    if string is not None:
        return _string_value(string[0])
    words = head.split(None, 1)
    if not words:
        return ""
    name = words[0].lower()
    args, named = _arguments(words[1] if len(words) > 1 else "")
    if name == "video" and args:
        return _link("Video", args[0])
    return _meaning(name, args, named)


def _meaning(name: str, args: list[str], named: dict[str, str]) -> str:
    """What a known template call stands for in Markdown; ``""`` when unknown."""
    if name in _IMAGE_NAMES:
        src = named.get("src") or (args[0] if args else "")
        if not src:
            return ""
        alt = named.get("alt") or named.get("title") or named.get("caption") or ""
        caption = named.get("caption") or named.get("title") or ""
        image = f"![{_bracketed(alt)}]({_target(src)})"
        return f"{image}\n\n{caption}\n" if caption and caption != alt else image
    if name in _VIDEO_HOSTS:
        video = named.get("id") or (args[0] if args else "")
        if not video:
            return ""
        return _link("Video", _VIDEO_HOSTS[name].format(video))
    if name in ("tweet", "x") and named.get("id"):
        return _link("Post on X", f"https://x.com/{named.get('user', 'i')}/status/{named['id']}")
    if name == "gist" and len(args) >= 2:
        return _link("Gist", f"https://gist.github.com/{args[0]}/{args[1]}")
    if name in _REF_NAMES and args:
        return args[0]
    return ""


def _link(text: str, href: str) -> str:
    return f"[{text}]({_target(href)})"


def _target(href: str) -> str:
    """A link target Markdown reads whole (spaces and parentheses inside)."""
    if re.search(r"[\s()<>]", href):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def _bracketed(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A template call's positional and named arguments (``key="value"`` or ``key=value``)."""
    try:
        parts = shlex.split(text.replace("`", '"'), posix=True)
    except ValueError:
        parts = text.split()
    args: list[str] = []
    named: dict[str, str] = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if sep and re.fullmatch(r"[\w-]+", key):
            named[key.lower()] = value
        else:
            args.append(part)
    return args, named


def _string_value(literal: str) -> str:
    """The value of a quoted template string (``"..."``, ``'...'`` or a raw ``\\`...\\```)."""
    match = _STRING.fullmatch(literal)
    if match is None:
        return literal
    if match[1] is not None:
        return re.sub(r"\\(.)", r"\1", match[1])
    return match[2] if match[2] is not None else match[3]
