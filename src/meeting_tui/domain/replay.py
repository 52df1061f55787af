"""Replaying a stored session: every event is checked against its kind before it is folded.

A session file may have been damaged or crafted. `replay` folds the stored events one by one
and stops at the first one that is not what its kind says — wrong types, numbers out of range,
a timestamp that is not a finite moment between 2000 and 2100, a member, agenda item or
proposal the session does not know, a ``seq`` out of order, or an event the state at that point
cannot take (a vote counted with no open vote) — with `ReplayError` naming the event. Nothing
that passes can crash a later view: every id an event names exists in the state.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from meeting_tui.domain import actions as _actions  # noqa: F401 - their kinds and handlers
from meeting_tui.domain import conflicts as _conflicts  # noqa: F401
from meeting_tui.domain import consensus as _consensus  # noqa: F401
from meeting_tui.domain import corrections as _corrections
from meeting_tui.domain import decisions as _decisions  # noqa: F401
from meeting_tui.domain import events as ev
from meeting_tui.domain import revisit as _revisit  # noqa: F401
from meeting_tui.domain.events import Event
from meeting_tui.domain.session import SessionState, apply, new_state
from meeting_tui.i18n import _

__all__ = ["EARLIEST", "LATEST", "ReplayError", "extend", "replay"]

EARLIEST = 946_684_800.0  # 2000-01-01 00:00 UTC
LATEST = 4_102_444_800.0  # 2100-01-01 00:00 UTC

#: Kinds whose ``member`` (or ``giver``/``holder``) must be a member (or guest) of the session.
_MEMBER_KEYS: dict[str, tuple[str, ...]] = {
    ev.MEMBER_ARRIVED: ("member",),
    ev.MEMBER_DEPARTED: ("member",),
    ev.MEMBER_APOLOGIES: ("member",),
    ev.PROXY_ASSIGNED: ("giver", "holder"),
    ev.PROXY_WITHDRAWN: ("giver",),
    ev.SPEAKER_QUEUED: ("member",),
    ev.SPEAKER_WITHDRAWN: ("member",),
    ev.SPEAKER_STARTED: ("member",),
    ev.SPEAKER_STOPPED: ("member",),
    "vote.cast": ("member",),
    "vote.participated": ("member",),
    "vote.changed": ("member",),
    "consensus.responded": ("member",),
    _corrections.STRUCK: ("member",),
}

#: Kinds whose ``item`` must be an item of the agenda at that point.
_ITEM_KINDS = {
    ev.ITEM_STARTED,
    ev.ITEM_PAUSED,
    ev.ITEM_RESUMED,
    ev.ITEM_EXTENDED,
    ev.ITEM_FINISHED,
    ev.ITEM_SKIPPED,
    ev.ITEM_DEFERRED,
    ev.ITEM_MOVED,
    ev.NOTE_SET,
}

#: Kinds whose ``proposal`` must be a proposal made in this session.
_PROPOSAL_KINDS = {
    "proposal.amended",
    "proposal.corrected",
    "proposal.escalated",
    "proposal.deferred",
    "vote.opened",
    "vote.cast",
    "vote.participated",
    "vote.box_closed",
    "vote.counted",
    "vote.closed",
    "vote.cancelled",
    "vote.changed",
    "consensus.opened",
    "consensus.responded",
    "consensus.closed",
    "consensus.cancelled",
}

#: Kinds that need the vote on their ``proposal`` to be open.
_OPEN_VOTE_KINDS = {
    "vote.cast",
    "vote.participated",
    "vote.box_closed",
    "vote.counted",
    "vote.closed",
    "vote.cancelled",
    "vote.changed",
}

#: The ballots an event belongs to: a choice by name only on a roll call, a participation only
#: on a secret ballot, counts never on a roll call (a crafted file cannot pair a secret ballot's
#: voter with a choice).
_BALLOT_KINDS = {
    "vote.cast": ("roll-call",),
    "vote.changed": ("roll-call",),
    "vote.participated": ("secret",),
    "vote.box_closed": ("secret",),
    "vote.counted": ("show-of-hands", "secret"),
}

#: Text fields (wherever they appear at the top of ``data``).
_TEXT_KEYS = ("member", "giver", "holder", "proposal", "reason", "text", "title", "name", "mode", "choice", "place")

#: Whole numbers with their allowed range (wherever they appear at the top of ``data``).
_INT_KEYS: dict[str, tuple[int, int]] = {
    "yes": (0, 1_000_000),
    "no": (0, 1_000_000),
    "abstain": (0, 1_000_000),
    "position": (0, 100_000),
    "round": (0, 100_000),
    "version": (0, 100_000),
}


#: Kinds that are business: in a prepared session they come only after the call to order.
_BUSINESS_KINDS = {
    ev.ITEM_STARTED,
    ev.ITEM_SKIPPED,
    ev.ITEM_DEFERRED,
    ev.SPEAKER_QUEUED,
    ev.SPEAKER_STARTED,
    ev.SESSION_CLOSED,
    "proposal.made",
    "vote.opened",
    "consensus.opened",
}


class ReplayError(ValueError):
    """A stored event that cannot be part of a valid session; `seq` is its position."""

    def __init__(self, seq: int, kind: str, message: str) -> None:
        self.seq = seq
        self.kind = kind
        self.message = message
        super().__init__(f"event {seq} ({kind}): {message}")

    @property
    def reason(self) -> str:
        """Why the file is damaged, by its line (line 1 is the header: event n is on line n + 1)."""
        return _("line {line}: {kind} cannot be replayed: {what}", line=self.seq + 1, kind=self.kind, what=self.message)


def replay(raw_events: Iterable[Mapping[str, Any]]) -> SessionState:
    """The state of a session from its stored events, each checked first (see the module)."""
    state: SessionState | None = None
    expected = 0
    raw_events = list(raw_events)
    # What corrections leave out in the end is not folded at all (one fold, not one per undo).
    left_out = _corrections.left_out(raw_events)
    for raw in raw_events:
        expected += 1
        kind = str(raw.get("kind", "?"))[:60] if isinstance(raw, Mapping) else "?"
        try:
            event = Event.from_dict(dict(raw))
            _check_event(event, expected)
            if state is None:
                state = new_state(event)
                _check_roster(state)
            elif event.kind in _corrections.LEAVING_OUT or event.seq in left_out:
                if event.kind in _corrections.LEAVING_OUT:
                    _check_against(state, event)
                    _corrections.note(state, event)
                state.log.append(event)
                state.seq = event.seq
            else:
                _check_against(state, event)
                apply(state, event)
        except ReplayError:
            raise
        except RecursionError:
            raise ReplayError(expected, kind, "is nested too deeply") from None
        except Exception as error:  # noqa: BLE001 - any failure of a crafted event is damage
            raise ReplayError(expected, kind, _describe(error)) from None
    if state is None:
        raise ReplayError(1, ev.SESSION_OPENED, "is missing: a session has at least its session.opened event")
    return state


def extend(state: SessionState, raw_events: Iterable[Mapping[str, Any]]) -> SessionState:
    """Fold more stored events onto `state` (what a follower of a session file reads next),
    each checked as `replay` checks it; `ReplayError` at the first that does not fit (the
    events before it are folded)."""
    for raw in raw_events:
        expected = state.seq + 1
        kind = str(raw.get("kind", "?"))[:60] if isinstance(raw, Mapping) else "?"
        try:
            event = Event.from_dict(dict(raw))
            _check_event(event, expected)
            _check_against(state, event)
            apply(state, event)
        except ReplayError:
            raise
        except RecursionError:
            raise ReplayError(expected, kind, "is nested too deeply") from None
        except Exception as error:  # noqa: BLE001 - any failure of a crafted event is damage
            raise ReplayError(expected, kind, _describe(error)) from None
    return state


def _describe(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if isinstance(error, KeyError):
        text = f"lacks {text}"
    return text if len(text) <= 200 else text[:197] + "..."


def _check_event(event: Event, expected: int) -> None:
    def fail(message: str) -> None:
        raise ReplayError(expected, event.kind, message)

    if event.seq != expected:
        fail(f"has seq {event.seq}; it is event {expected} of the session")
    if not math.isfinite(event.at) or not EARLIEST <= event.at < LATEST:
        fail(f"has a timestamp ({event.at!r}) that is not a moment between 2000 and 2100")
    if expected == 1 and event.kind != ev.SESSION_OPENED:
        fail("a session's first event must be session.opened")
    if expected > 1 and event.kind == ev.SESSION_OPENED:
        fail("a session is opened only once")
    if expected == 1 and not isinstance(event.data.get("prepared", False), bool):
        fail("prepared must be true or false")
    data = event.data
    for key in _TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            fail(f"{key} must be text, not {type(data[key]).__name__}")
    for key, (low, high) in _INT_KEYS.items():
        if key in data:
            value = data[key]
            if key == "position" and value is None:  # item.added at the end of the agenda
                continue
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                fail(f"{key} = {_short(value)} must be a whole number from {low} to {high}")
    _check_numbers(data, fail)


def _check_numbers(value: Any, fail, depth: int = 0) -> None:
    """Every number inside *value* is finite and of a sane size."""
    if depth > 50:
        fail("is nested too deeply")
    if type(value) is str:  # most values: nothing to check
        return
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) > 1e15:
            fail(f"contains the number {value!r}, which is not a usable value")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 10**15:
            fail("contains a number too large to be a usable value")
    elif isinstance(value, dict):
        for item in value.values():
            _check_numbers(item, fail, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item, fail, depth + 1)


def _check_roster(state: SessionState) -> None:
    if not state.members:
        raise ReplayError(1, ev.SESSION_OPENED, "the committee snapshot has no members")
    if not isinstance(state.committee.language, str):
        raise ReplayError(1, ev.SESSION_OPENED, "the committee snapshot's language is not a language code")
    for member_id, member in state.members.items():
        if not isinstance(member_id, str) or not isinstance(member.name, str):
            raise ReplayError(1, ev.SESSION_OPENED, "the committee snapshot has a member that is not valid")


def _check_against(state: SessionState, event: Event) -> None:
    data = event.data

    def fail(message: str) -> None:
        raise ReplayError(event.seq, event.kind, message)

    if state.is_closed and event.kind == ev.SESSION_CALLED_TO_ORDER:
        fail("calls to order a session already adjourned")
    if event.kind == ev.SESSION_CALLED_TO_ORDER:
        if state.called_at is not None:
            fail("calls the meeting to order a second time")
        if data:
            fail("carries data; a call to order has none")
    if event.kind in _BUSINESS_KINDS and state.called_at is None:
        fail("is business recorded before the meeting was called to order")
    for key in _MEMBER_KEYS.get(event.kind, ()):
        value = data.get(key)
        if value not in state.members:
            fail(f"names {key} {_short(value)}, who is not in the session's roster")
    if event.kind in _ITEM_KINDS:
        item = data.get("item")
        if not isinstance(item, str) or item not in state.items:
            fail(f"names agenda item {_short(item)}, which is not on the agenda")
    if event.kind == ev.ITEM_ADDED:
        item = data.get("item")
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in state.items:
            fail("adds an agenda item without a new id")
    if event.kind in _PROPOSAL_KINDS:
        proposal = data.get("proposal")
        if proposal not in state.decisions.proposals:
            fail(f"names proposal {_short(proposal)}, which was not made in this session")
    if event.kind in _OPEN_VOTE_KINDS:
        ballot = state.decisions.ballot
        if ballot is None or getattr(ballot, "proposal", None) != data.get("proposal"):
            fail("records a vote on a proposal whose vote is not open")
        if event.kind in _BALLOT_KINDS and ballot.kind not in _BALLOT_KINDS[event.kind]:
            fail(f"does not belong to a {ballot.kind} ballot")
        if event.kind == "vote.participated" and ballot.box_closed:
            fail("puts a ballot in a box already closed for counting")
        if event.kind == "vote.box_closed" and ballot.counting:
            fail("closes a ballot box that is already closed")
    if event.kind == "proposal.made":
        if not isinstance(data.get("id"), str) or data["id"] in state.decisions.proposals:
            fail("makes a proposal without a new id")
    if event.kind == ev.GUEST_ADDED:
        if not isinstance(data.get("id"), str) or data["id"] in state.members:
            fail("adds a guest without a new id")
    if event.kind in _corrections.KINDS:
        _corrections.check(state, event, fail)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
