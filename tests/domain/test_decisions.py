"""Proposals, votes and decisions (PROCEDURE.md: Voting, Decision scope, register ids)."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from meeting_tui.domain import decisions as d
from meeting_tui.domain import eligibility
from meeting_tui.domain import session as s
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import Charter, Member, QuorumRules, VotingRules
from meeting_tui.domain.rules import Tally

from .conftest import AGENDA, make_committee

JAN_1_2031 = 1924992000.0


class Log:
    """A session under test: commands append to an in-memory event log and fold it."""

    def __init__(self, committee=None, *, date="2026-03-14", present=(), mode="in-person"):
        self.now = 1_000_000.0
        opened = s.open_session(committee or make_committee(), AGENDA, now=self.now, date=date)
        self.events: list[Event] = [e.with_seq(1) for e in opened]
        self.state = s.fold(self.events)
        for member in present:
            self.do(s.arrive, member, mode=mode)

    def do(self, command, *args, **kw):
        self.now += 1
        new = command(self.state, *args, now=self.now, **kw)
        stamped = [e.with_seq(len(self.events) + i + 1) for i, e in enumerate(new)]
        self.events += stamped
        s.apply_all(self.state, stamped)
        return stamped

    def refused(self, command, *args, **kw) -> str:
        before = copy.deepcopy(self.state)
        with pytest.raises(Refusal) as info:
            command(self.state, *args, now=self.now, **kw)
        assert self.state == before
        assert info.value.message
        return info.value.message

    @property
    def last(self) -> d.Decision:
        return self.state.decisions.records[-1]

    def propose(self, text="Adopt the 2026 budget.", **kw) -> str:
        kw.setdefault("item", "c")
        self.do(d.propose, text, **kw)
        return list(self.state.decisions.proposals)[-1]

    def show_of_hands(self, yes, no, abstain=0, *, threshold=None, **close) -> d.Decision:
        pid = self.propose()
        self.do(d.open_vote, pid, ballot="show-of-hands", threshold=threshold)
        self.do(d.enter_counts, yes, no, abstain)
        self.do(d.close_vote, **close)
        return self.last


def ids(*numbers: int) -> list[str]:
    return [f"m{i}" for i in numbers]


def worked_example(charter=None) -> Log:
    """PROCEDURE.md: 21 voting members, 12 present (quorum needs 11)."""
    return Log(make_committee(21, charter), present=ids(*range(12)))


# ---------------------------------------------------------------------------------------------
# Thresholds, with PROCEDURE.md's worked example
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "threshold, outcome, sentence",
    [
        ("majority_cast", "adopted", "Adopted: 7 yes > 4 no (majority of votes cast); 1 abstention not counted."),
        ("majority_present", "adopted", "Adopted: 7 yes, 7 needed (majority of voting members present: more than half of 12)."),
        (
            "majority_members",
            "rejected",
            "Rejected: 7 yes, 11 needed (majority of all voting members: more than half of 21).",
        ),
        (
            "two_thirds_cast",
            "rejected",
            "Rejected: 7 yes, 8 needed (two-thirds of votes cast: two thirds of 11); 1 abstention not counted.",
        ),
        (
            "two_thirds_present",
            "rejected",
            "Rejected: 7 yes, 8 needed (two-thirds of voting members present: two thirds of 12).",
        ),
        ("unanimous", "rejected", "Rejected: 4 against (unanimous)."),
    ],
)
def test_worked_example(threshold, outcome, sentence):
    log = worked_example()
    decision = log.show_of_hands(7, 4, 1, threshold=threshold)
    assert decision.outcome == outcome
    assert (decision.present_voters, decision.total_voters) == (12, 21)
    assert decision.quorum == d.QuorumAt(True, 12, 11, "members")
    assert d.explain(decision) == sentence


@pytest.mark.parametrize(
    "threshold, yes, no, abstain, outcome",
    [
        # majority_cast: yes > no; abstentions do not count; a tie fails
        ("majority_cast", 1, 0, 11, "adopted"),
        ("majority_cast", 5, 5, 2, "rejected"),
        ("majority_cast", 0, 0, 12, "rejected"),
        ("majority_cast", 4, 5, 0, "rejected"),
        # majority_present: yes > 12 / 2
        ("majority_present", 7, 0, 5, "adopted"),
        ("majority_present", 6, 0, 6, "rejected"),
        ("majority_present", 6, 5, 1, "rejected"),
        # majority_members: yes > 21 / 2
        ("majority_members", 11, 1, 0, "adopted"),
        ("majority_members", 10, 0, 2, "rejected"),
        # two_thirds_cast: yes >= 2/3 (yes + no)
        ("two_thirds_cast", 8, 4, 0, "adopted"),
        ("two_thirds_cast", 2, 1, 9, "adopted"),
        ("two_thirds_cast", 7, 4, 1, "rejected"),
        ("two_thirds_cast", 0, 0, 12, "rejected"),
        # two_thirds_present: yes >= 2/3 × 12 = 8
        ("two_thirds_present", 8, 0, 4, "adopted"),
        ("two_thirds_present", 7, 0, 5, "rejected"),
        ("two_thirds_present", 6, 6, 0, "rejected"),
        # unanimous: no = 0 and yes >= 1; abstentions allowed by default
        ("unanimous", 10, 0, 2, "adopted"),
        ("unanimous", 11, 1, 0, "rejected"),
        ("unanimous", 0, 0, 12, "rejected"),
    ],
)
def test_thresholds_table(threshold, yes, no, abstain, outcome):
    log = worked_example()
    assert log.show_of_hands(yes, no, abstain, threshold=threshold).outcome == outcome


def test_unanimous_no_abstain():
    log = worked_example(Charter(voting=VotingRules(unanimous_no_abstain=True)))
    decision = log.show_of_hands(10, 0, 2, threshold="unanimous")
    assert decision.outcome == "rejected"
    assert "allows no abstention" in d.explain(decision)


def test_a_tie_fails_and_says_so():
    log = worked_example()
    decision = log.show_of_hands(5, 5, 2)
    assert decision.outcome == "rejected"
    assert d.explain(decision) == "Tie: 5 yes, 5 no — a tie fails."


def test_threshold_override_is_recorded():
    log = worked_example()
    pid = log.propose()
    opened = log.do(d.open_vote, pid, ballot="show-of-hands", threshold="two_thirds_cast")[0]
    assert opened.data["override"] is True and opened.data["default_threshold"] == "majority_cast"
    log.do(d.enter_counts, 8, 4)
    log.do(d.close_vote)
    assert log.last.threshold == "two_thirds_cast" and log.last.threshold_overridden
    assert not log.show_of_hands(8, 4).threshold_overridden


def test_charter_default_threshold_is_used():
    log = worked_example(Charter(voting=VotingRules(default_threshold="two_thirds_present")))
    assert log.show_of_hands(7, 0).threshold == "two_thirds_present"
    assert log.last.outcome == "rejected"


# ---------------------------------------------------------------------------------------------
# Quorum gate
# ---------------------------------------------------------------------------------------------


def test_no_quorum_is_recorded_as_not_adopted():
    log = Log(make_committee(11), present=ids(0, 1, 2, 3, 4))
    decision = log.show_of_hands(5, 0)
    assert decision.outcome == "no-quorum" and decision.register_id == ""
    assert d.explain(decision) == "Not adopted: no quorum (5 present, 6 required)."
    proposal = log.state.decisions.proposals[decision.proposal]
    assert proposal.status == "open"  # void business: it may be voted again once quorum is back
    log.do(s.arrive, "m5")
    log.do(d.open_vote, proposal.id, ballot="show-of-hands")
    log.do(d.enter_counts, 6, 0)
    log.do(d.close_vote)
    assert log.last.outcome == "adopted" and log.last.register_id == "EXE-2026-001"


def test_no_quorum_close_needs_no_counts():
    log = Log(make_committee(11), present=ids(0, 1))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.close_vote)
    assert log.last.outcome == "no-quorum" and log.last.tally == Tally(0, 0, 0)


# ---------------------------------------------------------------------------------------------
# Roll call, proxies, organisation seats
# ---------------------------------------------------------------------------------------------


def test_roll_call_records_names_and_lists_who_has_not_voted():
    log = Log(make_committee(5), present=ids(0, 1, 2, 3))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    assert [p.seat for p in d.not_yet_voted(log.state)] == ids(0, 1, 2, 3)
    log.do(d.cast_vote, "m0", "yes")
    log.do(d.cast_vote, "m2", "no")
    log.do(d.cast_vote, "m3", "abstain")
    assert [(p.seat, p.voters) for p in d.not_yet_voted(log.state)] == [("m1", ("m1",))]
    log.do(d.cast_vote, "m1", "yes")
    assert d.not_yet_voted(log.state) == []
    log.do(d.close_vote)
    decision = log.last
    assert decision.method == "roll-call" and decision.tally == Tally(2, 1, 1)
    assert {(e.member, e.choice) for e in decision.roll} == {("m0", "yes"), ("m1", "yes"), ("m2", "no"), ("m3", "abstain")}
    assert decision.outcome == "adopted"


def test_a_roll_call_vote_can_be_changed_until_the_close_and_is_minuted():
    from meeting_tui.minutes import render_markdown

    log = Log(make_committee(5), present=ids(0, 1, 2, 3))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "m0", "yes")
    assert "has not voted yet" in log.refused(d.change_vote, "m1", "no")
    assert "already recorded as yes" in log.refused(d.change_vote, "m0", "yes")
    assert "not 'maybe'" in log.refused(d.change_vote, "m0", "maybe")
    log.do(d.change_vote, "m0", "no")
    assert log.state.decisions.ballot.roll["m0"].choice == "no"
    assert "already voted" in log.refused(d.cast_vote, "m0", "yes")  # a change, never a second vote
    for member in ("m1", "m2", "m3"):
        log.do(d.cast_vote, member, "yes")
    log.do(d.close_vote)
    decision = log.last
    assert decision.tally == Tally(3, 1, 0)
    assert [(c.member, c.previous, c.choice) for c in decision.changes] == [("m0", "yes", "no")]
    assert s.fold(log.events).decisions.records[-1].changes == decision.changes  # replay
    assert "changed their vote from yes to no" in render_markdown(log.state)
    assert log.refused(d.change_vote, "m0", "yes")  # closed: nothing left to change


def test_a_proxy_vote_is_changed_by_its_holder():
    log = proxy_log()
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "m0", "yes")
    log.do(d.cast_vote, "m0", "yes", proxy_for="m2")
    log.do(d.change_vote, "m0", "abstain", proxy_for="m2")
    roll = log.state.decisions.ballot.roll
    assert roll["m0"].choice == "yes" and roll["m2"].choice == "abstain"


def test_votes_cannot_be_changed_in_a_secret_ballot():
    log = Log(make_committee(5), present=ids(0, 1, 2, 3))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="secret")
    log.do(d.record_participation, "m0")
    assert log.refused(d.change_vote, "m0", "no")


def proxy_log() -> Log:
    log = Log(make_committee(5, Charter(proxies=True)), present=ids(0, 1, 3))
    log.do(s.assign_proxy, "m2", "m0")
    return log


def test_split_proxy_votes():
    log = proxy_log()
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    pending = {(p.seat, p.voters, p.proxy_for) for p in d.not_yet_voted(log.state)}
    assert ("m2", ("m0",), "m2") in pending and len(pending) == 4
    log.do(d.cast_vote, "m0", "yes")
    log.do(d.cast_vote, "m0", "no", proxy_for="m2")
    assert "already been cast" in log.refused(d.cast_vote, "m0", "yes", proxy_for="m2")
    assert "already voted" in log.refused(d.cast_vote, "m0", "no")
    assert "does not hold" in log.refused(d.cast_vote, "m1", "no", proxy_for="m2")
    log.do(d.cast_vote, "m1", "yes")
    log.do(d.close_vote)
    assert log.last.tally == Tally(2, 1, 0)
    assert log.last.present_voters == 4  # 3 present + 1 proxy held
    assert ("m0", "no", "m2") in {(e.member, e.choice, e.proxy_for) for e in log.last.roll}


def test_proxy_counts_as_a_vote_held_in_the_eligible_total():
    log = proxy_log()
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.enter_counts, 3, 1, 0)  # 3 present + 1 proxy
    assert "only 4 votes can be cast" in log.refused(d.enter_counts, 3, 2, 0)


def org_committee(**charter) -> object:
    people = (
        Member(id="a1", name="A one", organisation="A", role="chair"),
        Member(id="a2", name="A two", organisation="A"),
        Member(id="b1", name="B one", organisation="B", constituency="partner"),
        Member(id="b-alt", name="B alternate", organisation="B", constituency="partner", alternate_for="b1"),
        Member(id="c1", name="C one", organisation="C"),
        Member(id="d1", name="D one", organisation="D", constituency="partner"),
    )
    return make_committee(0, Charter(seats="organisation", **charter), extra=people)


def test_organisation_seats_one_vote_per_organisation():
    log = Log(org_committee(), present=["a1", "a2", "b-alt", "c1"])
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    pending = {p.seat: p.voters for p in d.not_yet_voted(log.state)}
    assert pending == {"A": ("a1", "a2"), "B": ("b-alt",), "C": ("c1",)}
    log.do(d.cast_vote, "a2", "yes")
    message = log.refused(d.cast_vote, "a1", "no")
    assert "A has already voted (cast by A two)" in message and "one vote" in message
    log.do(d.cast_vote, "b-alt", "yes")  # B's delegate is absent: the alternate votes
    log.do(d.cast_vote, "c1", "no")
    log.do(d.close_vote)
    decision = log.last
    assert decision.tally == Tally(2, 1, 0)
    assert (decision.present_voters, decision.total_voters) == (3, 4)
    assert decision.quorum.unit == "organisations"


def test_alternate_does_not_vote_while_the_delegate_is_present():
    log = Log(org_committee(), present=["a1", "b1", "b-alt", "c1"])
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    assert "the delegate, is present" in log.refused(d.cast_vote, "b-alt", "yes")
    log.do(d.cast_vote, "b1", "no")


def test_member_seats_alternate_fills_the_delegates_seat():
    log = Log(make_committee(0, extra=org_committee().members), present=["b-alt", "a1", "c1"])
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "b-alt", "yes")
    assert [e.seat for e in log.state.decisions.ballot.roll.values()] == ["b1"]
    log.do(s.arrive, "b1")
    assert "seat has already been cast" in log.refused(d.cast_vote, "b1", "no")


def test_show_of_hands_counts_organisations():
    log = Log(org_committee(), present=["a1", "a2", "c1"])
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="show-of-hands")
    assert "only 2 votes" in log.refused(d.enter_counts, 3, 0, 0)


# ---------------------------------------------------------------------------------------------
# Secret ballot
# ---------------------------------------------------------------------------------------------


def secret_log() -> tuple[Log, str]:
    log = Log(make_committee(7, Charter(proxies=True)), present=ids(0, 1, 2, 3, 4))
    log.do(s.assign_proxy, "m5", "m1")
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="secret")
    return log, pid


def test_secret_ballot_stores_who_took_part_never_how():
    log, pid = secret_log()
    for member in ids(0, 1, 2, 3):
        log.do(d.record_participation, member)
    log.do(d.record_participation, "m1", proxy_for="m5")
    assert [p.seat for p in d.not_yet_voted(log.state)] == ["m4"]
    assert "ballot box is still open" in log.refused(d.enter_counts, 3, 1, 1)
    log.do(d.close_ballot_box)
    assert "only 5 took part" in log.refused(d.enter_counts, 4, 1, 1)
    log.do(d.enter_counts, 3, 1, 1)
    log.do(d.close_vote)
    decision = log.last
    assert decision.roll == () and len(decision.took_part) == 5
    assert all(entry.choice == "" for entry in decision.took_part)
    assert decision.outcome == "adopted"

    member_ids = set(log.state.members)
    choices = {"yes", "no", "abstain"}
    ballot_events = [e for e in log.events if e.kind.startswith("vote.")]
    for event in ballot_events:
        text = json.dumps(event.to_dict())
        named = {m for m in member_ids if f'"{m}"' in text}
        if event.kind == d.VOTE_PARTICIPATED:
            assert set(event.data) == {"proposal", "member", "seat", "proxy_for"}
            assert not any(f'"{c}"' in text for c in choices)
        else:
            assert named == set(), event  # counts and results name nobody
    assert all(e.kind != d.VOTE_CAST for e in ballot_events)


def test_once_the_ballot_box_is_closed_no_one_is_still_to_vote_they_did_not_vote():
    """Issue 16 follow-up: after the box closes, the members who did not put a ballot in are not
    "not yet" (no ballot can go in any more): the domain says they did not vote."""
    log, _pid = secret_log()
    for member in ids(0, 1, 2):
        log.do(d.record_participation, member)
    assert {p.seat for p in d.not_yet_voted(log.state)} == {"m3", "m4", "m5"}
    assert d.did_not_vote(log.state) == []  # the box is open: still to vote, not absent
    log.do(d.close_ballot_box)
    assert d.not_yet_voted(log.state) == []
    assert {p.seat for p in d.did_not_vote(log.state)} == {"m3", "m4", "m5"}
    log.do(d.enter_counts, 2, 1, 0)
    log.do(d.close_vote)
    assert d.did_not_vote(log.state) == [] and d.not_yet_voted(log.state) == []


def test_secret_ballot_refusals():
    log, _pid = secret_log()
    assert "secret ballot" in log.refused(d.cast_vote, "m0", "yes")
    log.do(s.arrive, "m6", mode="remote")
    assert "cast in the room" in log.refused(d.record_participation, "m6")
    assert "No one has put in a ballot" in log.refused(d.close_ballot_box)
    log.do(d.record_participation, "m0")
    assert "already voted" in log.refused(d.record_participation, "m0")
    assert "ballot box is still open" in log.refused(d.enter_counts, 1, 0, 0)
    log.do(d.close_ballot_box)
    assert "already closed" in log.refused(d.close_ballot_box)
    assert "counting has started" in log.refused(d.record_participation, "m1")
    log.do(d.enter_counts, 0, 1, 0)
    log.do(d.enter_counts, 1, 0, 0)  # entering again replaces the counts
    assert log.state.decisions.ballot.counts == Tally(1, 0, 0)


# ---------------------------------------------------------------------------------------------
# Casting vote
# ---------------------------------------------------------------------------------------------


def casting_log(allowed=True, ballot="show-of-hands") -> Log:
    log = worked_example(Charter(voting=VotingRules(chair_casting_vote=allowed)))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot=ballot)
    return log


def test_casting_vote_breaks_a_tie():
    log = casting_log()
    log.do(d.enter_counts, 5, 5, 2)
    log.do(d.close_vote, casting_vote="yes")
    decision = log.last
    assert decision.outcome == "adopted" and decision.casting_vote == "yes" and decision.tally == Tally(5, 5, 2)
    assert d.explain(decision) == (
        "Adopted: 6 yes > 5 no (majority of votes cast); the chair's casting vote (yes) broke a 5–5 tie; "
        "2 abstentions not counted."
    )


def test_casting_vote_no_rejects():
    log = casting_log(ballot="roll-call")
    for i in range(1, 5):  # the chair (m0) does not vote
        log.do(d.cast_vote, f"m{i}", "yes")
    for i in range(5, 9):
        log.do(d.cast_vote, f"m{i}", "no")
    log.do(d.close_vote, casting_vote="no")
    assert log.last.outcome == "rejected"


@pytest.mark.parametrize("chair_vote", ["no", "yes", "abstain"])
def test_the_chair_who_voted_has_no_casting_vote(chair_vote):
    """RONR: the chair who has voted on the question has no second vote to break the tie."""
    log = casting_log(ballot="roll-call")
    log.do(d.cast_vote, "m0", chair_vote)
    others = {"no": ("yes", "no"), "yes": ("no", "yes"), "abstain": ("yes", "no")}[chair_vote]
    for i, choice in zip(range(1, 9), [others[0]] * 4 + [others[1]] * (3 if chair_vote != "abstain" else 4)):
        log.do(d.cast_vote, f"m{i}", choice)
    tally = log.state.decisions.ballot.tally()
    assert tally.yes == tally.no
    offer = eligibility.casting_vote(log.state)
    assert not offer.offered and "already voted" in offer.reason
    assert "already voted" in log.refused(d.close_vote, casting_vote="yes")
    log.do(d.close_vote)
    assert log.last.outcome == "rejected" and log.last.casting_vote == ""


@pytest.mark.parametrize(
    "allowed, ballot, counts, casting, message",
    [
        (False, "show-of-hands", (5, 5, 0), "yes", "no casting vote (“Chair's casting vote”: no; chair_casting_vote = false in the committee file)"),
        (True, "secret", (5, 5, 0), "yes", "no casting vote on a secret ballot"),
        (True, "show-of-hands", (6, 5, 0), "yes", "There is no tie (6 yes, 5 no)"),
        (True, "show-of-hands", (0, 0, 3), "yes", "There is no tie"),
        (True, "show-of-hands", (5, 5, 0), "abstain", "yes or no"),
    ],
)
def test_casting_vote_refusals(allowed, ballot, counts, casting, message):
    log = casting_log(allowed, ballot)
    if ballot == "secret":
        for pending in d.not_yet_voted(log.state):
            log.do(d.record_participation, pending.voters[0], proxy_for=pending.proxy_for or None)
        log.do(d.close_ballot_box)
    log.do(d.enter_counts, *counts)
    assert message in log.refused(d.close_vote, casting_vote=casting)


def test_casting_vote_needs_the_chair_present():
    log = casting_log()
    log.do(d.enter_counts, 5, 5, 0)
    log.do(s.depart, "m0")
    log.do(s.arrive, "m13")
    assert "chair, Member 0, is not present" in log.refused(d.close_vote, casting_vote="yes")


# ---------------------------------------------------------------------------------------------
# Refusals: each says what is wrong, and the state is unchanged
# ---------------------------------------------------------------------------------------------


def test_voting_refusals():
    observer = Member(id="obs", name="Observer", organisation="X", role="observer", voting=False)
    log = Log(make_committee(7, extra=(observer,)), present=ids(0, 1, 2, 3) + ["obs"])
    assert "No vote is open" in log.refused(d.cast_vote, "m0", "yes")
    assert "No vote is open" in log.refused(d.close_vote)
    assert "no proposal 'P9'" in log.refused(d.open_vote, "P9", ballot="roll-call")
    pid = log.propose()
    assert "show-of-hands, roll-call or secret" in log.refused(d.open_vote, pid, ballot="by acclamation")
    assert "not a threshold" in log.refused(d.open_vote, pid, ballot="roll-call", threshold="most")
    log.do(d.open_vote, pid, ballot="roll-call")
    other = log.propose("Another proposal")
    assert "still open; close or cancel it first" in log.refused(d.open_vote, other, ballot="roll-call")
    assert "not present" in log.refused(d.cast_vote, "m5", "yes")
    assert "has no vote (observer)" in log.refused(d.cast_vote, "obs", "yes")
    assert "no member with id" in log.refused(d.cast_vote, "ghost", "yes")
    assert "yes, no or abstain" in log.refused(d.cast_vote, "m0", "maybe")
    assert "roll call" in log.refused(d.enter_counts, 1, 0, 0)
    assert "No one has voted yet" in log.refused(d.close_vote)
    log.do(d.cast_vote, "m0", "yes")
    assert "already voted" in log.refused(d.cast_vote, "m0", "no")
    assert "being decided right now" in log.refused(d.amend_proposal, pid, "New text")


def test_count_refusals():
    log = Log(make_committee(7), present=ids(0, 1, 2, 3))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="show-of-hands")
    assert "Enter the counts" in log.refused(d.close_vote)
    assert "cannot be negative" in log.refused(d.enter_counts, 3, -1, 0)
    assert "whole numbers" in log.refused(d.enter_counts, 1.5, 0, 0)
    assert "only 4 votes can be cast" in log.refused(d.enter_counts, 3, 1, 1)
    assert "show of hands" in log.refused(d.cast_vote, "m0", "yes")
    assert "show of hands" in log.refused(d.record_participation, "m0")
    log.do(d.enter_counts, 2, 1, 1)
    log.do(s.depart, "m3")  # counts now exceed who can vote: recount before closing
    log.do(s.arrive, "m4")
    log.do(s.depart, "m2")
    assert "only 3 votes can be cast" in log.refused(d.close_vote)


@pytest.mark.parametrize("yes, no, status", [(3, 1, "adopted"), (1, 3, "rejected")])
def test_a_decided_proposal_cannot_be_voted_again(yes, no, status):
    log = Log(make_committee(7), present=ids(0, 1, 2, 3))
    decision = log.show_of_hands(yes, no)
    assert log.state.decisions.proposals[decision.proposal].status == status
    message = log.refused(d.open_vote, decision.proposal, ballot="roll-call")
    assert f"already {status} (EXE-2026-001)" in message and "reconsider" in message
    assert "already" in log.refused(d.amend_proposal, decision.proposal, "Changed")


def test_proposal_refusals():
    log = Log(make_committee(5))
    assert "needs a text" in log.refused(d.propose, "  \n ", item="a")
    assert "no agenda item 'z'" in log.refused(d.propose, "Text", item="z")
    assert "not a member" in log.refused(d.propose, "Text", item="a", mover="ghost")
    assert "its own mover" in log.refused(d.propose, "Text", item="a", mover="m1", seconder="m1")
    # absent members neither move nor second (RONR: a motion is made by a member present)
    log.do(s.arrive, "m1")
    log.do(s.send_apologies, "m2")
    assert "not present" in log.refused(d.propose, "Text", item="a", mover="m3", seconder="m1")
    assert "sent apologies" in log.refused(d.propose, "Text", item="a", mover="m1", seconder="m2")
    log.do(s.arrive, "m3")
    log.do(d.propose, "Text", item="a", mover="m3", seconder="m1")
    assert [m.id for m in eligibility.movers(log.state)] == ["m1", "m3"]
    pid = log.propose("First text")
    assert "same as version 1" in log.refused(d.amend_proposal, pid, " First text ")
    assert "needs a text" in log.refused(d.amend_proposal, pid, "")
    log.do(s.close_session)
    assert "closed" in log.refused(d.propose, "Text", item="a")


def test_register_number_refusals():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    log.show_of_hands(3, 0, register_number=14)
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.enter_counts, 3, 0)
    assert "already used" in log.refused(d.close_vote, register_number=14)
    assert "whole number from 1" in log.refused(d.close_vote, register_number=0)


def test_cancel_vote_records_nothing():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "m0", "yes")
    log.do(d.cancel_vote, reason="wrong proposal")
    assert log.state.decisions.ballot is None and log.state.decisions.records == []
    assert log.state.decisions.proposals[pid].status == "open"
    assert "No vote is open" in log.refused(d.cancel_vote)


# ---------------------------------------------------------------------------------------------
# Proposals, decision records, register ids, scope
# ---------------------------------------------------------------------------------------------


def test_proposal_versions_and_the_decision_keeps_the_final_text():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    pid = log.propose("Line one\nLine two", mover="m1", seconder="m2", matter="work-plan")
    assert pid == "P1"
    log.do(d.amend_proposal, pid, "Line one\nLine two, amended")
    proposal = log.state.decisions.proposals[pid]
    assert [v.number for v in proposal.versions] == [1, 2]
    assert (proposal.mover, proposal.seconder, proposal.matter, proposal.item) == ("m1", "m2", "work-plan", "c")
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.enter_counts, 2, 1)
    log.do(d.close_vote)
    assert (log.last.text, log.last.version) == ("Line one\nLine two, amended", 2)
    assert log.propose("Another") == "P2"


def test_register_ids():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    assert log.show_of_hands(3, 0).register_id == "EXE-2026-001"
    assert log.show_of_hands(0, 3).register_id == "EXE-2026-002"  # rejected decisions are registered too
    assert log.show_of_hands(3, 0, register_number=14).register_id == "EXE-2026-014"


@pytest.mark.parametrize(
    "body, prefix",
    [("strategic", "STR"), ("executive", "EXE"), ("working-group", "WG"), ("Finance committee", "FIN"), ("Comité d'audit", "COM"), ("لجنة", "DEC")],
)
def test_register_prefix(body, prefix):
    assert d.register_id(body, 2026, 14) == f"{prefix}-2026-014"


def test_register_year_comes_from_the_session_date_or_its_opening():
    assert d.year_of(0) == 1970 and d.year_of(JAN_1_2031) == 2031 and d.year_of(JAN_1_2031 - 1) == 2030
    log = Log(make_committee(3, body="strategic"), date="", present=ids(0, 1))
    assert log.show_of_hands(2, 0).register_id == "STR-1970-001"


def budget_scope_log(body="executive") -> Log:
    charter = Charter(scope={"budget": ("strategic",), "work-plan": ("executive", "strategic")})
    return Log(make_committee(5, charter, body=body), present=ids(0, 1, 2))


def test_out_of_scope_decision_is_referred_not_blocked():
    log = budget_scope_log()
    pid = log.propose(matter="budget")
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.enter_counts, 2, 1)
    log.do(d.close_vote)
    decision = log.last
    assert (decision.outcome, decision.recommendation, decision.referred_to) == ("referred", "adopted", ("strategic",))
    assert decision.register_id == ""
    assert d.explain(decision) == (
        "Referred to strategic, the body that decides budget; this body's own result: "
        "Adopted: 2 yes > 1 no (majority of votes cast)."
    )
    assert "referred" in log.refused(d.open_vote, pid, ballot="show-of-hands")


@pytest.mark.parametrize("matter, body", [("work-plan", "executive"), ("membership", "executive"), ("budget", "strategic")])
def test_in_scope_decisions_are_taken(matter, body):
    log = budget_scope_log(body)
    pid = log.propose(matter=matter)
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.enter_counts, 2, 1)
    log.do(d.close_vote)
    assert log.last.outcome == "adopted" and log.last.referred_to == ()


def test_no_quorum_wins_over_referral():
    charter = Charter(scope={"budget": ("strategic",)})
    log = Log(make_committee(5, charter), present=ids(0))
    pid = log.propose(matter="budget")
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.close_vote)
    assert log.last.outcome == "no-quorum"


def test_remote_members_vote_only_when_the_charter_counts_them():
    log = Log(make_committee(3, Charter(remote_counts=False)), present=ids(0, 1))
    log.do(s.arrive, "m2", mode="remote")
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    assert "remote_counts = false" in log.refused(d.cast_vote, "m2", "yes")


def test_replay_gives_the_same_state():
    log = proxy_log()
    pid = log.propose("Text")
    log.do(d.amend_proposal, pid, "Text v2")
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "m0", "yes")
    log.do(d.cast_vote, "m0", "no", proxy_for="m2")
    log.do(d.close_vote)
    log.show_of_hands(1, 2)
    assert s.fold(log.events) == log.state
    assert s.fold(Event.from_dict(json.loads(json.dumps(e.to_dict()))) for e in log.events) == log.state


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

VOTING_ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["arrive", "depart", "proxy", "propose", "cancel", "cast_any", "proxy_cast"]
            + ["open", "counts", "close", "next_voter"] * 3
            + ["box"]
        ),
        st.integers(0, 6),
        st.integers(0, 6),
        st.sampled_from(["show-of-hands", "roll-call", "secret"]),
        st.sampled_from(["yes", "yes", "no", "abstain"]),
        st.tuples(st.integers(-1, 3), st.integers(0, 3), st.integers(0, 2)),
    ),
    min_size=10,
    max_size=60,
)


def _step(log: Log, name, a, b, ballot, choice, counts) -> None:
    proposals = list(log.state.decisions.proposals)
    if name == "arrive":
        log.do(s.arrive, f"m{a}", mode="remote" if b == 6 else "in-person")
    elif name == "depart":
        log.do(s.depart, f"m{a}")
    elif name == "proxy":
        log.do(s.assign_proxy, f"m{a}", f"m{b}")
    elif name == "propose":
        log.do(d.propose, f"Proposal {a}", item="c")
    elif name == "open":
        log.do(d.open_vote, proposals[a % len(proposals)] if proposals else "P1", ballot=ballot)
    elif name == "cast_any":
        log.do(d.cast_vote, f"m{a}", choice)
    elif name == "next_voter":  # the next voter still pending, by roll call or secret ballot
        pending = d.not_yet_voted(log.state)
        ballot = log.state.decisions.ballot
        if pending and ballot is not None:
            p = pending[a % len(pending)]
            who = {"member": p.voters[b % len(p.voters)], "proxy_for": p.proxy_for or None}
            if ballot.kind == "roll-call":
                log.do(d.cast_vote, choice=choice, **who)
            else:
                log.do(d.record_participation, **who)
    elif name == "proxy_cast":
        log.do(d.cast_vote, f"m{a}", choice, proxy_for=f"m{b}")
    elif name == "counts":
        log.do(d.enter_counts, *counts)
    elif name == "box":
        log.do(d.close_ballot_box)
    elif name == "close":
        log.do(d.close_vote, casting_vote=choice if a == 0 else None)
    else:
        log.do(d.cancel_vote)


@settings(max_examples=300, deadline=None)
@given(
    actions=VOTING_ACTIONS,
    seats_mode=st.sampled_from(["member", "organisation"]),
    casting=st.booleans(),
    present=st.sets(st.integers(0, 6), min_size=3),
)
def test_random_votes_keep_invariants(actions, seats_mode, casting, present):
    charter = Charter(proxies=True, seats=seats_mode, voting=VotingRules(chair_casting_vote=casting))
    members = tuple(
        Member(id=f"m{i}", name=f"M{i}", organisation=f"Org {i // 2}", role="chair" if i == 0 else "member")
        for i in range(7)
    )
    log = Log(make_committee(0, charter, extra=members), present=ids(*sorted(present)))
    log.propose()
    for action in actions:
        before = copy.deepcopy(log.state)
        entered = False
        try:
            _step(log, *action)
            entered = action[0] == "counts"
        except Refusal as refusal:
            assert refusal.message and log.state == before
        ballot = log.state.decisions.ballot
        # entered counts are checked when entered (and again at the close); a roll call always
        if ballot is not None and (ballot.kind == "roll-call" or entered) and ballot.tally():
            t = ballot.tally()
            assert t.yes + t.no + t.abstain <= d.vote_capacity(log.state, ballot)
            assert len(ballot.voted()) == len({e.seat for e in ballot.voted().values()})
    for decision in log.state.decisions.records:
        t = decision.tally
        assert t.yes + t.no + t.abstain <= decision.present_voters <= decision.total_voters
        if decision.outcome in ("adopted", "rejected", "referred"):
            assert decision.quorum.met
        if not decision.quorum.met:
            assert decision.outcome == "no-quorum" and decision.register_id == ""
        assert bool(decision.register_id) == (decision.outcome in ("adopted", "rejected"))
        if decision.method == "secret":
            assert decision.roll == ()
    event(f"decisions: {sorted({x.outcome for x in log.state.decisions.records})}")
    registered = [x.register_id for x in log.state.decisions.records if x.register_id]
    assert len(registered) == len(set(registered))
    assert s.fold(log.events) == log.state


@settings(max_examples=100, deadline=None)
@given(
    present=st.integers(0, 9),
    yes=st.integers(0, 9),
    no=st.integers(0, 9),
    abstain=st.integers(0, 9),
    threshold=st.sampled_from(["majority_cast", "majority_present", "two_thirds_cast", "unanimous"]),
)
def test_nothing_is_adopted_without_quorum(present, yes, no, abstain, threshold):
    log = Log(make_committee(9, Charter(quorum=QuorumRules(rule="count", count=5))), present=ids(*range(present)))
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="show-of-hands", threshold=threshold)
    try:
        log.do(d.enter_counts, yes, no, abstain)
    except Refusal:
        assert yes + no + abstain > present
        return
    log.do(d.close_vote)
    assert log.last.adopted == (present >= 5 and log.last.outcome == "adopted")
    if present < 5:
        assert log.last.outcome == "no-quorum"
    assert d.explain(log.last).endswith(".")


def test_explanations_are_one_sentence():
    log = worked_example(Charter(voting=VotingRules(chair_casting_vote=True)))
    for threshold in ("majority_cast", "majority_present", "majority_members", "two_thirds_cast", "two_thirds_present", "unanimous"):
        for counts in ((7, 4, 1), (12, 0, 0), (0, 0, 12), (6, 6, 0)):
            sentence = d.explain(log.show_of_hands(*counts, threshold=threshold))
            assert sentence.count(".") <= 2 and sentence.endswith(".") and "\n" not in sentence, sentence


def test_state_field_defaults_and_equality():
    a = Log(make_committee(3)).state
    b = Log(make_committee(3)).state
    assert a.decisions == d.DecisionsState() and a == b
    assert dataclasses.replace(a, decisions=d.DecisionsState(ballot=None)) == b  # SessionState is a dataclass


def test_count_limit_is_the_ballots_in_the_box_on_a_secret_ballot():
    log, _pid = secret_log()
    ballot = log.state.decisions.ballot
    assert d.count_limit(log.state, ballot) == d.vote_capacity(log.state, ballot)  # nothing in yet
    for member in ids(0, 1):
        log.do(d.record_participation, member)
    log.do(d.close_ballot_box)
    ballot = log.state.decisions.ballot
    assert d.count_limit(log.state, ballot) == 2 < d.vote_capacity(log.state, ballot)
    assert "only 2 took part" in log.refused(d.enter_counts, 3, 0, 0)
