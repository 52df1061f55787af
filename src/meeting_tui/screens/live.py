"""The live session: agenda with the running item's timer, the roster, the quorum meter."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from meeting_tui.controller import SessionController
from meeting_tui.domain import session as cmd
from meeting_tui.domain.events import Event
from meeting_tui.domain.rules import has_vote
from meeting_tui.domain.session import Refusal
from meeting_tui.i18n import _, labels, tr
from meeting_tui.widgets.item_timer import ItemTimer, format_seconds
from meeting_tui.widgets.quorum_meter import QuorumMeter



class LiveScreen(Screen):
    """What a facilitator looks at for three hours."""

    BINDINGS = [
        Binding("space", "toggle_presence", _("Arrive/leave"), id="toggle-presence", tooltip=_("Mark the highlighted member present, or leaving")),
        Binding("R", "arrive_remote", _("Remote"), id="arrive-remote", tooltip=_("Mark the highlighted member present remotely (phone or video)")),
        Binding("A", "apologies", _("Apologies"), show=False, id="apologies", tooltip=_("Record the highlighted member's apologies")),
        Binding("slash", "search", _("Find member"), id="search", tooltip=_("Type part of a name; Enter marks the first match")),
        Binding("n", "next_item", _("Next item"), id="next-item", tooltip=_("Finish the running item and start the next")),
        Binding("p", "pause_resume", _("Pause/resume"), id="pause-resume", tooltip=_("Pause or resume the running item's timer")),
        Binding("escape", "leave", _("Home"), id="leave", tooltip=_("Back to the list of sessions (everything is saved)")),
    ]

    @dataclass
    class Changed(Message):
        """Events were recorded: widgets re-render from the state."""

        events: list[Event]
        quorum_was_met: bool

    def __init__(self, controller: SessionController) -> None:
        super().__init__()
        self.controller = controller
        self._roster_ids: list[str] = []

    @property
    def state(self):
        return self.controller.state

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuorumMeter(id="quorum")
        if self.controller.read_only:
            yield Static(
                _("READ-ONLY: {reason}. You can look, but nothing can be recorded here.", reason=self.controller.read_only_reason),
                id="read-only-banner",
            )
        with Horizontal(id="live"):
            with Vertical(id="agenda-pane"):
                yield ItemTimer(id="timer")
                yield Label(_("Agenda"), classes="pane-title")
                yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
                yield Label("", id="agenda-total")
            with Vertical(id="roster-pane"):
                yield Label(_("Attendance"), classes="pane-title", id="roster-title")
                yield Input(placeholder=_("/ find a member: type part of a name, Enter marks arrival"), id="roster-filter")
                yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        state = self.state
        self.title = state.committee.name
        self.sub_title = f"{state.title} · {state.date}" + (f" · {state.place}" if state.place else "")
        agenda_columns = self.query_one("#agenda", DataTable).add_columns(
            "#", _("State"), _("Planned"), _("Actual"), _("Item")
        )
        self._actual_column = agenda_columns[3]
        self.query_one("#roster", DataTable).add_columns(_("Status"), _("Name"), _("Vote"), _("Role"), _("Organisation"))
        self.refresh_all()
        self.query_one("#roster", DataTable).focus()
        self.set_interval(1.0, self.tick)

    # -- rendering from state -----------------------------------------------------------------

    def refresh_all(self) -> None:
        self.query_one("#quorum", QuorumMeter).show(self.state.quorum())
        self.refresh_agenda()
        self.refresh_roster()
        self.tick()

    def tick(self) -> None:
        state = self.state
        now = self.controller.now()
        current = state.items.get(state.current_item) if state.current_item else None
        self.query_one("#timer", ItemTimer).show(current, now, state.charter.timer.warn_minutes)
        if current is not None:
            self.query_one("#agenda", DataTable).update_cell(
                current.item.id, self._actual_column, format_seconds(current.elapsed(now))
            )

    def refresh_agenda(self) -> None:
        table = self.query_one("#agenda", DataTable)
        row = table.cursor_row
        table.clear()
        now = self.controller.now()
        for n, item in enumerate(self.state.items.values(), start=1):
            actual = format_seconds(item.elapsed(now)) if item.status != "pending" else ""
            table.add_row(
                str(n),
                tr(labels.ITEM_STATUS[item.status]),
                f"{item.item.minutes:g} min",
                actual,
                f"{item.item.title} ({tr(labels.ITEM_KIND.get(item.item.kind, item.item.kind))})",
                key=item.item.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        planned = sum(i.item.minutes for i in self.state.items.values())
        self.query_one("#agenda-total", Label).update(_("Planned total: {minutes:g} min", minutes=planned))

    def refresh_roster(self) -> None:
        table = self.query_one("#roster", DataTable)
        row = table.cursor_row
        needle = self.query_one("#roster-filter", Input).value.strip().casefold()
        state = self.state
        table.clear()
        self._roster_ids = []
        present = 0
        for member in state.members.values():
            attendance = state.attendance[member.id]
            present += attendance.status == "present"
            if needle and needle not in f"{member.name} {member.organisation} {member.id}".casefold():
                continue
            status = tr(labels.ATTENDANCE[attendance.status])
            if attendance.status == "present" and attendance.mode == "remote":
                status += " " + _("(remote)")
            holder = state.proxies.get(member.id)
            if holder:
                status += " " + _("proxy → {name}", name=state.members[holder].name)
            table.add_row(
                status,
                member.name,
                "✓" if has_vote(state.charter, member) else "",
                tr(labels.ROLE.get(member.role, member.role)),
                member.organisation,
                key=member.id,
            )
            self._roster_ids.append(member.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#roster-title", Label).update(
            _("Attendance: {present} of {total} present", present=present, total=len(state.members))
        )

    def on_live_screen_changed(self, message: Changed) -> None:
        self.refresh_all()
        status = self.state.quorum()
        if status.met == message.quorum_was_met:
            return
        if status.met:
            self.notify(_("Quorum reached: {summary}", summary=status.summary()), title=_("Quorum"))
        else:
            self.notify(
                _("Quorum lost: {shortfall}. No decision can be adopted until it is regained.", shortfall=status.shortfall()),
                title=_("Quorum"),
                severity="error",
                timeout=8,
            )

    # -- actions ------------------------------------------------------------------------------

    def act(self, command, *args, **kwargs) -> list[Event]:
        """Run a domain command; a refusal is shown and changes nothing."""
        quorum_was_met = self.state.quorum().met
        try:
            events = self.controller.do(command, *args, **kwargs)
        except Refusal as refusal:
            self.notify(refusal.message, severity="error", timeout=6)
            return []
        if events:
            self.post_message(self.Changed(events, quorum_was_met))
        return events

    def highlighted_member(self) -> str | None:
        table = self.query_one("#roster", DataTable)
        if not self._roster_ids or table.cursor_row < 0:
            return None
        return self._roster_ids[min(table.cursor_row, len(self._roster_ids) - 1)]

    def action_toggle_presence(self) -> None:
        member = self.highlighted_member()
        if member is not None:
            self.act(cmd.toggle_presence, member)

    def action_arrive_remote(self) -> None:
        member = self.highlighted_member()
        if member is not None:
            self.act(cmd.arrive, member, mode="remote")

    def action_apologies(self) -> None:
        member = self.highlighted_member()
        if member is not None:
            self.act(cmd.send_apologies, member)

    def action_search(self) -> None:
        self.query_one("#roster-filter", Input).focus()

    @on(Input.Changed, "#roster-filter")
    def _filter_changed(self) -> None:
        self.refresh_roster()

    @on(Input.Submitted, "#roster-filter")
    def _filter_submitted(self) -> None:
        box = self.query_one("#roster-filter", Input)
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
            self.query_one("#roster", DataTable).focus()
            event.stop()
            event.prevent_default()

    def action_next_item(self) -> None:
        self.act(cmd.next_item)

    def action_pause_resume(self) -> None:
        current = self.state.items.get(self.state.current_item) if self.state.current_item else None
        if current is not None and current.status == "paused":
            self.act(cmd.resume_item)
        else:
            self.act(cmd.pause_item)

    def action_leave(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        # Release the session file (and its lock) when the screen goes, however it goes.
        self.controller.close()
