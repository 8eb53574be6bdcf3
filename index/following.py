"""The blog's address for one archive, worked out once and kept (see :mod:`index.site`).

The archive asks for it with each index it serves: ``--site`` and the site
config do not change while it runs; the posts' own addresses and an address
inferred from their links may change with each sync (an inferred address is
kept in the catalog until the next change).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from blog_reader.index.catalog import Catalog
from blog_reader.index.links import LinkResolver, find_links, make_parser
from blog_reader.index.linkstore import INFERRED_SITE_KEY
from blog_reader.index.site import Site, find_config, infer_site, site_from

INFERENCE_BODY_CHARS = 64 * 1024
"""How much of each post's body is read for links when inferring the site."""
INFERENCE_CHARS = 2_000_000
"""How much text, at most, is read for links when inferring the site (the smallest
posts first): reading all 17 MB of the Node.js blog's posts took 36 s."""


class SiteFinder:
    """Finds the site address of one corpus, from the most to the least certain source."""

    def __init__(self, corpus: Path, given: str | None = None) -> None:
        self.corpus = corpus
        self.given = None if given is None else site_from(given, "--site")
        self.problems: list[str] = []
        """Site configs that could not be read, one line each."""
        self._config: Site | None = None
        self._config_read = False
        self._lock = threading.Lock()

    def config(self) -> Site | None:
        """The address a site config at or above the corpus gives (read once)."""
        with self._lock:
            if not self._config_read:
                self._config = find_config(self.corpus, self.problems)
                self._config_read = True
            return self._config

    def settled(self, catalog: Catalog) -> Site | None:
        """The address when it is known without reading posts' links (cheap)."""
        known = self.given or self.config()
        if known is not None:
            return known
        origin = catalog.commonest_origin()
        if origin is not None:
            return site_from(origin, "the posts' own addresses", maps_files=False)
        kept = catalog.get_meta(INFERRED_SITE_KEY)
        return site_from(kept, "inferred from the posts' links") if kept else None

    def find(self, catalog: Catalog, hrefs: Iterable[str] | None = None) -> Site | None:
        """The address, inferring it from links when nothing else gives it: from
        ``hrefs`` (every link of the archive, when the caller has read them), else
        from the links of the smallest posts, :data:`INFERENCE_CHARS` of them at
        most (reads posts: call it off the UI thread). The answer is kept in the
        catalog until the posts change."""
        known = self.settled(catalog)
        if known is not None or catalog.get_meta(INFERRED_SITE_KEY) is not None:
            return known
        resolver = LinkResolver(catalog, None, frozenset({self.corpus.name.lower()}))
        found = hrefs if hrefs is not None else _smallest_posts_links(catalog)
        site = infer_site(found, resolver.post_prefix, "inferred from the posts' links")
        catalog.set_meta(INFERRED_SITE_KEY, "" if site is None else site.base)
        return site


def _smallest_posts_links(catalog: Catalog) -> Iterator[str]:
    """The full addresses linked to by the smallest posts, up to a budget of text."""
    parser = make_parser()
    budget = INFERENCE_CHARS
    for _, body in catalog.bodies():
        text = body[:INFERENCE_BODY_CHARS]
        for link in find_links(text, parser):
            if "://" in link.href:
                yield link.href
        budget -= len(text)
        if budget <= 0:
            return
