"""The Textual app of blog-reader.

This package's ``__init__`` imports nothing: the CLI imports ``tui.cli`` for commands
that never open the UI, and importing Textual costs hundreds of milliseconds.
The app itself is in :mod:`tui.app`.
"""
