"""The conflict screen: raise a conflict and take it up the charter's escalation ladder
(PROCEDURE.md: Conflict escalation).

Left: the session's conflicts with their status and level. Right: the highlighted conflict —
its parties, subject and description, the level in progress (name, handler, binding or not, a
live countdown of its timebox) and the path so far. Every key is a domain command through the
session service (`SessionService.act`): a refusal (a mediator who is a party, a decision at a level that
is not binding...) is shown here and changes nothing.

A binding outcome is a decision with a committee-wide register id: the committee's register is
loaded once, in a worker, when the screen opens (`Register.next_number_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Select, SelectionList, Static

from meeting_tui.domain import conflicts
from meeting_tui.domain import decisions as _dec
from meeting_tui.domain.errors import Refusal
from meeting_tui.i18n import _, join, pgettext, tr
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.dialogs import DialogScreen, FormDialog, FormField, required, said
from meeting_tui.widgets.fields import Input
from meeting_tui.widgets.item_timer import format_seconds
from meeting_tui.widgets.timer_strip import TimerStrip


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id="conflict-" + action.replace("_", "-"))


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class RaiseConflictDialog(DialogScreen):
    """Parties (members and organisations, a selection list), subject, description. `check`
    returns the domain's refusal for the values ("" when fine): the dialog stays open on one."""

    AUTO_FOCUS = "#conflict-parties"

    def __init__(
        self,
        session: SessionService,
        *,
        subject: str | None = None,
        parties=(),
        check=None,
        title: str = "",
        fixed_subject: bool = False,
        description: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.description = description
        self.subject = subject
        self.parties = set(parties)
        self.check = check
        self.form_title = title or _("Raise a conflict")
        self.fixed_subject = fixed_subject
        self._refused: dict = {}  # the values the domain last refused

    def compose(self) -> ComposeResult:
        state = self.session.state
        members = [(f"{m.name} — {m.organisation}" if m.organisation else m.name, m.id) for m in state.members.values()]
        organisations = sorted({m.organisation for m in state.members.values() if m.organisation}, key=str.casefold)
        choices = [(label, value, value in self.parties) for label, value in members]
        choices += [(_("Organisation: {name}", name=org), org, org in self.parties) for org in organisations]
        subjects = [(_("Item: {title}", title=_short(i.item.title, 50)), i.item.id) for i in state.items.values()]
        subjects += [(_("Proposal {id}: {text}", id=p.id, text=_short(p.text, 40)), p.id) for p in state.decisions.proposals.values()]
        if self.fixed_subject and self.subject:
            subjects = [s for s in subjects if s[1] == self.subject] or [(self.subject, self.subject)]
        with Vertical(id="dialog", classes="form conflict-form"):
            yield Label(self.form_title, classes="dialog-title")
            yield Label(_("Parties (space selects; at least two members or organisations)"))
            yield Label(_("{n} selected", n=len(self.parties)), id="conflict-parties-count")
            yield SelectionList(*choices, id="conflict-parties")
            yield Label("", id="error-parties", classes="error field-error", markup=False)
            yield Label(_("Subject"))
            if subjects:
                value = self.subject if any(v == self.subject for _l, v in subjects) else subjects[0][1]
                yield Select(subjects, value=value, allow_blank=False, id="conflict-subject")
            else:
                yield Label(_("There is no agenda item or proposal to raise a conflict on."), classes="error")
            yield Label("", id="error-subject", classes="error field-error", markup=False)
            yield Label(_("Description"))
            yield Input(self.description, placeholder=_("What do the parties disagree about?"), id="conflict-description")
            yield Label("", id="error-description", classes="error field-error", markup=False)
            yield Label("", id="error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Raise"), variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        for label in self.query(".field-error"):
            label.display = False

    @on(SelectionList.SelectedChanged, "#conflict-parties")
    def _parties_changed(self) -> None:
        n = len(self.query_one("#conflict-parties", SelectionList).selected)
        self.query_one("#conflict-parties-count", Label).update(_("{n} selected", n=n))
        self._clear("parties")

    @on(Select.Changed, "#conflict-subject")
    def _subject_changed(self) -> None:
        self._clear("subject")

    @on(Input.Changed, "#conflict-description")
    def _description_changed(self) -> None:
        self._clear("description")

    def _clear(self, field: str) -> None:
        """A field being corrected no longer shows its refusal."""
        label = self.query_one(f"#error-{field}", Label)
        if label.display and self.values().get(field) != self._refused.get(field):
            label.update("")
            label.display = False

    def refuse(self, message: str) -> None:
        """The domain's refusal next to the field it is about (the dialog as a whole when it
        is about none), that field focused; the dialog stays open with everything chosen."""
        self._refused = self.values()
        field = refused_field(message)
        if field == "subject" and not self.query("#conflict-subject"):
            field = ""
        for name in ("parties", "subject", "description"):
            label = self.query_one(f"#error-{name}", Label)
            label.update(message if name == field else "")
            label.display = name == field
        self.query_one("#error", Label).update("" if field else message)
        if field:
            self.query_one(f"#conflict-{field}").focus()

    def values(self) -> dict:
        subject = self.query("#conflict-subject")
        return {
            "parties": list(self.query_one("#conflict-parties", SelectionList).selected),
            "subject": str(subject.first().value) if subject else "",
            "description": self.query_one("#conflict-description", Input).value,
        }

    def submit(self) -> None:
        self._submit()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def _submit(self) -> None:
        values = self.values()
        problem = self.check(values) if self.check is not None else ""
        if problem:
            self.refuse(problem)
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def refused_field(message: str) -> str:
    """Which field of the raise-conflict dialog a refusal of `conflicts.raise_conflict` is
    about ("parties", "subject", "description"), or "" for none of them."""
    if said(message, _("Describe the conflict in a sentence: what the parties disagree about.")) or said(
        message, _("That text is longer than {max} characters; shorten it.")
    ):
        return "description"
    if said(message, _("'{subject}' is neither an agenda item nor a proposal of this session. A conflict is raised on the agenda item or the proposal it is about.")):
        return "subject"
    parties = (
        _("'{name}' is neither a member id nor an organisation of this committee. Name a member by id (e.g. {example}) or an organisation as the roster writes it."),
        _("{name} is named twice as a party; name each party once."),
        _("A conflict is between at least two parties; name them (member ids or organisations), e.g. the mover and the member who blocked."),
        _("Conflict {id} between the same parties on {subject} is still open; continue it rather than raise it again."),
    )
    if any(said(message, template) for template in parties):
        return "parties"
    return ""


class ConflictScreen(SessionView, Screen):
    BINDINGS = [
        _b("r", "raise_conflict", _("Raise"), _("Raise a conflict: its parties, subject and description"), show=True),
        _b("p", "from_escalation", _("From escalation"), _("Open the conflict for a proposal the consensus fallback escalated"), show=True),
        _b("h", "assign", _("Handler"), _("Assign the current level's handler (mediator, arbitrator...): independent of every party"), show=True),
        _b("o", "note", _("Note"), _("A handler's note: private, or marked for the minutes"), show=True),
        _b("x", "extend", _("Extend"), _("Give the current level more minutes (minuted)")),
        _b("a", "resolve", _("Resolved"), _("The parties agreed: record the agreement"), show=True),
        _b("e", "escalate", _("Escalate"), _("Take the conflict to the next level of the ladder"), show=True),
        _b("b", "decide", _("Decide"), _("Record the binding outcome (binding levels only)"), show=True),
        _b("f", "defer", _("Defer"), _("Carry the conflict to the next session's agenda"), show=True),
        Binding("escape", "back", _("Back"), show=True, id="conflict-back", tooltip=_("Back to the live screen (open conflicts stay open)")),
    ]

    @dataclass
    class RegisterLoaded(Message):
        """The load_register worker's result: the register, or why it could not be read."""

        register: object | None
        error: str = ""

    @dataclass
    class OriginFound(Message):
        """The _raise_carried worker's result: the deferred conflict a carried item continues."""

        subject: str | None
        origin: tuple | None

    def __init__(self, session: SessionService, highlighted_item: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.highlighted_item = highlighted_item  # the live screen's highlighted agenda item
        self._select: str | None = None  # the conflict to highlight after the next change
        self._ids: list[str] = []
        self.register = None  # the committee's Register, loaded in a worker
        self.register_error = ""

    @property
    def state(self):
        return self.session.state

    def compose(self) -> ComposeResult:
        yield Header()
        yield TimerStrip(self.session)
        with Horizontal(id="conflicts-screen"):
            with Vertical(id="conflicts-pane"):
                yield Label(_("Conflicts"), classes="pane-title", id="conflicts-title")
                yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
                yield Static("", id="pending-escalations", markup=False)
            with Vertical(id="conflict-pane"):
                yield Static("", id="conflict-level", markup=False)
                yield Label("", id="conflict-clock")
                yield Static("", id="conflict-message", markup=False)
                with VerticalScroll(id="conflict-detail-box"):
                    yield Static("", id="conflict-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.state.committee.name
        self.sub_title = _("Conflicts · {title}", title=self.state.title)
        self.query_one("#conflicts", DataTable).add_columns(_("Id"), _("Status"), _("Level"), _("Subject"), _("Parties"))
        self.refresh_view()
        self.query_one("#conflicts", DataTable).focus()
        self.set_interval(1.0, self.tick)
        self.load_register()

    # -- the register (for the register number of a binding outcome) ---------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="conflict-register")
    def load_register(self) -> None:
        from meeting_tui.register import Register

        try:
            register = Register.load(self.session.path.parent)
        except Exception as error:  # noqa: BLE001 - shown, the decision falls back to this session's ids
            self.post_message(self.RegisterLoaded(None, str(error)))
            return
        self.post_message(self.RegisterLoaded(register))

    def on_conflict_screen_register_loaded(self, message: RegisterLoaded) -> None:
        if message.register is not None:
            self.register = message.register
            return
        self.register_error = message.error
        self.notify(_("Could not read the committee's register ({error}).", error=message.error), severity="warning")

    def register_number(self) -> int | None:
        if self.register is None:
            return None  # the domain numbers from this session's ids
        return self.register.next_number_for(self.state)

    # -- rendering ----------------------------------------------------------------------------

    def highlighted(self, *, warn: bool = True) -> str | None:
        table = self.query_one("#conflicts", DataTable)
        if not self._ids or table.cursor_row < 0:
            if warn:
                self.notify(_("There is no conflict yet: press r to raise one."), severity="warning")
            return None
        return self._ids[min(table.cursor_row, len(self._ids) - 1)]

    def refresh_view(self, select: str | None = None) -> None:
        state = self.state
        table = self.query_one("#conflicts", DataTable)
        current = select or self.highlighted(warn=False)
        table.clear()
        self._ids = []
        for c in state.conflicts.conflicts.values():
            level = c.levels[-1] if c.levels else None
            table.add_row(
                c.id,
                conflicts.status_label(c),
                f"{level.number}. {_short(level.label, 24)}" if level else "",
                _short(c.subject, 16),
                _short(join(p.label for p in c.parties), 40),
                key=c.id,
            )
            self._ids.append(c.id)
        open_n = len(conflicts.open_conflicts(state))
        self.query_one("#conflicts-title", Label).update(_("Conflicts ({n}, {open} open)", n=len(self._ids), open=open_n))
        if current in self._ids:
            table.move_cursor(row=self._ids.index(current))
        pending = _dec.pending_escalations(state)
        self.query_one("#pending-escalations", Static).update(
            _(
                "Escalated by the consensus fallback, not yet on the ladder: {ids}. Press p to open the conflict.",
                ids=join(p.id for p in pending),
            )
            if pending
            else ""
        )
        self.show_conflict(self.highlighted(warn=False))

    @on(DataTable.RowHighlighted, "#conflicts")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_conflict(str(event.row_key.value) if event.row_key is not None else None)

    def show_conflict(self, conflict_id: str | None) -> None:
        state = self.state
        level_box = self.query_one("#conflict-level", Static)
        detail = self.query_one("#conflict-detail", Static)
        if conflict_id is None or conflict_id not in state.conflicts.conflicts:
            level_box.update(_("No conflict is selected. Press r to raise one."))
            detail.update("")
            self.tick()
            return
        c = state.conflicts.conflicts[conflict_id]
        level_box.update(self._level_text(c))
        detail.update(self._detail_text(c))
        self.tick()

    def _level_text(self, c: conflicts.Conflict) -> str:
        level = c.current
        if level is None:
            return _("Conflict {id} is {status}.", id=c.id, status=conflicts.status_label(c))
        binding = _("BINDING: its handler decides") if level.binding else _("not binding: it helps the parties agree")
        handler = level.handler
        if handler is not None:
            who = f"{handler.name} ({handler.organisation})" if handler.organisation else handler.name
            if handler.external:
                who += " " + _("(external)")
        elif level.needs_handler:
            who = _("no {role} assigned yet: press h", role=level.role)
        else:
            who = _("the chair facilitates")
        return "\n".join(
            [
                _("Level {n} of {total}: {name}", n=level.number, total=len(conflicts.ladder(self.state)), name=level.label),
                _("Handler ({role}): {who}", role=level.role, who=who),
                binding,
            ]
        )

    def _detail_text(self, c: conflicts.Conflict) -> str:
        controller = self.session.controller
        lines = [
            _("Parties: {parties}", parties=join(p.label for p in c.parties)),
            _("Subject: {subject}", subject=c.subject),
            _("Description: {text}", text=c.description),
        ]
        if c.register_id:
            lines.append(_("Binding decision: {id}", id=c.register_id))
        lines.append("")
        lines.append(_("Path:"))
        for level in c.levels:
            end = tr(conflicts.LEVEL_END_LABELS.get(level.end, level.end))
            spent = format_seconds(level.elapsed(controller.now()))
            handler = level.handler.name if level.handler else "—"
            line = _("{n}. {name} — {handler} — {spent} — {end}", n=level.number, name=level.label, handler=handler, spent=spent, end=end)
            if level.text:
                line += ": " + level.text
            lines.append(line)
            for note in c.notes:
                if note.level == level.number:
                    mark = _("for the minutes") if note.for_minutes else _("private")
                    lines.append(f"    · [{mark}] {note.text}")
        return "\n".join(lines)

    def tick(self) -> None:
        if not self.is_visible_now():
            return  # hidden: no work
        clock = self.query_one("#conflict-clock", Label)
        conflict_id = self.highlighted(warn=False)
        c = self.state.conflicts.conflicts.get(conflict_id) if conflict_id else None
        level = c.current if c is not None else None
        if level is None:
            clock.update("")
            clock.set_class(False, "-over")
            return
        left = level.remaining(self.session.now())
        if left is None:
            clock.update(_("No timebox · {elapsed} elapsed", elapsed=format_seconds(level.elapsed(self.session.now()))))
            clock.set_class(False, "-over")
        elif left >= 0:
            clock.update(_("{left} left of {planned}", left=format_seconds(left), planned=format_seconds(level.planned_seconds)))
            clock.set_class(False, "-over")
        else:
            clock.update(_("OVER by {over} ({planned} timebox)", over=format_seconds(-left), planned=format_seconds(level.planned_seconds)))
            clock.set_class(True, "-over")

    # -- commands -----------------------------------------------------------------------------

    def act(self, command, *args, select: str | None = None, **kwargs):
        events = self.session.act(command, *args, **kwargs)
        message = self.query_one("#conflict-message", Static)
        if events is None:
            message.update(self.session.last_refusal)
            message.add_class("-refused")
        else:
            message.update("")
            message.remove_class("-refused")
            self._select = select
        return events

    def attempt(self, command, *args, select: str | None = None, **kwargs):
        """`act` for a dialog: the refusal is returned (the dialog shows it and stays open)."""
        refused = self.session.attempt(command, *args, **kwargs)
        if refused is None:
            self._select = select
            message = self.query_one("#conflict-message", Static)
            message.update("")
            message.remove_class("-refused")
        return refused

    def session_changed(self, message: SessionChanged | None) -> None:
        select, self._select = self._select, None
        self.refresh_view(select=select)

    def refusal(self, command, *args, **kwargs) -> str:
        try:
            command(self.state, *args, now=self.session.now(), **kwargs)
        except Refusal as refusal:
            return refusal.message
        return ""

    def _running_conflict(self) -> str | None:
        conflict_id = self.highlighted()
        if conflict_id is None:
            return None
        c = self.state.conflicts.conflicts[conflict_id]
        if c.current is None:
            self.act(conflicts.add_handler_note, conflict_id, "-")  # refused with the reason
            return None
        return conflict_id

    def deferred_origin(self, item_id: str | None):
        """The deferred conflict a carried-over agenda item (`conflict-<id>`) continues, and the
        file of the session that deferred it; None when the item is not one."""
        if not item_id or not item_id.startswith("conflict-"):
            return None
        from meeting_tui.controller import SessionController
        from meeting_tui.store import StorageError
        from meeting_tui.workspace import Workspace

        path = self.session.path
        previous = Workspace(path.parent.parent).previous_session(path.parent.name, before=path)
        if previous is None:
            return None
        try:
            earlier = SessionController.open(previous.path, clock=self.session.clock, read_only=True)
        except (StorageError, OSError):
            return None
        try:
            conflict = earlier.state.conflicts.conflicts.get(item_id.removeprefix("conflict-"))
        finally:
            earlier.close()
        if conflict is None or conflict.status != "deferred":
            return None
        return conflict, previous.path.name

    def action_raise_conflict(self) -> None:
        subject = self.state.current_item or self.highlighted_item
        if subject and subject.startswith("conflict-"):
            self._raise_carried(subject)  # reads the last session: in a worker
        else:
            self._raise_new(subject)

    @work(thread=True, exclusive=True, group="deferred-origin")
    def _raise_carried(self, subject: str) -> None:
        self.post_message(self.OriginFound(subject, self.deferred_origin(subject)))

    def on_conflict_screen_origin_found(self, message: OriginFound) -> None:
        if message.origin is None:
            self._raise_new(message.subject)
        else:
            self._continue_deferred(message.subject, *message.origin)

    def _raise_new(self, subject: str | None) -> None:
        def check(values: dict) -> str:
            return self.refusal(conflicts.raise_conflict, parties=values["parties"], subject=values["subject"], description=values["description"])

        def raised(values: dict | None) -> None:
            if values:
                events = self.act(conflicts.raise_conflict, parties=values["parties"], subject=values["subject"], description=values["description"])
                if events:
                    self._select = events[0].data["id"]

        self.app.push_screen(RaiseConflictDialog(self.session, subject=subject, check=check), raised)

    def _continue_deferred(self, subject: str, earlier, session_file: str) -> None:
        """Take up a conflict deferred at the last session at the level it had reached."""
        level = earlier.levels[-1]
        known = set(self.state.members) | {m.organisation for m in self.state.members.values() if m.organisation}
        parties = [p.id if p.kind == "member" else p.name for p in earlier.parties]
        parties = [p for p in parties if p in known]
        continued_from = f"{session_file}#{earlier.id}"

        def check(values: dict) -> str:
            return self.refusal(
                conflicts.raise_conflict,
                parties=values["parties"],
                subject=values["subject"],
                description=values["description"],
                start_level=level.number,
                continued_from=continued_from,
            )

        def raised(values: dict | None) -> None:
            if values:
                events = self.act(
                    conflicts.raise_conflict,
                    parties=values["parties"],
                    subject=values["subject"],
                    description=values["description"],
                    start_level=level.number,
                    continued_from=continued_from,
                )
                if events:
                    self._select = events[0].data["id"]

        self.app.push_screen(
            RaiseConflictDialog(
                self.session,
                subject=subject,
                parties=parties,
                check=check,
                description=earlier.description,
                title=_(
                    "Take up conflict {id} of {session} again at level {n}: {level}",
                    id=earlier.id,
                    session=session_file,
                    n=level.number,
                    level=level.label,
                ),
                fixed_subject=True,
            ),
            raised,
        )

    def action_from_escalation(self) -> None:
        pending = _dec.pending_escalations(self.state)
        if not pending:
            self.notify(_("No proposal is waiting on the escalation ladder."), severity="warning")
            return
        proposal = pending[0]
        from meeting_tui.domain.conflicts import blockers_and_mover

        def check(values: dict) -> str:
            return self.refusal(conflicts.raise_from_escalation, proposal.id, parties=values["parties"], description=values["description"])

        def raised(values: dict | None) -> None:
            if values:
                events = self.act(conflicts.raise_from_escalation, proposal.id, parties=values["parties"], description=values["description"])
                if events:
                    self._select = events[0].data["id"]

        self.app.push_screen(
            RaiseConflictDialog(
                self.session,
                subject=proposal.id,
                parties=blockers_and_mover(self.state, proposal),
                check=check,
                title=_("Conflict on {id} (escalated by the consensus fallback)", id=proposal.id),
                fixed_subject=True,
            ),
            raised,
        )

    def action_assign(self) -> None:
        conflict_id = self._running_conflict()
        if conflict_id is None:
            return
        conflict = self.state.conflicts.conflicts[conflict_id]
        level = conflict.current
        # the members the domain finds independent of every party (the others are refused)
        independent = [
            m
            for m in self.state.members.values()
            if not conflicts.independence_problem(conflict, name=m.name, organisation=m.organisation, member=m.id, role=level.role)
        ]
        fields = []
        if independent:
            people = [(_("(someone from outside: type the name below)"), "")] + [
                (f"{m.name} — {m.organisation}" if m.organisation else m.name, m.id) for m in independent
            ]
            fields.append(FormField("member", _("A member of the committee"), options=people))
            help_text = _("A {role} must be independent: not a party, and not from a party's organisation.", role=level.role)
            name_label = _("…or an external {role}'s name", role=level.role)
        else:
            help_text = _(
                "No member of the committee is independent of the parties (each is a party or from a party's organisation): name an external {role} below, or escalate (e).",
                role=level.role,
            )
            name_label = _("External {role}'s name", role=level.role)
        fields.append(FormField("name", name_label, placeholder=_("e.g. Amina Yusuf")))
        fields.append(FormField("organisation", _("Their organisation (external only)")))

        def assign(values: dict):
            who = values.get("member") or values["name"]
            return self.attempt(conflicts.assign_handler, conflict_id, who, organisation=values["organisation"], select=conflict_id)

        self.app.push_screen(
            FormDialog(
                _("Assign the {role} of conflict {id}, level {n}", role=level.role, id=conflict_id, n=level.number),
                fields,
                submit=_("Assign"),
                help_text=help_text,
                act=assign,
                refusal_field="name",
            )
        )

    def action_note(self) -> None:
        conflict_id = self._running_conflict()
        if conflict_id is None:
            return

        self.app.push_screen(
            FormDialog(
                _("Handler's note on conflict {id}", id=conflict_id),
                [
                    FormField("text", _("Note"), validate=required(_("Note"))),
                    FormField("visibility", _("Who sees it"), value="private", options=[(_("Private (never in the minutes)"), "private"), (_("For the minutes"), "minutes")]),
                ],
                submit=_("Add note"),
                act=lambda v: self.attempt(conflicts.add_handler_note, conflict_id, v["text"], for_minutes=v["visibility"] == "minutes", select=conflict_id),
                refusal_field="text",
            )
        )

    def action_extend(self) -> None:
        conflict_id = self._running_conflict()
        if conflict_id is None:
            return

        self.app.push_screen(
            FormDialog(
                _("Extend the current level of conflict {id}", id=conflict_id),
                [
                    FormField("minutes", pgettext("duration", "Minutes"), value="10", unit=_("minutes"), minimum=1, maximum=conflicts.MAX_EXTENSION_MINUTES),
                    FormField("reason", _("Reason (for the minutes)")),
                ],
                submit=_("Extend"),
                act=lambda v: self.attempt(conflicts.extend_level, conflict_id, v["minutes"], v["reason"], select=conflict_id),
                refusal_field="minutes",
            )
        )

    def _ending(self, command, title, label: str, submit: str, *, optional: bool = False, **kwargs) -> None:
        conflict_id = self._running_conflict()
        if conflict_id is None:
            return
        # what blocks the ending whatever the text (a level that is not binding, the last level...)
        problem = self.refusal(command, conflict_id, "…", **kwargs)
        if problem:
            self.act(command, conflict_id, "…", **kwargs)
            return

        def end(values: dict):
            extra = dict(kwargs)
            if command is conflicts.decide:
                extra["register_number"] = self.register_number()
            return self.attempt(command, conflict_id, values["text"], select=conflict_id, **extra)

        fields = [FormField("text", label, validate=None if optional else required(label))]
        self.app.push_screen(FormDialog(title(conflict_id), fields, submit=submit, act=end, refusal_field="text"))

    def action_resolve(self) -> None:
        self._ending(conflicts.resolve, lambda cid: _("Conflict {id} resolved", id=cid), _("What the parties agreed (for the minutes)"), _("Resolved"))

    def action_escalate(self) -> None:
        self._ending(conflicts.escalate, lambda cid: _("Escalate conflict {id}", id=cid), _("Why it goes to the next level"), _("Escalate"))

    def action_decide(self) -> None:
        self._ending(conflicts.decide, lambda cid: _("Binding outcome of conflict {id}", id=cid), _("The decision (it enters the register)"), _("Decide"))

    def action_defer(self) -> None:
        self._ending(conflicts.defer, lambda cid: _("Defer conflict {id} to the next session", id=cid), _("Reason (optional)"), _("Defer"), optional=True)

    def action_back(self) -> None:
        self.app.pop_screen()
