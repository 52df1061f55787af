"""A failed write (disk full, I/O error) changes nothing, in memory or on disk."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from meeting_tui.store import ReadOnlySession, SessionFile, StorageError
from meeting_tui.store import atomic as atomic_module
from meeting_tui.store import storage as storage_module

real_write = os.write


def disk_full(*args: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def half_then_disk_full(fd: int, data: bytes) -> int:
    """Write half of the first chunk, then fail (what a full disk can do)."""
    if len(data) > 10:
        real_write(fd, bytes(data[: len(data) // 2]))
        os.write = disk_full  # type: ignore[assignment]  # restored by monkeypatch
        return len(data) // 2
    return real_write(fd, data)


@pytest.mark.parametrize(
    "patch",
    [
        lambda mp: mp.setattr(os, "write", disk_full),
        lambda mp: mp.setattr(os, "write", half_then_disk_full),
        lambda mp: mp.setattr(storage_module, "fsync_file", disk_full),
    ],
    ids=["write fails", "short write then failure", "fsync fails"],
)
def test_failed_append_leaves_memory_and_file_unchanged(
    new_session,
    make_event,
    monkeypatch: pytest.MonkeyPatch,
    patch: Callable[[pytest.MonkeyPatch], None],
) -> None:
    path = new_session(2)
    before = path.read_bytes()
    with SessionFile.open(path) as session:
        with monkeypatch.context() as mp:
            patch(mp)
            with pytest.raises(StorageError, match="No space left on device") as caught:
                session.append([make_event(3), make_event(4)])
        assert isinstance(caught.value.__cause__, OSError)
        assert len(session) == 2
        assert path.read_bytes() == before
        session.append([make_event(3)])  # no gap in seq or ids after the failure
        assert [e["seq"] for e in session.events()] == [1, 2, 3]
    with SessionFile.open(path) as session:
        assert session.torn_tail_bytes == 0
        assert [e["seq"] for e in session.events()] == [1, 2, 3]


def test_failure_that_cannot_be_undone_stops_writes_until_reopened(
    new_session, make_event, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new_session(1)
    session = SessionFile.open(path)
    with monkeypatch.context() as mp:
        mp.setattr(os, "write", half_then_disk_full)
        mp.setattr(os, "ftruncate", disk_full)
        with pytest.raises(StorageError):
            session.append([make_event(2)])
    with pytest.raises(StorageError, match="reopen"):
        session.append([make_event(2)])
    session.close()
    with SessionFile.open(path) as reopened:  # the half line is a torn tail
        assert reopened.torn_tail_bytes > 0
        reopened.append([make_event(2)])
        assert len(reopened) == 2


def test_read_only_append_is_refused_and_memory_unchanged(new_session, make_event) -> None:
    path = new_session(2)
    with SessionFile.open(path, read_only=True) as session:
        with pytest.raises(ReadOnlySession):
            session.append([make_event(3)])
        assert [e["kind"] for e in session.events()] == ["member.arrived"] * 2
        assert len(session) == 2


def test_unknown_state_is_not_left_after_failed_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.json"
    monkeypatch.setattr(atomic_module, "fsync_file", disk_full)
    with pytest.raises(OSError):
        SessionFile.create(path, {"title": "t"})
    assert list(tmp_path.iterdir()) == []
