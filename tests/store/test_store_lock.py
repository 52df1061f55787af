"""One writer per session file; everyone else gets a read-only view."""

from __future__ import annotations

import errno
import os
import shutil
import signal
from pathlib import Path

import pytest

from meeting_tui.store import ReadOnlySession, SessionFile

LOCKED = "open in another meeting-tui window (process holds the lock)"


def test_file_locked_by_another_process_opens_read_only(
    new_session, spawn_worker, make_event
) -> None:
    path = new_session(2)
    holder = spawn_worker("hold", path)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    before = path.read_bytes()

    with SessionFile.open(path) as session:
        assert session.read_only
        assert session.read_only_reason == LOCKED
        assert [e["seq"] for e in session.events()] == [1, 2]
        with pytest.raises(ReadOnlySession) as caught:
            session.append([make_event(3)])
    assert "another meeting-tui window" in str(caught.value)
    assert "not saved" in str(caught.value)
    assert len(session) == 2
    assert path.read_bytes() == before

    holder.kill()  # no clean shutdown: the kernel drops the lock with the process
    holder.wait()
    with SessionFile.open(path) as session:
        assert not session.read_only
        session.append([make_event(3)])


def test_second_open_in_the_same_process_is_read_only(new_session) -> None:
    path = new_session(1)
    with SessionFile.open(path) as first, SessionFile.open(path) as second:
        assert not first.read_only
        assert second.read_only_reason == LOCKED


def test_requested_read_only_takes_no_lock(new_session, make_event) -> None:
    path = new_session(1)
    with SessionFile.open(path, read_only=True) as viewer:
        with pytest.raises(ReadOnlySession, match="read-only on request"):
            viewer.append([make_event(2)])
        with SessionFile.open(path) as writer:
            assert not writer.read_only


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_unwritable_file_opens_read_only(new_session) -> None:
    path = new_session(1)
    path.chmod(0o444)
    with SessionFile.open(path) as session:
        assert session.read_only_reason == "the file is not writable (permission denied)"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(errno.EACCES, "Denied"), "the file is not writable (permission denied)"),
        (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
    ],
)
def test_open_for_writing_refused_by_the_os_falls_back_to_read_only(
    new_session, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    path = new_session(1)
    real_open = os.open

    def refuse_writing(file: object, flags: int, *args: object) -> int:
        if flags & os.O_RDWR:
            raise error
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", refuse_writing)
    with SessionFile.open(path) as session:
        assert session.read_only_reason == reason
        assert len(session) == 1


def test_file_replaced_between_open_and_lock_is_reopened(
    new_session, make_event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An atomic rewrite by the lock holder can swap the file just after we open it."""
    path = new_session(1)
    replacement = path.with_name("replacement.json")
    with SessionFile.create(replacement, {"title": "rewritten"}) as other:
        other.append([make_event(1), make_event(2)])
    real_open = os.open

    def open_then_swap(file: object, flags: int, *args: object) -> int:
        fd = real_open(file, flags, *args)
        if flags & os.O_RDWR and replacement.exists():
            shutil.move(replacement, path)  # the name now points at another file
        return fd

    monkeypatch.setattr(os, "open", open_then_swap)
    with SessionFile.open(path) as session:
        assert session.header == {"title": "rewritten"}
        assert len(session) == 2
        session.append([make_event(3)])
    monkeypatch.undo()
    with SessionFile.open(path) as session:
        assert len(session) == 3


def test_lock_holder_killed_by_sigkill_leaves_no_stale_lock(new_session, spawn_worker) -> None:
    path = new_session(0)
    holder = spawn_worker("hold", path)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with SessionFile.open(path) as session:
        assert not session.read_only
    assert [p.name for p in Path(path).parent.iterdir()] == [path.name]
