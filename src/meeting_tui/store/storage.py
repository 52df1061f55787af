"""TinyDB behind an append-only, crash-safe JSON Lines file.

TinyDB's own `JSONStorage` rewrites the whole file on every write (cost grows with the
session) and can be left unparseable by a kill between its write and truncate; its
`Table.insert` also rebuilds the whole table dict twice per call. Here:

* `AppendLogStorage` keeps the database in memory as the ``{table: {str(id): doc}}`` dict
  TinyDB expects (``read()`` is O(1)) and stores it in the format of
  `meeting_tui.store.fileformat`. Inserts are appended: one ``os.write`` + fsync, O(1) in the
  size of the session. The rare full ``write(data)`` (TinyDB's update/remove path) rewrites
  the file atomically (temp file, fsync, ``os.replace``, fsync directory).
* `AppendOnlyTable` routes ``insert``/``insert_multiple`` to that append.
* `SessionDB` is TinyDB with both wired in.

A file opened for writing is locked (`meeting_tui.store.locking`); anyone else gets a
read-only view. On open, a torn tail left by a crash is cut off (writers) or ignored
(read-only), leftover temp files are deleted (writers), and any other damage raises
`DamagedSessionFile` without touching the file.

TinyDB 4.x internals relied on (checked against 4.9): ``Table._get_next_id()`` allocates
ids and caches the next one in ``Table._next_id`` (restored if an append fails, reset to
``None`` after explicit-id inserts, as ``Table.insert`` does); ``Table.clear_cache()``
must be called after the data changes; ``Table._update_table`` mutates the dict returned
by ``Storage.read()`` in place before calling ``Storage.write()``, which is why a failed
write reloads the last saved state from disk; ``TinyDB(*args, **kwargs)`` passes its
arguments to ``default_storage_class``.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from meeting_tui.store.atomic import (
    O_BINARY,
    atomic_write_bytes,
    fsync_directory,
    fsync_file,
    remove_leftover_temp_files,
    write_all,
    write_temp_file,
)
from meeting_tui.store.errors import ReadOnlySession, SessionExists, StorageError, StoreError
from meeting_tui.store.fileformat import Tables, encode_header, encode_record, parse_log
from meeting_tui.store.locking import try_lock, unlock

__all__ = ["AppendLogStorage", "AppendOnlyTable", "SessionDB"]

LOCKED_REASON = "open in another meeting-tui window (process holds the lock)"
REQUESTED_REASON = "opened read-only on request"

_OPEN_ATTEMPTS = 5  # a concurrent atomic rewrite can swap the file between open and lock


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


class AppendLogStorage(Storage):
    """A TinyDB storage over one session file; see the module docstring.

    Not thread-safe: use one instance from one thread.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        #: Why the session is read-only, or None if this instance may write.
        self.read_only_reason: str | None = None
        #: Size of the interrupted write found at the end on open (cut off, or ignored
        #: when read-only); 0 for a clean file.
        self.torn_tail_bytes = 0
        self.header: dict[str, Any] = {}
        self._tables: Tables = {}
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
        table: str = "",
        documents: Sequence[tuple[int, Mapping[str, Any]]] = (),
    ) -> None:
        """Create a new session file atomically (with *documents* of *table* already in it, so
        a crash cannot leave the header without them); never overwrite an existing one.

        Creates missing parent directories. Raises `SessionExists` if *path* exists.
        """
        target = Path(path)
        last = len(documents) - 1
        payload = encode_header(header) + b"".join(
            encode_record(table, doc_id, doc, more=index < last)[0] for index, (doc_id, doc) in enumerate(documents)
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            atomic_write_bytes(target, payload, overwrite=False)
        except FileExistsError:
            raise SessionExists(target) from None

    def _open_for_writing(self) -> None:
        for _ in range(_OPEN_ATTEMPTS):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_APPEND | O_BINARY)
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
        self._adopt(os.open(self.path, os.O_RDONLY | O_BINARY), writable=False)

    def _adopt(self, fd: int, *, writable: bool) -> None:
        """Load the file behind *fd* (recovering a torn tail if *writable*) and keep *fd*."""
        try:
            if writable:
                remove_leftover_temp_files(self.path)
            parsed = parse_log(_read_from(fd), self.path)
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
        self._tables = parsed.tables
        self._size = parsed.valid_length
        self.torn_tail_bytes = parsed.torn_length

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def close(self) -> None:
        """Release the lock and the file; safe to call twice. ``read()`` keeps working."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if not self.read_only:
                unlock(fd)
        finally:
            os.close(fd)

    # -- the TinyDB Storage interface -----------------------------------------------------

    def read(self) -> Tables:
        """The live in-memory database (O(1)); TinyDB treats it as its own."""
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the whole file with *data*, atomically (TinyDB's update/remove path).

        On failure the in-memory state is reloaded from the file, which is unchanged, and
        `StorageError` (or `ReadOnlySession`) is raised. Tables without documents are not
        kept (TinyDB reads a missing table as empty). Not supported on Windows while the
        file is open (it cannot replace an open file): `StorageError` there.
        """
        try:
            self._check_writable()
            tables, body = _encode_tables(data)
        except BaseException:
            self._reload()  # TinyDB already changed the dict we handed out
            raise
        content = encode_header(self.header) + body
        try:
            temp, new_fd = write_temp_file(self.path, content)
        except OSError as exc:
            self._reload()
            raise StorageError(self.path, _why(exc)) from exc
        try:
            try_lock(new_fd)  # nobody else can know the temp file: this cannot fail
            os.replace(temp, self.path)
        except OSError as exc:
            os.close(new_fd)
            temp.unlink(missing_ok=True)
            self._reload()
            raise StorageError(self.path, _why(exc)) from exc
        # Committed: the name now points at the new, locked file.
        old_fd, self._fd = cast(int, self._fd), new_fd
        os.close(old_fd)
        self._tables, self._size = tables, len(content)
        try:
            fsync_directory(self.path.parent)
        except OSError as exc:
            raise StorageError(
                self.path, f"saved, but the directory could not be synced: {_why(exc)}"
            ) from exc

    # -- the O(1) append path -------------------------------------------------------------

    def append(self, table: str, documents: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
        """Append *documents* (``(doc_id, doc)`` pairs) to *table*, durably, all or nothing.

        Costs one ``os.write`` and one fsync whatever the size of the session. The docs
        join the in-memory state only after the fsync succeeded. Raises `ValueError` for a
        duplicate id or a document that is not JSON, `ReadOnlySession`, or `StorageError`.
        """
        self._check_writable()
        if not documents:
            return
        existing = self._tables.get(table, {})
        lines: list[bytes] = []
        decoded: dict[str, dict[str, Any]] = {}
        last = len(documents) - 1
        for index, (doc_id, doc) in enumerate(documents):
            key = str(doc_id)
            if key in existing or key in decoded:
                raise ValueError(f"document {doc_id} already exists in table {table!r}")
            line, decoded[key] = encode_record(table, doc_id, doc, more=index < last)
            lines.append(line)
        payload = b"".join(lines)
        self._write_durably(payload)
        self._tables.setdefault(table, {}).update(decoded)
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

    # -- helpers --------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self._fd is None:
            raise StorageError(self.path, "the session file is closed")
        if self.read_only_reason is not None:
            raise ReadOnlySession(self.path, self.read_only_reason)
        if self._broken is not None:
            raise StorageError(self.path, self._broken)

    def _reload(self) -> None:
        """Restore the in-memory state from the committed part of the file."""
        if self._fd is None:
            return
        try:
            self._tables = parse_log(_read_from(self._fd, self._size), self.path).tables
        except (OSError, StoreError) as exc:
            self._broken = f"the saved state could not be reloaded ({exc}); reopen the session"


class AppendOnlyTable(Table):
    """A TinyDB table whose inserts are O(1) appends to an `AppendLogStorage`.

    Queries, ``all()``, ``get()``, ``len()`` work unchanged on the in-memory dict;
    update/remove keep TinyDB's own (full rewrite) path. On any other storage this is a
    plain `Table`.
    """

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        storage = self.storage
        if not isinstance(storage, AppendLogStorage):
            return super().insert_multiple(documents)
        docs = list(documents)
        if not all(isinstance(doc, Mapping) for doc in docs):
            raise ValueError("Document is not a Mapping")
        saved_next_id = self._next_id
        explicit_ids = False
        entries: list[tuple[int, Mapping[str, Any]]] = []
        try:
            for doc in docs:
                if isinstance(doc, self.document_class):
                    explicit_ids = True
                    entries.append((doc.doc_id, doc))
                else:
                    entries.append((self._get_next_id(), doc))  # type: ignore[no-untyped-call]
            storage.append(self.name, entries)
        except BaseException:
            self._next_id = saved_next_id  # failed appends must not leave gaps in the ids
            raise
        if explicit_ids:
            self._next_id = None  # recompute from the table, as Table.insert does
        self.clear_cache()
        return [doc_id for doc_id, _ in entries]


class SessionDB(TinyDB):
    """TinyDB over an `AppendLogStorage`: ``SessionDB(path, read_only=False)``."""

    table_class = AppendOnlyTable
    default_storage_class = AppendLogStorage  # type: ignore[assignment]

    @property
    def storage(self) -> AppendLogStorage:
        return cast(AppendLogStorage, self._storage)


def _encode_tables(data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> tuple[Tables, bytes]:
    """The body lines for a whole database, and the database as it will read back."""
    tables: Tables = {}
    lines: list[bytes] = []
    for name, documents in data.items():
        for key, doc in documents.items():
            line, decoded = encode_record(name, int(key), doc)
            tables.setdefault(name, {})[str(int(key))] = decoded
            lines.append(line)
    return tables, b"".join(lines)


def _is_current_file(fd: int, path: Path) -> bool:
    """Whether *path* still names the file open as *fd* (not replaced meanwhile)."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read_from(fd: int, limit: int | None = None) -> bytes:
    """Read the file behind *fd* from its start (up to *limit* bytes)."""
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    remaining = limit if limit is not None else -1
    while remaining:
        chunk = os.read(fd, 1 << 20 if remaining < 0 else min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        if remaining > 0:
            remaining -= len(chunk)
    return b"".join(chunks)
