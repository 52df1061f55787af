"""Consensus rounds on a proposal (PROCEDURE.md: Consensus).

The charter's method (formal, gradients, fist-to-five, consent) maps each response onto support,
reservation, stand-aside, block or more-discussion (`rules.CONSENSUS_RESPONSES`); a round reaches
consensus by `rules.consensus_outcome`. The participants are the **present voting members**
(people, also under `seats = "organisation"`: a block is a person's; remote members take part
when `remote_counts`) who responded in the round; a member who has not responded is not
counted (silence is not an objection), and a response given again replaces the earlier one.

A round closed without quorum is recorded as "no quorum — not adopted" and does not count as a
failed round. A failed round sends the proposal back to discussion (it may be amended) and a
new round may open; after `consensus.max_rounds` failed rounds the charter's fallback applies:
`vote` (the next vote on the proposal defaults to `fallback_threshold`; no more rounds),
`escalate` (a `proposal.escalated` event: pending for the conflict flow) or `defer`
(`proposal.deferred`: carried to the next session's agenda).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from meeting_tui.domain import eligibility
from meeting_tui.domain import events as ev
from meeting_tui.domain.decisions import (
    Concern,
    ConsensusRound,
    Decision,
    Proposal,
    QuorumAt,
    Response,
    PROPOSAL_DEFERRED,
    PROPOSAL_ESCALATED,
    check_voter,
    decision_outcome,
    new_register_id,
    proposal_of,
    record_decision,
    require_idle,
    require_open,
    require_undecided,
)
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.rules import (
    CONSENSUS_CATEGORIES,
    CONSENSUS_RESPONSES,
    consensus_outcome,
    consensus_response,
    threshold_label,
)
from meeting_tui.i18n import N_, _, join, ngettext

if TYPE_CHECKING:  # annotations only: session.py imports this module when it composes the domain
    from meeting_tui.domain.session import SessionState

CONSENSUS_OPENED = "consensus.opened"  # proposal, round, method, version, max_stand_aside_fraction
CONSENSUS_RESPONDED = "consensus.responded"  # proposal, round, member, response, category, reason
CONSENSUS_CLOSED = "consensus.closed"  # proposal, round, result, spread, participants, quorum, fallback,
#                                        outcome, recommendation, referred_to, register_id
CONSENSUS_CANCELLED = "consensus.cancelled"  # proposal, round, reason (opened by mistake)

ev.register_kinds(CONSENSUS_OPENED, CONSENSUS_RESPONDED, CONSENSUS_CLOSED, CONSENSUS_CANCELLED)

RESPONSE_LABELS = {
    "formal": {
        "agree": N_("agree"),
        "reservations": N_("agree with reservations"),
        "stand-aside": N_("stand aside"),
        "block": N_("block"),
    },
    "gradients": {
        "1": N_("1 · whole-hearted endorsement"),
        "2": N_("2 · agree with a minor point"),
        "3": N_("3 · support with reservations"),
        "4": N_("4 · abstain"),
        "5": N_("5 · more discussion needed"),
        "6": N_("6 · don't like it but will support it"),
        "7": N_("7 · serious disagreement"),
        "8": N_("8 · veto"),
    },
    "fist-to-five": {
        "5": N_("5 · will champion it"),
        "4": N_("4 · strong support"),
        "3": N_("3 · support"),
        "2": N_("2 · some reservations"),
        "1": N_("1 · serious reservations"),
        "0": N_("0 · fist: block"),
    },
    "consent": {"no-objection": N_("no objection"), "objection": N_("objection")},
}

CONCERN_CATEGORIES = ("block", "stand-aside", "reservation")


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def open_consensus(state: SessionState, proposal_id: str, *, now: float) -> list[Event]:
    """Open a consensus round on a proposal with the charter's method."""
    require_open(state)
    proposal = proposal_of(state, proposal_id)
    require_undecided(proposal)
    require_idle(state)
    rules = state.charter.consensus
    if proposal.fallback_vote:
        raise Refusal(
            ngettext(
                "{id} did not reach consensus in {n} round; the charter's fallback is a vote ({threshold}). Open the vote.",
                "{id} did not reach consensus in {n} rounds; the charter's fallback is a vote ({threshold}). Open the vote.",
                proposal.failed_rounds,
                id=proposal.id,
                threshold=threshold_label(rules.fallback_threshold),
            )
        )
    data = {
        "proposal": proposal.id,
        "round": len(proposal.rounds) + 1,
        "method": rules.method,
        "version": proposal.version,
        "max_stand_aside_fraction": rules.max_stand_aside_fraction,
    }
    return [Event(CONSENSUS_OPENED, now, data)]


def _open_round(state: SessionState) -> ConsensusRound:
    current = state.decisions.round
    if current is None:
        raise Refusal(_("No consensus round is open. Open a round on a proposal first."))
    return current


def respond(state: SessionState, member: str, response: object, *, reason: str = "", now: float) -> list[Event]:
    """Record a participant's response (a number for gradients and fist-to-five, a word for
    formal and consent). A block or an objection needs a reason. Responding again replaces
    the earlier response (e.g. a block withdrawn after clarification)."""
    require_open(state)
    current = _open_round(state)
    check_voter(state, member, "consensus")
    refusal = eligibility.respond_refusal(state, member)
    if refusal:
        raise Refusal(refusal)
    canonical = consensus_response(current.method, response)
    if canonical is None:
        raise Refusal(
            _(
                "'{response}' is not a response in {method}. Use one of: {responses}.",
                response=response,
                method=current.method,
                responses=join(CONSENSUS_RESPONSES[current.method]),
            )
        )
    category = CONSENSUS_RESPONSES[current.method][canonical]
    reason = reason.strip()
    if category == "block" and not reason:
        name = state.members[member].name
        if current.method == "consent":
            raise Refusal(_("An objection needs a reason, recorded in the minutes: ask {name} what must change.", name=name))
        raise Refusal(_("A block needs a reason, recorded in the minutes: ask {name} for it.", name=name))
    if current.responses.get(member) == Response(member, canonical, category, reason):
        return []
    data = {
        "proposal": current.proposal,
        "round": current.number,
        "member": member,
        "response": canonical,
        "category": category,
        "reason": reason,
    }
    return [Event(CONSENSUS_RESPONDED, now, data)]


def close_round(state: SessionState, *, now: float, register_number: int | None = None) -> list[Event]:
    """Close the open round: consensus (a decision, adopted or referred), no consensus (back to
    discussion; after max_rounds failures the charter's fallback), or no quorum (recorded as not
    adopted; not a failed round). `register_number` as in `decisions.close_vote`."""
    require_open(state)
    current = _open_round(state)
    proposal = state.decisions.proposals[current.proposal]
    status = state.quorum()
    if status.met and not current.responses:
        raise Refusal(_("No one has responded yet. Record each participant's response, or cancel the round."))
    spread = current.spread()
    result = consensus_outcome(spread, current.max_stand_aside_fraction)
    data = {
        "proposal": proposal.id,
        "round": current.number,
        "spread": spread,
        "participants": result.participants,
        "quorum": QuorumAt.of(status).to_dict(),
        "fallback": "",
        "outcome": "",
        "recommendation": "",
        "referred_to": [],
        "register_id": "",
    }
    recused = eligibility.recused_seats(state, proposal)
    if recused:
        data["recused"] = sorted(set(recused.values()))
    out = []
    if not status.met or result.reached:
        data["result"] = "consensus" if status.met else "no-quorum"
        data.update(decision_outcome(state, proposal, status.met, True))
        data["register_id"] = new_register_id(state, data["outcome"], register_number)
    else:
        data["result"] = "no-consensus"
        rules = state.charter.consensus
        if proposal.failed_rounds + 1 >= max(1, rules.max_rounds):
            data["fallback"] = rules.fallback
            reason = {"proposal": proposal.id, "reason": "consensus", "rounds": proposal.failed_rounds + 1}
            if rules.fallback == "escalate":
                out.append(Event(PROPOSAL_ESCALATED, now, reason))
            elif rules.fallback == "defer":
                out.append(Event(PROPOSAL_DEFERRED, now, reason))
    return [Event(CONSENSUS_CLOSED, now, data), *out]


def cancel_round(state: SessionState, *, reason: str = "", now: float) -> list[Event]:
    """Withdraw a round opened by mistake: nothing is decided and it does not count as failed."""
    require_open(state)
    current = _open_round(state)
    return [Event(CONSENSUS_CANCELLED, now, {"proposal": current.proposal, "round": current.number, "reason": reason.strip()})]


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def participants_present(state: SessionState) -> list[str]:
    """Who may respond now, one voice per seat (`eligibility.round_participants`): a seat's
    delegate, or its alternate only while the delegate is absent; recused seats take no part."""
    return eligibility.round_participants(state)


def not_yet_responded(state: SessionState) -> list[str]:
    """Present participants without a response in the open round ([] when none is open)."""
    current = state.decisions.round
    if current is None:
        return []
    return [mid for mid in participants_present(state) if mid not in current.responses]


def stand_asides_allowed_if_all_respond(state: SessionState, current: ConsensusRound) -> int:
    """The stand-aside limit the round will have if everyone present responds (the limit is
    taken on those who respond, so while nobody has, it is not 0 but this)."""
    everyone = {"support": len(participants_present(state))}  # only the number counts here
    return consensus_outcome(everyone, current.max_stand_aside_fraction).stand_asides_allowed


def explain_round(state: SessionState, current: ConsensusRound) -> str:
    """One plain sentence on a round's result (or, for an open round, its standing now)."""
    if current.outcome == "no-quorum" and current.quorum is not None:
        return _(
            "Not adopted: no quorum ({present} present, {required} required).",
            present=current.quorum.counted,
            required=current.quorum.required,
        )
    result = consensus_outcome(current.spread(), current.max_stand_aside_fraction)
    limit = result.stand_asides_allowed  # whole people: "at most 1", never "at most 1.75"
    asides = ngettext("{n} stand-aside", "{n} stand-asides", result.stand_asides)
    participants = ngettext("{n} participant", "{n} participants", result.participants)
    if result.reached:
        return _(
            "Consensus reached: no block, no call for more discussion, and {asides} of {participants} (at most {limit} allowed).",
            asides=asides,
            participants=participants,
            limit=limit,
        )
    if result.participants == 0:
        return _("No consensus: no one has responded.")
    if result.blocks:
        names = join(
            (f"{state.members[r.member].name} ({r.reason})" for r in current.responses.values() if r.category == "block"),
            "; ",
        )
        return _("No consensus: blocked by {names}.", names=names)
    if result.more_discussion:
        return ngettext(
            "No consensus: {n} participant asked for more discussion.",
            "No consensus: {n} participants asked for more discussion.",
            result.more_discussion,
        )
    return _(
        "No consensus: {asides} of {participants} exceed the limit of {limit} ({percent}%).",
        asides=asides,
        participants=participants,
        limit=limit,
        percent=f"{current.max_stand_aside_fraction * 100:g}",
    )


# ---------------------------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------------------------


def _on_opened(state: SessionState, e: Event) -> None:
    d = e.data
    state.decisions.round = ConsensusRound(
        proposal=d["proposal"],
        number=d["round"],
        method=d["method"],
        version=d.get("version", 1),
        opened_at=e.at,
        max_stand_aside_fraction=d.get("max_stand_aside_fraction", 0.25),
    )


def _on_responded(state: SessionState, e: Event) -> None:
    d = e.data
    state.decisions.round.responses[d["member"]] = Response(d["member"], d["response"], d["category"], d.get("reason", ""))


def _decision(proposal: Proposal, current: ConsensusRound, e: Event) -> Decision:
    d = e.data
    concerns = tuple(
        Concern(r.member, r.category, r.reason) for r in current.responses.values() if r.category in CONCERN_CATEGORIES
    )
    return Decision(
        proposal=proposal.id,
        text=proposal.text,
        version=current.version,
        item=proposal.item,
        matter=proposal.matter,
        kind="consensus",
        method=current.method,
        outcome=d["outcome"],
        at=e.at,
        quorum=QuorumAt.from_dict(d["quorum"]),
        register_id=d.get("register_id", ""),
        referred_to=tuple(d.get("referred_to", ())),
        recommendation=d.get("recommendation", ""),
        round=current.number,
        spread=tuple((c, d["spread"].get(c, 0)) for c in CONSENSUS_CATEGORIES),
        participants=d["participants"],
        concerns=concerns,
        recused=tuple(d.get("recused", ())),
    )


def _on_closed(state: SessionState, e: Event) -> None:
    d = e.data
    current = state.decisions.round
    proposal = state.decisions.proposals[current.proposal]
    current.closed_at = e.at
    current.outcome = d["result"]
    current.quorum = QuorumAt.from_dict(d["quorum"])
    current.fallback = d.get("fallback", "")
    proposal.rounds.append(current)
    if current.outcome == "no-consensus":
        proposal.failed_rounds += 1
        proposal.fallback_vote = current.fallback == "vote"
    if d.get("outcome"):
        record_decision(state, proposal, _decision(proposal, current, e))
    state.decisions.round = None


def _on_cancelled(state: SessionState, e: Event) -> None:
    state.decisions.round = None


#: The fold of these events (composed with the others in session.py).
HANDLERS = {
    CONSENSUS_OPENED: _on_opened,
    CONSENSUS_RESPONDED: _on_responded,
    CONSENSUS_CLOSED: _on_closed,
    CONSENSUS_CANCELLED: _on_cancelled,
}
