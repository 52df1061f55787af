"""Small modal dialogs: a form of a few fields, and a yes/no confirmation.

A form checks its fields as they are typed and again on submit; what is wrong shows under the
form and nothing is returned until it is fixed. Escape cancels (dismisses with None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from meeting_tui.i18n import _

Validator = Callable[[str], str | None]  # returns an error message, or None when fine


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    options: list[tuple[str, str]] | None = None  # (label, value): a Select instead of an Input
    validate: Validator | None = None
    number: bool = False


def minutes_validator(maximum: float) -> Validator:
    def check(text: str) -> str | None:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return _("Type a number of minutes, e.g. 5.")
        if not 0 < value <= maximum:
            return _("Between 1 and {max} minutes.", max=f"{maximum:g}")
        return None

    return check


def required(label: str) -> Validator:
    def check(text: str) -> str | None:
        return None if text.strip() else _("{label} cannot be empty.", label=label)

    return check


class FormDialog(ModalScreen[dict | None]):
    """Ask for a few values; dismisses with {name: text} or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="dialog-cancel")]

    def __init__(self, title: str, fields: list[Field], *, submit: str = "", help_text: str = "") -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.submit_label = submit or _("OK")
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Label(self.form_title, classes="dialog-title")
            if self.help_text:
                yield Label(self.help_text, classes="dialog-help")
            for f in self.fields:
                yield Label(f.label)
                if f.options is not None:
                    value = f.value if any(v == f.value for _l, v in f.options) else f.options[0][1]
                    yield Select(f.options, value=value, allow_blank=False, id=f"field-{f.name}")
                else:
                    yield Input(
                        value=f.value,
                        placeholder=f.placeholder,
                        id=f"field-{f.name}",
                        type="number" if f.number else "text",
                    )
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None:
            first.focus()

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            out[f.name] = str(widget.value) if isinstance(widget, Select) else widget.value
        return out

    def problems(self) -> str:
        values = self.values()
        for f in self.fields:
            if f.validate is not None:
                message = f.validate(values[f.name])
                if message:
                    return f"{f.label}: {message}"
        return ""

    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#error", Label).update(self.problems())

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def _submit(self) -> None:
        problem = self.problems()
        if problem:
            self.query_one("#error", Label).update(problem)
            return
        self.dismiss(self.values())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Enter or y confirms, Escape or n declines."""

    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm-no"),
    ]

    def __init__(self, question: str, yes: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(self.yes or _("Yes"), variant="primary", id="yes")
                yield Button(_("No"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
