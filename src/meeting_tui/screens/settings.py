"""Settings (F3): the interface language and how right-to-left text is shown.

The display choice is made by looking: the same Arabic sample line is shown as the terminal
would draw it by itself (mode `terminal`) and as the app draws it after shaping and
reordering (mode `reorder`); the facilitator picks the one that reads right. Both choices are
remembered in the data directory's settings.json.
"""

from __future__ import annotations

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, RadioButton, RadioSet, Static

from meeting_tui import rtl
from meeting_tui.display import display_mode, refresh_everything, set_display_mode
from meeting_tui.i18n import LANGUAGES, _, current_language
from meeting_tui.settings import load_settings, save_settings
from meeting_tui.terminal_modes import switch_to
from meeting_tui.widgets.dialogs import ConfirmDialog

SAMPLE = "النصاب القانوني مكتمل: 7 من 11 — القرار EXE-2026-014 (اعتُمد)"


class Sample(Static):
    """A line shown exactly as given: never reordered by the display mode."""

    BIDI_LOGICAL = True


class SettingsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", _("Close"), id="close-settings")]

    def __init__(self, *, first_start: bool = False) -> None:
        super().__init__()
        # Shown by itself on the first Arabic start with no display mode saved: closing it
        # keeps (and remembers) the mode in use, so it is asked once.
        self.first_start = first_start

    def compose(self) -> ComposeResult:
        mode = display_mode()
        with Vertical(id="dialog", classes="settings"):
            yield Label(_("Settings"), classes="dialog-title")
            if self.first_start:
                yield Label(
                    _("First start in Arabic: choose the line below that reads correctly on this terminal (F3 shows this again)."),
                    classes="dialog-help",
                    id="first-start",
                )
            yield Label(_("Language of the interface"), classes="settings-heading")
            with RadioSet(id="language"):
                for code, name in LANGUAGES.items():
                    yield RadioButton(name, value=code == current_language(), id=f"lang-{code}")
            yield Label(_("Right-to-left text: which numbered line reads correctly on this screen?"), classes="settings-heading")
            yield Sample(f"1   {SAMPLE}", id="sample-terminal")
            yield Sample(f"2   {rtl.visual(SAMPLE)}", id="sample-reorder")
            with RadioSet(id="display"):
                yield RadioButton(
                    _("1 · terminal: this terminal shapes and orders Arabic itself"),
                    value=mode == "terminal",
                    id="display-terminal",
                )
                yield RadioButton(
                    _("2 · reorder: the app shapes and orders Arabic (most terminals)"),
                    value=mode == "reorder",
                    id="display-reorder",
                )
            yield Label(
                _("Text is always stored, searched and exported as typed; only the screen changes. Escape closes."),
                classes="dialog-help",
            )

    def action_close(self) -> None:
        if self.first_start and load_settings(self.app.workspace.root).display is None:
            self._remember(display=display_mode())
        self.dismiss()

    def _remember(self, **changes) -> None:
        root = self.app.workspace.root
        problem = save_settings(root, replace(load_settings(root), **changes))
        if problem:
            self.notify(problem, severity="warning")

    @on(RadioSet.Changed, "#display")
    def _display_changed(self, event: RadioSet.Changed) -> None:
        mode = (event.pressed.id or "").removeprefix("display-")
        if mode not in rtl.MODES or mode == display_mode():
            return
        set_display_mode(mode)
        switch_to(mode)  # tell the terminal (CSI 8 l / CSI 8 h: terminal_modes.py)
        refresh_everything(self.app)
        self._remember(display=mode)
        self.notify(_("Right-to-left text: {mode}.", mode=mode))

    @on(RadioSet.Changed, "#language")
    def _language_changed(self, event: RadioSet.Changed) -> None:
        code = (event.pressed.id or "").removeprefix("lang-")
        if code not in LANGUAGES or code == current_language():
            return
        self._remember(language=code)

        def answered(restart: bool | None) -> None:
            if restart:
                self.app.restart_in(code)
            else:
                self.notify(_("{language} will be used from the next start.", language=LANGUAGES[code]))

        self.app.push_screen(
            ConfirmDialog(
                _("Restart the interface in {language} now? Everything is already saved.", language=LANGUAGES[code]),
                yes=_("Restart"),
            ),
            answered,
        )
