"""Crash-safe storage of sessions (append-only JSON Lines behind TinyDB) and atomic files.

Standalone: stores plain dicts and imports nothing else from meeting_tui.
"""

from meeting_tui.store.atomic import atomic_write_bytes, atomic_write_text
from meeting_tui.store.errors import (
    DamagedSessionFile,
    ReadOnlySession,
    SessionExists,
    StorageError,
    StoreError,
)
from meeting_tui.store.session_file import EVENTS_TABLE, SessionFile, SessionSummary, peek
from meeting_tui.store.storage import AppendLogStorage, AppendOnlyTable, SessionDB

__all__ = [
    "EVENTS_TABLE",
    "AppendLogStorage",
    "AppendOnlyTable",
    "DamagedSessionFile",
    "ReadOnlySession",
    "SessionDB",
    "SessionExists",
    "SessionFile",
    "SessionSummary",
    "StorageError",
    "StoreError",
    "atomic_write_bytes",
    "atomic_write_text",
    "peek",
]
