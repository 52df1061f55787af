"""The one flow of change of an open session (ARCHITECTURE.md: flow of one action).

Every screen acts through one `SessionService`: `act(command, ...)` runs the domain command
through the controller (checked, appended durably, folded). A refusal is shown once, the same
way wherever it came from, and changes nothing. After each successful action the service posts
ONE `SessionChanged` message carrying the new state and what changed: the events, the
quorum change the domain logged for them (`SessionState.quorum_log`), and the members whose
proxy or speakers'-list marks moved. The message goes to the screens that can be seen (the
top screen and, under a modal, the screen behind it); a hidden screen does no work and brings
itself up to date when it is shown again (`SessionView`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.message import Message

from meeting_tui.controller import SessionController
from meeting_tui.domain.corrections import needs_full_refresh
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.session import QuorumChange, SessionState
from meeting_tui.i18n import _

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


class SessionChanged(Message, bubble=False):
    """Events were recorded: whoever shows the session re-renders from `state`."""

    def __init__(self, state: SessionState, events: list[Event], quorum: QuorumChange | None, linked: set[str]) -> None:
        super().__init__()
        self.state = state
        self.events = events
        self.quorum = quorum  # the domain's log entry when these events gained or lost quorum
        self.linked = linked  # members whose proxy or speakers'-list marks these events changed

    @property
    def quorum_gained(self) -> bool:
        return self.quorum is not None and self.quorum.status.met

    @property
    def quorum_lost(self) -> bool:
        return self.quorum is not None and not self.quorum.status.met


def link_marks(state: SessionState) -> dict[str, tuple]:
    """What each linked member's row shows of the others: the holder of its proxy, how many
    proxies it holds, its place on the speakers' list (O(proxies + speakers))."""
    marks: dict[str, list] = {}
    for giver, holder in state.proxies.items():
        marks.setdefault(giver, [None, 0, 0])[0] = holder
        marks.setdefault(holder, [None, 0, 0])[1] += 1
    for place, member in enumerate(state.speaker_queue, start=1):
        marks.setdefault(member, [None, 0, 0])[2] = place
    return {member: tuple(mark) for member, mark in marks.items()}


def changed_links(before: dict[str, tuple], after: dict[str, tuple]) -> set[str]:
    """Members whose proxy or speaker marks differ: only their rows need re-rendering."""
    return {m for m in before.keys() | after.keys() if before.get(m) != after.get(m)}


def quorum_change(log: list[QuorumChange], since: int) -> QuorumChange | None:
    """The domain's quorum log entry that gained or lost quorum after entry `since`, if any
    (compared per action, so a quick roll of arrivals says "reached" once)."""
    if len(log) <= since:
        return None
    was_met = log[since - 1].status.met if since > 0 else None
    latest = log[-1]
    return latest if latest.status.met != was_met else None


def moment(state: SessionState) -> str:
    """What the facilitator does most now, from the session's state: "closed" (after
    adjournment), "to order" (a prepared session before the chair's call to order), "vote" (a vote or consensus round is open), "item" (an item is running:
    agenda and speakers), "attendance" (before quorum), else "agenda" (between items)."""
    if state.is_closed:
        return "closed"
    if not state.called_to_order:
        return "to order"
    if state.decisions.ballot is not None or state.decisions.round is not None:
        return "vote"
    if state.current_item is not None:
        return "item"
    if not state.quorum().met:
        return "attendance"
    return "agenda"


def visible_screens(app: App) -> list[Screen]:
    """The screens that can be seen: the top one, and those behind modal screens."""
    shown: list[Screen] = []
    for screen in reversed(app.screen_stack):
        shown.append(screen)
        if not screen.is_modal:
            break
    return shown


class SessionService:
    """The open session, as the screens see it: its state, its clock, and `act`."""

    def __init__(self, controller: SessionController, app: App | None = None) -> None:
        self.controller = controller
        self.app = app
        self.last_refusal = ""  # the message of the latest refused command (dialogs show it too)

    def attach(self, app: App) -> None:
        if self.app is None:
            self.app = app

    # -- what screens read ---------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self.controller.state

    @property
    def clock(self) -> Callable[[], float]:
        return self.controller.clock

    def now(self) -> float:
        return self.controller.now()

    @property
    def path(self) -> Path:
        return Path(self.controller.file.path)

    @property
    def read_only(self) -> bool:
        return self.controller.read_only

    @property
    def read_only_reason(self) -> str:
        return self.controller.read_only_reason

    def refusal(self, command, *args, **kwargs) -> str | None:
        """The domain's refusal of a command, checked without recording anything (commands
        never touch the state), so a dialog is not opened for business that cannot happen."""
        try:
            command(self.state, *args, now=self.now(), **kwargs)
        except Refusal as refusal:
            return refusal.message
        return None

    # -- the one way to change the session -----------------------------------------------------

    def act(self, command, *args, **kwargs) -> list[Event] | None:
        """Run a domain command. Returns its events, or None if it was refused (and shown)."""
        events = self._run(command, *args, **kwargs)
        if isinstance(events, Refusal):
            if self.app is not None:
                self.app.notify(events.message, severity="error", timeout=6)
            return None
        return events

    def attempt(self, command, *args, **kwargs) -> Refusal | None:
        """`act` for a dialog: a refusal is returned, not shown as a toast (the dialog shows it
        next to its field and stays open). None when the command was recorded."""
        events = self._run(command, *args, **kwargs)
        return events if isinstance(events, Refusal) else None

    def _run(self, command, *args, **kwargs) -> list[Event] | Refusal:
        state = self.state
        logged = len(state.quorum_log)
        met = state.quorum().met
        links = link_marks(state)
        try:
            events = self.controller.do(command, *args, **kwargs)
        except Refusal as refusal:
            self.last_refusal = refusal.message
            return refusal
        if events:
            change = quorum_change(state.quorum_log, logged)
            if change is None and needs_full_refresh(events) and state.quorum().met != met:
                change = state.quorum_log[-1]  # a correction folded the log again: say the change once
            self.publish(SessionChanged(state, events, change, changed_links(links, link_marks(state))))
        return events

    def pause_or_resume(self) -> list[Event] | None:
        """Pause the running item's timer, or resume it when it is paused."""
        from meeting_tui.domain import session as cmd

        state = self.state
        current = state.items.get(state.current_item) if state.current_item else None
        if current is not None and current.status == "paused":
            return self.act(cmd.resume_item)
        return self.act(cmd.pause_item)

    def publish(self, message: SessionChanged) -> None:
        """Say a quorum change once, then hand the message to the screens that can be seen."""
        app = self.app
        if app is None:
            return
        if message.quorum is not None:
            status = message.quorum.status
            if status.met:
                app.notify(status.summary(), title=_("Quorum reached"))
            else:
                app.notify(
                    _("Quorum lost: {shortfall}. No decision can be adopted until it is regained.", shortfall=status.shortfall()),
                    title=_("Quorum"),
                    severity="error",
                    timeout=8,
                )
        for screen in visible_screens(app):
            if isinstance(screen, SessionView):
                screen.post_message(message)

    def close(self) -> None:
        self.controller.close()


class SessionView:
    """A screen that shows the session (mixed into a Screen before it).

    It re-renders from `SessionChanged` when it can be seen, and, having been hidden while the
    session changed, once when it is shown again; `session_changed` does the re-rendering
    (with the message, or None when catching up)."""

    session: SessionService
    _seen_seq: int = -1

    def mark_seen(self) -> None:
        self._seen_seq = self.session.state.seq

    def on_mount(self) -> None:
        self.mark_seen()

    def on_session_changed(self, message: SessionChanged) -> None:
        if not self.is_visible_now():
            return  # hidden by now: it catches up when it is shown again
        self._seen_seq = message.state.seq
        self.session_changed(message)
        self.show_clocks()

    def on_screen_resume(self) -> None:
        if self._seen_seq >= 0 and self.session.state.seq != self._seen_seq:
            self._seen_seq = self.session.state.seq
            self.session_changed(None)
        self.show_clocks()

    def show_clocks(self) -> None:
        """The timer strip (widgets/timer_strip.py) moves with the change, not a second later."""
        for strip in self.query("TimerStrip"):
            strip.show_now()

    def is_visible_now(self) -> bool:
        """Whether this screen can be seen (timers skip their work when it cannot)."""
        app = getattr(self, "app", None)
        return app is not None and self in visible_screens(app)

    def session_changed(self, message: SessionChanged | None) -> None:  # pragma: no cover - overridden
        pass
