"""Latency where people feel it (#17 item 3), used by `python bench/run.py --terminal`.

1. A key pressed in a real terminal: the app runs in tmux (its own server socket, 120x40);
   `tmux send-keys KEY`, then `tmux capture-pane -p -e` (text and colours) is polled until the
   screen differs from the one before the key — the key's effect is on the terminal. Then the
   screen is left to settle before the next key. Measured on the live screen with the
   500-member roster session in English and in Arabic (both in `reorder` display mode, the app
   reordering Arabic itself), against a bare Textual app (Header, Static counting the keys,
   Footer) measured the same way, alternating, in the same run; and against the floor: a plain
   Textual app with the live screen's widget tree and no meeting behind it (terminal_app.py
   `floor`), whose `space` changes what the live screen's does (the row, the cursor, the quorum
   line, the attendance title) and whose clocks tick: what Textual needs to repaint that screen.
   The live screen's clocks tick, as people see them (the timer strip, the big clock, the
   elapsed times move once a second): before the keys, each app is watched without a key for
   2.6 s, twice, and the rows that changed at least twice in both windows are its ticking rows
   (a row still settling changes in the first window only); "the screen changed"
   and "the screen settled" then compare the other rows. The bare app goes through the same
   steps (it has no ticking row). `space` and `down` always change a roster row, which never
   ticks; a press that changes nothing outside the ticking rows within 5 s is counted as missed.
   The resolution is one `capture-pane` (a process start, a few ms): it is the same for the
   bare app, so the ratio is fair; the absolute numbers include it.
2. The Arabic reorder cost per frame: in-process (Pilot, 120x40), every widget of the live
   screen drops its cached lines and repaints (a full frame of the screen), in English and in
   Arabic, reorder mode; CPU time of the process per frame (so idle waits do not count).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
KEYS = ("space", "down")
VARIANTS = ("bare", "floor", "en", "ar")
COLUMNS, LINES = 120, 40


class Tmux:
    """One tmux server of our own (its own socket), killed at the end: never the user's."""

    def __init__(self) -> None:
        self.socket = f"mtbench-{os.getpid()}"

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        line = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + shlex.join(command)
        self.run("new-session", "-d", "-s", name, "-x", str(COLUMNS), "-y", str(LINES), line)

    def capture(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-e", "-t", name, check=False)

    def send(self, name: str, key: str) -> None:
        self.run("send-keys", "-t", name, key)

    def stop(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)

    def close(self) -> None:
        self.run("kill-server", check=False)


def _plain(screen: str) -> str:
    """The captured screen without its colour escapes."""
    import re

    return re.sub(r"\x1b\[[0-9;:]*[A-Za-z]", "", screen)


def rows(screen: str, ignore: frozenset[int] = frozenset()) -> tuple[str, ...]:
    """The captured screen's rows (text and colours), without the rows in `ignore`."""
    return tuple(line for n, line in enumerate(screen.split("\n")) if n not in ignore)


def appear(tmux: Tmux, name: str, marker: str, timeout: float = 120.0) -> str:
    """Wait until the screen is not blank and shows `marker` (the live screen, not the "Opening"
    screen shown while a long session replays)."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        screen = tmux.capture(name)
        if screen.strip() and marker in _plain(screen):
            return screen
        time.sleep(0.02)
    raise RuntimeError(f"{name} never showed {marker!r}:\n{_plain(tmux.capture(name))}")


def ticking_rows(tmux: Tmux, name: str, watch: float = 2.6) -> frozenset[int]:
    """The rows that change by themselves: watched for `watch` seconds without a key, a row
    that changed at least twice is a clock (the timer strip, the big clock, elapsed times all
    move once a second); a row that changed once is the screen still settling, not a clock."""
    changes: dict[int, int] = {}
    last = tmux.capture(name).split("\n")
    began = time.perf_counter()
    while time.perf_counter() - began < watch:
        time.sleep(0.02)
        now = tmux.capture(name).split("\n")
        for n in range(max(len(now), len(last))):
            if (now[n] if n < len(now) else None) != (last[n] if n < len(last) else None):
                changes[n] = changes.get(n, 0) + 1
        last = now
    return frozenset(n for n, count in changes.items() if count >= 2)


def settle(tmux: Tmux, name: str, quiet: float, ignore: frozenset[int] = frozenset(), timeout: float = 60.0) -> str:
    """Wait until the screen, without its ticking rows, has not changed for `quiet` seconds."""
    began = time.perf_counter()
    last = tmux.capture(name)
    since = time.perf_counter()
    while time.perf_counter() - began < timeout:
        time.sleep(0.02)
        now = tmux.capture(name)
        if rows(now, ignore) != rows(last, ignore):
            since = time.perf_counter()
        last = now
        if time.perf_counter() - since >= quiet:
            return last
    raise RuntimeError(f"the screen of {name} never settled (ticking rows {sorted(ignore)}):\n{_plain(last)}")


def key_latencies(
    tmux: Tmux, name: str, key: str, presses: int, ignore: frozenset[int] = frozenset(), timeout: float = 5.0
) -> tuple[list[float], int]:
    """Seconds from send-keys to a changed screen (its ticking rows left out), per press; and how
    many presses changed nothing outside them."""
    out: list[float] = []
    missed = 0
    for _ in range(presses):
        before = rows(settle(tmux, name, quiet=0.25, ignore=ignore), ignore)
        started = time.perf_counter()
        tmux.send(name, key)
        while True:
            if rows(tmux.capture(name), ignore) != before:
                out.append(time.perf_counter() - started)
                break
            if time.perf_counter() - started > timeout:
                missed += 1
                break
            time.sleep(0.001)
    return out, missed


def command_for(variant: str, data_dir: Path, session: Path) -> list[str]:
    if variant in ("bare", "floor"):
        return [sys.executable, str(BENCH / "terminal_app.py"), variant]
    return [sys.executable, str(BENCH / "terminal_app.py"), "ours", str(data_dir), str(session), variant, "reorder"]


def bench_terminal(generated, scratch: Path, rounds: int, presses: int, fresh_copy) -> dict[str, Any]:
    """{key: {variant: [seconds...]}}, plus "missed" and "ready" (seconds to a settled screen)."""
    if shutil.which("tmux") is None:
        return {"skipped": "tmux is not installed"}
    out: dict[str, Any] = {k: {v: [] for v in VARIANTS} for k in KEYS}
    out["missed"] = {v: 0 for v in VARIANTS}
    out["ready"] = {v: [] for v in VARIANTS}
    out["ticking"] = {v: set() for v in VARIANTS}
    env = {
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PYTHONPYCACHEPREFIX": str(scratch / "pycache"),
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(scratch)),
        "LANG": "C.UTF-8",
    }
    tmux = Tmux()
    # a session that lives for the whole run: the server does not exit (and restart) between apps
    tmux.start("keeper", ["sleep", "86400"], {"PATH": os.environ.get("PATH", "")})
    try:
        for n in range(rounds):
            for key in KEYS:
                order = VARIANTS if n % 2 == 0 else tuple(reversed(VARIANTS))
                for variant in order:
                    data_dir, session = fresh_copy(generated, scratch, f"term-{variant}")
                    name = f"{variant}-{key}-{n}"
                    began = time.perf_counter()
                    tmux.start(name, command_for(variant, data_dir, session), {**env, "MEETING_TUI_HOME": str(data_dir)})
                    try:
                        # the live screen's search field (its top border) is up: the session is shown
                        appear(tmux, name, marker="" if variant == "bare" else "^p")  # the live screen's footer (not the Opening screen), in both languages
                        out["ready"][variant].append(time.perf_counter() - began)
                        # a clock ticks in two windows running; a row still settling (the
                        # roster filling in, a toast leaving) changes in the first only: a run
                        # that took the roster's rows for clocks missed every `down` press
                        ticking = ticking_rows(tmux, name) & ticking_rows(tmux, name)
                        settle(tmux, name, quiet=1.0, ignore=ticking)
                        out["ticking"][variant] |= ticking
                        timings, missed = key_latencies(tmux, name, key, presses, ignore=ticking)
                    finally:
                        tmux.stop(name)
                    out[key][variant] += timings
                    out["missed"][variant] += missed
    finally:
        tmux.close()
    return out


# ---------------------------------------------------------------------------------------------
# 2. the Arabic reorder cost per frame
# ---------------------------------------------------------------------------------------------


async def _frames(app, frames: int) -> list[float]:
    out = []
    async with app.run_test(headless=True, size=(COLUMNS, LINES), notifications=False) as pilot:
        await pilot.pause()
        for _ in range(200):
            if type(app.screen).__name__ != "OpeningScreen":
                break
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()
        for _ in range(frames):
            widgets = list(app.screen.walk_children(with_self=True))
            started = time.process_time()
            for widget in widgets:
                widget.notify_style_update()  # drops the widget's cached lines
                widget.refresh()
            await pilot.pause()
            out.append(time.process_time() - started)
    return out


def frame_cost(generated, scratch: Path, frames: int, fresh_copy) -> dict[str, list[float]]:
    """CPU seconds per full frame of the live screen, {"en": [...], "ar": [...]}, reorder mode."""
    from meeting_tui.app import MeetingApp
    from meeting_tui.display import set_display_mode
    from meeting_tui.i18n import using_language
    from meeting_tui.workspace import Workspace

    out: dict[str, list[float]] = {"en": [], "ar": []}
    for n in range(2):
        for language in ("en", "ar") if n % 2 == 0 else ("ar", "en"):
            data_dir, session = fresh_copy(generated, scratch, f"frame-{language}")
            with using_language(language):
                app = MeetingApp(Workspace(data_dir), open_path=session, display="reorder")
                out[language] += asyncio.run(_frames(app, frames))
    set_display_mode("terminal")
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    """p50, p95 (min–max) in ms."""
    if not values:
        return "no value"
    return f"p50 {statistics.median(values) * 1e3:.1f} ms, p95 {p95(values) * 1e3:.1f} ms ({min(values) * 1e3:.1f}–{max(values) * 1e3:.1f})"
