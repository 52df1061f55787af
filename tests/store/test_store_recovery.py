"""A crash can only tear the end of the file: opening recovers it, nothing else is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meeting_tui.store import SessionFile, peek

LINE_4 = (
    json.dumps({"t": "events", "id": 4, "doc": {"seq": 4, "kind": "note.set", "at": 4.0}}) + "\n"
).encode()

TORN_TAILS = {
    "half a line": LINE_4[:25],
    "whole line but no newline": LINE_4[:-1],
    "half a multibyte character": '{"t":"events","id":4,"doc":{"x":"ع'.encode()[:-1],
    "NUL padding": b"\0" * 300,
    "half a line then NUL padding": LINE_4[:30] + b"\0" * 100,
    "zero-filled last line": b"\0" * 40 + LINE_4[40:],
    "zero-filled last line and a tail": b"\0" * 40 + LINE_4[40:] + b'{"t":"ev',
    "unfinished two-line append": LINE_4[:-2] + b',"more":true}\n',
    "unfinished append, torn second line": LINE_4[:-2] + b',"more":true}\n' + LINE_4[:20],
}


@pytest.fixture(params=sorted(TORN_TAILS))
def torn(request: pytest.FixtureRequest, new_session) -> tuple[Path, bytes, bytes]:
    """A 3-event session with a torn tail appended: (path, clean bytes, tail)."""
    path = new_session(3)
    clean = path.read_bytes()
    tail = TORN_TAILS[request.param]
    with path.open("ab") as handle:
        handle.write(tail)
    return path, clean, tail


def test_writer_cuts_the_torn_tail_and_continues(torn, make_event) -> None:
    path, clean, tail = torn
    with SessionFile.open(path) as session:
        assert session.torn_tail_bytes == len(tail)
        assert [e["seq"] for e in session.events()] == [1, 2, 3]
        assert path.read_bytes() == clean
        session.append([make_event(4)])
    with SessionFile.open(path) as session:
        assert session.torn_tail_bytes == 0
        assert [e["seq"] for e in session.events()] == [1, 2, 3, 4]


def test_read_only_open_ignores_the_torn_tail_without_touching_the_file(torn) -> None:
    path, clean, tail = torn
    with SessionFile.open(path, read_only=True) as session:
        assert session.read_only
        assert session.read_only_reason == "opened read-only on request"
        assert session.torn_tail_bytes == len(tail)
        assert [e["seq"] for e in session.events()] == [1, 2, 3]
    assert path.read_bytes() == clean + tail


def test_peek_agrees_with_open_about_the_last_event(torn) -> None:
    path, _, _ = torn
    summary = peek(path)
    assert summary.header == {"title": "Steering committee"}
    assert summary.last_event is not None and summary.last_event["seq"] == 3


def test_peek_of_a_session_without_events(new_session) -> None:
    summary = peek(new_session(0))
    assert summary.header == {"title": "Steering committee"}
    assert summary.last_event is None


def test_complete_append_of_several_events_survives(new_session, make_event) -> None:
    path = new_session(1)
    with SessionFile.open(path) as session:
        session.append([make_event(2), make_event(3), make_event(4)])
    with SessionFile.open(path) as session:
        assert session.torn_tail_bytes == 0
        assert len(session) == 4
    assert peek(path).last_event["seq"] == 4  # type: ignore[index]


def test_leftover_temp_files_are_deleted_by_a_writer_only(new_session) -> None:
    path = new_session(2)
    leftovers = [path.with_name(f".{path.name}.tmp-{n}-deadbeef") for n in (123, 456)]
    unrelated = [path.with_name(".other.json.tmp-1"), path.with_name(f"{path.name}.bak")]
    for extra in leftovers + unrelated:
        extra.write_bytes(b'{"half a rewr')

    with SessionFile.open(path, read_only=True):
        assert all(p.exists() for p in leftovers)
    with SessionFile.open(path) as session:
        assert len(session) == 2
    assert not any(p.exists() for p in leftovers)
    assert all(p.exists() for p in unrelated)
