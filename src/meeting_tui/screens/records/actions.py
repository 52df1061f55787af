"""Action items of the session: who, due, status, what. Enter marks the highlighted one done,
e edits it (text, owner, due date), w withdraws it (recorded in error). Owner and due date
come first so they stay on screen at 80 columns; the domain says what to warn about (no
owner, a due date already past) and the warning is confirmed, never silent."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from meeting_tui.domain import actions as act
from meeting_tui.domain import corrections
from meeting_tui.domain.dates import date_problem
from meeting_tui.i18n import _, short
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField, required


def _due_date(text: str) -> str | None:
    return date_problem(text) if text.strip() else None


def confirm_warnings(screen, session: SessionService, who: str, due: str, record: Callable[[], object]) -> None:
    """Record at once, or first ask when the domain has a warning (no owner, past due)."""
    warnings = corrections.action_warnings(session.state, who, due, now=session.now())
    if not warnings:
        record()
        return

    def answered(confirmed: bool | None) -> None:
        if confirmed:
            record()
        else:
            screen.notify(_("Nothing was recorded."), markup=False)

    question = "\n".join(warnings) + "\n" + _("Record the action item anyway?")
    screen.app.push_screen(ConfirmDialog(question, yes=_("Record anyway")), answered)
from meeting_tui.widgets.timer_strip import TimerStrip


class ActionsScreen(SessionView, ModalScreen):
    BINDINGS = [
        Binding("enter", "complete", _("Mark done"), id="action-done", tooltip=_("Mark the highlighted action item done")),
        Binding("e", "edit", _("Edit"), id="action-edit", tooltip=_("Correct the highlighted action item's text, owner or due date")),
        Binding("w,delete", "withdraw", _("Withdraw"), id="action-withdraw", tooltip=_("Withdraw the highlighted action item (recorded in error; minuted as a correction)")),
        Binding("escape,o", "dismiss", _("Close"), id="actions-close"),
    ]

    def __init__(self, session: SessionService) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield TimerStrip(self.session)
        with Vertical(id="actions-dialog"):
            yield Label(_("Action items"), classes="dialog-title")
            yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="action-detail")
            yield Label(
                _("Enter: done · e: edit · w: withdraw · i on the live screen adds one · Escape closes"),
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Who"), _("Due"), _("Status"), _("What"))
        self.refresh_table()
        table.focus()

    def _who(self, who: str) -> str:
        member = self.session.state.members.get(who)
        return member.name if member is not None else who

    def refresh_table(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        state = self.session.state
        now = self.session.now()
        for action in state.actions.values():
            status = act.action_status_label(action)
            flags = corrections.action_flags(state, action, now=now)
            if flags:
                status += " · ⚠ " + ", ".join(flags)
            table.add_row(
                Text(short(self._who(action.who), 24) or "—"),
                Text(action.due or "—"),
                Text(status, style="bold" if flags else ""),
                Text(short(action.text, 200)),
                key=action.id,
            )
        if not state.actions:
            table.add_row("", "", "", Text(_("No action items yet.")))
        elif table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.show_detail()

    def highlighted(self) -> str | None:
        ids = list(self.session.state.actions)
        table = self.query_one(DataTable)
        if not ids or table.cursor_row < 0:
            self.notify(_("There is no action item to act on."), severity="warning")
            return None
        return ids[min(table.cursor_row, len(ids) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted item in full (the table cuts its text at 80 columns)."""
        ids = list(self.session.state.actions)
        table = self.query_one(DataTable)
        detail = self.query_one("#action-detail", Static)
        if not ids or table.cursor_row < 0:
            detail.update("")
            return
        action = self.session.state.actions[ids[min(table.cursor_row, len(ids) - 1)]]
        who = self._who(action.who) or "—"
        detail.update(Text(f"{action.text}\n{who} · {action.due or '—'} · {act.action_status_label(action)}"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_complete()

    def action_complete(self) -> None:
        action_id = self.highlighted()
        if action_id is not None:
            self.session.act(act.complete_action, action_id)

    def action_edit(self) -> None:
        action_id = self.highlighted()
        if action_id is None:
            return
        action = self.session.state.actions[action_id]
        refusal = self.session.refusal(corrections.edit_action, action_id, text=action.text or "x", who=action.who, due=action.due)
        if refusal:
            self.notify(refusal, severity="error", timeout=6, markup=False)
            return

        def edit(values: dict | None) -> None:
            if not values:
                return

            def record() -> None:
                if self.session.act(corrections.edit_action, action_id, text=values["text"], who=values["who"], due=values["due"]):
                    self.notify(_("Action item corrected (minuted as a correction)."), markup=False)

            confirm_warnings(self, self.session, values["who"], values["due"], record)

        self.app.push_screen(
            FormDialog(
                _("Correct the action item"),
                [
                    FormField("text", _("What is to be done"), value=action.text, validate=required(_("What is to be done"))),
                    FormField("who", _("Who (a name, or empty)"), value=self._who(action.who)),
                    FormField("due", _("Due (YYYY-MM-DD, or empty)"), value=action.due, placeholder="2026-04-30", validate=_due_date),
                ],
                submit=_("Save"),
            ),
            edit,
        )

    def action_withdraw(self) -> None:
        action_id = self.highlighted()
        if action_id is None:
            return
        refusal = self.session.refusal(corrections.withdraw_action, action_id)
        if refusal:
            self.notify(refusal, severity="error", timeout=6, markup=False)
            return
        text = short(self.session.state.actions[action_id].text, 60)

        def withdraw(values: dict | None) -> None:
            if values is not None and self.session.act(corrections.withdraw_action, action_id, values["reason"]):
                self.notify(_("Withdrawn: {text}", text=text), markup=False)

        self.app.push_screen(
            FormDialog(
                _("Withdraw the action item '{text}'?", text=text),
                [FormField("reason", _("Reason (optional, in the minutes)"))],
                submit=_("Withdraw"),
            ),
            withdraw,
        )

    def session_changed(self, message: SessionChanged | None) -> None:
        self.refresh_table()
