"""The committee's decision register: browse and search every decision of every session
(PROCEDURE.md: Revisiting decisions), each with its history (decided, notices, executed,
rescinded...). Opened from the home screen (the highlighted committee) and the live screen.

The register reads every session file that changed since `register.json`: it is loaded in a
worker. The screen says when the index was rebuilt and which session files were damaged and
skipped. With `pick=True` (the revisit screen), Enter returns the highlighted register id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Select, Static
from rich.text import Text

from meeting_tui.domain import revisit
from meeting_tui.domain.rules import CONSENSUS_CATEGORY_LABELS, threshold_label
from meeting_tui.i18n import N_, _, join, ngettext, tr
from meeting_tui.widgets.fields import Input


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class RegisterScreen(Screen[str | None]):
    BINDINGS = [
        Binding("ctrl+f", "focus_search", _("Search"), show=True, id="register-search", tooltip=_("Search the register's texts")),
        Binding("ctrl+r", "reload", _("Reload"), show=True, id="register-reload", tooltip=_("Read the register again (new or changed sessions)")),
        Binding("escape", "back", _("Back"), show=True, id="register-back", tooltip=_("Close the register")),
    ]

    @dataclass
    class Loaded(Message):
        """The load worker's result: the register, or why it could not be read."""

        register: object | None
        error: str = ""

    def __init__(self, folder: Path, *, name: str = "", pick: bool = False) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.committee_name = name or self.folder.name
        self.pick = pick
        self.register = None
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="register-filters"):
            yield Input(placeholder=_("words in the text"), id="register-text")
            yield Input(placeholder=_("id, e.g. EXE-2026"), id="register-id")
            statuses = [(_("any status"), "")] + [(tr(revisit.STATUS_LABELS[s]), s) for s in revisit.STATUSES]
            yield Select(statuses, value="", allow_blank=False, id="register-status")
            yield Input(placeholder=_("from YYYY-MM-DD"), id="register-from")
            yield Input(placeholder=_("to YYYY-MM-DD"), id="register-to")
            yield Input(placeholder=_("body, e.g. executive"), id="register-body")
            kinds = [(_("any kind"), ""), (_("vote"), "vote"), (_("consensus"), "consensus"), (_("conflict"), "conflict")]
            yield Select(kinds, value="", allow_blank=False, id="register-kind")
        yield Static(_("Reading the register…"), id="register-info", markup=False)
        with Horizontal(id="register-main"):
            with Vertical(id="register-list-pane"):
                yield Label(_("Decisions"), classes="pane-title", id="register-count")
                yield DataTable(id="register-entries", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="register-detail-box"):
                yield Static("", id="register-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.committee_name
        self.sub_title = _("Decision register") + (" · " + _("Enter picks a decision") if self.pick else "")
        self.query_one("#register-entries", DataTable).add_columns(_("Id"), _("Date"), _("Status"), _("Body"), _("Decision"))
        self.query_one("#register-entries", DataTable).focus()
        self.action_reload()

    # -- loading ------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="register-load")
    def load(self) -> None:
        from meeting_tui.register import Register

        try:
            register = Register.load(self.folder)
        except Exception as error:  # noqa: BLE001 - shown on the screen
            self.post_message(self.Loaded(None, str(error)))
            return
        self.post_message(self.Loaded(register))

    def on_register_screen_loaded(self, message: Loaded) -> None:
        if message.register is None:
            self._failed(message.error)
        else:
            self._loaded(message.register)

    def _failed(self, error: str) -> None:
        self.query_one("#register-info", Static).update(_("The register could not be read: {error}", error=error))

    def _loaded(self, register) -> None:
        self.register = register
        lines = []
        if register.rebuilt:
            lines.append(_("The index was rebuilt from every session file just now."))
        elif register.reread:
            lines.append(_("The index was updated just now: {files} read again.", files=join(register.reread)))
        else:
            lines.append(_("The index is up to date."))
        if register.cache_problem:
            lines.append(_("The cached index could not be used: {problem}", problem=register.cache_problem))
        for damaged in register.damaged:
            lines.append(_("Skipped (damaged, left untouched): {file}: {reason}", file=damaged.file, reason=damaged.reason))
        if register.write_error:
            lines.append(_("register.json could not be written: {error}", error=register.write_error))
        info = self.query_one("#register-info", Static)
        info.update("\n".join(lines))
        info.set_class(bool(register.damaged), "-damaged")
        self.refresh_list()

    # -- searching ----------------------------------------------------------------------------

    def criteria(self) -> dict:
        def value(selector: str) -> str | None:
            return self.query_one(selector, Input).value.strip() or None

        status = str(self.query_one("#register-status", Select).value or "")
        kind = str(self.query_one("#register-kind", Select).value or "")
        return {
            "text": value("#register-text"),
            "id": value("#register-id"),
            "status": status or None,
            "date_from": value("#register-from"),
            "date_to": value("#register-to"),
            "body": value("#register-body"),
            "kind": kind or None,
        }

    @on(Input.Changed)
    @on(Select.Changed)
    def _criteria_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted)
    def _search_submitted(self) -> None:
        self.query_one("#register-entries", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#register-text", Input).focus()

    def refresh_list(self) -> None:
        if self.register is None:
            return
        from meeting_tui.register import RegisterCommandError, criteria_from

        table = self.query_one("#register-entries", DataTable)
        try:
            criteria = criteria_from(**self.criteria())
        except RegisterCommandError as problem:  # a date being typed: say what is wrong, list nothing
            table.clear()
            self._ids = []
            self.query_one("#register-count", Label).update(Text(str(problem)))
            self.show_entry(None)
            return
        found = self.register.search(**criteria)
        table.clear()
        self._ids = []
        for e in found:
            table.add_row(e.id, e.date, tr(revisit.STATUS_LABELS.get(e.status, e.status)), e.body, _short(e.text, 60), key=e.id)
            self._ids.append(e.id)
        self.query_one("#register-count", Label).update(
            _("Decisions: {n} of {total}", n=len(found), total=len(self.register.entries))
        )
        self.show_entry(self._ids[0] if self._ids else None)

    @on(DataTable.RowHighlighted, "#register-entries")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_entry(str(event.row_key.value) if event.row_key is not None else None)

    @on(DataTable.RowSelected, "#register-entries")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if self.pick:
            self.dismiss(str(event.row_key.value))

    def show_entry(self, register_id: str | None) -> None:
        detail = self.query_one("#register-detail", Static)
        entry = self.register.get(register_id) if (self.register is not None and register_id) else None
        if entry is None:
            detail.update(_("No decision matches.") if self.register is not None else "")
            return
        detail.update(entry_text(entry, self.register.history(entry.id)))

    def action_back(self) -> None:
        self.dismiss(None)


# What happened to a decision, as the register's history records it (register.HistoryEntry).
CHANGE_LABELS = {
    "decided": N_("decided"),
    "notice": N_("notice of motion given"),
    "executed": N_("marked executed"),
    "rescinded": N_("rescinded"),
    "amended": N_("amended"),
    "reconsidered": N_("reconsidered"),
}


def entry_text(entry, history) -> str:
    lines = [
        _("{id} · {status}", id=entry.id, status=tr(revisit.STATUS_LABELS.get(entry.status, entry.status))),
        entry.text,
        "",
        _("Session: {title} ({date}), {file}", title=entry.title, date=entry.date, file=entry.session),
        _("Body: {body} · method: {method}", body=entry.body, method=entry.method or "—"),
    ]
    if entry.threshold:
        lines.append(_("Threshold: {threshold}", threshold=threshold_label(entry.threshold)))
    if entry.tally:
        lines.append(
            ngettext(
                "Tally: {yes} yes, {no} no, {n} abstention",
                "Tally: {yes} yes, {no} no, {n} abstentions",
                entry.tally.get("abstain", 0),
                yes=entry.tally.get("yes", 0),
                no=entry.tally.get("no", 0),
            )
        )
    if entry.spread:
        lines.append(_("Consensus: {spread}", spread=join(f"{tr(CONSENSUS_CATEGORY_LABELS.get(k, k))} {v}" for k, v in entry.spread.items() if v)))
    if entry.conflict:
        lines.append(_("Binding outcome of conflict {id}", id=entry.conflict))
    if entry.executed:
        lines.append(_("Executed (carried out) {date}", date=entry.executed_date or ""))
    for link in entry.links:
        lines.append(_("{relation} {id}", relation=tr(revisit.RELATION_LABELS.get(link.relation, link.relation)), id=link.id))
    for notice in entry.notices:
        lines.append(_("Notice to {kind} given {date} by {name}", kind=tr(revisit.KIND_LABELS.get(notice.kind, notice.kind)), date=notice.date, name=notice.mover_name or notice.mover))
    if history:
        lines.append("")
        lines.append(_("History:"))
        for h in history:
            change = tr(CHANGE_LABELS.get(h.change, h.change))
            line = f"  {h.date} · {change} → {tr(revisit.STATUS_LABELS.get(h.status, h.status))}"
            if h.by:
                line += f" ({h.by})"
            if h.text:
                line += f": {_short(h.text, 80)}"
            lines.append(line)
    return "\n".join(lines)
