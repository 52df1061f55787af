"""An app for the real-terminal latency measurement (bench/terminal_latency.py), run in tmux.

    python bench/terminal_app.py bare
    python bench/terminal_app.py floor
    python bench/terminal_app.py ours DATA_DIR SESSION en|ar terminal|reorder

`bare`: a bare Textual app (Header, Static, Footer) whose Static counts the keys pressed, so
that `space` and `down` change the screen, as they do on the live screen.
`floor`: a plain Textual app with the live screen's widget tree and no meeting behind it (the
header, the quorum and timer lines, the item timer's digits and labels, the agenda and a focused
500-member roster as RowTables — widgets/row_table.py, the roster's own widget —, the search
field, the speakers' lines, a footer of 16 keys), whose clocks tick once a second; `space` marks
the highlighted row, moves down and updates the quorum line and the attendance title, as the
live screen's `space` does; `down` is the table's own. What Textual needs to repaint what a key
changes on that screen: the floor of `ours`.
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


def floor(members: int = 500) -> None:
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Digits, Footer, Header, Input, Label, Static

    from meeting_tui.widgets.row_table import Column, RowTable

    class Floor(App):
        CSS = """
        #quorum, #strip { height: 1; }
        #left, #right { width: 1fr; }
        #timer { height: 8; padding: 0 1; }
        Horizontal { height: 1fr; }
        #agenda, #roster { height: 1fr; }
        #speakers { height: 6; }
        """
        BINDINGS = [Binding("space", "mark", "Arrive/leave")] + [Binding(k, f"noop('{k}')", f"Key {k}") for k in "abcdefghijklmno"]
        seconds = 0

        def compose(self):
            yield Header()
            yield Static("Quorum not met: 0 of 500 voting members present", id="quorum")
            yield Static("Item 3 · 04:12 left", id="strip")
            with Horizontal():
                with Vertical(id="left"):
                    with Vertical(id="timer"):
                        yield Label("3. Budget (discussion)", id="timer-title")
                        yield Digits("04:12", id="digits")
                        yield Label("of 10:00 · started 10:42", id="timer-detail")
                    yield Label("Meeting 01:12:00 · items 00:52:00 of 02:00:00 planned", id="meeting-line")
                    yield RowTable([Column("#"), Column("State"), Column("Planned"), Column("Actual"), Column("Item", flex=True)], id="agenda")
                with Vertical(id="right"):
                    yield Label("Attendance: 0 of 500 present", id="title")
                    yield Input(placeholder="/ find a member")
                    yield RowTable(
                        [Column("Status", min_width=9), Column("Floor/proxy", flex=True), Column("Name", flex=True), Column("Vote"), Column("Role", flex=True), Column("Organisation", flex=True)],
                        id="roster",
                    )
                    yield Static("Nobody has the floor.\nSpeakers' list: 12 waiting.", id="speakers")
            yield Footer()

        def on_mount(self):
            self.marked: set = set()  # the rows marked present
            self.query_one("#agenda", RowTable).set_rows(
                (str(n), (str(n), "done" if n < 3 else "pending", "10 min", "", f"Agenda item {n} (discussion)")) for n in range(1, 21)
            )
            roster = self.query_one("#roster", RowTable)
            roster.set_rows((str(n), ("absent", "", f"Member {n}", "✓", "member", f"Organisation {n % 40}")) for n in range(members))
            roster.focus()
            self.set_interval(1.0, self.tick)

        def tick(self):
            self.seconds += 1
            left = 252 - self.seconds % 252
            self.query_one("#digits", Digits).update(f"{left // 60:02d}:{left % 60:02d}")
            self.query_one("#timer-detail", Label).update(f"of 10:00 · {self.seconds} s running")
            self.query_one("#strip", Static).update(f"Item 3 · {left // 60:02d}:{left % 60:02d} left")
            self.query_one("#meeting-line", Label).update(f"Meeting {self.seconds} s · items 00:52:00 of 02:00:00 planned")

        def action_noop(self, key: str) -> None:
            pass

        def action_mark(self):
            roster = self.query_one("#roster", RowTable)
            row = roster.cursor_row
            key = roster.cursor_key
            cells = ["absent", "", f"Member {key}", "✓", "member", f"Organisation {int(key) % 40}"]
            if key in self.marked:
                self.marked.discard(key)
            else:
                self.marked.add(key)
                cells[0] = "present"
            roster.update_row(key, cells)
            self.query_one("#quorum", Static).update(f"Quorum not met: {len(self.marked)} of {members} voting members present")
            self.query_one("#title", Label).update(f"Attendance: {len(self.marked)} of {members} present")
            if row < roster.row_count - 1:
                roster.move_cursor(row=row + 1)

    Floor().run()


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
    elif sys.argv[1] == "floor":
        floor()
    else:
        ours(*sys.argv[2:6])
