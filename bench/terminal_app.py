"""An app for the real-terminal latency measurement (bench/terminal_latency.py), run in tmux.

    python bench/terminal_app.py bare
    python bench/terminal_app.py ours DATA_DIR SESSION en|ar terminal|reorder

`bare`: a bare Textual app (Header, Static, Footer) whose Static counts the keys pressed, so
that `space` and `down` change the screen, as they do on the live screen.
`ours`: the live screen on SESSION, as `meeting-tui --lang L --display D open SESSION` shows
it, with a clock that runs (its clocks tick once a second, as people see them) but starts a
minute after the session's last event, so that the running item shows a time left rather than
months of overrun. terminal_latency.py leaves the ticking rows out of its comparisons.
"""

from __future__ import annotations

import sys
import time
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

    from meeting_tui import collector

    collector.pause_for_startup()  # as `meeting-tui` starts (cli.prepare_app_to_run)
    from meeting_tui.app import MeetingApp
    from meeting_tui.i18n import set_language
    from meeting_tui.workspace import Workspace

    last = 0.0
    with open(session, encoding="utf-8") as f:
        for line in f:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            at = (record.get("doc") or {}).get("at") if isinstance(record, dict) else None
            if isinstance(at, (int, float)):
                last = max(last, float(at))
    shift = last + 60.0 - time.time()
    set_language(language)
    MeetingApp(Workspace(Path(data_dir)), open_path=Path(session), clock=lambda: time.time() + shift, display=display).run()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        ours(*sys.argv[2:6])
