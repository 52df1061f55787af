"""Reopening decisions (PROCEDURE.md: Revisiting decisions; RONR; SEED-NOTES point 5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_tui.domain import decisions as d
from meeting_tui.domain import revisit as r
from meeting_tui.domain import session as s
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import THRESHOLDS, Charter, RevisitRules
from meeting_tui.domain.rules import revisit_threshold

from .conftest import make_committee
from .test_decisions import Log, ids

OLD = "EXE-2026-001"


def info(**kw) -> r.DecisionInfo:
    base = dict(register_id=OLD, text="Adopt the 2026 budget.", outcome="adopted", method="show-of-hands", date="2026-03-14")
    base.update(kw)
    return r.DecisionInfo(**base)


def rules(**kw) -> Charter:
    return Charter(revisit=RevisitRules(**kw))


def elig(kind, decision=None, charter=None, *, same_session=False, session_date="2026-04-11", **kw) -> r.Eligibility:
    return r.eligibility(
        kind, decision or info(), charter=charter or Charter(), session_date=session_date, same_session=same_session, **kw
    )


# ---------------------------------------------------------------------------------------------
# Reconsider: same session, prevailing side (RONR 37)
# ---------------------------------------------------------------------------------------------


def test_reconsider_by_the_prevailing_side_in_the_same_session():
    e = elig("reconsider", same_session=True, mover="m1", mover_voted_side="yes")
    assert e.ok and e.reasons == []
    assert (e.threshold, e.alternative) == ("majority_cast", "")
    assert "reconsider_threshold" not in e.basis and "this session" in e.basis
    assert "Only a member who voted yes (the prevailing side) may move it" in e.mover_rule


@pytest.mark.parametrize(
    "outcome, side, ok, expected",
    [
        ("adopted", "no", False, "m1 voted no on EXE-2026-001; only a member who voted yes (the prevailing side) may move to reconsider it"),
        ("adopted", "abstain", False, "m1 voted abstain on EXE-2026-001"),
        ("adopted", "", False, "m1 did not vote on EXE-2026-001"),
        ("adopted", None, False, "Say how m1 voted on EXE-2026-001: only a member who voted yes"),
        ("rejected", "no", True, ""),  # the prevailing side of a rejection is "no"
        ("rejected", "yes", False, "only a member who voted no (the prevailing side)"),
    ],
)
def test_reconsider_mover_side(outcome, side, ok, expected):
    e = elig("reconsider", info(outcome=outcome), same_session=True, mover="m1", mover_voted_side=side)
    assert e.ok is ok
    assert expected in e.message


def test_a_roll_call_records_the_side_and_wins_over_what_is_declared():
    roll = (("m1", "no"), ("m2", "yes"))
    decision = info(method="roll-call", roll=roll)
    assert not elig("reconsider", decision, same_session=True, mover="m1", mover_voted_side="yes").ok
    assert elig("reconsider", decision, same_session=True, mover="m2").ok
    assert "did not vote" in elig("reconsider", decision, same_session=True, mover="m3").message


def test_reconsider_by_anyone_when_the_charter_says_so():
    e = elig("reconsider", charter=rules(mover_on_prevailing_side=False), same_session=True, mover="m1", mover_voted_side="no")
    assert e.ok and e.mover_rule == "Any member may move it."


def test_reconsider_only_in_the_same_session():
    e = elig("reconsider", same_session=False, mover="m1", mover_voted_side="yes")
    assert not e.ok
    assert "was decided at an earlier session (2026-03-14); a motion to reconsider is only made in the session that took the decision" in e.message
    assert "Move to rescind or amend it instead." in e.message
    rejected = elig("reconsider", info(outcome="rejected", status="rejected"), same_session=False, mover="m1", mover_voted_side="no")
    assert "A rejected proposal may simply be proposed again." in rejected.message


@pytest.mark.parametrize("kind, method", [("vote", "secret"), ("consensus", "formal")])
def test_after_a_secret_ballot_or_a_consensus_any_participant_may_move_it(kind, method):
    decision = info(kind=kind, method=method, participants=("m1", "m2"))
    e = elig("reconsider", decision, same_session=True, mover="m1", mover_voted_side="no")
    assert e.ok
    assert "any" in e.mover_rule
    refused = elig("reconsider", decision, same_session=True, mover="m3")
    assert not refused.ok and "m3 did not take part in the" in refused.message
    # When the ballot did not record who took part, nobody can be told apart: any member.
    assert elig("reconsider", info(kind=kind, method=method), same_session=True, mover="m3").ok


def test_an_executed_decision_cannot_be_reconsidered():
    e = elig("reconsider", info(executed=True), same_session=True, mover="m1", mover_voted_side="yes")
    assert not e.ok and "can no longer be reconsidered" in e.message


def test_min_days_do_not_apply_to_reconsider():
    e = elig("reconsider", charter=rules(min_days_before_reopen=30), same_session=True, session_date="2026-03-14", mover="m1", mover_voted_side="yes")
    assert e.ok


# ---------------------------------------------------------------------------------------------
# Rescind and amend: a later session; 2/3, or a majority with notice, or a majority of members
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rescind", "amend"])
def test_rescind_or_amend_without_notice_needs_two_thirds_or_a_majority_of_members(kind):
    e = elig(kind, mover="m9")
    assert e.ok and e.mover_rule == "Any member may move it."
    assert (e.threshold, e.alternative) == ("two_thirds_cast", "majority_members")
    assert e.basis == (
        "No notice was given at the previous session: two-thirds of votes cast, or a majority of all voting members."
    )


@pytest.mark.parametrize("kind", ["rescind", "amend"])
def test_with_notice_a_simple_majority_is_enough(kind):
    e = elig(kind, notice_given=True)
    assert e.ok
    assert (e.threshold, e.alternative) == ("majority_cast", "")
    assert "Notice was given at the previous session, so majority of votes cast is enough" in e.basis


def test_a_majority_of_members_is_no_alternative_when_already_enough():
    e = elig("rescind", charter=rules(rescind_threshold="majority_members"))
    assert (e.threshold, e.alternative) == ("majority_members", "")
    strict = revisit_threshold(rules(rescind_with_notice_threshold="two_thirds_present"), "rescind", notice_given=True)
    assert (strict.threshold, strict.alternative) == ("two_thirds_present", "majority_members")


@pytest.mark.parametrize("kind", ["rescind", "amend"])
def test_rescind_and_amend_wait_for_a_later_session(kind):
    e = elig(kind, same_session=True)
    assert not e.ok
    assert f"was decided in this session: move to reconsider it now, or to {kind} it at a later session" in e.message


@pytest.mark.parametrize("kind", ["rescind", "amend"])
def test_only_something_adopted_is_rescinded_or_amended(kind):
    e = elig(kind, info(outcome="rejected"))
    assert not e.ok and "was rejected, so nothing was adopted" in e.message


def test_executed_decisions_can_be_amended_forward_but_not_rescinded():
    executed = info(executed=True, executed_date="2026-03-20")
    rescind = elig("rescind", executed)
    assert not rescind.ok
    assert "has been carried out (marked executed, 2026-03-20); it can no longer be rescinded. Move to amend it forward instead." in rescind.message
    assert elig("amend", executed).ok


@pytest.mark.parametrize("status, by", [("rescinded", "EXE-2026-009"), ("amended", "EXE-2026-004"), ("superseded", "")])
def test_a_decision_no_longer_in_force_is_not_reopened(status, by):
    e = elig("amend", info(status=status, successor=by))
    assert not e.ok
    assert f"is already {status}" in e.message
    if by:
        assert f"reopen {by}" in e.message


@pytest.mark.parametrize(
    "session_date, ok",
    [("2026-03-15", False), ("2026-04-12", False), ("2026-04-13", True), ("2026-09-01", True)],
)
def test_min_days_before_reopen(session_date, ok):
    e = elig("rescind", charter=rules(min_days_before_reopen=30), session_date=session_date)
    assert e.ok is ok
    if not ok:
        assert "only after 30 days (“Days before reopening”; min_days_before_reopen in the committee file), from 2026-04-13" in e.message


def test_new_information_is_required_when_the_charter_says_so():
    charter = rules(requires_new_information=True)
    e = elig("rescind", charter=charter)
    assert not e.ok and "state what is new since EXE-2026-001 was decided (“New information needed”)" in e.message
    assert not elig("rescind", charter=charter, new_information="  ").ok
    assert elig("rescind", charter=charter, new_information="The donor withdrew its grant.").ok


def test_a_binding_outcome_of_the_ladder_is_not_reopened():
    for kind in r.KINDS:
        e = elig(kind, info(kind="conflict", method="Arbitrator"), same_session=kind == "reconsider")
        assert not e.ok and "binding outcome of a conflict" in e.message


def test_every_reason_is_listed_at_once_and_unknown_kinds():
    e = elig("rescind", info(outcome="rejected", executed=True), charter=rules(requires_new_information=True), same_session=True)
    assert len(e.reasons) == 4
    assert "not a motion to reopen" in elig("repeal").message


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(r.KINDS),
    outcome=st.sampled_from(["adopted", "rejected"]),
    status=st.sampled_from(["", "amended", "rescinded", "superseded"]),
    method=st.sampled_from(["show-of-hands", "roll-call", "secret"]),
    same=st.booleans(),
    executed=st.booleans(),
    notice=st.booleans(),
    side=st.sampled_from([None, "", "yes", "no", "abstain"]),
    prevailing_rule=st.booleans(),
    info_given=st.booleans(),
)
def test_eligibility_properties(kind, outcome, status, method, same, executed, notice, side, prevailing_rule, info_given):
    charter = rules(mover_on_prevailing_side=prevailing_rule, requires_new_information=True)
    decision = info(outcome=outcome, status=status, method=method, executed=executed)
    e = elig(kind, decision, charter, same_session=same, mover="m1", mover_voted_side=side, notice_given=notice,
             new_information="new" if info_given else "")
    assert e.ok == (e.reasons == [])
    assert e.threshold in THRESHOLDS and e.basis
    if not info_given or status:
        assert not e.ok
    if kind == "reconsider":
        assert e.threshold == "majority_cast"
        if not same or executed:
            assert not e.ok
    else:
        if same or executed and kind == "rescind" or outcome == "rejected":
            assert not e.ok
        assert e.threshold == ("majority_cast" if notice else "two_thirds_cast")


# ---------------------------------------------------------------------------------------------
# Commands in a session: reconsider
# ---------------------------------------------------------------------------------------------


def session(n=21, present=21, charter=None) -> Log:
    log = Log(make_committee(n, charter), present=ids(*range(present)))
    log.do(s.start_item, "c")
    return log


def test_reconsider_flow_supersedes_the_old_decision():
    log = session(present=12)
    old = log.show_of_hands(7, 4, 1)
    assert old.register_id == OLD and old.adopted
    events = log.do(r.move_reconsider, OLD, mover="m1", mover_voted_side="yes", text="Adopt the 2026 budget without the travel line.")
    assert [e.kind for e in events] == ["proposal.made", "revisit.moved"]
    pid = events[0].data["id"]
    motion = r.motion_of(log.state, pid)
    assert (motion.register_id, motion.kind, motion.relation, motion.threshold, motion.mover) == (OLD, "reconsider", "reconsiders", "majority_cast", "m1")
    assert motion.old_text == "Adopt the 2026 budget."
    log.do(d.open_vote, pid, ballot="show-of-hands")
    assert log.state.decisions.ballot.threshold == "majority_cast" and not log.state.decisions.ballot.overridden
    log.do(d.enter_counts, 8, 3)
    log.do(d.close_vote)
    assert log.last.register_id == "EXE-2026-002" and log.last.adopted
    assert r.links(log.state) == [r.Link("EXE-2026-002", "reconsiders", OLD, pid, log.last.at)]
    found, same = r.locate(log.state, OLD)
    assert same and (found.current_status, found.successor) == ("superseded", "EXE-2026-002")
    message = log.refused(r.move_reconsider, OLD, mover="m1", mover_voted_side="yes")
    assert "already superseded by EXE-2026-002; to change it further, reopen EXE-2026-002" in message


def test_reconsider_refusals():
    log = session(present=12)
    log.show_of_hands(7, 4)
    assert "voted no" in log.refused(r.move_reconsider, OLD, mover="m1", mover_voted_side="no")
    assert "Say how Member 1 voted" in log.refused(r.move_reconsider, OLD, mover="m1")
    assert "Member 15 is not present" in log.refused(r.move_reconsider, OLD, mover="m15", mover_voted_side="yes")
    assert "'zz' is not a member of this committee" in log.refused(r.move_reconsider, OLD, mover="zz", mover_voted_side="yes")
    assert "Name the member who moves it" in log.refused(r.move_reconsider, OLD, mover="")
    assert "There is no decision EXE-2026-077" in log.refused(r.move_reconsider, "EXE-2026-077", mover="m1", mover_voted_side="yes")
    log.do(r.move_reconsider, OLD, mover="m1", mover_voted_side="yes")
    assert "P2 already moves to reconsider EXE-2026-001 and is not decided yet" in log.refused(
        r.move_reconsider, OLD, mover="m2", mover_voted_side="yes"
    )


def test_reconsider_after_a_roll_call_reads_the_roll():
    log = session(present=5, n=5)
    pid = log.propose()
    log.do(d.open_vote, pid, ballot="roll-call")
    for member, choice in [("m0", "yes"), ("m1", "yes"), ("m2", "no"), ("m3", "yes"), ("m4", "abstain")]:
        log.do(d.cast_vote, member, choice)
    log.do(d.close_vote)
    assert "voted no" in log.refused(r.move_reconsider, OLD, mover="m2", mover_voted_side="yes")
    assert "voted abstain" in log.refused(r.move_reconsider, OLD, mover="m4")
    log.do(r.move_reconsider, OLD, mover="m3")


def test_a_motion_needs_an_agenda_item():
    log = Log(make_committee(5), present=ids(0, 1, 2, 3))
    log.show_of_hands(3, 1)
    assert "Start the agenda item" in log.refused(r.move_reconsider, OLD, mover="m1", mover_voted_side="yes")
    log.do(r.move_reconsider, OLD, mover="m1", mover_voted_side="yes", item="c")


# ---------------------------------------------------------------------------------------------
# Commands: rescind and amend a decision of an earlier session (a RegisterView)
# ---------------------------------------------------------------------------------------------

PREVIOUS = "2026-02-14-monthly-meeting.json"


def register(*, notice_in: str = "", previous: str = PREVIOUS, **kw) -> r.RegisterView:
    notices = (r.Notice("EXE-2026-001", "rescind", "m3", "", 1.0, notice_in, "2026-02-14"),) if notice_in else ()
    base = dict(register_id="EXE-2026-001", text="Hire a campaign officer.", outcome="adopted", method="show-of-hands",
                date="2026-02-14", session=PREVIOUS, notices=notices, matter="budget")
    base.update(kw)
    return r.RegisterView({"EXE-2026-001": r.DecisionInfo(**base)}, previous)


def test_rescind_with_notice_at_the_previous_session_by_simple_majority():
    log = session()
    view = register(notice_in=PREVIOUS)
    check = r.check(log.state, "rescind", "exe-2026-001", register=view)
    assert check.ok and check.threshold == "majority_cast" and check.notice.session == PREVIOUS
    events = log.do(r.move_rescind, OLD, register=view, mover="m5")
    pid = events[0].data["id"]
    assert events[0].data["text"] == "Rescind EXE-2026-001: Hire a campaign officer."
    assert events[0].data["matter"] == "budget"
    assert events[1].data["notice"] == f"{PREVIOUS}:"
    log.do(d.open_vote, pid, ballot="show-of-hands")
    log.do(d.enter_counts, 6, 5, 10)
    log.do(d.close_vote, register_number=4)
    assert log.last.adopted and log.last.threshold == "majority_cast"
    assert r.links(log.state) == [r.Link("EXE-2026-004", "rescinds", OLD, pid, log.last.at)]
    found, same = r.locate(log.state, OLD, view)
    assert not same and found.current_status == "rescinded" and found.successor == "EXE-2026-004"


def test_a_notice_counts_only_from_the_previous_session():
    log = session()
    assert r.check(log.state, "rescind", OLD, register=register(notice_in="2025-12-01-older.json")).threshold == "two_thirds_cast"
    # When the caller does not know which session was previous, any earlier session's notice counts.
    assert r.check(log.state, "rescind", OLD, register=register(notice_in="2025-12-01-older.json", previous="")).threshold == "majority_cast"
    # A notice is for rescinding; amending needs its own notice.
    assert r.check(log.state, "amend", OLD, register=register(notice_in=PREVIOUS)).threshold == "two_thirds_cast"


@pytest.mark.parametrize(
    "yes, no, outcome, threshold",
    [
        (14, 7, "adopted", "two_thirds_cast"),  # 14 >= 2/3 x 21
        (11, 9, "adopted", "majority_members"),  # 11 < 13.33 but 11 > 21 / 2: a majority of the membership
        (9, 4, "adopted", "two_thirds_cast"),  # 9 >= 8.67
        (8, 5, "rejected", "two_thirds_cast"),  # 8 < 8.67 and 8 <= 10.5
        (10, 9, "rejected", "two_thirds_cast"),
    ],
)
def test_rescind_without_notice_two_thirds_or_a_majority_of_the_membership(yes, no, outcome, threshold):
    log = session()
    pid = log.do(r.move_rescind, OLD, register=register(), mover="m5")[0].data["id"]
    opened = log.do(d.open_vote, pid, ballot="show-of-hands")[0]
    assert (opened.data["threshold"], opened.data["alternative"], opened.data["override"]) == ("two_thirds_cast", "majority_members", False)
    log.do(d.enter_counts, yes, no, 21 - yes - no)
    log.do(d.close_vote)
    assert log.last.outcome == outcome and log.last.threshold == threshold
    if threshold == "majority_members":
        assert d.explain(log.last) == "Adopted: 11 yes, 11 needed (majority of all voting members: more than half of 21)."
    assert bool(r.links(log.state)) == (outcome == "adopted")


def test_an_override_replaces_the_motions_threshold_and_its_alternative():
    log = session()
    pid = log.do(r.move_rescind, OLD, register=register(), mover="m5")[0].data["id"]
    opened = log.do(d.open_vote, pid, ballot="show-of-hands", threshold="unanimous")[0]
    assert opened.data["override"] and "alternative" not in opened.data
    assert log.state.decisions.ballot.default_threshold == "two_thirds_cast"


def test_rescind_and_amend_refusals():
    log = session()
    view = register()
    assert "There is no decision EXE-2026-404" in log.refused(r.move_rescind, "EXE-2026-404", register=view, mover="m5")
    assert "was rejected" in log.refused(r.move_rescind, OLD, register=register(outcome="rejected"), mover="m5")
    assert "A motion to amend gives the decision's new text" in log.refused(r.move_amend, OLD, register=view, mover="m5", text=" ")
    assert "The text is the same as EXE-2026-001's" in log.refused(
        r.move_amend, OLD, register=view, mover="m5", text="Hire  a campaign officer."
    )
    events = log.do(r.move_amend, OLD, register=view, mover="m5", text="Hire a part-time campaign officer.")
    assert events[1].data["relation"] == "amends" and events[1].data["threshold"] == "two_thirds_cast"
    assert "P1 already moves to amend EXE-2026-001" in log.refused(r.move_rescind, OLD, register=view, mover="m6")


def test_new_information_is_minuted_with_the_motion():
    log = session(charter=rules(requires_new_information=True))
    view = register()
    assert "(“New information needed”)" in log.refused(r.move_rescind, OLD, register=view, mover="m5")
    events = log.do(r.move_rescind, OLD, register=view, mover="m5", new_information="The grant was cut by half.")
    motion = r.motion_of(log.state, events[0].data["id"])
    assert motion.new_information == "The grant was cut by half."
    assert "New information: The grant was cut by half." in r.explain_motion(motion)
    assert "P1 moves to rescind EXE-2026-001 (decided 2026-02-14)." in r.explain_motion(motion)


# ---------------------------------------------------------------------------------------------
# Notice of motion and executed decisions
# ---------------------------------------------------------------------------------------------


def test_give_notice_and_its_refusals():
    log = session(present=12)
    view = register()
    assert "There is no decision EXE-2026-404 in this committee's register" in log.refused(
        r.give_notice, "EXE-2026-404", register=view, kind="rescind", mover="m3"
    )
    assert "needs no notice" in log.refused(r.give_notice, OLD, register=view, kind="reconsider", mover="m3")
    assert "not 'repeal'" in log.refused(r.give_notice, OLD, register=view, kind="repeal", mover="m3")
    assert "was rejected" in log.refused(r.give_notice, OLD, register=register(outcome="rejected"), kind="rescind", mover="m3")
    assert "already rescinded" in log.refused(r.give_notice, OLD, register=register(status="rescinded"), kind="amend", mover="m3", text="x")
    assert "says what the amended decision would say" in log.refused(r.give_notice, OLD, register=view, kind="amend", mover="m3")
    assert "Member 15 is not present" in log.refused(r.give_notice, OLD, register=view, kind="rescind", mover="m15")
    assert "'m99' is not a member" in log.refused(r.give_notice, OLD, register=view, kind="rescind", mover="m99")
    (event,) = log.do(r.give_notice, OLD, register=view, kind="rescind", mover="m3", text="The post is no longer funded.")
    assert event.data == {"register_id": OLD, "kind": "rescind", "mover": "m3", "text": "The post is no longer funded."}
    assert "already given in this session" in log.refused(r.give_notice, OLD, register=view, kind="rescind", mover="m4")
    log.do(r.give_notice, OLD, register=view, kind="amend", mover="m4", text="Hire a part-time officer.")
    assert [n.kind for n in r.notices(log.state)] == ["rescind", "amend"]
    # The notice is for the next session: it does not lower the threshold in this one.
    assert r.check(log.state, "rescind", OLD, register=view).threshold == "two_thirds_cast"


def test_notice_on_a_decision_of_this_session_for_the_next():
    log = session(present=12)
    log.show_of_hands(7, 4)
    log.do(r.give_notice, OLD, register=None, kind="rescind", mover="m2")
    assert r.notices(log.state)[0].register_id == OLD


def test_mark_executed_then_amend_forward_but_not_rescind():
    log = session()
    view = register()
    log.do(r.mark_executed, OLD, register=view, note="The officer was hired on 1 March.")
    assert "already marked executed" in log.refused(r.mark_executed, OLD, register=view)
    message = log.refused(r.move_rescind, OLD, register=view, mover="m5")
    assert "has been carried out" in message and "Move to amend it forward instead" in message
    assert "can no longer be rescinded" in log.refused(r.give_notice, OLD, register=view, kind="rescind", mover="m5")
    log.do(r.move_amend, OLD, register=view, mover="m5", text="The officer's contract runs to December.")
    assert r.executed_marks(log.state)[0].note == "The officer was hired on 1 March."
    assert "only an adopted decision is carried out" in log.refused(r.mark_executed, OLD, register=register(outcome="rejected"))


def test_revisit_events_replay():
    log = session()
    view = register(notice_in=PREVIOUS)
    log.do(r.give_notice, OLD, register=view, kind="amend", mover="m4", text="x y")
    log.do(r.mark_executed, OLD, register=view)
    log.do(r.move_amend, OLD, register=view, mover="m5", text="Hire two officers.")
    replayed = s.fold(Event.from_dict(e.to_dict()) for e in log.events)
    assert replayed.revisits == log.state.revisits
    assert replayed.decisions.proposals == log.state.decisions.proposals
