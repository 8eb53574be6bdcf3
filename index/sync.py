"""Bringing an index up to date with its corpus.

A sync walks the corpus, compares each file's size and modification time with
the catalog's record, and reads only what was added or changed. With nothing
changed it costs one directory walk and one catalog query.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.catalog import Catalog, Stamp
from index.model import Post, Progress, Skipped, SyncReport
from index.plaintext import plain_text
from index.reader import PostError, iter_post_files, read_post
from index.schema import document
from index.store import IndexDamaged, Store, write_lock

ProgressFn = Callable[[Progress], None]

WRITER_LIMIT_MB = 128


@dataclass
class _Batch:
    """What a sync read: posts to write and files to skip."""

    posts: list[tuple[Post, str, Stamp]] = field(default_factory=list)
    skipped: list[tuple[str, str, Stamp]] = field(default_factory=list)


def scan(root: Path) -> dict[str, tuple[Path, Stamp]]:
    """Every post file under ``root`` by id, with its stamp."""
    found: dict[str, tuple[Path, Stamp]] = {}
    for path in iter_post_files(root):
        try:
            info = path.stat()
        except OSError:
            continue  # vanished between listing and stat: not there
        post_id = path.relative_to(root).as_posix()
        found[post_id] = (path, Stamp(info.st_mtime_ns, info.st_size))
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
        if not rebuild:
            try:
                store.open()
            except IndexDamaged as why:
                rebuild = True
                if store.data.exists():
                    messages.append(f"Index rebuilt: {why}.")
        report(Progress(0, 0, "scanning"))
        files = scan(store.root)
        result = _full_build(store, files, report) if rebuild else _update(store, files, report)
    return SyncReport(
        added=result.added,
        updated=result.updated,
        removed=result.removed,
        skipped=result.skipped,
        seconds=time.perf_counter() - started,
        rebuilt=rebuild,
        messages=tuple(messages),
    )


@dataclass(frozen=True)
class _Counts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: tuple[Skipped, ...] = ()


def _update(store: Store, files: dict[str, tuple[Path, Stamp]], report: ProgressFn) -> _Counts:
    catalog = store.catalog
    assert catalog is not None
    known = catalog.stamps()
    added = [pid for pid in files if pid not in known]
    changed = [pid for pid in files if pid in known and known[pid] != files[pid][1]]
    removed = [pid for pid in known if pid not in files]
    if not (added or changed or removed):
        return _Counts(skipped=tuple(catalog.skipped()))
    was_post = {info.id for info in catalog.infos_by_id(changed + removed).values()}
    batch = _read(store.root, [files[pid] for pid in added + changed], report)
    gone = removed + [pid for pid, _, _ in batch.skipped]
    _write(store.ix, batch, gone, report)
    report(Progress(0, 0, "saving"))
    catalog.apply(batch.posts, batch.skipped, removed)
    return _Counts(
        added=sum(1 for post, _, _ in batch.posts if post.info.id not in was_post),
        updated=sum(1 for post, _, _ in batch.posts if post.info.id in was_post),
        removed=sum(1 for pid in gone if pid in was_post),
        skipped=tuple(catalog.skipped()),
    )


def _full_build(store: Store, files: dict[str, tuple[Path, Stamp]], report: ProgressFn) -> _Counts:
    with store.building() as (ix, catalog):
        batch = _read(store.root, list(files.values()), report)
        _write(ix, batch, [], report, fresh=True)
        report(Progress(0, 0, "saving"))
        catalog.apply(batch.posts, batch.skipped, [])
    assert store.catalog is not None
    return _Counts(added=len(batch.posts), skipped=tuple(store.catalog.skipped()))


def _read(root: Path, todo: list[tuple[Path, Stamp]], report: ProgressFn) -> _Batch:
    batch = _Batch()
    total = len(todo)
    for done, (path, stamp) in enumerate(todo, 1):
        post_id = path.relative_to(root).as_posix()
        try:
            post = read_post(path, root)
        except PostError as why:
            batch.skipped.append((post_id, str(why), stamp))
        else:
            batch.posts.append((post, plain_text(post.body), stamp))
        if done % 50 == 0 or done == total:
            report(Progress(done, total, "reading"))
    return batch


def _write(
    ix: Any, batch: _Batch, gone: list[str], report: ProgressFn, fresh: bool = False
) -> None:
    """Write one batch; ``fresh`` when the index is new (no old copies to replace)."""
    writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    put = writer.add_document if fresh else writer.update_document
    try:
        for pid in gone:
            writer.delete_by_term("id", pid)
        total = len(batch.posts)
        for done, (post, text, _) in enumerate(batch.posts, 1):
            info = post.info
            put(
                **document(
                    post_id=info.id,
                    title=info.title,
                    text=text,
                    tags=info.tags,
                    date=info.date,
                    number=info.number,
                    kind=info.kind.value,
                )
            )
            if done % 50 == 0 or done == total:
                report(Progress(done, total, "indexing"))
        report(Progress(total, total, "saving"))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _noop(_: Progress) -> None:
    return None


def corpus_is_readable(root: Path) -> bool:
    """True when ``root`` is a folder this process may list."""
    return root.is_dir() and os.access(root, os.R_OK | os.X_OK)


__all__ = ["Catalog", "ProgressFn", "corpus_is_readable", "scan", "sync"]
