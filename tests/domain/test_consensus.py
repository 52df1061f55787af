"""Consensus rounds (PROCEDURE.md: Consensus): mappings, the outcome rule, rounds, fallbacks."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from meeting_tui.domain import consensus as c
from meeting_tui.domain import decisions as d
from meeting_tui.domain import session as s
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import Charter, ConsensusRules, Member
from meeting_tui.domain.rules import consensus_category, consensus_outcome

from .conftest import make_committee
from .test_decisions import Log, ids


def consensus_log(n=9, present=9, **rules) -> tuple[Log, str]:
    charter = Charter(consensus=ConsensusRules(**rules))
    log = Log(make_committee(n, charter), present=ids(*range(present)))
    return log, log.propose("We adopt the shared work plan.\nReviewed in June.")


def run_round(log: Log, pid: str, responses: dict[str, object], reasons: dict[str, str] | None = None, **close):
    log.do(c.open_consensus, pid)
    for member, response in responses.items():
        log.do(c.respond, member, response, reason=(reasons or {}).get(member, "because"))
    log.do(c.close_round, **close)
    return log.state.decisions.proposals[pid].rounds[-1]


# ---------------------------------------------------------------------------------------------
# Each method's mapping
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, response, category",
    [
        ("gradients", 1, "support"),
        ("gradients", 2, "support"),
        ("gradients", 3, "reservation"),
        ("gradients", 4, "stand-aside"),
        ("gradients", 5, "more-discussion"),
        ("gradients", 6, "reservation"),
        ("gradients", 7, "stand-aside"),
        ("gradients", 8, "block"),
        ("fist-to-five", 5, "support"),
        ("fist-to-five", 4, "support"),
        ("fist-to-five", 3, "support"),
        ("fist-to-five", 2, "reservation"),
        ("fist-to-five", 1, "reservation"),
        ("fist-to-five", 0, "block"),
        ("formal", "agree", "support"),
        ("formal", "reservations", "reservation"),
        ("formal", "Stand aside", "stand-aside"),
        ("formal", "block", "block"),
        ("consent", "no objection", "support"),
        ("consent", "objection", "block"),
    ],
)
def test_each_methods_mapping(method, response, category):
    assert consensus_category(method, response) == category
    assert consensus_category(method, str(response)) == category


@pytest.mark.parametrize(
    "method, response", [("gradients", 0), ("gradients", 9), ("fist-to-five", 6), ("formal", "yes"), ("consent", "agree"), ("formal", True)]
)
def test_invalid_responses(method, response):
    assert consensus_category(method, response) is None


# ---------------------------------------------------------------------------------------------
# The outcome rule
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spread, reached",
    [
        ({"support": 6, "stand-aside": 2}, True),  # 2 <= 0.25 × 8 = 2: the boundary passes
        ({"support": 5, "stand-aside": 3}, False),  # 3 > 2
        ({"support": 3, "stand-aside": 1}, True),  # 1 <= 1
        ({"support": 4, "stand-aside": 1}, True),  # 1 <= 1.25
        ({"support": 3, "stand-aside": 2}, False),  # 2 > 1.25
        ({"support": 2, "stand-aside": 1}, False),  # 1 > 0.75
        ({"support": 8, "block": 1}, False),
        ({"support": 8, "more-discussion": 1}, False),
        ({"reservation": 4}, True),  # reservations still consent
        ({}, False),
    ],
)
def test_consensus_outcome_rule(spread, reached):
    assert consensus_outcome(spread, 0.25).reached is reached


def test_stand_aside_limit_is_exact():
    result = consensus_outcome({"support": 8, "stand-aside": 2}, 0.2)  # 0.2 × 10 = 2 exactly
    assert result.reached and result.max_stand_asides == Fraction(2)


# ---------------------------------------------------------------------------------------------
# Rounds, decisions, refusals
# ---------------------------------------------------------------------------------------------


def test_consensus_reached_is_an_adopted_decision_with_concerns():
    log, pid = consensus_log()
    responses = {f"m{i}": "agree" for i in range(5)} | {"m5": "reservations", "m6": "stand-aside", "m7": "stand-aside"}
    round_ = run_round(log, pid, responses, reasons={"m6": "conflict of interest", "m7": "new here", "m5": "cost"})
    assert round_.outcome == "consensus"
    decision = log.last
    assert (decision.kind, decision.method, decision.outcome, decision.register_id) == ("consensus", "formal", "adopted", "EXE-2026-001")
    assert dict(decision.spread) == {"support": 5, "reservation": 1, "stand-aside": 2, "block": 0, "more-discussion": 0}
    assert decision.participants == 8 and decision.quorum.met
    assert {(x.member, x.category, x.reason) for x in decision.concerns} == {
        ("m5", "reservation", "cost"),
        ("m6", "stand-aside", "conflict of interest"),
        ("m7", "stand-aside", "new here"),
    }
    assert d.explain(decision) == (
        "Adopted: consensus (formal consensus) with support 5, reservation 1, stand-aside 2 among 8 participants."
    )
    assert c.not_yet_responded(log.state) == []
    assert "already adopted" in log.refused(c.open_consensus, pid)


def test_block_and_objection_need_a_reason():
    log, pid = consensus_log()
    log.do(c.open_consensus, pid)
    assert "A block needs a reason" in log.refused(c.respond, "m1", "block")
    assert "A block needs a reason" in log.refused(c.respond, "m1", "block", reason="   ")
    log.do(c.respond, "m1", "block", reason="It breaks our mandate")
    assert log.state.decisions.round.responses["m1"].reason == "It breaks our mandate"

    log, pid = consensus_log(method="consent")
    log.do(c.open_consensus, pid)
    assert "An objection needs a reason" in log.refused(c.respond, "m1", "objection")
    for method, response in (("gradients", 8), ("fist-to-five", 0)):
        log, pid = consensus_log(method=method)
        log.do(c.open_consensus, pid)
        assert "needs a reason" in log.refused(c.respond, "m1", response)


def test_respond_refusals():
    observer = Member(id="obs", name="Observer", organisation="X", role="observer", voting=False)
    log = Log(make_committee(7, extra=(observer,)), present=ids(0, 1, 2, 3) + ["obs"])
    pid = log.propose()
    assert "No consensus round is open" in log.refused(c.respond, "m1", "agree")
    assert "No consensus round is open" in log.refused(c.close_round)
    log.do(c.open_consensus, pid)
    assert "consensus round on P1 is still open" in log.refused(d.open_vote, pid, ballot="roll-call")
    assert "consensus round on P1 is still open" in log.refused(c.open_consensus, pid)
    assert "being decided right now" in log.refused(d.amend_proposal, pid, "Other")
    assert "not present" in log.refused(c.respond, "m5", "agree")
    assert "has no vote (observer)" in log.refused(c.respond, "obs", "agree")
    assert "Use one of: agree, reservations, stand-aside, block" in log.refused(c.respond, "m1", "yes")
    assert "No one has responded" in log.refused(c.close_round)
    log.do(c.cancel_round, reason="wrong proposal")
    assert log.state.decisions.round is None and log.state.decisions.proposals[pid].rounds == []
    log.do(d.open_vote, pid, ballot="roll-call")
    assert "vote on P1 is still open" in log.refused(c.open_consensus, pid)


def test_responding_again_replaces_and_the_same_response_adds_nothing():
    log, pid = consensus_log()
    log.do(c.open_consensus, pid)
    log.do(c.respond, "m1", "block", reason="Unclear budget")
    log.do(c.respond, "m1", "stand-aside", reason="Clarified")
    assert log.state.decisions.round.responses["m1"].category == "stand-aside"
    assert c.respond(log.state, "m1", "Stand aside", reason="Clarified", now=log.now) == []
    assert c.not_yet_responded(log.state) == ids(0, 2, 3, 4, 5, 6, 7, 8)


def test_participants_are_those_who_responded():
    log, pid = consensus_log()
    # 4 of 9 present respond: 1 stand-aside of 4 is at the limit (0.25 × 4 = 1)
    round_ = run_round(log, pid, {"m0": "agree", "m1": "agree", "m2": "agree", "m3": "stand-aside"})
    assert round_.outcome == "consensus" and log.last.participants == 4


@pytest.mark.parametrize(
    "responses, outcome, sentence",
    [
        ({"m0": "agree", "m1": "agree", "m2": "agree", "m3": "stand-aside"}, "consensus", "Consensus reached"),
        ({"m0": "agree", "m1": "block"}, "no-consensus", "No consensus: blocked by Member 1 (because)."),
        (
            {"m0": "agree", "m1": "agree", "m2": "stand-aside", "m3": "stand-aside"},
            "no-consensus",
            "No consensus: 2 stand-asides of 4 participants exceed the limit of 1 (25%).",
        ),
    ],
)
def test_round_explanations(responses, outcome, sentence):
    log, pid = consensus_log()
    round_ = run_round(log, pid, responses)
    assert round_.outcome == outcome
    assert c.explain_round(log.state, round_).startswith(sentence)


def test_more_discussion_fails_the_round():
    log, pid = consensus_log(method="gradients")
    round_ = run_round(log, pid, {"m0": 1, "m1": 2, "m2": 5})
    assert round_.outcome == "no-consensus"
    assert c.explain_round(log.state, round_) == "No consensus: 1 participant asked for more discussion."


def test_no_quorum_round_is_not_adopted_and_not_a_failed_round():
    log, pid = consensus_log(present=4)
    round_ = run_round(log, pid, {"m0": "agree", "m1": "agree"})
    assert round_.outcome == "no-quorum"
    assert log.last.outcome == "no-quorum" and log.last.register_id == ""
    assert d.explain(log.last) == "Not adopted: no quorum (4 present, 5 required)."
    assert c.explain_round(log.state, round_) == d.explain(log.last)
    proposal = log.state.decisions.proposals[pid]
    assert proposal.failed_rounds == 0 and proposal.status == "open"


def test_failed_round_goes_back_to_discussion_and_may_be_amended():
    log, pid = consensus_log()
    run_round(log, pid, {"m0": "agree", "m1": "block"})
    log.do(d.amend_proposal, pid, "We adopt the shared work plan, without the new office.")
    round_ = run_round(log, pid, {"m0": "agree", "m1": "agree"})
    assert (round_.number, round_.version, round_.outcome) == (2, 2, "consensus")
    assert log.last.text.endswith("without the new office.") and log.last.round == 2


def fail_rounds(log: Log, pid: str, n: int) -> list:
    return [run_round(log, pid, {"m0": "agree", "m1": "block"}) for _ in range(n)]


def test_fallback_vote_after_max_rounds():
    log, pid = consensus_log()
    rounds = fail_rounds(log, pid, 3)
    assert [r.fallback for r in rounds] == ["", "", "vote"]
    proposal = log.state.decisions.proposals[pid]
    assert proposal.fallback_vote and proposal.failed_rounds == 3
    assert "fallback is a vote (two-thirds of votes cast)" in log.refused(c.open_consensus, pid)
    opened = log.do(d.open_vote, pid, ballot="show-of-hands")[0]
    assert opened.data["threshold"] == "two_thirds_cast" and opened.data["fallback"] and not opened.data["override"]
    log.do(d.enter_counts, 6, 3, 0)
    log.do(d.close_vote)
    assert log.last.outcome == "adopted" and log.last.fallback and log.last.threshold == "two_thirds_cast"


def test_max_rounds_is_a_charter_setting():
    log, pid = consensus_log(max_rounds=1, fallback_threshold="unanimous")
    (only,) = fail_rounds(log, pid, 1)
    assert only.fallback == "vote"
    assert log.do(d.open_vote, pid, ballot="roll-call")[0].data["threshold"] == "unanimous"


def test_fallback_escalate_records_a_pending_escalation():
    log, pid = consensus_log(fallback="escalate")
    fail_rounds(log, pid, 2)
    assert log.state.decisions.proposals[pid].status == "open"
    log.do(c.open_consensus, pid)
    log.do(c.respond, "m1", "block", reason="No")
    events = log.do(c.close_round)
    assert [e.kind for e in events] == ["consensus.closed", "proposal.escalated"]
    assert events[1].data == {"proposal": pid, "reason": "consensus", "rounds": 3}
    assert [p.id for p in d.pending_escalations(log.state)] == [pid]
    assert "escalated" in log.refused(d.open_vote, pid, ballot="roll-call")
    assert "escalated" in log.refused(c.open_consensus, pid)


def test_fallback_defer_carries_the_proposal_to_the_next_session():
    log, pid = consensus_log(fallback="defer")
    fail_rounds(log, pid, 3)
    assert log.state.decisions.proposals[pid].status == "deferred"
    assert log.events[-1].kind == "proposal.deferred"
    assert "next session" in log.refused(c.open_consensus, pid)
    assert log.state.decisions.records == []  # a deferral is not a decision


def test_consensus_on_a_matter_outside_scope_is_referred():
    charter = Charter(scope={"membership": ("strategic",)})
    log = Log(make_committee(5, charter), present=ids(0, 1, 2))
    pid = log.propose(matter="membership")
    run_round(log, pid, {"m0": "agree", "m1": "agree"})
    assert (log.last.outcome, log.last.recommendation, log.last.referred_to) == ("referred", "adopted", ("strategic",))
    assert d.explain(log.last).startswith("Referred to strategic, the body that decides membership")


def test_register_numbers_continue_across_votes_and_consensus():
    log, pid = consensus_log()
    log.show_of_hands(5, 1)
    run_round(log, pid, {"m0": "agree"}, register_number=40)
    assert [x.register_id for x in log.state.decisions.records] == ["EXE-2026-001", "EXE-2026-040"]


def test_remote_participants_respond_when_they_count():
    log, pid = consensus_log(present=5)
    log.do(s.arrive, "m6", mode="remote")
    log.do(c.open_consensus, pid)
    log.do(c.respond, "m6", "agree")
    assert "m6" in c.participants_present(log.state)


def test_replay_gives_the_same_state():
    log, pid = consensus_log(fallback="escalate", max_rounds=2)
    fail_rounds(log, pid, 1)
    log.do(d.amend_proposal, pid, "v2")
    fail_rounds(log, pid, 1)
    other = log.propose("Other")
    run_round(log, other, {"m0": "agree", "m2": "stand-aside"}, reasons={"m2": "abroad"})
    assert s.fold(log.events) == log.state
    stored = [Event.from_dict(json.loads(json.dumps(e.to_dict()))) for e in log.events]
    assert s.fold(stored) == log.state


ROUND_ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["arrive", "depart", "amend", "propose"] + ["open", "respond", "respond", "close"] * 3),
        st.integers(0, 5),
        st.sampled_from(["agree", "reservations", "stand-aside", "block", "nonsense"]),
        st.booleans(),
    ),
    min_size=15,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(actions=ROUND_ACTIONS, fallback=st.sampled_from(["vote", "escalate", "defer"]))
def test_random_rounds_keep_invariants(actions, fallback):
    charter = Charter(consensus=ConsensusRules(fallback=fallback, max_rounds=2))
    log = Log(make_committee(6, charter), present=ids(0, 1, 2, 3))
    log.propose()
    for name, a, response, with_reason in actions:
        before = copy.deepcopy(log.state)
        proposals = list(log.state.decisions.proposals)
        try:
            if name == "arrive":
                log.do(s.arrive, f"m{a}")
            elif name == "depart":
                log.do(s.depart, f"m{a}")
            elif name == "open":
                log.do(c.open_consensus, proposals[a % len(proposals)])
            elif name == "respond":
                log.do(c.respond, f"m{a}", response, reason="why" if with_reason else "")
            elif name == "close":
                log.do(c.close_round)
            elif name == "amend":
                log.do(d.amend_proposal, proposals[a % len(proposals)], f"Amended {len(log.events)}")
            else:
                log.do(d.propose, "Another", item="a")
        except Refusal as refusal:
            assert refusal.message and log.state == before
    outcomes = [r.outcome for p in log.state.decisions.proposals.values() for r in p.rounds]
    event(f"rounds: {sorted(set(outcomes))}")
    for decision in log.state.decisions.records:
        assert decision.outcome != "adopted" or (decision.quorum.met and dict(decision.spread)["block"] == 0)
        assert all(x.reason for x in decision.concerns if x.category == "block")
    for proposal in log.state.decisions.proposals.values():
        assert proposal.failed_rounds <= 2
        assert proposal.failed_rounds == sum(r.outcome == "no-consensus" for r in proposal.rounds)
    assert s.fold(log.events) == log.state


def test_the_stand_aside_limit_shown_before_anyone_responds_is_the_one_for_everyone_present():
    """While a round is open the limit is taken on those who will respond: with 9 present and a
    quarter allowed, 2 (not 0 because nobody has responded yet); it follows arrivals."""
    log, pid = consensus_log(n=12, present=9, max_stand_aside_fraction=0.25)
    log.do(c.open_consensus, pid)
    current = log.state.decisions.round
    assert c.stand_asides_allowed_if_all_respond(log.state, current) == 2
    log.do(c.respond, "m0", "stand aside", reason="because")
    assert c.stand_asides_allowed_if_all_respond(log.state, current) == 2
    for member in ("m9", "m10", "m11"):
        log.do(s.arrive, member)
    assert c.stand_asides_allowed_if_all_respond(log.state, current) == 3  # 12 × 1/4
