"""Session state as a fold of events, and the commands that produce events.

A command takes the current state, checks it, and returns the events to append — or raises
`Refusal` with a message that says what is wrong and how to fix it; the state is never
touched by a command. `apply` then folds the appended events into the state (in place, O(1)
per event, so a 10,000-event session replays fast). Time always comes in as `now` (seconds
since the epoch, UTC) from an injected clock; the domain never reads a clock itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Iterable

from msgspec import Struct, field

from meeting_tui.domain import actions as _actions
from meeting_tui.domain import conflicts as _conflicts
from meeting_tui.domain import consensus as _consensus
from meeting_tui.domain import corrections as _corrections
from meeting_tui.domain import dates as _dates
from meeting_tui.domain import decisions as _decisions
from meeting_tui.domain import eligibility
from meeting_tui.domain import events as ev
from meeting_tui.domain import interests as _interests
from meeting_tui.domain import revisit as _revisit
from meeting_tui.domain.actions import ActionItem, MinutesApproval
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.interests import Interest
from meeting_tui.domain.model import ATTENDANCE_MODES, ITEM_KINDS, Agenda, AgendaItem, Committee, Member
from meeting_tui.domain.rules import Presence, QuorumStatus, SeatIndex, counts_as_present, has_vote, quorum_of
from meeting_tui.i18n import _, labels, ngettext, tr


class Attendance(Struct):
    status: str = "absent"  # absent | present | apologies | left
    mode: str = "in-person"
    arrivals: list[float] = field(default_factory=list)
    departures: list[float] = field(default_factory=list)


class ItemState(Struct):
    item: AgendaItem
    status: str = "pending"  # pending | running | paused | done | skipped | deferred
    started_at: float | None = None
    finished_at: float | None = None
    running_since: float | None = None  # start of the current running segment
    elapsed_before: float = 0.0  # seconds run in earlier segments
    extended_minutes: float = 0.0
    extensions: list[tuple[float, float, str]] = field(default_factory=list)
    added_at: float | None = None  # set for items added during the meeting
    deferred_reason: str = ""

    @property
    def planned_seconds(self) -> float:
        return (self.item.minutes + self.extended_minutes) * 60

    def elapsed(self, now: float) -> float:
        running = now - self.running_since if self.running_since is not None else 0.0
        return self.elapsed_before + max(0.0, running)

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the item overruns."""
        return self.planned_seconds - self.elapsed(now)


class SpeakingTurn(Struct):
    member: str
    item: str | None
    started: float
    ended: float | None = None

    def seconds(self, now: float) -> float:
        end = self.ended if self.ended is not None else now
        return max(0.0, end - self.started)


class QuorumChange(Struct, frozen=True):
    at: float
    status: QuorumStatus


@dataclass  # not a Struct: its caches and log are left out of == and repr (field(compare=False))
class SessionState:
    committee: Committee
    agenda: Agenda
    title: str
    date: str
    place: str
    opened_at: float
    prepared: bool = False  # opened ahead: waits for the chair's call to order
    called_at: float | None = None  # the call to order (opened_at for a session not prepared)
    quorum_at_call: QuorumStatus | None = None
    chair: str = ""  # member ids, "" when the committee has none
    secretary: str = ""
    closed_at: float | None = None
    members: dict[str, Member] = _field(default_factory=dict)
    attendance: dict[str, Attendance] = _field(default_factory=dict)
    proxies: dict[str, str] = _field(default_factory=dict)  # giver -> holder
    items: dict[str, ItemState] = _field(default_factory=dict)  # in agenda order
    current_item: str | None = None
    notes: dict[str, str] = _field(default_factory=dict)
    next_meeting: dict[str, str] = _field(default_factory=dict)  # date, time, place
    minutes_taker: str = ""  # who took the minutes: a member id or a typed name ("" = the secretary)
    speaker_queue: list[str] = _field(default_factory=list)
    turns: list[SpeakingTurn] = _field(default_factory=list)
    quorum_now: QuorumStatus | None = None
    seat_index: SeatIndex | None = _field(default=None, compare=False, repr=False)  # built once
    presence: Presence | None = _field(default=None, compare=False, repr=False)  # kept per arrival/departure
    quorum_log: list[QuorumChange] = _field(default_factory=list)
    actions: dict[str, ActionItem] = _field(default_factory=dict)  # domain/actions.py
    approvals: list[MinutesApproval] = _field(default_factory=list)  # earlier minutes approved here
    decisions: _decisions.DecisionsState = _field(default_factory=lambda: _decisions.DecisionsState())
    conflicts: _conflicts.ConflictsState = _field(default_factory=lambda: _conflicts.ConflictsState())
    revisits: _revisit.RevisitState = _field(default_factory=lambda: _revisit.RevisitState())
    interests: list[Interest] = _field(default_factory=list)  # domain/interests.py, in the order declared
    corrections: _corrections.CorrectionsState = _field(default_factory=lambda: _corrections.CorrectionsState())
    log: list[Event] = _field(default_factory=list, compare=False, repr=False)  # every event folded (corrections refold it)
    seq: int = 0

    @property
    def charter(self):
        return self.committee.charter

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def called_to_order(self) -> bool:
        return self.called_at is not None

    def present(self) -> dict[str, str]:
        return {mid: a.mode for mid, a in self.attendance.items() if a.status == "present"}

    def quorum(self) -> QuorumStatus:
        if self.quorum_now is None:
            self.quorum_now = quorum_of(self.charter, self.counted_presence(), self.proxies)
        return self.quorum_now

    def counted_presence(self) -> Presence:
        """Who is counted present for quorum (built once, then updated per attendance event)."""
        if self.seat_index is None:
            self.seat_index = SeatIndex.build(self.charter, self.members.values())
        if self.presence is None or self.presence.index is not self.seat_index:
            self.presence = Presence.count(self.charter, self.seat_index, self.present())
        return self.presence

    def member(self, member_id: str) -> Member:
        try:
            return self.members[member_id]
        except KeyError:
            raise Refusal(
                _("There is no member with id '{id}' in this session's roster.", id=member_id)
            ) from None

    def proxies_held(self, holder: str) -> list[str]:
        return [giver for giver, h in self.proxies.items() if h == holder]

    @property
    def current_speaker(self) -> SpeakingTurn | None:
        if self.turns and self.turns[-1].ended is None:
            return self.turns[-1]
        return None

    def meeting_elapsed(self, now: float) -> float:
        """Seconds since the call to order (until the adjournment); 0 before the call."""
        if self.called_at is None:
            return 0.0
        end = self.closed_at if self.closed_at is not None else now
        return max(0.0, end - self.called_at)


# ---------------------------------------------------------------------------------------------
# Folding events into state
# ---------------------------------------------------------------------------------------------


def new_state(opened: Event) -> SessionState:
    if opened.kind != ev.SESSION_OPENED:
        raise ValueError("a session's first event must be session.opened")
    d = opened.data
    prepared = d.get("prepared", False) is True
    committee = Committee.from_dict(d["committee"])
    agenda = Agenda.from_dict(d["agenda"])
    state = SessionState(
        committee=committee,
        agenda=agenda,
        title=d.get("title", agenda.title),
        date=d.get("date", ""),
        place=d.get("place", ""),
        opened_at=opened.at,
        prepared=prepared,
        called_at=None if prepared else opened.at,
        chair=d.get("chair", ""),
        secretary=d.get("secretary", ""),
        members={m.id: m for m in committee.members if not m.retired},
        items={item.id: ItemState(item) for item in agenda.items},
        seq=opened.seq,
        log=[opened],
    )
    state.attendance = {mid: Attendance() for mid in state.members}
    state.quorum_log.append(QuorumChange(opened.at, state.quorum()))
    if not prepared:
        state.quorum_at_call = state.quorum()
    return state


def fold(events: Iterable[Event]) -> SessionState:
    iterator = iter(events)
    try:
        first = next(iterator)
    except StopIteration:
        raise ValueError("a session has at least its session.opened event") from None
    state = new_state(first)
    for event in iterator:
        apply(state, event)
    return state


def apply(state: SessionState, event: Event) -> SessionState:
    """Fold one event into `state` (in place) and return it.

    Handlers live in `_APPLY`, composed below from this module's and the others' `HANDLERS`."""
    state.log.append(event)
    handler = _APPLY.get(event.kind)
    if handler is not None:
        handler(state, event)
    if event.seq:
        state.seq = event.seq
    return state


def apply_all(state: SessionState, events: Iterable[Event]) -> SessionState:
    for event in events:
        apply(state, event)
    return state


def _attendance_changed(state: SessionState, at: float, member_id: str | None = None) -> None:
    """Quorum again after an arrival or departure (of `member_id`) or a proxy change."""
    if member_id is not None and state.presence is not None:
        a = state.attendance[member_id]
        state.presence.update(member_id, a.status == "present" and counts_as_present(state.charter, a.mode))
    before = state.quorum_now
    state.quorum_now = None
    after = state.quorum()
    if before is None or before.met != after.met:
        state.quorum_log.append(QuorumChange(at, after))


def _on_arrived(state: SessionState, e: Event) -> None:
    a = state.attendance.setdefault(e.data["member"], Attendance())
    a.status = "present"
    a.mode = e.data.get("mode", "in-person")
    a.arrivals.append(e.at)
    # A member who arrives votes in person: a proxy they gave lapses.
    state.proxies.pop(e.data["member"], None)
    _attendance_changed(state, e.at, e.data["member"])


def _on_departed(state: SessionState, e: Event) -> None:
    member_id = e.data["member"]
    a = state.attendance[member_id]
    a.status = "left"
    a.departures.append(e.at)
    # Proxies held by someone who leaves lapse (the holder must be present to carry them).
    for giver in state.proxies_held(member_id):
        del state.proxies[giver]
    if member_id in state.speaker_queue:
        state.speaker_queue.remove(member_id)
    current = state.current_speaker
    if current is not None and current.member == member_id:
        current.ended = e.at
    _attendance_changed(state, e.at, member_id)


def _on_apologies(state: SessionState, e: Event) -> None:
    state.attendance[e.data["member"]].status = "apologies"
    _attendance_changed(state, e.at, e.data["member"])  # (refused for a present member: no change)


def _on_guest(state: SessionState, e: Event) -> None:
    d = e.data
    guest = Member(
        id=d["id"],
        name=d["name"],
        organisation=d.get("organisation", ""),
        role=d.get("role", "observer"),
        voting=False,
        constituency=d.get("constituency", "partner"),
    )
    state.members[guest.id] = guest
    state.seat_index = None  # (guests never vote, but the roster changed)
    state.attendance[guest.id] = Attendance(status="present", arrivals=[e.at])


def _on_proxy_assigned(state: SessionState, e: Event) -> None:
    state.proxies[e.data["giver"]] = e.data["holder"]
    _attendance_changed(state, e.at)


def _on_proxy_withdrawn(state: SessionState, e: Event) -> None:
    state.proxies.pop(e.data["giver"], None)
    _attendance_changed(state, e.at)


def _on_item_started(state: SessionState, e: Event) -> None:
    item = state.items[e.data["item"]]
    item.status = "running"
    item.started_at = item.started_at or e.at
    item.running_since = e.at
    state.current_item = item.item.id


def _on_item_paused(state: SessionState, e: Event) -> None:
    item = state.items[e.data["item"]]
    item.elapsed_before = item.elapsed(e.at)
    item.running_since = None
    item.status = "paused"


def _on_item_resumed(state: SessionState, e: Event) -> None:
    item = state.items[e.data["item"]]
    item.running_since = e.at
    item.status = "running"


def _on_item_extended(state: SessionState, e: Event) -> None:
    item = state.items[e.data["item"]]
    item.extended_minutes += e.data["minutes"]
    item.extensions.append((e.at, e.data["minutes"], e.data.get("reason", "")))


def _on_item_finished(state: SessionState, e: Event) -> None:
    item = state.items[e.data["item"]]
    item.elapsed_before = item.elapsed(e.at)
    item.running_since = None
    item.finished_at = e.at
    item.status = "done"
    _leave_item(state, item, e.at)


def _leave_item(state: SessionState, item: ItemState, at: float) -> None:
    """The running item stops: its clock stops and whoever had the floor on it stops."""
    if state.current_item == item.item.id:
        state.current_item = None
    current = state.current_speaker
    if current is not None:
        current.ended = at


def _on_item_skipped(state: SessionState, e: Event) -> None:
    state.items[e.data["item"]].status = "skipped"


def _on_item_deferred(state: SessionState, e: Event) -> None:
    item = state.items[e.data["item"]]
    if item.running_since is not None:
        item.elapsed_before = item.elapsed(e.at)
        item.running_since = None
    item.status = "deferred"
    item.deferred_reason = e.data.get("reason", "")
    _leave_item(state, item, e.at)


def _on_item_added(state: SessionState, e: Event) -> None:
    item = ItemState(AgendaItem.from_dict(e.data["item"]), added_at=e.at)
    state.items[item.item.id] = item
    _move(state, item.item.id, e.data.get("position"))


def _on_item_moved(state: SessionState, e: Event) -> None:
    _move(state, e.data["item"], e.data["position"])


def _move(state: SessionState, item_id: str, position: int | None) -> None:
    order = [i for i in state.items if i != item_id]
    position = len(order) if position is None else max(0, min(position, len(order)))
    order.insert(position, item_id)
    state.items = {i: state.items[i] for i in order}


def _on_speaker_queued(state: SessionState, e: Event) -> None:
    state.speaker_queue.append(e.data["member"])


def _on_speaker_withdrawn(state: SessionState, e: Event) -> None:
    if e.data["member"] in state.speaker_queue:
        state.speaker_queue.remove(e.data["member"])


def _on_speaker_started(state: SessionState, e: Event) -> None:
    current = state.current_speaker
    if current is not None:
        current.ended = e.at
    member = e.data["member"]
    if member in state.speaker_queue:
        state.speaker_queue.remove(member)
    state.turns.append(SpeakingTurn(member, state.current_item, e.at))


def _on_speaker_stopped(state: SessionState, e: Event) -> None:
    current = state.current_speaker
    if current is not None:
        current.ended = e.at


def _on_note(state: SessionState, e: Event) -> None:
    state.notes[e.data["item"]] = e.data["text"]


def _on_next_meeting(state: SessionState, e: Event) -> None:
    state.next_meeting = {k: e.data.get(k, "") for k in ("date", "time", "place")}


def _on_minutes_taker(state: SessionState, e: Event) -> None:
    state.minutes_taker = e.data.get("who", "")


def _on_called_to_order(state: SessionState, e: Event) -> None:
    state.called_at = e.at
    state.quorum_at_call = state.quorum()


def _on_closed(state: SessionState, e: Event) -> None:
    if state.current_item is not None:
        _on_item_finished(state, Event(ev.ITEM_FINISHED, e.at, {"item": state.current_item}))
    _on_speaker_stopped(state, e)
    state.closed_at = e.at


_APPLY = {
    ev.MEMBER_ARRIVED: _on_arrived,
    ev.MEMBER_DEPARTED: _on_departed,
    ev.MEMBER_APOLOGIES: _on_apologies,
    ev.GUEST_ADDED: _on_guest,
    ev.PROXY_ASSIGNED: _on_proxy_assigned,
    ev.PROXY_WITHDRAWN: _on_proxy_withdrawn,
    ev.ITEM_STARTED: _on_item_started,
    ev.ITEM_PAUSED: _on_item_paused,
    ev.ITEM_RESUMED: _on_item_resumed,
    ev.ITEM_EXTENDED: _on_item_extended,
    ev.ITEM_FINISHED: _on_item_finished,
    ev.ITEM_SKIPPED: _on_item_skipped,
    ev.ITEM_DEFERRED: _on_item_deferred,
    ev.ITEM_ADDED: _on_item_added,
    ev.ITEM_MOVED: _on_item_moved,
    ev.SPEAKER_QUEUED: _on_speaker_queued,
    ev.SPEAKER_WITHDRAWN: _on_speaker_withdrawn,
    ev.SPEAKER_STARTED: _on_speaker_started,
    ev.SPEAKER_STOPPED: _on_speaker_stopped,
    ev.NOTE_SET: _on_note,
    ev.NEXT_MEETING_SET: _on_next_meeting,
    ev.MINUTES_TAKER_SET: _on_minutes_taker,
    ev.SESSION_CALLED_TO_ORDER: _on_called_to_order,
    ev.SESSION_CLOSED: _on_closed,
}




def compose_handlers(*tables: dict) -> dict:
    """One fold table from the modules' own (each event kind handled once)."""
    composed: dict = {}
    for table in tables:
        clash = set(table) & set(composed)
        if clash:
            raise ValueError(f"event kinds handled twice: {sorted(clash)}")
        composed.update(table)
    return composed


# The domain, composed in one place: every module's fold handlers and hooks, listed here
# (no module registers itself when it is imported).
_APPLY = compose_handlers(
    _APPLY,
    _actions.HANDLERS,
    _decisions.HANDLERS,
    _consensus.HANDLERS,
    _conflicts.HANDLERS,
    _revisit.HANDLERS,
    _interests.HANDLERS,
    _corrections.HANDLERS,
)
_decisions.REGISTER_ID_SOURCES[:] = [*_conflicts.REGISTER_ID_SOURCES]
_corrections.FOLD[:] = [new_state, apply]  # a correction folds the log again without what it corrects


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def open_session(
    committee: Committee,
    agenda: Agenda,
    *,
    now: float,
    title: str = "",
    date: str = "",
    place: str = "",
    prepared: bool = False,
) -> list[Event]:
    """The first event of a session: a snapshot of the roster, charter and agenda in force.

    `prepared`: the session is set up ahead (for `date`, any day) and waits for the chair's
    call to order (`call_to_order`) before business; without it, the opening is the call."""
    title = (title or agenda.title).strip()
    if date:
        problem = _dates.date_problem(date)
        if problem:
            raise Refusal(_("The session's date: {problem}", problem=problem))
        date = _dates.normalize_date(date)
    if not title:
        raise Refusal(_("A session needs a title. Type one, or give the agenda a title."))
    if not committee.members:
        raise Refusal(_("Committee '{name}' has no members. Add members before opening a session.", name=committee.name))
    roles = {}
    for role in ("chair", "secretary"):
        chosen = getattr(agenda, role) or getattr(committee.holder_of(role), "id", "")
        member = committee.member(chosen) if chosen else None
        if chosen and (member is None or member.retired):
            raise Refusal(
                _("The agenda names '{id}' as {role}, but no current member has that id. Fix the agenda file.", id=chosen, role=role)
            )
        roles[role] = chosen
    return [
        Event(
            ev.SESSION_OPENED,
            now,
            {
                "committee": committee.to_dict(),
                "agenda": agenda.to_dict(),
                "title": title,
                "date": date,
                "place": place or agenda.place,
                "chair": roles["chair"],
                "secretary": roles["secretary"],
                **({"prepared": True} if prepared else {}),
            },
        )
    ]


def _require_open(state: SessionState) -> None:
    if state.is_closed:
        raise Refusal(_("This session is closed; nothing more can be recorded in it."))


def require_called(state: SessionState) -> None:
    """Business (items, speakers, proposals, votes, action items) waits for the call to order;
    attendance, proxies, notes and the agenda's order may be taken before it."""
    _require_open(state)
    if not state.called_to_order:
        raise Refusal(_("The meeting has not been called to order yet: press O to call it to order, then begin business."))


def call_to_order(state: SessionState, *, now: float) -> list[Event]:
    """The chair calls the meeting to order: the meeting clock starts and quorum is noted."""
    _require_open(state)
    if state.called_at is not None:
        raise Refusal(_("The meeting was already called to order; it cannot be called to order twice."))
    return [Event(ev.SESSION_CALLED_TO_ORDER, now, {})]


def arrive(state: SessionState, member_id: str, *, now: float, mode: str = "in-person") -> list[Event]:
    _require_open(state)
    member = state.member(member_id)
    if mode not in ATTENDANCE_MODES:
        raise Refusal(_("Attendance must be 'in-person' or 'remote', not '{mode}'.", mode=mode))
    if state.attendance[member_id].status == "present":
        raise Refusal(_("{name} is already marked present.", name=member.name))
    return [Event(ev.MEMBER_ARRIVED, now, {"member": member_id, "mode": mode})]


def depart(state: SessionState, member_id: str, *, now: float) -> list[Event]:
    _require_open(state)
    member = state.member(member_id)
    if state.attendance[member_id].status != "present":
        raise Refusal(_("{name} is not present, so cannot leave. Mark an arrival first.", name=member.name))
    return [Event(ev.MEMBER_DEPARTED, now, {"member": member_id})]


def toggle_presence(state: SessionState, member_id: str, *, now: float, mode: str = "in-person") -> list[Event]:
    """Arrive if absent, depart if present: the one-key attendance action."""
    if state.attendance.get(member_id, Attendance()).status == "present":
        return depart(state, member_id, now=now)
    return arrive(state, member_id, now=now, mode=mode)


def send_apologies(state: SessionState, member_id: str, *, now: float) -> list[Event]:
    _require_open(state)
    member = state.member(member_id)
    status = state.attendance[member_id].status
    if status == "present":
        raise Refusal(_("{name} is present; only an absent member can send apologies.", name=member.name))
    if status == "apologies":
        raise Refusal(_("{name} has already sent apologies.", name=member.name))
    return [Event(ev.MEMBER_APOLOGIES, now, {"member": member_id})]


def add_guest(
    state: SessionState,
    name: str,
    *,
    now: float,
    organisation: str = "",
    role: str = "observer",
) -> list[Event]:
    _require_open(state)
    name = name.strip()
    if not name:
        raise Refusal(_("A guest needs a name."))
    if role not in ("observer", "staff", "mediator"):
        raise Refusal(_("A guest can be an observer, staff or a mediator; members are added to the committee file."))
    n = 1
    while f"guest-{n}" in state.members:
        n += 1
    return [
        Event(
            ev.GUEST_ADDED,
            now,
            {"id": f"guest-{n}", "name": name, "organisation": organisation.strip(), "role": role},
        )
    ]


def assign_proxy(state: SessionState, giver: str, holder: str, *, now: float) -> list[Event]:
    _require_open(state)
    refusal = eligibility.proxy_refusal(state, giver, holder)
    if refusal:
        raise Refusal(refusal)
    return [Event(ev.PROXY_ASSIGNED, now, {"giver": giver, "holder": holder})]


def withdraw_proxy(state: SessionState, giver: str, *, now: float) -> list[Event]:
    _require_open(state)
    g = state.member(giver)
    if giver not in state.proxies:
        raise Refusal(_("{name} has given no proxy.", name=g.name))
    return [Event(ev.PROXY_WITHDRAWN, now, {"giver": giver})]


def start_item(state: SessionState, item_id: str, *, now: float, finish_running: bool = False) -> list[Event]:
    """Start an item: a pending one, or take up again one that was skipped or deferred.

    With `finish_running`, an item still running is finished first (in the same append)."""
    require_called(state)
    item = _item(state, item_id)
    out: list[Event] = []
    if state.current_item is not None and state.current_item != item_id:
        if not finish_running:
            running = state.items[state.current_item].item.title
            raise Refusal(
                _("'{title}' is still running. Finish it first (f), or press n to finish it and start the next item.", title=running)
            )
        out.append(Event(ev.ITEM_FINISHED, now, {"item": state.current_item}))
    if item.status in ("running", "paused"):
        raise Refusal(_("'{title}' has already started.", title=item.item.title))
    if item.status == "done":
        raise Refusal(_("'{title}' is already done.", title=item.item.title))
    out.append(Event(ev.ITEM_STARTED, now, {"item": item_id}))
    return out


def skip_item(state: SessionState, item_id: str, *, now: float) -> list[Event]:
    require_called(state)
    item = _item(state, item_id)
    if item.status != "pending":
        raise Refusal(
            _("Only a pending item can be skipped; '{title}' is {status}.", title=item.item.title, status=tr(labels.ITEM_STATUS[item.status]))
        )
    return [Event(ev.ITEM_SKIPPED, now, {"item": item_id})]


def defer_item(state: SessionState, item_id: str, reason: str = "", *, now: float) -> list[Event]:
    """Carry an item to the next session's agenda (a running item stops)."""
    require_called(state)
    item = _item(state, item_id)
    if item.status in ("done", "deferred"):
        raise Refusal(
            _("'{title}' is {status}; only an item not yet done can be deferred.", title=item.item.title, status=tr(labels.ITEM_STATUS[item.status]))
        )
    return [Event(ev.ITEM_DEFERRED, now, {"item": item_id, "reason": reason.strip()})]


MAX_ITEM_MINUTES = 600


def add_item(
    state: SessionState,
    title: str,
    minutes: float,
    *,
    now: float,
    kind: str = "discussion",
    presenter: str = "",
    position: int | None = None,
) -> list[Event]:
    """Add an item during the meeting ("any other business"); by default at the end."""
    _require_open(state)
    title = title.strip()
    if not title:
        raise Refusal(_("A new agenda item needs a title."))
    if isinstance(minutes, bool) or not 0 < minutes <= MAX_ITEM_MINUTES:
        raise Refusal(ngettext("Plan between 1 and {n} minute for an item.", "Plan between 1 and {n} minutes for an item.", MAX_ITEM_MINUTES))
    if kind not in ITEM_KINDS:
        raise Refusal(_("An item is for information, discussion or decision, not '{kind}'.", kind=kind))
    n = 1
    while f"added-{n}" in state.items:
        n += 1
    item = AgendaItem(id=f"added-{n}", title=title, minutes=minutes, kind=kind, presenter=presenter.strip())
    return [Event(ev.ITEM_ADDED, now, {"item": item.to_dict(), "position": position})]


def move_item(state: SessionState, item_id: str, position: int, *, now: float) -> list[Event]:
    """Put an item at `position` (0-based) in the agenda's order."""
    _require_open(state)
    item = _item(state, item_id)
    order = list(state.items)
    if not 0 <= position < len(order):
        raise Refusal(_("'{title}' cannot move further.", title=item.item.title))
    if order.index(item_id) == position:
        return []
    return [Event(ev.ITEM_MOVED, now, {"item": item_id, "position": position})]


def pause_item(state: SessionState, *, now: float) -> list[Event]:
    require_called(state)
    item = _current(state)
    if item.status == "paused":
        raise Refusal(_("'{title}' is already paused.", title=item.item.title))
    return [Event(ev.ITEM_PAUSED, now, {"item": item.item.id})]


def resume_item(state: SessionState, *, now: float) -> list[Event]:
    require_called(state)
    item = _current(state)
    if item.status != "paused":
        raise Refusal(_("'{title}' is not paused.", title=item.item.title))
    return [Event(ev.ITEM_RESUMED, now, {"item": item.item.id})]


MAX_EXTENSION_MINUTES = 240


def extend_item(state: SessionState, minutes: float, reason: str, *, now: float) -> list[Event]:
    require_called(state)
    item = _current(state)
    if not 0 < minutes <= MAX_EXTENSION_MINUTES:
        raise Refusal(ngettext("Extend by between 1 and {n} minute.", "Extend by between 1 and {n} minutes.", MAX_EXTENSION_MINUTES))
    return [Event(ev.ITEM_EXTENDED, now, {"item": item.item.id, "minutes": minutes, "reason": reason.strip()})]


def finish_item(state: SessionState, *, now: float) -> list[Event]:
    require_called(state)
    item = _current(state)
    return [Event(ev.ITEM_FINISHED, now, {"item": item.item.id})]


def next_item(state: SessionState, *, now: float) -> list[Event]:
    """Finish the running item (if any) and start the next pending one."""
    require_called(state)
    out: list[Event] = []
    if state.current_item is not None:
        out += finish_item(state, now=now)
    pending = [i for i in state.items.values() if i.status == "pending"]
    if not pending:
        if out:
            return out
        raise Refusal(agenda_standing(state) + " " + _("Adjourn the meeting (c), or add an item (+)."))
    out.append(Event(ev.ITEM_STARTED, now, {"item": pending[0].item.id}))
    return out


def agenda_standing(state: SessionState) -> str:
    """When no item is pending: whether every item is done, or which were skipped or deferred
    ("every item is done" only when it is true). "" while an item is pending."""
    if any(i.status == "pending" for i in state.items.values()):
        return ""
    skipped = [i.item.title for i in state.items.values() if i.status == "skipped"]
    deferred = [i.item.title for i in state.items.values() if i.status == "deferred"]
    if not skipped and not deferred:
        return _("Every agenda item is done.")
    parts = []
    if skipped:
        parts.append(_("skipped: {titles}", titles=", ".join(f"'{t}'" for t in skipped)))
    if deferred:
        parts.append(_("deferred to the next session: {titles}", titles=", ".join(f"'{t}'" for t in deferred)))
    return _("No item is pending ({which}).", which="; ".join(parts))


def session_phase(state: SessionState) -> str:
    """'prepared' (before the call to order), 'in-session', or 'adjourned'."""
    if state.is_closed:
        return "adjourned"
    return "in-session" if state.called_to_order else "prepared"


def set_note(state: SessionState, item_id: str, text: str, *, now: float) -> list[Event]:
    _require_open(state)
    _item(state, item_id)
    if state.notes.get(item_id, "") == text:
        return []
    return [Event(ev.NOTE_SET, now, {"item": item_id, "text": text})]


def queue_speaker(state: SessionState, member_id: str, *, now: float) -> list[Event]:
    """Put a present member on the speakers' list."""
    require_called(state)
    member = state.member(member_id)
    if state.attendance[member_id].status != "present":
        raise Refusal(_("{name} is not present; mark the arrival first.", name=member.name))
    if member_id in state.speaker_queue:
        position = state.speaker_queue.index(member_id) + 1
        raise Refusal(_("{name} is already on the speakers' list (number {n}).", name=member.name, n=position))
    current = state.current_speaker
    if current is not None and current.member == member_id:
        raise Refusal(_("{name} has the floor now.", name=member.name))
    refusal = eligibility.speak_refusal(state, member_id)
    if refusal:
        raise Refusal(refusal)
    return [Event(ev.SPEAKER_QUEUED, now, {"member": member_id})]


def withdraw_speaker(state: SessionState, member_id: str, *, now: float) -> list[Event]:
    _require_open(state)
    member = state.member(member_id)
    if member_id not in state.speaker_queue:
        raise Refusal(_("{name} is not on the speakers' list.", name=member.name))
    return [Event(ev.SPEAKER_WITHDRAWN, now, {"member": member_id})]


def give_floor(state: SessionState, member_id: str | None = None, *, now: float) -> list[Event]:
    """Give the floor to `member_id`, or to the first on the speakers' list."""
    require_called(state)
    if member_id is None:
        if not state.speaker_queue:
            raise Refusal(_("The speakers' list is empty. Add a speaker first (k on a member)."))
        member_id = state.speaker_queue[0]
    member = state.member(member_id)
    if state.attendance[member_id].status != "present":
        raise Refusal(_("{name} is not present, so cannot take the floor.", name=member.name))
    current = state.current_speaker
    if current is not None and current.member == member_id:
        raise Refusal(_("{name} has the floor already.", name=member.name))
    refusal = eligibility.speak_refusal(state, member_id)
    if refusal:
        raise Refusal(refusal)
    return [Event(ev.SPEAKER_STARTED, now, {"member": member_id})]


def stop_speaker(state: SessionState, *, now: float) -> list[Event]:
    require_called(state)
    current = state.current_speaker
    if current is None:
        raise Refusal(_("Nobody has the floor."))
    return [Event(ev.SPEAKER_STOPPED, now, {"member": current.member})]


class SpeakingTime(Struct, frozen=True):
    """Total speaking time (seconds), for the facilitator to give the floor fairly."""

    by_member: dict[str, float]
    by_organisation: dict[str, float]
    by_constituency: dict[str, float]
    turns_by_member: dict[str, int]


def speaking_time(state: SessionState, now: float) -> SpeakingTime:
    by_member: dict[str, float] = {}
    turns: dict[str, int] = {}
    for turn in state.turns:
        by_member[turn.member] = by_member.get(turn.member, 0.0) + turn.seconds(now)
        turns[turn.member] = turns.get(turn.member, 0) + 1
    by_org: dict[str, float] = {}
    by_constituency: dict[str, float] = {"community": 0.0, "partner": 0.0}
    for member_id, seconds in by_member.items():
        member = state.members[member_id]
        org = member.organisation or member.name
        by_org[org] = by_org.get(org, 0.0) + seconds
        by_constituency[member.constituency] = by_constituency.get(member.constituency, 0.0) + seconds
    return SpeakingTime(by_member, by_org, by_constituency, turns)


def set_next_meeting(state: SessionState, date: str, place: str = "", time: str = "", *, now: float) -> list[Event]:
    """Record the date (YYYY-MM-DD), time (HH:MM, optional) and place of the next meeting."""
    _require_open(state)
    date, place, time = date.strip(), " ".join(place.split()), time.strip()
    problem = _dates.date_problem(date)
    if problem:
        raise Refusal(_("The next meeting's date: {problem}", problem=problem))
    date = _dates.normalize_date(date)
    if state.date and date <= state.date:
        raise Refusal(_("The next meeting ({date}) must come after this one ({today}).", date=date, today=state.date))
    if time and not _is_clock_time(time):
        raise Refusal(_("Write the time as HH:MM, e.g. 16:30, or leave it empty."))
    return [Event(ev.NEXT_MEETING_SET, now, {"date": date, "time": time, "place": place})]


MAX_NAME_CHARS = 120


def minutes_taker(state: SessionState) -> str:
    """Who took the minutes: as recorded, else the session's secretary ("" if neither)."""
    return state.minutes_taker or state.secretary


def set_minutes_taker(state: SessionState, who: str, *, now: float) -> list[Event]:
    """Record who took the minutes (a member's id or name, or any name typed in: a staff
    member, a volunteer). Allowed after the close: the minutes are finished afterwards."""
    text = " ".join(str(who or "").split())
    if not text:
        raise Refusal(_("Type the name of who took the minutes (or a member's name)."))
    if len(text) > MAX_NAME_CHARS:
        raise Refusal(ngettext("A name is at most {n} character; shorten it.", "A name is at most {n} characters; shorten it.", MAX_NAME_CHARS))
    found = text if text in state.members else ""
    if not found:
        folded = text.casefold()
        matches = [m.id for m in state.members.values() if m.name.casefold() == folded]
        found = matches[0] if len(matches) == 1 else text
    if found == minutes_taker(state):
        return []
    return [Event(ev.MINUTES_TAKER_SET, now, {"who": found})]


def _is_clock_time(text: str) -> bool:
    parts = text.split(":")
    return (
        len(parts) == 2
        and all(p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


def close_session(state: SessionState, *, now: float) -> list[Event]:
    require_called(state)
    return [Event(ev.SESSION_CLOSED, now, {})]


def _item(state: SessionState, item_id: str) -> ItemState:
    try:
        return state.items[item_id]
    except KeyError:
        raise Refusal(_("There is no agenda item '{id}'.", id=item_id)) from None


def _current(state: SessionState) -> ItemState:
    if state.current_item is None:
        raise Refusal(_("No agenda item is running. Start one first (key n)."))
    return state.items[state.current_item]


