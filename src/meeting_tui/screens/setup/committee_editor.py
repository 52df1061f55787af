"""Create or edit a committee: its name and kind, and its members (add, edit, retire).

Everything typed is checked with the file rules of `meeting-tui check` as it is typed: the
committee is written to TOML text, that text is parsed back, and each problem is shown at the
field (or member) it is about. Saving writes exactly the text that was checked, atomically,
and only when it has no error. Member ids are made once from the name and never change, so
agendas, proxies and alternates keep pointing at the right person after a rename; retiring a
member keeps them in the file for the record. Sessions snapshot the roster when they open, so
nothing here changes a past session.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from pathlib import Path

from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Select

from meeting_tui.charter import parse_committee
from meeting_tui.charter.csv_import import CsvImport, load_members_csv
from meeting_tui.charter.ids import new_member_id, unique_id
from meeting_tui.charter.problems import Problem
from meeting_tui.charter.write import committee_to_toml
from meeting_tui.display import inline
from meeting_tui.domain.model import (
    BODY_KINDS,
    COLLABORATION_KINDS,
    CONSTITUENCIES,
    NON_VOTING_ROLES,
    ROLES,
    Committee,
    Member,
)
from meeting_tui.domain.rules import has_vote, seats
from meeting_tui.i18n import _, is_rtl, labels, tr
from meeting_tui.screens.setup.setup_common import (
    Located,
    ask_path,
    cell,
    export_copy,
    fill_table,
    is_narrow,
    opened_problems,
    plain_text,
    read_if_exists,
    remember_folder,
    save_committee_file,
    saved_over_problems,
    show_opened_problems,
    start_folder,
)
from meeting_tui.screens.setup.unsaved import TracksUnsaved, may_leave
from meeting_tui.widgets.dialogs import (
    DIALOG_HEIGHTS,
    DIALOG_WIDTHS,
    ConfirmDialog,
    FormDialog,
    FormField,
    ReportDialog,
)
from meeting_tui.widgets.fields import Input
from meeting_tui.workspace import slug_for

OTHER_BODY = "__other__"
LANGUAGES = ("en", "ar")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELD_OF = {("committee", "name"): "#c-name", ("committee", "body"): "#c-body"}
MEMBER_FIELDS = ("name", "organisation", "role", "voting", "constituency", "alternate_for", "phone", "email")


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=f"committee-{action.replace('_', '-')}")


def same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def new_committee_slug(root: Path, name: str) -> str:
    """A folder name for a new committee: its name as a slug, never an existing folder."""
    taken = {p.name for p in root.iterdir()} if root.is_dir() else set()
    return unique_id(slug_for(name, "committee"), taken)


class CommitteeEditor(TracksUnsaved, Screen[bool]):
    """Dismisses with True when the committee file was saved at least once."""

    # the dialogs' breakpoints: -narrow below 100 columns, -short below 30 lines (app.tcss)
    HORIZONTAL_BREAKPOINTS = DIALOG_WIDTHS
    VERTICAL_BREAKPOINTS = DIALOG_HEIGHTS

    BINDINGS = [
        _b("ctrl+s", "save", _("Save"), _("Save the committee, its members and its charter to committee.toml (says why not if something is missing)"), show=True),
        _b("a", "add_member", _("Add member"), _("Add a member to the committee"), show=True),
        _b("e", "edit_member", _("Edit member"), _("Edit the highlighted member (Enter does the same)"), show=True),
        _b("x", "retire_member", _("Retire"), _("Retire the highlighted member (kept for the record), or reinstate a retired one"), show=True),
        _b("i", "import_csv", _("Import CSV"), _("Add members from a spreadsheet saved as CSV (shows what it found first)"), show=True),
        _b("C", "charter", _("Charter"), _("Edit the rules of procedure of this committee"), show=True),
        _b("X", "export", _("Export"), _("Write a copy of the committee file to a path you type")),
        Binding("escape", "close", _("Back"), id="committee-close", show=True, tooltip=_("Back to the home screen (asks first if there are unsaved changes)")),
    ]

    def __init__(
        self,
        committee: Committee | None = None,
        path: Path | None = None,
        *,
        csv_path: Path | None = None,
        file_problems: list[Problem] | None = None,
    ) -> None:
        """`committee` and its `path` to edit one; neither to create a new committee.
        With `csv_path`, the editor opens by offering to import that member list. With
        `file_problems` (the errors of a file that does not pass the check), `committee` is
        what could be read of it: the problems are shown and must be fixed before saving."""
        super().__init__()
        self.file_problems = list(file_problems or [])
        self.csv_path = csv_path
        self.is_new = committee is None
        self.draft = committee or Committee(slug="", name="")
        self.path = path
        self.loaded_text = read_if_exists(path) if path is not None else None
        # the charter's own problems in that file: fixed in the charter editor (C), first
        self.charter_unfixed = bool(self.charter_file_problems())
        self.hand_written = committee is not None and self.loaded_text is not None and self.loaded_text != committee_to_toml(committee)
        self.saved_ids = {m.id for m in self.draft.members}
        self.saved_once = False
        self.located: Located | None = None
        self.has_errors = True
        self.baseline: str | None = None  # the form as last written (or as opened)
        self.touched: set[str] = set()  # fields changed by the user: only they show errors
        self.tried_save = bool(self.file_problems)  # after a save attempt every problem is shown
        self.status = ""  # what the last save did
    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        c = self.draft
        body_options = [(tr(labels.BODY[b]), b) for b in BODY_KINDS] + [(_("another body…"), OTHER_BODY)]
        body_value = (c.body if c.body in BODY_KINDS else OTHER_BODY) if not self.is_new else Select.NULL
        collaboration = c.collaboration if c.collaboration in COLLABORATION_KINDS else ""
        yield Header()
        opened = opened_problems(self.file_problems, self.path.name if self.path else "")
        if opened is not None:
            yield opened
        with Vertical(id="committee-form"):
            with Horizontal(classes="setup-row"):
                yield Label(_("Name"), classes="setup-label")
                yield Input(c.name, placeholder=_("e.g. Executive committee — Coalition for Water Rights"), id="c-name", compact=True)
            yield Label("", id="error-c-name", classes="setup-error", markup=False)
            with Horizontal(classes="setup-row"):
                yield Label(_("Body"), classes="setup-label")
                yield Select(
                    body_options,
                    value=body_value,
                    allow_blank=self.is_new,
                    prompt=_("choose what kind of body it is"),
                    id="c-body",
                    compact=True,
                )
                yield Input(c.body if body_value == OTHER_BODY else "", placeholder=_("name of the body"), id="c-body-other", compact=True)
            yield Label("", id="error-c-body", classes="setup-error", markup=False)
            with Horizontal(classes="setup-row"):
                yield Label(_("Language"), classes="setup-label")
                yield Select([(tr(labels.LANGUAGE[code]), code) for code in LANGUAGES], value=c.language if c.language in LANGUAGES else "en", allow_blank=False, id="c-language", compact=True)
                yield Label(_("Collaboration"), classes="setup-label setup-label-2")
                yield Select([(tr(labels.COLLABORATION[k]), k) for k in ("", *COLLABORATION_KINDS)], value=collaboration, allow_blank=False, id="c-collaboration", compact=True)
            with Horizontal(classes="setup-row"):
                yield Label(_("Coalition"), classes="setup-label")
                yield Input(c.coalition, placeholder=_("the coalition or network it belongs to (optional)"), id="c-coalition", compact=True)
            yield Label("", id="c-folder", classes="setup-muted", markup=False)
            yield Label("", id="c-status", classes="setup-status", markup=False)
        yield Label(_("Members"), classes="pane-title", id="members-title")
        yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield Label("", id="member-detail", classes="setup-muted", markup=False)
        with Horizontal(classes="setup-buttons"):
            yield Button(_("Add member"), id="btn-add", compact=True)
            yield Button(_("Edit"), id="btn-edit", compact=True)
            yield Button(_("Retire"), id="btn-retire", compact=True)
            yield Button(_("Import CSV…"), id="btn-import", compact=True)
            yield Button(_("Charter…"), id="btn-charter", compact=True)
            yield Button(_("Export…"), id="btn-export", compact=True)
            yield Button(_("Save"), id="btn-save", variant="primary", compact=True)
        yield VerticalScroll(id="setup-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("New committee") if self.is_new else _("Committee: {name}", name=self.draft.name)
        self.sub_title = _("Members and the committee's name; C for its charter")
        self.query_one("#c-body-other", Input).display = self.query_one("#c-body", Select).value == OTHER_BODY
        self.refresh_members()
        self.revalidate()
        self.baseline = self.form_text()
        self.revalidate()
        show_opened_problems(self, self.file_problems, self.loaded_text, self.located)
        if self.is_new:
            self.query_one("#c-name", Input).focus()
        else:
            self.query_one("#members", DataTable).focus()
        if self.csv_path is not None:
            self.import_csv(self.csv_path)

    # -- the committee being edited -----------------------------------------------------------

    def current(self) -> Committee:
        """The draft with what is typed in the form."""
        body = self.query_one("#c-body", Select).value
        if body == OTHER_BODY:
            body = self.query_one("#c-body-other", Input).value.strip()
        elif body is Select.NULL:
            body = ""
        name = self.query_one("#c-name", Input).value.strip()
        return replace(
            self.draft,
            slug=self.slug_for_save(name),
            name=name,
            body=str(body),
            language=str(self.query_one("#c-language", Select).value),
            collaboration=str(self.query_one("#c-collaboration", Select).value),
            coalition=self.query_one("#c-coalition", Input).value.strip(),
        )

    def form_text(self) -> str:
        """What saving would write, but for the folder name (it follows the name until saved)."""
        return committee_to_toml(replace(self.current(), slug=""))

    def unsaved_what(self) -> str:
        name = self.query_one("#c-name", Input).value.strip() if self.is_mounted else ""
        return _("The committee {name}", name=name) if name else _("The new committee")

    def own_problems(self) -> dict[str, str]:
        """What the editor itself refuses (the file would accept it, a secretary would not)."""
        out = {}
        if self.query_one("#c-body", Select).value is Select.NULL:
            out["#c-body"] = _("Body: choose what kind of body this is (strategic, executive, working group or another).")
        return out

    def shows(self, field: str) -> bool:
        """Whether problems at `field` are shown yet: not before it was touched or saved."""
        return not self.is_new or self.tried_save or field in self.touched

    def slug_for_save(self, name: str) -> str:
        if self.path is not None:
            return self.path.parent.name
        return new_committee_slug(self.app.workspace.root, name)

    def selected_index(self) -> int | None:
        table = self.query_one("#members", DataTable)
        if table.row_count == 0 or not 0 <= table.cursor_row < len(self.draft.members):
            return None
        return table.cursor_row

    def set_members(self, members: list[Member] | tuple[Member, ...], *, select: int | None = None) -> None:
        self.draft = replace(self.draft, members=tuple(members))
        self.touched.add("members")
        self.refresh_members(select=select)
        self.revalidate()

    # -- rendering ----------------------------------------------------------------------------

    def refresh_members(self, *, select: int | None = None) -> None:
        table = self.query_one("#members", DataTable)
        names = {m.id: m.name for m in self.draft.members}
        narrow = is_narrow(self)
        self.narrow_table = narrow
        rows = []
        for m in self.draft.members:
            state = _("retired") if m.retired else (_("new") if m.id not in self.saved_ids else "")
            cells = [
                cell(m.name),
                cell(m.organisation),
                tr(labels.ROLE.get(m.role, m.role)),
                _("Yes") if has_vote(self.draft.charter, m) else _("No"),
            ]
            if not narrow:
                cells += [
                    tr(labels.CONSTITUENCY.get(m.constituency, m.constituency)),
                    cell(names.get(m.alternate_for, m.alternate_for or "")),
                    cell(m.phone),
                    cell(m.email),
                ]
            rows.append((cells + [state], m.id))
        # 80 columns: name, organisation, role, vote and state in full width; the rest of the
        # highlighted member on the line under the table
        fill_table(table, self.member_columns(), rows, room=self.app.size.width - 2 if narrow else 0, give=(1, 0))
        if select is not None and table.row_count:
            table.move_cursor(row=max(0, min(select, table.row_count - 1)))
        self.show_member_detail()
        voting = len(seats(self.draft.charter, self.draft.members))
        self.query_one("#members-title", Label).update(
            _("Members: {n} · voting seats: {voting}", n=len(self.draft.members), voting=voting)
        )

    def member_columns(self) -> list[str]:
        if is_narrow(self):
            return [_("Name"), _("Organisation"), _("Role"), _("Vote"), _("State")]
        return [_("Name"), _("Organisation"), _("Role"), _("Vote"), _("Constituency"), _("Alternate for"), _("Phone"), _("Email"), _("State")]

    def member_detail(self, index: int | None) -> str:
        """What the narrow table leaves out, for the highlighted member."""
        if index is None:
            return ""
        m = self.draft.members[index]
        names = {o.id: o.name for o in self.draft.members}
        parts = [_("Constituency: {name}", name=tr(labels.CONSTITUENCY.get(m.constituency, m.constituency)))]
        if m.alternate_for:
            parts.append(_("Alternate for {name}", name=inline(names.get(m.alternate_for, m.alternate_for))))
        parts += [inline(p) for p in (m.phone, m.email) if p]  # a phone number keeps its order in Arabic
        return "  ·  ".join(parts)

    def show_member_detail(self) -> None:
        label = self.query_one("#member-detail", Label)
        text = self.member_detail(self.selected_index()) if is_narrow(self) else ""
        label.update(text)
        label.display = bool(text)

    @on(DataTable.RowHighlighted, "#members")
    def _member_highlighted(self) -> None:
        self.show_member_detail()

    def on_resize(self) -> None:
        if self.is_mounted and getattr(self, "narrow_table", None) is not None and self.narrow_table != is_narrow(self):
            self.refresh_members()

    def revalidate(self) -> Located:
        """Check the text that saving would write; show each problem where it belongs."""
        committee = self.current()
        text = committee_to_toml(committee)
        result = parse_committee(text, slug=committee.slug or "committee")
        located = Located(text, result.problems)
        self.located = located
        self.has_errors = bool(located.errors)
        own = self.own_problems()
        self.has_errors = bool(located.errors or own)
        for key, field in FIELD_OF.items():
            messages = [plain_text(p) for p in located.at(key)] + ([own[field]] if field in own else [])
            label = self.query_one(f"#error-{field[1:]}", Label)
            shown_here = messages if self.shows(field) else []
            label.update("\n".join(shown_here))
            label.display = bool(shown_here)
        folder = self.app.workspace.root / committee.slug / "committee.toml" if self.path is None else self.path
        unsaved = self.unsaved_changes() or (self.is_new and not self.saved_once)
        self.query_one("#c-folder", Label).update(
            (_("unsaved changes") + "  ·  " if unsaved else "") + _("File: {path}", path=folder)
        )
        status = self.query_one("#c-status", Label)
        status.update(self.status)
        status.display = bool(self.status)
        panel = self.query_one("#setup-problems", VerticalScroll)
        panel.remove_children()
        at_fields = list(FIELD_OF)
        shown = located.outside(at_fields) + [p for path in at_fields for p in located.by_path.get(path, []) if not p.is_error]
        if self.shows("members") or committee.members:
            errors = [plain_text(p) for p in shown if p.is_error]
            warnings = [plain_text(p) for p in shown if not p.is_error]
        else:
            errors, warnings = [], []
        lines = [Label(text, classes="setup-error", markup=False) for text in errors]
        lines += [Label(text, classes="setup-warning", markup=False) for text in warnings]
        if errors:
            lines.insert(0, Label(_("Not ready to save — fix these first:"), classes="setup-error", markup=False))
        panel.mount_all(lines)
        panel.display = bool(lines)
        return located

    def charter_file_problems(self) -> list[Problem]:
        """The errors of the file as opened in its charter, scope or escalation ladder (what
        the charter editor shows), while the file has not been saved from here."""
        if not self.file_problems or self.loaded_text is None:
            return []
        own = (("charter",), ("scope",), ("escalation",))
        located = Located(self.loaded_text, self.file_problems)
        return [p for prefix in own for _path, p in located.under(prefix)]

    def first_problem(self) -> tuple[str, str]:
        """The first thing that stops saving, and the selector of its field ("" for none)."""
        if self.charter_unfixed:
            return _("the charter in the file has problems (listed at the top): press C to fix them in the charter editor first."), "#members"
        for field, message in self.own_problems().items():
            return message, field
        located = self.located or self.revalidate()
        for key, field in FIELD_OF.items():
            for p in located.at(key):
                return plain_text(p), field
        for path, p in located.under(("members",)):
            if len(path) > 1 and isinstance(path[1], int):
                name = self.draft.members[path[1]].name if path[1] < len(self.draft.members) else ""
                text = plain_text(p)
                return (_("{name}: {problem}", name=name, problem=text) if name else text), "#members"
        for p in located.errors:
            return plain_text(p), "#members"
        return "", ""

    # -- form events --------------------------------------------------------------------------

    @on(Input.Changed, "#c-name, #c-body-other, #c-coalition")
    @on(Select.Changed, "#c-body, #c-language, #c-collaboration")
    def _form_changed(self, event) -> None:
        if isinstance(event, Select.Changed) and event.select.id == "c-body":
            other = self.query_one("#c-body-other", Input)
            other.display = event.value == OTHER_BODY
        if self.is_mounted:
            widget = event.input if isinstance(event, Input.Changed) else event.select
            if widget.has_focus or isinstance(event, Select.Changed):
                self.touched.add(f"#{widget.id}")
            self.revalidate()

    @on(DataTable.RowSelected, "#members")
    def _row_selected(self) -> None:
        self.action_edit_member()

    @on(Button.Pressed, ".setup-buttons Button")
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "btn-add": self.action_add_member,
            "btn-edit": self.action_edit_member,
            "btn-retire": self.action_retire_member,
            "btn-import": self.action_import_csv,
            "btn-charter": self.action_charter,
            "btn-export": self.action_export,
            "btn-save": self.action_save,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    # -- members ------------------------------------------------------------------------------

    def member_fields(self, member: Member | None) -> list[FormField]:
        m = member or Member(id="", name="", organisation="")
        others = [
            (f"{o.name} ({o.organisation})", o.id)
            for o in self.draft.members
            if o.id != m.id and not o.is_alternate and not o.retired
        ]
        return [
            FormField("name", _("Name"), m.name, placeholder=_("full name, in any script")),
            FormField("organisation", _("Organisation"), m.organisation, placeholder=_("the member organisation they represent")),
            FormField("role", _("Role"), m.role, kind="select", options=[(tr(labels.ROLE[r]), r) for r in ROLES]),
            FormField("voting", _("Has a vote"), m.voting, kind="check", help=_("Observers, mediators and staff do not vote unless the charter says so.")),
            FormField("constituency", _("Constituency"), m.constituency, kind="select", options=[(tr(labels.CONSTITUENCY[c]), c) for c in CONSTITUENCIES]),
            FormField(
                "alternate_for",
                _("Alternate for"),
                m.alternate_for or "",
                kind="select",
                options=[(_("nobody (a delegate)"), "")] + others,
                help=_("An alternate sits in the seat of a delegate of the same organisation when the delegate is absent."),
            ),
            FormField("phone", _("Phone"), m.phone, placeholder=_("optional")),
            FormField("email", _("Email"), m.email, placeholder=_("optional")),
        ]

    def member_from(self, values: dict, index: int | None) -> Member:
        old = self.draft.members[index] if index is not None else None
        name = values["name"].strip()
        member_id = old.id if old is not None else new_member_id(name, {m.id for m in self.draft.members})
        return Member(
            id=member_id,
            name=name,
            organisation=values["organisation"].strip(),
            role=values["role"],
            voting=bool(values["voting"]),
            constituency=values["constituency"],
            alternate_for=values["alternate_for"] or None,
            phone=values["phone"].strip(),
            email=values["email"].strip(),
            retired=old.retired if old is not None else False,
        )

    def member_problems(self, values: dict, index: int | None) -> dict[str, str]:
        """What is wrong with the member as typed: the editor's own rules, then the file's."""
        member = self.member_from(values, index)
        members = list(self.draft.members)
        if index is None:
            members.append(member)
            at = len(members) - 1
        else:
            members[index] = member
            at = index
        out: dict[str, str] = {}
        charter = self.draft.charter
        if not member.name:
            out["name"] = _("Type the member's name.")
        else:
            for j, other in enumerate(members):
                if j != at and same_name(other.name, member.name):
                    if other.retired:
                        out["name"] = _("A retired member is already called {name} ({org}). If it is the same person, reinstate them instead (x on their row).", name=other.name, org=other.organisation)
                    else:
                        out["name"] = _("Another member is already called {name} ({org}). Add something that tells them apart, or edit that member instead.", name=other.name, org=other.organisation)
                    break
        if not member.organisation:
            out["organisation"] = _("Type the organisation this member is a delegate of.")
        if member.role == "chair" and not member.retired:
            chair = next((o for j, o in enumerate(members) if j != at and o.role == "chair" and not o.retired), None)
            if chair is not None:
                out["role"] = _("{name} is already the chair; a committee has one chair. Make this member a deputy, or change {name}'s role first.", name=chair.name)
        if member.voting and member.role in NON_VOTING_ROLES and not charter.non_voting_roles_vote:
            out["voting"] = _("Has a vote: the role {role} does not vote under this charter. Untick it, or let non-voting roles vote in the charter (C).", role=tr(labels.ROLE[member.role]))
        if member.email and not EMAIL.match(member.email):
            out["email"] = _("Email: {value} is not an e-mail address; write it as name@example.org, or leave it empty.", value=member.email)
        committee = replace(self.current(), members=tuple(members))
        text = committee_to_toml(committee)
        located = Located(text, parse_committee(text, slug=committee.slug or "committee").problems)
        for path, problem in located.under(("members", at)):
            key = path[2] if len(path) > 2 and path[2] in MEMBER_FIELDS else ""
            out.setdefault(key, plain_text(problem))
        return out

    def member_changed(self, dialog: FormDialog, field: str) -> None:
        """A role that does not vote unticks "Has a vote" (and says so)."""
        if field != "role":
            return
        role = dialog.query_one("#field-role", Select).value
        vote = dialog.query_one("#field-voting")
        if role in NON_VOTING_ROLES and not self.draft.charter.non_voting_roles_vote and vote.value:
            vote.value = False
            dialog.say(_("\"Has a vote\" was unticked: the role {role} does not vote under this charter.", role=tr(labels.ROLE[str(role)])))

    def action_add_member(self) -> None:
        self.edit_member(None)

    def action_edit_member(self) -> None:
        index = self.selected_index()
        if index is None:
            self.notify(_("There is no member yet: press a to add one."), severity="warning")
            return
        self.edit_member(index)

    @work(exclusive=True, group="member-dialog")
    async def edit_member(self, index: int | None) -> None:
        member = self.draft.members[index] if index is not None else None
        title = _("Add a member") if member is None else _("Edit {name}", name=member.name)
        fields = self.member_fields(member)
        if member is None:
            fields[3].value = True
        table = self.query_one("#members", DataTable)
        values = await self.app.push_screen_wait(
            FormDialog(
                title,
                fields,
                lambda v: self.member_problems(v, index),
                submit=_("Add") if member is None else _("Apply"),
                on_change=self.member_changed,
            )
        )
        if values is None:
            self.return_to_table(index)
            return
        new = self.member_from(values, index)
        members = list(self.draft.members)
        if index is None:
            members.append(new)
            self.set_members(members, select=len(members) - 1)
            self.notify(_("{name} added (id {id}), not saved yet: ctrl+s saves.", name=new.name, id=new.id))
        else:
            members[index] = new
            self.set_members(members, select=index)
        self.return_to_table(table.cursor_row)

    def return_to_table(self, row: int | None) -> None:
        """After a member dialog: the highlight on the member it was about, the table focused."""
        table = self.query_one("#members", DataTable)
        if row is not None and table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        if table.row_count:
            table.focus()

    def action_retire_member(self) -> None:
        index = self.selected_index()
        if index is None:
            self.notify(_("Select a member first."), severity="warning")
            return
        self.retire_member(index)

    @work(exclusive=True, group="member-dialog")
    async def retire_member(self, index: int) -> None:
        member = self.draft.members[index]
        members = list(self.draft.members)
        if member.id not in self.saved_ids:
            if await self.app.push_screen_wait(ConfirmDialog(_("Remove {name}? They were added in this editing session and are not saved yet.", name=member.name), yes=_("Remove"))):
                del members[index]
                self.set_members(members, select=index)
            return
        if member.retired:
            members[index] = replace(member, retired=False)
            self.set_members(members, select=index)
            self.notify(_("{name} is a current member again.", name=member.name))
            return
        question = _("Retire {name}? A retired member no longer counts or votes, but stays in the file and in past sessions' records.", name=member.name)
        if await self.app.push_screen_wait(ConfirmDialog(question, yes=_("Retire"))):
            members[index] = replace(member, retired=True)
            self.set_members(members, select=index)

    # -- import, charter, export --------------------------------------------------------------

    def action_import_csv(self) -> None:
        self.import_csv()

    @work(exclusive=True, group="member-dialog")
    async def import_csv(self, path: Path | None = None) -> None:
        if path is None:
            path = await ask_path(
                self.app,
                _("Import members from a CSV file"),
                value=str(start_folder(self.app)) + "/",
                help_text=_("Columns: name, organisation, constituency (required); role, voting, phone, email, alternate_for. Comma, semicolon or tab separated; UTF-8, UTF-16 or Arabic Windows (cp1256)."),
                submit=_("Read the file"),
            )
            if path is None:
                return
        found: CsvImport = await asyncio.to_thread(load_members_csv, path, self.current())
        if found.encoding:  # the file was read: next time the dialog starts in its folder
            await asyncio.to_thread(remember_folder, self.app, path)
        if await self.app.push_screen_wait(csv_report(found, path)):
            members = list(self.draft.members) + list(found.members)
            self.set_members(members, select=len(self.draft.members))
            self.status = _("Members added from {name}: {n}. Not saved yet: ctrl+s saves them with the rest.", name=path.name, n=len(found.members))
            self.revalidate()

    def action_charter(self) -> None:
        from meeting_tui.screens.setup.charter_editor import CharterEditor

        def done(charter) -> None:
            if charter is not None and charter != self.draft.charter:
                self.draft = replace(self.draft, charter=charter)
            if charter is not None:
                self.charter_unfixed = False
            self.refresh_members()
            self.revalidate()

        pending = self.charter_file_problems() if self.charter_unfixed else []
        self.app.push_screen(
            CharterEditor(self.current(), path=None, save_with=self.save_charter, file_problems=pending, opened_text=self.loaded_text),
            done,
        )

    async def save_charter(self, charter) -> tuple[bool, str]:
        """The charter editor's ctrl+s: the committee with this charter is written at once.
        (False, why) when it cannot be: the charter is then kept here, unsaved."""
        self.draft = replace(self.draft, charter=charter)
        self.charter_unfixed = False  # the charter editor hands over only a charter without errors
        self.refresh_members()
        self.revalidate()
        why, _field = self.first_problem()
        if why:
            self.status = _("Not saved: {problem}", problem=why)
            self.revalidate()
            return False, why
        return await self.save_now(), ""

    def action_export(self) -> None:
        self.export()

    @work(exclusive=True, group="member-dialog")
    async def export(self) -> None:
        located = self.revalidate()
        if located.errors:
            self.notify(_("Fix the problems shown first: only a valid committee file is exported."), severity="error")
            return
        committee = self.current()
        await export_copy(self.app, committee_to_toml(committee), f"{committee.slug}.toml", title=_("Export the committee file"))

    # -- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="save")
    async def save(self) -> bool:
        return await self.save_now()

    async def save_now(self) -> bool:
        """Write what the editor shows; True when written. When it cannot be, say exactly why
        next to the field (and in the status line), and put the cursor there."""
        committee = self.current()
        self.tried_save = True
        self.revalidate()
        why, field = self.first_problem()
        if why:
            self.status = _("Not saved: {problem}", problem=why)
            self.revalidate()
            self.notify(self.status, severity="error", timeout=8)
            if field:
                self.query_one(field).focus()
            return False
        path = self.path or self.app.workspace.root / committee.slug / "committee.toml"
        text = await save_committee_file(
            self.app,
            path,
            committee,
            loaded_text=self.loaded_text,
            hand_written=self.hand_written,
            new=self.path is None,
        )
        if text is None:
            self.status = _("Not saved (see the message above).")
            self.revalidate()
            return False
        self.path = path
        self.loaded_text = text
        saved_over_problems(self)
        self.hand_written = False
        self.saved_ids = {m.id for m in committee.members}
        self.draft = committee
        self.is_new = False
        self.saved_once = True
        self.title = _("Committee: {name}", name=committee.name)
        self.baseline = self.form_text()
        when = datetime.fromtimestamp(self.app.clock()).strftime("%H:%M")
        self.status = _("Saved at {time}: {path} (members: {n}).", time=when, path=path, n=len(committee.members))
        self.refresh_members()
        self.revalidate()
        return True

    # -- leaving ------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.close_editor()

    @work(exclusive=True, group="member-dialog")
    async def close_editor(self) -> None:
        if await may_leave(self.app, self):
            self.dismiss(self.saved_once)


def _in_reading_order(*parts: str) -> str:
    """One preview line of user text: each part isolated (an Arabic name keeps its own
    direction), the line in the direction of the interface, so that parts stay in order."""
    mark = "\u200f" if is_rtl() else "\u200e"
    return mark + " — ".join(f"\u2068{p}\u2069" for p in parts)


def csv_report(found: CsvImport, path: Path) -> ReportDialog:
    """What a CSV import found: refused with its reason, or the members it would add."""
    if not found.ok:
        lines = [(found.error, "error"), (found.fix, "muted")]
        if found.encoding:
            lines.append((_("Encoding: {encoding}", encoding=found.encoding), "muted"))
        return ReportDialog(_("{name} cannot be imported", name=path.name), lines)
    intro = _(
        "Encoding: {encoding} · separator: {delimiter} · columns: {columns}",
        encoding=found.encoding,
        delimiter=found.delimiter_name,
        columns=", ".join(found.columns.values()),
    )
    lines: list[tuple[str, str]] = []
    if found.problems:
        lines.append((_("Rows that cannot be read and will not be imported: {n}", n=len(found.problems)), "error"))
        lines += [(_("  row {row}: {why}", row=p.row, why=p.message), "error") for p in found.problems]
    if found.members:
        lines.append((_("Members to add: {n}", n=len(found.members)), ""))
        for m in found.members:
            vote = _("votes") if m.voting else _("no vote")
            parts = [m.name, m.organisation, tr(labels.ROLE[m.role]), vote, tr(labels.CONSTITUENCY[m.constituency])]
            if m.alternate_for:
                parts.append(_("alternate for {id}", id=m.alternate_for))
            lines.append(("  " + _in_reading_order(*parts), ""))
    lines += [(note, "warning") for note in found.notes]
    if not found.members:
        lines.append((_("Nothing can be imported from this file."), "error"))
        return ReportDialog(_("Import members from {name}", name=path.name), lines, intro=intro)
    return ReportDialog(
        _("Import members from {name}", name=path.name),
        lines,
        intro=intro,
        confirm=_("Add the members ({n})", n=len(found.members)),
    )
