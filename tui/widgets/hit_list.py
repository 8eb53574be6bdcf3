"""The list of search hits: one option per hit, its title line then its snippet.

Post text goes in as ``Content`` styled with the app's looks (``tui/look.py``), never
as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from blog_reader.index import Hit, SearchResult, Span
from blog_reader.tui.keys import list_bindings
from blog_reader.tui.kinds import KIND_WORDING
from blog_reader.tui.look import FACTS, MATCH, TITLE
from blog_reader.tui.widgets.folded import Folded


def hit_prompt(hit: Hit, title_spans: tuple[Span, ...] = ()) -> Content:
    """Title, date and snippet of ``hit``, the matched words styled (never markup)."""
    info = hit.info
    title = Content.styled(info.title, TITLE)
    for span in title_spans:
        title = title.stylize(MATCH, span.start, span.end)
    head: list[Content | tuple[str, str] | str] = [title]
    facts = [f"No. {info.number}"] if info.number is not None else []
    if info.date is not None:
        facts.append(info.date.isoformat())
    if label := KIND_WORDING[info.kind].label:
        facts.append(label)
    if facts:
        # Each fact kept whole on its line ("No. 27", "summary only"): no-break spaces.
        kept = " · ".join(fact.replace(" ", "\xa0") for fact in facts)
        head.append(("  " + kept, FACTS))
    snippet = hit.snippet
    # Same length, so the spans still fit: newlines would break the option's layout.
    body = Content(snippet.text.replace("\n", " ").replace("\r", " "))
    for span in snippet.spans:
        body = body.stylize(MATCH, span.start, span.end)
    return Content.assemble(*head, "\n", body) if snippet.text else Content.assemble(*head)


def hit_option(hit: Hit, title_spans: tuple[Span, ...], option_id: str) -> Option:
    """An option showing ``hit``, wrapped as the reader wraps (:class:`Folded`)."""
    return Option(Folded(hit_prompt(hit, title_spans)), id=option_id)


def hit_options(
    hits: tuple[Hit, ...], spans: list[tuple[Span, ...]], start: int
) -> list[Option | None]:
    """An option for each hit (numbered from ``start``), each followed by a divider."""
    options: list[Option | None] = []
    for index, (hit, title) in enumerate(zip(hits, spans, strict=True), start):
        options += [hit_option(hit, title, f"hit-{index}"), None]
    return options


def continues(shown: SearchResult | None, result: SearchResult) -> bool:
    """Whether ``result`` is ``shown`` with more hits after the same ones (the
    caller has checked that both answer the same request)."""
    return (
        shown is not None
        and shown.query == result.query
        and shown.correction == result.correction
        and len(result.hits) > len(shown.hits)
        and [hit.info.id for hit in result.hits[: len(shown.hits)]]
        == [hit.info.id for hit in shown.hits]
    )


class HitList(OptionList):
    """The hits, one option each (title line, then the snippet).

    Its size is the results pane's (its CSS: ``1fr`` both ways), never its hits':
    a new list of hits changes only how far it scrolls. Textual's ``virtual_size``
    asks for a layout of the whole screen at each change, and each keystroke's hits
    changed it: the screen was laid out again and every widget the layout touched
    drawn anew (3-5 ms of a 10 ms frame at 10,000 posts). Here it only repaints;
    the scroll bar is kept up by the list itself (``OptionList._update_lines``),
    and a scroll bar that comes or goes still lays the screen out.
    """

    DEFAULT_CSS = """
    HitList { width: 1fr; height: 1fr; max-height: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("hit")

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
