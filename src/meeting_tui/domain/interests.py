"""Declared interests (RONR: a member does not vote on a question of direct personal interest).

A member declares an interest in an agenda item (all its proposals) or in one proposal. They
still count for quorum, but their seat takes no part in that proposal's votes and consensus
rounds: the eligible count and the thresholds follow (`eligibility.recused_seats`). Whether
they may still speak on the item is the charter's `declared_interest_may_speak` (default:
yes). The minutes record each declaration under its item.

Event: `interest.declared` {member, item, proposal ("" for the whole item), note}.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from meeting_tui.domain import decisions as _dec
from meeting_tui.domain import events as ev
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.rules import has_vote
from meeting_tui.i18n import _

if TYPE_CHECKING:
    from meeting_tui.domain.session import SessionState

INTEREST_DECLARED = "interest.declared"

ev.register_kinds(INTEREST_DECLARED)

MAX_NOTE_CHARS = 1000


class Interest(Struct, frozen=True):
    member: str
    item: str  # the agenda item (of the proposal, when one is named)
    proposal: str  # "" when declared in the whole item
    note: str
    at: float


def declare_interest(
    state: SessionState, member: str, *, item: str = "", proposal: str = "", note: str = "", now: float
) -> list[Event]:
    """Record that `member` declares an interest in `proposal` (or, without one, in agenda
    `item`): from now on their seat takes no part in its votes and rounds."""
    _dec.require_open(state)
    who = state.member(member)
    if not has_vote(state.charter, who):
        raise Refusal(_("{name} has no vote ({role}), so there is no vote to withhold.", name=who.name, role=who.role))
    if proposal:
        found = state.decisions.proposals.get(proposal)
        if found is None:
            raise Refusal(_("There is no proposal '{id}'. Make the proposal first.", id=proposal))
        item = found.item
    if item not in state.items:
        raise Refusal(_("Name the agenda item or the proposal the interest is in."))
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE_CHARS:
        raise Refusal(_("That text is longer than {max} characters; shorten it.", max=MAX_NOTE_CHARS))
    for interest in state.interests:
        if interest.member == member and (interest.proposal in ("", proposal)) and interest.item == item:
            raise Refusal(_("{name} has already declared this interest.", name=who.name))
    d = state.decisions
    busy = d.ballot or d.round
    if busy is not None and d.proposals[busy.proposal].item == item and (not proposal or busy.proposal == proposal):
        voters = {e.member for e in d.ballot.voted().values()} if d.ballot is not None else set(d.round.responses)
        if member in voters:
            raise Refusal(
                _(
                    "{name} has already taken part in the open vote or round on {id}; cancel it and open it again after the declaration.",
                    name=who.name,
                    id=busy.proposal,
                )
            )
    data = {"member": member, "item": item, "proposal": proposal, "note": note}
    return [Event(INTEREST_DECLARED, now, data)]


def _on_declared(state: SessionState, e: Event) -> None:
    d = e.data
    state.interests.append(Interest(d["member"], d.get("item", ""), d.get("proposal", ""), d.get("note", ""), e.at))


HANDLERS = {INTEREST_DECLARED: _on_declared}
