"""The terminal is told the display mode (Terminal-wg BiDi: CSI 8 l / CSI 8 h) when the app
starts, and put back on every way out; the environment's hints choose the default mode.

The end-to-end tests run the real app in a pseudo-terminal and read the bytes it writes."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meeting_tui.terminal_modes import (
    EXPLICIT,
    IMPLICIT,
    LEFT_TO_RIGHT,
    RESTORE,
    for_terminal,
    start_sequence,
    suggested_mode,
)

ROOT = Path(__file__).resolve().parents[1]
ALT_SCREEN_ON, ALT_SCREEN_OFF = "\x1b[?1049h", "\x1b[?1049l"


@pytest.mark.parametrize(
    "environ,mode,name",
    [
        ({"VTE_VERSION": "7600"}, "reorder", "VTE (GNOME Terminal)"),
        ({"KONSOLE_VERSION": "230805"}, "terminal", "Konsole"),
        ({"MLTERM": "3.9.3"}, "terminal", "mlterm"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "terminal", "Terminal (macOS)"),
        ({"WT_SESSION": "f00"}, "reorder", "Windows Terminal"),
        ({"TERM_PROGRAM": "WezTerm"}, "reorder", "WezTerm"),
        ({}, "reorder", ""),
    ],
)
def test_the_environment_suggests_the_mode(environ, mode, name):
    assert suggested_mode(environ) == (mode, name)


def test_the_sequences_of_the_recommendation():
    assert start_sequence("reorder") == "\x1b[8l\x1b[1 k"  # explicit mode, left to right
    assert start_sequence("terminal").endswith("\x1b[8h")  # implicit mode
    assert RESTORE == "\x1b[0 k\x1b[8h"  # the defaults
    wrapped = for_terminal(EXPLICIT, {"TMUX": "/tmp/tmux-1/default,1,0"})
    assert wrapped == EXPLICIT + "\x1bPtmux;\x1b\x1b[8l\x1b\\"
    assert for_terminal(EXPLICIT, {}) == EXPLICIT


def run_in_pty(args: list[str], *, quit_when: str, env: dict[str, str] | None = None, timeout: float = 60) -> str:
    """Run `args` in a pseudo-terminal; press ctrl+q once `quit_when` has been written; return
    everything written until the process ends."""
    import pty
    import struct
    import termios
    import fcntl

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "TMUX"}
    environ.update(TERM="xterm-256color", LANG="C.UTF-8", PYTHONPATH=str(ROOT), **(env or {}))
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=environ, cwd=ROOT, close_fds=True)
    os.close(slave)
    output = b""
    sent = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            if not sent and quit_when.encode() in output and not ready:  # the first frame is done: quiet
                os.write(master, b"\x11")  # ctrl+q
                sent = True
            if process.poll() is not None and not ready:
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(master)
    return output.decode("utf-8", "replace")


@pytest.mark.parametrize("mode", ["reorder", "terminal"])
def test_the_app_tells_the_terminal_and_restores_it(tmp_path, mode):
    written = run_in_pty(
        [sys.executable, "-m", "meeting_tui", "--data-dir", str(tmp_path), "--lang", "ar", "--display", mode, "demo"],
        quit_when=start_sequence(mode),
    )
    start = written.index(start_sequence(mode))
    assert written.index(ALT_SCREEN_ON) < start
    # On the way out the defaults come back, before the terminal leaves the alternate screen.
    restore = written.rindex(RESTORE)
    assert start < restore < written.rindex(ALT_SCREEN_OFF)
    if mode == "reorder":
        assert EXPLICIT + LEFT_TO_RIGHT in written
    else:
        assert EXPLICIT not in written and IMPLICIT in written[start:]


CRASHING = """
import sys
from pathlib import Path
from meeting_tui.app import MeetingApp
from meeting_tui.workspace import Workspace


class Crashing(MeetingApp):
    CSS_PATH = str(Path(sys.modules["meeting_tui.app"].__file__).parent / "styles" / "app.tcss")

    def on_mount(self):
        self.call_after_refresh(self.boom)

    def boom(self):
        raise RuntimeError("boom")


workspace = Workspace(Path(sys.argv[1]))
workspace.ensure()
Crashing(workspace, display="reorder").run()
"""


def test_the_terminal_is_restored_after_a_crash(tmp_path):
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING, encoding="utf-8")
    written = run_in_pty([sys.executable, str(script), str(tmp_path / "data")], quit_when="\x00never")
    assert start_sequence("reorder") in written
    assert written.rindex(RESTORE) > written.index(start_sequence("reorder"))
    assert "unexpected error" in written  # the crash guard said it in one sentence


def test_the_first_arabic_start_shows_the_choice_and_remembers_it(tmp_path):
    import json

    from meeting_tui.settings import load_settings

    written = run_in_pty(
        [sys.executable, "-m", "meeting_tui", "--data-dir", str(tmp_path), "--lang", "ar", "demo"],
        quit_when="1   النصاب",  # the logical-order sample of the settings screen
        env={"VTE_VERSION": "7600"},
    )
    assert start_sequence("reorder") in written  # VTE: reorder, told to stop reordering
    # ctrl+q left without choosing: nothing remembered, so the next start asks again.
    assert load_settings(tmp_path).display is None
    (tmp_path / "settings.json").write_text(json.dumps({"display": "terminal"}))
    written = run_in_pty(
        [sys.executable, "-m", "meeting_tui", "--data-dir", str(tmp_path), "--lang", "ar", "demo"],
        quit_when=start_sequence("terminal"),
        env={"VTE_VERSION": "7600"},
    )
    assert "1   النصاب" not in written  # a saved choice: not asked
