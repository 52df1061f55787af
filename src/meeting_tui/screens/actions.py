"""Action items of the session: what, who, due; Enter marks the highlighted one done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from meeting_tui.domain import actions as act
from meeting_tui.i18n import _
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.timer_strip import TimerStrip


class ActionsScreen(SessionView, ModalScreen):
    BINDINGS = [
        Binding("enter", "complete", _("Mark done"), id="action-done", tooltip=_("Mark the highlighted action item done")),
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
            yield Label(_("Enter marks the highlighted item done · i on the live screen adds one · Escape closes"), classes="dialog-help")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("What"), _("Who"), _("Due"), _("Status"))
        self.refresh_table()
        table.focus()

    def refresh_table(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for action in self.session.state.actions.values():
            table.add_row(action.text, action.who, action.due, act.action_status_label(action), key=action.id)
        if not self.session.state.actions:
            table.add_row(_("No action items yet."), "", "", "")
        elif table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_complete()

    def action_complete(self) -> None:
        ids = list(self.session.state.actions)
        table = self.query_one(DataTable)
        if not ids or table.cursor_row < 0:
            return
        self.session.act(act.complete_action, ids[min(table.cursor_row, len(ids) - 1)])

    def session_changed(self, message: SessionChanged | None) -> None:
        self.refresh_table()
