"""Reopening decisions: reconsider, rescind, amend (PROCEDURE.md: Revisiting decisions; RONR;
SEED-NOTES etiquette point 5: knowing when a decision may, and may not, be discussed again).

- **Reconsider** a decision of *this* session: moved by a member who voted on the prevailing side
  (when `revisit.mover_on_prevailing_side`; after a secret ballot or a consensus, any
  participant); threshold `reconsider_threshold`. The motion puts the question again (by
  default the same text); if adopted, the new decision supersedes the old one.
- **Rescind** or **amend** a decision adopted at an *earlier* session: any member may move it;
  threshold `rescind_with_notice_threshold` when notice was given at the previous session,
  otherwise `rescind_threshold` — or, either way, a majority of all voting members (RONR), when
  that is not already enough (`rules.revisit_threshold`).
- `min_days_before_reopen` (rescind and amend: reconsidering happens in the same session by
  definition), `requires_new_information` (the mover states what is new; it is minuted).
- A decision marked **executed** (carried out irreversibly) can be amended forward, but not
  rescinded or reconsidered.

A motion is an ordinary proposal of this session (`proposal.made`) plus a `revisit.moved` event
linking it to the old decision; the normal vote flow decides it, and `decisions.open_vote`
defaults to the motion's threshold (`eligibility.governed_threshold`: an override may raise it, never
lower it; the alternative threshold is applied at the close). When
the motion is adopted, the new decision and the old one are linked both ways: `links(state)` in
this session, and the committee's register (`meeting_tui.register`) updates the old decision's
status to superseded, rescinded or amended.

The domain reads no files: the caller passes a `RegisterView` (the committee's register entries
from other sessions, and which session came just before this one) to the commands that need it.

Events (data):
- `revisit.notice` {register_id, kind (rescind | amend), mover, text}: notice of a motion,
  counted at the next session
- `revisit.executed` {register_id, note}: the decision was carried out
- `revisit.moved` {proposal, register_id, kind, relation (reconsiders | rescinds | amends),
  threshold, alternative, basis, mover, new_information, notice, old_text, old_session, old_date}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from msgspec import Struct, field
from msgspec.structs import replace

from meeting_tui.domain import decisions as _dec
from meeting_tui.domain import eligibility as _eligibility
from meeting_tui.domain import events as ev
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import Charter
from meeting_tui.domain.rules import date_of, date_of_day, day_number, revisit_threshold
from meeting_tui.i18n import N_, _, labels, ngettext, tr

if TYPE_CHECKING:  # annotations only: session.py imports this module when it composes the domain
    from meeting_tui.domain.session import SessionState

NOTICE_GIVEN = "revisit.notice"
DECISION_EXECUTED = "revisit.executed"
MOTION_MOVED = "revisit.moved"

ev.register_kinds(NOTICE_GIVEN, DECISION_EXECUTED, MOTION_MOVED)

KINDS = ("reconsider", "rescind", "amend")
RELATIONS = {"reconsider": "reconsiders", "rescind": "rescinds", "amend": "amends"}
#: The old decision's status once a motion with this relation is adopted.
STATUS_AFTER = {"reconsiders": "superseded", "rescinds": "rescinded", "amends": "amended"}
#: The relation seen from the old decision.
INVERSE = {"reconsiders": "reconsidered-by", "rescinds": "rescinded-by", "amends": "amended-by"}
STATUSES = ("adopted", "rejected", "amended", "rescinded", "superseded")

KIND_LABELS = {"reconsider": N_("reconsider"), "rescind": N_("rescind"), "amend": N_("amend")}
STATUS_LABELS = {
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
    "amended": N_("amended"),
    "rescinded": N_("rescinded"),
    "superseded": N_("superseded"),
}
RELATION_LABELS = {
    "reconsiders": N_("reconsiders"),
    "rescinds": N_("rescinds"),
    "amends": N_("amends"),
    "reconsidered-by": N_("reconsidered by"),
    "rescinded-by": N_("rescinded by"),
    "amended-by": N_("amended by"),
}

MAX_TEXT_CHARS = 4000


# ---------------------------------------------------------------------------------------------
# What the caller passes in: decisions of other sessions
# ---------------------------------------------------------------------------------------------


class Notice(Struct, frozen=True):
    """Notice of a motion to rescind or amend, given at a session for the next one."""

    register_id: str
    kind: str  # rescind | amend
    mover: str
    text: str
    at: float
    session: str = ""  # the session file it was given in ("" in this session's state)
    date: str = ""


class DecisionInfo(Struct, frozen=True):
    """What eligibility needs to know of a decision (from this session, or from the register)."""

    register_id: str
    text: str
    outcome: str  # adopted | rejected
    status: str = ""  # adopted | rejected | amended | rescinded | superseded ("" = the outcome)
    kind: str = "vote"  # vote | consensus | conflict (a binding outcome of the escalation ladder)
    method: str = ""  # show-of-hands | roll-call | secret | a consensus method | a ladder level
    date: str = ""  # YYYY-MM-DD of its session
    at: float = 0.0
    session: str = ""  # its session file's name
    body: str = ""
    matter: str = ""
    proposal: str = ""  # its proposal id in its session
    threshold: str = ""
    executed: bool = False
    executed_date: str = ""
    successor: str = ""  # the register id that rescinded, amended or superseded it
    roll: tuple[tuple[str, str], ...] = ()  # roll call: (member id, choice) of each own vote
    participants: tuple[str, ...] = ()  # who took part in a secret ballot or a consensus round
    notices: tuple[Notice, ...] = ()

    @property
    def current_status(self) -> str:
        return self.status or self.outcome


class RegisterView(Struct, frozen=True):
    """The committee's register as the domain sees it: decisions of other sessions by id, and
    the file name of the session held just before this one (where notice must have been given)."""

    entries: Mapping[str, DecisionInfo] = field(default_factory=dict)
    previous_session: str = ""

    def get(self, register_id: str) -> DecisionInfo | None:
        found = self.entries.get(register_id)
        if found is None:
            wanted = register_id.strip().upper()
            found = next((info for rid, info in self.entries.items() if rid.upper() == wanted), None)
        return found


class Eligibility(Struct, frozen=True):
    ok: bool
    reasons: list[str]  # why not (empty when ok)
    threshold: str  # the threshold the motion needs ("" when unknown)
    alternative: str = ""  # a threshold that also carries it ("" for none)
    basis: str = ""  # which threshold applies and why
    mover_rule: str = ""  # who may move it
    kind: str = ""
    notice: Notice | None = None  # the notice that lowered the threshold

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------


class Motion(Struct, frozen=True):
    proposal: str  # the new proposal in this session
    register_id: str  # the decision it reopens
    kind: str  # reconsider | rescind | amend
    relation: str  # reconsiders | rescinds | amends
    threshold: str
    alternative: str
    basis: str
    mover: str
    new_information: str
    notice: str  # the notice it relies on ("session file: text"), or ""
    old_text: str
    old_session: str
    old_date: str
    at: float


class Executed(Struct, frozen=True):
    register_id: str
    note: str
    at: float


class Link(Struct, frozen=True):
    """An adopted motion of this session: `new_id` reconsiders, rescinds or amends `old_id`."""

    new_id: str
    relation: str
    old_id: str
    proposal: str
    at: float


class RevisitState(Struct):
    notices: list[Notice] = field(default_factory=list)  # given in this session
    executed: dict[str, Executed] = field(default_factory=dict)  # marked in this session
    motions: dict[str, Motion] = field(default_factory=dict)  # proposal id -> motion


def _on_notice(state: SessionState, e: Event) -> None:
    d = e.data
    state.revisits.notices.append(Notice(d["register_id"], d["kind"], d.get("mover", ""), d.get("text", ""), e.at))


def _on_executed(state: SessionState, e: Event) -> None:
    d = e.data
    state.revisits.executed[d["register_id"]] = Executed(d["register_id"], d.get("note", ""), e.at)


def _on_moved(state: SessionState, e: Event) -> None:
    d = e.data
    state.revisits.motions[d["proposal"]] = Motion(
        proposal=d["proposal"],
        register_id=d["register_id"],
        kind=d["kind"],
        relation=d.get("relation", RELATIONS.get(d["kind"], "")),
        threshold=d.get("threshold", ""),
        alternative=d.get("alternative", ""),
        basis=d.get("basis", ""),
        mover=d.get("mover", ""),
        new_information=d.get("new_information", ""),
        notice=d.get("notice", ""),
        old_text=d.get("old_text", ""),
        old_session=d.get("old_session", ""),
        old_date=d.get("old_date", ""),
        at=e.at,
    )


#: The fold of these events (composed with the others in session.py).
HANDLERS = {NOTICE_GIVEN: _on_notice, DECISION_EXECUTED: _on_executed, MOTION_MOVED: _on_moved}


# ---------------------------------------------------------------------------------------------
# Eligibility (pure)
# ---------------------------------------------------------------------------------------------


def _choice(choice: str) -> str:
    return tr(_dec.CHOICE_LABELS[choice]) if choice in _dec.CHOICE_LABELS else choice


def eligibility(
    kind: str,
    decision: DecisionInfo,
    *,
    charter: Charter,
    session_date: str,
    same_session: bool,
    mover: str = "",
    mover_voted_side: str | None = None,
    notice_given: bool = False,
    new_information: str = "",
    mover_name: str = "",
) -> Eligibility:
    """Whether `decision` may be reopened by a motion of `kind` now, and with which threshold.

    `mover` ("" when not yet known: the mover rules are then only described in `mover_rule`);
    `mover_voted_side`: how the mover voted (yes, no, abstain, or "" for not at all) when the
    ballot does not record it (a show of hands); a roll call's record wins. Every reason that
    applies is listed, so the screen can show them all at once."""
    rid = decision.register_id
    name = mover_name or mover
    rules = charter.revisit
    reasons: list[str] = []
    if kind not in KINDS:
        return Eligibility(
            False, [_("'{kind}' is not a motion to reopen a decision: use reconsider, rescind or amend.", kind=kind)], ""
        )
    limits = revisit_threshold(charter, kind, notice_given=notice_given)
    status = decision.current_status

    # The decision itself
    if decision.kind == "conflict":
        reasons.append(
            _(
                "{id} is the binding outcome of a conflict's escalation ladder ({method}); it is not reopened by a motion of the committee.",
                id=rid,
                method=decision.method,
            )
        )
    elif status in ("rescinded", "superseded", "amended"):
        by = decision.successor
        if by:
            reasons.append(
                _("{id} is already {status} by {by}; to change it further, reopen {by}.", id=rid, status=tr(STATUS_LABELS[status]), by=by)
            )
        else:
            reasons.append(_("{id} is already {status}.", id=rid, status=tr(STATUS_LABELS[status])))
    elif kind != "reconsider" and status == "rejected":
        reasons.append(
            _(
                "{id} was rejected, so nothing was adopted to {kind}. A rejected proposal may simply be proposed again.",
                id=rid,
                kind=tr(KIND_LABELS[kind]),
            )
        )

    # When
    if kind == "reconsider" and not same_session:
        if status == "rejected":
            todo = _("A rejected proposal may simply be proposed again.")
        else:
            todo = _("Move to rescind or amend it instead.")
        reasons.append(
            _(
                "{id} was decided at an earlier session ({date}); a motion to reconsider is only made in the session that took the decision. {todo}",
                id=rid,
                date=decision.date or decision.session,
                todo=todo,
            )
        )
    if kind != "reconsider" and same_session:
        reasons.append(
            _(
                "{id} was decided in this session: move to reconsider it now, or to {kind} it at a later session.",
                id=rid,
                kind=tr(KIND_LABELS[kind]),
            )
        )
    if kind != "reconsider" and not same_session and rules.min_days_before_reopen > 0:
        decided = day_number(decision.date) if decision.date else None
        if decided is None and decision.at:
            decided = day_number(date_of(decision.at))
        today = day_number(session_date)
        if decided is not None and today is not None and today - decided < rules.min_days_before_reopen:
            reasons.append(
                ngettext(
                    "{id} was decided on {date}, {n} day before this session; the charter lets a decision be reopened only after {min} days (“{setting}”; min_days_before_reopen in the committee file), from {first}.",
                    "{id} was decided on {date}, {n} days before this session; the charter lets a decision be reopened only after {min} days (“{setting}”; min_days_before_reopen in the committee file), from {first}.",
                    today - decided,
                    setting=labels.setting("revisit.min_days_before_reopen"),
                    id=rid,
                    date=date_of_day(decided),
                    min=rules.min_days_before_reopen,
                    first=date_of_day(decided + rules.min_days_before_reopen),
                )
            )

    # Executed decisions
    if decision.executed and kind in ("rescind", "reconsider"):
        reasons.append(
            _(
                "{id} has been carried out (marked executed{when}); it can no longer be {done}. Move to amend it forward instead.",
                id=rid,
                when=f", {decision.executed_date}" if decision.executed_date else "",
                done=_("rescinded") if kind == "rescind" else _("reconsidered"),
            )
        )

    # Who may move it
    prevailing = "yes" if decision.outcome == "adopted" else "no"
    secretish = decision.method == "secret" or decision.kind == "consensus"
    if kind != "reconsider" or not rules.mover_on_prevailing_side:
        mover_rule = _("Any member may move it.")
    elif decision.kind == "consensus":
        mover_rule = _("It was decided by consensus, so any participant may move it.")
    elif decision.method == "secret":
        mover_rule = _("It was decided by secret ballot, so any member who took part may move it.")
    else:
        mover_rule = _(
            "Only a member who voted {side} (the prevailing side) may move it (“{setting}”).",
            side=_choice(prevailing),
            setting=labels.setting("revisit.mover_on_prevailing_side"),
        )
    if mover and kind == "reconsider" and rules.mover_on_prevailing_side and decision.kind != "conflict":
        if secretish:
            if decision.participants and mover not in decision.participants:
                if decision.kind == "consensus":
                    reasons.append(
                        _("{name} did not take part in the consensus on {id}; only a participant may move to reconsider it.", name=name, id=rid)
                    )
                else:
                    reasons.append(
                        _("{name} did not take part in the secret ballot on {id}; only a member who took part may move to reconsider it.", name=name, id=rid)
                    )
        else:
            side: str | None
            if decision.method == "roll-call" and decision.roll:
                side = next((choice for member, choice in decision.roll if member == mover), "")
            else:
                side = mover_voted_side
            if side is None:
                reasons.append(
                    _(
                        "Say how {name} voted on {id}: only a member who voted {side} (the prevailing side) may move to reconsider it.",
                        name=name,
                        id=rid,
                        side=_choice(prevailing),
                    )
                )
            elif side != prevailing:
                voted = _("did not vote") if side in ("", "none") else _("voted {choice}", choice=_choice(side))
                reasons.append(
                    _(
                        "{name} {voted} on {id}; only a member who voted {side} (the prevailing side) may move to reconsider it (“{setting}”; mover_on_prevailing_side in the committee file). Ask a member of the prevailing side to move it.",
                        name=name,
                        voted=voted,
                        id=rid,
                        side=_choice(prevailing),
                        setting=labels.setting("revisit.mover_on_prevailing_side"),
                    )
                )

    # New information
    if rules.requires_new_information and not (new_information or "").strip():
        reasons.append(
            _(
                "This committee's charter requires the mover to state what is new since {id} was decided (“{setting}”); enter it, it goes into the minutes.",
                id=rid,
                setting=labels.setting("revisit.requires_new_information"),
            )
        )

    return Eligibility(
        ok=not reasons,
        reasons=reasons,
        threshold=limits.threshold,
        alternative=limits.alternative,
        basis=limits.reason,
        mover_rule=mover_rule,
        kind=kind,
    )


# ---------------------------------------------------------------------------------------------
# Finding a decision: this session first, then the register
# ---------------------------------------------------------------------------------------------


def session_day(state: SessionState) -> str:
    """The session's date (YYYY-MM-DD): its own, or the UTC date it opened."""
    return state.date if day_number(state.date or "") is not None else date_of(state.opened_at)


def participants_of(state: SessionState, d: _dec.Decision) -> tuple[str, ...]:
    """Who took part in a secret ballot (never how), or responded in a consensus round."""
    if d.kind == "consensus":
        proposal = state.decisions.proposals.get(d.proposal)
        for round_ in proposal.rounds if proposal else ():
            if round_.number == d.round:
                return tuple(round_.responses)
        return ()
    return tuple(e.member for e in d.took_part)


def _from_record(state: SessionState, d: _dec.Decision) -> DecisionInfo:
    return DecisionInfo(
        register_id=d.register_id,
        text=d.text,
        outcome=d.outcome,
        kind=d.kind,
        method=d.method,
        date=session_day(state),
        at=d.at,
        body=state.committee.body,
        matter=d.matter,
        proposal=d.proposal,
        threshold=d.threshold,
        roll=tuple((e.member, e.choice) for e in d.roll if not e.proxy_for),
        participants=participants_of(state, d),
    )


def links(state: SessionState) -> list[Link]:
    """The adopted motions of this session: each new decision and the one it reopens."""
    by_proposal = {
        d.proposal: d for d in state.decisions.records if d.outcome == "adopted" and d.register_id
    }
    out = []
    for motion in state.revisits.motions.values():
        decided = by_proposal.get(motion.proposal)
        if decided is not None:
            out.append(Link(decided.register_id, motion.relation, motion.register_id, motion.proposal, decided.at))
    return out


def locate(state: SessionState, register_id: str, register: RegisterView | None = None) -> tuple[DecisionInfo, bool] | None:
    """(the decision as known now, whether it was taken in this session), or None.

    This session's own records win over the register; this session's motions, notices and
    executed marks are laid over what the register says."""
    rid = (register_id or "").strip()
    info: DecisionInfo | None = None
    same = False
    for d in state.decisions.records:
        if d.register_id and d.register_id.upper() == rid.upper() and d.outcome in ("adopted", "rejected"):
            info, same = _from_record(state, d), True
    if info is None:
        for cd in state.conflicts.decisions:
            if cd.register_id.upper() == rid.upper():
                info = DecisionInfo(
                    cd.register_id, cd.text, "adopted", kind="conflict", method=cd.level_name, date=session_day(state), at=cd.at
                )
                same = True
    if info is None and register is not None:
        info = register.get(rid)
    if info is None:
        return None
    changes: dict = {}
    mark = state.revisits.executed.get(info.register_id)
    if mark is not None and not info.executed:
        changes.update(executed=True, executed_date=session_day(state))
    for link in links(state):
        if link.old_id == info.register_id:
            changes.update(status=STATUS_AFTER[link.relation], successor=link.new_id)
    if changes:
        info = replace(info, **changes)
    return info, same


def _notice_for(info: DecisionInfo, kind: str, register: RegisterView | None) -> Notice | None:
    """Notice of this kind of motion given at the previous session (any earlier session when the
    caller did not say which one was previous)."""
    previous = register.previous_session if register is not None else ""
    for notice in reversed(info.notices):
        if notice.kind != kind or not notice.session:
            continue
        if not previous or notice.session == previous:
            return notice
    return None


def _mover_reasons(state: SessionState, mover: str) -> list[str]:
    if not mover:
        return [_("Name the member who moves it.")]
    refusal = _eligibility.mover_refusal(state, mover)
    return [refusal] if refusal else []


def _pending_motion(state: SessionState, register_id: str) -> str:
    for motion in state.revisits.motions.values():
        proposal = state.decisions.proposals.get(motion.proposal)
        if motion.register_id.upper() == register_id.upper() and proposal is not None and proposal.status == "open":
            return _(
                "{pid} already moves to {kind} {id} and is not decided yet; decide it first.",
                pid=proposal.id,
                kind=tr(KIND_LABELS[motion.kind]),
                id=motion.register_id,
            )
    return ""


def check(
    state: SessionState,
    kind: str,
    register_id: str,
    *,
    register: RegisterView | None = None,
    mover: str = "",
    mover_voted_side: str | None = None,
    new_information: str = "",
) -> Eligibility:
    """Eligibility of a decision for a motion of `kind` in this session, for a screen to show
    (never raises): the decision is found in this session or in `register`; with `mover`, the
    mover is checked too (a member, present, with a vote, and on the right side)."""
    found = locate(state, register_id, register)
    if found is None:
        return Eligibility(
            False,
            [_("There is no decision {id} in this committee's register. Check the id (e.g. EXE-2026-014) in the register.", id=register_id)],
            "",
        )
    info, same = found
    notice = _notice_for(info, kind, register) if kind in ("rescind", "amend") else None
    member = state.members.get(mover) if mover else None
    result = eligibility(
        kind,
        info,
        charter=state.charter,
        session_date=session_day(state),
        same_session=same,
        mover=mover,
        mover_voted_side=mover_voted_side,
        notice_given=notice is not None,
        new_information=new_information,
        mover_name=member.name if member else mover,
    )
    extra = _mover_reasons(state, mover) if mover else []
    pending = _pending_motion(state, info.register_id)
    if pending:
        extra.append(pending)
    if extra:
        result = Eligibility(
            False, extra + result.reasons, result.threshold, result.alternative, result.basis, result.mover_rule, kind
        )
    if notice is not None:
        result = Eligibility(
            result.ok, result.reasons, result.threshold, result.alternative, result.basis, result.mover_rule, kind, notice
        )
    return result


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT_CHARS:
        raise Refusal(_("That text is longer than {max} characters; shorten it.", max=MAX_TEXT_CHARS))
    return text


def _require_found(state: SessionState, register_id: str, register: RegisterView | None) -> tuple[DecisionInfo, bool]:
    found = locate(state, register_id, register)
    if found is None:
        raise Refusal(
            _("There is no decision {id} in this committee's register. Check the id (e.g. EXE-2026-014) in the register.", id=register_id)
        )
    return found


def give_notice(
    state: SessionState,
    register_id: str,
    *,
    register: RegisterView | None,
    kind: str,
    mover: str,
    text: str = "",
    now: float,
) -> list[Event]:
    """Notice of a motion to rescind or amend a decision at the next session (which then needs
    only `rescind_with_notice_threshold`). Refused if the register has no such decision."""
    _dec.require_open(state)
    if kind == "reconsider":
        raise Refusal(_("A motion to reconsider needs no notice: it is made in the session that took the decision."))
    if kind not in ("rescind", "amend"):
        raise Refusal(_("Notice is given of a motion to rescind or to amend, not '{kind}'.", kind=kind))
    info, _same = _require_found(state, register_id, register)
    rid = info.register_id
    status = info.current_status
    if info.kind == "conflict":
        raise Refusal(
            _("{id} is the binding outcome of a conflict's escalation ladder; it is not reopened by a motion of the committee.", id=rid)
        )
    if status == "rejected":
        raise Refusal(_("{id} was rejected; there is nothing adopted to rescind or amend. A rejected proposal may simply be proposed again.", id=rid))
    if status != "adopted":
        raise Refusal(_("{id} is already {status}; notice can only be given on a decision in force.", id=rid, status=tr(STATUS_LABELS[status])))
    if kind == "rescind" and info.executed:
        raise Refusal(_("{id} has been carried out (executed); it can no longer be rescinded. Give notice to amend it instead.", id=rid))
    problems = _mover_reasons(state, mover)
    if problems:
        raise Refusal(problems[0])
    status = state.quorum()
    if not status.met:
        raise Refusal(
            _(
                "There is no quorum ({shortfall}); without quorum no business but adjourning is done, so notice cannot be given now.",
                shortfall=status.shortfall(),
            )
        )
    text = _clean(text)
    if kind == "amend" and not text:
        raise Refusal(_("Notice of an amendment says what the amended decision would say; enter that text."))
    if any(n.register_id == rid and n.kind == kind for n in state.revisits.notices):
        raise Refusal(_("Notice to {kind} {id} was already given in this session.", kind=tr(KIND_LABELS[kind]), id=rid))
    return [Event(NOTICE_GIVEN, now, {"register_id": rid, "kind": kind, "mover": mover, "text": text})]


def mark_executed(
    state: SessionState, register_id: str, *, register: RegisterView | None = None, note: str = "", now: float
) -> list[Event]:
    """Record that a decision has been carried out irreversibly: from now on it can be amended
    forward but not rescinded (nor reconsidered)."""
    _dec.require_open(state)
    info, _same = _require_found(state, register_id, register)
    rid = info.register_id
    status = info.current_status
    if info.outcome != "adopted":
        raise Refusal(_("{id} was rejected; only an adopted decision is carried out.", id=rid))
    if status in ("rescinded", "superseded"):
        raise Refusal(_("{id} is {status}; it is no longer in force, so it is not carried out.", id=rid, status=tr(STATUS_LABELS[status])))
    if info.executed:
        raise Refusal(_("{id} is already marked executed.", id=rid))
    return [Event(DECISION_EXECUTED, now, {"register_id": rid, "note": _clean(note)})]


def _move(
    state: SessionState,
    kind: str,
    register_id: str,
    *,
    register: RegisterView | None,
    mover: str,
    text: str,
    mover_voted_side: str | None,
    new_information: str,
    item: str | None,
    seconder: str,
    now: float,
) -> list[Event]:
    _dec.require_open(state)
    if not mover:
        raise Refusal(_("Name the member who moves it."))
    info, _same = _require_found(state, register_id, register)
    result = check(
        state, kind, register_id, register=register, mover=mover, mover_voted_side=mover_voted_side, new_information=new_information
    )
    if not result.ok:
        raise Refusal(result.message)
    item = item or state.current_item
    if not item:
        raise Refusal(_("Start the agenda item the motion comes under (or name it), then move it."))
    text = _clean(text)
    if kind == "amend":
        if not text:
            raise Refusal(_("A motion to amend gives the decision's new text; enter it."))
        if " ".join(text.split()) == " ".join(info.text.split()):
            raise Refusal(_("The text is the same as {id}'s; change it to amend the decision.", id=info.register_id))
    elif not text:
        text = info.text if kind == "reconsider" else _("Rescind {id}: {text}", id=info.register_id, text=info.text)
    made = _dec.propose(state, text, item=item, matter=info.matter, mover=mover, seconder=seconder, now=now)
    notice = result.notice
    data = {
        "proposal": made[0].data["id"],
        "register_id": info.register_id,
        "kind": kind,
        "relation": RELATIONS[kind],
        "threshold": result.threshold,
        "alternative": result.alternative,
        "basis": result.basis,
        "mover": mover,
        "new_information": _clean(new_information),
        "notice": f"{notice.session}: {notice.text}".strip() if notice is not None else "",
        "old_text": info.text,
        "old_session": info.session,
        "old_date": info.date,
    }
    return made + [Event(MOTION_MOVED, now, data)]


def move_reconsider(
    state: SessionState,
    register_id: str,
    *,
    mover: str,
    text: str = "",
    mover_voted_side: str | None = None,
    new_information: str = "",
    item: str | None = None,
    seconder: str = "",
    register: RegisterView | None = None,
    now: float,
) -> list[Event]:
    """Move to reconsider a decision of this session: a new proposal (by default the same text,
    the question put again) that, if adopted with `reconsider_threshold`, supersedes it.
    `mover_voted_side` (yes, no, abstain, or "" for not at all) is asked of the mover after a show
    of hands; a roll call records it."""
    return _move(
        state,
        "reconsider",
        register_id,
        register=register,
        mover=mover,
        text=text,
        mover_voted_side=mover_voted_side,
        new_information=new_information,
        item=item,
        seconder=seconder,
        now=now,
    )


def move_rescind(
    state: SessionState,
    register_id: str,
    *,
    register: RegisterView | None,
    mover: str,
    text: str = "",
    new_information: str = "",
    item: str | None = None,
    seconder: str = "",
    now: float,
) -> list[Event]:
    """Move to rescind a decision adopted at an earlier session (a new proposal of this session,
    decided with the threshold `check` computes)."""
    return _move(
        state,
        "rescind",
        register_id,
        register=register,
        mover=mover,
        text=text,
        mover_voted_side=None,
        new_information=new_information,
        item=item,
        seconder=seconder,
        now=now,
    )


def move_amend(
    state: SessionState,
    register_id: str,
    *,
    register: RegisterView | None,
    mover: str,
    text: str,
    new_information: str = "",
    item: str | None = None,
    seconder: str = "",
    now: float,
) -> list[Event]:
    """Move to amend a decision adopted at an earlier session: `text` is the decision as amended."""
    return _move(
        state,
        "amend",
        register_id,
        register=register,
        mover=mover,
        text=text,
        mover_voted_side=None,
        new_information=new_information,
        item=item,
        seconder=seconder,
        now=now,
    )


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def motion_of(state: SessionState, proposal_id: str) -> Motion | None:
    """The motion a proposal is (reconsider, rescind or amend), or None for an ordinary one."""
    return state.revisits.motions.get(proposal_id)


def notices(state: SessionState) -> list[Notice]:
    """Notices of motion given in this session (for the next one)."""
    return list(state.revisits.notices)


def executed_marks(state: SessionState) -> list[Executed]:
    return list(state.revisits.executed.values())


def explain_motion(motion: Motion) -> str:
    """One sentence for screens and minutes, e.g. "P3 moves to rescind EXE-2026-001 (decided
    2026-03-14). Notice was given ... majority of votes cast ..."."""
    text = _(
        "{pid} moves to {kind} {id} (decided {date}).",
        pid=motion.proposal,
        kind=tr(KIND_LABELS[motion.kind]),
        id=motion.register_id,
        date=motion.old_date or "?",
    )
    text += " " + motion.basis
    if motion.new_information:
        text += " " + _("New information: {text}", text=motion.new_information)
    return text


def status_label(status: str) -> str:
    return tr(STATUS_LABELS.get(status, status))
