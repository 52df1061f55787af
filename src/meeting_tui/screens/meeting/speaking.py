"""Who has spoken how long: per member, per organisation, community against partner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from meeting_tui.domain.session import speaking_time
from meeting_tui.i18n import _, labels, tr
from meeting_tui.session_service import SessionService
from meeting_tui.widgets.timer_strip import TimerStrip
from meeting_tui.widgets.item_timer import format_seconds


def _share(seconds: float, total: float) -> str:
    return f"{100 * seconds / total:.0f}%" if total else "–"


class SpeakingTimeScreen(ModalScreen):
    BINDINGS = [Binding("escape,t", "dismiss", _("Close"), id="speaking-close")]

    def __init__(self, session: SessionService) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield TimerStrip(self.session)
        with Vertical(id="speaking-dialog"):
            yield Label(_("Speaking time — give the floor fairly"), classes="dialog-title")
            with Horizontal():
                with Vertical():
                    yield Label(_("By member"), classes="pane-title")
                    yield DataTable(id="by-member", cursor_type="row")
                with Vertical():
                    yield Label(_("By organisation"), classes="pane-title")
                    yield DataTable(id="by-organisation", cursor_type="row")
                    yield Label(_("Community and partners"), classes="pane-title")
                    yield DataTable(id="by-constituency", cursor_type="row")

    def on_mount(self) -> None:
        state = self.session.state
        totals = speaking_time(state, self.session.now())
        overall = sum(totals.by_member.values())
        members = self.query_one("#by-member", DataTable)
        members.add_columns(_("Member"), _("Time"), _("Turns"), _("Share"))
        for member_id, seconds in sorted(totals.by_member.items(), key=lambda kv: -kv[1]):
            members.add_row(
                state.members[member_id].name,
                format_seconds(seconds),
                str(totals.turns_by_member[member_id]),
                _share(seconds, overall),
            )
        orgs = self.query_one("#by-organisation", DataTable)
        orgs.add_columns(_("Organisation"), _("Time"), _("Share"))
        for org, seconds in sorted(totals.by_organisation.items(), key=lambda kv: -kv[1]):
            orgs.add_row(org, format_seconds(seconds), _share(seconds, overall))
        constituencies = self.query_one("#by-constituency", DataTable)
        constituencies.add_columns(_("Constituency"), _("Time"), _("Share"))
        for name, seconds in totals.by_constituency.items():
            constituencies.add_row(tr(labels.CONSTITUENCY.get(name, name)), format_seconds(seconds), _share(seconds, overall))
        if not totals.by_member:
            members.add_row(_("Nobody has spoken yet."), "", "", "")
