"""Correcting the record: undo (ctrl+z) and explicit corrections, one test per kind."""

from __future__ import annotations

import pytest

from meeting_tui.domain import actions as a
from meeting_tui.domain import corrections as c
from meeting_tui.domain import decisions as d
from meeting_tui.domain import session as s
from meeting_tui.domain.replay import ReplayError, replay

from meeting_tui.domain.model import Charter

from .conftest import AGENDA, make_committee
from .test_session import Log as _Log


class Log(_Log):
    """A session log stamped in this century (so `replay` takes it)."""

    def __init__(self, committee=None):
        self.events = []
        self.state = None
        self.now = 1_780_000_000.0
        self.do(lambda _s, now: s.open_session(committee or make_committee(), AGENDA, now=now))


def step(log: Log, command, *args, **kw):
    log.now += 10
    return log.do(command, *args, **kw)


def replayed(log: Log):
    return replay([e.to_dict() for e in log.events])


def test_undo_a_departure_restores_presence_proxies_and_queue():
    log = Log(make_committee(charter=Charter(proxies=True)))
    for i in range(12):
        step(log, s.arrive, f"m{i}")
    step(log, s.assign_proxy, "m15", "m3")
    step(log, s.queue_speaker, "m3")
    step(log, s.depart, "m3")
    assert log.state.attendance["m3"].status == "left" and "m15" not in log.state.proxies
    assert c.undo_preview(log.state) == "Member 3's departure"
    events = step(log, c.undo)
    assert events[0].data == {"seqs": [events[0].seq - 1]}
    st = log.state
    assert st.attendance["m3"].status == "present" and st.attendance["m3"].departures == []
    assert st.proxies == {"m15": "m3"} and st.speaker_queue == ["m3"]
    # Both the departure and its correction are in the log; replay folds the corrected state.
    kinds = [e.kind for e in log.events[-2:]]
    assert kinds == ["member.departed", "correction.undone"]
    assert replayed(log) == st
    assert s.fold(log.events) == st


def test_undo_goes_back_action_by_action_and_next_item_is_one_action():
    log = Log()
    step(log, s.arrive, "m1")
    step(log, s.next_item)  # starts a
    step(log, s.next_item)  # finishes a, starts b (one action)
    step(log, c.undo)
    assert log.state.current_item == "a" and log.state.items["a"].status == "running"
    assert log.state.items["b"].status == "pending"
    step(log, c.undo)
    assert log.state.current_item is None and log.state.items["a"].status == "pending"
    step(log, c.undo)
    assert log.state.attendance["m1"].status == "absent"
    assert "nothing left to undo" in log.refused(c.undo)
    assert replayed(log) == log.state


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda log: step(log, s.set_note, "a", "hello"), lambda st: st.notes.get("a", "") == ""),
        (lambda log: step(log, s.add_item, "AOB", 10), lambda st: "added-1" not in st.items),
        (lambda log: step(log, a.add_action, "Call", who="m1", due=""), lambda st: st.actions == {}),
        (lambda log: step(log, s.add_guest, "Visitor"), lambda st: "guest-1" not in st.members),
        (lambda log: step(log, s.send_apologies, "m4"), lambda st: st.attendance["m4"].status == "absent"),
        (lambda log: step(log, s.move_item, "c", 0), lambda st: list(st.items) == ["a", "b", "c"]),
    ],
)
def test_undo_per_kind(setup, expected):
    log = Log()
    setup(log)
    step(log, c.undo)
    assert expected(log.state)
    assert replayed(log) == log.state


def _with_proposal(log: Log) -> str:
    for i in range(15):
        step(log, s.arrive, f"m{i}")
    step(log, s.start_item, "c")
    step(log, d.propose, "We adopt the budgte.", item="c", mover="m1", seconder="m2")
    return next(iter(log.state.decisions.proposals))


def test_undo_refuses_a_vote_with_the_reason():
    log = Log()
    pid = _with_proposal(log)
    step(log, d.open_vote, pid, ballot="show-of-hands")
    message = log.refused(c.undo)
    assert "cannot be undone" in message and "Cancel it" in message


def test_undo_refused_when_closed():
    log = Log()
    step(log, s.arrive, "m1")
    step(log, s.close_session)
    assert "closed" in log.refused(c.undo)


def test_strike_a_departure_recorded_in_error_not_the_last_action():
    log = Log()
    step(log, s.arrive, "m5")
    step(log, s.depart, "m5")
    step(log, s.arrive, "m6")  # the last action is someone else's
    assert c.strike_preview(log.state, "m5") == "Member 5's departure"
    step(log, c.strike_attendance, "m5", "pressed space on the wrong row")
    assert log.state.attendance["m5"].status == "present"
    assert log.state.attendance["m6"].status == "present"
    assert replayed(log) == log.state
    (record,) = c.records(log.state)
    assert record.kind == c.STRUCK and record.corrected == "Member 5's departure"
    assert record.detail == "pressed space on the wrong row"
    # ctrl+z undoes the strike itself: the departure counts again.
    step(log, c.undo)
    assert log.state.attendance["m5"].status == "left"
    assert replayed(log) == log.state


def test_strike_an_arrival_and_refusals():
    log = Log()
    step(log, s.arrive, "m7")
    step(log, c.strike_attendance, "m7")
    assert log.state.attendance["m7"].status == "absent"
    assert "no arrival" in log.refused(c.strike_attendance, "m8")
    pid = _with_proposal(log)
    step(log, d.open_vote, pid, ballot="show-of-hands")
    assert "vote or consensus round was held" in log.refused(c.strike_attendance, "m3")


def test_edit_and_withdraw_an_action_item():
    log = Log()
    step(log, a.add_action, "Send teh report", who="m3", due="2026-04-30")
    step(log, s.arrive, "m1")
    step(log, c.edit_action, "action-1", text="Send the report", who="the secretariat", due="2026-05-15")
    action = log.state.actions["action-1"]
    assert (action.text, action.who, action.due) == ("Send the report", "the secretariat", "2026-05-15")
    assert "YYYY-MM-DD" in log.refused(c.edit_action, "action-1", text="x", who="", due="15/05")
    assert "needs a text" in log.refused(c.edit_action, "action-1", text=" ", who="", due="")
    step(log, c.withdraw_action, "action-1", "duplicate")
    assert log.state.actions["action-1"].status == "withdrawn"
    assert not log.state.actions["action-1"].is_open
    assert "withdrawn" in log.refused(c.edit_action, "action-1", text="y", who="", due="")
    assert "withdrawn" in log.refused(a.complete_action, "action-1")
    assert replayed(log) == log.state
    edited, withdrawn = c.records(log.state)
    assert "text: Send teh report → Send the report" in edited.detail
    assert "owner: Member 3 → the secretariat" in edited.detail
    assert withdrawn.kind == c.ACTION_WITHDRAWN and withdrawn.detail == "duplicate"


def test_done_action_item_cannot_be_edited():
    log = Log()
    step(log, a.add_action, "Call", who="m1", due="")
    step(log, a.complete_action, "action-1")
    assert "done" in log.refused(c.edit_action, "action-1", text="Call now", who="m1", due="")
    assert "done" in log.refused(c.withdraw_action, "action-1")


def test_action_warnings_no_owner_and_past_due():
    log = Log()
    log.state.date = "2026-03-10"
    assert c.action_warnings(log.state, "m1", "2026-04-01", now=log.now) == []
    warnings = c.action_warnings(log.state, "", "2026-03-01", now=log.now)
    assert len(warnings) == 2 and "Nobody" in warnings[0] and "past" in warnings[1]


def test_correct_a_proposal_wording_before_any_vote_only():
    log = Log()
    pid = _with_proposal(log)
    step(log, c.correct_proposal, pid, "We adopt the budget.")
    proposal = log.state.decisions.proposals[pid]
    assert proposal.text == "We adopt the budget." and proposal.version == 1
    assert replayed(log) == log.state
    (record,) = c.records(log.state)
    assert record.detail == "We adopt the budgte. → We adopt the budget."
    step(log, d.open_vote, pid, ballot="show-of-hands")
    assert "vote or consensus round has been held" in log.refused(c.correct_proposal, pid, "Other")


def test_replay_rejects_bad_corrections():
    log = Log()
    step(log, s.arrive, "m1")
    raw = [e.to_dict() for e in log.events]
    bad = dict(kind="correction.undone", at=log.now + 1, seq=len(raw) + 1, data={"seqs": [1]})
    with pytest.raises(ReplayError, match="cannot be undone"):
        replay(raw + [bad])
    bad["data"] = {"seqs": [99]}
    with pytest.raises(ReplayError, match="not an earlier event"):
        replay(raw + [bad])
    bad["data"] = {"seqs": "x"}
    with pytest.raises(ReplayError, match="non-empty list"):
        replay(raw + [bad])
    bad = dict(kind="action.edited", at=log.now + 1, seq=len(raw) + 1, data={"id": "action-9", "text": "x"})
    with pytest.raises(ReplayError, match="action item"):
        replay(raw + [bad])


from hypothesis import given, settings
from hypothesis import strategies as st

_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("toggle"), st.integers(0, 6)),
        st.tuples(st.just("queue"), st.integers(0, 6)),
        st.tuples(st.just("floor"), st.just(0)),
        st.tuples(st.just("next"), st.just(0)),
        st.tuples(st.just("pause"), st.just(0)),
        st.tuples(st.just("action"), st.just(0)),
        st.tuples(st.just("undo"), st.just(0)),
        st.tuples(st.just("strike"), st.integers(0, 6)),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(_STEPS)
def test_any_sequence_with_corrections_replays_to_the_same_state(steps):
    """Random actions with undos and strikes: the incremental state, a fold and a checked
    replay of the log agree, and undo never leaves a member's record inconsistent."""
    log = Log()
    commands = {
        "toggle": lambda n: (s.toggle_presence, f"m{n}"),
        "queue": lambda n: (s.queue_speaker, f"m{n}"),
        "floor": lambda n: (s.give_floor,),
        "next": lambda n: (s.next_item,),
        "pause": lambda n: (s.pause_item,),
        "action": lambda n: (a.add_action, "Call"),
        "undo": lambda n: (c.undo,),
        "strike": lambda n: (c.strike_attendance, f"m{n}"),
    }
    for name, n in steps:
        command, *args = commands[name](n)
        kw = {"who": "m1", "due": ""} if name == "action" else {}
        log.now += 7
        try:
            log.do(command, *args, **kw)
        except s.Refusal:
            pass
    assert replayed(log) == log.state
    assert s.fold(log.events) == log.state
    for member, attendance in log.state.attendance.items():
        if attendance.status != "present":
            assert member not in log.state.speaker_queue


def test_a_crafted_undone_event_still_describes_and_replays():
    """What a correction leaves out is not folded: a crafted left-out event cannot break the
    minutes' description of it."""
    log = Log()
    step(log, s.arrive, "m1")
    step(log, s.start_item, "a")
    step(log, s.extend_item, 5, "more time")
    raw = [e.to_dict() for e in log.events]
    raw[-1]["data"]["minutes"] = "lots"
    raw.append(dict(kind="correction.undone", at=log.now + 5, seq=len(raw) + 1, data={"seqs": [len(raw)]}))
    state = replay(raw)
    assert state.items["a"].extended_minutes == 0
    (record,) = c.records(state)
    assert record.corrected == "the extension of 'Approval of the previous minutes' by ? min"
