"""Notes for one agenda item: saved as events while typing, and on close.

What is typed reaches the disk at most `SAVE_AFTER_SECONDS` after the first keystroke not yet
saved, whatever the typing rhythm: the save timer starts at that keystroke and is not
restarted by the next ones (a maximum wait, not a pause detector, so steady typing is saved
every second too).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label

from meeting_tui.domain import session as cmd
from meeting_tui.i18n import _
from meeting_tui.session_service import SessionService
from meeting_tui.widgets.text_area import TextArea
from meeting_tui.widgets.timer_strip import TimerStrip
from meeting_tui.widgets.typing_preview import TypingPreview

SAVE_AFTER_SECONDS = 1.0


class NotesScreen(ModalScreen):
    BINDINGS = [Binding("escape", "close", _("Save and close"), id="notes-close", tooltip=_("Notes are saved as you type; this closes them"))]

    def __init__(self, session: SessionService, item_id: str) -> None:
        super().__init__()
        self.session = session
        self.item_id = item_id
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        item = self.session.state.items[self.item_id].item
        yield TimerStrip(self.session)
        with Vertical(id="notes-dialog"):
            yield Label(_("Notes: {title}", title=item.title), classes="dialog-title")
            yield TextArea(self.session.state.notes.get(self.item_id, ""), id="notes-text", soft_wrap=True)
            yield TypingPreview(id="notes-preview")
            yield Label(_("Saved as you type. Escape closes."), id="notes-status")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_text_area_selection_changed(self) -> None:
        self.query_one(TypingPreview).follow(self.query_one(TextArea))

    def on_text_area_changed(self) -> None:
        self.query_one(TypingPreview).follow(self.query_one(TextArea))
        self.query_one("#notes-status", Label).update(_("Typing…"))
        if self._timer is None:  # the first unsaved keystroke starts the clock; later ones wait
            self._timer = self.set_timer(SAVE_AFTER_SECONDS, self.save)

    def save(self) -> bool:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.query_one(TextArea).text
        if text == self.session.state.notes.get(self.item_id, ""):
            self.query_one("#notes-status", Label).update(_("Saved."))
            return True
        saved = self.session.act(cmd.set_note, self.item_id, text)
        ok = saved is not None
        self.query_one("#notes-status", Label).update(_("Saved.") if ok else _("NOT saved — see the message."))
        return ok

    def action_close(self) -> None:
        if self.save():
            self.dismiss()
