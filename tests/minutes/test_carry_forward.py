"""The next session: the previous session, approval of its minutes, what it carries forward."""

from __future__ import annotations

from meeting_tui.controller import SessionController
from meeting_tui.domain import actions as act
from meeting_tui.domain import session as cmd
from meeting_tui.workspace import carry_forward

from .helpers import Meeting, demo_meeting

SLUG = "demo-executive"
DAY = 86_400.0


def make_session(workspace, clock, date: str, title: str = "Monthly meeting", close: bool = True):
    entry = workspace.committee(SLUG)
    agenda = workspace.agendas(SLUG)[0].agenda
    path = workspace.new_session_path(SLUG, date, title)
    controller = SessionController.create(path, entry.committee, agenda, clock=clock, title=title, date=date)
    if close:
        controller.do(cmd.close_session)
        controller.close()
        return path
    return path, controller


def test_previous_session_is_the_latest_earlier_one(workspace, clock):
    assert workspace.previous_session(SLUG, workspace.committee_dir(SLUG) / "2026-03-14-x.json") is None
    feb = make_session(workspace, clock, "2026-02-14")
    clock.advance(DAY)
    jan = make_session(workspace, clock, "2026-01-10")  # created later, but held earlier
    clock.advance(DAY)
    march = make_session(workspace, clock, "2026-03-14")
    assert workspace.previous_session(SLUG, march).path == feb
    assert workspace.previous_session(SLUG, feb).path == jan
    assert workspace.previous_session(SLUG, jan) is None
    # a session about to be created (no file yet) comes after every one already there
    upcoming = workspace.new_session_path(SLUG, "2026-03-14", "Extraordinary")
    assert not upcoming.exists()
    assert workspace.previous_session(SLUG, upcoming).path == march
    # two sessions on one day: by when they opened
    clock.advance(3600)
    extra = make_session(workspace, clock, "2026-03-14", "Extraordinary")
    assert workspace.previous_session(SLUG, extra).path == march
    assert workspace.previous_session(SLUG, march).path == feb


def test_damaged_sessions_are_passed_over(workspace, clock):
    feb = make_session(workspace, clock, "2026-02-14")
    (workspace.committee_dir(SLUG) / "2026-03-01-broken.json").write_bytes(b"\x00garbage")
    march = workspace.committee_dir(SLUG) / "2026-03-14-next.json"
    assert workspace.previous_session(SLUG, march).path == feb


def test_approval_of_finds_the_later_session_that_approved(workspace, clock):
    feb = make_session(workspace, clock, "2026-02-14")
    assert workspace.approval_of(feb) is None
    clock.advance(28 * DAY)
    march, controller = make_session(workspace, clock, "2026-03-14", "March meeting", close=False)
    try:
        previous = workspace.previous_session(SLUG, march)
        controller.do(act.approve_previous_minutes, previous=previous)
        # found even while the approving session is open (and locked) in the app
        approval = workspace.approval_of(feb)
    finally:
        controller.close()
    assert approval == {"session": march.name, "title": "March meeting", "date": "2026-03-14", "at": clock.now}
    assert workspace.approval_of(march) is None


def test_carry_forward_after_a_meeting_with_open_actions_and_deferrals():
    previous = demo_meeting().state
    items = carry_forward(previous)
    assert [(i.id, i.title, i.minutes, i.kind) for i in items] == [
        ("previous-minutes", "Approval of the minutes of Executive committee — monthly meeting (2026-03-14)", 5, "decision"),
        ("open-actions", "Review of open action items", 10, "discussion"),
        ("deferred-statement", "Public statement on the proposed groundwater extraction licences", 25, "decision"),
    ]
    assert items[2].presenter == "youssef-al-ali"


def test_carry_forward_without_open_actions_or_deferrals():
    m = Meeting()
    m.do(act.add_action, "Done already", who="", due="")
    m.do(act.complete_action, "action-1")
    assert [i.id for i in carry_forward(m.state)] == ["previous-minutes"]


def test_deferred_conflicts_are_carried_forward():
    from meeting_tui.domain import conflicts
    from meeting_tui.domain import session as s
    from meeting_tui.workspace import carry_forward
    from tests.domain.test_session import Log
    from tests.domain.conftest import make_committee

    log = Log(make_committee(5))
    log.do(s.arrive, "m0")
    log.do(s.next_item)
    log.do(conflicts.raise_conflict, parties=("m1", "m2"), subject="a", description="Who speaks for the coalition")
    log.do(conflicts.defer, "C1", "the parties asked for time")
    titles = [item.title for item in carry_forward(log.state)]
    assert any("Conflict C1" in t and "Who speaks for the coalition" in t for t in titles)
