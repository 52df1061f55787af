"""One start-up, measured in a fresh process (run by bench/run.py).

`python bench/startup_probe.py bare|bare-paused|floor|demo DATA_DIR` starts the app headless and
exits once it is first idle. It prints four numbers: the time (`time.time()`; the parent
subtracts the moment it started the process) and the CPU seconds (user + system) of the process
at its first frame — the first frame that shows the first screen whole, as it is once the app is
idle — and the same two at that idle moment (`pilot.pause()`: it waits for the process to be
idle, a few tens of milliseconds for any app, and counts what runs after the first frame: for
meeting-tui, the cycle collector's freeze).

`floor` is a plain Textual app showing the live screen's widget tree (header, quorum line, timer
digits, agenda and roster tables with the demo's rows, search field, speakers, footer with the
same number of keys) with no meeting behind it: what Textual itself needs to show that screen.
Its agenda and roster are the live screen's own table widget (widgets/row_table.py, the one
meeting_tui module it imports, with what that imports: the display boundary and rtl).
"""

from __future__ import annotations

import os
import sys
import time


def screen_text(screen) -> str:
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def now() -> tuple[float, float]:
    return time.time(), sum(os.times()[:2])  # user + system CPU seconds of this process


def floor_app():
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical
    from textual.screen import Screen
    from textual.widgets import Digits, Footer, Header, Input, Label, Static

    from meeting_tui.widgets.row_table import Column, RowTable

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
                    yield RowTable([Column(c) for c in ("#", "State", "Planned", "Actual", "Item")], id="agenda")
                with Vertical():
                    yield Label("Attendance: 0 of 12 present")
                    yield Input(placeholder="/ find a member")
                    yield RowTable([Column(c) for c in ("Status", "Name", "Vote", "Role", "Organisation")], id="roster")
                    yield Static("Nobody has the floor.\nSpeakers' list is empty.")
            yield Footer()

        def on_mount(self):
            self.query_one("#agenda", RowTable).set_rows(
                (str(n), (str(n), "pending", "10 min", "", f"Agenda item {n} (discussion)")) for n in range(1, 9)
            )
            roster = self.query_one("#roster", RowTable)
            roster.set_rows((str(n), ("absent", f"Member {n}", "✓", "member", f"Organisation {n}")) for n in range(12))
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

    # Every frame the app draws of a screen with widgets, with the screen's text: the first frame
    # is the first of the frames that show the first screen whole (its text as it is once the
    # app is idle; Textual's own footer, for one, draws its keys a frame or more after the rest).
    # Headless, Textual composes each frame and does not write it; the moment is the same. Reading
    # the screen's text takes time: it is taken off the moments that follow.
    frames: list[tuple[float, float, str]] = []
    spent = [0.0, 0.0]
    draw = app._display

    def display(screen, update) -> None:
        draw(screen, update)
        if update is not None and screen.children:
            wall, cpu = now()
            text = screen_text(screen)
            after = now()
            frames.append((wall - spent[0], cpu - spent[1], text))
            spent[0] += after[0] - wall
            spent[1] += after[1] - cpu

    app._display = display

    async def first_idle(pilot) -> None:
        await pilot.pause()
        idle = now()
        idle = (idle[0] - spent[0], idle[1] - spent[1])
        whole = screen_text(pilot.app.screen)
        first = len(frames)
        while first > 0 and frames[first - 1][2] == whole:
            first -= 1
        frame = frames[first][:2] if first < len(frames) else idle
        print(f"{frame[0]:.6f} {frame[1]:.4f} {idle[0]:.6f} {idle[1]:.4f}", file=sys.stderr)
        pilot.app.exit()

    app.run(headless=True, auto_pilot=first_idle, size=(120, 40))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
