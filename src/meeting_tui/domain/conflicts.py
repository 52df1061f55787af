"""Conflicts and the charter's escalation ladder (PROCEDURE.md: Conflict escalation; SEED-NOTES
etiquette point 4: an independent mediator, an arbitrator or a committee, agreed beforehand).

A **conflict** names its parties (members of the roster, by id, and/or organisations, by name),
its subject (an agenda item or a proposal) and a description. It climbs the charter's
`escalation` ladder: level 1 starts when the conflict is raised; each level runs with its
timebox (`minutes`, 0 for none: the clock is derived from event timestamps, like an agenda
item's) and ends in one of four ways:

- **resolved**: the parties agree (the agreement text is minuted);
- **escalated**: to the next level, which starts at once (refused at the last level);
- **decided**: a binding outcome, only at a level marked `binding`, once its handler is
  assigned; it is a decision with a register id (`EXE-2026-015`) that enters the register;
- **deferred**: carried to the next session's agenda (`carry_forward_items`), where it can be
  raised again at the level it had reached (`raise_conflict(..., start_level=n)`).

A level's handler (a mediator, an arbitrator...) must be **independent**: not a party, not a
member of a party organisation, and not of the same organisation as a party member. A member of
the roster is named by id (or by name); anyone else is an external handler, named by name.

A handler's notes are private unless marked for the minutes; `minutes_view` is the only view
the minutes should use (it leaves private notes out). The consensus fallback `escalate` leaves a
proposal pending (`decisions.pending_escalations`) until `raise_from_escalation` opens its
conflict.

Events (data):
- `conflict.raised` {id, parties: [{kind: member|organisation, id, name, organisation}], subject,
  subject_kind: item|proposal, description, proposal ("" or the escalated proposal), continued_from}
- `conflict.level_started` {conflict, level (1-based), name, handler (the ladder's role), minutes, binding}
- `conflict.handler_assigned` {conflict, level, member ("" for an external handler), name, organisation}
- `conflict.level_extended` {conflict, level, minutes, reason}
- `conflict.note` {conflict, level, text, for_minutes}
- `conflict.resolved` {conflict, level, text}
- `conflict.escalated` {conflict, level (the level left), reason}; a `conflict.level_started` follows
- `conflict.decided` {conflict, level, text, handler, register_id}
- `conflict.deferred` {conflict, level, reason}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct, field

from meeting_tui.domain import decisions as _dec
from meeting_tui.domain import events as ev
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import AgendaItem, EscalationLevel
from meeting_tui.i18n import N_, _, ngettext, tr

if TYPE_CHECKING:  # annotations only: session.py imports this module when it composes the domain
    from meeting_tui.domain.session import SessionState

CONFLICT_RAISED = "conflict.raised"
CONFLICT_LEVEL_STARTED = "conflict.level_started"
CONFLICT_HANDLER_ASSIGNED = "conflict.handler_assigned"
CONFLICT_LEVEL_EXTENDED = "conflict.level_extended"
CONFLICT_NOTE = "conflict.note"
CONFLICT_RESOLVED = "conflict.resolved"
CONFLICT_ESCALATED = "conflict.escalated"
CONFLICT_DECIDED = "conflict.decided"
CONFLICT_DEFERRED = "conflict.deferred"

ev.register_kinds(
    CONFLICT_RAISED,
    CONFLICT_LEVEL_STARTED,
    CONFLICT_HANDLER_ASSIGNED,
    CONFLICT_LEVEL_EXTENDED,
    CONFLICT_NOTE,
    CONFLICT_RESOLVED,
    CONFLICT_ESCALATED,
    CONFLICT_DECIDED,
    CONFLICT_DEFERRED,
)

STATUS_LABELS = {
    "open": N_("open"),
    "resolved": N_("resolved"),
    "decided": N_("decided"),
    "deferred": N_("deferred to the next session"),
}
LEVEL_END_LABELS = {
    "": N_("in progress"),
    "resolved": N_("resolved"),
    "escalated": N_("escalated"),
    "decided": N_("decided (binding)"),
    "deferred": N_("deferred"),
}

MAX_TEXT_CHARS = 4000
MAX_EXTENSION_MINUTES = 240
#: Ladder roles whose level the meeting's own facilitator (the chair) leads: no handler needed.
FACILITATOR_ROLES = ("facilitator", "facilitation", "chair", "facilitated dialogue")


# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------


class Party(Struct, frozen=True):
    kind: str  # member | organisation
    id: str  # member id ("" for an organisation)
    name: str  # the member's name, or the organisation's
    organisation: str = ""  # a member's organisation

    @property
    def label(self) -> str:
        if self.kind == "member" and self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "organisation": self.organisation}


class Handler(Struct, frozen=True):
    member: str  # member id, "" for an external handler
    name: str
    organisation: str = ""
    at: float = 0.0

    @property
    def external(self) -> bool:
        return not self.member


class HandlerNote(Struct, frozen=True):
    level: int
    text: str
    for_minutes: bool
    at: float


class LevelRun(Struct):
    """One level of the ladder as this conflict went through it."""

    number: int  # 1-based position in the ladder
    name: str
    role: str  # the ladder's handler: facilitator, mediator, arbitrator...
    minutes: float  # the timebox (0: none)
    binding: bool
    started_at: float
    handlers: list[Handler] = field(default_factory=list)  # the last one handles it
    extended_minutes: float = 0.0
    ended_at: float | None = None
    end: str = ""  # "" (running) | resolved | escalated | decided | deferred
    text: str = ""  # the agreement, the reason, or the binding outcome

    @property
    def handler(self) -> Handler | None:
        return self.handlers[-1] if self.handlers else None

    @property
    def label(self) -> str:
        """The level's name as shown: the default ladder's names translated (`EscalationLevel.label`)."""
        return tr(self.name)

    @property
    def needs_handler(self) -> bool:
        """Whether a mediator, arbitrator... must be assigned (not a level the chair facilitates)."""
        return self.role.strip().casefold() not in FACILITATOR_ROLES

    @property
    def timeboxed(self) -> bool:
        return self.minutes > 0

    @property
    def planned_seconds(self) -> float:
        return (self.minutes + self.extended_minutes) * 60

    def elapsed(self, now: float) -> float:
        end = self.ended_at if self.ended_at is not None else now
        return max(0.0, end - self.started_at)

    def remaining(self, now: float) -> float | None:
        """Seconds left in the timebox (negative once over), or None for a level without one."""
        if not self.timeboxed:
            return None
        return self.planned_seconds - self.elapsed(now)


class Conflict(Struct):
    id: str
    parties: tuple[Party, ...]
    subject: str
    subject_kind: str  # item | proposal
    description: str
    raised_at: float
    proposal: str = ""  # the proposal whose consensus fallback escalated it
    continued_from: str = ""  # e.g. "2026-02-14-monthly-meeting.json#C1"
    levels: list[LevelRun] = field(default_factory=list)
    notes: list[HandlerNote] = field(default_factory=list)
    register_id: str = ""  # set when decided

    @property
    def current(self) -> LevelRun | None:
        """The level in progress (None once the conflict is resolved, decided or deferred)."""
        return self.levels[-1] if self.levels and self.levels[-1].end == "" else None

    @property
    def status(self) -> str:
        """open | resolved | decided | deferred."""
        if not self.levels or self.levels[-1].end in ("", "escalated"):
            return "open"
        return self.levels[-1].end

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def level(self) -> int:
        """The number of the level reached (1-based)."""
        return self.levels[-1].number if self.levels else 0

    def party_members(self) -> set[str]:
        return {p.id for p in self.parties if p.kind == "member"}

    def party_organisations(self) -> set[str]:
        """Organisations in the dispute: named as parties, or those of party members."""
        return {_fold(p.name) for p in self.parties if p.kind == "organisation"} | {
            _fold(p.organisation) for p in self.parties if p.kind == "member" and p.organisation
        }


class ConflictDecision(Struct, frozen=True):
    """A binding outcome of a conflict: a decision with a register id (for the register)."""

    conflict: str
    register_id: str
    text: str
    level: int
    level_name: str
    handler: str
    subject: str
    at: float


class ConflictsState(Struct):
    conflicts: dict[str, Conflict] = field(default_factory=dict)  # in the order raised
    decisions: list[ConflictDecision] = field(default_factory=list)  # binding outcomes


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------------------------


def _conflict_of(state: SessionState, e: Event) -> Conflict:
    return state.conflicts.conflicts[e.data["conflict"]]


def _on_raised(state: SessionState, e: Event) -> None:
    d = e.data
    parties = tuple(
        Party(p.get("kind", "member"), p.get("id", ""), p.get("name", ""), p.get("organisation", ""))
        for p in d.get("parties", ())
    )
    conflict = Conflict(
        id=d["id"],
        parties=parties,
        subject=d.get("subject", ""),
        subject_kind=d.get("subject_kind", "item"),
        description=d.get("description", ""),
        raised_at=e.at,
        proposal=d.get("proposal", ""),
        continued_from=d.get("continued_from", ""),
    )
    state.conflicts.conflicts[conflict.id] = conflict
    proposal = state.decisions.proposals.get(conflict.proposal) if conflict.proposal else None
    if proposal is not None:
        proposal.conflict = conflict.id


def _on_level_started(state: SessionState, e: Event) -> None:
    d = e.data
    _conflict_of(state, e).levels.append(
        LevelRun(
            number=d["level"],
            name=d.get("name", ""),
            role=d.get("handler", ""),
            minutes=d.get("minutes", 0),
            binding=d.get("binding", False),
            started_at=e.at,
        )
    )


def _on_handler_assigned(state: SessionState, e: Event) -> None:
    d = e.data
    level = _conflict_of(state, e).levels[-1]
    level.handlers.append(Handler(d.get("member", ""), d.get("name", ""), d.get("organisation", ""), e.at))


def _on_level_extended(state: SessionState, e: Event) -> None:
    _conflict_of(state, e).levels[-1].extended_minutes += e.data["minutes"]


def _on_note(state: SessionState, e: Event) -> None:
    d = e.data
    _conflict_of(state, e).notes.append(HandlerNote(d.get("level", 0), d["text"], bool(d.get("for_minutes")), e.at))


def _end_level(state: SessionState, e: Event, end: str) -> Conflict:
    conflict = _conflict_of(state, e)
    level = conflict.levels[-1]
    level.ended_at = e.at
    level.end = end
    level.text = e.data.get("text", e.data.get("reason", ""))
    return conflict


def _on_resolved(state: SessionState, e: Event) -> None:
    _end_level(state, e, "resolved")


def _on_escalated(state: SessionState, e: Event) -> None:
    _end_level(state, e, "escalated")


def _on_decided(state: SessionState, e: Event) -> None:
    conflict = _end_level(state, e, "decided")
    conflict.register_id = e.data.get("register_id", "")
    level = conflict.levels[-1]
    state.conflicts.decisions.append(
        ConflictDecision(
            conflict=conflict.id,
            register_id=conflict.register_id,
            text=e.data["text"],
            level=level.number,
            level_name=level.name,
            handler=e.data.get("handler", ""),
            subject=conflict.subject,
            at=e.at,
        )
    )


def _on_deferred(state: SessionState, e: Event) -> None:
    _end_level(state, e, "deferred")


#: The fold of these events (composed with the others in session.py).
HANDLERS = {
    CONFLICT_RAISED: _on_raised,
    CONFLICT_LEVEL_STARTED: _on_level_started,
    CONFLICT_HANDLER_ASSIGNED: _on_handler_assigned,
    CONFLICT_LEVEL_EXTENDED: _on_level_extended,
    CONFLICT_NOTE: _on_note,
    CONFLICT_RESOLVED: _on_resolved,
    CONFLICT_ESCALATED: _on_escalated,
    CONFLICT_DECIDED: _on_decided,
    CONFLICT_DEFERRED: _on_deferred,
}


def _register_ids(state: SessionState) -> list[str]:
    return [d.register_id for d in state.conflicts.decisions]


#: This module's register ids, for `decisions.REGISTER_ID_SOURCES` (composed in session.py).
REGISTER_ID_SOURCES = (_register_ids,)


# ---------------------------------------------------------------------------------------------
# Pure checks
# ---------------------------------------------------------------------------------------------


def ladder(state: SessionState) -> tuple[EscalationLevel, ...]:
    return state.charter.escalation


def independence_problem(conflict: Conflict, *, name: str, organisation: str, member: str, role: str) -> str:
    """Why this person cannot handle the conflict ("" when they are independent): a party, a
    member of a party organisation, or of the same organisation as a party member."""
    who = name or member
    if member and member in conflict.party_members():
        return _(
            "{name} is a party to conflict {id} and cannot be its {role}. A {role} must be independent: choose someone who is not a party and not from a party's organisation.",
            name=who,
            id=conflict.id,
            role=role,
        )
    named_orgs = {_fold(p.name): p for p in conflict.parties if p.kind == "organisation"}
    member_orgs = {_fold(p.organisation): p for p in conflict.parties if p.kind == "member" and p.organisation}
    if not member and _fold(who) in named_orgs:
        return _(
            "{name} is itself a party to conflict {id}, so it cannot be its {role}. Choose a person or body outside every party organisation.",
            name=named_orgs[_fold(who)].name,
            id=conflict.id,
            role=role,
        )
    if not member and _fold(who) in member_orgs:
        party = member_orgs[_fold(who)]
        return _(
            "{name} is the organisation of {party}, a party to conflict {id}, so it cannot be its {role}. Choose a person or body outside every party organisation.",
            name=party.organisation,
            party=party.name,
            id=conflict.id,
            role=role,
        )
    org = _fold(organisation)
    if org and org in named_orgs:
        return _(
            "{name} belongs to {org}, which is a party to conflict {id}, so cannot be its {role}. Choose someone from outside {org} and the other parties' organisations.",
            name=who,
            org=named_orgs[org].name,
            id=conflict.id,
            role=role,
        )
    if org and org in member_orgs:
        party = member_orgs[org]
        return _(
            "{name} belongs to {org}, the organisation of {party} (a party to conflict {id}), so cannot be its {role}. Choose someone from another organisation, or an external {role}.",
            name=who,
            org=party.organisation,
            party=party.name,
            id=conflict.id,
            role=role,
        )
    return ""


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def conflict_of(state: SessionState, conflict_id: str) -> Conflict:
    try:
        return state.conflicts.conflicts[conflict_id]
    except KeyError:
        raise Refusal(_("There is no conflict '{id}' in this session.", id=conflict_id)) from None


def _running(state: SessionState, conflict_id: str) -> tuple[Conflict, LevelRun]:
    _dec.require_open(state)
    conflict = conflict_of(state, conflict_id)
    level = conflict.current
    if level is None:
        raise Refusal(
            _(
                "Conflict {id} is {status}; nothing more can be recorded on it here. A deferred conflict is raised again at the next session.",
                id=conflict.id,
                status=tr(STATUS_LABELS[conflict.status]),
            )
        )
    return conflict, level


def _text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refusal(what)
    if len(text) > MAX_TEXT_CHARS:
        raise Refusal(_("That text is longer than {max} characters; shorten it.", max=MAX_TEXT_CHARS))
    return text


def _parties(state: SessionState, parties) -> list[Party]:
    if isinstance(parties, str):
        parties = [parties]
    organisations = {}
    for m in state.members.values():
        if m.organisation:
            organisations.setdefault(_fold(m.organisation), m.organisation)
    out: list[Party] = []
    for raw in parties:
        token = str(raw).strip()
        if not token:
            continue
        member = state.members.get(token)
        if member is not None:
            party = Party("member", member.id, member.name, member.organisation)
        elif _fold(token) in organisations:
            party = Party("organisation", "", organisations[_fold(token)])
        else:
            raise Refusal(
                _(
                    "'{name}' is neither a member id nor an organisation of this committee. Name a member by id (e.g. {example}) or an organisation as the roster writes it.",
                    name=token,
                    example=next(iter(state.members), "m1"),
                )
            )
        if any(p.kind == party.kind and p.id == party.id and _fold(p.name) == _fold(party.name) for p in out):
            raise Refusal(_("{name} is named twice as a party; name each party once.", name=party.name))
        out.append(party)
    if len(out) < 2:
        raise Refusal(
            _("A conflict is between at least two parties; name them (member ids or organisations), e.g. the mover and the member who blocked.")
        )
    return out


def _subject(state: SessionState, subject: str) -> str:
    if subject in state.decisions.proposals:
        return "proposal"
    if subject in state.items:
        return "item"
    raise Refusal(
        _(
            "'{subject}' is neither an agenda item nor a proposal of this session. A conflict is raised on the agenda item or the proposal it is about.",
            subject=subject,
        )
    )


def _level_started(state: SessionState, conflict_id: str, number: int, now: float) -> Event:
    level = ladder(state)[number - 1]
    data = {
        "conflict": conflict_id,
        "level": number,
        "name": level.name,
        "handler": level.handler,
        "minutes": level.minutes,
        "binding": level.binding,
    }
    return Event(CONFLICT_LEVEL_STARTED, now, data)


def raise_conflict(
    state: SessionState,
    *,
    parties,
    subject: str,
    description: str,
    start_level: int = 1,
    continued_from: str = "",
    now: float,
    _proposal: str = "",
) -> list[Event]:
    """Raise a conflict: its parties (member ids and/or organisation names, at least two), its
    subject (an agenda item id or a proposal id) and a description. Level `start_level` of the
    ladder (1 unless a deferred conflict is taken up again) starts at once."""
    _dec.require_open(state)
    steps = ladder(state)
    if not steps:
        raise Refusal(
            _("This committee's charter has no escalation ladder. Add [[escalation]] levels to committee.toml (or remove 'escalation' to use the default ladder).")
        )
    if isinstance(start_level, bool) or not isinstance(start_level, int) or not 1 <= start_level <= len(steps):
        raise Refusal(_("The ladder has levels 1 to {n}; start at one of them.", n=len(steps)))
    subject = (subject or "").strip()
    subject_kind = _subject(state, subject)
    found = _parties(state, parties)
    description = _text(description, _("Describe the conflict in a sentence: what the parties disagree about."))
    keys = sorted((p.kind, p.id, _fold(p.name)) for p in found)
    for other in state.conflicts.conflicts.values():
        if other.is_open and other.subject == subject and sorted((p.kind, p.id, _fold(p.name)) for p in other.parties) == keys:
            raise Refusal(
                _("Conflict {id} between the same parties on {subject} is still open; continue it rather than raise it again.", id=other.id, subject=subject)
            )
    n = len(state.conflicts.conflicts) + 1
    while f"C{n}" in state.conflicts.conflicts:
        n += 1
    cid = f"C{n}"
    data = {
        "id": cid,
        "parties": [p.to_dict() for p in found],
        "subject": subject,
        "subject_kind": subject_kind,
        "description": description,
        "proposal": _proposal,
        "continued_from": continued_from.strip(),
    }
    return [Event(CONFLICT_RAISED, now, data), _level_started(state, cid, start_level, now)]


def blockers_and_mover(state: SessionState, proposal: _dec.Proposal) -> list[str]:
    found: list[str] = []
    if proposal.mover and proposal.mover in state.members:
        found.append(proposal.mover)
    for round_ in reversed(proposal.rounds):
        blockers = [m for m, r in round_.responses.items() if r.category == "block"]
        if blockers:
            found += [m for m in blockers if m not in found]
            break
    return found


def raise_from_escalation(
    state: SessionState, proposal_id: str, *, parties=(), description: str = "", now: float
) -> list[Event]:
    """Open the conflict flow for a proposal the consensus fallback escalated
    (`decisions.pending_escalations`); its subject is the proposal. The parties default to the
    proposal's mover and the members who blocked in its last blocked round."""
    _dec.require_open(state)
    proposal = _dec.proposal_of(state, proposal_id)
    if proposal.status != "escalated":
        raise Refusal(
            _(
                "{id} was not escalated by the consensus fallback; raise a conflict on it directly if there is one.",
                id=proposal.id,
            )
        )
    if proposal.conflict:
        raise Refusal(_("{id} is already on the escalation ladder as conflict {conflict}.", id=proposal.id, conflict=proposal.conflict))
    chosen = list(parties) if not isinstance(parties, str) else [parties]
    if not chosen:
        chosen = blockers_and_mover(state, proposal)
        if len(chosen) < 2:
            raise Refusal(
                _(
                    "The parties to the disagreement on {id} cannot be worked out from its rounds; name them (member ids or organisations).",
                    id=proposal.id,
                )
            )
    if not description.strip():
        description = ngettext(
            "No consensus on {id} after {n} round: {text}",
            "No consensus on {id} after {n} rounds: {text}",
            proposal.failed_rounds,
            id=proposal.id,
            text=" ".join(proposal.text.split())[:300],
        )
    return raise_conflict(
        state, parties=chosen, subject=proposal.id, description=description, now=now, _proposal=proposal.id
    )


def assign_handler(
    state: SessionState, conflict_id: str, member_or_name: str, *, organisation: str = "", now: float
) -> list[Event]:
    """Assign who handles the current level (a mediator, an arbitrator...): a member of the roster
    by id (or by name), or an external person or body by name (with its organisation, if any).
    Refused unless independent of every party. Assigning again replaces the handler."""
    conflict, level = _running(state, conflict_id)
    token = (member_or_name or "").strip()
    if not token:
        raise Refusal(_("Name the {role}: a member id, or the name of an external {role}.", role=level.role))
    member = state.members.get(token)
    if member is None:
        matches = [m for m in state.members.values() if _fold(m.name) == _fold(token)]
        member = matches[0] if len(matches) == 1 else None
    if member is not None:
        name, org, member_id = member.name, member.organisation, member.id
    else:
        name, org, member_id = token, " ".join(organisation.split()), ""
    problem = independence_problem(conflict, name=name, organisation=org, member=member_id, role=level.role)
    if problem:
        raise Refusal(problem)
    current = level.handler
    if current is not None and current.member == member_id and _fold(current.name) == _fold(name):
        raise Refusal(_("{name} is already the {role} of conflict {id}.", name=name, role=level.role, id=conflict.id))
    data = {"conflict": conflict.id, "level": level.number, "member": member_id, "name": name, "organisation": org}
    return [Event(CONFLICT_HANDLER_ASSIGNED, now, data)]


def extend_level(state: SessionState, conflict_id: str, minutes: float, reason: str = "", *, now: float) -> list[Event]:
    """Give the current level more time (by decision of the chair; minuted)."""
    conflict, level = _running(state, conflict_id)
    if not level.timeboxed:
        raise Refusal(_("Level {n} ({name}) has no timebox to extend.", n=level.number, name=level.label))
    if isinstance(minutes, bool) or not 0 < minutes <= MAX_EXTENSION_MINUTES:
        raise Refusal(ngettext("Extend by between 1 and {n} minute.", "Extend by between 1 and {n} minutes.", MAX_EXTENSION_MINUTES))
    data = {"conflict": conflict.id, "level": level.number, "minutes": minutes, "reason": reason.strip()}
    return [Event(CONFLICT_LEVEL_EXTENDED, now, data)]


def add_handler_note(
    state: SessionState, conflict_id: str, text: str, *, for_minutes: bool = False, now: float
) -> list[Event]:
    """A handler's note on the current level: private (kept out of the minutes) unless
    `for_minutes`."""
    conflict, level = _running(state, conflict_id)
    text = _text(text, _("A note needs a text."))
    data = {"conflict": conflict.id, "level": level.number, "text": text, "for_minutes": bool(for_minutes)}
    return [Event(CONFLICT_NOTE, now, data)]


def resolve(state: SessionState, conflict_id: str, agreement_text: str, *, now: float) -> list[Event]:
    """The parties agreed: the level ends, and the conflict with it (the agreement is minuted)."""
    conflict, level = _running(state, conflict_id)
    text = _text(agreement_text, _("Write down what the parties agreed; it goes into the minutes."))
    return [Event(CONFLICT_RESOLVED, now, {"conflict": conflict.id, "level": level.number, "text": text})]


def escalate(state: SessionState, conflict_id: str, reason: str, *, now: float) -> list[Event]:
    """Take the conflict to the next level of the ladder, which starts at once."""
    conflict, level = _running(state, conflict_id)
    steps = ladder(state)
    if level.number >= len(steps):
        if level.binding:
            todo = _("Record its outcome: resolve it (an agreement), decide it (this level is binding), or defer it.")
        else:
            todo = _("Record its outcome: resolve it (an agreement) or defer it.")
        raise Refusal(
            _(
                "Conflict {id} is at the last level of the ladder ({n}. {name}); it cannot go higher. {todo}",
                id=conflict.id,
                n=level.number,
                name=level.label,
                todo=todo,
            )
        )
    reason = _text(reason, _("Say why the conflict goes to the next level; it goes into the minutes."))
    data = {"conflict": conflict.id, "level": level.number, "reason": reason}
    return [Event(CONFLICT_ESCALATED, now, data), _level_started(state, conflict.id, level.number + 1, now)]


def decide(
    state: SessionState, conflict_id: str, outcome_text: str, *, register_number: int | None = None, now: float
) -> list[Event]:
    """Record the binding outcome of a binding level (by its assigned handler). It is a decision
    with a register id; the app passes the committee-wide next free `register_number` (as for
    `decisions.close_vote`)."""
    conflict, level = _running(state, conflict_id)
    if not level.binding:
        binding = [lv for i, lv in enumerate(ladder(state), start=1) if lv.binding and i > level.number]
        if binding:
            later = binding[0]
            position = ladder(state).index(later) + 1
            raise Refusal(
                _(
                    "Level {n} ({name}) is not binding: it helps the parties agree but cannot decide for them. Record their agreement (resolve), escalate to level {m} ({binding}), which is binding, or defer.",
                    n=level.number,
                    name=level.label,
                    m=position,
                    binding=later.name,
                )
            )
        raise Refusal(
            _(
                "Level {n} ({name}) is not binding, and no later level of this committee's ladder is: record the parties' agreement (resolve) or defer.",
                n=level.number,
                name=level.label,
            )
        )
    handler = level.handler
    if handler is None:
        raise Refusal(
            _(
                "No {role} is assigned to conflict {id}. Assign an independent {role} first; the binding outcome is theirs.",
                role=level.role,
                id=conflict.id,
            )
        )
    text = _text(outcome_text, _("Write down the binding outcome; it is recorded as a decision in the register."))
    rid = _dec.new_register_id(state, "adopted", register_number)
    data = {"conflict": conflict.id, "level": level.number, "text": text, "handler": handler.name, "register_id": rid}
    return [Event(CONFLICT_DECIDED, now, data)]


def defer(state: SessionState, conflict_id: str, reason: str = "", *, now: float) -> list[Event]:
    """Carry the conflict to the next session's agenda (at the level it has reached)."""
    conflict, level = _running(state, conflict_id)
    data = {"conflict": conflict.id, "level": level.number, "reason": (reason or "").strip()}
    return [Event(CONFLICT_DEFERRED, now, data)]


# ---------------------------------------------------------------------------------------------
# Queries (pure), for screens and the minutes
# ---------------------------------------------------------------------------------------------


def open_conflicts(state: SessionState) -> list[Conflict]:
    return [c for c in state.conflicts.conflicts.values() if c.is_open]


def deferred_conflicts(state: SessionState) -> list[Conflict]:
    return [c for c in state.conflicts.conflicts.values() if c.status == "deferred"]


def conflict_decisions(state: SessionState) -> list[ConflictDecision]:
    """Binding outcomes of this session's conflicts, each with its register id."""
    return list(state.conflicts.decisions)


def minutes_notes(conflict: Conflict) -> list[HandlerNote]:
    """The handler's notes that may go into the minutes (the private ones are left out)."""
    return [n for n in conflict.notes if n.for_minutes]


class MinutesStep(Struct, frozen=True):
    number: int
    name: str
    binding: bool
    handler: str  # "Name (Organisation)", "" when none was assigned
    end: str  # "" (still running) | resolved | escalated | decided | deferred
    text: str
    started_at: float
    ended_at: float | None
    minutes: float  # the timebox with its extensions (0: none)
    notes: tuple[str, ...]  # the notes marked for the minutes


class MinutesConflict(Struct, frozen=True):
    """What the minutes may show of a conflict: its path up the ladder, no private note."""

    id: str
    parties: tuple[str, ...]
    subject: str
    subject_kind: str
    description: str
    status: str
    register_id: str
    proposal: str
    continued_from: str
    steps: tuple[MinutesStep, ...]


def minutes_view(state: SessionState) -> list[MinutesConflict]:
    """Every conflict of the session as the minutes show it: the whole escalation path, with
    only the notes marked for the minutes."""
    out = []
    for c in state.conflicts.conflicts.values():
        public = minutes_notes(c)
        steps = []
        for level in c.levels:
            h = level.handler
            handler = "" if h is None else (f"{h.name} ({h.organisation})" if h.organisation else h.name)
            steps.append(
                MinutesStep(
                    number=level.number,
                    name=level.label,
                    binding=level.binding,
                    handler=handler,
                    end=level.end,
                    text=level.text,
                    started_at=level.started_at,
                    ended_at=level.ended_at,
                    minutes=level.minutes + level.extended_minutes if level.timeboxed else 0,
                    notes=tuple(n.text for n in public if n.level == level.number),
                )
            )
        out.append(
            MinutesConflict(
                id=c.id,
                parties=tuple(p.label for p in c.parties),
                subject=c.subject,
                subject_kind=c.subject_kind,
                description=c.description,
                status=c.status,
                register_id=c.register_id,
                proposal=c.proposal,
                continued_from=c.continued_from,
                steps=tuple(steps),
            )
        )
    return out


def status_label(conflict: Conflict) -> str:
    return tr(STATUS_LABELS[conflict.status])


def carry_forward_items(previous: SessionState) -> list[AgendaItem]:
    """Agenda items for the next session: one per conflict this session deferred (and per
    escalated proposal whose conflict was never raised)."""
    items = []
    for c in deferred_conflicts(previous):
        level = c.levels[-1]
        items.append(
            AgendaItem(
                id=f"conflict-{c.id}",
                title=_("Conflict {id} (deferred, level {n}: {level}): {description}", id=c.id, n=level.number, level=level.label, description=c.description),
                minutes=level.minutes or 15,
                kind="discussion",
            )
        )
    for p in _dec.pending_escalations(previous):
        items.append(
            AgendaItem(
                id=f"escalated-{p.id}",
                title=_("Escalated proposal {id}: {text}", id=p.id, text=" ".join(p.text.split())[:120]),
                minutes=15,
                kind="discussion",
            )
        )
    return items
