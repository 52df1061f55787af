"""The event types: the only thing that is ever stored for a session.

An event is a kind, a timestamp (seconds since the epoch, UTC, from the injected clock) and a
small dict of JSON values. Events are never edited or deleted; a facilitator's slip is undone
by a correcting event. `seq` is the event's position in the session's log (1-based) and is
given by the store when the event is appended.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field

# Session lifecycle
SESSION_OPENED = "session.opened"  # committee + agenda snapshot, title, date, place, prepared
# The chair calls the meeting to order (business may begin; the meeting clock starts). A session
# opened with "prepared": true waits for it; an older one was called to order when it opened.
SESSION_CALLED_TO_ORDER = "session.called_to_order"
SESSION_CLOSED = "session.closed"  # the adjournment: the meeting ends, nothing more is recorded

# Attendance
MEMBER_ARRIVED = "member.arrived"  # member, mode (in-person | remote)
MEMBER_DEPARTED = "member.departed"  # member
MEMBER_APOLOGIES = "member.apologies"  # member
GUEST_ADDED = "guest.added"  # id, name, organisation, role
PROXY_ASSIGNED = "proxy.assigned"  # giver (absent member), holder (present voting member)
PROXY_WITHDRAWN = "proxy.withdrawn"  # giver

# Agenda and timers
ITEM_STARTED = "item.started"  # item
ITEM_PAUSED = "item.paused"  # item
ITEM_RESUMED = "item.resumed"  # item
ITEM_EXTENDED = "item.extended"  # item, minutes, reason
ITEM_FINISHED = "item.finished"  # item
ITEM_SKIPPED = "item.skipped"  # item
ITEM_DEFERRED = "item.deferred"  # item, reason (carried to the next session's agenda)
ITEM_ADDED = "item.added"  # item (an AgendaItem dict), position (0-based, in the current order)
ITEM_MOVED = "item.moved"  # item, position

# Speakers' list
SPEAKER_QUEUED = "speaker.queued"  # member
SPEAKER_WITHDRAWN = "speaker.withdrawn"  # member (taken off the queue)
SPEAKER_STARTED = "speaker.started"  # member (gives the floor; ends the previous turn)
SPEAKER_STOPPED = "speaker.stopped"  # member

# Notes
NOTE_SET = "note.set"  # item, text

# The next meeting (for the minutes)
NEXT_MEETING_SET = "next_meeting.set"  # date (YYYY-MM-DD), time (HH:MM or ""), place

# Who took the minutes (for their sign-off); allowed after the close
MINUTES_TAKER_SET = "minutes.taker_set"  # who (a member id, or a name typed in)

KINDS = set(
    {
        SESSION_OPENED,
        SESSION_CALLED_TO_ORDER,
        SESSION_CLOSED,
        MEMBER_ARRIVED,
        MEMBER_DEPARTED,
        MEMBER_APOLOGIES,
        GUEST_ADDED,
        PROXY_ASSIGNED,
        PROXY_WITHDRAWN,
        ITEM_STARTED,
        ITEM_PAUSED,
        ITEM_RESUMED,
        ITEM_EXTENDED,
        ITEM_FINISHED,
        ITEM_SKIPPED,
        ITEM_DEFERRED,
        ITEM_ADDED,
        ITEM_MOVED,
        SPEAKER_QUEUED,
        SPEAKER_WITHDRAWN,
        SPEAKER_STARTED,
        SPEAKER_STOPPED,
        NOTE_SET,
        NEXT_MEETING_SET,
        MINUTES_TAKER_SET,
    }
)


def register_kinds(*kinds: str) -> None:
    """Other domain modules declare their event kinds here (so stored events validate)."""
    KINDS.update(kinds)


class Event(Struct, frozen=True):
    kind: str
    at: float
    data: dict[str, Any] = field(default_factory=dict)
    seq: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "at": self.at, "data": self.data}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Event:
        if not isinstance(raw, dict):
            raise ValueError("an event must be an object")
        kind = raw.get("kind")
        at = raw.get("at")
        data = raw.get("data", {})
        seq = raw.get("seq", 0)
        if kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        if not isinstance(at, (int, float)) or isinstance(at, bool):
            raise ValueError(f"event {kind} has no valid timestamp")
        if not isinstance(data, dict):
            raise ValueError(f"event {kind} has data that is not an object")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise ValueError(f"event {kind} has an invalid sequence number")
        return cls(kind=kind, at=float(at), data=data, seq=seq)

    def with_seq(self, seq: int) -> Event:
        return Event(kind=self.kind, at=self.at, data=self.data, seq=seq)
