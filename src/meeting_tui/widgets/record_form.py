"""A modal form for one record (a member, an agenda item, an escalation level, a path).

Unlike `FormDialog`, every field has its own error line: the caller's `check` returns a
message per field (and "" for the form as a whole), shown under the field as the user types;
the form is dismissed with its values only when `check` finds nothing wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from meeting_tui.i18n import _

OTHER = "__other__"  # the "someone else" choice of a select with free text

Values = dict[str, Any]
Check = Callable[[Values], dict[str, str]]


class YesNo(Checkbox):
    """A checkbox that says "yes" or "no" next to it, so its state never depends on colour."""

    def __init__(self, value: bool = False, **kwargs: Any) -> None:
        super().__init__(_("Yes") if value else _("No"), value=value, compact=True, **kwargs)

    def watch_value(self) -> None:
        super().watch_value()
        self.label = _("Yes") if self.value else _("No")


@dataclass
class FormField:
    name: str
    label: str
    value: str | bool = ""
    kind: str = "text"  # "text" | "select" | "check"
    options: list[tuple[str, str]] | None = None  # (label, value) for a select
    placeholder: str = ""
    help: str = ""
    other: str = ""  # for a select: the label of a last "type it yourself" choice


class RecordDialog(ModalScreen[Values | None]):
    """Dismisses with {field name: str or bool}, or None when cancelled (Escape)."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="record-cancel")]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        check: Check | None = None,
        *,
        submit: str = "",
        help_text: str = "",
        on_change: Callable[["RecordDialog", str], None] | None = None,
    ) -> None:
        """`on_change(dialog, field name)` runs when a field changes (e.g. a role that does
        not vote unticks "Has a vote")."""
        super().__init__()
        self.on_change = on_change
        self.form_title = title
        self.fields = fields
        self.check = check or (lambda _values: {})
        self.submit_label = submit or _("OK")
        self.help_text = help_text
        self._touched = False

    def compose(self) -> ComposeResult:
        with Vertical(id="record-dialog"):
            yield Label(self.form_title, classes="dialog-title", markup=False)
            if self.help_text:
                yield Label(self.help_text, classes="dialog-help", markup=False)
            with VerticalScroll(id="record-fields"):
                for f in self.fields:
                    with Horizontal(classes="record-row"):
                        yield Label(f.label, classes="record-label", markup=False)
                        yield from self._widget(f)
                    if f.kind == "select" and f.other:
                        chosen = self._initial_choice(f)
                        other = Input(
                            value=str(f.value) if chosen == OTHER else "",
                            placeholder=f.placeholder,
                            id=f"field-{f.name}-other",
                            classes="record-other",
                            compact=True,
                        )
                        other.display = chosen == OTHER
                        yield other
                    if f.help:
                        yield Label(f.help, classes="record-help", markup=False)
                    yield Label("", id=f"error-{f.name}", classes="record-error", markup=False)
            yield Label("", id="error-", classes="record-error", markup=False)
            yield Label("", id="record-note", classes="record-note", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def _initial_choice(self, f: FormField) -> str:
        options = f.options or []
        if any(v == f.value for _label, v in options):
            return str(f.value)
        if f.other and f.value:
            return OTHER
        return options[0][1] if options else ""

    def _widget(self, f: FormField) -> ComposeResult:
        if f.kind == "check":
            yield YesNo(bool(f.value), id=f"field-{f.name}")
        elif f.kind == "select":
            options = list(f.options or [])
            if f.other:
                options.append((f.other, OTHER))
            yield Select(options, value=self._initial_choice(f), allow_blank=False, id=f"field-{f.name}", compact=True)
        else:
            yield Input(value=str(f.value), placeholder=f.placeholder, id=f"field-{f.name}", compact=True)

    def on_mount(self) -> None:
        for f in self.fields:
            for error in self.query(f"#error-{f.name}"):
                error.display = False
        self.query_one("#error-", Label).display = False
        self.query_one("#record-note", Label).display = False
        self.app.clear_notifications()  # a toast must not cover the buttons
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None:
            first.focus()

    def say(self, text: str) -> None:
        """A note inside the dialog (not a toast, which could cover its buttons)."""
        note = self.query_one("#record-note", Label)
        note.update(text)
        note.display = bool(text)

    # -- values and checks --------------------------------------------------------------------

    def values(self) -> Values:
        out: Values = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Checkbox):
                out[f.name] = widget.value
            elif isinstance(widget, Select):
                value = widget.value
                if value == OTHER:
                    value = self.query_one(f"#field-{f.name}-other", Input).value
                out[f.name] = "" if value is Select.NULL else str(value)
            else:
                out[f.name] = widget.value
        return out

    def show_problems(self) -> dict[str, str]:
        problems = dict(self.check(self.values()))
        for f in self.fields:
            if f.kind == "select" and f.other and self.query_one(f"#field-{f.name}", Select).value == OTHER:
                if not self.query_one(f"#field-{f.name}-other", Input).value.strip():
                    problems.setdefault(f.name, _("Type the name, or choose from the list."))
        for f in self.fields:
            label = self.query_one(f"#error-{f.name}", Label)
            message = problems.get(f.name, "")
            label.update(message)
            label.display = bool(message)
        general = self.query_one("#error-", Label)
        general.update(problems.get("", ""))
        general.display = bool(problems.get(""))
        return {k: v for k, v in problems.items() if v}

    def _field_changed(self, widget_id: str | None) -> None:
        if self.on_change is not None and widget_id and widget_id.startswith("field-") and self.is_mounted:
            self.on_change(self, widget_id.removeprefix("field-"))

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._field_changed(event.select.id)
        other = self.query(f"#{event.select.id}-other")
        if other:
            other.first().display = event.value == OTHER
            if event.value == OTHER:
                other.first().focus()
        if self._touched:
            self.show_problems()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | Checkbox.Changed) -> None:
        widget = event.input if isinstance(event, Input.Changed) else event.checkbox
        self._field_changed(widget.id)
        self._touched = True
        self.show_problems()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self._touched = True
        if self.show_problems():
            return
        self.dismiss(self.values())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportDialog(ModalScreen[bool]):
    """A titled report (problems found, what an import will do). With `confirm`, it asks:
    dismisses True only when that button is pressed; otherwise it only has Close."""

    BINDINGS = [Binding("escape", "close", _("Close"), id="report-close")]

    def __init__(self, title: str, lines: list[tuple[str, str]], *, confirm: str = "", intro: str = "") -> None:
        """`lines` are (text, style) with style "" / "error" / "warning" / "muted"."""
        super().__init__()
        self.report_title = title
        self.lines = lines
        self.confirm = confirm
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(id="report-dialog"):
            yield Label(self.report_title, classes="dialog-title", markup=False)
            if self.intro:
                yield Label(self.intro, classes="dialog-help", markup=False)
            with VerticalScroll(id="report-lines"):
                for text, style in self.lines:
                    yield Label(text, classes=f"report-line {style}".strip(), markup=False)
            with Horizontal(classes="buttons"):
                if self.confirm:
                    yield Button(self.confirm, variant="primary", id="confirm")
                yield Button(_("Cancel") if self.confirm else _("Close"), id="close")

    def on_mount(self) -> None:
        self.app.clear_notifications()  # a toast must not cover the buttons
        self.query_one("#confirm" if self.confirm else "#close", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(False)
