"""Bringing an index up to date with its corpus.

A sync walks the corpus, compares each file's size and modification time with
the catalog's record, and reads only what was added or changed. With nothing
changed it costs one directory walk and one catalog query.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blog_reader.index.catalog import Catalog, Stamp
from blog_reader.index.faults import IndexDamaged
from blog_reader.index.files import walk_posts
from blog_reader.index.model import Progress, Skipped, SyncReport
from blog_reader.index.schema import COMPOUND
from blog_reader.index.store import Store, write_lock
from blog_reader.index.text import clean_line

if TYPE_CHECKING:
    from blog_reader.index.prepare import Prepared, Unreadable

# The parsers (YAML, TOML, Markdown) and the worker pool are imported only when
# there is something to read: a sync that finds nothing changed, which is what
# every `blog-reader search` starts with, does not pay for them.

ProgressFn = Callable[[Progress], None]

WRITER_LIMIT_MB = 128
PARALLEL_FROM = 400
"""A full build of fewer files runs in this process: starting workers costs more."""
MAX_WORKERS = 4


def scan(root: Path, unlisted: list[Skipped] | None = None) -> dict[str, tuple[str, Stamp]]:
    """Every post file under ``root`` by id, with its path and stamp.

    Folders that cannot be listed and names that are not UTF-8 (no id can be
    made of them) are added to ``unlisted``, with the reason.
    """

    def passed_over(path: Path, error: OSError) -> None:
        if unlisted is not None:
            unlisted.append(Skipped(path, error.strerror or str(error)))

    found: dict[str, tuple[str, Stamp]] = {}
    for post_id, entry in walk_posts(root, on_error=passed_over):
        try:
            info = entry.stat()
        except OSError:
            continue  # vanished between listing and stat: not there
        found[post_id] = (entry.path, Stamp(info.st_mtime_ns, info.st_size))
    return found


def sync(store: Store, progress: ProgressFn | None = None, rebuild: bool = False) -> SyncReport:
    """Bring ``store`` up to date with its corpus; rebuild it when asked or needed."""
    started = time.perf_counter()
    report = _noop if progress is None else progress

    def waiting() -> None:
        report(Progress(0, 0, "waiting for another blog-reader to finish indexing"))

    with write_lock(store.folder, on_wait=waiting):
        store.clear_leftovers()
        messages: list[str] = []
        first_build = not store.data.exists()
        if not rebuild:
            try:
                store.open()
            except IndexDamaged as why:
                rebuild = True
                if store.data.exists():
                    messages.append(f"Index rebuilt: {why}.")
        report(Progress(0, 0, "scanning"))
        unlisted: list[Skipped] = []
        files = scan(store.root, unlisted)
        result = _full_build(store, files, report) if rebuild else _update(store, files, report)
        assert store.catalog is not None
        left_out = tuple(store.catalog.left_out())
    return SyncReport(
        added=result.added,
        updated=result.updated,
        removed=result.removed,
        skipped=tuple(unlisted) + result.skipped,
        left_out=left_out,
        seconds=time.perf_counter() - started,
        rebuilt=rebuild,
        first_build=first_build,
        messages=(*messages, *_nul_message(result.nuls_removed)),
    )


@dataclass(frozen=True)
class _Counts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: tuple[Skipped, ...] = ()
    nuls_removed: tuple[str, ...] = ()
    """The ids of the posts read with stray NUL bytes removed."""


NUL_NAMES_SHOWN = 5
"""How many posts read with NUL bytes removed the sync's message names."""


def _nul_message(ids: tuple[str, ...]) -> tuple[str, ...]:
    """One line naming the posts read with stray NUL bytes removed (none if none)."""
    if not ids:
        return ()
    shown = ", ".join(clean_line(pid) for pid in ids[:NUL_NAMES_SHOWN])
    more = len(ids) - NUL_NAMES_SHOWN
    shown += f" and {more} more" if more > 0 else ""
    return (f"Read with stray NUL bytes removed: {shown}.",)


def _update(store: Store, files: dict[str, tuple[str, Stamp]], report: ProgressFn) -> _Counts:
    catalog = store.catalog
    assert catalog is not None
    known = catalog.stamps()
    added = [pid for pid in files if pid not in known]
    changed = [pid for pid in files if pid in known and known[pid] != files[pid][1]]
    removed = [pid for pid in known if pid not in files]
    if not (added or changed or removed):
        return _Counts(skipped=tuple(catalog.skipped()))
    from blog_reader.index.build import index_files, record

    was_post = set(catalog.infos_by_id(changed + removed))
    # The catalog is written after Whoosh commits (see catalog.py), so this
    # batch is held in memory: it is only what changed since the last sync.
    posts: list[Prepared] = []
    skipped: list[Unreadable] = []

    def keep(more_posts: list[Prepared], more_skipped: list[Unreadable]) -> None:
        posts.extend(more_posts)
        skipped.extend(more_skipped)

    todo = [files[pid] for pid in added + changed]
    writer = store.ix.writer(limitmb=WRITER_LIMIT_MB, compound=COMPOUND)
    try:
        for pid in removed:
            writer.delete_by_term("id", pid)
        _, nuls = index_files(
            store.root,
            todo,
            writer.update_document,
            keep,
            after_each=_ticks(report, todo),
            drafts=store.drafts,
        )
        for item in skipped:  # a post that can no longer be read leaves the index
            writer.delete_by_term("id", item.post_id)
        report(Progress(len(todo), len(todo), "saving"))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    record(catalog, posts, skipped, removed)
    gone = removed + [item.post_id for item in skipped]
    return _Counts(
        added=sum(1 for item in posts if item.post.info.id not in was_post),
        updated=sum(1 for item in posts if item.post.info.id in was_post),
        removed=sum(1 for pid in gone if pid in was_post),
        skipped=tuple(catalog.skipped()),
        nuls_removed=tuple(nuls),
    )


def _full_build(store: Store, files: dict[str, tuple[str, Stamp]], report: ProgressFn) -> _Counts:
    """Index every file into a fresh index, swapped in when complete."""
    from blog_reader.index.build import parallel_build

    todo = list(files.values())
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    with store.building() as (ix, catalog):
        if len(todo) >= PARALLEL_FROM and workers > 1:
            added, nuls = parallel_build(
                ix, catalog.path, store.root, todo, workers, report, store.drafts
            )
        else:
            added, nuls = _build_here(ix, catalog, store.root, todo, report, store.drafts)
        report(Progress(len(todo), len(todo), "saving"))
        if ix.doc_count() != added:  # Whoosh can lose a worker's error: check
            raise RuntimeError(f"the new index holds {ix.doc_count()} posts, not {added}")
    assert store.catalog is not None
    return _Counts(added=added, skipped=tuple(store.catalog.skipped()), nuls_removed=tuple(nuls))


def _build_here(
    ix: Any,
    catalog: Catalog,
    root: Path,
    todo: list[tuple[str, Stamp]],
    report: ProgressFn,
    drafts: bool,
) -> tuple[int, list[str]]:
    """A full build in this process (for small corpora): the number of posts, and
    the ids of those read with stray NUL bytes removed."""
    from blog_reader.index.build import index_files, record
    from blog_reader.index.writer import BuildWriter

    writer = BuildWriter(ix, limitmb=WRITER_LIMIT_MB, compound=COMPOUND)
    try:
        added, nuls = index_files(
            root,
            todo,
            writer.add_document,
            lambda posts, skipped: record(catalog, posts, skipped, []),
            after_each=_ticks(report, todo),
            drafts=drafts,
        )
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return added, nuls


def _ticks(report: ProgressFn, todo: list[tuple[str, Stamp]]) -> Callable[[int], None]:
    """A callback telling ``report`` how many files of ``todo`` are read (every 50)."""
    total = len(todo)

    def tick(done: int) -> None:
        if done % 50 == 0 or done == total:
            report(Progress(done, total, "reading"))

    return tick


def _noop(_: Progress) -> None:
    return None


__all__ = ["ProgressFn", "scan", "sync"]
