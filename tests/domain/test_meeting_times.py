"""The meeting's own times (#18 item 5): call to order and adjournment are events; a session
can be prepared ahead for a chosen date; business waits for the call to order."""

from __future__ import annotations

import copy

import pytest

from meeting_tui.domain import actions
from meeting_tui.domain import decisions
from meeting_tui.domain import events as ev
from meeting_tui.domain import session as s
from meeting_tui.domain.replay import ReplayError, replay
from meeting_tui.minutes import render_markdown

from .conftest import AGENDA, make_committee


class Prepared:
    """A session prepared ahead (for 2026-04-02), driven by commands with an explicit clock."""

    def __init__(self, prepared: bool = True, date: str = "2026-04-02"):
        self.now = 1_775_030_000.0  # 2026-04-01 07:53 UTC
        opened = s.open_session(make_committee(), AGENDA, now=self.now, date=date, prepared=prepared)
        self.events = [opened[0].with_seq(1)]
        self.state = s.fold(self.events)

    def at(self, seconds: float) -> Prepared:
        self.now += seconds
        return self

    def do(self, command, *args, **kw):
        new = command(self.state, *args, now=self.now, **kw)
        stamped = [e.with_seq(len(self.events) + i + 1) for i, e in enumerate(new)]
        self.events += stamped
        s.apply_all(self.state, stamped)
        return stamped

    def refused(self, command, *args, **kw) -> str:
        before = copy.deepcopy(self.state)
        with pytest.raises(s.Refusal) as info:
            command(self.state, *args, now=self.now, **kw)
        assert self.state == before
        return info.value.message


def test_a_prepared_session_keeps_its_chosen_date_and_waits_for_the_call():
    log = Prepared()
    assert log.state.date == "2026-04-02"
    assert log.events[0].data["prepared"] is True
    assert s.session_phase(log.state) == "prepared"
    assert not log.state.called_to_order
    assert log.state.meeting_elapsed(log.now + 3600) == 0.0


def test_a_session_date_that_is_not_a_date_is_refused():
    with pytest.raises(s.Refusal, match="date"):
        s.open_session(make_committee(), AGENDA, now=1_775_000_000.0, date="2026-02-30", prepared=True)


def test_attendance_before_the_call_to_order_business_refused_with_the_reason():
    log = Prepared()
    log.do(s.arrive, "m0")
    log.do(s.send_apologies, "m1")
    log.do(s.set_note, "a", "room 3")
    log.do(s.move_item, "c", 0)
    for command, args in (
        (s.next_item, ()),
        (s.start_item, ("a",)),
        (s.skip_item, ("a",)),
        (s.queue_speaker, ("m0",)),
        (s.close_session, ()),
        (actions.approve_previous_minutes, ()),
        (decisions.require_open, ()),
    ):
        if command is decisions.require_open:
            with pytest.raises(s.Refusal, match="called to order"):
                decisions.require_open(log.state)
            continue
        kwargs = {"previous": None} if command is actions.approve_previous_minutes else {}
        assert "called to order" in log.refused(command, *args, **kwargs)


def test_the_call_sets_the_clock_and_the_quorum_at_that_moment():
    log = Prepared()
    for i in range(11):
        log.at(60).do(s.arrive, f"m{i}")
    log.at(120).do(s.call_to_order)
    called = log.now
    assert log.state.called_at == called
    assert log.state.quorum_at_call is not None and log.state.quorum_at_call.met
    assert log.state.meeting_elapsed(called + 90) == 90
    assert "twice" in log.refused(s.call_to_order)
    log.at(30).do(s.next_item)
    log.at(600).do(s.close_session)
    assert s.session_phase(log.state) == "adjourned"
    assert log.state.meeting_elapsed(log.now + 9999) == 630
    assert "closed" in log.refused(s.call_to_order)


def test_a_session_not_prepared_was_called_to_order_when_it_opened():
    log = Prepared(prepared=False)
    assert log.state.called_at == log.state.opened_at
    assert s.session_phase(log.state) == "in-session"
    assert "prepared" not in log.events[0].data  # older files look the same: no flag stored


def test_every_item_is_done_only_when_it_is_true():
    log = Prepared(prepared=False)
    log.do(s.skip_item, "b")
    log.do(s.defer_item, "c", "no time")
    log.do(s.next_item)  # a
    log.do(s.next_item)  # finishes a; nothing pending now
    standing = s.agenda_standing(log.state)
    assert "done" not in standing.split("(")[0]
    assert "skipped" in standing and "deferred" in standing
    assert AGENDA.items[1].title in standing and AGENDA.items[2].title in standing
    message = log.refused(s.next_item)
    assert "Every agenda item is done" not in message and "skipped" in message
    whole = Prepared(prepared=False)
    for _ in AGENDA.items:
        whole.do(s.next_item)
    whole.do(s.finish_item)
    assert s.agenda_standing(whole.state) == "Every agenda item is done."


def _raw(log: Prepared) -> list[dict]:
    return [e.to_dict() for e in log.events]


def test_replay_takes_the_new_events_and_refuses_them_out_of_order():
    log = Prepared()
    log.at(10).do(s.arrive, "m0")
    log.at(10).do(s.call_to_order)
    log.at(10).do(s.next_item)
    log.at(10).do(s.close_session)
    state = replay(_raw(log))
    assert state.called_at == log.events[2].at and state.is_closed

    twice = _raw(log)[:3] + [dict(_raw(log)[2], seq=4)]
    with pytest.raises(ReplayError, match="second time"):
        replay(twice)
    early = Prepared()
    early_raw = _raw(early) + [{"seq": 2, "kind": ev.ITEM_STARTED, "at": early.now + 5, "data": {"item": "a"}}]
    with pytest.raises(ReplayError, match="before the meeting was called to order"):
        replay(early_raw)
    with_data = _raw(Prepared()) + [{"seq": 2, "kind": ev.SESSION_CALLED_TO_ORDER, "at": early.now + 5, "data": {"x": 1}}]
    with pytest.raises(ReplayError, match="carries data"):
        replay(with_data)
    bad_flag = _raw(Prepared())
    bad_flag[0] = dict(bad_flag[0], data=dict(bad_flag[0]["data"], prepared="yes"))
    with pytest.raises(ReplayError, match="prepared"):
        replay(bad_flag)


def test_minutes_say_when_the_meeting_was_called_to_order_and_adjourned_with_quorum_then():
    log = Prepared()
    for i in range(11):
        log.at(60).do(s.arrive, f"m{i}")
    log.at(600).do(s.call_to_order)
    log.at(60).do(s.next_item)
    log.at(3600).do(s.close_session)
    from datetime import timezone

    text = render_markdown(log.state, tz=timezone.utc)
    called = log.events[12].at
    from datetime import datetime

    hhmm = lambda t: datetime.fromtimestamp(t, timezone.utc).strftime("%H:%M")  # noqa: E731
    assert f"called to order {hhmm(called)}, adjourned {hhmm(log.now)} (UTC)" in text
    assert f"**{hhmm(called)}, called to order:** quorum met" in text.replace("Quorum met", "quorum met")
    assert f"**{hhmm(log.events[0].at)}, session opened:**" in text
    assert "from " + hhmm(called) in text  # the whole meeting's time runs from the call
