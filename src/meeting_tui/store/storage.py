"""The session log: an append-only, crash-safe JSON Lines file of documents.

`EventLog` keeps the committed documents in memory as one list (the only copy) and stores
them in the format of `meeting_tui.store.fileformat`. An append is one ``os.write`` + fsync,
O(1) in the size of the session; the documents join the list only once the fsync returned.
Document *i* of the list has id *i + 1* in the file, which is also its ``seq``: the position
of an event is numbered once.

A file opened for writing is locked (`meeting_tui.store.locking`); anyone else gets a
read-only view. On open, a torn tail left by a crash is cut off (writers) or ignored
(read-only), leftover temp files are deleted (writers), and any other damage raises
`DamagedSessionFile` without touching the file. Only a regular file of at most
`MAX_SESSION_BYTES` is read: a FIFO, a device or a link to one is refused, never read.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from meeting_tui.store.atomic import (
    O_BINARY,
    atomic_write_bytes,
    fsync_file,
    make_dirs_durably,
    remove_leftover_temp_files,
    write_all,
)
from meeting_tui.store.errors import DamagedSessionFile, ReadOnlySession, SessionExists, StorageError
from meeting_tui.store.fileformat import encode_header, encode_record, parse_log
from meeting_tui.store.locking import try_lock, unlock

__all__ = ["MAX_SESSION_BYTES", "EventLog", "open_regular"]

LOCKED_REASON = "open in another meeting-tui window (process holds the lock)"
REQUESTED_REASON = "opened read-only on request"

#: A session file larger than this is refused (a day-long meeting of 10,000 events is ~3 MB).
MAX_SESSION_BYTES = 256 << 20

_OPEN_ATTEMPTS = 5  # a concurrent atomic rewrite can swap the file between open and lock
_TABLE = "events"


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def open_regular(path: Path, flags: int, *, max_bytes: int = MAX_SESSION_BYTES) -> int:
    """``os.open`` *path* if it is a regular file of at most *max_bytes*; else refuse.

    Opened non-blocking, so a FIFO cannot hang the open; a FIFO, a device, a directory (or
    a symlink to one) raises `DamagedSessionFile` without a byte being read.
    """
    fd = os.open(path, flags | O_BINARY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DamagedSessionFile(path, "not a regular file (a pipe, a device or a folder)")
        if info.st_size > max_bytes:
            raise DamagedSessionFile(
                path, f"too large for a session file ({info.st_size:,} bytes; at most {max_bytes:,})"
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


class EventLog:
    """One open session log; see the module docstring. Not thread-safe."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        #: Why the session is read-only, or None if this instance may write.
        self.read_only_reason: str | None = None
        #: Size of the interrupted write found at the end on open (cut off, or ignored
        #: when read-only); 0 for a clean file.
        self.torn_tail_bytes = 0
        self.header: dict[str, Any] = {}
        #: The committed documents, in order (the only copy in memory; do not mutate).
        self.documents: list[dict[str, Any]] = []
        self._fd: int | None = None
        self._size = 0  # length of the committed file content
        self._broken: str | None = None  # set if a failed append could not be undone
        if read_only:
            self._open_read_only(REQUESTED_REASON)
        else:
            self._open_for_writing()

    # -- creating and opening -------------------------------------------------------------

    @staticmethod
    def create_file(
        path: str | os.PathLike[str],
        header: Mapping[str, Any],
        documents: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Create a new log atomically (with *documents*, ids 1.., already in it, so a crash
        cannot leave the header without them); never overwrite an existing one.

        Creates missing parent directories. Raises `SessionExists` if *path* exists.
        """
        target = Path(path)
        last = len(documents) - 1
        payload = encode_header(header) + b"".join(
            encode_record(_TABLE, index + 1, doc, more=index < last)[0]
            for index, doc in enumerate(documents)
        )
        make_dirs_durably(target.parent)
        try:
            atomic_write_bytes(target, payload, overwrite=False)
        except FileExistsError:
            raise SessionExists(target) from None

    def _open_for_writing(self) -> None:
        for _ in range(_OPEN_ATTEMPTS):
            try:
                fd = open_regular(self.path, os.O_RDWR | os.O_APPEND)
            except PermissionError:
                return self._open_read_only("the file is not writable (permission denied)")
            except OSError as exc:
                if exc.errno == errno.EROFS:
                    return self._open_read_only("the file system is read-only")
                raise
            if not try_lock(fd):
                os.close(fd)
                return self._open_read_only(LOCKED_REASON)
            if _is_current_file(fd, self.path):
                break
            os.close(fd)  # atomically replaced after we opened it: lock the new file
        else:
            raise StorageError(self.path, "the file kept being replaced while opening it")
        self._adopt(fd, writable=True)

    def _open_read_only(self, reason: str) -> None:
        self.read_only_reason = reason
        self._adopt(open_regular(self.path, os.O_RDONLY), writable=False)

    def _adopt(self, fd: int, *, writable: bool) -> None:
        """Load the file behind *fd* (recovering a torn tail if *writable*) and keep *fd*."""
        try:
            if writable:
                remove_leftover_temp_files(self.path)
            parsed = parse_log(_read_from(fd, MAX_SESSION_BYTES, self.path), self.path, _TABLE)
            if writable and parsed.torn_length:
                try:
                    os.ftruncate(fd, parsed.valid_length)
                    fsync_file(fd)
                except OSError as exc:
                    raise StorageError(
                        self.path, f"could not cut off an interrupted write: {_why(exc)}"
                    ) from exc
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.header = parsed.header
        self.documents = parsed.documents
        self._size = parsed.valid_length
        self.torn_tail_bytes = parsed.torn_length

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def __len__(self) -> int:
        return len(self.documents)

    def close(self) -> None:
        """Release the lock and the file; safe to call twice. The documents stay readable."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if not self.read_only:
                unlock(fd)
        finally:
            os.close(fd)

    # -- the O(1) append path -------------------------------------------------------------

    def append(self, documents: Sequence[Mapping[str, Any]]) -> None:
        """Append *documents* durably, all or nothing; they get the next ids (len + 1, ...).

        Costs one ``os.write`` and one fsync whatever the size of the session. The documents
        join `documents` only after the fsync succeeded. Raises `ValueError` for a document
        that is not JSON, `ReadOnlySession`, or `StorageError`.
        """
        self._check_writable()
        if not documents:
            return
        lines: list[bytes] = []
        decoded: list[dict[str, Any]] = []
        first, last = len(self.documents) + 1, len(documents) - 1
        for index, doc in enumerate(documents):
            line, stored = encode_record(_TABLE, first + index, doc, more=index < last)
            lines.append(line)
            decoded.append(stored)
        payload = b"".join(lines)
        self._write_durably(payload)
        self.documents.extend(decoded)
        self._size += len(payload)

    def _write_durably(self, payload: bytes) -> None:
        fd = cast(int, self._fd)
        try:
            write_all(fd, payload)
            fsync_file(fd)
        except OSError as exc:
            try:  # take back whatever part of the payload reached the file
                os.ftruncate(fd, self._size)
            except OSError as undo_exc:
                self._broken = (
                    f"a failed write could not be undone ({_why(undo_exc)}); "
                    "close and reopen the session"
                )
            else:
                # Best effort: the next successful fsync makes the truncation durable too,
                # and until then a crash can at worst keep this unacknowledged append.
                with contextlib.suppress(OSError):
                    fsync_file(fd)
            raise StorageError(self.path, _why(exc)) from exc

    def _check_writable(self) -> None:
        if self._fd is None:
            raise StorageError(self.path, "the session file is closed")
        if self.read_only_reason is not None:
            raise ReadOnlySession(self.path, self.read_only_reason)
        if self._broken is not None:
            raise StorageError(self.path, self._broken)


def _is_current_file(fd: int, path: Path) -> bool:
    """Whether *path* still names the file open as *fd* (not replaced meanwhile)."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read_from(fd: int, limit: int, path: Path) -> bytes:
    """Read the file behind *fd* from its start (refusing more than *limit* bytes)."""
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise DamagedSessionFile(path, f"too large for a session file (over {limit:,} bytes)")
    return b"".join(chunks)
