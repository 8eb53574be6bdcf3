"""MDX posts (Markdown with JSX, as Next.js and Docusaurus sites write them) as Markdown.

An ``.mdx`` file is Markdown plus ES module lines (``import``, ``export``) and
JSX: components (``<AlertBox level="info">...</AlertBox>``) and ``{...}``
expressions. Module lines and comments are dropped, attribute expressions are
emptied and a component keeps only its text (the HTML rewrite that follows,
:mod:`index.html_text`, drops its tags).
"""

from __future__ import annotations

import re

from blog_reader.index.codeblocks import Stash, set_code_aside

_MODULE_LINE = re.compile(
    r"^import\s+(?:[^\n]*?\sfrom\s+)?['\"][^'\"\n]+['\"];?[ \t]*$"
    r"|^import\s+\{[^}]*\}\s*from\s+['\"][^'\"\n]+['\"];?[ \t]*$"
    r"|^export\s+(?:const|let|var|default|function|class|async)\b[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*",
    re.MULTILINE,
)
_JSX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)
# An attribute's {expression}, up to two levels of braces deep.
_ATTRIBUTE_EXPRESSION = re.compile(r"=\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}")
_LINE_EXPRESSION = re.compile(r"^[ \t]*\{[^\n]*\}[ \t]*$", re.MULTILINE)


def mdx_to_markdown(body: str) -> str:
    """Return an MDX body as Markdown with HTML-like tags (see the module's docstring)."""
    stash = Stash()
    text = set_code_aside(body, stash)
    text = _MODULE_LINE.sub("", text)
    text = _JSX_COMMENT.sub("", text)
    text = _ATTRIBUTE_EXPRESSION.sub('=""', text)
    text = _LINE_EXPRESSION.sub("", text)
    return stash.restore(text)
