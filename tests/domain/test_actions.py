"""Action items and the approval of the previous minutes: events, fold, refusals."""

from __future__ import annotations

import subprocess
import sys

import pytest

from meeting_tui.domain import actions as a
from meeting_tui.domain import session as s
from meeting_tui.domain.events import Event

from .test_session import Log


def test_add_complete_and_carry_actions():
    log = Log()
    log.do(s.start_item, "b")
    log.do(a.add_action, "  Send the   report to the donors ", who="m3", due="2026-04-30")
    action = log.state.actions["action-1"]
    assert (action.text, action.who, action.due, action.item, action.status) == (
        "Send the report to the donors",
        "m3",
        "2026-04-30",
        "b",  # the running item by default
        "open",
    )
    log.do(a.add_action, "Book the hall", who="the secretariat", due="", item="c")
    assert log.state.actions["action-2"].item == "c"
    log.now += 60
    log.do(a.complete_action, "action-1")
    assert log.state.actions["action-1"].status == "done"
    assert log.state.actions["action-1"].done_at == log.now
    events = log.do(a.carry_open_actions)
    assert [e.data["id"] for e in events] == ["action-2"]
    assert log.state.actions["action-2"].status == "carried"
    assert log.state.actions["action-2"].is_open
    assert s.fold(log.events) == log.state


def test_action_without_running_item_has_no_item():
    log = Log()
    log.do(a.add_action, "Call the mayor", who="m1", due="")
    assert log.state.actions["action-1"].item is None
    assert log.events[-1].data["item"] == ""


def test_action_refusals_change_nothing():
    log = Log()
    assert "needs a text" in log.refused(a.add_action, "   \n ", who="m1", due="")
    assert "YYYY-MM-DD" in log.refused(a.add_action, "x", who="m1", due="30/04/2026")
    assert "YYYY-MM-DD" in log.refused(a.add_action, "x", who="m1", due="2026-02-30")
    assert "YYYY-MM-DD" in log.refused(a.add_action, "x", who="m1", due="2026-13-01")
    assert "no agenda item 'zz'" in log.refused(a.add_action, "x", who="m1", due="", item="zz")
    assert "at most" in log.refused(a.add_action, "x" * 3000, who="m1", due="")
    assert "no action item 'action-9'" in log.refused(a.complete_action, "action-9")
    log.do(a.add_action, "x", who="m1", due="2028-02-29")  # a leap day is a date
    log.do(a.complete_action, "action-1")
    assert "already done" in log.refused(a.complete_action, "action-1")
    assert "is done" in log.refused(a.carry_action, "action-1")
    log.do(a.add_action, "y", who="", due="")
    log.do(a.carry_action, "action-2")
    assert "already carried" in log.refused(a.carry_action, "action-2")
    log.do(s.close_session)
    assert "closed" in log.refused(a.add_action, "z", who="m1", due="")
    assert "closed" in log.refused(a.complete_action, "action-2")


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2026-04-30", True), ("2024-02-29", True), ("2100-02-29", False), ("2000-02-29", True),
     ("2026-04-31", False), ("2026-4-30", True), ("٢٠٢٦-٠٤-٣٠", True), ("0000-01-01", False), ("2026-04-30x", False), ("", False)],
)
def test_is_date(text, ok):
    assert a.is_date(text) is ok


def test_approve_previous_minutes():
    log = Log()
    log.state.date = "2026-04-11"
    previous = {"session": "2026-03-14-monthly-meeting.json", "title": "Monthly meeting", "date": "2026-03-14"}
    (event,) = log.do(a.approve_previous_minutes, previous=previous)
    assert event.kind == "minutes.approved"
    assert event.data == previous
    assert [x.session for x in a.minutes_approvals(log.state)] == ["2026-03-14-monthly-meeting.json"]
    assert "already approved" in log.refused(a.approve_previous_minutes, previous=previous)
    assert "no previous session" in log.refused(a.approve_previous_minutes, previous=None)
    later = {"session": "2026-05-09-x.json", "title": "May", "date": "2026-05-09"}
    assert "later than this one" in log.refused(a.approve_previous_minutes, previous=later)
    assert "not the file name" in log.refused(a.approve_previous_minutes, previous={"session": "../x.toml"})
    refolded = s.fold(log.events)
    assert a.minutes_approvals(refolded) == a.minutes_approvals(log.state)


def test_approve_takes_a_session_entry():
    from pathlib import Path

    from meeting_tui.workspace import SessionEntry

    log = Log()
    entry = SessionEntry(Path("/data/c/2026-03-14-m.json"), "c", title="March", date="2026-03-14")
    (event,) = log.do(a.approve_previous_minutes, previous=entry)
    assert event.data == {"session": "2026-03-14-m.json", "title": "March", "date": "2026-03-14"}


def test_events_validate_and_round_trip():
    for kind in ("action.added", "action.done", "action.carried", "minutes.approved"):
        assert Event.from_dict({"kind": kind, "at": 1.0, "data": {}}).kind == kind


@pytest.mark.parametrize("first", ["meeting_tui.domain.actions", "meeting_tui.domain.session"])
def test_either_module_can_be_imported_first(first):
    code = (
        f"import {first}\n"
        "from meeting_tui.domain import actions, session\n"
        "assert session.ActionItem is actions.ActionItem\n"
        "assert 'action.added' in session._APPLY and 'minutes.approved' in session._APPLY\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
