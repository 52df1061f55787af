"""Creating, appending to and reopening session files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from meeting_tui.store import (
    DamagedSessionFile,
    SessionExists,
    SessionFile,
    StorageError,
)


def test_round_trip_keeps_events_header_and_order(session_path: Path, make_event) -> None:
    header = {"title": "اجتماع اللجنة التوجيهية", "committee": "steering"}
    with SessionFile.create(session_path, header) as session:
        assert not session.read_only and session.read_only_reason is None
        session.append([make_event(1)])
        session.append([make_event(2, "member.departed"), make_event(3, "note.set")])
        written = session.events()

    with SessionFile.open(session_path) as reopened:
        assert reopened.header == header
        assert reopened.events() == written
        assert len(reopened) == 3
        assert [e["seq"] for e in reopened.events()] == [1, 2, 3]
        assert reopened.events()[0] == {"seq": 1, **make_event(1)}


def test_file_format_is_json_lines_with_header_and_readable_utf8(
    session_path: Path, make_event
) -> None:
    with SessionFile.create(session_path, {"title": "t"}) as session:
        session.append([make_event(1)])
        session.append([make_event(2), make_event(3)])
    raw = session_path.read_bytes()
    assert raw.endswith(b"\n")
    assert "فاطمة".encode() in raw  # not \u escaped
    lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert lines[0] == {"format": "meeting-tui-session", "version": 1, "header": {"title": "t"}}
    assert [(line["t"], line["id"], line.get("more")) for line in lines[1:]] == [
        ("events", 1, None),
        ("events", 2, True),  # first line of a two-event append
        ("events", 3, None),
    ]
    assert lines[1]["doc"] == {"seq": 1, **make_event(1)}


def test_create_refuses_an_existing_file_and_makes_parent_dirs(session_path: Path) -> None:
    assert not session_path.parent.exists()
    SessionFile.create(session_path, {"n": 1}).close()
    before = session_path.read_bytes()
    with pytest.raises(SessionExists) as caught:
        SessionFile.create(session_path, {"n": 2})
    assert isinstance(caught.value, FileExistsError)
    assert session_path.read_bytes() == before
    assert [p.name for p in session_path.parent.iterdir()] == [session_path.name]


def test_open_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SessionFile.open(tmp_path / "nope.json")


def test_seq_is_assigned_and_checked(new_session, make_event) -> None:
    with SessionFile.open(new_session(2)) as session:
        session.append([{**make_event(3), "seq": 3}, {**make_event(4), "seq": 0}])
        with pytest.raises(ValueError, match="seq 9"):
            session.append([{**make_event(5), "seq": 9}])
        assert [e["seq"] for e in session.events()] == [1, 2, 3, 4]


def test_caller_dicts_are_not_modified_and_events_are_copies(new_session, make_event) -> None:
    event = make_event(1)
    with SessionFile.open(new_session()) as session:
        session.append([event])
        assert "seq" not in event
        session.events()[0]["kind"] = "changed"
        assert session.events()[0]["kind"] == "member.arrived"


def test_event_that_is_not_json_is_refused_and_nothing_is_written(new_session, make_event) -> None:
    path = new_session(1)
    before = path.read_bytes()
    with SessionFile.open(path) as session:
        for bad in ({"kind": "x", "data": {1, 2}}, {"kind": "x", "at": float("nan")}):
            with pytest.raises(ValueError, match="not storable JSON"):
                session.append([make_event(2), bad])
        assert len(session) == 1
        session.append([make_event(2)])
        assert [e["seq"] for e in session.events()] == [1, 2]
    assert path.read_bytes().startswith(before)


def test_closing_releases_the_lock_and_stops_writes(new_session, make_event) -> None:
    path = new_session(1)
    session = SessionFile.open(path)
    session.close()
    session.close()
    with pytest.raises(StorageError, match="closed"):
        session.append([make_event(2)])
    assert len(session) == 1  # still readable from memory
    with SessionFile.open(path) as again:
        assert not again.read_only
