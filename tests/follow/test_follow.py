"""The follower: a read-only reader of one session file as another window writes it."""

from __future__ import annotations

import os
import shutil

from meeting_tui.controller import SessionController
from meeting_tui.domain import session as cmd
from meeting_tui.follow import FollowedFile, LogTail, SessionFollower, fold_into


def new_session(workspace, clock):
    entry = workspace.committee("demo-executive")
    agenda = workspace.agendas("demo-executive")[0].agenda
    path = workspace.new_session_path("demo-executive", "2025-11-29", agenda.title)
    return path, SessionController.create(path, entry.committee, agenda, clock=clock, title=agenda.title, date="2025-11-29")


def first_member(ctl) -> str:
    return next(m.id for m in ctl.state.members.values() if m.voting)


def snapshot(path):
    st = os.stat(path)
    return (st.st_ino, st.st_size, st.st_mtime_ns, path.read_bytes())


def test_follows_appends_while_the_writer_holds_the_lock(workspace, clock):
    path, writer = new_session(workspace, clock)
    try:
        follower = SessionFollower(path)
        first = follower.poll()
        assert first is not None and not first.reset
        assert follower.state.seq == writer.state.seq
        assert follower.poll() is None  # nothing new
        member = first_member(writer)
        writer.do(cmd.arrive, member)
        update = follower.poll()
        assert [e.kind for e in update.events] == ["member.arrived"]
        assert follower.state.attendance[member].status == "present"
        assert follower.state.quorum() == writer.state.quorum()
    finally:
        writer.close()


def test_never_writes_or_locks(workspace, clock):
    path, writer = new_session(workspace, clock)
    writer.do(cmd.arrive, first_member(writer))
    writer.close()
    before = snapshot(path)
    follower = SessionFollower(path)
    follower.poll()
    follower.close()
    assert snapshot(path) == before
    # the lock is free: a writer opens it while a follower reads
    follower = SessionFollower(path)
    follower.poll()
    again = SessionController.open(path, clock=clock)
    assert not again.read_only
    again.close()
    follower.close()


def test_torn_last_line_waits_for_its_newline(workspace, clock, tmp_path):
    path, writer = new_session(workspace, clock)
    writer.close()
    copy = tmp_path / "copy.json"
    lines = path.read_bytes().splitlines(keepends=True)
    copy.write_bytes(b"".join(lines))
    tail = LogTail(copy)
    assert len(tail.read().docs) == len(lines) - 1
    event = b'{"t":"events","id":%d,"doc":{"seq":%d,"kind":"session.note","at":1,"data":{}}}\n' % (len(lines), len(lines))
    with open(copy, "ab") as f:
        f.write(event[:20])
    assert tail.read().docs == []
    with open(copy, "ab") as f:
        f.write(event[20:])
    assert [d["seq"] for d in tail.read().docs] == [len(lines)]


def test_a_multi_event_append_arrives_whole(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b'{"format":"meeting-tui-session","version":1,"header":{}}\n')
    tail = LogTail(path)
    assert tail.read().docs == []
    with open(path, "ab") as f:
        f.write(b'{"t":"events","id":1,"doc":{"seq":1},"more":true}\n')
    assert tail.read().docs == []
    with open(path, "ab") as f:
        f.write(b'{"t":"events","id":2,"doc":{"seq":2}}\n')
    assert [d["seq"] for d in tail.read().docs] == [1, 2]


def test_zero_filled_tail_is_waited_for_and_a_damaged_line_reported(tmp_path):
    path = tmp_path / "s.json"
    header = b'{"format":"meeting-tui-session","version":1,"header":{}}\n'
    path.write_bytes(header + b"\x00\x00\x00\n")
    tail = LogTail(path)
    read = tail.read()
    assert read.docs == [] and not read.problem
    path.write_bytes(header + b'{"t":"events","id":1,"doc":{"seq":1}}\nnot json\n')
    read = tail.read()  # same inode, rewritten in place and not shorter
    assert read.problem


def test_a_replaced_file_is_read_again(workspace, clock, tmp_path):
    path, writer = new_session(workspace, clock)
    writer.do(cmd.arrive, first_member(writer))
    writer.close()
    backup = tmp_path / "backup.json"
    shutil.copy(path, backup)
    follower = SessionFollower(path)
    follower.poll()
    ctl = SessionController.open(path, clock=clock)
    ctl.do(cmd.arrive, [m.id for m in ctl.state.members.values() if m.voting][1])
    ctl.close()
    follower.poll()
    assert follower.state.seq == 3
    os.replace(backup, path)  # e.g. restored from a backup: a new inode
    update = follower.poll()
    assert update.reset and follower.state.seq == 2


def test_fold_into_skips_what_the_state_has(workspace, clock):
    path, writer = new_session(workspace, clock)
    writer.do(cmd.arrive, first_member(writer))
    state = writer.state
    writer.close()
    tail = LogTail(path)
    from meeting_tui.domain.events import Event

    events = [Event.from_dict(d) for d in tail.read().docs]
    assert fold_into(state, events) is None


def test_a_followed_controller_refuses_to_record(workspace, clock):
    path, writer = new_session(workspace, clock)
    try:
        ctl = SessionController(FollowedFile(path), clock)
        assert ctl.read_only and "follow" in ctl.read_only_reason
        import pytest

        from meeting_tui.domain.session import Refusal

        with pytest.raises(Refusal):
            ctl.do(cmd.arrive, first_member(ctl))
        ctl.close()
    finally:
        writer.close()


def test_follow_and_board_report_a_damaged_or_missing_file_in_one_line(tmp_path, capsys):
    from meeting_tui.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text("not a session\n")
    for command in ("follow", "board"):
        assert main(["--data-dir", str(tmp_path / "d"), command, str(bad)]) == 1
        assert main(["--data-dir", str(tmp_path / "d"), command, str(tmp_path / "missing.json")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("meeting-tui:") == 4
    assert bad.read_text() == "not a session\n"


def test_a_crafted_event_in_a_followed_file_is_reported_never_folded(workspace, clock):
    """Issue 16: an event naming an unknown member was accepted and a later view crashed; the
    follower (projector window, web board) checks each event as the loader does."""
    import json

    path, writer = new_session(workspace, clock)
    try:
        follower = SessionFollower(path)
        follower.poll()
        seq = writer.state.seq
    finally:
        writer.close()
    doc = {"seq": seq + 1, "kind": "member.arrived", "at": 1764400000.0, "data": {"member": "nobody", "mode": "in-person"}}
    with open(path, "ab") as out:
        out.write(json.dumps({"t": "events", "id": seq + 1, "doc": doc}).encode() + b"\n")
    assert follower.poll() is None
    assert "not in the session's roster" in follower.problem
    assert "nobody" not in follower.state.attendance and follower.state.seq == seq
