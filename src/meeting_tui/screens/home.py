"""Home: the committees in the data directory and their sessions; create or resume a session."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from meeting_tui.domain.rules import seats
from meeting_tui.i18n import _
from meeting_tui.workspace import CommitteeEntry, SessionEntry


class HomeScreen(Screen):
    """Committees on the left, the selected committee's sessions on the right."""

    BINDINGS = [
        Binding("n", "new_session", _("New session"), id="new-session", tooltip=_("Open a new session of the selected committee")),
        Binding("enter", "open_session", _("Open"), id="open-session", tooltip=_("Open or resume the selected session")),
        Binding("r", "refresh", _("Refresh"), id="refresh", tooltip=_("Read the data directory again")),
        Binding("c", "new_committee", _("New committee"), id="new-committee", tooltip=_("Create a committee: its name, kind and members")),
        Binding("E", "edit_committee", _("Members"), id="edit-committee", tooltip=_("Edit the selected committee: its name and members (add, edit, retire, import CSV)")),
        Binding("C", "edit_charter", _("Charter"), id="edit-charter", tooltip=_("Edit the selected committee's rules of procedure")),
        Binding("a", "agendas", _("Agendas"), id="agendas", tooltip=_("Build, edit and save the selected committee's agendas")),
        Binding("i", "import_file", _("Import"), id="import-file", tooltip=_("Import a committee or agenda file, or a member list (CSV)")),
        Binding("b", "register", _("Register"), id="register", tooltip=_("Browse and search the selected committee's decision register")),
        Binding("tab", "focus_next", _("Next pane"), show=False, id="next-pane"),
    ]

    @dataclass
    class EntriesLoaded(Message):
        """The load_entries worker's result."""

        entries: list[CommitteeEntry]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[CommitteeEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="committees-pane"):
                yield Label(_("Committees"), classes="pane-title")
                yield OptionList(id="committees")
            with Vertical(id="sessions-pane"):
                yield Label(_("Sessions"), classes="pane-title", id="sessions-title")
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield Static("", id="committee-info")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "meeting-tui"
        self.sub_title = str(self.app.workspace.root)
        table = self.query_one("#sessions", DataTable)
        table.add_columns(_("Date"), _("Title"), _("Status"), _("File"))
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.entries:
            self.action_refresh()

    # -- loading (in a worker: it reads many files) --------------------------------------------

    def action_refresh(self) -> None:
        self.load_entries()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_entries(self) -> None:
        entries = self.app.workspace.committees()
        if not get_current_worker().is_cancelled:
            self.post_message(self.EntriesLoaded(entries))

    def on_home_screen_entries_loaded(self, message: EntriesLoaded) -> None:
        self.show_entries(message.entries)

    def show_entries(self, entries: list[CommitteeEntry]) -> None:
        option_list = self.query_one("#committees", OptionList)
        highlighted = option_list.highlighted
        self.entries = entries
        option_list.clear_options()
        for entry in entries:
            mark = "  ⚠" if entry.errors else ""
            option_list.add_option(Option(f"{entry.name}{mark}", id=entry.slug))
        if not entries:
            self.query_one("#committee-info", Static).update(
                _(
                    "No committees in {root} yet. Press c to create one, i to import a committee file, or run `meeting-tui demo` for a sample committee.",
                    root=self.app.workspace.root,
                )
            )
            self.query_one("#sessions", DataTable).clear()
            return
        option_list.highlighted = min(highlighted or 0, len(entries) - 1)
        self.show_committee(self.entries[option_list.highlighted])

    @on(OptionList.OptionHighlighted, "#committees")
    def committee_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.entries):
            self.show_committee(self.entries[event.option_index])

    @on(OptionList.OptionSelected, "#committees")
    def committee_selected(self) -> None:
        self.query_one("#sessions", DataTable).focus()

    def show_committee(self, entry: CommitteeEntry) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for session in entry.sessions:
            status = session.status if not session.damaged else f"{session.status}: {session.damaged}"
            table.add_row(session.date, session.title, status, session.path.name, key=str(session.path))
        info = self.query_one("#committee-info", Static)
        if entry.committee is None:
            first = entry.errors[0] if entry.errors else None
            detail = f"{first.message}" if first else ""
            info.update(  # Text: the file's own words ("[charter]: ...") are not markup
                Text(_("{path} has errors: {detail} Press E or C to open it with its problems shown, or run `meeting-tui check {path}` to see them all.", path=entry.path, detail=detail))
            )
        else:
            c = entry.committee
            voting = len(seats(c.charter, c.members))
            info.update(
                _(
                    "{name} · {body} · members: {members} · voting seats: {voting} · sessions: {sessions}. Press n for a new session.",
                    name=c.name,
                    body=c.body,
                    members=len(c.members),
                    voting=voting,
                    sessions=len(entry.sessions),
                )
            )

    # -- actions ------------------------------------------------------------------------------

    def selected_committee(self) -> CommitteeEntry | None:
        index = self.query_one("#committees", OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def selected_session(self) -> SessionEntry | None:
        entry = self.selected_committee()
        table = self.query_one("#sessions", DataTable)
        if entry is None or not entry.sessions or table.row_count == 0:
            return None
        row = table.cursor_row
        return entry.sessions[row] if 0 <= row < len(entry.sessions) else None

    def action_open_session(self) -> None:
        session = self.selected_session()
        if session is None:
            self.notify(_("Select a session first (or press n for a new one)."), severity="warning")
            return
        if session.damaged:
            self.notify(
                _("{name} cannot be opened: {reason}. It was left untouched.", name=session.path.name, reason=session.damaged),
                severity="error",
                timeout=10,
            )
            return
        self.app.open_session(session.path)

    @on(DataTable.RowSelected, "#sessions")
    def session_selected(self) -> None:
        self.action_open_session()

    def action_new_session(self) -> None:
        entry = self.selected_committee()
        if entry is None:
            self.notify(_("There is no committee to open a session for. Run `meeting-tui demo`, or add one."), severity="warning")
            return
        if entry.committee is None:
            self.notify(
                _("{path} has errors; fix them first (`meeting-tui check {path}`).", path=entry.path),
                severity="error",
                timeout=10,
            )
            return
        from meeting_tui.screens.setup.new_session import NewSessionScreen

        agendas = self.app.workspace.agendas(entry.slug, entry.committee)
        self.app.push_screen(NewSessionScreen(entry, agendas), self._created)

    def _created(self, path) -> None:
        if path is not None:
            self.app.open_session(path)

    # -- setup: committees, members, charter, agendas, import (screens/setup/setup_actions.py) ------

    def action_new_committee(self) -> None:
        from meeting_tui.screens.setup import setup_actions

        setup_actions.new_committee(self)

    def action_edit_committee(self) -> None:
        from meeting_tui.screens.setup import setup_actions

        setup_actions.edit_committee(self)

    def action_edit_charter(self) -> None:
        from meeting_tui.screens.setup import setup_actions

        setup_actions.edit_charter(self)

    def action_agendas(self) -> None:
        from meeting_tui.screens.setup import setup_actions

        setup_actions.agendas(self)

    def action_import_file(self) -> None:
        from meeting_tui.screens.setup import setup_actions

        setup_actions.import_file(self)

    def action_register(self) -> None:
        entry = self.selected_committee()
        if entry is None:
            self.notify(_("Select a committee first."), severity="warning")
            return
        from meeting_tui.screens.records.register import RegisterScreen

        self.app.push_screen(RegisterScreen(self.app.workspace.committee_dir(entry.slug), name=entry.name))
