"""Open a new session of a committee with one of its agendas."""

from __future__ import annotations

from datetime import datetime

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Select

from meeting_tui.controller import SessionController
from meeting_tui.domain import actions
from meeting_tui.domain.dates import normalize_date
from meeting_tui.domain.model import Agenda, AgendaItem
from meeting_tui.domain.session import Refusal
from meeting_tui.i18n import _, join
from meeting_tui.store import DamagedSessionFile, StorageError
from meeting_tui.widgets.dialogs import DialogScreen
from meeting_tui.widgets.fields import Input
from meeting_tui.workspace import AgendaEntry, CommitteeEntry, carry_forward

EMPTY_AGENDA = "__empty__"


class NewSessionScreen(DialogScreen):
    """Pick an agenda, confirm the title and place; dismisses with the new session's path (the
    dialog pattern of widgets/dialogs.py: ctrl+s or Enter in the last field opens it)."""

    def __init__(self, entry: CommitteeEntry, agendas: list[AgendaEntry]) -> None:
        super().__init__()
        self.entry = entry
        self.agendas = [a for a in agendas if a.agenda is not None]
        self.broken = [a for a in agendas if a.agenda is None]
        self.previous = None  # the committee's latest session, to carry forward from
        self.carried: list[AgendaItem] = []
        self.open_actions = []
        self._refused: dict[str, str] = {}  # what the fields held when last refused

    def _load_previous(self) -> None:
        """What the last session leaves to this one: its minutes to approve, open action
        items and deferred items (read-only; a damaged previous session is just skipped)."""
        workspace = self.app.workspace
        today = datetime.fromtimestamp(self.app.clock()).date().isoformat()
        upcoming = workspace.new_session_path(self.entry.slug, today, "next")
        self.previous = workspace.previous_session(self.entry.slug, upcoming)
        if self.previous is None:
            return
        try:
            controller = SessionController.open(self.previous.path, clock=self.app.clock, read_only=True)
        except (DamagedSessionFile, OSError):
            self.previous = None
            return
        state = controller.state
        controller.close()
        self.carried = carry_forward(state)
        self.open_actions = [a for a in state.actions.values() if a.is_open]

    def compose(self) -> ComposeResult:
        self._load_previous()
        options = [(_("{title} ({minutes} min)", title=a.title, minutes=f"{a.agenda.planned_minutes:g}"), str(a.path)) for a in self.agendas]
        options.append((_("No agenda (add items during the meeting)"), EMPTY_AGENDA))
        with Vertical(id="dialog", classes="new-session"):
            yield Label(_("New session of {name}", name=self.entry.name), classes="dialog-title", markup=False)
            with Horizontal(classes="ns-row"):
                yield Label(_("Agenda"), classes="ns-label")
                yield Select(options, value=options[0][1], allow_blank=False, id="agenda", compact=True)
            with Horizontal(classes="ns-row"):
                yield Label(_("Title"), classes="ns-label")
                yield Input(id="title", placeholder=_("e.g. Monthly meeting, March"), compact=True)
            yield Label("", id="error-title", classes="error ns-error", markup=False)
            with Horizontal(classes="ns-row"):
                yield Label(_("Place"), classes="ns-label")
                yield Input(id="place", placeholder=_("e.g. Coalition office, Amman"), compact=True)
            with Horizontal(classes="ns-row"):
                yield Label(_("Date"), classes="ns-label")
                yield Input(id="date", placeholder=_("YYYY-MM-DD"), compact=True)
            yield Label("", id="error-date", classes="error ns-error", markup=False)
            yield Label("", id="date-note", classes="dialog-help", markup=False)
            if self.previous is not None:
                deferred = sum(1 for i in self.carried if i.id.startswith("deferred-"))
                yield Checkbox(_("Start with what the last session left"), value=True, id="carry", compact=True)
                yield Label(
                    _(
                        "From '{title}': approval of its minutes · open action items: {actions} · deferred items: {deferred}",
                        title=self.previous.title,
                        actions=len(self.open_actions),
                        deferred=deferred,
                    ),
                    classes="dialog-help",
                    markup=False,
                )
            if self.broken:
                names = join(a.path.name for a in self.broken)
                yield Label(_("Skipped agendas with errors: {names} (run meeting-tui check).", names=names), classes="warning", markup=False)
            yield Label("", id="error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Open session"), variant="primary", id="create")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.app.clear_notifications()  # a toast must not cover the buttons
        for label in self.query(".ns-error"):
            label.display = False
        self._fill_from_agenda()
        self.query_one("#title", Input).focus()

    def today(self) -> str:
        return datetime.fromtimestamp(self.app.clock()).date().isoformat()

    @on(Select.Changed, "#agenda")
    def _fill_from_agenda(self) -> None:
        agenda = self.chosen_agenda()
        title = self.query_one("#title", Input)
        title.value = agenda.title
        self.query_one("#place", Input).value = agenda.place
        # The session takes the agenda's date; an agenda without one: today.
        self.query_one("#date", Input).value = agenda.date or self.today()
        note = self.query_one("#date-note", Label)
        if agenda.date and agenda.date != self.today():
            note.update(_("The agenda's date ({date}), not today's ({today}); change it if the meeting is on another day.", date=agenda.date, today=self.today()))
        else:
            note.update("")
        note.display = bool(agenda.date and agenda.date != self.today())

    def chosen_agenda(self) -> Agenda:
        value = self.query_one("#agenda", Select).value
        for a in self.agendas:
            if str(a.path) == value:
                return a.agenda
        return Agenda(title="")

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.enter_in(event.input)

    def refuse(self, message: str, field: str = "") -> None:
        """The refusal next to the field it concerns ("" for the dialog as a whole), that
        field focused; the dialog stays open with everything typed."""
        self._refused = {name: self.query_one(f"#{name}", Input).value for name in ("title", "date")}
        for name in ("title", "date"):
            label = self.query_one(f"#error-{name}", Label)
            label.update(message if name == field else "")
            label.display = name == field
        self.query_one("#error", Label).update("" if field else message)
        if field:
            self.query_one(f"#{field}", Input).focus()

    @on(Input.Changed, "#title, #date")
    def _field_changed(self, event: Input.Changed) -> None:
        """A field being corrected no longer shows its refusal."""
        label = self.query_one(f"#error-{event.input.id}", Label)
        if label.display and event.value != self._refused.get(event.input.id):
            label.update("")
            label.display = False

    def submit(self) -> None:
        self.create()

    @on(Button.Pressed, "#create")
    def create(self) -> None:
        agenda = self.chosen_agenda()
        title = self.query_one("#title", Input).value.strip()
        place = self.query_one("#place", Input).value.strip()
        if not title:
            self.refuse(_("Type a title for the session."), "title")
            return
        date = self.query_one("#date", Input).value.strip()
        try:
            date = normalize_date(date)  # the one date parser (Arabic digits, 2026-3-5 too)
        except Refusal as refusal:
            self.refuse(_("Date: {problem}", problem=refusal.message), "date")
            return
        workspace = self.app.workspace
        path = workspace.new_session_path(self.entry.slug, date, title)
        if (outside := workspace.outside_problem(self.entry.slug)) is not None:
            self.refuse(outside)
            return
        carry = self.previous is not None and self.query_one("#carry", Checkbox).value
        if carry:
            agenda = replace(agenda, items=tuple(_merge(self.carried, agenda.items)))
        try:
            controller = SessionController.create(
                path, self.entry.committee, agenda, clock=self.app.clock, title=title, date=date, place=place,
                prepared=True,  # business waits for the chair's call to order (O on the live screen)
            )
            if carry:
                review = "open-actions" if "open-actions" in controller.state.items else None
                for action in self.open_actions:
                    controller.do(actions.add_action, action.text, who=action.who, due=action.due, item=review)
        except Refusal as refusal:
            self.refuse(refusal.message, _refused_field(refusal.message))
            return
        except (StorageError, OSError) as failure:
            self.refuse(_("Could not create {path}: {error}", path=path, error=failure))
            return
        controller.close()
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _refused_field(message: str) -> str:
    """The field of this dialog a refusal of the domain (domain/session.py) is about, or ""."""
    date_prefix = _("The session's date: {problem}", problem="\0").split("\0")[0]
    if date_prefix and message.startswith(date_prefix):
        return "date"
    if message == _("A session needs a title. Type one, or give the agenda a title."):
        return "title"
    return ""


_ALREADY_THERE = {
    "previous-minutes": ("minutes", "محضر"),
    "open-actions": ("action item", "مهام"),
}


def _merge(carried: list[AgendaItem], items: tuple[AgendaItem, ...]) -> list[AgendaItem]:
    """Carried items first, unless the agenda already has them (by title), then the agenda's."""
    titles = [i.title.casefold() for i in items]
    ids = {i.id for i in items}
    out = []
    for item in carried:
        words = _ALREADY_THERE.get(item.id, ())
        if any(word in title for word in words for title in titles):
            continue
        if item.id in ids:
            item = replace(item, id=f"{item.id}-carried")
        out.append(item)
    return out + list(items)
