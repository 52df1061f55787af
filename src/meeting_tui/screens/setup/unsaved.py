"""Unsaved changes in the setup editors: one question (save / discard / stay) before leaving.

An editor with work that is not on disk yet has `unsaved_changes()` (True while what it
shows differs from what was last written) and `save_now()` (writes what it shows; True when
written, otherwise it has said why next to the field). Leaving the editor (Escape) and
quitting the app (ctrl+q) ask the same question through `may_leave`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label

from meeting_tui.i18n import _
from meeting_tui.widgets.dialogs import DialogScreen

SAVE = "save"
DISCARD = "discard"
STAY = "stay"


@runtime_checkable
class Editor(Protocol):
    def unsaved_changes(self) -> bool: ...

    async def save_now(self) -> bool: ...

    def unsaved_what(self) -> str: ...


class TracksUnsaved:
    """Mixed into an editor screen before `Screen`: unsaved while `form_text()` (what saving
    would write) differs from `baseline` (what was last written, or opened)."""

    baseline: str | None = None
    is_mounted: bool

    def form_text(self) -> str:
        raise NotImplementedError

    def unsaved_changes(self) -> bool:
        return self.is_mounted and self.baseline is not None and self.form_text() != self.baseline

    @property
    def dirty(self) -> bool:
        return self.unsaved_changes()


class SaveDiscardStay(DialogScreen):
    """Dismisses with SAVE, DISCARD or STAY (Escape stays; ctrl+s saves, as in every dialog)."""

    BINDINGS = [
        Binding("escape", "stay", _("Stay"), id="unsaved-stay", tooltip=_("Go back to the editor; nothing is saved or lost")),
        Binding("s", "choose('save')", _("Save"), id="unsaved-save", tooltip=_("Save the changes, then leave")),
        Binding("d", "choose('discard')", _("Discard changes"), id="unsaved-discard", tooltip=_("Leave without saving the changes")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm unsaved"):
            yield Label(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save (s)"), variant="primary", id="unsaved-save")
                yield Button(_("Discard changes (d)"), variant="error", id="unsaved-discard")
                yield Button(_("Stay (Esc)"), id="unsaved-stay")

    def on_mount(self) -> None:
        self.query_one("#unsaved-save", Button).focus()

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer)

    def submit(self) -> None:
        self.dismiss(SAVE)

    @on(Button.Pressed, "#unsaved-save")
    def _save(self) -> None:
        self.dismiss(SAVE)

    @on(Button.Pressed, "#unsaved-discard")
    def _discard(self) -> None:
        self.dismiss(DISCARD)

    @on(Button.Pressed, "#unsaved-stay")
    def action_stay(self) -> None:
        self.dismiss(STAY)


async def may_leave(app: App, editor: Editor, *, quitting: bool = False) -> bool:
    """Ask about `editor`'s unsaved changes (in a worker); True when it may be left."""
    if not editor.unsaved_changes():
        return True
    if quitting:
        question = _("{what} has changes that are not saved. Save them before quitting?", what=editor.unsaved_what())
    else:
        question = _("{what} has changes that are not saved. Save them before leaving?", what=editor.unsaved_what())
    answer = await app.push_screen_wait(SaveDiscardStay(question))
    if answer == SAVE:
        return await editor.save_now()
    return answer == DISCARD


def unsaved_editors(app: App) -> list[Screen]:
    """The open editors with unsaved changes, the one on top first."""
    return [s for s in reversed(app.screen_stack) if isinstance(s, Editor) and s.unsaved_changes()]


async def quit_safely(app: App) -> None:
    """Quit, asking first about every editor with unsaved changes; nothing is lost silently."""
    for editor in unsaved_editors(app):
        for _attempt in range(5):  # a member or level dialog over the editor: cancelled
            if app.screen is editor or not isinstance(app.screen, ModalScreen):
                break
            await app.screen.dismiss(None)
        if not await may_leave(app, editor, quitting=True):
            return
    app.exit()
