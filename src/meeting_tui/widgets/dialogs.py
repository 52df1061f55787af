"""The one dialog pattern: a form of a few fields, a yes/no confirmation, a report.

A form (`FormDialog`) is forgiving:

- every field has its own error line, filled as the user types and again on submit (the
  field's own `validate`, a number field's unit and range, then the caller's `check`);
- with `act`, the dialog records through the session service itself: `act(values)` returns
  the domain's `Refusal` (or its message) or None. A refusal keeps the dialog open, its message
  next to the field it concerns (`refusal_field`), and nothing typed is lost; the dialog is
  dismissed with the values only once the domain has accepted them;
- one submit key everywhere: ctrl+s, or Enter in the last field (Enter in another field goes
  to the next one); Escape cancels, and a toast says that nothing was recorded;
- a modal screen: no key reaches the one-letter commands of the screen beneath while it is open.

Every dialog has the same breakpoint classes (`-narrow` below 100 columns, `-short` below 30
lines), so app.tcss lays them out for 80x24 with CSS, not code per screen.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from msgspec import Struct
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select

from meeting_tui.domain.errors import Refusal
from meeting_tui.i18n import _
from meeting_tui.widgets.fields import Input

OTHER = "__other__"  # the "someone else" choice of a select with free text

Values = dict[str, Any]
Check = Callable[[Values], dict[str, str]]
Validator = Callable[[str], str | None]  # returns an error message, or None when fine
Act = Callable[[Values], "Refusal | str | None"]

#: Breakpoints every dialog shares (classes on the dialog's screen, used by app.tcss).
DIALOG_WIDTHS = [(0, "-narrow"), (100, "-wide")]
DIALOG_HEIGHTS = [(0, "-short"), (30, "-tall")]


def cancelled_note() -> str:
    return _("Cancelled: nothing was recorded.")


class DialogScreen(ModalScreen):
    """What every dialog shares: the breakpoint classes, ctrl+s submits, Escape cancels and
    says that nothing was recorded. Subclasses implement `submit()` and may set `cancel_note`."""

    HORIZONTAL_BREAKPOINTS = DIALOG_WIDTHS
    VERTICAL_BREAKPOINTS = DIALOG_HEIGHTS
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="dialog-submit", tooltip=_("Record what the form says"), show=True),
        Binding("escape", "cancel", _("Cancel"), id="dialog-cancel", tooltip=_("Close without recording anything"), show=True),
    ]
    cancel_note: str | None = None  # None: the usual "nothing was recorded"; "": say nothing

    def action_submit(self) -> None:
        self.submit()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def action_cancel(self) -> None:
        note = cancelled_note() if self.cancel_note is None else self.cancel_note
        self.dismiss(None)
        if note:
            self.app.notify(note, timeout=3)

    def enter_in(self, widget) -> None:
        """Enter in an input: the last field submits; another goes on to the next field."""
        inputs = [w for w in self.query(Input) if w.display and not w.disabled]
        if inputs and widget is inputs[-1]:
            self.submit()
        else:
            self.focus_next()


# -- number fields ---------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "0123456789" * 2 + ".")


def read_number(text: str) -> float | None:
    """A number typed by a person (a decimal comma, Arabic-Indic digits), or None."""
    cleaned = str(text).strip().translate(_DIGITS).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def range_text(minimum: float, maximum: float, unit: str) -> str:
    return _("From {min} to {max} {unit}.", unit=unit, min=f"{minimum:g}", max=f"{maximum:g}")


def number_problem(text: str, minimum: float, maximum: float, unit: str, whole: bool = False) -> str | None:
    bounds = {"unit": unit, "min": f"{minimum:g}", "max": f"{maximum:g}"}
    value = read_number(text)
    if value is None:
        if whole:
            return _("Type a whole number from {min} to {max} {unit}.", **bounds)
        return _("Type a number from {min} to {max} {unit}.", **bounds)
    if whole and value != int(value):
        return _("A whole number from {min} to {max} {unit}: not {value}.", value=f"{value:g}", **bounds)
    if not minimum <= value <= maximum:
        return _("From {min} to {max} {unit}: not {value}.", value=f"{value:g}", **bounds)
    return None


def said(message: str, template: str) -> bool:
    """Whether `message` is `template` (a translated message with {placeholders}) filled in:
    how a dialog tells which of its fields a domain refusal is about."""
    pattern = ".*".join(re.escape(part) for part in re.split(r"\{[a-z_]+\}", template))
    return re.fullmatch(pattern, message, re.S) is not None


def required(label: str) -> Validator:
    def check(text: str) -> str | None:
        return None if text.strip() else _("{label} cannot be empty.", label=label)

    return check


class YesNo(Checkbox):
    """A checkbox that says "yes" or "no" next to it, so its state never depends on colour."""

    def __init__(self, value: bool = False, **kwargs: Any) -> None:
        super().__init__(_("Yes") if value else _("No"), value=value, compact=True, **kwargs)

    def watch_value(self) -> None:
        super().watch_value()
        self.label = _("Yes") if self.value else _("No")


class FormField(Struct):
    """One field. `kind` is "text", "select" (given `options`), "check", or "number" (given
    `unit`, `minimum` and `maximum`: the range is stated under the field and enforced; the value
    comes back as a number, an int when `whole`)."""

    name: str
    label: str
    value: Any = ""
    kind: str = ""
    options: list[tuple[str, str]] | None = None  # (label, value) for a select
    placeholder: str = ""
    help: str = ""
    other: str = ""  # for a select: the label of a last "type it yourself" choice
    validate: Validator | None = None
    unit: str = ""
    minimum: float = 0
    maximum: float = 0
    whole: bool = False

    def __post_init__(self) -> None:
        if not self.kind:
            self.kind = "select" if self.options is not None else "number" if self.unit else "text"
        if self.kind == "number" and not self.help:
            self.help = range_text(self.minimum, self.maximum, self.unit)

    def problem(self, text: Any) -> str | None:
        if self.kind == "number":
            return number_problem(str(text), self.minimum, self.maximum, self.unit, self.whole)
        if self.validate is not None:
            return self.validate(str(text))
        return None


class FormDialog(DialogScreen):
    """Dismisses with {field name: str, bool or number}, or None when cancelled (Escape)."""

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        check: Check | None = None,
        *,
        submit: str = "",
        help_text: str = "",
        on_change: Callable[["FormDialog", str], None] | None = None,
        act: Act | None = None,
        refusal_field: str | Callable[[str], str] = "",
        cancel_note: str | None = None,
    ) -> None:
        """`check(values)` returns {field name: message} ("" for the form as a whole);
        `act(values)` records them and returns the domain's refusal or None; `refusal_field`
        names the field a refusal concerns (or maps its message to one); `on_change(dialog,
        field name)` runs when a field changes (e.g. a role that does not vote unticks "Has a
        vote")."""
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.check = check or (lambda _values: {})
        self.act = act
        self.refusal_field = refusal_field
        self.on_change = on_change
        self.submit_label = submit or _("OK")
        self.help_text = help_text
        self.cancel_note = cancel_note
        self._touched = False
        self._ready = False  # Changed events of the fields being mounted are not the user's
        self.refusal = ""  # the domain's latest refusal, shown while the fields hold what it refused
        self._refused: Values | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog"):
            yield Label(self.form_title, classes="dialog-title", markup=False)
            if self.help_text:
                yield Label(self.help_text, classes="dialog-help", markup=False)
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(f.label, classes="form-label", markup=False)
                        yield from self._widget(f)
                    if f.kind == "select" and f.other:
                        chosen = self._initial_choice(f)
                        other = Input(
                            value=str(f.value) if chosen == OTHER else "",
                            placeholder=f.placeholder,
                            id=f"field-{f.name}-other",
                            classes="form-other",
                            compact=True,
                        )
                        other.display = chosen == OTHER
                        yield other
                    if f.help:
                        yield Label(f.help, classes="form-help", markup=False)
                    yield Label("", id=f"error-{f.name}", classes="form-error", markup=False)
            yield Label("", id="error", classes="form-error", markup=False)
            yield Label("", id="form-note", classes="form-note", markup=False)
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
            value = f"{f.value:g}" if isinstance(f.value, float) else str(f.value)
            yield Input(value=value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True)

    def on_mount(self) -> None:
        for label in self.query(".form-error"):
            label.display = False
        self.query_one("#form-note", Label).display = False
        self.app.clear_notifications()  # a toast must not cover the buttons
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None:
            first.focus()
        elif self.query(Select):
            self.query(Select).first().focus()
        self.call_after_refresh(self._now_ready)

    def _now_ready(self) -> None:
        self._ready = True

    def say(self, text: str) -> None:
        """A note inside the dialog (not a toast, which could cover its buttons)."""
        note = self.query_one("#form-note", Label)
        note.update(text)
        note.display = bool(text)

    # -- values and checks --------------------------------------------------------------------

    def texts(self) -> Values:
        """What each field holds as typed (a number field's text, not yet its number)."""
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

    def values(self) -> Values:
        out = self.texts()
        for f in self.fields:
            if f.kind == "number":
                number = read_number(out[f.name])
                if number is not None:
                    out[f.name] = int(number) if f.whole else number
        return out

    def problems(self) -> dict[str, str]:
        texts = self.texts()
        problems: dict[str, str] = {}
        for f in self.fields:
            message = f.problem(texts[f.name]) if f.kind != "check" else None
            if message:
                problems[f.name] = message
            if f.kind == "select" and f.other and self.query_one(f"#field-{f.name}", Select).value == OTHER:
                if not self.query_one(f"#field-{f.name}-other", Input).value.strip():
                    problems.setdefault(f.name, _("Type the name, or choose from the list."))
        if not problems:
            problems.update({k: v for k, v in self.check(self.values()).items() if v})
        if self.refusal and texts == self._refused:
            problems.setdefault(self._refusal_field(self.refusal), self.refusal)
        return {k: v for k, v in problems.items() if v}

    def _refusal_field(self, message: str) -> str:
        where = self.refusal_field(message) if callable(self.refusal_field) else self.refusal_field
        return where if any(f.name == where for f in self.fields) else ""

    def show_problems(self) -> dict[str, str]:
        problems = self.problems()
        for f in self.fields:
            self._show(f"#error-{f.name}", problems.get(f.name, ""))
        self._show("#error", problems.get("", ""))
        return problems

    def _show(self, selector: str, message: str) -> None:
        label = self.query_one(selector, Label)
        label.update(message)
        label.display = bool(message)

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
        if not self._ready:
            return
        widget = event.input if isinstance(event, Input.Changed) else event.checkbox
        self._field_changed(widget.id)
        self._touched = True
        self.show_problems()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.enter_in(event.input)

    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self._touched = True
        self.refusal = ""
        problems = self.show_problems()
        if problems:
            self._focus_field(next(iter(problems)))
            return
        values = self.values()
        if self.act is not None:
            refused = self.act(values)
            if refused:
                self.refusal = refused.message if isinstance(refused, Refusal) else str(refused)
                self._refused = self.texts()
                self.show_problems()
                self._focus_field(self._refusal_field(self.refusal))
                return
        self.dismiss(values)

    def _focus_field(self, name: str) -> None:
        found = self.query(f"#field-{name}") if name else None
        if found:
            found.first().focus()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ConfirmDialog(DialogScreen):
    """A yes/no question; Enter (on Yes), y or ctrl+s confirms; n or Escape declines (Escape
    also says that nothing was recorded)."""

    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm-yes"),
        Binding("n", "answer(False)", _("No"), id="confirm-no"),
    ]

    def __init__(self, question: str, yes: str = "", *, cancel_note: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.cancel_note = cancel_note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Label(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.yes or _("Yes"), variant="primary", id="yes")
                yield Button(_("No"), id="no")

    def on_mount(self) -> None:
        self.app.clear_notifications()  # a toast must not cover the buttons
        self.query_one("#yes", Button).focus()

    def submit(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        note = cancelled_note() if self.cancel_note is None else self.cancel_note
        self.dismiss(False)
        if note:
            self.app.notify(note, timeout=3)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ReportDialog(DialogScreen):
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

    def submit(self) -> None:
        self.dismiss(bool(self.confirm))

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(False)
