"""Decisions in the minutes: every detail PROCEDURE.md lists, safe text, and the register extract."""

from __future__ import annotations

from msgspec.structs import replace

from meeting_tui.domain import consensus, decisions
from meeting_tui.domain import session as s
from meeting_tui.domain.model import Charter, ConsensusRules, VotingRules
from meeting_tui.minutes import render_markdown
from meeting_tui.minutes.html import minutes_parser
from tests.domain.conftest import make_committee
from tests.domain.test_session import Log


def _voting_log(charter=None) -> Log:
    log = Log(make_committee(7, charter or Charter(voting=VotingRules(chair_casting_vote=True))))
    for i in range(5):
        log.do(s.arrive, f"m{i}")
    log.do(s.next_item)
    return log


def test_roll_call_decision_is_minuted_with_names_threshold_and_sentence():
    log = _voting_log()
    log.do(decisions.propose, "Adopt the budget | <script>alert(1)</script>", item="a", mover="m1", seconder="m2")
    log.do(decisions.open_vote, "P1", ballot="roll-call", threshold="two_thirds_cast")
    for member, choice in [("m0", "yes"), ("m1", "yes"), ("m2", "yes"), ("m3", "no"), ("m4", "abstain")]:
        log.do(decisions.cast_vote, member, choice)
    log.do(decisions.close_vote, register_number=14)
    text = render_markdown(log.state)
    assert "## Decisions" in text and "## Register extract" in text
    record = log.state.decisions.records[0]
    assert record.register_id in text
    assert "roll-call vote" in text and "two-thirds of votes cast" in text and "overridden" in text
    assert "3 yes, 1 no, 1 abstention" in text and "1 abstentions" not in text
    assert "Member 3" in text and "| no |" in text
    assert "moved by Member 1" in text and "seconded by Member 2" in text
    assert "Quorum at the decision: met" in text
    assert decisions.explain(record) in text.replace("\\", "")
    tokens = [t.type for t in minutes_parser().parse(text)]
    assert "html_block" not in tokens and "html_inline" not in tokens


def test_secret_ballot_minutes_name_participants_never_choices():
    log = _voting_log()
    log.do(decisions.propose, "Elect the treasurer", item="a")
    log.do(decisions.open_vote, "P1", ballot="secret")
    for member in ("m0", "m1", "m2"):
        log.do(decisions.record_participation, member)
    log.do(decisions.close_ballot_box)
    log.do(decisions.enter_counts, 2, 1, 0)
    log.do(decisions.close_vote)
    text = render_markdown(log.state)
    assert "Took part in the secret ballot: Member 0, Member 1, Member 2." in text
    assert "| Member | Vote |" not in text


def test_consensus_block_with_reason_and_no_quorum_outcome():
    charter = Charter(consensus=ConsensusRules(method="formal"))
    log = _voting_log(charter)
    log.do(decisions.propose, "Issue the public statement", item="a")
    log.do(consensus.open_consensus, "P1")
    log.do(consensus.respond, "m0", "agree")
    log.do(consensus.respond, "m1", "block", reason="It names a partner without consent")
    log.do(consensus.close_round)
    text = render_markdown(log.state)
    assert "Proposal P1, consensus round 1" in text and "It names a partner without consent" in text
    assert "Proposal P1 is still open." in text
    # quorum lost: a vote then is recorded as not adopted
    for i in range(1, 5):
        log.do(s.depart, f"m{i}")
    log.do(decisions.propose, "Another matter", item="a")
    log.do(decisions.open_vote, "P2", ballot="show-of-hands")
    log.do(decisions.enter_counts, 1, 0, 0)
    log.do(decisions.close_vote)
    text = render_markdown(log.state)
    assert "Not adopted: no quorum" in text and "NOT met" in text


def test_no_decision_sections_without_decisions():
    text = render_markdown(Log().state)
    assert "## Decisions" not in text and "## Register extract" not in text


def test_next_meeting_section():
    log = Log()
    log.do(s.set_next_meeting, "2099-04-11", "Farmers' hall | <i>x</i>", "16:30")
    text = render_markdown(log.state)
    assert "## Next meeting" in text and "2099-04-11 16:30" in text and "\\<i>" in text and "<i>" not in text.replace("\\<", "")
