"""The one place screens ask about a rule (domain/eligibility.py), and the commands that refuse
with the same answers: protected thresholds, the chair's casting vote, notice without quorum,
absent movers, one voice per seat in a round, remote members on a secret ballot, declared
interests, speaker time, register numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_tui.domain import consensus as c
from meeting_tui.domain import decisions as d
from meeting_tui.domain import eligibility as el
from meeting_tui.domain import interests as i
from meeting_tui.domain import revisit as r
from meeting_tui.domain import session as s
from meeting_tui.domain.model import THRESHOLDS, Charter, ConsensusRules, Member, RevisitRules, TimerRules, VotingRules
from meeting_tui.domain.rules import Tally, apply_threshold

from .conftest import make_committee
from .test_decisions import Log, ids
from .test_revisit import OLD, PREVIOUS, register, session

# ---------------------------------------------------------------------------------------------
# Thresholds: an override may raise a protected threshold, never lower it
# ---------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    chosen=st.sampled_from(THRESHOLDS),
    yes=st.integers(0, 30),
    no=st.integers(0, 30),
    abstain=st.integers(0, 10),
    extra_present=st.integers(0, 10),
    extra_members=st.integers(0, 10),
)
def test_a_threshold_adopts_only_what_every_threshold_it_implies_adopts(chosen, yes, no, abstain, extra_present, extra_members):
    present = yes + no + abstain + extra_present
    total = present + extra_members
    tally = Tally(yes, no, abstain)
    if apply_threshold(chosen, tally, present_voters=present, total_voters=total).adopted:
        for implied in el.IMPLIES[chosen]:
            assert apply_threshold(implied, tally, present_voters=present, total_voters=total).adopted, implied


def rescind_motion(notice: bool, **charter) -> tuple[Log, str]:
    log = session(charter=Charter(**charter))
    view = register(notice_in=PREVIOUS) if notice else register()
    pid = log.do(r.move_rescind, OLD, register=view, mover="m5")[0].data["id"]
    return log, pid


def test_rescind_without_notice_cannot_be_lowered():
    log, pid = rescind_motion(notice=False)
    proposal = log.state.decisions.proposals[pid]
    governed = el.governed_threshold(log.state, proposal)
    assert (governed.threshold, governed.alternative, governed.source, governed.protected) == (
        "two_thirds_cast",
        "majority_members",
        "rescind",
        True,
    )
    for lower in ("majority_cast", "majority_present"):
        message = log.refused(d.open_vote, pid, ballot="show-of-hands", threshold=lower)
        assert "would lower the threshold" in message and "No notice was given" in message
    choices = el.threshold_choices(log.state, proposal)
    assert choices[0] == ("two-thirds of votes cast, or majority of all voting members — the rule for this motion", "two_thirds_cast")
    assert [t for _label, t in choices] == ["two_thirds_cast", "majority_members", "two_thirds_present", "unanimous"]
    opened = log.do(d.open_vote, pid, ballot="show-of-hands", threshold="two_thirds_cast")[0]
    assert opened.data["override"] is False and opened.data["alternative"] == "majority_members"
    log.do(d.enter_counts, 8, 5, 8)
    log.do(d.close_vote)
    assert log.last.outcome == "rejected"  # 8 < 2/3 x 13 and 8 <= 21 / 2


def test_rescind_with_notice_is_put_at_a_majority_and_may_be_raised():
    log, pid = rescind_motion(notice=True)
    proposal = log.state.decisions.proposals[pid]
    choices = el.threshold_choices(log.state, proposal)
    assert choices[0] == ("majority of votes cast — the rule for this motion", "majority_cast")
    assert len(choices) == len(THRESHOLDS)  # nothing is lower than a simple majority
    opened = log.do(d.open_vote, pid, ballot="show-of-hands", threshold="majority_cast")[0]
    assert opened.data["override"] is False
    log.do(d.enter_counts, 8, 5, 8)
    log.do(d.close_vote)
    assert log.last.adopted and log.last.threshold == "majority_cast" and not log.last.threshold_overridden


def test_amend_follows_the_same_rule():
    log = session()
    pid = log.do(r.move_amend, OLD, register=register(), mover="m5", text="Hire a part-time officer.")[0].data["id"]
    assert "would lower" in log.refused(d.open_vote, pid, ballot="roll-call", threshold="majority_cast")


def test_a_reconsider_threshold_the_charter_raises_is_protected():
    log = session(present=12, charter=Charter(revisit=RevisitRules(reconsider_threshold="two_thirds_cast")))
    log.show_of_hands(7, 4, 1)
    pid = log.do(r.move_reconsider, OLD, mover="m1", mover_voted_side="yes")[0].data["id"]
    assert "two-thirds of votes cast" in log.refused(d.open_vote, pid, ballot="show-of-hands", threshold="majority_cast")


def fallback_log() -> tuple[Log, str]:
    log = Log(make_committee(21, Charter(consensus=ConsensusRules(max_rounds=1))), present=ids(*range(12)))
    pid = log.propose()
    log.do(c.open_consensus, pid)
    log.do(c.respond, "m1", "block", reason="No budget line.")
    log.do(c.close_round)
    return log, pid


def test_the_consensus_fallback_vote_cannot_be_lowered():
    log, pid = fallback_log()
    proposal = log.state.decisions.proposals[pid]
    governed = el.governed_threshold(log.state, proposal)
    assert (governed.threshold, governed.source) == ("two_thirds_cast", "fallback")
    assert "fallback_threshold" in log.refused(d.open_vote, pid, ballot="show-of-hands", threshold="majority_cast")
    label, threshold = el.threshold_choices(log.state, proposal)[0]
    assert threshold == "two_thirds_cast" and "the charter's fallback" in label
    log.do(d.open_vote, pid, ballot="show-of-hands", threshold="unanimous")  # raising is allowed, minuted
    assert log.state.decisions.ballot.overridden


def test_an_ordinary_threshold_may_be_overridden_either_way():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    pid = log.propose()
    proposal = log.state.decisions.proposals[pid]
    assert not el.governed_threshold(log.state, proposal).protected
    assert el.threshold_choices(log.state, proposal)[0][0] == "majority of votes cast — charter default"
    assert len(el.threshold_choices(log.state, proposal)) == len(THRESHOLDS)
    assert "not a threshold" in log.refused(d.open_vote, pid, ballot="roll-call", threshold="most")


# ---------------------------------------------------------------------------------------------
# Notice of motion needs quorum
# ---------------------------------------------------------------------------------------------


def test_notice_of_motion_is_refused_without_quorum():
    log = session(present=5)
    assert not log.state.quorum().met
    message = log.refused(r.give_notice, OLD, register=register(), kind="rescind", mover="m3")
    assert "no quorum" in message.lower() and "more voting members must be present" in message
    assert r.notices(log.state) == []


# ---------------------------------------------------------------------------------------------
# One voice per seat in a consensus round: the delegate, or the alternate only in their absence
# ---------------------------------------------------------------------------------------------


def alternates_log(seats="member") -> Log:
    extra = (Member("alt1", "Alternate One", "Org 1", alternate_for="m1"),)
    return Log(make_committee(5, Charter(seats=seats), extra=extra), present=ids(0, 1, 2))


@pytest.mark.parametrize("seats", ["member", "organisation"])
def test_an_alternate_takes_part_only_while_the_delegate_is_absent(seats):
    log = alternates_log(seats)
    log.do(s.arrive, "alt1")
    pid = log.propose()
    log.do(c.open_consensus, pid)
    assert el.round_participants(log.state) == ["m0", "m1", "m2"]
    assert "the delegate, is present" in log.refused(c.respond, "alt1", "agree")
    log.do(c.respond, "m1", "agree")
    log.do(s.depart, "m1")
    # the seat has spoken: its alternate has no second voice
    assert "has already responded" in log.refused(c.respond, "alt1", "block", reason="x")
    assert "alt1" not in el.round_participants(log.state)


def test_the_alternate_speaks_for_an_absent_delegate():
    log = alternates_log()
    log.do(s.arrive, "alt1")
    log.do(s.depart, "m1")
    pid = log.propose()
    log.do(c.open_consensus, pid)
    assert el.round_participants(log.state) == ["m0", "alt1", "m2"]
    log.do(c.respond, "alt1", "agree")


# ---------------------------------------------------------------------------------------------
# Remote members on a secret ballot: a charter setting, shown and minuted
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("allowed", [False, True])
def test_remote_members_on_a_secret_ballot(allowed):
    log = Log(make_committee(5, Charter(voting=VotingRules(remote_secret_ballot=allowed))), present=ids(0, 1, 2))
    log.do(s.arrive, "m3", mode="remote")
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="secret")
    assert el.remote_left_out(log.state, "secret") == ([] if allowed else ["m3"])
    if allowed:
        log.do(d.record_participation, "m3")
    else:
        assert "a secret ballot is cast in the room" in log.refused(d.record_participation, "m3")
    log.do(d.record_participation, "m0")
    log.do(d.close_ballot_box)
    log.do(d.enter_counts, 2 if allowed else 1, 0, 0)
    log.do(d.close_vote)
    assert log.last.remote_left_out == (() if allowed else ("m3",))


# ---------------------------------------------------------------------------------------------
# Declared interests
# ---------------------------------------------------------------------------------------------


def test_a_declared_member_counts_for_quorum_but_takes_no_part():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    pid = log.propose()
    quorum_before = log.state.quorum()
    log.do(i.declare_interest, "m1", proposal=pid, note="Her organisation would receive the grant.")
    assert log.state.quorum() == quorum_before  # still counted for quorum
    proposal = log.state.decisions.proposals[pid]
    assert el.recused_seats(log.state, proposal) == {"m1": "m1"}
    log.do(d.open_vote, pid, ballot="roll-call")
    assert "declared an interest in P1" in log.refused(d.cast_vote, "m1", "yes")
    assert [p.seat for p in d.not_yet_voted(log.state)] == ["m0", "m2"]
    assert d.vote_capacity(log.state, log.state.decisions.ballot) == 2
    log.do(d.cast_vote, "m0", "yes")
    log.do(d.cast_vote, "m2", "yes")
    log.do(d.close_vote)
    assert (log.last.present_voters, log.last.total_voters, log.last.recused) == (2, 4, ("m1",))
    assert log.last.adopted


def test_an_interest_in_an_item_covers_its_proposals_and_rounds():
    log = Log(make_committee(5), present=ids(0, 1, 2, 3))
    log.do(i.declare_interest, "m2", item="a", note="Staff member's spouse.")
    pid = log.propose(item="a")
    log.do(c.open_consensus, pid)
    assert "m2" not in el.round_participants(log.state)
    assert "declared an interest" in log.refused(c.respond, "m2", "agree")
    log.do(c.respond, "m0", "agree")
    log.do(c.close_round)
    assert log.last.recused == ("m2",) and log.last.participants == 1


def test_declaring_an_interest_refusals():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    pid = log.propose()
    log.do(i.declare_interest, "m1", proposal=pid)
    assert "already declared" in log.refused(i.declare_interest, "m1", proposal=pid)
    assert "no proposal 'P9'" in log.refused(i.declare_interest, "m1", proposal="P9")
    assert "Name the agenda item" in log.refused(i.declare_interest, "m2")
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "m2", "yes")
    assert "already taken part" in log.refused(i.declare_interest, "m2", proposal=pid)


def test_the_chair_with_an_interest_gets_no_casting_vote():
    log = Log(make_committee(5, Charter(voting=VotingRules(chair_casting_vote=True))), present=ids(0, 1, 2))
    pid = log.propose()
    log.do(i.declare_interest, "m0", proposal=pid)
    log.do(d.open_vote, pid, ballot="roll-call")
    log.do(d.cast_vote, "m1", "yes")
    log.do(d.cast_vote, "m2", "no")
    offer = el.casting_vote(log.state)
    assert not offer.offered and "declared an interest" in offer.reason


@pytest.mark.parametrize("may_speak", [True, False])
def test_whether_a_declared_member_may_speak_is_the_charters(may_speak):
    log = Log(make_committee(5, Charter(voting=VotingRules(declared_interest_may_speak=may_speak))), present=ids(0, 1, 2))
    log.do(s.start_item, "a")
    log.do(i.declare_interest, "m1", item="a")
    if may_speak:
        log.do(s.queue_speaker, "m1")
        log.do(s.give_floor, "m1")
    else:
        assert "declared_interest_may_speak = false" in log.refused(s.queue_speaker, "m1")
        assert "declared_interest_may_speak = false" in log.refused(s.give_floor, "m1")
        log.do(s.start_item, "b", finish_running=True)
        log.do(s.give_floor, "m1")  # another item: no interest declared there


def test_interest_events_replay():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    pid = log.propose()
    log.do(i.declare_interest, "m1", proposal=pid, note="  a   note ")
    replayed = s.fold(log.events)
    assert replayed.interests == log.state.interests
    assert replayed.interests[0].note == "a note" and replayed.interests[0].item == "c"


# ---------------------------------------------------------------------------------------------
# Proxies, speakers, register numbers
# ---------------------------------------------------------------------------------------------


def test_proxy_holders_are_what_assign_proxy_accepts():
    log = Log(make_committee(5, Charter(proxies=True)), present=ids(0, 1))
    assert [m.id for m in el.proxy_holders(log.state, "m3")] == ["m0", "m1"]
    log.do(s.assign_proxy, "m3", "m0")
    assert [m.id for m in el.proxy_holders(log.state, "m4")] == ["m1"]  # one proxy each
    assert "already holds 1 proxy" in log.refused(s.assign_proxy, "m4", "m0")


def test_speaker_time_left():
    log = Log(make_committee(5, Charter(timer=TimerRules(speaking_minutes=2))), present=ids(0, 1))
    assert el.speaker_time_left(log.state, log.now) is None
    log.do(s.give_floor, "m1")
    assert el.speaker_time_left(log.state, log.now + 30) == 90
    assert el.speaker_time_left(log.state, log.now + 150) == -30


def test_next_register_number_is_one_rule():
    log = Log(make_committee(5), present=ids(0, 1, 2))
    assert d.next_register_number(log.state) == 1
    assert d.next_register_number(log.state, 14) == 14
    log.show_of_hands(3, 0, register_number=14)
    assert d.next_register_number(log.state) == 15
    assert d.next_register_number(log.state, 9) == 15
    log.show_of_hands(3, 0)  # without a number: the next one of this session
    assert log.last.register_id == "EXE-2026-015"
