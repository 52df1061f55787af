"""What is allowed and what follows: the one place a screen asks about a rule (issue 14).

Screens render these answers and compute none; the commands (`decisions`, `consensus`,
`revisit`, `session`, `interests`) refuse with the very same answers, so what a screen offers
and what the record accepts cannot disagree. Every function is a pure query of the state:

- thresholds: `governed_threshold` (ordinary, consensus fallback, reconsider, rescind or amend
  with or without notice, with the majority-of-members alternative), `threshold_choices` (what
  the vote dialog offers, the governed one first), `threshold_refusal` (an override may raise a
  protected threshold, never lower it; `IMPLIES` says what "raise" means);
- `casting_vote` (offered or not, and why);
- who may act: `mover_refusal` / `movers` (move or second), `proxy_refusal` / `proxy_holders`,
  `round_participants` / `respond_refusal` (one voice per seat: the delegate, or the alternate
  only while the delegate is absent), `ballot_present` / `remote_left_out` (the charter's
  `remote_secret_ballot`), `recused_seats` (declared interests), `speak_refusal`;
- `speaker_time_left`. The next register number is `decisions.next_register_number` (it lives
  with the register ids it reads).

This module imports no other domain module that folds events (it reads the state's attributes),
so every command module can use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from meeting_tui.domain.model import THRESHOLDS, Member
from meeting_tui.domain.rules import Seat, SeatIndex, counts_as_present, has_vote, threshold_label
from meeting_tui.i18n import _, join, labels, ngettext

if TYPE_CHECKING:  # pragma: no cover
    from meeting_tui.domain.session import SessionState


# ---------------------------------------------------------------------------------------------
# Thresholds
# ---------------------------------------------------------------------------------------------

#: Whatever tally a threshold adopts, each threshold of its set adopts too (cast ≤ present ≤
#: all voting seats): so choosing a threshold never lowers any threshold it implies.
IMPLIES: dict[str, frozenset[str]] = {
    "majority_cast": frozenset({"majority_cast"}),
    "majority_present": frozenset({"majority_present", "majority_cast"}),
    "majority_members": frozenset({"majority_members", "majority_present", "majority_cast"}),
    "two_thirds_cast": frozenset({"two_thirds_cast", "majority_cast"}),
    "two_thirds_present": frozenset({"two_thirds_present", "two_thirds_cast", "majority_present", "majority_cast"}),
    "unanimous": frozenset({"unanimous", "two_thirds_cast", "majority_cast"}),
}


class GovernedThreshold(Struct, frozen=True):
    """The threshold a motion needs when nobody overrides it, and why."""

    threshold: str
    alternative: str  # a threshold that also carries it (RONR: a majority of the membership), or ""
    source: str  # charter | fallback | reconsider | rescind | amend
    reason: str  # which rule applies, in one sentence

    @property
    def protected(self) -> bool:
        """The charter's fallback and RONR's motions to reopen: an override may only raise them."""
        return self.source != "charter"

    def label(self) -> str:
        if self.alternative:
            return _(
                "{label}, or {alternative}",
                label=threshold_label(self.threshold),
                alternative=threshold_label(self.alternative),
            )
        return threshold_label(self.threshold)


def governed_threshold(state: SessionState, proposal) -> GovernedThreshold:
    """The threshold of a vote on `proposal`: a motion to reconsider, rescind or amend carries
    its own (fixed when it was moved, from notice and the charter); after failed consensus rounds
    the charter's `fallback_threshold`; otherwise the charter's `default_threshold`."""
    motion = state.revisits.motions.get(proposal.id)
    if motion is not None and motion.threshold:
        return GovernedThreshold(motion.threshold, motion.alternative, motion.kind, motion.basis)
    charter = state.charter
    if proposal.fallback_vote:
        threshold = charter.consensus.fallback_threshold
        reason = ngettext(
            "The charter's fallback after {n} round without consensus: {label} (“{setting}”; fallback_threshold in the committee file).",
            "The charter's fallback after {n} rounds without consensus: {label} (“{setting}”; fallback_threshold in the committee file).",
            proposal.failed_rounds,
            label=threshold_label(threshold),
            setting=labels.setting("consensus.fallback_threshold"),
        )
        return GovernedThreshold(threshold, "", "fallback", reason)
    threshold = charter.voting.default_threshold
    reason = _("The charter's threshold: {label} (“{setting}”; default_threshold in the committee file).", label=threshold_label(threshold), setting=labels.setting("voting.default_threshold"))
    return GovernedThreshold(threshold, "", "charter", reason)


def raises_or_keeps(chosen: str, governed: GovernedThreshold) -> bool:
    """Whether `chosen` adopts only what the governed threshold (or its alternative) adopts."""
    implied = IMPLIES.get(chosen, frozenset())
    return governed.threshold in implied or bool(governed.alternative and governed.alternative in implied)


def threshold_refusal(state: SessionState, proposal, chosen: str) -> str:
    """Why `chosen` cannot be the threshold of a vote on `proposal` ("" when it can)."""
    if chosen not in THRESHOLDS:
        return _("'{threshold}' is not a threshold. Use one of: {names}.", threshold=chosen, names=join(THRESHOLDS))
    governed = governed_threshold(state, proposal)
    if not governed.protected or chosen == governed.threshold or raises_or_keeps(chosen, governed):
        return ""
    return _(
        "{chosen} would lower the threshold this motion needs. {reason} An override may raise it, never lower it.",
        chosen=threshold_label(chosen),
        reason=governed.reason,
    )


def threshold_choices(state: SessionState, proposal) -> list[tuple[str, str]]:
    """(label, threshold) as the vote dialog offers them: the governed threshold first, labelled
    by the rule it comes from, then the overrides allowed (minuted)."""
    governed = governed_threshold(state, proposal)
    if governed.source == "charter":
        first = _("{label} — charter default", label=governed.label())
    elif governed.source == "fallback":
        first = _("{label} — the charter's fallback", label=governed.label())
    else:
        first = _("{label} — the rule for this motion", label=governed.label())
    out = [(first, governed.threshold)]
    for threshold in THRESHOLDS:
        if threshold != governed.threshold and not threshold_refusal(state, proposal, threshold):
            out.append((_("{label} — override, minuted", label=threshold_label(threshold)), threshold))
    return out


# ---------------------------------------------------------------------------------------------
# Seats, ballots, declared interests
# ---------------------------------------------------------------------------------------------


def _index(state: SessionState) -> SeatIndex:
    if state.seat_index is None:
        state.seat_index = SeatIndex.build(state.charter, state.members.values())
    return state.seat_index


def seat_of(state: SessionState, member_id: str) -> str | None:
    return _index(state).seat_of.get(member_id)


def is_present(state: SessionState, member_id: str) -> bool:
    """Present in a way that counts (remote only when the charter's `remote_counts`)."""
    attendance = state.attendance.get(member_id)
    return attendance is not None and attendance.status == "present" and counts_as_present(state.charter, attendance.mode)


def ballot_present(state: SessionState, kind: str) -> dict[str, str]:
    """Who is present for a ballot of this kind: remote members take part in a secret ballot
    only when the charter's `remote_secret_ballot` says so."""
    present = state.present()
    if kind == "secret" and not state.charter.voting.remote_secret_ballot:
        return {mid: mode for mid, mode in present.items() if mode == "in-person"}
    return present


def remote_left_out(state: SessionState, kind: str) -> list[str]:
    """Voting members present remotely who take no part in a ballot of this kind (shown and minuted)."""
    if kind != "secret" or state.charter.voting.remote_secret_ballot or not state.charter.remote_counts:
        return []
    return [
        mid
        for mid, mode in state.present().items()
        if mode == "remote" and has_vote(state.charter, state.members[mid])
    ]


def interests_on(state: SessionState, proposal) -> list:
    """The interests declared in `proposal` or in its agenda item, in the order declared."""
    return [
        i
        for i in state.interests
        if i.proposal == proposal.id or (not i.proposal and i.item == proposal.item)
    ]


def recused_seats(state: SessionState, proposal) -> dict[str, str]:
    """Seat key -> the member whose declared interest keeps that seat out of the proposal's
    votes and rounds (the member still counts for quorum)."""
    out: dict[str, str] = {}
    for interest in interests_on(state, proposal):
        key = seat_of(state, interest.member)
        if key is not None:
            out.setdefault(key, interest.member)
    return out


def declared(state: SessionState, member_id: str, proposal) -> bool:
    return any(i.member == member_id for i in interests_on(state, proposal))


def interest_declarers(state: SessionState) -> list[Member]:
    """Who may declare an interest (a member with a vote to withhold), in roster order."""
    return [m for m in state.members.values() if has_vote(state.charter, m)]


def interest_refusal(state: SessionState, member_id: str, proposal) -> str:
    """Why `member_id` takes no part in a vote or round on `proposal` ("" when they may)."""
    recused = recused_seats(state, proposal)
    key = seat_of(state, member_id)
    if key is None or key not in recused:
        return ""
    who = state.members[recused[key]].name
    if recused[key] == member_id:
        return _(
            "{name} declared an interest in {id}, so takes no part in its votes and rounds (still counted for quorum).",
            name=who,
            id=proposal.id,
        )
    return _(
        "{name} declared an interest in {id}; their seat takes no part in its votes and rounds.",
        name=who,
        id=proposal.id,
    )


def seat_voters(state: SessionState, seat: Seat, here: set[str]) -> tuple[str, ...]:
    """Who may cast a filled seat's voice: its present delegates, else its present alternates."""
    delegates = tuple(h for h in seat.holders if h in here and not state.members[h].is_alternate)
    return delegates or tuple(h for h in seat.holders if h in here)


# ---------------------------------------------------------------------------------------------
# The chair's casting vote
# ---------------------------------------------------------------------------------------------


class CastingVote(Struct, frozen=True):
    offered: bool
    reason: str  # why not ("" when offered), or what the chair is asked
    tie: bool = False  # the open ballot's tally is tied (yes = no > 0)


def casting_vote(state: SessionState) -> CastingVote:
    """Whether the chair is offered a casting vote on the open ballot now: a tie (yes = no > 0)
    on a show of hands or roll call, a charter with `chair_casting_vote`, a chair present who
    has not voted on this question (RONR: the chair who has voted has no second vote), whose
    seat has not voted and who declared no interest in it."""
    ballot = state.decisions.ballot
    if ballot is None:
        return CastingVote(False, _("No vote is open. Open a vote on a proposal first."))
    tally = ballot.tally()
    tie = tally is not None and tally.yes == tally.no and tally.yes > 0
    if ballot.kind == "secret":
        return CastingVote(False, _("There is no casting vote on a secret ballot: the chair's vote would not be secret. A tie fails."), tie)
    if not state.charter.voting.chair_casting_vote:
        return CastingVote(
            False,
            _(
                "This committee's charter gives the chair no casting vote (“{setting}”: no; chair_casting_vote = false in the committee file). A tie fails.",
                setting=labels.setting("voting.chair_casting_vote"),
            ),
            tie,
        )
    if not tie:
        yes, no = (tally.yes, tally.no) if tally is not None else (0, 0)
        return CastingVote(False, _("There is no tie ({yes} yes, {no} no); a casting vote only breaks a tie.", yes=yes, no=no))
    chair = state.members.get(state.chair) if state.chair else None
    if chair is None:
        return CastingVote(False, _("This session has no chair to give a casting vote."), tie)
    if not is_present(state, chair.id):
        return CastingVote(False, _("The chair, {name}, is not present, so cannot give a casting vote.", name=chair.name), tie)
    key = seat_of(state, chair.id)
    voted = any(e.member == chair.id and not e.proxy_for for e in ballot.voted().values())
    if voted or (key is not None and key in ballot.voted()):
        return CastingVote(
            False,
            _(
                "The chair, {name}, has already voted on this question; a chair who has voted has no second, casting vote. The tie fails.",
                name=chair.name,
            ),
            tie,
        )
    proposal = state.decisions.proposals[ballot.proposal]
    if declared(state, chair.id, proposal):
        return CastingVote(False, interest_refusal(state, chair.id, proposal), tie)
    if ballot.kind == "show-of-hands":
        ask = _("The charter gives the chair a casting vote to break a tie, if the chair did not raise a hand in the count.")
    else:
        ask = _("The charter gives the chair a casting vote to break a tie.")
    return CastingVote(True, ask, tie)


# ---------------------------------------------------------------------------------------------
# Who may move, second, hold a proxy, take part in a round, speak
# ---------------------------------------------------------------------------------------------


def mover_refusal(state: SessionState, member_id: str) -> str:
    """Why `member_id` cannot move or second a motion now ("" when they can): a voting member
    of the committee who is present."""
    member = state.committee.member(member_id) if member_id else None
    if member is None or member.retired or member_id not in state.members:
        return _("'{id}' is not a member of this committee; only a member moves or seconds a motion.", id=member_id)
    if not has_vote(state.charter, member):
        return _("{name} has no vote ({role}), so cannot move or second a motion.", name=member.name, role=member.role)
    status = state.attendance[member_id].status
    if status == "apologies":
        return _("{name} sent apologies and is not here; only a member present moves or seconds a motion.", name=member.name)
    if not is_present(state, member_id):
        return _("{name} is not present; only a member present moves or seconds a motion. Mark the arrival first.", name=member.name)
    return ""


def movers(state: SessionState) -> list[Member]:
    """The members who may move or second a motion now, in roster order."""
    return [m for m in state.members.values() if not mover_refusal(state, m.id)]


def proxy_refusal(state: SessionState, giver: str, holder: str) -> str:
    """Why `holder` cannot carry `giver`'s vote ("" when they can)."""
    charter = state.charter
    if not charter.proxies:
        return _("This committee's charter does not allow proxies (set proxies = true to allow them).")
    g, h = state.members.get(giver), state.members.get(holder)
    if g is None or h is None:
        return _("There is no member with id '{id}' in this session's roster.", id=giver if g is None else holder)
    if giver == holder:
        return _("A member cannot hold their own proxy.")
    if not has_vote(charter, g):
        return _("{name} has no vote, so has no vote to give by proxy.", name=g.name)
    if not has_vote(charter, h):
        return _("{name} has no vote, so cannot hold a proxy.", name=h.name)
    if state.attendance[giver].status == "present":
        return _("{name} is present and votes in person; a proxy is for an absent member.", name=g.name)
    if state.attendance[holder].status != "present":
        return _("{name} is not present; a proxy holder must be present.", name=h.name)
    if giver in state.proxies:
        current = state.members[state.proxies[giver]].name
        return _("{name}'s proxy is already held by {holder}; withdraw it first.", name=g.name, holder=current)
    if state.proxies_held(giver):
        return _("{name} holds proxies and is absent; withdraw those first.", name=g.name)
    held = len(state.proxies_held(holder))
    if held >= charter.max_proxies_per_member:
        return ngettext(
            "{name} already holds {n} proxy vote, the most the charter allows (“{setting}”: {max}; max_proxies_per_member in the committee file).",
            "{name} already holds {n} proxy votes, the most the charter allows (“{setting}”: {max}; max_proxies_per_member in the committee file).",
            held,
            name=h.name,
            setting=labels.setting("max_proxies_per_member"),
            max=charter.max_proxies_per_member,
        )
    return ""


def proxy_holders(state: SessionState, giver: str) -> list[Member]:
    """Who may carry `giver`'s vote now, in roster order."""
    return [m for m in state.members.values() if not proxy_refusal(state, giver, m.id)]


def _here(state: SessionState) -> set[str]:
    return {mid for mid in state.present() if is_present(state, mid)}


def round_participants(state: SessionState) -> list[str]:
    """Who speaks for each seat in the open (or a new) consensus round, one voice per seat: the
    one who already responded for it, else its present delegate, or its present alternate only
    while no delegate is; seats recused by a declared interest take no part."""
    current = state.decisions.round
    proposal = state.decisions.proposals.get(current.proposal) if current is not None else None
    recused = recused_seats(state, proposal) if proposal is not None else {}
    responded = {seat_of(state, mid): mid for mid in (current.responses if current is not None else ())}
    here = _here(state)
    out = []
    for seat in _index(state).seats:
        if seat.key in recused:
            continue
        if seat.key in responded:
            if responded[seat.key] in here:
                out.append(responded[seat.key])
            continue
        voters = seat_voters(state, seat, here)
        if voters:
            out.append(voters[0])
    return out


def respond_refusal(state: SessionState, member_id: str) -> str:
    """Why `member_id` cannot respond in the open consensus round ("" when they may)."""
    current = state.decisions.round
    if current is None:
        return _("No consensus round is open. Open a round on a proposal first.")
    proposal = state.decisions.proposals[current.proposal]
    refusal = interest_refusal(state, member_id, proposal)
    if refusal:
        return refusal
    key = seat_of(state, member_id)
    if key is None:
        member = state.members[member_id]
        return _("{name} holds no voting seat (an alternate for a member without a vote?).", name=member.name)
    for other in current.responses:
        if other != member_id and seat_of(state, other) == key:
            seat = next(s for s in _index(state).seats if s.key == key)
            return _(
                "{seat} has already responded (by {name}); each seat has one voice in a round.",
                seat=seat.label,
                name=state.members[other].name,
            )
    if member_id not in current.responses:
        seat = next(s for s in _index(state).seats if s.key == key)
        voters = seat_voters(state, seat, _here(state))
        if voters and member_id not in voters:
            return _(
                "{name} is an alternate; {delegate}, the delegate, is present and speaks for the seat.",
                name=state.members[member_id].name,
                delegate=state.members[voters[0]].name,
            )
    return ""


def speak_refusal(state: SessionState, member_id: str) -> str:
    """Why `member_id` may not take the floor on the running item ("" when they may): only when
    they declared an interest in it and the charter's `declared_interest_may_speak` is false."""
    if state.charter.voting.declared_interest_may_speak or state.current_item is None:
        return ""
    for interest in state.interests:
        if interest.member != member_id:
            continue
        proposal = state.decisions.proposals.get(interest.proposal)
        item = proposal.item if proposal is not None else interest.item
        if item == state.current_item:
            return _(
                "{name} declared an interest in this item, and the charter does not let them speak on it (“{setting}”: no; declared_interest_may_speak = false in the committee file).",
                name=state.members[member_id].name,
                setting=labels.setting("voting.declared_interest_may_speak"),
            )
    return ""


# ---------------------------------------------------------------------------------------------
# Clocks
# ---------------------------------------------------------------------------------------------


def speaker_time_left(state: SessionState, now: float) -> float | None:
    """Seconds the current speaker has left of the charter's `speaking_minutes` (negative once
    over), or None when nobody has the floor."""
    turn = state.current_speaker
    if turn is None:
        return None
    return state.charter.timer.speaking_minutes * 60 - turn.seconds(now)



# ---------------------------------------------------------------------------------------------
# What the roster shows of a member (besides presence)
# ---------------------------------------------------------------------------------------------


class RosterMarks(Struct, frozen=True):
    """A member's procedural marks, as the roster shows them."""

    proxy_to: str | None  # the member who carries this member's vote
    proxies_for: tuple[str, ...]  # the members whose votes this member carries
    speaker_place: int | None  # 1 for the next speaker on the list
    has_floor: bool
    interest: bool  # declared an interest in the running item (or one of its proposals)


def roster_marks(state: SessionState, member_id: str) -> RosterMarks:
    queue = state.speaker_queue
    turn = state.current_speaker
    item = state.current_item
    return RosterMarks(
        proxy_to=state.proxies.get(member_id),
        proxies_for=tuple(state.proxies_held(member_id)),
        speaker_place=queue.index(member_id) + 1 if member_id in queue else None,
        has_floor=turn is not None and turn.member == member_id,
        interest=item is not None and any(i.member == member_id and i.item == item for i in state.interests),
    )
