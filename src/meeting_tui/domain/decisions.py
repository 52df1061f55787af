"""Proposals, votes and the decisions they produce (PROCEDURE.md: Voting, Decision scope, and
the register id of Revisiting). Consensus rounds are in `consensus.py`; both fold into
`SessionState.decisions`, a `DecisionsState`.

Commands follow `session.py`: `cmd(state, ..., *, now) -> list[Event]`, or `Refusal` with a
message that says what is wrong and how to fix it; a command never touches the state.

Rules applied here, all computed by `rules.py`:
- who may vote: a present voting member (remote only if `remote_counts`) for the seat they hold
  (`rules.seats`), an alternate only while no delegate of the seat is present, a proxy holder for
  the absent giver's seat (`proxy_for`); one vote per seat, so under `seats = "organisation"` a
  second person of the same organisation is refused;
- a secret ballot records only who took part, never a choice; it is cast in the room, so remote
  members do not take part (they vote by roll call or show of hands, PROCEDURE.md: Attendance);
- a secret ballot stays secret in the file: ballots are put in while the ballot box is open
  (`vote.participated`), the box is closed (`vote.box_closed`), and only then are the tellers'
  counts entered (`vote.counted`, a correction replaces them). No ballot goes in once counting
  has started, so every count in the file is a count of the whole box: nothing pairs a person or
  a moment with a choice (README: "A secret ballot stays secret");
- the outcome is `rules.apply_threshold` over seats: `present_voters` is the seats that can vote
  at the close (present, or held by proxy) plus any seat that already voted and has since left;
  `total_voters` is all voting seats;
- the quorum gate: a vote closed without quorum is recorded as "no quorum — not adopted";
- decision scope: a matter that the charter's `[scope]` gives to other bodies is recorded as
  **referred** to them, with this body's own result as the recommendation;
- a register id (`EXE-2026-014`) is given to every adopted or rejected decision. The domain
  cannot see other sessions, so the app passes the committee-wide next free number as
  `register_number`; without it the number is 1 + the register ids given in this session.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from meeting_tui.domain import eligibility
from meeting_tui.domain import events as ev
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.rules import (
    CONSENSUS_CATEGORIES,
    CONSENSUS_CATEGORY_LABELS,
    QuorumStatus,
    Seat,
    Tally,
    apply_threshold,
    counts_as_present,
    has_vote,
    referral,
    seats,
    threshold_label,
    voting_seats,
)
from meeting_tui.i18n import N_, _, join, labels, ngettext, tr

if TYPE_CHECKING:  # annotations only: session.py imports this module when it composes the domain
    from meeting_tui.domain.session import SessionState

# Hooks for other domain modules (conflicts.py), filled where session.py composes the domain.
#: `state -> register ids` given in this session outside `DecisionsState.records` (a conflict's
#: binding decision), so that no register id is given twice in a session.
REGISTER_ID_SOURCES: list = []

# ---------------------------------------------------------------------------------------------
# Event kinds (data in the comments)
# ---------------------------------------------------------------------------------------------

PROPOSAL_MADE = "proposal.made"  # id, item, text, matter, mover, seconder
PROPOSAL_AMENDED = "proposal.amended"  # proposal, version, text
PROPOSAL_ESCALATED = "proposal.escalated"  # proposal, reason ("consensus"), rounds: pending escalation
PROPOSAL_DEFERRED = "proposal.deferred"  # proposal, reason ("consensus"), rounds: to the next session
VOTE_OPENED = "vote.opened"  # proposal, version, ballot, threshold, default_threshold, override, fallback
VOTE_CAST = "vote.cast"  # proposal, member, seat, choice, proxy_for ("" for one's own vote): roll call
VOTE_PARTICIPATED = "vote.participated"  # proposal, member, seat, proxy_for: secret ballot, no choice
VOTE_BOX_CLOSED = "vote.box_closed"  # proposal: a secret ballot's box closed (counting may start)
VOTE_COUNTED = "vote.counted"  # proposal, yes, no, abstain (show of hands; secret ballot: after the box closed)
VOTE_CLOSED = "vote.closed"  # proposal, outcome, tally, casting_vote, present_voters, total_voters,
#                              quorum, register_id, referred_to, recommendation, no_abstain
VOTE_CANCELLED = "vote.cancelled"  # proposal, reason (a vote opened by mistake; nothing recorded)
VOTE_CHANGED = "vote.changed"  # proposal, member, seat, choice, previous, proxy_for: a roll-call vote changed before the close

ev.register_kinds(
    PROPOSAL_MADE,
    PROPOSAL_AMENDED,
    PROPOSAL_ESCALATED,
    PROPOSAL_DEFERRED,
    VOTE_OPENED,
    VOTE_CAST,
    VOTE_PARTICIPATED,
    VOTE_BOX_CLOSED,
    VOTE_COUNTED,
    VOTE_CLOSED,
    VOTE_CANCELLED,
    VOTE_CHANGED,
)

BALLOTS = ("show-of-hands", "roll-call", "secret")
CHOICES = ("yes", "no", "abstain")
OUTCOMES = ("adopted", "rejected", "no-quorum", "referred")

METHOD_LABELS = {
    "show-of-hands": N_("show of hands"),
    "roll-call": N_("roll call"),
    "secret": N_("secret ballot"),
    "formal": N_("formal consensus"),
    "gradients": N_("gradients of agreement"),
    "fist-to-five": N_("fist to five"),
    "consent": N_("consent"),
}
OUTCOME_LABELS = {
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
    "no-quorum": N_("no quorum — not adopted"),
    "referred": N_("referred"),
}
CHOICE_LABELS = {"yes": N_("yes"), "no": N_("no"), "abstain": N_("abstain")}

BODY_PREFIXES = {"strategic": "STR", "executive": "EXE", "working-group": "WG"}

# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------


class Version(Struct, frozen=True):
    number: int
    text: str
    at: float


class Response(Struct, frozen=True):
    """One participant's response in a consensus round."""

    member: str
    response: str  # canonical, as in rules.CONSENSUS_RESPONSES ("3", "stand-aside", ...)
    category: str  # support | reservation | stand-aside | block | more-discussion
    reason: str = ""


class ConsensusRound(Struct):
    proposal: str
    number: int  # 1, 2, ... per proposal (rounds without quorum included)
    method: str
    version: int  # the proposal version the round considered
    opened_at: float
    max_stand_aside_fraction: float = 0.25
    responses: dict[str, Response] = field(default_factory=dict)  # member -> latest response
    closed_at: float | None = None
    outcome: str = ""  # consensus | no-consensus | no-quorum
    quorum: QuorumAt | None = None
    fallback: str = ""  # the charter's fallback, applied when this round was the last allowed

    def spread(self) -> dict[str, int]:
        """Category -> count, every category present (zeros included), in a fixed order."""
        out = {c: 0 for c in CONSENSUS_CATEGORIES}
        for r in self.responses.values():
            out[r.category] += 1
        return out


class Proposal(Struct):
    id: str
    item: str
    matter: str
    mover: str
    seconder: str
    versions: list[Version]
    status: str = "open"  # open | adopted | rejected | referred | escalated | deferred
    rounds: list[ConsensusRound] = field(default_factory=list)  # closed consensus rounds
    failed_rounds: int = 0  # rounds closed with quorum and without consensus
    fallback_vote: bool = False  # consensus failed max_rounds times; the fallback vote is due
    register_id: str = ""
    conflict: str = ""  # escalated: the conflict opened on it (conflicts.py), e.g. "C1"

    @property
    def text(self) -> str:
        return self.versions[-1].text

    @property
    def version(self) -> int:
        return self.versions[-1].number


class RollEntry(Struct, frozen=True):
    """A vote on a roll call (with its choice) or a participation in a secret ballot (choice "")."""

    member: str
    seat: str
    choice: str = ""
    proxy_for: str = ""


class VoteChange(Struct, frozen=True):
    """A roll-call vote changed before the result was declared (minuted)."""

    member: str
    previous: str
    choice: str
    at: float
    proxy_for: str = ""


class Ballot(Struct):
    proposal: str
    kind: str  # show-of-hands | roll-call | secret
    threshold: str
    default_threshold: str  # what the threshold would have been without an override
    version: int
    opened_at: float
    fallback: bool = False  # the charter's consensus fallback vote
    roll: dict[str, RollEntry] = field(default_factory=dict)  # seat -> vote (roll call)
    took_part: dict[str, RollEntry] = field(default_factory=dict)  # seat -> participation (secret)
    counts: Tally | None = None  # entered (show of hands, secret)
    alternative: str = ""  # a threshold that also carries the motion (eligibility.governed_threshold)
    changes: list[VoteChange] = field(default_factory=list)  # roll-call votes changed before the close
    box_closed: bool = False  # a secret ballot's box was closed (`vote.box_closed`)

    @property
    def overridden(self) -> bool:
        return self.threshold != self.default_threshold

    def voted(self) -> dict[str, RollEntry]:
        return self.roll if self.kind == "roll-call" else self.took_part

    @property
    def counting(self) -> bool:
        """A secret ballot whose counting has started: the box is closed, or (a file written
        before the box had its own event) counts were entered. No ballot goes in after that."""
        return self.kind == "secret" and (self.box_closed or self.counts is not None)

    def tally(self) -> Tally | None:
        if self.kind != "roll-call":
            return self.counts
        choices = [entry.choice for entry in self.roll.values()]
        return Tally(choices.count("yes"), choices.count("no"), choices.count("abstain"))


class QuorumAt(Struct, frozen=True):
    """The quorum at the moment of a decision (for the minutes)."""

    met: bool
    counted: int
    required: int
    unit: str = "members"

    @classmethod
    def of(cls, status: QuorumStatus) -> QuorumAt:
        return cls(status.met, status.counted, status.required, status.unit)

    def to_dict(self) -> dict[str, Any]:
        return {"met": self.met, "counted": self.counted, "required": self.required, "unit": self.unit}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuorumAt:
        return cls(bool(data["met"]), int(data["counted"]), int(data["required"]), data.get("unit", "members"))


class Concern(Struct, frozen=True):
    """A block, stand-aside or reservation in a consensus decision, with its reason."""

    member: str
    category: str
    reason: str = ""


class Decision(Struct, frozen=True):
    """A record for the minutes and, when adopted or rejected, the decision register."""

    proposal: str
    text: str  # the final version's text
    version: int
    item: str
    matter: str
    kind: str  # vote | consensus
    method: str  # a ballot kind or a consensus method
    outcome: str  # adopted | rejected | no-quorum | referred
    at: float
    quorum: QuorumAt
    register_id: str = ""
    referred_to: tuple[str, ...] = ()
    recommendation: str = ""  # referred only: this body's own result (adopted | rejected)
    # votes
    threshold: str = ""
    threshold_overridden: bool = False
    fallback: bool = False
    no_abstain: bool = False
    tally: Tally | None = None
    casting_vote: str = ""  # "", yes or no
    present_voters: int = 0
    total_voters: int = 0
    roll: tuple[RollEntry, ...] = ()  # names for a roll call; never for a secret ballot
    took_part: tuple[RollEntry, ...] = ()  # a secret ballot: who took part, without choices
    changes: tuple[VoteChange, ...] = ()  # roll-call votes changed before the close
    remote_left_out: tuple[str, ...] = ()  # a secret ballot: remote members present who took no part (charter)
    recused: tuple[str, ...] = ()  # members whose declared interest kept their seat out (votes and rounds)
    # consensus
    round: int = 0
    spread: tuple[tuple[str, int], ...] = ()
    participants: int = 0
    concerns: tuple[Concern, ...] = ()

    @property
    def adopted(self) -> bool:
        return self.outcome == "adopted"


class DecisionsState(Struct):
    proposals: dict[str, Proposal] = field(default_factory=dict)  # in the order made
    ballot: Ballot | None = None  # the open vote, if any
    round: ConsensusRound | None = None  # the open consensus round, if any
    records: list[Decision] = field(default_factory=list)  # in the order taken


# ---------------------------------------------------------------------------------------------
# Pure helpers: register ids, explanations
# ---------------------------------------------------------------------------------------------


def register_prefix(body: str) -> str:
    """STR, EXE, WG for the known bodies; otherwise the first 3 letters of the body's slug."""
    if body in BODY_PREFIXES:
        return BODY_PREFIXES[body]
    ascii_text = unicodedata.normalize("NFKD", body).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", ascii_text)[:3].upper() or "DEC"


def register_id(body: str, year: int, number: int) -> str:
    """A decision's stable register id, e.g. `register_id("executive", 2026, 14)` is EXE-2026-014."""
    return f"{register_prefix(body)}-{year}-{number:03d}"


def year_of(seconds: float) -> int:
    """The UTC calendar year of a timestamp (civil-from-days; the domain imports no datetime)."""
    z = int(seconds // 86400) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    month_from_march = (5 * doy + 2) // 153
    return yoe + era * 400 + (1 if month_from_march >= 10 else 0)


def session_year(state: SessionState) -> int:
    """The year of the session's date (YYYY-...), or of its opening time when it has no date."""
    match = re.match(r"\s*(\d{4})", state.date or "")
    return int(match.group(1)) if match else year_of(state.opened_at)


def _number(x: Fraction | int) -> str:
    """7, 10.5, 7.33: whole numbers plain, others to two decimals."""
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.2f}".rstrip("0").rstrip(".")


def with_casting_vote(tally: Tally, casting_vote: str) -> Tally:
    """The tally with the chair's casting vote ("yes", "no" or "" for none) added."""
    if casting_vote == "yes":
        return Tally(tally.yes + 1, tally.no, tally.abstain)
    if casting_vote == "no":
        return Tally(tally.yes, tally.no + 1, tally.abstain)
    return tally


def _vote_detail(d: Decision) -> tuple[str, str]:
    """(verdict, detail) of a vote: what decided it, in words."""
    t = with_casting_vote(d.tally or Tally(0, 0), d.casting_vote)
    result = apply_threshold(
        d.threshold, t, present_voters=d.present_voters, total_voters=d.total_voters, unanimous_no_abstain=d.no_abstain
    )
    label = threshold_label(d.threshold)
    verdict = _("Adopted") if result.adopted else _("Rejected")
    needed = result.whole_votes_needed  # whole people: "6 needed", never "≥ 5.33"
    if d.threshold == "unanimous":
        if result.adopted:
            detail = _("{yes} yes, none against ({label})", yes=t.yes, label=label)
        elif t.no:
            detail = _("{no} against ({label})", no=t.no, label=label)
        elif t.yes and t.abstain:
            detail = ngettext("{n} abstained, and this charter's unanimity allows no abstention", "{n} abstained, and this charter's unanimity allows no abstention", t.abstain)
        else:
            detail = _("no yes votes ({label})", label=label)
        return verdict, detail
    if t.yes == 0 and t.no == 0:
        detail = _("no yes or no votes were cast")
    elif result.tie:
        return _("Tie"), _("{yes} yes, {no} no — a tie fails", yes=t.yes, no=t.no)
    elif d.threshold == "majority_cast" and result.adopted:
        detail = _("{yes} yes > {no} no ({label})", yes=t.yes, no=t.no, label=label)
    elif d.threshold == "majority_cast":
        detail = _("{yes} yes, not more than {no} no ({label})", yes=t.yes, no=t.no, label=label)
    elif d.threshold in ("majority_present", "majority_members"):
        base = d.present_voters if d.threshold == "majority_present" else d.total_voters
        detail = _("{yes} yes, {needed} needed ({label}: more than half of {base})", yes=t.yes, needed=needed, label=label, base=base)
    else:
        base = t.yes + t.no if d.threshold == "two_thirds_cast" else d.present_voters
        detail = _("{yes} yes, {needed} needed ({label}: two thirds of {base})", yes=t.yes, needed=needed, label=label, base=base)
    if d.casting_vote:
        raw = d.tally or Tally(0, 0)
        detail += "; " + _(
            "the chair's casting vote ({choice}) broke a {yes}–{no} tie",
            choice=tr(CHOICE_LABELS[d.casting_vote]),
            yes=raw.yes,
            no=raw.no,
        )
    if t.abstain and d.threshold in ("majority_cast", "two_thirds_cast"):
        detail = join([detail, ngettext("{n} abstention not counted", "{n} abstentions not counted", t.abstain)], "; ")
    return verdict, detail


def _consensus_detail(d: Decision) -> tuple[str, str]:
    spread = join(f"{tr(CONSENSUS_CATEGORY_LABELS[c])} {n}" for c, n in d.spread if n)
    reached = d.outcome == "adopted" or d.recommendation == "adopted"
    verdict = _("Adopted") if reached else _("Not adopted")
    detail = ngettext(
        "consensus ({method}) with {spread} among {n} participant",
        "consensus ({method}) with {spread} among {n} participants",
        d.participants,
        method=tr(METHOD_LABELS[d.method]),
        spread=spread,
    )
    return verdict, detail


def explain(decision: Decision) -> str:
    """One plain sentence saying why the decision came out as it did, e.g.
    "Adopted: 7 yes > 4 no (majority of votes cast); 1 abstention not counted."."""
    d = decision
    if d.outcome == "no-quorum":
        return _(
            "Not adopted: no quorum ({present} present, {required} required).",
            present=d.quorum.counted,
            required=d.quorum.required,
        )
    verdict, detail = _consensus_detail(d) if d.kind == "consensus" else _vote_detail(d)
    if d.outcome == "referred":
        return _(
            "Referred to {bodies}, the body that decides {matter}; this body's own result: {detail}.",
            bodies=join(d.referred_to),
            matter=d.matter,
            detail=verdict + ": " + detail,
        )
    return _("{verdict}: {detail}.", verdict=verdict, detail=detail)


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


class Pending(Struct, frozen=True):
    """A seat that can still vote in the open roll call or secret ballot."""

    seat: str
    label: str
    voters: tuple[str, ...]  # who may cast it now
    proxy_for: str = ""  # set when the vote is a proxy's


def ballot_present(state: SessionState, kind: str) -> dict[str, str]:
    """Who is present for a ballot of this kind (`eligibility.ballot_present`)."""
    return eligibility.ballot_present(state, kind)


def eligible_seats(state: SessionState, kind: str, proposal: Proposal | None = None) -> dict[str, str]:
    """Seat key -> "present" | "proxy": the seats that can vote now on a ballot of this kind
    (on `proposal`, default the open ballot's: seats recused by a declared interest are left out)."""
    out = voting_seats(state.charter, state.members.values(), ballot_present(state, kind), state.proxies)
    if proposal is None and state.decisions.ballot is not None:
        proposal = state.decisions.proposals[state.decisions.ballot.proposal]
    if proposal is not None:
        for key in eligibility.recused_seats(state, proposal):
            out.pop(key, None)
    return out


def vote_capacity(state: SessionState, ballot: Ballot) -> int:
    """The most votes the ballot can hold: seats able to vote now plus seats that already voted."""
    return len(set(eligible_seats(state, ballot.kind)) | set(ballot.voted()))


def not_yet_voted(state: SessionState) -> list[Pending]:
    """The seats that can vote in the open roll call or secret ballot and have not yet ([] otherwise,
    and [] once a secret ballot's box is closed: no one can still vote; see `did_not_vote`)."""
    ballot = state.decisions.ballot
    if ballot is None or ballot.kind == "show-of-hands" or ballot.counting:
        return []
    return _unvoted(state, ballot)


def did_not_vote(state: SessionState) -> list[Pending]:
    """A secret ballot whose box is closed: the seats that could have put a ballot in and did not
    ([] while the box is open, and for any other ballot)."""
    ballot = state.decisions.ballot
    if ballot is None or not ballot.counting:
        return []
    return _unvoted(state, ballot)


def _unvoted(state: SessionState, ballot: Ballot) -> list[Pending]:
    eligible = eligible_seats(state, ballot.kind)
    here = _counted_present(state, ballot.kind)
    out = []
    for seat in seats(state.charter, state.members.values()):
        if seat.key in ballot.voted() or seat.key not in eligible:
            continue
        if eligible[seat.key] == "proxy":
            giver = next(h for h in seat.holders if state.proxies.get(h) in here)
            out.append(Pending(seat.key, seat.label, (state.proxies[giver],), giver))
        else:
            out.append(Pending(seat.key, seat.label, eligibility.seat_voters(state, seat, here)))
    return out


def pending_escalations(state: SessionState) -> list[Proposal]:
    """Proposals sent up the escalation ladder by the consensus fallback (the conflict flow)."""
    return [p for p in state.decisions.proposals.values() if p.status == "escalated" and not p.conflict]


def _counted_present(state: SessionState, kind: str) -> set[str]:
    return {mid for mid, mode in ballot_present(state, kind).items() if counts_as_present(state.charter, mode)}


# ---------------------------------------------------------------------------------------------
# Shared checks (also used by consensus.py)
# ---------------------------------------------------------------------------------------------


def require_open(state: SessionState) -> None:
    if state.is_closed:
        raise Refusal(_("This session is closed; nothing more can be recorded in it."))
    if not state.called_to_order:  # business waits for the call to order (session.call_to_order)
        raise Refusal(_("The meeting has not been called to order yet: press O to call it to order, then begin business."))


def proposal_of(state: SessionState, proposal_id: str) -> Proposal:
    try:
        return state.decisions.proposals[proposal_id]
    except KeyError:
        raise Refusal(_("There is no proposal '{id}'. Make the proposal first.", id=proposal_id)) from None


def require_undecided(proposal: Proposal) -> None:
    """Refuse business on a proposal that is adopted, rejected, referred, escalated or deferred."""
    status = proposal.status
    if status == "adopted":
        raise Refusal(
            _(
                "{id} was already adopted ({register}); it cannot be decided again. To reopen it, move to reconsider, amend or rescind it.",
                id=proposal.id,
                register=proposal.register_id,
            )
        )
    if status == "rejected":
        raise Refusal(
            _(
                "{id} was already rejected ({register}); it cannot be voted on again. To reopen it, move to reconsider it.",
                id=proposal.id,
                register=proposal.register_id,
            )
        )
    if status == "referred":
        raise Refusal(_("{id} was referred to the body that decides it; this body cannot decide it again.", id=proposal.id))
    if status == "escalated":
        raise Refusal(_("{id} is escalated: it is decided on the escalation ladder, not here.", id=proposal.id))
    if status == "deferred":
        raise Refusal(_("{id} is deferred to the next session; take it up there.", id=proposal.id))


def require_idle(state: SessionState) -> None:
    """Only one vote or consensus round at a time."""
    d = state.decisions
    if d.ballot is not None:
        raise Refusal(_("The vote on {id} is still open; close or cancel it first.", id=d.ballot.proposal))
    if d.round is not None:
        raise Refusal(_("The consensus round on {id} is still open; close it first.", id=d.round.proposal))


def decision_outcome(state: SessionState, proposal: Proposal, quorum_met: bool, adopted: bool) -> dict[str, Any]:
    """outcome, recommendation and referred_to for the closing event: the quorum gate, then scope."""
    if not quorum_met:
        return {"outcome": "no-quorum", "recommendation": "", "referred_to": []}
    result = "adopted" if adopted else "rejected"
    bodies = referral(state.charter, proposal.matter, state.committee.body)
    if bodies:
        return {"outcome": "referred", "recommendation": result, "referred_to": list(bodies)}
    return {"outcome": result, "recommendation": "", "referred_to": []}


def register_ids_in_session(state: SessionState) -> list[str]:
    """Every register id given in this session (decisions, and `REGISTER_ID_SOURCES`)."""
    ids = [d.register_id for d in state.decisions.records if d.register_id]
    for source in REGISTER_ID_SOURCES:
        ids += [rid for rid in source(state) if rid]
    return ids


def next_register_number(state: SessionState, floor: int = 1) -> int:
    """The next free number of the decision register: at least `floor` (the committee's next free
    number in its other sessions, which the app reads from disk), and above every number this
    session has given for the same prefix and year. The one rule for register numbers."""
    prefix = f"{register_prefix(state.committee.body)}-{session_year(state):04d}-"
    own = [
        int(rid[len(prefix):])
        for rid in register_ids_in_session(state)
        if rid.startswith(prefix) and rid[len(prefix):].isdigit()
    ]
    return max(floor, max(own, default=0) + 1)


def new_register_id(state: SessionState, outcome: str, number: int | None) -> str:
    """The register id for a decision with this outcome ("" unless adopted or rejected)."""
    if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 1):
        raise Refusal(_("A register number is a whole number from 1, not '{number}'.", number=number))
    if outcome not in ("adopted", "rejected"):
        return ""
    if number is None:
        number = next_register_number(state)
    rid = register_id(state.committee.body, session_year(state), number)
    if rid in register_ids_in_session(state):
        raise Refusal(_("Register id {id} is already used in this session; give the next free number.", id=rid))
    return rid


def check_voter(state: SessionState, member_id: str, kind: str) -> None:
    """The member exists, holds a vote, and is present (in a way that counts for this ballot)."""
    member = state.member(member_id)
    if not has_vote(state.charter, member):
        raise Refusal(_("{name} has no vote ({role}), so cannot take part.", name=member.name, role=member.role))
    mode = state.present().get(member_id)
    if mode is None:
        raise Refusal(_("{name} is not present; only present members take part. Mark the arrival first.", name=member.name))
    if not counts_as_present(state.charter, mode):
        raise Refusal(
            _(
                "{name} attends remotely, and this charter does not let remote members vote (“{setting}”: no; remote_counts = false in the committee file).",
                name=member.name,
                setting=labels.setting("remote_counts"),
            )
        )
    if kind == "secret" and member_id not in eligibility.ballot_present(state, kind):
        raise Refusal(
            _(
                "{name} attends remotely; under this charter a secret ballot is cast in the room. Use a roll call or a show of hands to include remote members.",
                name=member.name,
            )
        )


# ---------------------------------------------------------------------------------------------
# Proposals
# ---------------------------------------------------------------------------------------------


def propose(
    state: SessionState,
    text: str,
    *,
    item: str,
    matter: str = "",
    mover: str = "",
    seconder: str = "",
    now: float,
) -> list[Event]:
    """Put a proposal (multi-line text) before the meeting under an agenda item.

    `matter` is the kind of matter (a key of the charter's `[scope]`); `mover` and `seconder`
    are optional member ids of the committee."""
    require_open(state)
    text = text.strip()
    if not text:
        raise Refusal(_("A proposal needs a text. Type what the meeting is asked to decide."))
    if item not in state.items:
        raise Refusal(_("There is no agenda item '{id}'.", id=item))
    if mover and mover == seconder:
        raise Refusal(_("A proposal cannot be seconded by its own mover; name another member."))
    for who in (mover, seconder):
        refusal = eligibility.mover_refusal(state, who) if who else ""
        if refusal:
            raise Refusal(refusal)
    pid = f"P{len(state.decisions.proposals) + 1}"
    data = {"id": pid, "item": item, "text": text, "matter": matter.strip(), "mover": mover, "seconder": seconder}
    return [Event(PROPOSAL_MADE, now, data)]


def amend_proposal(state: SessionState, proposal_id: str, text: str, *, now: float) -> list[Event]:
    """A new version of the proposal's text (every version is kept, numbered v1, v2...)."""
    require_open(state)
    proposal = proposal_of(state, proposal_id)
    require_undecided(proposal)
    d = state.decisions
    if (d.ballot and d.ballot.proposal == proposal_id) or (d.round and d.round.proposal == proposal_id):
        raise Refusal(_("{id} is being decided right now; close the vote or round before amending it.", id=proposal_id))
    text = text.strip()
    if not text:
        raise Refusal(_("An amendment needs a text; the proposal cannot be emptied."))
    if text == proposal.text:
        raise Refusal(_("The text is the same as version {n}; change it to amend it.", n=proposal.version))
    return [Event(PROPOSAL_AMENDED, now, {"proposal": proposal_id, "version": proposal.version + 1, "text": text})]


# ---------------------------------------------------------------------------------------------
# Voting
# ---------------------------------------------------------------------------------------------


def open_vote(
    state: SessionState,
    proposal_id: str,
    *,
    ballot: str,
    threshold: str | None = None,
    now: float,
) -> list[Event]:
    """Open a vote. The threshold defaults to the charter's (or, after failed consensus rounds,
    to the consensus fallback threshold); a different one is recorded as an override."""
    require_open(state)
    proposal = proposal_of(state, proposal_id)
    require_undecided(proposal)
    require_idle(state)
    if ballot not in BALLOTS:
        raise Refusal(_("A ballot is show-of-hands, roll-call or secret, not '{ballot}'.", ballot=ballot))
    governed = eligibility.governed_threshold(state, proposal)
    default = governed.threshold
    chosen = threshold or default
    refusal = eligibility.threshold_refusal(state, proposal, chosen)
    if refusal:
        raise Refusal(refusal)
    data = {
        "proposal": proposal_id,
        "version": proposal.version,
        "ballot": ballot,
        "threshold": chosen,
        "default_threshold": default,
        "override": chosen != default,
        "fallback": proposal.fallback_vote,
    }
    if governed.alternative and chosen == default:
        data["alternative"] = governed.alternative
    return [Event(VOTE_OPENED, now, data)]


def _open_ballot(state: SessionState, *kinds: str) -> Ballot:
    ballot = state.decisions.ballot
    if ballot is None:
        raise Refusal(_("No vote is open. Open a vote on a proposal first."))
    if kinds and ballot.kind not in kinds:
        if ballot.kind == "secret":
            raise Refusal(_("This is a secret ballot: record who took part, close the ballot box, then enter the tellers' counts."))
        if ballot.kind == "show-of-hands":
            raise Refusal(_("This is a show of hands: enter the counts of yes, no and abstain."))
        raise Refusal(_("This is a roll call: record each member's vote by name."))
    return ballot


def _seat_for(state: SessionState, ballot: Ballot, voter_id: str, proxy_for: str) -> str:
    """The seat whose vote `voter_id` casts (their own, or the giver's by proxy), or a refusal."""
    check_voter(state, voter_id, ballot.kind)
    voter = state.members[voter_id]
    proposal = state.decisions.proposals[ballot.proposal]
    all_seats = seats(state.charter, state.members.values())
    seat_of = {h: s for s in all_seats for h in s.holders}
    here = _counted_present(state, ballot.kind)
    if proxy_for:
        giver = state.member(proxy_for)
        if state.proxies.get(proxy_for) != voter_id:
            raise Refusal(
                _("{name} does not hold {giver}'s proxy. Assign the proxy first.", name=voter.name, giver=giver.name)
            )
        seat = seat_of.get(proxy_for)
        if seat is None:
            raise Refusal(_("{giver} holds no voting seat, so there is no proxy vote to cast.", giver=giver.name))
        filled_by = eligibility.seat_voters(state, seat, here)
        if filled_by:
            raise Refusal(
                _(
                    "{giver}'s seat is filled by {name}, who is present and votes for it; the proxy is not used.",
                    giver=giver.name,
                    name=state.members[filled_by[0]].name,
                )
            )
    else:
        seat = seat_of.get(voter_id)
        if seat is None:
            raise Refusal(_("{name} holds no voting seat (an alternate for a member without a vote?).", name=voter.name))
        voters = eligibility.seat_voters(state, seat, here)
        if voter_id not in voters:
            raise Refusal(
                _(
                    "{name} is an alternate; {delegate}, the delegate, is present and casts the seat's vote.",
                    name=voter.name,
                    delegate=state.members[voters[0]].name,
                )
            )
    recused = eligibility.recused_seats(state, proposal)
    if seat.key in recused:
        raise Refusal(eligibility.interest_refusal(state, recused[seat.key], proposal))
    _refuse_second_vote(state, ballot, seat, voter_id)
    return seat.key


def _refuse_second_vote(state: SessionState, ballot: Ballot, seat: Seat, voter_id: str) -> None:
    previous = ballot.voted().get(seat.key)
    if previous is None:
        return
    by = state.members[previous.member].name
    if state.charter.seats == "organisation":
        raise Refusal(
            _(
                "{org} has already voted (cast by {name}); each organisation has one vote.",
                org=seat.label,
                name=by,
            )
        )
    if previous.member == voter_id and not previous.proxy_for:
        raise Refusal(_("{name} has already voted; a vote cannot be cast twice.", name=by))
    raise Refusal(_("The vote of {seat}'s seat has already been cast (by {name}).", seat=seat.label, name=by))


def cast_vote(
    state: SessionState, member: str, choice: str, *, proxy_for: str | None = None, now: float
) -> list[Event]:
    """Record one vote by name on a roll call: yes, no or abstain. A proxy holder casts each
    proxy they hold separately (`proxy_for=giver`), so they may split their votes."""
    require_open(state)
    ballot = _open_ballot(state, "roll-call")
    if choice not in CHOICES:
        raise Refusal(_("A vote is yes, no or abstain, not '{choice}'.", choice=choice))
    seat = _seat_for(state, ballot, member, proxy_for or "")
    data = {"proposal": ballot.proposal, "member": member, "seat": seat, "choice": choice, "proxy_for": proxy_for or ""}
    return [Event(VOTE_CAST, now, data)]


def change_vote(
    state: SessionState, member: str, choice: str, *, proxy_for: str | None = None, now: float
) -> list[Event]:
    """Change a roll-call vote already recorded, while the vote is open: a member may change
    their vote until the result is declared, and a vote recorded on the wrong line is put
    right the same way. The change is minuted with the vote."""
    require_open(state)
    ballot = _open_ballot(state, "roll-call")
    if choice not in CHOICES:
        raise Refusal(_("A vote is yes, no or abstain, not '{choice}'.", choice=choice))
    name = state.member(member).name
    previous = next(
        (e for e in ballot.roll.values() if e.member == member and e.proxy_for == (proxy_for or "")), None
    )
    if previous is None:
        raise Refusal(_("{name} has not voted yet: record the vote instead of changing it.", name=name))
    if previous.choice == choice:
        raise Refusal(_("{name}'s vote is already recorded as {choice}.", name=name, choice=tr(CHOICE_LABELS[choice])))
    data = {
        "proposal": ballot.proposal,
        "member": member,
        "seat": previous.seat,
        "choice": choice,
        "previous": previous.choice,
        "proxy_for": proxy_for or "",
    }
    return [Event(VOTE_CHANGED, now, data)]


def record_participation(state: SessionState, member: str, *, proxy_for: str | None = None, now: float) -> list[Event]:
    """Record that a member put a ballot in the secret ballot's box (never how they voted)."""
    require_open(state)
    ballot = _open_ballot(state, "secret")
    if ballot.counting:
        raise Refusal(
            _(
                "The ballot box is closed and counting has started: no ballot can be put in now (it could be matched to the counts). If a voter was left out, cancel this vote and hold the ballot again."
            )
        )
    seat = _seat_for(state, ballot, member, proxy_for or "")
    data = {"proposal": ballot.proposal, "member": member, "seat": seat, "proxy_for": proxy_for or ""}
    return [Event(VOTE_PARTICIPATED, now, data)]


def close_ballot_box(state: SessionState, *, now: float) -> list[Event]:
    """Close the secret ballot's box: no more ballots go in, and the tellers may count."""
    require_open(state)
    ballot = _open_ballot(state, "secret")
    if ballot.counting:
        raise Refusal(_("The ballot box is already closed: enter the tellers' counts, then close the vote."))
    if not ballot.took_part:
        raise Refusal(
            _("No one has put in a ballot yet. Record who took part before closing the ballot box, or cancel the vote.")
        )
    return [Event(VOTE_BOX_CLOSED, now, {"proposal": ballot.proposal})]


def count_limit(state: SessionState, ballot: Ballot) -> int:
    """The most any one count (or all together) can be: the votes that can be cast, and on a
    secret ballot no more than the ballots put in (what `enter_counts` accepts)."""
    capacity = vote_capacity(state, ballot)
    if ballot.kind == "secret" and ballot.took_part:
        return min(capacity, len(ballot.took_part))
    return capacity


def _check_counts(state: SessionState, ballot: Ballot, tally: Tally) -> None:
    total = tally.yes + tally.no + tally.abstain
    capacity = vote_capacity(state, ballot)
    if total > capacity:
        raise Refusal(
            ngettext(
                "The counts add up to {total}, but only {n} vote can be cast now (voting seats present plus proxies held). Recount, or correct the attendance.",
                "The counts add up to {total}, but only {n} votes can be cast now (voting seats present plus proxies held). Recount, or correct the attendance.",
                capacity,
                total=total,
            )
        )
    if ballot.kind == "secret" and ballot.took_part and total > len(ballot.took_part):
        raise Refusal(
            ngettext(
                "The counts add up to {total}, but only {n} took part in the ballot. Recount the ballots.",
                "The counts add up to {total}, but only {n} took part in the ballot. Recount the ballots.",
                len(ballot.took_part),
                total=total,
            )
        )


def enter_counts(state: SessionState, yes: int, no: int, abstain: int = 0, *, now: float) -> list[Event]:
    """The counts of a show of hands, or the tellers' counts of a secret ballot once its box is
    closed (entering them again replaces them: a correction, never a running count)."""
    require_open(state)
    ballot = _open_ballot(state, "show-of-hands", "secret")
    if ballot.kind == "secret" and not ballot.counting:
        raise Refusal(
            _(
                "The ballot box is still open. Close the ballot box once everyone has put in a ballot; then enter the tellers' counts (counts entered while ballots go in would show who voted how)."
            )
        )
    values = (yes, no, abstain)
    if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
        raise Refusal(_("Counts are whole numbers (yes {yes}, no {no}, abstain {abstain}).", yes=yes, no=no, abstain=abstain))
    if min(values) < 0:
        raise Refusal(_("Counts cannot be negative (yes {yes}, no {no}, abstain {abstain}).", yes=yes, no=no, abstain=abstain))
    _check_counts(state, ballot, Tally(yes, no, abstain))
    return [Event(VOTE_COUNTED, now, {"proposal": ballot.proposal, "yes": yes, "no": no, "abstain": abstain})]


def _check_casting_vote(state: SessionState, choice: str) -> None:
    offer = eligibility.casting_vote(state)
    if not offer.offered:
        raise Refusal(offer.reason)
    if choice not in ("yes", "no"):
        raise Refusal(_("A casting vote is yes or no, not '{choice}'.", choice=choice))


def close_vote(
    state: SessionState,
    *,
    now: float,
    casting_vote: str | None = None,
    register_number: int | None = None,
) -> list[Event]:
    """Close the open vote and record the decision.

    Without quorum the decision is "no quorum — not adopted" (with the counts, if any). With
    quorum a show of hands or secret ballot needs its counts, and a roll call at least one vote.
    `casting_vote` ("yes"/"no") is the chair's, on a tie, if the charter allows it. The app
    passes the committee-wide next free `register_number` (see the module docstring)."""
    require_open(state)
    ballot = _open_ballot(state)
    proposal = state.decisions.proposals[ballot.proposal]
    status = state.quorum()
    tally = ballot.tally()
    if status.met and tally is None:
        raise Refusal(_("Enter the counts (yes, no, abstain) before closing the vote."))
    if status.met and ballot.kind == "roll-call" and not ballot.roll:
        raise Refusal(_("No one has voted yet. Record each member's vote, or cancel the vote."))
    tally = tally or Tally(0, 0, 0)
    if ballot.kind != "roll-call":
        _check_counts(state, ballot, tally)
    if casting_vote is not None:
        _check_casting_vote(state, casting_vote)
    present_voters = vote_capacity(state, ballot)
    recused = eligibility.recused_seats(state, proposal)
    total_voters = len(seats(state.charter, state.members.values())) - len(recused)
    effective = with_casting_vote(tally, casting_vote or "")
    result = apply_threshold(
        ballot.threshold,
        effective,
        present_voters=present_voters,
        total_voters=total_voters,
        unanimous_no_abstain=state.charter.voting.unanimous_no_abstain,
    )
    threshold_met = ""
    if not result.adopted and ballot.alternative:
        other = apply_threshold(
            ballot.alternative, effective, present_voters=present_voters, total_voters=total_voters
        )
        if other.adopted:
            result, threshold_met = other, ballot.alternative
    outcome = decision_outcome(state, proposal, status.met, result.adopted)
    data = {
        "proposal": proposal.id,
        **outcome,
        "tally": {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain},
        "casting_vote": casting_vote or "",
        "present_voters": present_voters,
        "total_voters": total_voters,
        "quorum": QuorumAt.of(status).to_dict(),
        "register_id": new_register_id(state, outcome["outcome"], register_number),
        "no_abstain": state.charter.voting.unanimous_no_abstain,
    }
    left_out = eligibility.remote_left_out(state, ballot.kind)
    if left_out:
        data["remote_left_out"] = left_out
    if recused:
        data["recused"] = sorted(set(recused.values()))
    if threshold_met:
        data["threshold_met"] = threshold_met  # the alternative threshold carried it
    return [Event(VOTE_CLOSED, now, data)]


def cancel_vote(state: SessionState, *, reason: str = "", now: float) -> list[Event]:
    """Withdraw a vote opened by mistake: nothing is decided, the votes recorded so far lapse."""
    require_open(state)
    ballot = _open_ballot(state)
    return [Event(VOTE_CANCELLED, now, {"proposal": ballot.proposal, "reason": reason.strip()})]


# ---------------------------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------------------------


def record_decision(state: SessionState, proposal: Proposal, decision: Decision) -> None:
    """Append a decision and move its proposal on (a no-quorum record leaves it open)."""
    state.decisions.records.append(decision)
    if decision.outcome != "no-quorum":
        proposal.status = decision.outcome
        proposal.register_id = decision.register_id
        proposal.fallback_vote = False


def _on_proposal_made(state: SessionState, e: Event) -> None:
    d = e.data
    state.decisions.proposals[d["id"]] = Proposal(
        id=d["id"],
        item=d["item"],
        matter=d.get("matter", ""),
        mover=d.get("mover", ""),
        seconder=d.get("seconder", ""),
        versions=[Version(1, d["text"], e.at)],
    )


def _on_proposal_amended(state: SessionState, e: Event) -> None:
    proposal = state.decisions.proposals[e.data["proposal"]]
    proposal.versions.append(Version(e.data["version"], e.data["text"], e.at))


def _on_proposal_escalated(state: SessionState, e: Event) -> None:
    state.decisions.proposals[e.data["proposal"]].status = "escalated"


def _on_proposal_deferred(state: SessionState, e: Event) -> None:
    state.decisions.proposals[e.data["proposal"]].status = "deferred"


def _on_vote_opened(state: SessionState, e: Event) -> None:
    d = e.data
    state.decisions.ballot = Ballot(
        proposal=d["proposal"],
        kind=d["ballot"],
        threshold=d["threshold"],
        default_threshold=d.get("default_threshold", d["threshold"]),
        version=d.get("version", 1),
        opened_at=e.at,
        fallback=d.get("fallback", False),
        alternative=d.get("alternative", ""),
    )


def _on_vote_cast(state: SessionState, e: Event) -> None:
    d = e.data
    entry = RollEntry(d["member"], d["seat"], d["choice"], d.get("proxy_for", ""))
    state.decisions.ballot.roll[d["seat"]] = entry


def _on_vote_changed(state: SessionState, e: Event) -> None:
    d = e.data
    ballot = state.decisions.ballot
    ballot.roll[d["seat"]] = RollEntry(d["member"], d["seat"], d["choice"], d.get("proxy_for", ""))
    ballot.changes.append(VoteChange(d["member"], d["previous"], d["choice"], e.at, d.get("proxy_for", "")))


def _on_vote_participated(state: SessionState, e: Event) -> None:
    d = e.data
    state.decisions.ballot.took_part[d["seat"]] = RollEntry(d["member"], d["seat"], "", d.get("proxy_for", ""))


def _on_vote_box_closed(state: SessionState, e: Event) -> None:
    state.decisions.ballot.box_closed = True


def _on_vote_counted(state: SessionState, e: Event) -> None:
    d = e.data
    state.decisions.ballot.counts = Tally(d["yes"], d["no"], d.get("abstain", 0))


def _on_vote_closed(state: SessionState, e: Event) -> None:
    d = e.data
    ballot = state.decisions.ballot
    proposal = state.decisions.proposals[ballot.proposal]
    decision = Decision(
        proposal=proposal.id,
        text=proposal.text,
        version=ballot.version,
        item=proposal.item,
        matter=proposal.matter,
        kind="vote",
        method=ballot.kind,
        outcome=d["outcome"],
        at=e.at,
        quorum=QuorumAt.from_dict(d["quorum"]),
        register_id=d.get("register_id", ""),
        referred_to=tuple(d.get("referred_to", ())),
        recommendation=d.get("recommendation", ""),
        threshold=d.get("threshold_met") or ballot.threshold,
        threshold_overridden=ballot.overridden,
        fallback=ballot.fallback,
        no_abstain=d.get("no_abstain", False),
        tally=Tally(**d["tally"]),
        casting_vote=d.get("casting_vote", ""),
        present_voters=d["present_voters"],
        total_voters=d["total_voters"],
        roll=tuple(ballot.roll.values()),
        took_part=tuple(ballot.took_part.values()),
        changes=tuple(ballot.changes),
        remote_left_out=tuple(d.get("remote_left_out", ())),
        recused=tuple(d.get("recused", ())),
    )
    record_decision(state, proposal, decision)
    state.decisions.ballot = None


def _on_vote_cancelled(state: SessionState, e: Event) -> None:
    state.decisions.ballot = None


#: The fold of these events (composed with the others in session.py).
HANDLERS = {
    PROPOSAL_MADE: _on_proposal_made,
    PROPOSAL_AMENDED: _on_proposal_amended,
    PROPOSAL_ESCALATED: _on_proposal_escalated,
    PROPOSAL_DEFERRED: _on_proposal_deferred,
    VOTE_OPENED: _on_vote_opened,
    VOTE_CAST: _on_vote_cast,
    VOTE_PARTICIPATED: _on_vote_participated,
    VOTE_BOX_CLOSED: _on_vote_box_closed,
    VOTE_COUNTED: _on_vote_counted,
    VOTE_CLOSED: _on_vote_closed,
    VOTE_CANCELLED: _on_vote_cancelled,
    VOTE_CHANGED: _on_vote_changed,
}
