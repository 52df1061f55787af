"""An app for the real-terminal latency measurement (bench/terminal_latency.py), run in tmux.

    python bench/terminal_app.py bare
    python bench/terminal_app.py ours DATA_DIR SESSION en|ar terminal|reorder

`bare`: a bare Textual app (Header, Static, Footer) whose Static counts the keys pressed, so
that `space` and `down` change the screen, as they do on the live screen.
`ours`: the live screen on SESSION, as `meeting-tui --lang L --display D open SESSION` shows
it, except that the clock is frozen at the session's last event (plus a minute): the
once-a-second tick still runs, but the screen changes only when a key changes it, so
"the screen changed" in `tmux capture-pane` means "the key's effect is on the screen".
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def bare() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        count = 0

        def compose(self):
            yield Header()
            yield Static("keys: 0", id="count")
            yield Footer()

        def on_key(self, event) -> None:
            self.count += 1
            self.query_one("#count", Static).update(f"keys: {self.count} ({event.key})")

    Bare().run()


def ours(data_dir: str, session: str, language: str, display: str) -> None:
    import json

    from meeting_tui.app import MeetingApp
    from meeting_tui.i18n import set_language
    from meeting_tui.workspace import Workspace

    last = 0.0
    with open(session, encoding="utf-8") as f:
        for line in f:
            try:
                at = json.loads(line).get("at")
            except ValueError:
                continue
            if isinstance(at, (int, float)):
                last = max(last, float(at))
    frozen = last + 60.0
    set_language(language)
    MeetingApp(Workspace(Path(data_dir)), open_path=Path(session), clock=lambda: frozen, display=display).run()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        ours(*sys.argv[2:6])
