"""The repository the app uses: one session = one append-only file of event dicts.

Events are plain dicts (``{"seq": 1, "kind": "member.arrived", "at": ..., "data": {...}}``)
kept in an `EventLog`. ``seq`` is the event's 1-based position in the session (and its id
in the file: one number), given or checked by `SessionFile.append`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from msgspec import Struct

from meeting_tui.store.fileformat import last_record, read_header
from meeting_tui.store.storage import EventLog, open_regular

__all__ = ["EVENTS_TABLE", "SessionFile", "SessionSummary", "peek"]

EVENTS_TABLE = "events"


class SessionFile:
    """An open session file. Use `create` or `open`; close it (or use ``with``).

    A writable `SessionFile` holds the file's lock until closed. Not thread-safe.
    """

    def __init__(self, log: EventLog) -> None:
        self._storage = log

    @classmethod
    def create(cls, path: Path, header: Mapping[str, Any], events: Sequence[Mapping[str, Any]] = ()) -> SessionFile:
        """Create a new session file with *header* (and its first *events*, written in the
        same atomic write: a crash leaves no file, or the file with them) and open it for writing.

        Creates missing parent directories; raises `SessionExists` (a `FileExistsError`)
        rather than touch an existing file.
        """
        EventLog.create_file(path, header, [_with_seq(event, seq) for seq, event in enumerate(events, start=1)])
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> SessionFile:
        """Open an existing session file.

        Falls back to read-only (see `read_only_reason`) if another process holds the file
        or it is not writable. Raises `DamagedSessionFile` for a file that is not a
        readable session, `FileNotFoundError` if there is none.
        """
        return cls(EventLog(path, read_only=read_only))

    @property
    def path(self) -> Path:
        return self._storage.path

    @property
    def header(self) -> dict[str, Any]:
        return self._storage.header

    @property
    def read_only(self) -> bool:
        return self._storage.read_only

    @property
    def read_only_reason(self) -> str | None:
        return self._storage.read_only_reason

    @property
    def torn_tail_bytes(self) -> int:
        """Bytes of an interrupted write found at the end on open (0 if none)."""
        return self._storage.torn_tail_bytes

    def events(self) -> list[dict[str, Any]]:
        """All events in append order (fresh top-level dicts; do not mutate nested values)."""
        return [dict(doc) for doc in self._storage.documents]

    def __len__(self) -> int:
        return len(self._storage)

    def append(self, events: Sequence[Mapping[str, Any]]) -> None:
        """Append *events* durably (fsynced when this returns), all or nothing.

        Each stored event gets ``"seq"``: its 1-based position in the session. An event
        without ``seq`` (or with ``seq`` 0) is given it; an event whose ``seq`` is set to
        anything else raises `ValueError`. The caller's dicts are not modified.

        Raises `ReadOnlySession`, `StorageError` (disk full, I/O error: nothing is stored
        and the session is unchanged), or `ValueError` (an event is not JSON).
        """
        first = len(self) + 1
        self._storage.append([_with_seq(event, seq) for seq, event in enumerate(events, start=first)])

    def close(self) -> None:
        """Release the file and its lock; safe to call twice."""
        self._storage.close()

    def __enter__(self) -> SessionFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = f"read-only: {self.read_only_reason}" if self.read_only else "writable"
        return f"<SessionFile {str(self.path)!r} events={len(self)} {mode}>"


def _with_seq(event: Mapping[str, Any], seq: int) -> dict[str, Any]:
    if not isinstance(event, Mapping):
        raise ValueError(f"event {seq} is not a dict: {event!r}")
    given = event.get("seq")
    if given not in (None, 0) and (given != seq or type(given) is not int):
        raise ValueError(
            f"event {event.get('kind', '?')!r} has seq {given!r}, "
            f"but it would be event {seq} of this session"
        )
    return {"seq": seq, **{key: value for key, value in event.items() if key != "seq"}}


class SessionSummary(Struct, frozen=True):
    """What `peek` reads from a session file without loading it."""

    path: Path
    header: dict[str, Any]
    #: The last committed event, or None for a session without events.
    last_event: dict[str, Any] | None


def peek(path: Path | str | os.PathLike[str]) -> SessionSummary:
    """Read a session's header and last event cheaply (for listing many sessions).

    Reads only the header line and the end of the file; takes no lock and never writes.
    Raises `DamagedSessionFile` for a bad header (or a damaged last line).
    """
    target = Path(path)
    with open(open_regular(target, os.O_RDONLY), "rb") as handle:
        header, body_start = read_header(handle, target)
        last_event = last_record(handle, target, body_start, EVENTS_TABLE)
    return SessionSummary(target, header, last_event)
