"""Agenda control during the meeting, and the speakers' list with its fairness totals."""

from __future__ import annotations

import pytest

from meeting_tui.domain import session as s

from .conftest import make_committee
from .test_session import Log


def test_skip_defer_and_take_up_again():
    log = Log()
    log.do(s.skip_item, "a")
    assert log.state.items["a"].status == "skipped"
    assert "Only a pending item" in log.refused(s.skip_item, "a")
    log.do(s.next_item)  # skipped items are passed over
    assert log.state.current_item == "b"
    log.now += 60
    log.do(s.defer_item, "b", "waiting for the treasurer's figures")
    b = log.state.items["b"]
    assert (b.status, b.deferred_reason, log.state.current_item) == ("deferred", "waiting for the treasurer's figures", None)
    assert b.elapsed(log.now + 999) == pytest.approx(60)  # its clock stopped
    assert "only an item not yet done" in log.refused(s.defer_item, "b")
    log.do(s.start_item, "a")  # a skipped item can be taken up after all
    assert log.state.items["a"].status == "running"


def test_starting_while_another_runs_is_refused_with_the_way_out():
    log = Log()
    log.do(s.start_item, "a")
    message = log.refused(s.start_item, "c")
    assert "still running" in message and "press n" in message


def test_add_and_move_items():
    log = Log()
    log.do(s.add_item, "Any other business: the flood appeal", 10, kind="decision")
    assert list(log.state.items)[-1] == "added-1"
    assert log.state.items["added-1"].added_at == log.now
    log.do(s.add_item, "Urgent: venue change", 5, position=0)
    assert list(log.state.items) == ["added-2", "a", "b", "c", "added-1"]
    log.do(s.move_item, "added-2", 3)
    assert list(log.state.items) == ["a", "b", "c", "added-2", "added-1"]
    assert s.move_item(log.state, "a", 0, now=log.now) == []
    assert "cannot move further" in log.refused(s.move_item, "a", 9)
    assert "needs a title" in log.refused(s.add_item, "  ", 5)
    assert "between 1 and" in log.refused(s.add_item, "x", 0)
    assert "between 1 and" in log.refused(s.add_item, "x", 100_000)
    assert "not 'chat'" in log.refused(s.add_item, "x", 5, kind="chat")
    assert s.fold(log.events) == log.state


def test_speakers_list_and_turns():
    log = Log()
    for m in ("m1", "m2", "m3"):
        log.do(s.arrive, m)
    assert "not present" in log.refused(s.queue_speaker, "m5")
    assert "empty" in log.refused(s.give_floor)
    log.do(s.queue_speaker, "m2")
    log.do(s.queue_speaker, "m1")
    assert "already on the speakers' list (number 1)" in log.refused(s.queue_speaker, "m2")
    log.do(s.next_item)
    log.do(s.give_floor)  # first in the queue
    assert log.state.current_speaker.member == "m2" and log.state.speaker_queue == ["m1"]
    log.now += 120
    log.do(s.give_floor)  # the next one: m2's turn ends
    assert log.state.turns[0].ended == log.now
    log.now += 30
    log.do(s.stop_speaker)
    assert "Nobody has the floor" in log.refused(s.stop_speaker)
    log.do(s.give_floor, "m3")
    log.now += 45
    totals = s.speaking_time(log.state, log.now)
    assert totals.by_member == {"m2": 120, "m1": 30, "m3": 45}
    # m1, m3 partner; m2 community (see conftest)
    assert totals.by_constituency == {"community": 120, "partner": 75}
    assert totals.by_organisation["Org 2"] == 120
    log.do(s.depart, "m3")  # leaving ends the turn
    assert log.state.current_speaker is None
    assert s.fold(log.events) == log.state


def test_finishing_an_item_ends_the_turn_and_departure_leaves_the_queue():
    log = Log(make_committee(5))
    log.do(s.arrive, "m1")
    log.do(s.arrive, "m2")
    log.do(s.next_item)
    log.do(s.give_floor, "m1")
    log.do(s.queue_speaker, "m2")
    log.do(s.depart, "m2")
    assert log.state.speaker_queue == []
    log.do(s.next_item)
    assert log.state.current_speaker is None
    assert "not on the speakers' list" in log.refused(s.withdraw_speaker, "m1")


def test_start_another_item_finishing_the_running_one_in_one_step():
    log = Log()
    log.do(s.start_item, "a")
    events = log.do(s.start_item, "c", finish_running=True)
    assert [e.kind for e in events] == ["item.finished", "item.started"]
    assert log.state.items["a"].status == "done" and log.state.current_item == "c"
