"""Session commands: each returns events or refuses with a clear message, state unchanged."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from meeting_tui.domain import rules
from meeting_tui.domain import session as s
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import Charter

from .conftest import AGENDA, make_committee


class Log:
    """A session under test: commands append to an in-memory event log and fold it."""

    def __init__(self, committee=None, agenda=AGENDA):
        self.events: list[Event] = []
        self.state = None
        self.now = 1_000_000.0
        self.do(lambda _s, now: s.open_session(committee or make_committee(), agenda, now=now))

    def do(self, command, *args, **kw):
        new = command(self.state, *args, now=self.now, **kw) if self.state else command(None, self.now)
        stamped = [e.with_seq(len(self.events) + i + 1) for i, e in enumerate(new)]
        self.events += stamped
        if self.state is None:
            self.state = s.fold(stamped)
        else:
            s.apply_all(self.state, stamped)
        return stamped

    def refused(self, command, *args, **kw) -> str:
        before = copy.deepcopy(self.state)
        with pytest.raises(s.Refusal) as info:
            command(self.state, *args, now=self.now, **kw)
        assert self.state == before
        return info.value.message


def test_open_snapshots_roster_charter_and_agenda():
    log = Log()
    opened = log.events[0]
    assert opened.kind == "session.opened"
    assert len(opened.data["committee"]["members"]) == 21
    assert opened.data["committee"]["charter"]["quorum"]["rule"] == "majority"
    assert [i["id"] for i in opened.data["agenda"]["items"]] == ["a", "b", "c"]
    assert log.state.title == "Monthly meeting"


def test_arrivals_reach_quorum_and_departure_loses_it():
    log = Log()
    for i in range(11):
        log.do(s.arrive, f"m{i}")
    assert log.state.quorum().met
    log.do(s.depart, "m3")
    assert not log.state.quorum().met
    assert [c.status.met for c in log.state.quorum_log] == [False, True, False]


def test_arrival_refusals():
    log = Log()
    log.do(s.arrive, "m1")
    assert "already marked present" in log.refused(s.arrive, "m1")
    assert "no member with id" in log.refused(s.arrive, "nobody")
    assert "not present" in log.refused(s.depart, "m2")
    assert "in-person" in log.refused(s.arrive, "m2", mode="by-pigeon")


def test_toggle_presence():
    log = Log()
    log.do(s.toggle_presence, "m1")
    assert log.state.attendance["m1"].status == "present"
    log.do(s.toggle_presence, "m1")
    assert log.state.attendance["m1"].status == "left"


def test_apologies():
    log = Log()
    log.do(s.send_apologies, "m4")
    assert log.state.attendance["m4"].status == "apologies"
    assert "already sent apologies" in log.refused(s.send_apologies, "m4")
    log.do(s.arrive, "m5")
    assert "present" in log.refused(s.send_apologies, "m5")


def test_proxy_rules():
    log = Log(make_committee(5, Charter(proxies=True)))
    log.do(s.arrive, "m0")
    log.do(s.arrive, "m1")
    assert "holder must be present" in log.refused(s.assign_proxy, "m2", "m3")
    assert "present and votes in person" in log.refused(s.assign_proxy, "m1", "m0")
    log.do(s.assign_proxy, "m2", "m0")
    assert "at most" in log.refused(s.assign_proxy, "m3", "m0") or "most the charter allows" in log.refused(
        s.assign_proxy, "m3", "m0"
    )
    assert "already held" in log.refused(s.assign_proxy, "m2", "m1")
    log.do(s.withdraw_proxy, "m2")
    assert log.state.proxies == {}
    assert "has given no proxy" in log.refused(s.withdraw_proxy, "m2")


def test_proxies_refused_when_charter_forbids():
    log = Log()
    log.do(s.arrive, "m0")
    assert "does not allow proxies" in log.refused(s.assign_proxy, "m2", "m0")


def test_holder_leaving_drops_the_proxies_it_held():
    log = Log(make_committee(5, Charter(proxies=True)))
    log.do(s.arrive, "m0")
    log.do(s.assign_proxy, "m2", "m0")
    log.do(s.depart, "m0")
    assert log.state.proxies == {}


def test_guest_is_present_and_never_votes():
    log = Log()
    log.do(s.add_guest, "Visiting journalist", organisation="Press")
    guest = log.state.members["guest-1"]
    assert guest.voting is False and log.state.attendance["guest-1"].status == "present"
    assert log.state.quorum().counted == 0
    assert "needs a name" in log.refused(s.add_guest, "   ")


def test_timer_from_events_and_clock():
    log = Log()
    log.do(s.next_item)
    item = log.state.items["a"]
    assert item.remaining(log.now + 60) == pytest.approx(4 * 60)
    log.now += 120
    log.do(s.pause_item)
    assert item.remaining(log.now + 1000) == pytest.approx(3 * 60)
    log.now += 1000
    log.do(s.resume_item)
    log.do(s.extend_item, 10, "chair allowed more debate")
    assert item.remaining(log.now + 60) == pytest.approx(12 * 60)
    assert item.remaining(log.now + 60 * 20) < 0  # overrun counts negative
    assert "still running" in log.refused(s.start_item, "b")
    assert "between 1 and" in log.refused(s.extend_item, -5, "")
    assert "between 1 and" in log.refused(s.extend_item, 10_000, "")
    log.do(s.next_item)
    assert log.state.current_item == "b" and item.status == "done"


def test_replay_gives_the_same_state():
    log = Log(make_committee(6, Charter(proxies=True)))
    log.do(s.arrive, "m0")
    log.do(s.arrive, "m1", mode="remote")
    log.do(s.assign_proxy, "m2", "m0")
    log.do(s.next_item)
    log.do(s.set_note, "a", "Minutes approved without changes.\nسطر عربي")
    log.do(s.close_session)
    assert s.fold(log.events) == log.state
    assert log.state.is_closed
    assert "closed" in log.refused(s.arrive, "m3")


def test_set_note_without_change_adds_no_event():
    log = Log()
    log.do(s.set_note, "a", "x")
    assert s.set_note(log.state, "a", "x", now=log.now) == []


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["arrive", "depart", "toggle", "apologies", "proxy", "withdraw", "guest"]),
        st.integers(0, 7),
        st.integers(0, 7),
        st.sampled_from(["in-person", "remote"]),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(
    actions=ACTIONS,
    count_proxies=st.booleans(),
    remote_counts=st.booleans(),
    by_organisation=st.booleans(),
    min_community=st.integers(0, 2),
)
def test_random_attendance_keeps_invariants(actions, count_proxies, remote_counts, by_organisation, min_community):
    charter = Charter(proxies=True, remote_counts=remote_counts, seats="organisation" if by_organisation else "member")
    charter = replace(charter, quorum=replace(charter.quorum, count_proxies=count_proxies, min_community=min_community))
    committee = make_committee(8, charter)
    if by_organisation:  # two or three delegates to a seat: one present fills it
        members = tuple(replace(m, organisation=f"Org {i % 3}") for i, m in enumerate(committee.members))
        committee = replace(committee, members=members)
    log = Log(committee)
    for name, a, b, mode in actions:
        before = copy.deepcopy(log.state)
        try:
            if name == "arrive":
                log.do(s.arrive, f"m{a}", mode=mode)
            elif name == "depart":
                log.do(s.depart, f"m{a}")
            elif name == "toggle":
                log.do(s.toggle_presence, f"m{a}")
            elif name == "apologies":
                log.do(s.send_apologies, f"m{a}")
            elif name == "proxy":
                log.do(s.assign_proxy, f"m{a}", f"m{b}")
            elif name == "withdraw":
                log.do(s.withdraw_proxy, f"m{a}")
            else:
                log.do(s.add_guest, f"Guest {a}")
        except s.Refusal as refusal:
            assert refusal.message
            assert log.state == before
        q = log.state.quorum()
        # Kept one change at a time, it is what counting the roster from scratch gives.
        state = log.state
        assert q == rules.quorum(charter, state.members.values(), state.present(), state.proxies)
        assert q.counted <= q.total
        assert q.present + q.by_proxy <= q.total
        holders = list(log.state.proxies.values())
        assert all(log.state.attendance[h].status == "present" for h in holders)
        assert all(holders.count(h) <= charter.max_proxies_per_member for h in holders)
    assert s.fold(log.events) == log.state


def test_giver_arriving_takes_back_their_vote():
    log = Log(make_committee(5, Charter(proxies=True)))
    log.do(s.arrive, "m0")
    log.do(s.assign_proxy, "m2", "m0")
    log.do(s.arrive, "m2")
    assert log.state.proxies == {}


def test_chair_and_secretary_come_from_the_agenda_or_the_committee_roles():
    from msgspec.structs import replace as _replace

    log = Log()
    assert log.state.chair == "m0" and log.state.secretary == ""
    committee = make_committee()
    agenda = _replace(AGENDA, chair="m3", secretary="m4")
    state = s.fold([e.with_seq(1) for e in s.open_session(committee, agenda, now=0.0)])
    assert (state.chair, state.secretary) == ("m3", "m4")
    with pytest.raises(s.Refusal, match="no current member"):
        s.open_session(committee, _replace(AGENDA, chair="ghost"), now=0.0)


def test_next_meeting_is_recorded_and_checked():
    log = Log()
    log.state.date = "2026-03-14"
    log.do(s.set_next_meeting, "2026-04-11", "Farmers' hall", "16:30")
    assert log.state.next_meeting == {"date": "2026-04-11", "time": "16:30", "place": "Farmers' hall"}
    assert "YYYY-MM-DD" in log.refused(s.set_next_meeting, "11/04/2026")
    assert "YYYY-MM-DD" in log.refused(s.set_next_meeting, "2026-02-30")
    assert "must come after" in log.refused(s.set_next_meeting, "2026-03-01")
    assert "HH:MM" in log.refused(s.set_next_meeting, "2026-04-11", "", "25:00")
