"""One start-up, measured from inside a fresh process (run by bench/startup.py).

`python bench/startup_probe.py bare|bare-paused|floor|demo DATA_DIR` starts the app headless and exits right
after its first rendered frame, printing the seconds since the process started and the CPU
seconds (user + system) it used until then.

`floor` is a plain Textual app showing the live screen's widget tree (header, quorum line, timer
digits, agenda and roster tables with the demo's rows, search field, speakers, footer with the
same number of keys) with no meeting_tui code: what Textual itself needs to show that screen.
"""

from __future__ import annotations

import os
import sys


def seconds_since_process_start() -> float:
    import os

    # /proc/self/stat field 22 is the start time in clock ticks since boot.
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def floor_app():
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical
    from textual.screen import Screen
    from textual.widgets import DataTable, Digits, Footer, Header, Input, Label, Static

    class Live(Screen):
        BINDINGS = [Binding(k, "bell", f"Key {k}", show=True) for k in "abcdefghijklmnop"]

        def compose(self):
            yield Header()
            yield Static("Quorum met: 7 of 12 voting members present", id="quorum")
            with Horizontal():
                with Vertical():
                    with Vertical():
                        yield Label("No item running")
                        yield Digits("--:--")
                        yield Label("")
                    yield Label("Meeting 00:00 · items 00:00 of 02:00:00 planned")
                    yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
                with Vertical():
                    yield Label("Attendance: 0 of 12 present")
                    yield Input(placeholder="/ find a member")
                    yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
                    yield Static("Nobody has the floor.\nSpeakers' list is empty.")
            yield Footer()

        def on_mount(self):
            agenda = self.query_one("#agenda", DataTable)
            agenda.add_columns("#", "State", "Planned", "Actual", "Item")
            for n in range(1, 9):
                agenda.add_row(str(n), "pending", "10 min", "", f"Agenda item {n} (discussion)")
            roster = self.query_one("#roster", DataTable)
            roster.add_columns("Status", "Name", "Vote", "Role", "Organisation")
            for n in range(12):
                roster.add_row("absent", f"Member {n}", "✓", "member", f"Organisation {n}")
            roster.focus()

    class Floor(App):
        def on_mount(self):
            self.push_screen(Live())

    return Floor()


def main(kind: str, data_dir: str) -> None:
    if kind == "floor":
        app = floor_app()
    elif kind in ("bare", "bare-paused"):
        # bare-paused: the bare app with the cycle collector paused until its first frame, as
        # meeting-tui starts (meeting_tui/collector.py): what that pause alone gives Textual
        if kind == "bare-paused":
            from meeting_tui import collector

            collector.pause_for_startup()
        from textual.app import App
        from textual.widgets import Footer, Header, Static

        class Bare(App):
            def compose(self):
                yield Header()
                yield Static("Hello")
                yield Footer()

            def on_mount(self):
                if kind == "bare-paused":
                    self.call_after_refresh(collector.startup_done)

        app = Bare()
    else:
        from meeting_tui import cli

        args = cli.build_parser().parse_args(["--data-dir", data_dir, "demo"])
        app = cli.prepare_app_to_run("demo", args)

    async def first_frame(pilot) -> None:
        await pilot.pause()
        wall = seconds_since_process_start()
        cpu = sum(os.times()[:2])  # user + system CPU seconds of this process (less noisy when the machine is shared)
        print(f"{wall:.4f} {cpu:.4f}", file=sys.stderr)
        pilot.app.exit()

    app.run(headless=True, auto_pilot=first_frame, size=(120, 40))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
