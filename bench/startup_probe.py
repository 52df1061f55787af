"""One start-up, measured from inside a fresh process (run by bench/startup.py).

`python bench/startup_probe.py bare|demo DATA_DIR` starts the app headless and exits right after
its first rendered frame, printing the seconds since the interpreter started.
"""

from __future__ import annotations

import sys


def seconds_since_process_start() -> float:
    import os

    # /proc/self/stat field 22 is the start time in clock ticks since boot.
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def main(kind: str, data_dir: str) -> None:
    if kind == "bare":
        from textual.app import App
        from textual.widgets import Footer, Header, Static

        class Bare(App):
            def compose(self):
                yield Header()
                yield Static("Hello")
                yield Footer()

        app = Bare()
    else:
        from meeting_tui import cli

        args = cli.build_parser().parse_args(["--data-dir", data_dir, "demo"])
        app = cli.prepare_app("demo", args)

    async def first_frame(pilot) -> None:
        await pilot.pause()
        print(f"{seconds_since_process_start():.4f}", file=sys.stderr)
        pilot.app.exit()

    app.run(headless=True, auto_pilot=first_frame, size=(120, 40))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
