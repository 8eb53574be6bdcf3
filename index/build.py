"""A full build spread over processes: each worker writes its own Whoosh segment.

Whoosh spends most of a build analysing words and writing postings, in Python.
Whoosh's own ``MpWriter`` still reads and parses every post in the parent; here
each worker takes a share of the files and does everything for it: reads,
parses, analyses, writes a segment and fills the catalog. The parent only
lists the finished segments in a new table of contents, which is what
``MpWriter(multisegment=True)`` does with its sub-writers' segments (and with
the same private writer methods: Whoosh is pinned to 2.7.4 for this reason).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

from blog_reader.index._whoosh import SegmentWriter
from blog_reader.index._whoosh import index as whoosh_index
from blog_reader.index.catalog import Catalog, Stamp
from blog_reader.index.model import Progress
from blog_reader.index.prepare import Prepared, Unreadable, prepare
from blog_reader.index.schema import COMPOUND
from blog_reader.index.writer import BuildWriter

CATALOG_CHUNK = 1_000
"""Posts written to the catalog at a time (keeps a build's memory flat)."""
WORKER_CATALOG_CHUNK = 100
"""Posts a build worker writes to the catalog at a time.

The workers share one catalog, and one writes while the other waits for its
lock. With a thousand posts at a time, workers of a similar share came to their
one write together at the end, and the second waited out the first (a quarter
of a second of the Node.js blog's build); short writes spread through the build
seldom meet."""
WORKER_LIMIT_MB = 96
"""Memory for each worker's posting pool before it spills to disk."""
_done: Any = None
"""Files finished by all workers: a shared counter, set in each worker."""


def _start_worker(counter: Any, parent: int) -> None:
    global _done
    _done = counter
    # A parent killed outright (kill -9) cannot terminate its pool: each worker
    # watches for that and ends itself rather than outlive it.
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def parallel_build(
    ix: Any,
    catalog_path: Path,
    root: Path,
    todo: list[tuple[str, Stamp]],
    workers: int,
    report: Callable[[Progress], None],
    drafts: bool = False,
) -> tuple[int, list[str]]:
    """Index ``todo`` into the fresh index ``ix`` with ``workers`` processes.

    Returns how many posts were added, and the ids of those read with stray NUL
    bytes removed."""
    method = _start_method()
    if method != "fork":
        _start_resource_tracker()
    context = multiprocessing.get_context(method)
    counter = context.Value("q", 0)
    shards = [todo[at::workers] for at in range(workers)]
    folder = str(Path(ix.storage.folder))
    # Leaving the block terminates the workers: a cancelled sync (the progress
    # callback raising) or a worker's error stops the others at once.
    with context.Pool(workers, initializer=_start_worker, initargs=(counter, os.getpid())) as pool:
        tasks = [
            pool.apply_async(build_shard, (folder, str(catalog_path), root, shard, drafts))
            for shard in shards
        ]
        while True:
            report(Progress(counter.value, len(todo), "indexing"))
            unfinished = [task for task in tasks if not task.ready()]
            if not unfinished or any(t.ready() and not t.successful() for t in tasks):
                break
            unfinished[0].wait(0.25)
        results = [task.get() for task in tasks]  # raises a worker's error
    segments = [segment for segment, _, _ in results if segment is not None]
    writer = SegmentWriter(ix)
    try:
        writer._close_segment()  # the parent adds no documents of its own
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    return sum(added for _, added, _ in results), [pid for *_, ids in results for pid in ids]


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker, which spawned workers need, with
    a standard error it can hand on.

    The tracker passes ``sys.stderr``'s descriptor to its own process. Under a
    UI that captures prints, ``sys.stderr`` is not a file (Textual's answers
    -1), and starting the tracker failed ("bad value(s) in fds_to_keep"): the
    app's first build of a big archive stopped. Then the tracker writes to the
    null device (the terminal is the UI's). For that moment, other threads'
    prints are lost too; nothing on this side prints.
    """
    try:
        if sys.stderr is not None and sys.stderr.fileno() >= 0:
            return
    except (AttributeError, OSError, ValueError):
        pass
    with open(os.devnull, "w", encoding="utf-8") as null:
        captured, sys.stderr = sys.stderr, null
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured


def _start_method() -> str:
    """ "fork" when this process runs one thread (the CLI): workers start at once.
    Otherwise (the app syncs from a thread) "spawn", as forking a threaded
    process can deadlock."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def build_shard(
    whoosh_dir: str,
    catalog_path: str,
    root: Path,
    shard: list[tuple[str, Stamp]],
    drafts: bool = False,
) -> tuple[Any, int, list[str]]:
    """In a worker: prepare and index ``shard`` into a new segment; returns the
    segment, the number of posts, and the ids of those read with NULs removed."""
    ix = whoosh_index.open_dir(whoosh_dir)
    writer = BuildWriter(ix, _lk=False, limitmb=WORKER_LIMIT_MB, compound=COMPOUND)
    catalog = Catalog(Path(catalog_path), root)

    def counted(done: int) -> None:
        with _done.get_lock():
            _done.value += 1

    # No collection of cyclic garbage while a worker builds. A build makes
    # millions of short-lived tuples and lists, and the collections Python
    # starts by itself walked them and everything the worker keeps (0.15 s of a
    # Node.js worker's 3.3, with gc.freeze() every 100 posts); a collection of
    # the young objects every 100 posts still cost half of that. And it finds
    # nothing: what a post leaves behind is freed by reference counting
    # (measured: of 50 such collections over 5,000 generated posts, the first
    # found 13 unreachable objects and the others none; the same over the
    # Node.js blog's; the same peak memory with the collector off).
    collecting = gc.isenabled()
    gc.disable()
    try:
        added, nuls_removed = index_files(
            root,
            shard,
            writer.add_document,
            lambda posts, skipped: record(catalog, posts, skipped, []),
            chunk=WORKER_CATALOG_CHUNK,
            after_each=counted,
            drafts=drafts,
        )
        if not added:
            writer.cancel()
            return None, 0, nuls_removed
        # Not writer._finish(): the workers share one scratch folder, which the
        # parent's writer removes when every worker is done.
        return writer._finalize_segment(), added, nuls_removed
    except BaseException:
        writer.cancel()
        raise
    finally:
        catalog.close()
        if collecting:
            gc.enable()


def index_files(
    root: Path,
    todo: Sequence[tuple[str, Stamp]],
    write: Callable[..., None],
    keep: Callable[[list[Prepared], list[Unreadable]], None],
    *,
    chunk: int = CATALOG_CHUNK,
    after_each: Callable[[int], None] | None = None,
    drafts: bool = False,
) -> tuple[int, list[str]]:
    """Read each file of ``todo`` (path, stamp) and write its post: the one loop of
    every build and update.

    Each post's Whoosh document goes to ``write`` (a writer's ``add_document``, or
    ``update_document`` for an update); the prepared posts and the files that are
    not posts go to ``keep``, ``chunk`` files at a time and once at the end (to
    write them to the catalog, or to hold them until Whoosh commits).
    ``after_each(done)`` is called after each file; ``drafts`` reads drafts as
    posts. Returns how many posts were
    written, and the ids of those read with stray NUL bytes removed.
    """
    posts: list[Prepared] = []
    skipped: list[Unreadable] = []
    written = 0
    nuls_removed: list[str] = []
    for done, (path, stamp) in enumerate(todo, 1):
        item = prepare(Path(path), root, stamp, drafts)
        if isinstance(item, Prepared):
            write(**item.doc)
            posts.append(item)
            written += 1
            if item.nuls_removed:
                nuls_removed.append(item.post.info.id)
        else:
            skipped.append(item)
        if len(posts) + len(skipped) >= chunk:
            keep(posts, skipped)
            posts, skipped = [], []
        if after_each is not None:
            after_each(done)
    keep(posts, skipped)
    return written, nuls_removed


def record(
    catalog: Catalog, posts: list[Prepared], skipped: list[Unreadable], removed: list[str]
) -> None:
    """Write prepared posts, unreadable files and removals to the catalog."""
    catalog.apply(
        [(item.post, item.text, item.stamp, item.words) for item in posts],
        [(item.post_id, item.reason, item.stamp, item.left_out) for item in skipped],
        removed,
        [item.links for item in posts] + [item.links for item in skipped if item.links is not None],
    )
