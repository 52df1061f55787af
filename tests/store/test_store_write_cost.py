"""Structural cost checks (no timing): an append writes its own line, whatever came before."""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any

import pytest

from meeting_tui.store import SessionFile, peek
from meeting_tui.store import storage as storage_module


class Syscalls:
    """Counts the file-changing system calls the store makes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writes: list[int] = []
        self.fsyncs = 0
        self.others: list[str] = []
        real_write, real_fsync = os.write, storage_module.fsync_file

        def write(fd: int, data: Any) -> int:
            self.writes.append(len(data))
            return real_write(fd, data)

        def fsync(fd: int) -> None:
            self.fsyncs += 1
            real_fsync(fd)

        monkeypatch.setattr(os, "write", write)
        monkeypatch.setattr(storage_module, "fsync_file", fsync)
        for name in ("replace", "rename", "ftruncate", "truncate"):
            monkeypatch.setattr(os, name, self._forbidden(name))

    def _forbidden(self, name: str) -> Any:
        def call(*args: object, **kwargs: object) -> None:
            self.others.append(name)
            raise AssertionError(f"an append must not call {name}")

        return call


@pytest.mark.parametrize("existing", [10, 3000])
def test_append_writes_only_the_new_line_once_and_fsyncs_once(
    new_session, make_event, monkeypatch: pytest.MonkeyPatch, existing: int
) -> None:
    path = new_session(existing)
    with SessionFile.open(path) as session:
        size_before = path.stat().st_size
        calls = Syscalls(monkeypatch)
        session.append([make_event(existing + 1)])
        monkeypatch.undo()
    added = path.stat().st_size - size_before
    assert calls.writes == [added]  # one os.write of exactly the new line
    assert 100 < added < 300  # ~ one event, independent of `existing`
    assert calls.fsyncs == 1
    assert calls.others == []


def test_the_log_keeps_one_copy_of_the_events(new_session, make_event) -> None:
    with SessionFile.open(new_session(5)) as session:
        log = session._storage  # white-box: the documents list is the only copy
        documents = log.documents
        session.append([make_event(6)])
        assert log.documents is documents and len(documents) == 6
        assert [doc["seq"] for doc in documents] == [1, 2, 3, 4, 5, 6]
        assert all(a == b and a is not b for a, b in zip(session.events(), documents))


def test_peek_reads_only_the_ends_of_a_large_file(
    new_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new_session(20_000)
    assert path.stat().st_size > 3_000_000
    read_bytes: list[int] = []
    real_open = builtins.open

    class CountingHandle:
        def __init__(self, handle: Any) -> None:
            self._handle = handle

        def read(self, size: int = -1) -> bytes:
            data = self._handle.read(size)
            read_bytes.append(len(data))
            return data

        def __getattr__(self, name: str) -> Any:
            return getattr(self._handle, name)

        def __enter__(self) -> CountingHandle:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()

    monkeypatch.setattr(builtins, "open", lambda *a, **k: CountingHandle(real_open(*a, **k)))
    summary = peek(Path(path))
    monkeypatch.undo()
    assert summary.last_event is not None and summary.last_event["seq"] == 20_000
    assert sum(read_bytes) <= 4 * 64 * 1024  # the header's block, the tail's blocks
