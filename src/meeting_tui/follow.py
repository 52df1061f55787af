"""Follow one session file read-only, as another window writes it.

A second window, `meeting-tui follow` and the web board all show a session that someone else
is recording. They read the session's public file format (JSON Lines: a header line, then one
line per stored event; see the module docstring of `meeting_tui.store.fileformat`) themselves:

* never a lock, never a write: the file is opened ``"rb"`` and only read;
* a torn last line (a write in progress, or a crash) is left until its newline lands; the
  lines of a multi-event append (``"more": true`` on all but the last) are handed on together;
* a file that is replaced (a new inode, or one that got shorter) is read again from the start;
* a poll of ``os.stat`` every few tens of milliseconds notices growth. It costs microseconds,
  works the same on every platform and on network shares (where inotify says nothing), and
  needs no native extension; an append is visible well within 250 ms of the writer's fsync.

`LogTail` yields raw event dicts; `SessionFollower` folds them into a `SessionState`.
Nothing here imports Textual: the live screen and the board share it.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from meeting_tui.domain.events import Event
from meeting_tui.domain.replay import extend, replay
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _

__all__ = ["POLL_SECONDS", "FollowThread", "FollowUpdate", "FollowedFile", "LogTail", "SessionFollower"]

#: How often the file is looked at (seconds).
POLL_SECONDS = 0.04


class TailRead(Struct):
    """What one look at the file found."""

    docs: list[dict[str, Any]] = field(default_factory=list)  # new event dicts, in order
    reset: bool = False  # the file was replaced: `docs` start again from the first event
    problem: str = ""  # a line that is not a session record (reading stops before it)


class LogTail:
    """The raw side: new event dicts of one session file, as they are completed on disk."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._handle = None
        self._identity: tuple[int, int] | None = None
        self._offset = 0  # bytes consumed (complete lines, committed or pending)
        self._partial = b""  # bytes after the last newline
        self._pending: list[dict[str, Any]] = []  # lines of an append whose last line is missing
        self._header_seen = False
        self.header: dict[str, Any] = {}
        self.problem = ""
        self._last_stat: tuple[int, int, int, int] | None = None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _open(self) -> bool:
        self.close()
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - kept open between polls
        except OSError:
            return False
        st = os.fstat(handle.fileno())
        self._handle = handle
        self._identity = (st.st_dev, st.st_ino)
        self._offset = 0
        self._partial = b""
        self._pending = []
        self._header_seen = False
        self.problem = ""
        return True

    def read(self) -> TailRead:
        """Look at the file once (cheap when nothing changed)."""
        out = TailRead()
        try:
            st = os.stat(self.path)
        except OSError:
            return out  # gone for a moment (being replaced): look again next time
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if self._handle is not None and key == self._last_stat:
            return out
        self._last_stat = key
        replaced = self._handle is None or (st.st_dev, st.st_ino) != self._identity
        if not replaced and st.st_size < self._offset:
            replaced = True  # cut short: a recovered torn tail, or a new file written in place
        if replaced:
            had = self._handle is not None
            if not self._open():
                return out
            out.reset = had
        if self.problem:
            return out
        assert self._handle is not None
        # from the end of the last complete line: an incomplete or zero-filled tail is read
        # again, as it is now
        self._handle.seek(self._offset)
        data = self._handle.read()
        if not data:
            return out
        lines = data.split(b"\n")
        self._partial = lines.pop()  # after the last newline: not complete yet
        for n, raw in enumerate(lines):
            if not raw.strip():
                self._offset += len(raw) + 1
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                if b"\x00" in raw:  # zero-filled blocks of an interrupted write: wait for repair
                    self._partial = b"\n".join([*lines[n:], self._partial])
                    break
                self.problem = _("line {n} of the file cannot be read", n=self._line_number())
                out.problem = self.problem
                self._partial = b""
                break
            self._offset += len(raw) + 1
            self._take(record, out)
        return out

    def _line_number(self) -> int:
        assert self._handle is not None
        self._handle.seek(0)
        return self._handle.read(self._offset).count(b"\n") + 1

    def _take(self, record: Any, out: TailRead) -> None:
        if not isinstance(record, dict):
            return
        if not self._header_seen:
            self._header_seen = True
            if "header" in record or "format" in record:
                header = record.get("header")
                self.header = header if isinstance(header, dict) else {}
                return
        if "doc" in record:  # {"t": "events", "id": N, "doc": {...}, "more": bool}
            if record.get("t", "events") != "events" or not isinstance(record["doc"], dict):
                return
            doc, more = record["doc"], record.get("more") is True
        elif "kind" in record:  # an event stored as the line itself
            doc, more = record, record.get("more") is True
        else:
            return
        self._pending.append(doc)
        if not more:
            out.docs.extend(self._pending)
            self._pending = []


class FollowUpdate(Struct):
    """New events folded into the follower's state."""

    events: list[Event]
    reset: bool = False  # the state was rebuilt from the start (the file was replaced)


class SessionFollower:
    """A session's state kept up to date from its file; never locks, never writes."""

    def __init__(self, path: Path | str, state: SessionState | None = None) -> None:
        self.tail = LogTail(path)
        self.state = state
        self.problem = ""

    @property
    def path(self) -> Path:
        return self.tail.path

    def poll(self) -> FollowUpdate | None:
        """Read what landed since the last poll and fold it (None when nothing did)."""
        read = self.tail.read()
        self.problem = self.tail.problem
        if not read.docs and not read.reset:
            return None
        try:
            return self.apply(read.docs, read.reset)
        except (ValueError, KeyError, TypeError) as error:  # a damaged file: said, never a crash
            self.problem = getattr(error, "reason", "") or str(error)
            return None

    def apply(self, docs: list[dict[str, Any]], reset: bool = False) -> FollowUpdate | None:
        update = fold_into(self.state, [Event.from_dict(doc) for doc in docs], reset)
        if update is not None:
            self.state = update[0]
            return update[1]
        return None

    def close(self) -> None:
        self.tail.close()


def fold_into(
    state: SessionState | None, events: list[Event], reset: bool = False
) -> tuple[SessionState, FollowUpdate] | None:
    """Fold what a tail read into `state` (in place when it continues it): the events past
    `state.seq`; a rebuilt state when the file was replaced or does not continue `state`.
    None when nothing is new. Every event is checked as the loader checks it (`domain.replay`):
    a damaged or crafted file raises `ReplayError` (a `ValueError`), never a crash later."""
    if not events:
        return None
    if reset or state is None:
        return replay(e.to_dict() for e in events), FollowUpdate(events, reset=state is not None)
    new = [e for e in events if e.seq > state.seq]
    if not new:
        return None
    if new[0].seq != state.seq + 1:  # a gap: the file is not the one we knew
        raise ValueError(f"event {new[0].seq} follows event {state.seq}")
    extend(state, [e.to_dict() for e in new])
    return state, FollowUpdate(new)


class FollowedFile:
    """A session file seen only through a follower: the `file` of a read-only
    `SessionController` (``SessionController(FollowedFile(path), clock)``); it never locks
    and refuses every write."""

    read_only = True

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.tail = LogTail(self.path)
        read = self.tail.read()
        if read.problem or not read.docs:
            self.tail.close()
            from meeting_tui.store import DamagedSessionFile

            raise DamagedSessionFile(self.path, read.problem or _("it holds no events yet"))
        self._docs = read.docs
        self.read_only_reason = _("opened with meeting-tui follow")

    @property
    def header(self) -> dict[str, Any]:
        return self.tail.header

    def events(self) -> list[dict[str, Any]]:
        return list(self._docs)

    def append(self, events) -> None:
        from meeting_tui.store import ReadOnlySession

        raise ReadOnlySession(self.path, self.read_only_reason)

    def close(self) -> None:
        self.tail.close()


class FollowThread:
    """Polls a session file on its own thread and hands each batch of new events to
    `deliver(events, reset)` (e.g. through ``app.call_from_thread``), which folds them.

    Events are only parsed here; the caller folds them on its own thread.
    """

    def __init__(
        self,
        path: Path | str,
        deliver: Callable[[list[Event], bool], None],
        *,
        interval: float = POLL_SECONDS,
    ) -> None:
        self.tail = LogTail(path)
        self.deliver = deliver
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="meeting-tui-follow", daemon=True)

    def start(self) -> FollowThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                read = self.tail.read()
                if read.docs or read.reset:
                    self.deliver([Event.from_dict(doc) for doc in read.docs], read.reset)
            except Exception:  # noqa: BLE001 - a follower must outlive one bad look at the file
                pass
            self._stop.wait(self.interval)
        self.tail.close()

    def stop(self) -> None:
        self._stop.set()
