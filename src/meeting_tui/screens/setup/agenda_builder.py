"""Build an agenda: items with their kind, planned minutes and presenter, in order.

The total planned time is shown against the charter's meeting length. An agenda is saved as
`<committee>/agendas/<slug of its title>.toml`; "save as" writes a copy under a new title, so
any agenda serves as a template. As in the other editors, the exact text about to be saved is
checked (against the committee's roster) and nothing is saved while it has errors.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, OptionList, Select
from textual.widgets.option_list import Option

from meeting_tui.charter import parse_agenda
from meeting_tui.charter.ids import new_item_id
from meeting_tui.charter.problems import Problem
from meeting_tui.charter.validate import MAX_ITEM_MINUTES
from meeting_tui.charter.write import agenda_file_text, agenda_to_toml, toml_number
from meeting_tui.display import inline
from meeting_tui.domain.model import ITEM_KINDS, Agenda, AgendaItem, Committee
from meeting_tui.i18n import _, labels, pgettext, tr
from meeting_tui.screens.setup.setup_common import (
    Located,
    cell,
    export_copy,
    fill_table,
    is_narrow,
    opened_problems,
    plain_text,
    read_if_exists,
    save_text,
    saved_over_problems,
    show_opened_problems,
)
from meeting_tui.screens.setup.unsaved import TracksUnsaved, may_leave
from meeting_tui.widgets.dialogs import (
    DIALOG_HEIGHTS,
    DIALOG_WIDTHS,
    ConfirmDialog,
    DialogScreen,
    FormDialog,
    FormField,
)
from meeting_tui.widgets.fields import Input
from meeting_tui.workspace import AgendaEntry, slug_for

NEW = "__new__"


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=f"agenda-{action.replace('_', '-')}")


def agenda_path(folder: Path, title: str) -> Path:
    return folder / f"{slug_for(title, 'agenda')}.toml"


class AgendaPicker(DialogScreen):
    """Choose an agenda of the committee to edit, or a new one; dismisses with its path,
    NEW, or None."""

    cancel_note = ""  # choosing records nothing: nothing to say on Escape

    def __init__(self, committee_name: str, agendas: list[AgendaEntry], *, offer_new: bool = True) -> None:
        super().__init__()
        self.committee_name = committee_name
        self.agendas = agendas
        self.offer_new = offer_new

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        if self.offer_new:
            options.append(Option(_("+ New agenda"), id=NEW))
        for entry in self.agendas:
            if entry.agenda is None:
                first = next((p.message for p in entry.problems if p.is_error), "")
                options.append(
                    Option(
                        _("{name} — has errors, fix it first with meeting-tui check: {problem}", name=entry.path.name, problem=first),
                        id=str(entry.path),
                        disabled=True,
                    )
                )
            else:
                options.append(
                    Option(
                        _("{title} (items: {n}, {minutes} min) — {file}", title=entry.agenda.title, n=len(entry.agenda.items), minutes=toml_number(entry.agenda.planned_minutes), file=entry.path.name),
                        id=str(entry.path),
                    )
                )
        with Vertical(id="picker-dialog"):
            yield Label(_("Agendas of {name}", name=self.committee_name), classes="dialog-title", markup=False)
            yield OptionList(*options, id="agenda-options", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#agenda-options", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def submit(self) -> None:
        options = self.query_one("#agenda-options", OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class AgendaBuilder(TracksUnsaved, Screen[bool]):
    """Dismisses with True when an agenda was saved."""

    # the dialogs' breakpoints: -narrow below 100 columns, -short below 30 lines (app.tcss)
    HORIZONTAL_BREAKPOINTS = DIALOG_WIDTHS
    VERTICAL_BREAKPOINTS = DIALOG_HEIGHTS

    BINDINGS = [
        _b("ctrl+s", "save", _("Save"), _("Check the agenda and save it under its title"), show=True),
        _b("a", "add_item", _("Add item"), _("Add an item at the end of the agenda"), show=True),
        _b("e", "edit_item", _("Edit item"), _("Edit the highlighted item (Enter does the same)"), show=True),
        _b("x", "remove_item", _("Remove"), _("Remove the highlighted item"), show=True),
        _b("left_square_bracket", "move_up", _("Move up"), _("Move the highlighted item up"), show=True),
        _b("right_square_bracket", "move_down", _("Move down"), _("Move the highlighted item down"), show=True),
        _b("S", "save_as", _("Save as"), _("Save a copy under a new title (use any agenda as a template)")),
        _b("o", "open", _("Open"), _("Open another agenda of this committee")),
        _b("X", "export", _("Export"), _("Write a copy of the agenda file to a path you type")),
        Binding("escape", "close", _("Back"), id="agenda-close", show=True, tooltip=_("Back to the home screen (asks first if there are unsaved changes)")),
    ]

    def __init__(
        self,
        committee: Committee,
        *,
        path: Path | None = None,
        agenda: Agenda | None = None,
        file_problems: list[Problem] | None = None,
    ) -> None:
        super().__init__()
        self.file_problems = list(file_problems or [])  # errors of the file as opened
        self.committee = committee
        self.path = path
        self.loaded_text = read_if_exists(path) if path is not None else None
        self.start = agenda or Agenda(title="")
        self.items: list[AgendaItem] = list(self.start.items)
        self.saved_once = False
        self.located: Located | None = None
        self.baseline: str | None = None  # the agenda as last written (or as opened)
        self.status = ""  # what the last save did
        self.touched: set[str] = set()  # fields changed by the user: only they show errors
        self.tried_save = False

    def shows(self, what: str) -> bool:
        """A new agenda shows a problem only once it was touched, or saving was tried."""
        return self.path is not None or self.tried_save or what in self.touched

    def form_text(self) -> str:
        return agenda_to_toml(self.current())

    def unsaved_what(self) -> str:
        title = self.query_one("#ag-title", Input).value.strip() if self.is_mounted else ""
        return _("The agenda {title}", title=title) if title else _("The new agenda")

    @property
    def folder(self) -> Path:
        return self.app.workspace.root / self.committee.slug / "agendas"

    # -- layout -------------------------------------------------------------------------------

    def people(self) -> list[tuple[str, str]]:
        return [(f"{m.name} ({m.organisation})", m.id) for m in self.committee.members if not m.retired]

    def compose(self) -> ComposeResult:
        a = self.start
        chair = self.committee.holder_of("chair")
        secretary = self.committee.holder_of("secretary")
        chair_options = [(_("the committee's chair ({name})", name=chair.name) if chair else _("the committee's chair"), "")] + self.people()
        secretary_options = [(_("the committee's secretary ({name})", name=secretary.name) if secretary else _("the committee's secretary"), "")] + self.people()
        ids = {m.id for m in self.committee.members if not m.retired}
        yield Header()
        opened = opened_problems(self.file_problems, self.path.name if self.path else "")
        if opened is not None:
            yield opened
        with Vertical(id="agenda-form"):
            with Horizontal(classes="setup-row"):
                yield Label(_("Title"), classes="setup-label")
                yield Input(a.title, placeholder=_("e.g. Monthly meeting — March"), id="ag-title", compact=True)
            yield Label("", id="error-ag-title", classes="setup-error", markup=False)
            with Horizontal(classes="setup-row"):
                yield Label(_("Place"), classes="setup-label")
                yield Input(a.place, placeholder=_("optional"), id="ag-place", compact=True)
                yield Label(_("Date"), classes="setup-label setup-label-2")
                yield Input(a.date, placeholder=_("YYYY-MM-DD (optional)"), id="ag-date", compact=True)
            yield Label("", id="error-ag-date", classes="setup-error", markup=False)
            with Horizontal(classes="setup-row"):
                yield Label(_("Chair"), classes="setup-label")
                yield Select(chair_options, value=a.chair if a.chair in ids else "", allow_blank=False, id="ag-chair", compact=True)
                yield Label(_("Secretary"), classes="setup-label setup-label-2")
                yield Select(secretary_options, value=a.secretary if a.secretary in ids else "", allow_blank=False, id="ag-secretary", compact=True)
            yield Label("", id="ag-file", classes="setup-muted", markup=False)
            yield Label("", id="ag-status", classes="setup-status", markup=False)
        yield Label("", id="agenda-total", classes="pane-title")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Label("", id="item-detail", classes="setup-muted", markup=False)
        with Horizontal(classes="setup-buttons"):
            yield Button(_("Add item"), id="btn-add", compact=True)
            yield Button(_("Edit"), id="btn-edit", compact=True)
            yield Button(_("Remove"), id="btn-remove", compact=True)
            yield Button(_("Up"), id="btn-up", compact=True)
            yield Button(_("Down"), id="btn-down", compact=True)
            yield Button(_("Open…"), id="btn-open", compact=True)
            yield Button(_("Save as…"), id="btn-save-as", compact=True)
            yield Button(_("Export…"), id="btn-export", compact=True)
            yield Button(_("Save"), id="btn-save", variant="primary", compact=True)
        yield VerticalScroll(id="setup-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Agenda: {name}", name=self.committee.name)
        self.sub_title = _("Items in order, with planned minutes")
        self.refresh_items()
        self.baseline = self.form_text()
        self.revalidate()
        show_opened_problems(self, self.file_problems, self.loaded_text, self.located)
        if self.start.title:
            self.query_one("#items", DataTable).focus()
        else:
            self.query_one("#ag-title", Input).focus()

    # -- the agenda being edited --------------------------------------------------------------

    def current(self) -> Agenda:
        return Agenda(
            title=self.query_one("#ag-title", Input).value.strip(),
            items=tuple(self.items),
            place=self.query_one("#ag-place", Input).value.strip(),
            date=self.query_one("#ag-date", Input).value.strip(),
            chair=str(self.query_one("#ag-chair", Select).value),
            secretary=str(self.query_one("#ag-secretary", Select).value),
        )

    def presenter_name(self, presenter: str) -> str:
        member = self.committee.member(presenter) if presenter else None
        return member.name if member is not None else presenter

    def refresh_items(self, *, select: int | None = None) -> None:
        table = self.query_one("#items", DataTable)
        narrow = is_narrow(self)
        self.narrow_table = narrow
        rows = [
            (
                [
                    str(i),
                    cell(item.title),
                    tr(labels.ITEM_KIND.get(item.kind, item.kind)),
                    toml_number(item.minutes),
                ]
                + ([] if narrow else [cell(self.presenter_name(item.presenter))]),
                item.id,
            )
            for i, item in enumerate(self.items, start=1)
        ]
        headers = ["#", _("Item"), _("Kind"), pgettext("duration", "Minutes")] + ([] if narrow else [_("Presenter")])
        # 80 columns: the title gives way so that kind and minutes stay in full; the presenter
        # of the highlighted item is on the line under the table
        fill_table(table, headers, rows, widest=70, room=self.app.size.width - 2 if narrow else 0, give=(1,))
        if select is not None and table.row_count:
            table.move_cursor(row=max(0, min(select, table.row_count - 1)))
        self.show_item_detail()
        self.show_total()

    def show_item_detail(self) -> None:
        label = self.query_one("#item-detail", Label)
        table = self.query_one("#items", DataTable)
        text = ""
        if is_narrow(self) and table.row_count and 0 <= table.cursor_row < len(self.items):
            item = self.items[table.cursor_row]
            text = inline(item.title)
            if item.presenter:
                text = _("{title} — presented by {name}", title=inline(item.title), name=inline(self.presenter_name(item.presenter)))
        label.update(text)
        label.display = bool(text)

    @on(DataTable.RowHighlighted, "#items")
    def _item_highlighted(self) -> None:
        self.show_item_detail()

    def on_resize(self) -> None:
        if self.is_mounted and getattr(self, "narrow_table", None) is not None and self.narrow_table != is_narrow(self):
            self.refresh_items()

    def show_total(self) -> None:
        planned = sum(item.minutes for item in self.items)
        meeting = self.committee.charter.meeting_minutes
        label = self.query_one("#agenda-total", Label)
        if planned > meeting:
            text = _("Planned {planned} min — {over} min more than the charter's {meeting}-minute meeting", planned=toml_number(planned), over=toml_number(planned - meeting), meeting=meeting)
        else:
            text = _("Planned {planned} of the charter's {meeting} minutes ({left} min to spare)", planned=toml_number(planned), meeting=meeting, left=toml_number(meeting - planned))
        label.update(_("Items: {n} · ", n=len(self.items)) + text)
        label.set_class(planned > meeting, "-over")

    def set_items(self, items: list[AgendaItem], *, select: int | None = None) -> None:
        self.items = items
        self.refresh_items(select=select)
        self.revalidate()

    def selected_index(self) -> int | None:
        table = self.query_one("#items", DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return table.cursor_row

    def revalidate(self) -> Located:
        agenda = self.current()
        text = agenda_to_toml(agenda)
        result = parse_agenda(text, committee=self.committee)
        located = Located(text, result.problems)
        self.located = located
        for key, label_id in (("title", "#error-ag-title"), ("date", "#error-ag-date")):
            messages = [plain_text(p) for p in located.at(("agenda", key))] if self.shows(label_id) else []
            label = self.query_one(label_id, Label)
            label.update("\n".join(messages))
            label.display = bool(messages)
        target = self.path or agenda_path(self.folder, agenda.title)
        self.query_one("#ag-file", Label).update(
            (_("unsaved changes") + "  ·  " if self.dirty or self.path is None else "") + _("File: {path}", path=target)
        )
        status = self.query_one("#ag-status", Label)
        status.update(self.status)
        status.display = bool(self.status)
        shown = located.outside([("agenda", "title"), ("agenda", "date")]) if self.shows("items") or self.items else []
        panel = self.query_one("#setup-problems", VerticalScroll)
        panel.remove_children()
        lines = [Label(plain_text(p), classes="setup-error", markup=False) for p in shown if p.is_error]
        lines += [Label(plain_text(p), classes="setup-warning", markup=False) for p in shown if not p.is_error]
        panel.mount_all(lines)
        panel.display = bool(lines)
        return located

    @on(Input.Changed, "#ag-title, #ag-place, #ag-date")
    @on(Select.Changed, "#ag-chair, #ag-secretary")
    def _form_changed(self, event: Input.Changed | Select.Changed) -> None:
        if not self.is_mounted:
            return
        widget = event.input if isinstance(event, Input.Changed) else event.select
        if widget.has_focus:
            self.touched.add(f"#error-{widget.id}")
        self.revalidate()

    @on(DataTable.RowSelected, "#items")
    def _row_selected(self) -> None:
        self.action_edit_item()

    @on(Button.Pressed, ".setup-buttons Button")
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "btn-add": self.action_add_item,
            "btn-edit": self.action_edit_item,
            "btn-remove": self.action_remove_item,
            "btn-up": self.action_move_up,
            "btn-down": self.action_move_down,
            "btn-open": self.action_open,
            "btn-save-as": self.action_save_as,
            "btn-export": self.action_export,
            "btn-save": self.action_save,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    # -- items --------------------------------------------------------------------------------

    def item_from(self, values: dict, index: int | None) -> AgendaItem:
        old = self.items[index] if index is not None else None
        title = values["title"].strip()
        taken = {item.id for item in self.items}
        return AgendaItem(
            id=old.id if old is not None else new_item_id(title, taken),
            title=title,
            # a number (the field has checked its unit and range); 40, not 40.0, in the file
            minutes=int(values["minutes"]) if float(values["minutes"]).is_integer() else values["minutes"],
            kind=values["kind"],
            presenter=values["presenter"].strip(),
        )

    def item_problems(self, values: dict, index: int | None) -> dict[str, str]:
        out: dict[str, str] = {}
        if not values["title"].strip():
            out["title"] = _("Type what the item is about.")
        item = self.item_from(values, index)
        items = list(self.items)
        at = len(items) if index is None else index
        if index is None:
            items.append(item)
        else:
            items[index] = item
        agenda = replace(self.current(), items=tuple(items))
        text = agenda_to_toml(agenda)
        located = Located(text, parse_agenda(text, committee=self.committee).problems)
        for path, problem in located.under(("items", at)):
            key = path[2] if len(path) > 2 and path[2] in ("title", "minutes", "kind", "presenter") else ""
            out.setdefault(key, plain_text(problem))
        return out

    def action_add_item(self) -> None:
        self.edit_item(None)

    def action_edit_item(self) -> None:
        index = self.selected_index()
        if index is None:
            self.notify(_("The agenda has no items yet: press a to add one."), severity="warning")
            return
        self.edit_item(index)

    @work(exclusive=True, group="agenda-dialog")
    async def edit_item(self, index: int | None) -> None:
        item = self.items[index] if index is not None else AgendaItem(id="", title="", minutes=10)
        fields = [
            FormField("title", _("Title"), item.title, placeholder=_("what the item is about"), validate=lambda text: None if text.strip() else _("Type what the item is about.")),
            FormField("kind", _("Kind"), item.kind, kind="select", options=[(tr(labels.ITEM_KIND[k]), k) for k in ITEM_KINDS]),
            # the same range as an item added during the meeting (live screen, MAX_ITEM_MINUTES)
            FormField("minutes", _("Planned minutes"), item.minutes, unit=_("minutes"), minimum=1, maximum=MAX_ITEM_MINUTES),
            FormField(
                "presenter",
                _("Presenter"),
                item.presenter,
                kind="select",
                options=[(_("nobody in particular"), "")] + self.people(),
                other=_("someone else (type the name)"),
                placeholder=_("a guest's name"),
            ),
        ]
        values = await self.app.push_screen_wait(
            FormDialog(
                _("Add an item") if index is None else _("Edit item {n}", n=index + 1),
                fields,
                lambda v: self.item_problems(v, index),
                submit=_("Add") if index is None else _("Apply"),
            )
        )
        if values is None:
            self.return_to_table(index)
            return
        new = self.item_from(values, index)
        items = list(self.items)
        if index is None:
            items.append(new)
            self.set_items(items, select=len(items) - 1)
        else:
            items[index] = new
            self.set_items(items, select=index)
        self.return_to_table(self.query_one("#items", DataTable).cursor_row)

    def return_to_table(self, row: int | None) -> None:
        """After an item dialog: the highlight on the item it was about, the table focused."""
        table = self.query_one("#items", DataTable)
        if row is not None and table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        if table.row_count:
            table.focus()

    def action_remove_item(self) -> None:
        index = self.selected_index()
        if index is None:
            return
        items = list(self.items)
        removed = items.pop(index)
        self.set_items(items, select=index)
        self.notify(_("Removed: {title}", title=removed.title))

    def _move(self, step: int) -> None:
        index = self.selected_index()
        if index is None or not 0 <= index + step < len(self.items):
            return
        items = list(self.items)
        items[index], items[index + step] = items[index + step], items[index]
        self.set_items(items, select=index + step)

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    # -- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    def action_save_as(self) -> None:
        self.save(ask_title=True)

    @work(exclusive=True, group="agenda-save")
    async def save(self, ask_title: bool = False) -> bool:
        return await self.save_now(ask_title)

    def _refused(self, why: str) -> bool:
        self.status = _("Not saved: {problem}", problem=why)
        self.revalidate()
        self.notify(self.status, severity="error", timeout=8)
        return False

    async def save_now(self, ask_title: bool = False) -> bool:
        """Write what the builder shows; True when written, otherwise say why."""
        if ask_title:
            current = self.query_one("#ag-title", Input).value.strip()

            def check(values: dict) -> dict[str, str]:
                title = values["title"].strip()
                if not title:
                    return {"title": _("Type a title for the new agenda.")}
                target = agenda_path(self.folder, title)
                if target == self.path:
                    return {"title": _("That is this agenda's file; type a different title.")}
                return {}

            answer = await self.app.push_screen_wait(
                FormDialog(
                    _("Save as a new agenda"),
                    [FormField("title", _("Title"), current, help=_("The new agenda is saved under this title; the one you opened stays as it was."))],
                    check,
                    submit=_("Save"),
                )
            )
            if answer is None:
                return False
            self.query_one("#ag-title", Input).value = answer["title"].strip()
            self.path = None
            self.loaded_text = None
        self.tried_save = True
        located = self.revalidate()
        agenda = self.current()
        if located.errors:
            return self._refused(plain_text(located.errors[0]))
        text = agenda_file_text(agenda, self.loaded_text if self.path is not None else None, committee=self.committee).text
        result = parse_agenda(text, committee=self.committee)
        if result.errors or result.value != agenda:
            self.notify(_("Not saved: the file would not read back the same. Please report this."), severity="error")
            return False
        path = self.path or agenda_path(self.folder, agenda.title)
        on_disk = read_if_exists(path)
        if self.path is None and path.exists():
            if not await self.app.push_screen_wait(
                ConfirmDialog(_("An agenda file {name} already exists. Replace it?", name=path.name), yes=_("Replace"))
            ):
                return self._refused(_("{name} already exists; save under another title (Save as).", name=path.name))
        elif self.path is not None and on_disk is not None and on_disk != self.loaded_text:
            if not await self.app.push_screen_wait(
                ConfirmDialog(_("{name} was changed by someone else since you opened it. Replace it with your version?", name=path.name), yes=_("Replace"))
            ):
                return False
        if not await save_text(self.app, path, text):
            return self._refused(_("the file could not be written (see the message above)."))
        self.path = path
        self.loaded_text = text
        saved_over_problems(self)
        self.start = agenda
        self.baseline = self.form_text()
        self.saved_once = True
        when = datetime.fromtimestamp(self.app.clock()).strftime("%H:%M")
        self.status = _("Saved at {time}: {path} (items: {n}).", time=when, path=path, n=len(agenda.items))
        self.revalidate()
        self.notify(_("Saved {path}", path=path))
        return True

    # -- open, export, leave ------------------------------------------------------------------

    def action_open(self) -> None:
        self.open_other()

    @work(exclusive=True, group="agenda-dialog")
    async def open_other(self) -> None:
        if not await may_leave(self.app, self):
            return
        agendas = await asyncio.to_thread(self.app.workspace.agendas, self.committee.slug, self.committee)
        chosen = await self.app.push_screen_wait(AgendaPicker(self.committee.name, agendas))
        if chosen is None:
            return
        entry = next((a for a in agendas if str(a.path) == chosen), None)
        if entry is None or entry.agenda is None:
            self.load(None, Agenda(title=""))
        else:
            self.load(entry.path, entry.agenda)

    def load(self, path: Path | None, agenda: Agenda) -> None:
        """Show another agenda in this builder."""
        self.path = path
        self.loaded_text = read_if_exists(path) if path is not None else None
        self.start = agenda
        self.items = list(agenda.items)
        ids = {m.id for m in self.committee.members if not m.retired}
        self.query_one("#ag-title", Input).value = agenda.title
        self.query_one("#ag-place", Input).value = agenda.place
        self.query_one("#ag-date", Input).value = agenda.date
        self.query_one("#ag-chair", Select).value = agenda.chair if agenda.chair in ids else ""
        self.query_one("#ag-secretary", Select).value = agenda.secretary if agenda.secretary in ids else ""
        self.baseline = self.form_text()
        self.status = ""
        self.refresh_items(select=0)
        self.revalidate()

    def action_export(self) -> None:
        self.export()

    @work(exclusive=True, group="agenda-dialog")
    async def export(self) -> None:
        if self.revalidate().errors:
            self.notify(_("Fix the problems shown first: only a valid agenda file is exported."), severity="error")
            return
        agenda = self.current()
        name = self.path.name if self.path else agenda_path(self.folder, agenda.title).name
        await export_copy(self.app, agenda_to_toml(agenda), name, title=_("Export the agenda file"))

    def action_close(self) -> None:
        self.close_builder()

    @work(exclusive=True, group="agenda-dialog")
    async def close_builder(self) -> None:
        if await may_leave(self.app, self):
            self.dismiss(self.saved_once)
