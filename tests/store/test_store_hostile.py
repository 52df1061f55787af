"""Hostile and torn files (issue 16): FIFOs, devices, huge files, huge lines, huge integers,
and a torn multi-line append repaired."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from meeting_tui.store import DamagedSessionFile, SessionFile, peek
from meeting_tui.store import fileformat, storage
from meeting_tui.store.fileformat import parse_log

HEADER = b'{"format":"meeting-tui-session","version":1,"header":{"title":"t"}}\n'


def line(doc_id: int, *, more: bool = False) -> bytes:
    record: dict[str, object] = {"t": "events", "id": doc_id, "doc": {"seq": doc_id, "kind": "note.set"}}
    if more:
        record["more"] = True
    return (json.dumps(record) + "\n").encode()


def zeroed(raw: bytes, start: int, length: int) -> bytes:
    return raw[:start] + b"\0" * length + raw[start + length :]


def test_a_torn_two_event_append_is_repaired_on_open_and_in_the_listing(tmp_path: Path) -> None:
    """The first line of a two-event append got a zeroed block, the second reached the disk."""
    path = tmp_path / "s.json"
    committed = HEADER + line(1) + line(2)
    path.write_bytes(committed + zeroed(line(3, more=True), 10, 12) + line(4))
    assert peek(path).last_event == {"seq": 2, "kind": "note.set"}
    with SessionFile.open(path, read_only=True) as session:
        assert [e["seq"] for e in session.events()] == [1, 2]
        assert session.torn_tail_bytes > 0
    with SessionFile.open(path) as session:
        assert len(session) == 2
        session.append([{"kind": "note.set", "at": 1.0}])
    assert path.read_bytes().startswith(committed)
    assert peek(path).last_event["seq"] == 3


def test_a_zeroed_line_followed_by_two_appends_is_damage_not_a_tear(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(HEADER + line(1) + zeroed(line(2), 5, 10) + line(3) + line(4))
    with pytest.raises(DamagedSessionFile, match="line 3"):
        SessionFile.open(path)
    with pytest.raises(DamagedSessionFile):
        parse_log(path.read_bytes(), path)


def test_ids_and_seq_must_run_one_to_n(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    for body, words in [
        (line(1) + line(3), "line 3 skips to document 3"),
        (line(1) + line(1), "line 3 repeats document 1"),
        (line(1) + line(2).replace(b'"seq": 2', b'"seq": 7'), "line 3 has seq 7"),
        (line(1) + line(2).replace(b'"events"', b'"notes"'), "line 3 is a record of table 'notes'"),
    ]:
        path.write_bytes(HEADER + body)
        with pytest.raises(DamagedSessionFile, match=words):
            SessionFile.open(path)


def test_an_integer_of_5000_digits_is_damage_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(HEADER + line(1).replace(b'"kind"', b'"x": ' + b"9" * 5000 + b', "kind"'))
    with pytest.raises(DamagedSessionFile, match="line 2 contains a number too long"):
        SessionFile.open(path)
    with pytest.raises(DamagedSessionFile, match="number too long"):
        peek(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    os.mkfifo(path)
    for attempt in (lambda: SessionFile.open(path), lambda: SessionFile.open(path, read_only=True), lambda: peek(path)):
        with pytest.raises(DamagedSessionFile, match="not a regular file"):
            attempt()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.symlink_to("/dev/zero")
    with pytest.raises(DamagedSessionFile, match="not a regular file"):
        SessionFile.open(path, read_only=True)
    with pytest.raises(DamagedSessionFile, match="not a regular file"):
        peek(path)


def test_a_file_over_the_size_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(HEADER + line(1))
    with pytest.raises(DamagedSessionFile, match="too large"):
        storage.open_regular(path, os.O_RDONLY, max_bytes=50)


def test_the_listing_reads_a_bounded_tail_of_a_huge_last_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.json"
    monkeypatch.setattr(fileformat, "MAX_TAIL_BYTES", 1 << 20)
    path.write_bytes(HEADER + line(1) + b'{"t":"events","id":2,"doc":{"x":"' + b"a" * (3 << 20) + b'"}}\n')
    with pytest.raises(DamagedSessionFile, match="last event is longer than"):
        peek(path)
