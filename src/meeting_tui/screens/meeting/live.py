"""The live session: what a facilitator looks at for three hours, projected on a wall.

Left: the running item's countdown, the meeting's time, the agenda. Right: attendance with
type-ahead search, and the speakers' list. Top: the quorum meter, always visible. Every key
is a domain command through the controller; a refusal is shown and changes nothing.
"""

from __future__ import annotations


from rich.cells import cell_len

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from meeting_tui.controller import SessionController
from meeting_tui.domain import actions, corrections, eligibility
from meeting_tui.domain import session as cmd
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import ITEM_KINDS
from meeting_tui.domain.dates import date_problem
from meeting_tui.domain.rules import has_vote
from meeting_tui.domain.session import MAX_EXTENSION_MINUTES, MAX_ITEM_MINUTES
from meeting_tui.i18n import _, labels, ngettext, pgettext, tr
from meeting_tui.session_service import (
    SessionChanged,
    SessionService,
    SessionView,
    changed_links,
    link_marks,
    moment,
    quorum_change,
)
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField, required
from meeting_tui.widgets.fields import Input
from meeting_tui.widgets.timer_strip import TimerStrip
from meeting_tui.widgets.footer import KeysFooter
from meeting_tui.widgets.item_timer import ItemTimer, format_seconds
from meeting_tui.widgets.quorum_meter import QuorumMeter
from meeting_tui.display import inline_name
from meeting_tui.widgets.row_table import Column, RowTable
from meeting_tui.widgets.text_update import set_text


def clock_time(moment: float | None) -> str:
    """HH:MM of a moment, in this computer's time zone (as the minutes show it)."""
    if moment is None:
        return ""
    from datetime import datetime

    return datetime.fromtimestamp(moment).strftime("%H:%M")


def _due_date(text: str) -> str | None:
    return date_problem(text) if text.strip() else None


SPEAKERS_SHOWN = 6  # the speakers' list under the roster names the next six


def without_body(title: str, committee_name: str) -> str:
    """The session's title without the body's name it repeats after the committee's name in the
    header ("Executive committee — monthly meeting" under "Executive committee — Coalition…"
    is shown as "monthly meeting"); a title that is only the body's name is kept."""
    body = committee_name.split(" — ")[0].strip()
    head, sep, rest = title.partition(" — ")
    return rest.strip() if sep and rest.strip() and head.strip().casefold() == body.casefold() else title


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=action.replace("_", "-"))


# The keys the footer shows at each moment of the meeting (`session_service.moment`), most
# used first (the footer shows as many as fit); every other key is in the palette and help.
FOOTER_KEYS = {
    "to order": ("call_to_order", "toggle_presence", "search", "arrive_remote", "apologies", "proxy", "guest", "undo", "projector", "help"),
    "attendance": ("toggle_presence", "search", "arrive_remote", "apologies", "proxy", "guest", "undo", "next_item", "projector", "help"),
    "agenda": ("next_item", "toggle_presence", "search", "add_item", "propose", "add_action", "undo", "minutes", "close_session", "projector", "help"),
    "item": (
        "next_item", "pause_resume", "extend", "queue_speaker", "give_floor", "stop_speaker",
        "propose", "decisions", "notes", "toggle_presence", "add_action", "undo", "projector", "help",
    ),
    "vote": ("decisions", "toggle_presence", "search", "proxy", "give_floor", "stop_speaker", "pause_resume", "projector", "help"),
    "closed": ("minutes", "actions", "register", "next_meeting", "leave", "help"),
}


class LiveScreen(SessionView, Screen):
    # Below 100 columns (a laptop's 80x24) the screen has the class -narrow: the agenda goes
    # above the roster, each full width, and the timer strip stands for the big clock (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        # attendance
        _b("space", "toggle_presence", _("Arrive/leave"), _("Mark the highlighted member present, or leaving"), show=True),
        _b("slash", "search", _("Find member"), _("Type part of a name; Enter marks the first match present"), show=True),
        _b("R", "arrive_remote", _("Remote"), _("Mark the highlighted member present remotely (phone or video)")),
        _b("A", "apologies", _("Apologies"), _("Record the highlighted member's apologies")),
        _b("P", "proxy", _("Proxy"), _("Give the highlighted absent member's vote to a present member, or withdraw it")),
        _b("G", "guest", _("Guest"), _("Add a guest or observer who is present")),
        _b("X", "strike_attendance", _("Attendance error"), _("The highlighted member's latest arrival, departure or apologies was recorded in error: strike it (minuted as a correction)")),
        _b("I", "declare_interest", _("Interest"), _("The highlighted member declares an interest in the running (or highlighted) item or one of its proposals")),
        # the meeting's own times: call to order (O) and adjournment (c)
        _b("O", "call_to_order", _("Call to order"), _("The chair calls the meeting to order: business may begin, the meeting clock starts")),
        # agenda and timers
        _b("n", "next_item", _("Next item"), _("Finish the running item and start the next pending one"), show=True),
        _b("p", "pause_resume", _("Pause"), _("Pause or resume the running item's timer"), show=True),
        _b("x", "extend", _("Extend"), _("Give the running item more minutes (the chair's decision, minuted)"), show=True),
        _b("f", "finish_item", _("Finish item"), _("Finish the running item without starting another")),
        _b("s", "skip_item", _("Skip"), _("Skip the highlighted agenda item (it can be taken up later)")),
        _b("d", "defer_item", _("Defer"), _("Defer the highlighted agenda item to the next session")),
        _b("plus", "add_item", _("Add item"), _("Add an agenda item now (any other business)")),
        _b("left_square_bracket", "move_up", _("Move up"), _("Move the highlighted agenda item up")),
        _b("right_square_bracket", "move_down", _("Move down"), _("Move the highlighted agenda item down")),
        _b("e", "notes", _("Notes"), _("Notes for the running item (or the highlighted one), saved as you type"), show=True),
        # speakers
        _b("k", "queue_speaker", _("Add speaker"), _("Put the highlighted member on the speakers' list"), show=True),
        _b("w", "withdraw_speaker", _("Remove speaker"), _("Take the highlighted member off the speakers' list")),
        _b("g", "give_floor", _("Next speaker"), _("Give the floor to the next on the speakers' list"), show=True),
        _b("h", "stop_speaker", _("Stop speaker"), _("End the current speaker's turn")),
        _b("t", "speaking_time", _("Speaking time"), _("Who has spoken how long: members, organisations, community and partners")),
        # action items and minutes
        _b("i", "add_action", _("Action item"), _("Record an action item: what, who, by when"), show=True),
        _b("o", "actions", _("Actions"), _("The session's action items; mark them done")),
        _b("M", "approve_minutes", _("Approve minutes"), _("Record that the previous session's minutes are approved")),
        _b("N", "next_meeting", _("Next meeting"), _("Record the date, time and place of the next meeting (for the minutes)")),
        _b("m", "minutes", _("Minutes"), _("Preview the minutes as they stand, and export them"), show=True),
        # proposals and decisions
        _b("y", "propose", _("Propose"), _("Put a proposal before the meeting, under the running (or highlighted) agenda item"), show=True),
        _b("D", "decisions", _("Decisions"), _("Proposals, votes (show of hands, roll call, secret ballot) and consensus rounds"), show=True),
        # conflicts, the register, revisiting decisions (screens/deciding/conflict.py, register.py, revisit.py)
        _b("C", "conflicts", _("Conflicts"), _("Raise a conflict and take it up the escalation ladder (mediator, arbitrator)")),
        _b("b", "register", _("Register"), _("Browse and search the committee's decision register")),
        _b("z", "revisit", _("Revisit"), _("Reconsider, rescind or amend a decision; give notice; mark executed")),
        # views
        _b("v", "projector", _("Projector"), _("Full-screen view for the wall: item, time left, quorum, speaker"), show=True),
        _b("c", "close_session", _("Adjourn"), _("Adjourn the meeting: the session closes (asks first)")),
        _b("ctrl+z", "undo", _("Undo"), _("Undo your last action (a correction in the record; again goes further back). Votes and what is closed cannot be undone.")),
        Binding("escape", "leave", _("Home"), id="leave", tooltip=_("Back to the list of sessions (everything is saved)"), show=True),
    ]

    def __init__(self, session: SessionService | SessionController) -> None:
        super().__init__()
        self.session = session if isinstance(session, SessionService) else SessionService(session)
        self.controller = self.session.controller
        self._roster_ids: list[str] = []
        self._row_cells: dict[str, tuple[str, ...]] = {}  # what each roster row shows now

    @property
    def state(self):
        return self.controller.state

    @property
    def last_refusal(self) -> str:
        return self.session.last_refusal

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuorumMeter(id="quorum")
        yield TimerStrip(self.session, id="timer-strip")
        if self.controller.read_only:
            yield Static(
                _(
                    "READ-ONLY: {reason}. Following the file: what another window records appears here as it lands; nothing can be recorded here.",
                    reason=self.controller.read_only_reason,
                ),
                id="read-only-banner",
            )
        with Horizontal(id="live"):
            with Vertical(id="agenda-pane"):
                yield ItemTimer(id="timer")
                yield Label("", id="meeting-line")
                yield RowTable(self.agenda_columns(), id="agenda")
            with Vertical(id="roster-pane"):
                yield Label(_("Attendance"), classes="pane-title", id="roster-title")
                yield Input(placeholder=_("/ find a member: type part of a name, Enter marks arrival"), id="roster-filter")
                yield RowTable(self.roster_columns(), id="roster")
                yield Static("", id="speakers")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.session.attach(self.app)
        state = self.state
        self.title = state.committee.name
        self.sub_title = f"{without_body(state.title, state.committee.name)} · {state.date}" + (f" · {state.place}" if state.place else "")
        self.refresh_all()
        self.query_one("#roster", RowTable).focus()
        self.set_interval(1.0, self.tick)
        self._follower = None
        if self.controller.read_only:  # another window writes: follow the file (follow.py)
            from meeting_tui.follow import FollowThread

            deliver = lambda events, reset: self.app.call_from_thread(self.followed, events, reset)  # noqa: E731
            self._follower = FollowThread(self.controller.file.path, deliver).start()

    def followed(self, events: list[Event], reset: bool) -> None:
        """Events another window recorded: fold them and refresh, as after our own."""
        from meeting_tui.follow import fold_into

        state = self.state
        logged = len(state.quorum_log)
        links = link_marks(state)
        try:
            update = fold_into(self.controller.state, events, reset)
        except (ValueError, KeyError, TypeError):
            return
        if update is None:
            return
        self.controller.state = update[0]
        if update[1].reset:
            self.refresh_all()
            return
        new = self.controller.state
        self.session.publish(
            SessionChanged(new, update[1].events, quorum_change(new.quorum_log, logged if new is state else 0), changed_links(links, link_marks(new)))
        )

    def on_unmount(self) -> None:
        if self._follower is not None:
            self._follower.stop()
        # Release the session file (and its lock) when the screen goes, however it goes.
        self.session.close()

    # -- rendering from state -----------------------------------------------------------------

    def footer_actions(self) -> tuple[str, ...]:
        """The keys for what the facilitator does most at this moment (widgets/footer.py)."""
        return FOOTER_KEYS[moment(self.state)]

    def refresh_all(self) -> None:
        self.query_one(KeysFooter).refresh()
        self.query_one("#quorum", QuorumMeter).show(self.state.quorum())
        self.refresh_agenda()
        self.refresh_roster()
        self.tick()

    def tick(self) -> None:
        """Once a second: the clocks (item, meeting, speaker) move; nothing else changes."""
        if not self.is_visible_now():
            return  # hidden: no work (it catches up when shown)
        state = self.state
        now = self.controller.now()
        current = state.items.get(state.current_item) if state.current_item else None
        self.query_one("#timer", ItemTimer).show(current, now, state.charter.timer.warn_minutes, self.idle_line())
        if current is not None:
            self.query_one("#agenda", RowTable).update_cell(
                current.item.id, 3, format_seconds(current.elapsed(now))
            )
        planned = sum(i.item.minutes for i in state.items.values()) * 60
        spent = sum(i.elapsed(now) for i in state.items.values())
        phase = cmd.session_phase(state)
        if phase == "prepared":
            line = _("Not yet called to order · items planned {planned}", planned=format_seconds(planned))
        elif phase == "adjourned":
            line = _(
                "Adjourned {end} · meeting {elapsed} from {start}",
                start=clock_time(state.called_at),
                end=clock_time(state.closed_at),
                elapsed=format_seconds(state.meeting_elapsed(now)),
            )
        else:
            line = _(
                "Meeting {elapsed} from {start} · items {spent} of {planned}",
                start=clock_time(state.called_at),
                elapsed=format_seconds(state.meeting_elapsed(now)),
                spent=format_seconds(spent),
                planned=format_seconds(planned),
            )
        set_text(self.query_one("#meeting-line", Label), line)
        self.refresh_speakers(now)

    def idle_line(self) -> str | None:
        """What the timer says when no item runs, from the session's phase (domain)."""
        state = self.state
        phase = cmd.session_phase(state)
        if phase == "prepared":
            # the timer strip above already says "Not yet called to order": say what to do
            return _("Attendance may be taken now; press O when the chair calls the meeting to order.")
        if phase == "adjourned":
            return _("Closed: the meeting was adjourned at {time}. m shows the minutes, Esc goes home.", time=clock_time(state.closed_at))
        standing = cmd.agenda_standing(state)
        if standing:
            return standing + " " + _("Adjourn with c, or add an item with +.")
        return None

    def refresh_speakers(self, now: float) -> None:
        state = self.state
        lines = []
        turn = state.current_speaker
        left = eligibility.speaker_time_left(state, now)
        if turn is not None:
            name = inline_name(state.members[turn.member].name)  # #19; in English too: "— 02:59" after an Arabic name
            if left >= 0:
                lines.append(_("Floor: {name} — {left} left", name=name, left=format_seconds(left)))
            else:
                lines.append(_("Floor: {name} — OVER by {over}", name=name, over=format_seconds(-left)))
        else:
            lines.append(_("Nobody has the floor."))
        if state.speaker_queue:
            # isolated in both languages: a number after an Arabic name in an English line
            # would otherwise join the name's run ("1. 2  ﺩﺍﺪﺣ ﻰﻤﻠﺳ. Khaled")
            # the first few only: a long list (an assembly) would push the roster off the screen
            shown = state.speaker_queue[:SPEAKERS_SHOWN]
            queue = "  ".join(f"{n}. {inline_name(state.members[m].name)}" for n, m in enumerate(shown, start=1))
            more = len(state.speaker_queue) - len(shown)
            if more:
                queue += "  " + ngettext("(+{n} more)", "(+{n} more)", more)  # as the projector says it
            lines.append(_("Speakers' list: {queue}", queue=queue))
        else:
            lines.append(_("Speakers' list is empty (k adds the highlighted member)."))
        widget = self.query_one("#speakers", Static)
        set_text(widget, "\n".join(lines))
        widget.set_class(left is not None and left < 0, "-over")

    @staticmethod
    def agenda_columns() -> list[Column]:
        statuses = max(cell_len(tr(label)) for label in labels.ITEM_STATUS.values())
        return [
            Column("#"),
            Column(_("State"), min_width=statuses),
            Column(_("Planned")),
            Column(_("Actual"), min_width=5),
            Column(_("Item"), flex=True),
        ]

    def refresh_agenda(self) -> None:
        now = self.controller.now()
        rows = []
        for n, item in enumerate(self.state.items.values(), start=1):
            actual = format_seconds(item.elapsed(now)) if item.started_at is not None else ""
            planned = f"{item.item.minutes:g}"
            if item.extended_minutes:
                planned += f"+{item.extended_minutes:g}"
            rows.append((
                item.item.id,
                (
                    str(n),
                    tr(labels.ITEM_STATUS[item.status]),
                    planned + " " + _("min"),
                    actual,
                    f"{item.item.title} ({tr(labels.ITEM_KIND.get(item.item.kind, item.item.kind))})",
                ),
            ))
        self.query_one("#agenda", RowTable).set_rows(rows)

    def roster_cells(self, member) -> tuple[str, ...]:
        """A member's row: presence (and remote), then what the domain says of their proxy,
        their place on the speakers' list and a declared interest: plain text, never markup."""
        state = self.state
        attendance = state.attendance[member.id]
        status = tr(labels.ATTENDANCE[attendance.status])
        if attendance.status == "present" and attendance.mode == "remote":
            status = _("remote")  # present, remotely: one word keeps the column narrow
        marks = eligibility.roster_marks(state, member.id)
        shown = []
        if marks.has_floor:
            shown.append(_("has the floor"))
        if marks.speaker_place is not None:
            shown.append(_("speaker {n}", n=marks.speaker_place))
        if marks.proxy_to:
            shown.append(_("proxy to {name}", name=state.members[marks.proxy_to].name))
        if marks.proxies_for:
            names = ", ".join(state.members[m].name for m in marks.proxies_for)
            shown.append(_("holds proxy of {names}", names=names))
        if marks.interest:
            shown.append(_("interest declared"))
        return (
            status,
            " · ".join(shown),
            member.name,
            "✓" if has_vote(state.charter, member) else "",
            tr(labels.ROLE.get(member.role, member.role)),
            member.organisation,
        )

    @staticmethod
    def roster_columns() -> list[Column]:
        # The status column is as wide as the longest status there is, so none is ever cut.
        # When the pane is too narrow the organisation, then the role, are left out whole (the
        # search still finds a member by organisation); the marks (floor, speaker's place,
        # proxy, interest) give way last, cut with an ellipsis, never below 16 cells.
        statuses = max(cell_len(tr(label)) for label in labels.ATTENDANCE.values())
        statuses = max(statuses, cell_len(_("remote")))
        return [
            Column(_("Status"), min_width=statuses),
            Column(_("Floor/proxy"), flex=True, min_flex=16),
            Column(_("Name"), flex=True, min_flex=20),
            Column(_("Vote")),
            Column(_("Role"), flex=True, min_flex=5, droppable=True),
            Column(_("Organisation"), flex=True, min_flex=8, droppable=True),
        ]

    def refresh_roster(self) -> None:
        """Rebuild the roster table (on mount, and when the search text changes)."""
        needle = self.query_one("#roster-filter", Input).value.strip().casefold()
        self._roster_ids = []
        rows = []
        for member in self.state.members.values():
            if needle and needle not in f"{member.name} {member.organisation} {member.id}".casefold():
                continue
            cells = self.roster_cells(member)
            rows.append((member.id, cells))
            self._row_cells[member.id] = cells
            self._roster_ids.append(member.id)
        self.query_one("#roster", RowTable).set_rows(rows)
        self.refresh_roster_title()

    def refresh_roster_title(self) -> None:
        state = self.state
        present = sum(1 for a in state.attendance.values() if a.status == "present")
        title = _("Attendance: {present} of {total} present", present=present, total=len(state.members))
        # the highlighted member's marks in full, here, when the pane cuts them in the row
        table = self.query_one("#roster", RowTable)
        key = table.cursor_key
        cells = self._row_cells.get(key) if key is not None else None
        if cells and cells[1] and not table.shown_whole(key, 1):
            title = _("{attendance} — {name}: {marks}", attendance=title, name=cells[2], marks=cells[1])
        set_text(self.query_one("#roster-title", Label), title)

    @on(RowTable.RowHighlighted, "#roster")
    def _roster_highlighted(self) -> None:
        self.refresh_roster_title()

    def on_resize(self) -> None:
        # the roster's room changed: whether the highlighted member's marks are cut, too
        self.call_after_refresh(self.refresh_roster_title)

    def update_roster_rows(self, member_ids: set[str]) -> None:
        """Re-render only the rows an action may have touched (fast with 300+ members and a
        long speakers' list): the table repaints a row only if its cells changed."""
        table = self.query_one("#roster", RowTable)
        for member_id in member_ids:
            if member_id not in self._roster_ids:
                continue
            cells = self.roster_cells(self.state.members[member_id])
            if self._row_cells.get(member_id) != cells:
                table.update_row(member_id, cells)
            self._row_cells[member_id] = cells
        self.refresh_roster_title()

    def _touched_members(self, events: list[Event]) -> set[str] | None:
        """Members named by `events`; None when the roster itself changed (rebuild it)."""
        touched: set[str] = set()
        for event in events:
            if event.kind == "guest.added":
                return None
            if event.kind.startswith("item.") and self.state.interests:
                return None  # another running item: the interest marks may all move
            touched.update(event.data[k] for k in ("member", "giver", "holder") if k in event.data)
        return touched

    def session_changed(self, message: SessionChanged | None) -> None:
        """Re-render what the events changed (everything, when catching up after being hidden);
        the session service has already said a quorum change."""
        if message is None or corrections.needs_full_refresh(message.events):
            self.refresh_all()
            return
        self.query_one(KeysFooter).refresh_keys()  # the keys follow the moment
        self.query_one("#quorum", QuorumMeter).show(self.state.quorum())
        if any(e.kind.startswith(("item.", "session.")) for e in message.events):
            self.refresh_agenda()
        touched = self._touched_members(message.events)
        if touched is None:
            self.refresh_roster()
        else:
            self.update_roster_rows(touched | message.linked)
        self.tick()

    # -- running commands ---------------------------------------------------------------------

    def act(self, command, *args, **kwargs) -> list[Event] | None:
        """Run a domain command through the session service. Returns its events, or None if
        it was refused (and shown)."""
        return self.session.act(command, *args, **kwargs)

    def highlighted_member(self) -> str | None:
        table = self.query_one("#roster", RowTable)
        if not self._roster_ids or table.cursor_row < 0:
            self.notify(_("No member is highlighted."), severity="warning")
            return None
        return self._roster_ids[min(table.cursor_row, len(self._roster_ids) - 1)]

    def _highlighted_item_id(self) -> str | None:
        """The highlighted agenda item, or None (quietly) when the agenda is empty."""
        table = self.query_one("#agenda", RowTable)
        ids = list(self.state.items)
        return ids[min(table.cursor_row, len(ids) - 1)] if ids and table.cursor_row >= 0 else None

    def highlighted_item(self) -> str | None:
        table = self.query_one("#agenda", RowTable)
        ids = list(self.state.items)
        if not ids or table.cursor_row < 0:
            self.notify(_("The agenda is empty; press + to add an item."), severity="warning")
            return None
        return ids[min(table.cursor_row, len(ids) - 1)]

    # -- attendance ---------------------------------------------------------------------------

    def action_toggle_presence(self) -> None:
        member = self.highlighted_member()
        if member is not None and self.act(cmd.toggle_presence, member):
            self._advance_roster()

    def action_arrive_remote(self) -> None:
        member = self.highlighted_member()
        if member is not None and self.act(cmd.arrive, member, mode="remote"):
            self._advance_roster()

    def _advance_roster(self) -> None:
        """Down one row after marking someone, so going down a list is one key per member."""
        table = self.query_one("#roster", RowTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_apologies(self) -> None:
        member = self.highlighted_member()
        if member is not None:
            self.act(cmd.send_apologies, member)

    def action_strike_attendance(self) -> None:
        member = self.highlighted_member()
        if member is None:
            return
        refusal = self.session.refusal(corrections.strike_attendance, member)
        if refusal:
            self.notify(refusal, severity="error", timeout=6)
            return
        what = corrections.strike_preview(self.state, member)

        def strike(values: dict | None) -> None:
            if values is not None and self.act(corrections.strike_attendance, member, values["reason"]):
                self.notify(_("Corrected: {what} is struck as recorded in error.", what=what), markup=False)

        self.app.push_screen(
            FormDialog(
                _("Strike {what} as recorded in error?", what=what),
                [FormField("reason", _("Reason (optional, in the minutes)"))],
                submit=_("Strike"),
            ),
            strike,
        )

    def action_search(self) -> None:
        self.query_one("#roster-filter", Input).focus()

    @on(Input.Changed, "#roster-filter")
    def _filter_changed(self) -> None:
        self.refresh_roster()

    @on(Input.Submitted, "#roster-filter")
    def _filter_submitted(self) -> None:
        box = self.query_one("#roster-filter", Input)
        if not box.value.strip():  # an empty search never acts (Enter by habit must not mark anyone)
            self.notify(_("Type part of a name first; Enter then marks the first match."), severity="warning", timeout=4)
            return
        if not self._roster_ids:
            self.notify(_("No member matches '{text}'.", text=box.value), severity="warning")
            return
        self.act(cmd.toggle_presence, self._roster_ids[0])
        box.value = ""
        self.refresh_roster()

    def on_key(self, event) -> None:
        box = self.query_one("#roster-filter", Input)
        if event.key == "escape" and box.has_focus:
            box.value = ""
            self.query_one("#roster", RowTable).focus()
            event.stop()
            event.prevent_default()

    def action_proxy(self) -> None:
        giver = self.highlighted_member()
        if giver is None:
            return
        state = self.state
        name = state.members[giver].name
        if giver in state.proxies:
            holder = state.members[state.proxies[giver]].name

            def withdraw(confirmed: bool | None) -> None:
                if confirmed:
                    self.act(cmd.withdraw_proxy, giver)

            self.app.push_screen(ConfirmDialog(_("Withdraw {name}'s proxy held by {holder}?", name=name, holder=holder)), withdraw)
            return
        holders = [(f"{m.name} — {m.organisation}", m.id) for m in eligibility.proxy_holders(state, giver)]
        if not holders:
            self.notify(_("Nobody present can hold a proxy: a proxy holder must be a present voting member."), severity="error")
            return

        self.app.push_screen(
            FormDialog(
                _("{name}'s proxy", name=name),
                [FormField("holder", _("Who carries the vote"), options=holders)],
                submit=_("Give proxy"),
                help_text=ngettext("At most {n} proxy vote per member (charter).", "At most {n} proxy votes per member (charter).", state.charter.max_proxies_per_member),
                act=lambda v: self.session.attempt(cmd.assign_proxy, giver, v["holder"]),
                refusal_field="holder",
            )
        )

    def action_declare_interest(self) -> None:
        from meeting_tui.screens.deciding.interest import declare_interest

        member = self.highlighted_member()
        item = self.state.current_item or self.highlighted_item()
        if member is not None and item is not None:
            declare_interest(self, self.session, item=item, member=member)

    def action_guest(self) -> None:
        roles = [(tr(labels.ROLE[r]), r) for r in ("observer", "staff", "mediator")]
        self.app.push_screen(
            FormDialog(
                _("Add a guest"),
                [
                    FormField("name", _("Name"), validate=required(_("Name"))),
                    FormField("organisation", _("Organisation")),
                    FormField("role", _("Role"), options=roles),
                ],
                submit=_("Add"),
                act=lambda v: self.session.attempt(cmd.add_guest, v["name"], organisation=v["organisation"], role=v["role"]),
                refusal_field="name",
            )
        )

    # -- agenda and timers --------------------------------------------------------------------

    def action_call_to_order(self) -> None:
        if self.act(cmd.call_to_order):
            self.notify(_("The meeting is called to order."))

    def action_next_item(self) -> None:
        self.act(cmd.next_item)

    def action_finish_item(self) -> None:
        self.act(cmd.finish_item)

    def action_pause_resume(self) -> None:
        self.session.pause_or_resume()

    def action_extend(self) -> None:
        if self.state.current_item is None:
            self.act(cmd.extend_item, 0, "")  # refused with the reason
            return

        self.app.push_screen(
            FormDialog(
                _("Extend '{title}'", title=self.state.items[self.state.current_item].item.title),
                [
                    FormField("minutes", pgettext("duration", "Minutes"), value="5", unit=_("minutes"), minimum=1, maximum=MAX_EXTENSION_MINUTES),
                    FormField("reason", _("Reason (for the minutes)"), placeholder=_("e.g. the chair allowed more debate")),
                ],
                submit=_("Extend"),
                act=lambda v: self.session.attempt(cmd.extend_item, v["minutes"], v["reason"]),
                refusal_field="minutes",
            )
        )

    @on(RowTable.RowSelected, "#agenda")
    def _start_selected(self, event: RowTable.RowSelected) -> None:
        item_id = str(event.key)
        running = self.state.current_item
        if running is None or running == item_id:
            self.act(cmd.start_item, item_id)
            return
        title = self.state.items[item_id].item.title
        running_title = self.state.items[running].item.title

        def switch(confirmed: bool | None) -> None:
            if confirmed:
                self.act(cmd.start_item, item_id, finish_running=True)

        self.app.push_screen(
            ConfirmDialog(
                _("'{running}' is still running. Finish it and start '{title}'?", running=running_title, title=title),
                yes=_("Finish and start"),
            ),
            switch,
        )

    def action_skip_item(self) -> None:
        item = self.highlighted_item()
        if item is not None:
            self.act(cmd.skip_item, item)

    def action_defer_item(self) -> None:
        item = self.highlighted_item()
        if item is None:
            return

        self.app.push_screen(
            FormDialog(
                _("Defer '{title}' to the next session", title=self.state.items[item].item.title),
                [FormField("reason", _("Reason (for the minutes)"), placeholder=_("e.g. waiting for the budget figures"))],
                submit=_("Defer"),
                act=lambda v: self.session.attempt(cmd.defer_item, item, v["reason"]),
                refusal_field="reason",
            )
        )

    def action_add_item(self) -> None:
        def add(v: dict):
            return self.session.attempt(cmd.add_item, v["title"], v["minutes"], kind=v["kind"], presenter=v["presenter"])

        kinds = [(tr(labels.ITEM_KIND[k]), k) for k in ITEM_KINDS]
        self.app.push_screen(
            FormDialog(
                _("Add an agenda item"),
                [
                    FormField("title", _("Title"), placeholder=_("e.g. Any other business: flood appeal"), validate=required(_("Title"))),
                    FormField("minutes", _("Planned minutes"), value="10", unit=_("minutes"), minimum=1, maximum=MAX_ITEM_MINUTES),
                    FormField("kind", _("Kind"), value="discussion", options=kinds),
                    FormField("presenter", _("Presenter")),
                ],
                submit=_("Add"),
                act=add,
                refusal_field="title",
            )
        )

    def _move(self, delta: int) -> None:
        item = self.highlighted_item()
        if item is None:
            return
        position = list(self.state.items).index(item) + delta
        if self.act(cmd.move_item, item, position):
            self.query_one("#agenda", RowTable).move_cursor(row=position)

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(+1)

    def action_notes(self) -> None:
        item = self.state.current_item or self.highlighted_item()
        if item is None:
            return
        from meeting_tui.screens.meeting.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.session, item))

    # -- speakers -----------------------------------------------------------------------------

    def action_queue_speaker(self) -> None:
        member = self.highlighted_member()
        if member is not None:
            self.act(cmd.queue_speaker, member)

    def action_withdraw_speaker(self) -> None:
        member = self.highlighted_member()
        if member is not None:
            self.act(cmd.withdraw_speaker, member)

    def action_give_floor(self) -> None:
        self.act(cmd.give_floor)

    def action_stop_speaker(self) -> None:
        self.act(cmd.stop_speaker)

    def action_speaking_time(self) -> None:
        from meeting_tui.screens.meeting.speaking import SpeakingTimeScreen

        self.app.push_screen(SpeakingTimeScreen(self.session))

    # -- action items and minutes -------------------------------------------------------------

    def action_add_action(self) -> None:
        def record(v: dict):
            return self.session.attempt(actions.add_action, v["text"], who=v["who"], due=v["due"])

        def warned(v: dict) -> list[str]:
            return corrections.action_warnings(self.session.state, v["who"], v["due"], now=self.session.now())

        def act(v: dict):
            # no owner or a past due date: asked first, once this dialog has closed (done)
            return None if warned(v) else record(v)

        def done(v: dict | None) -> None:
            if v and warned(v):
                from meeting_tui.screens.records.actions import confirm_warnings

                confirm_warnings(self, self.session, v["who"], v["due"], lambda: self.act(actions.add_action, v["text"], who=v["who"], due=v["due"]))

        people = [(_("(nobody named yet)"), "")] + [
            (f"{m.name} — {m.organisation}", m.name) for m in self.state.members.values()
        ]
        self.app.push_screen(
            FormDialog(
                _("New action item"),
                [
                    FormField("text", _("What is to be done"), validate=required(_("What is to be done"))),
                    FormField("who", _("Who"), options=people),
                    FormField("due", _("Due (YYYY-MM-DD, or empty)"), placeholder="2026-04-30", validate=_due_date),
                ],
                submit=_("Add"),
                act=act,
                refusal_field=lambda message: "due" if "date" in message.casefold() else "text",
            ),
            done,
        )

    def action_actions(self) -> None:
        from meeting_tui.screens.records.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.session))

    def action_approve_minutes(self) -> None:
        path = self.controller.file.path
        previous = self.app.workspace.previous_session(path.parent.name, path)
        if previous is None:
            self.act(actions.approve_previous_minutes, previous=None)  # refused with the reason
            return

        def approve(confirmed: bool | None) -> None:
            if confirmed and self.act(actions.approve_previous_minutes, previous=previous):
                self.notify(_("Recorded: the minutes of {title} are approved.", title=previous.title))

        self.app.push_screen(
            ConfirmDialog(
                _("Record that the committee approved the minutes of '{title}' ({date})?", title=previous.title, date=previous.date),
                yes=_("Approve"),
            ),
            approve,
        )

    def action_next_meeting(self) -> None:
        def problems(v: dict) -> dict[str, str]:
            """The domain's refusal as typed, next to the field it concerns (asked as the user
            types: a past date, 25:99 or an empty date never closes the dialog)."""
            message = self.session.refusal(cmd.set_next_meeting, v["date"], v["place"], v["time"])
            if not message:
                return {}
            date_only = self.session.refusal(cmd.set_next_meeting, v["date"], "", "")
            return {"date" if date_only else "time": message}

        current = self.state.next_meeting
        self.app.push_screen(
            FormDialog(
                _("Next meeting"),
                [
                    FormField("date", _("Date (YYYY-MM-DD)"), value=current.get("date", ""), placeholder="2026-04-30"),
                    FormField("time", _("Time (HH:MM, optional)"), value=current.get("time", ""), placeholder="16:30"),
                    FormField("place", _("Place"), value=current.get("place", "") or self.state.place),
                ],
                problems,
                submit=_("Record"),
                act=lambda v: self.session.attempt(cmd.set_next_meeting, v["date"], v["place"], v["time"]),
                refusal_field="date",
            )
        )

    def action_minutes(self) -> None:
        from meeting_tui.screens.records.minutes import MinutesScreen

        self.app.push_screen(MinutesScreen(self.controller))

    # -- proposals and decisions --------------------------------------------------------------

    def action_propose(self) -> None:
        from meeting_tui.screens.deciding.proposal import ProposalDialog

        item = self.state.current_item or self.highlighted_item()
        if item is None:
            return

        def proposed(proposal_id: str | None) -> None:
            if proposal_id:
                self.notify(_("{id} is before the meeting. D opens the decisions screen: a vote or a consensus round.", id=proposal_id))

        self.app.push_screen(ProposalDialog(self.session, item=item), proposed)

    def action_decisions(self) -> None:
        from meeting_tui.screens.deciding.decisions import DecisionsScreen

        self.app.push_screen(DecisionsScreen(self.session))

    def action_conflicts(self) -> None:
        from meeting_tui.screens.deciding.conflict import ConflictScreen

        self.app.push_screen(ConflictScreen(self.session, highlighted_item=self._highlighted_item_id()))

    def action_register(self) -> None:
        from meeting_tui.screens.records.register import RegisterScreen

        self.app.push_screen(RegisterScreen(self.controller.file.path.parent, name=self.state.committee.name))

    def action_revisit(self) -> None:
        from meeting_tui.screens.deciding.revisit import RevisitScreen

        self.app.push_screen(RevisitScreen(self.session))

    # -- views and leaving --------------------------------------------------------------------

    def action_projector(self) -> None:
        from meeting_tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.session))

    def action_undo(self) -> None:
        """ctrl+z: undo the last action (the domain says what it was, or why it cannot)."""
        what = corrections.undo_preview(self.state)
        if self.act(corrections.undo):
            self.notify(_("Undone: {what}", what=what), title=_("Undo"), markup=False)

    def action_close_session(self) -> None:
        def close(confirmed: bool | None) -> None:
            if confirmed and self.act(cmd.close_session):
                self.notify(_("The meeting is adjourned. Its record is complete."))

        self.app.push_screen(
            ConfirmDialog(_("Adjourn the meeting? The session closes: nothing more can be recorded in it afterwards."), yes=_("Adjourn")),
            close,
        )

    def action_leave(self) -> None:
        """Back home. Leaving a running meeting asks first (a stray Escape must not leave it);
        a closed or read-only session is left at once. Everything is saved either way."""
        if self.state.is_closed or self.controller.read_only:
            self.app.go_home()
            return

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.app.go_home()

        self.app.push_screen(
            ConfirmDialog(
                _("Leave the running meeting for the list of sessions? Everything is saved; open the session again to go on."),
                yes=_("Leave"),
                cancel_note="",
            ),
            leave,
        )
