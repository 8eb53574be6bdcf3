"""Pilot tests: index generations replaced in the app are closed, not left to the GC.

The app calls ``gc.freeze()`` after each sync; an index left to the collector then
stayed open until exit, with descriptors and memory maps of its deleted files
(9 descriptors and 3 maps after 3 rebuilds).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from blog_reader.tui.app import BlogReaderApp
from blog_reader.tui.widgets.sync_status import SyncStatus
from tests.open_files import deleted_files_open, needs_proc

MakeApp = Callable[[], BlogReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

pytestmark = needs_proc


async def rebuild(pilot: Pilot[None], settle: Settle) -> None:
    """Rebuild the index as the palette's command does, and wait until it is served."""
    app = pilot.app
    assert isinstance(app, BlogReaderApp)
    app.action_rebuild()
    await settle(pilot)
    assert not app.query_one(SyncStatus).running


async def test_rebuilds_leave_no_deleted_index_file_open(new_app: MakeApp, settle: Settle) -> None:
    app = new_app()
    index_dir = app.archive.index_dir
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(5):
            # Use the index between rebuilds: a search opens its segments' files.
            assert app.archive.search("knee").total == 3
            app.open_post("2024-02-20-diary.md", query="recovery")
            await settle(pilot)
            await rebuild(pilot, settle)
        assert app.reader.post is not None
        assert app.archive.search("knee").total == 3
        assert deleted_files_open(index_dir) == ([], [])
