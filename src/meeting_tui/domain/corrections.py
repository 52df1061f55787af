"""Correcting the record: undo of the facilitator's last actions, and explicit corrections.

Pure like the rest of the domain. Nothing is ever edited or deleted in a session's log: a
correction is an event appended after what it corrects, and the state is the fold of the
log *with the corrected events left out* (or, for an edit, changed by the correcting event).
Both the corrected event and its correction stay in the log, and the minutes list every
correction in an appendix (`records`).

Events:

- `correction.undone` {seqs: [seq, ...]}: ctrl+z. The events of the facilitator's last action
  (one command's events: same moment, consecutive) no longer count. Undo goes back action by
  action; it stops, with the reason, at anything voted on or closed (`undo_refusal`).
- `correction.struck` {seqs: [seq], reason}: an arrival, departure or apologies recorded in
  error (not necessarily the last action): the member's latest attendance event is struck.
- `action.edited` {id, text, who, due}: an action item's text, owner or due date corrected.
- `action.withdrawn` {id, reason}: an action item recorded in error is withdrawn.
- `proposal.corrected` {proposal, version, text}: a proposal's wording corrected (a typo),
  only before any vote or consensus round on it; unlike an amendment, no new version.

Leaving events out is done by folding the log again from its start (`_refold`): O(events)
per correction, which is rare; every other event still folds in O(1).

`session.py` composes `HANDLERS` with the other modules'; `replay.py` checks the events
(`check`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Callable

from msgspec import Struct, field

from meeting_tui.domain import actions as _actions
from meeting_tui.domain import dates
from meeting_tui.domain import events as ev
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.i18n import _, join, ngettext

if TYPE_CHECKING:  # annotations only: session.py imports this module when it composes the domain
    from meeting_tui.domain.session import SessionState

UNDONE = "correction.undone"
STRUCK = "correction.struck"
ACTION_EDITED = "action.edited"
ACTION_WITHDRAWN = "action.withdrawn"
PROPOSAL_CORRECTED = "proposal.corrected"

#: Every kind this module adds (a screen that sees one re-renders everything).
KINDS = (UNDONE, STRUCK, ACTION_EDITED, ACTION_WITHDRAWN, PROPOSAL_CORRECTED)

#: Corrections that leave events out of the fold (the others change what they correct).
LEAVING_OUT = (UNDONE, STRUCK)

_ATTENDANCE = (ev.MEMBER_ARRIVED, ev.MEMBER_DEPARTED, ev.MEMBER_APOLOGIES)

# Kinds from other modules (named here as text so this module imports none of them).
_VOTE_OR_ROUND_OPENED = ("vote.opened", "consensus.opened")
_DECISION_KINDS = (
    "vote.opened",
    "vote.cast",
    "vote.participated",
    "vote.counted",
    "vote.changed",
    "vote.closed",
    "vote.cancelled",
    "consensus.opened",
    "consensus.responded",
    "consensus.closed",
    "consensus.cancelled",
)

MAX_REASON_CHARS = 500


class CorrectionsState(Struct):
    """Which events the fold leaves out, and what each strike struck."""

    excluded: set[int] = field(default_factory=set)  # seqs left out of the fold
    strikes: dict[int, list[int]] = field(default_factory=dict)  # seq of a strike -> seqs it struck


def needs_full_refresh(events: list[Event]) -> bool:
    """Whether `events` hold a correction (a screen then re-renders everything)."""
    return any(e.kind in KINDS for e in events)


# ---------------------------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------------------------


#: The fold (new_state, apply), set by session.py when it composes the domain.
FOLD: list[Callable] = []


def _refold(state: SessionState) -> None:
    """Fold the log again from its start, leaving out the excluded events (in place)."""
    new_state, apply = FOLD  # given by session.py (which imports this module)
    log = state.log
    corrections = state.corrections
    fresh = new_state(log[0])
    for event in log[1:]:
        if event.seq in corrections.excluded or event.kind in LEAVING_OUT:
            fresh.log.append(event)
            fresh.seq = event.seq or fresh.seq
            continue
        apply(fresh, event)
    fresh.corrections = corrections
    state.__dict__.update(fresh.__dict__)


def note(state: SessionState, e: Event) -> None:
    """Record which events a leaving-out correction leaves out (without folding again)."""
    c = state.corrections
    if e.kind == UNDONE:
        for seq in e.data["seqs"]:
            c.excluded.add(seq)
            # An undone strike brings back what it struck.
            for struck in c.strikes.pop(seq, []):
                c.excluded.discard(struck)
    elif e.kind == STRUCK:
        seqs = list(e.data["seqs"])
        c.strikes[e.seq] = seqs
        c.excluded.update(seqs)


def _on_leaving_out(state: SessionState, e: Event) -> None:
    note(state, e)
    _refold(state)


def left_out(raw_events: list[Any]) -> set[int]:
    """The events a stored log's corrections leave out in the end (a pre-scan, so a replay
    folds once instead of folding again at each correction). Entries that are not well formed
    are ignored here; the replay refuses them when it reaches them."""
    undone: set[int] = set()
    strikes: dict[int, list[int]] = {}
    for raw in raw_events:
        if not isinstance(raw, dict) or raw.get("kind") not in LEAVING_OUT:
            continue
        data = raw.get("data")
        seqs = data.get("seqs") if isinstance(data, dict) else None
        if not isinstance(seqs, list):
            continue
        seqs = [x for x in seqs if isinstance(x, int) and not isinstance(x, bool)]
        if raw["kind"] == UNDONE:
            undone.update(seqs)
        elif isinstance(raw.get("seq"), int):
            strikes[raw["seq"]] = seqs
    out = set(undone)
    for seq, struck in strikes.items():
        if seq not in undone:
            out.update(struck)
    return out


def _on_action_edited(state: SessionState, e: Event) -> None:
    d = e.data
    action = state.actions[d["id"]]
    action.text = d.get("text", action.text)
    action.who = d.get("who", action.who)
    action.due = d.get("due", action.due)


def _on_action_withdrawn(state: SessionState, e: Event) -> None:
    state.actions[e.data["id"]].withdrawn_at = e.at


def _on_proposal_corrected(state: SessionState, e: Event) -> None:
    proposal = state.decisions.proposals[e.data["proposal"]]
    last = proposal.versions[-1]
    proposal.versions[-1] = type(last)(last.number, e.data["text"], last.at)


ev.register_kinds(*KINDS)
#: The fold of these events (composed with the others in session.py).
HANDLERS = {
    UNDONE: _on_leaving_out,
    STRUCK: _on_leaving_out,
    ACTION_EDITED: _on_action_edited,
    ACTION_WITHDRAWN: _on_action_withdrawn,
    PROPOSAL_CORRECTED: _on_proposal_corrected,
}


# ---------------------------------------------------------------------------------------------
# What an event was, in words (for the toast and the minutes' appendix)
# ---------------------------------------------------------------------------------------------


def _name(state: SessionState, member_id: Any, log: list[Event] | None = None) -> str:
    member = state.members.get(member_id) or state.committee.member(member_id)
    if member is not None:
        return member.name
    for event in log or state.log:  # a guest whose addition was undone
        if event.kind == ev.GUEST_ADDED and event.data.get("id") == member_id:
            return str(event.data.get("name", member_id))
    return str(member_id)


def _title(state: SessionState, item_id: Any) -> str:
    item = state.items.get(item_id)
    if item is not None:
        return item.item.title
    for event in state.log:  # an item whose addition was undone
        if event.kind == ev.ITEM_ADDED and isinstance(event.data.get("item"), dict) and event.data["item"].get("id") == item_id:
            return str(event.data["item"].get("title", item_id))
    return str(item_id)


def _action_text(state: SessionState, action_id: Any) -> str:
    action = state.actions.get(action_id)
    if action is not None:
        return action.text
    for event in state.log:
        if event.kind == _actions.ACTION_ADDED and event.data.get("id") == action_id:
            return str(event.data.get("text", action_id))
    return str(action_id)


def _clip(text: Any, limit: int = 80) -> str:
    """The first line of a text typed in, cut for a few words of description."""
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "?"


def describe(state: SessionState, event: Event) -> str:
    """What `event` recorded, in a few words ("Salma Haddad's departure")."""
    d = event.data
    k = event.kind
    name = lambda key="member": _name(state, d.get(key))  # noqa: E731
    title = lambda: _title(state, d.get("item"))  # noqa: E731
    if k == ev.MEMBER_ARRIVED:
        if d.get("mode") == "remote":
            return _("{name}'s arrival (remote)", name=name())
        return _("{name}'s arrival", name=name())
    if k == ev.MEMBER_DEPARTED:
        return _("{name}'s departure", name=name())
    if k == ev.MEMBER_APOLOGIES:
        return _("{name}'s apologies", name=name())
    if k == ev.GUEST_ADDED:
        return _("the guest {name}", name=str(d.get("name", "")))
    if k == ev.PROXY_ASSIGNED:
        return _("{giver}'s proxy to {holder}", giver=name("giver"), holder=name("holder"))
    if k == ev.PROXY_WITHDRAWN:
        return _("the withdrawal of {giver}'s proxy", giver=name("giver"))
    if k == ev.ITEM_STARTED:
        return _("the start of '{title}'", title=title())
    if k == ev.ITEM_PAUSED:
        return _("the pause of '{title}'", title=title())
    if k == ev.ITEM_RESUMED:
        return _("the resumption of '{title}'", title=title())
    if k == ev.ITEM_EXTENDED:
        return _("the extension of '{title}' by {minutes} min", title=title(), minutes=_number(d.get("minutes")))
    if k == ev.ITEM_FINISHED:
        return _("the finish of '{title}'", title=title())
    if k == ev.ITEM_SKIPPED:
        return _("the skipping of '{title}'", title=title())
    if k == ev.ITEM_DEFERRED:
        return _("the deferral of '{title}'", title=title())
    if k == ev.ITEM_ADDED:
        item = d.get("item") if isinstance(d.get("item"), dict) else {}
        return _("the new item '{title}'", title=str(item.get("title", "")))
    if k == ev.ITEM_MOVED:
        return _("the move of '{title}'", title=title())
    if k == ev.SPEAKER_QUEUED:
        return _("{name} on the speakers' list", name=name())
    if k == ev.SPEAKER_WITHDRAWN:
        return _("{name}'s removal from the speakers' list", name=name())
    if k == ev.SPEAKER_STARTED:
        return _("the floor given to {name}", name=name())
    if k == ev.SPEAKER_STOPPED:
        return _("the end of {name}'s turn", name=name())
    if k == ev.NOTE_SET:
        return _("the notes on '{title}'", title=title())
    if k == ev.NEXT_MEETING_SET:
        return _("the next meeting's date")
    if k == ev.MINUTES_TAKER_SET:
        return _("who took the minutes")
    if k == _actions.ACTION_ADDED:
        return _("the action item '{text}'", text=_clip(d.get("text", "")))
    if k == _actions.ACTION_DONE:
        return _("action item '{text}' marked done", text=_clip(_action_text(state, d.get("id"))))
    if k == _actions.ACTION_CARRIED:
        return _("action item '{text}' carried over", text=_clip(_action_text(state, d.get("id"))))
    if k == ACTION_EDITED:
        return _("the edit of action item '{text}'", text=_clip(d.get("text", "")))
    if k == ACTION_WITHDRAWN:
        return _("the withdrawal of action item '{text}'", text=_clip(_action_text(state, d.get("id"))))
    if k == "proposal.made":
        return _("proposal {id}", id=str(d.get("id", "")))
    if k == "proposal.amended":
        return _("version {n} of proposal {id}", n=d.get("version", "?"), id=str(d.get("proposal", "")))
    if k == PROPOSAL_CORRECTED:
        return _("the corrected wording of proposal {id}", id=str(d.get("proposal", "")))
    if k == "interest.declared":
        return _("{name}'s declaration of interest", name=name())
    if k == STRUCK:
        struck = [e for e in state.log if e.seq in d.get("seqs", [])]
        return _("the correction of {what}", what=join(describe(state, e) for e in struck))
    return k


def describe_action(state: SessionState, events: list[Event]) -> str:
    """One action's events in words (a "next item" is a finish and a start)."""
    return join(describe(state, e) for e in events)


# ---------------------------------------------------------------------------------------------
# Undo: the facilitator's last action
# ---------------------------------------------------------------------------------------------

#: What can be undone: a slip of the facilitator's hands that no vote or closure rests on.
UNDOABLE = frozenset(
    {
        ev.MEMBER_ARRIVED,
        ev.MEMBER_DEPARTED,
        ev.MEMBER_APOLOGIES,
        ev.GUEST_ADDED,
        ev.PROXY_ASSIGNED,
        ev.PROXY_WITHDRAWN,
        ev.ITEM_STARTED,
        ev.ITEM_PAUSED,
        ev.ITEM_RESUMED,
        ev.ITEM_EXTENDED,
        ev.ITEM_FINISHED,
        ev.ITEM_SKIPPED,
        ev.ITEM_DEFERRED,
        ev.ITEM_ADDED,
        ev.ITEM_MOVED,
        ev.SPEAKER_QUEUED,
        ev.SPEAKER_WITHDRAWN,
        ev.SPEAKER_STARTED,
        ev.SPEAKER_STOPPED,
        ev.NOTE_SET,
        ev.NEXT_MEETING_SET,
        ev.MINUTES_TAKER_SET,
        _actions.ACTION_ADDED,
        _actions.ACTION_DONE,
        _actions.ACTION_CARRIED,
        ACTION_EDITED,
        ACTION_WITHDRAWN,
        STRUCK,
        PROPOSAL_CORRECTED,
        "proposal.made",
        "proposal.amended",
        "interest.declared",
    }
)


def _refusal_for(kind: str) -> str:
    """Why an action of `kind` cannot be undone, and what to do instead."""
    if kind in ("vote.opened", "consensus.opened"):
        return _("The last action opened a vote or a consensus round; it cannot be undone. Cancel it on the decisions screen (D): it is minuted as opened by mistake.")
    if kind in ("vote.cast", "vote.participated", "vote.counted", "vote.changed", "consensus.responded"):
        return _("The last action is part of a vote or a consensus round; it cannot be undone. Change a vote on the decisions screen (D) while the vote is open.")
    if kind in ("vote.closed", "consensus.closed", "vote.cancelled", "consensus.cancelled", "proposal.escalated", "proposal.deferred"):
        return _("The last action closed a vote or a consensus round; what was decided cannot be undone. To change a decision, revisit it (z).")
    if kind == _actions.MINUTES_APPROVED:
        return _("The last action recorded the approval of earlier minutes, a decision of the meeting; it cannot be undone.")
    if kind == ev.SESSION_CLOSED:
        return _("This session is closed; nothing more can be recorded in it.")
    if kind == ev.SESSION_OPENED:
        return _("There is nothing left to undo in this session.")
    if kind == UNDONE:
        return _("Undo does not redo: record the action again.")
    if kind.startswith(("conflict.", "revisit.")):
        return _("The last action is a step of a conflict or of revisiting a decision, part of the procedural record; it cannot be undone.")
    return _("The last action is part of the meeting's procedural record; it cannot be undone.")


#: Events one command records together (same moment, one after the other): one action.
_JOINED = {
    (ev.ITEM_FINISHED, ev.ITEM_STARTED),  # next item (n), or start one while another runs
    (_actions.ACTION_CARRIED, _actions.ACTION_CARRIED),  # open action items carried at the close
}


def last_action(state: SessionState) -> list[Event]:
    """The events of the last action that still counts (one command's events), skipping
    undone events and the undo corrections themselves."""
    excluded = state.corrections.excluded
    group: list[Event] = []
    for event in reversed(state.log):
        if event.seq in excluded or event.kind == UNDONE:
            if group:
                break
            continue
        if group and (event.at != group[0].at or (event.kind, group[0].kind) not in _JOINED):
            break
        group.insert(0, event)
        if event.kind == ev.SESSION_OPENED:
            break
    return group


def undo_refusal(state: SessionState) -> str:
    """Why ctrl+z cannot undo now ("" when it can)."""
    if state.is_closed:
        return _("This session is closed; nothing more can be recorded in it.")
    group = last_action(state)
    for event in group:
        if event.kind not in UNDOABLE:
            return _refusal_for(event.kind)
    return ""


def undo_preview(state: SessionState) -> str:
    """What ctrl+z would undo, in words ("" when nothing can be)."""
    if undo_refusal(state):
        return ""
    return describe_action(state, last_action(state))


def undo(state: SessionState, *, now: float) -> list[Event]:
    """Undo the facilitator's last action (ctrl+z): a correcting event; again goes further back."""
    refusal = undo_refusal(state)
    if refusal:
        raise Refusal(refusal)
    return [Event(UNDONE, now, {"seqs": [e.seq for e in last_action(state)]})]


# ---------------------------------------------------------------------------------------------
# Explicit corrections
# ---------------------------------------------------------------------------------------------


def _require_open(state: SessionState) -> None:
    if state.is_closed:
        raise Refusal(_("This session is closed; nothing more can be recorded in it."))


def _reason(reason: str) -> str:
    reason = " ".join(str(reason or "").split())
    if len(reason) > MAX_REASON_CHARS:
        raise Refusal(ngettext("A reason is at most {n} character; shorten it.", "A reason is at most {n} characters; shorten it.", MAX_REASON_CHARS))
    return reason


def latest_attendance(state: SessionState, member_id: str) -> Event | None:
    """The member's latest arrival, departure or apologies that still counts."""
    excluded = state.corrections.excluded
    for event in reversed(state.log):
        if event.kind in _ATTENDANCE and event.data.get("member") == member_id and event.seq not in excluded:
            return event
    return None


def strike_refusal(state: SessionState, member_id: str) -> str:
    """Why the member's latest attendance event cannot be struck as an error ("" if it can)."""
    if state.is_closed:
        return _("This session is closed; nothing more can be recorded in it.")
    member = state.member(member_id)
    target = latest_attendance(state, member_id)
    if target is None:
        return _("{name} has no arrival, departure or apologies recorded to correct.", name=member.name)
    excluded = state.corrections.excluded
    for event in state.log:
        if event.seq <= target.seq or event.seq in excluded:
            continue
        if event.kind in _VOTE_OR_ROUND_OPENED:
            return _(
                "A vote or consensus round was held after {what}; the attendance it counted is part of that record. Record an arrival or departure now instead.",
                what=describe(state, target),
            )
        if target.kind == ev.MEMBER_ARRIVED and event.data.get("member") == member_id and event.kind in (
            ev.SPEAKER_STARTED,
            "interest.declared",
        ):
            return _("{name} took part after that arrival (spoke or declared an interest), so it was no error.", name=member.name)
    if target.kind == ev.MEMBER_ARRIVED:
        if member_id in state.speaker_queue:
            return _("{name} is on the speakers' list; take them off it first (w).", name=member.name)
        if state.proxies_held(member_id):
            return _("{name} holds a proxy; withdraw it first (P).", name=member.name)
    return ""


def strike_preview(state: SessionState, member_id: str) -> str:
    """What `strike_attendance` would correct, in words ("" when nothing)."""
    target = latest_attendance(state, member_id)
    return describe(state, target) if target is not None else ""


def strike_attendance(state: SessionState, member_id: str, reason: str = "", *, now: float) -> list[Event]:
    """The member's latest arrival, departure or apologies was recorded in error: strike it
    (it stays in the log, and the record is as if it had not been made)."""
    _require_open(state)
    refusal = strike_refusal(state, member_id)
    if refusal:
        raise Refusal(refusal)
    target = latest_attendance(state, member_id)
    assert target is not None
    return [Event(STRUCK, now, {"seqs": [target.seq], "member": member_id, "reason": _reason(reason)})]


def action_warnings(state: SessionState, who: str, due: str, *, now: float) -> list[str]:
    """What to confirm before recording an action item: no owner, a due date already past
    (before the session's day)."""
    warnings = []
    if not " ".join(str(who or "").split()):
        warnings.append(_("Nobody is named to do it."))
    due = str(due or "").strip()
    if due and not dates.date_problem(due):
        today = state.date or _utc_date(now)
        if dates.normalize_date(due) < today:
            warnings.append(_("The due date {due} is already past (the meeting is on {today}).", due=dates.normalize_date(due), today=today))
    return warnings


def action_flags(state: SessionState, action: _actions.ActionItem, *, now: float) -> list[str]:
    """Short warnings for an open action item shown in a list: no owner, past due."""
    if not action.is_open:
        return []
    flags = []
    if not action.who.strip():
        flags.append(_("no owner"))
    if action.due and action.due < (state.date or _utc_date(now)):
        flags.append(_("past due"))
    return flags


def _utc_date(now: float) -> str:
    """The UTC date of `now` (a session with no planned date: the day it is held)."""
    return (date(1970, 1, 1) + timedelta(days=int(now // 86400))).isoformat()


def edit_action(state: SessionState, action_id: str, *, text: str, who: str, due: str, now: float) -> list[Event]:
    """Correct an action item's text, owner or due date."""
    _require_open(state)
    action = _actions._action(state, action_id)
    if action.withdrawn_at is not None:
        raise Refusal(_("Action item '{text}' was withdrawn.", text=action.text))
    if action.done_at is not None:
        raise Refusal(_("Action item '{text}' is done; a done item is not edited.", text=action.text))
    text = " ".join(str(text).split())
    if not text:
        raise Refusal(_("An action item needs a text: say what is to be done."))
    if len(text) > _actions.MAX_ACTION_CHARS:
        raise Refusal(_("An action item is at most {max} characters; shorten it.", max=_actions.MAX_ACTION_CHARS))
    who = " ".join(str(who).split())
    due = str(due).strip()
    if due:
        problem = dates.date_problem(due)
        if problem:
            raise Refusal(_("The due date: {problem} Leave it empty for none.", problem=problem))
        due = dates.normalize_date(due)
    if (text, who, due) == (action.text, action.who, action.due):
        return []
    return [Event(ACTION_EDITED, now, {"id": action_id, "text": text, "who": who, "due": due})]


def withdraw_action(state: SessionState, action_id: str, reason: str = "", *, now: float) -> list[Event]:
    """Withdraw an action item recorded in error (it stays in the log, marked withdrawn)."""
    _require_open(state)
    action = _actions._action(state, action_id)
    if action.withdrawn_at is not None:
        raise Refusal(_("Action item '{text}' was withdrawn.", text=action.text))
    if action.done_at is not None:
        raise Refusal(_("Action item '{text}' is done; a done item is not withdrawn.", text=action.text))
    return [Event(ACTION_WITHDRAWN, now, {"id": action_id, "reason": _reason(reason)})]


def proposal_correction_refusal(state: SessionState, proposal_id: str) -> str:
    """Why a proposal's wording cannot be corrected ("" if it can): once a vote or a
    consensus round has been opened on it, its words are part of that record."""
    if state.is_closed:
        return _("This session is closed; nothing more can be recorded in it.")
    proposal = state.decisions.proposals.get(proposal_id)
    if proposal is None:
        return _("There is no proposal '{id}' in this session.", id=proposal_id)
    excluded = state.corrections.excluded
    for event in state.log:
        if event.seq in excluded or event.data.get("proposal") != proposal_id:
            continue
        if event.kind in _DECISION_KINDS:
            return _(
                "A vote or consensus round has been held on {id}; its wording is part of that record. Amend it instead (a new version).",
                id=proposal_id,
            )
    if proposal.status != "open":
        return _("{id} is no longer open; its wording cannot be corrected.", id=proposal_id)
    return ""


def correct_proposal(state: SessionState, proposal_id: str, text: str, *, now: float) -> list[Event]:
    """Correct the wording of a proposal's current version (a typo) before any vote on it."""
    _require_open(state)
    refusal = proposal_correction_refusal(state, proposal_id)
    if refusal:
        raise Refusal(refusal)
    proposal = state.decisions.proposals[proposal_id]
    text = str(text).strip()
    if not text:
        raise Refusal(_("An amendment needs a text; the proposal cannot be emptied."))
    if text == proposal.text:
        return []
    return [Event(PROPOSAL_CORRECTED, now, {"proposal": proposal_id, "version": proposal.version, "text": text})]


# ---------------------------------------------------------------------------------------------
# The record of corrections (for the minutes' appendix)
# ---------------------------------------------------------------------------------------------


class CorrectionRecord(Struct, frozen=True):
    at: float  # when the correction was made
    kind: str  # one of KINDS
    corrected: str  # what it corrected, in words
    corrected_at: float | None  # when the corrected thing was recorded (None for edits)
    detail: str = ""  # the change (old -> new), or the reason given


def records(state: SessionState) -> list[CorrectionRecord]:
    """Every correction in the session, in order (undone corrections included: the record
    says what happened)."""
    out: list[CorrectionRecord] = []
    by_seq = {e.seq: e for e in state.log}
    actions: dict[str, dict[str, str]] = {}
    wording: dict[str, str] = {}
    for event in state.log:
        d = event.data
        if event.kind == _actions.ACTION_ADDED:
            actions[d.get("id", "")] = {k: str(d.get(k, "")) for k in ("text", "who", "due")}
        elif event.kind in ("proposal.made",):
            wording[d.get("id", "")] = str(d.get("text", ""))
        elif event.kind == "proposal.amended":
            wording[d.get("proposal", "")] = str(d.get("text", ""))
        if event.kind in (UNDONE, STRUCK):
            targets = [by_seq[s] for s in d.get("seqs", []) if s in by_seq]
            out.append(
                CorrectionRecord(
                    event.at,
                    event.kind,
                    describe_action(state, targets),
                    targets[0].at if targets else None,
                    str(d.get("reason", "")),
                )
            )
        elif event.kind == ACTION_EDITED:
            before = actions.get(d.get("id", ""), {})
            after = {k: str(d.get(k, "")) for k in ("text", "who", "due")}
            changes = [
                f"{label}: {_value(state, k, before.get(k, ''))} → {_value(state, k, after[k])}"
                for k, label in (("text", _("text")), ("who", _("owner")), ("due", _("due")))
                if before.get(k, "") != after[k]
            ]
            actions[d.get("id", "")] = after
            out.append(CorrectionRecord(event.at, event.kind, _("action item '{text}'", text=before.get("text", "")), None, join(changes, "; ")))
        elif event.kind == ACTION_WITHDRAWN:
            text = actions.get(d.get("id", ""), {}).get("text", "")
            out.append(CorrectionRecord(event.at, event.kind, _("action item '{text}'", text=text), None, str(d.get("reason", ""))))
        elif event.kind == PROPOSAL_CORRECTED:
            pid = str(d.get("proposal", ""))
            old = wording.get(pid, "")
            wording[pid] = str(d.get("text", ""))
            out.append(CorrectionRecord(event.at, event.kind, _("the wording of proposal {id}", id=pid), None, f"{old} → {wording[pid]}"))
    return out


def _value(state: SessionState, key: str, value: str) -> str:
    if not value:
        return "—"
    return _name(state, value) if key == "who" else value


def kind_label(kind: str) -> str:
    labels: dict[str, Callable[[], str]] = {
        UNDONE: lambda: _("Undone"),
        STRUCK: lambda: _("Recorded in error"),
        ACTION_EDITED: lambda: _("Action item edited"),
        ACTION_WITHDRAWN: lambda: _("Action item withdrawn"),
        PROPOSAL_CORRECTED: lambda: _("Wording corrected"),
    }
    return labels[kind]() if kind in labels else kind


# ---------------------------------------------------------------------------------------------
# Replay: checking stored corrections (called by replay.py before the event is folded)
# ---------------------------------------------------------------------------------------------


def check(state: SessionState, event: Event, fail: Callable[[str], None]) -> None:
    """Fail (with a message) when a stored correction cannot be part of a valid session."""
    d = event.data
    k = event.kind
    if k in (UNDONE, STRUCK):
        seqs = d.get("seqs")
        if not isinstance(seqs, list) or not seqs or not all(isinstance(s, int) and not isinstance(s, bool) for s in seqs):
            fail("seqs must be a non-empty list of event numbers")
            return
        log = state.log
        for seq in seqs:
            # seq n is the log's n-th event (replay checks that they run 1, 2, 3...)
            target = log[seq - 1] if 0 < seq <= len(log) and log[seq - 1].seq == seq else None
            if target is None or seq >= event.seq:
                fail(f"corrects event {seq}, which is not an earlier event of the session")
                return
            if seq in state.corrections.excluded:
                fail(f"corrects event {seq}, which is already corrected")
            if k == UNDONE and target.kind not in UNDOABLE:
                fail(f"undoes event {seq} ({target.kind[:40]}), which cannot be undone")
            if k == STRUCK and target.kind not in _ATTENDANCE:
                fail(f"strikes event {seq} ({target.kind[:40]}), which is not an arrival, departure or apologies")
    elif k in (ACTION_EDITED, ACTION_WITHDRAWN):
        if d.get("id") not in state.actions:
            fail("names an action item that was not recorded in this session")
        for key in ("text", "who", "due", "reason"):
            if key in d and not isinstance(d[key], str):
                fail(f"{key} must be text")
        if k == ACTION_EDITED and not (isinstance(d.get("text"), str) and d["text"].strip()):
            fail("gives an action item no text")
    elif k == PROPOSAL_CORRECTED:
        if not isinstance(d.get("text"), str) or not d["text"].strip():
            fail("gives a proposal no text")
