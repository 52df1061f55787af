"""Crash-safe storage of sessions (an append-only JSON Lines log) and atomic files.

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
from meeting_tui.store.storage import MAX_SESSION_BYTES, EventLog, open_regular

__all__ = [
    "EVENTS_TABLE",
    "MAX_SESSION_BYTES",
    "DamagedSessionFile",
    "EventLog",
    "ReadOnlySession",
    "SessionExists",
    "SessionFile",
    "SessionSummary",
    "StorageError",
    "StoreError",
    "atomic_write_bytes",
    "atomic_write_text",
    "open_regular",
    "peek",
]
