"""The data side of blog-reader: reading posts, the Whoosh index, search.

This package never imports Textual or ``tui``: the app and the CLI reach it
only through the names exported here.
"""

from blog_reader.index.archive import Archive, CorpusError, PostNotFound
from blog_reader.index.bundled import bundled_corpus
from blog_reader.index.facets import has_filter, toggle_filter
from blog_reader.index.faults import IndexBug
from blog_reader.index.model import (
    FacetKind,
    Facets,
    FacetValue,
    Hit,
    Kind,
    Post,
    PostInfo,
    Progress,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    SyncCancelled,
    SyncReport,
)
from blog_reader.index.ordering import Order
from blog_reader.index.wording import counted

__all__ = [
    "Archive",
    "CorpusError",
    "FacetKind",
    "FacetValue",
    "Facets",
    "Hit",
    "IndexBug",
    "Kind",
    "Order",
    "Post",
    "PostInfo",
    "PostNotFound",
    "Progress",
    "SearchResult",
    "Skipped",
    "Snippet",
    "Span",
    "SyncCancelled",
    "SyncReport",
    "bundled_corpus",
    "counted",
    "has_filter",
    "toggle_filter",
]
