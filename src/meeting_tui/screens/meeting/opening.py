"""What shows while a long session is replayed (issue #17): the replay runs in a thread, so
the first frame does not wait for it, and this screen says what is happening until the live
screen takes its place."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from meeting_tui.i18n import _

# A session file larger than this is replayed off the first frame (about 1,000 events, some
# 30 ms on a quiet 2-core machine and over 100 ms on a slow laptop).
REPLAY_IN_BACKGROUND_BYTES = 256 * 1024


class OpeningScreen(Screen):
    """"Opening …", while its session is read and replayed in a thread."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        yield Static(
            _("Opening {name}: replaying its record ({size} KB)…", name=self.path.name, size=f"{size // 1024:,}"),
            id="opening",
        )

    def on_mount(self) -> None:
        self.replay()

    @work(thread=True, exit_on_error=False)
    def replay(self) -> None:
        from meeting_tui.controller import SessionController

        try:
            controller = SessionController.open(self.path, clock=self.app.clock)
        except Exception as error:  # noqa: BLE001 (reported on the UI thread, as opening in the foreground does)
            self.app.call_from_thread(self.app.session_failed, self.path, error)
            return
        self.app.call_from_thread(self.app.show_session, controller)
