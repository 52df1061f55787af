"""Action items (what, who, due) and the approval of the previous session's minutes.

Pure like the rest of the domain. Events:

- `action.added` {id, text, who (member id or free text), due ("YYYY-MM-DD" or ""), item}
- `action.done` {id}
- `action.carried` {id}: still open at the end of the meeting, carried to the next one
- `minutes.approved` {session (the previous session's file name), title, date}: recorded in
  the *next* session of the same committee when it approves the previous minutes

`session.py` imports this module and composes its fold handlers (`HANDLERS`) explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from msgspec import Struct

from meeting_tui.domain import dates
from meeting_tui.domain import events as ev
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.rules import day_number
from meeting_tui.i18n import N_, _, tr

if TYPE_CHECKING:  # annotations only: session.py imports this module when it composes the domain
    from meeting_tui.domain.session import SessionState

ACTION_ADDED = "action.added"
ACTION_DONE = "action.done"
ACTION_CARRIED = "action.carried"
MINUTES_APPROVED = "minutes.approved"

ACTION_STATUS = {
    "open": N_("open"),
    "done": N_("done"),
    "carried": N_("carried to the next meeting"),
    "withdrawn": N_("withdrawn"),
}

MAX_ACTION_CHARS = 2000


class ActionItem(Struct):
    id: str
    text: str
    who: str  # a member id, or free text ("the secretariat")
    due: str  # "YYYY-MM-DD" or ""
    item: str | None  # the agenda item it came out of
    added_at: float
    done_at: float | None = None
    carried_at: float | None = None
    withdrawn_at: float | None = None  # withdrawn as recorded in error (domain/corrections.py)

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.done_at is not None:
            return "done"
        return "carried" if self.carried_at is not None else "open"

    @property
    def is_open(self) -> bool:
        """Not done yet (open, or carried to the next meeting), and not withdrawn."""
        return self.done_at is None and self.withdrawn_at is None


class MinutesApproval(Struct, frozen=True):
    """This session approved the minutes of an earlier one."""

    session: str  # the earlier session's file name, e.g. "2026-02-14-monthly-meeting.json"
    title: str
    date: str
    at: float




# ---------------------------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------------------------

def minutes_approvals(state: SessionState) -> list[MinutesApproval]:
    """The earlier sessions whose minutes this session approved, in order."""
    return state.approvals


def _on_action_added(state: SessionState, e: Event) -> None:
    d = e.data
    state.actions[d["id"]] = ActionItem(
        id=d["id"],
        text=d["text"],
        who=d.get("who", ""),
        due=d.get("due", ""),
        item=d.get("item") or None,
        added_at=e.at,
    )


def _on_action_done(state: SessionState, e: Event) -> None:
    state.actions[e.data["id"]].done_at = e.at


def _on_action_carried(state: SessionState, e: Event) -> None:
    state.actions[e.data["id"]].carried_at = e.at


def _on_minutes_approved(state: SessionState, e: Event) -> None:
    d = e.data
    minutes_approvals(state).append(
        MinutesApproval(session=d["session"], title=d.get("title", ""), date=d.get("date", ""), at=e.at)
    )


ev.register_kinds(ACTION_ADDED, ACTION_DONE, ACTION_CARRIED, MINUTES_APPROVED)
#: The fold of these events (composed with the others in session.py).
HANDLERS = {
    ACTION_ADDED: _on_action_added,
    ACTION_DONE: _on_action_done,
    ACTION_CARRIED: _on_action_carried,
    MINUTES_APPROVED: _on_minutes_approved,
}


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

def is_date(text: str) -> bool:
    """Whether `text` is a calendar date (`dates.parse_date`: YYYY-MM-DD, Arabic digits too)."""
    return dates.is_date(text)


def _require_open(state: SessionState) -> None:
    if state.is_closed:
        raise Refusal(_("This session is closed; nothing more can be recorded in it."))


def _require_called(state: SessionState) -> None:
    _require_open(state)
    if not state.called_to_order:  # business waits for the call to order (session.call_to_order)
        raise Refusal(_("The meeting has not been called to order yet: press O to call it to order, then begin business."))


def _action(state: SessionState, action_id: str) -> ActionItem:
    try:
        return state.actions[action_id]
    except KeyError:
        raise Refusal(_("There is no action item '{id}' in this session.", id=action_id)) from None


def add_action(
    state: SessionState,
    text: str,
    *,
    who: str,
    due: str,
    item: str | None = None,
    now: float,
) -> list[Event]:
    """Record an action item. `item` defaults to the running agenda item (if any)."""
    _require_open(state)  # also before the call to order: open actions carried from the last session
    text = " ".join(text.split())
    if not text:
        raise Refusal(_("An action item needs a text: say what is to be done."))
    if len(text) > MAX_ACTION_CHARS:
        raise Refusal(_("An action item is at most {max} characters; shorten it.", max=MAX_ACTION_CHARS))
    who = " ".join(who.split())
    due = due.strip()
    if due:
        problem = dates.date_problem(due)
        if problem:
            raise Refusal(_("The due date: {problem} Leave it empty for none.", problem=problem))
        due = dates.normalize_date(due)
    if item is None:
        item = state.current_item
    elif item not in state.items:
        raise Refusal(_("There is no agenda item '{id}'.", id=item))
    n = len(state.actions) + 1
    while f"action-{n}" in state.actions:
        n += 1
    data: dict[str, Any] = {"id": f"action-{n}", "text": text, "who": who, "due": due, "item": item or ""}
    return [Event(ACTION_ADDED, now, data)]


def complete_action(state: SessionState, action_id: str, *, now: float) -> list[Event]:
    _require_open(state)
    action = _action(state, action_id)
    if action.withdrawn_at is not None:
        raise Refusal(_("Action item '{text}' was withdrawn.", text=action.text))
    if action.done_at is not None:
        raise Refusal(_("Action item '{text}' is already done.", text=action.text))
    return [Event(ACTION_DONE, now, {"id": action_id})]


def carry_action(state: SessionState, action_id: str, *, now: float) -> list[Event]:
    """Carry an unfinished action item over to the next meeting."""
    _require_open(state)
    action = _action(state, action_id)
    if action.withdrawn_at is not None:
        raise Refusal(_("Action item '{text}' was withdrawn.", text=action.text))
    if action.done_at is not None:
        raise Refusal(_("Action item '{text}' is done; only an open one is carried over.", text=action.text))
    if action.carried_at is not None:
        raise Refusal(_("Action item '{text}' is already carried to the next meeting.", text=action.text))
    return [Event(ACTION_CARRIED, now, {"id": action_id})]


def carry_open_actions(state: SessionState, *, now: float) -> list[Event]:
    """Carry every action item still open (e.g. just before closing the session)."""
    _require_open(state)
    return [Event(ACTION_CARRIED, now, {"id": a.id}) for a in state.actions.values() if a.status == "open"]


def action_status_label(action: ActionItem) -> str:
    return tr(ACTION_STATUS[action.status])


def _previous_ref(previous: Any) -> tuple[str, str, str]:
    """(file name, title, date) of the previous session: a mapping with keys session, title
    and date, or an object with `path` (or `session`), `title` and `date` (a SessionEntry)."""
    if isinstance(previous, Mapping):
        session, title, date = previous.get("session", ""), previous.get("title", ""), previous.get("date", "")
    else:
        path = getattr(previous, "path", None)
        session = getattr(path, "name", None) or getattr(previous, "session", "")
        title, date = getattr(previous, "title", ""), getattr(previous, "date", "")
    return str(session or ""), str(title or ""), str(date or "")


def approve_previous_minutes(state: SessionState, *, previous: Any, now: float) -> list[Event]:
    """Record that this session approved the minutes of `previous` (an earlier session of the
    same committee: a `SessionEntry`, or a mapping with session, title and date)."""
    _require_called(state)
    if previous is None:
        raise Refusal(_("There is no previous session of this committee whose minutes could be approved."))
    session, title, date = _previous_ref(previous)
    if not session.endswith(".json") or "/" in session or "\\" in session:
        raise Refusal(_("'{name}' is not the file name of a session (it ends in .json).", name=session))
    if date and state.date and date > state.date:
        raise Refusal(
            _("The session of {date} is later than this one ({today}); only earlier minutes can be approved.", date=date, today=state.date)
        )
    if any(a.session == session for a in minutes_approvals(state)):
        raise Refusal(_("The minutes of '{title}' are already approved in this session.", title=title or session))
    return [Event(MINUTES_APPROVED, now, {"session": session, "title": title or session, "date": date})]
