"""Drive the installed `meeting-tui` in a real terminal (tmux) and read its screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

POLL_SECONDS = 0.2  # how often the screen is read while waiting for text to appear


def installed_command() -> str:
    """The `meeting-tui` console script of the environment running the tests."""
    beside = Path(sys.executable).with_name("meeting-tui")
    if beside.exists():
        return str(beside)
    found = shutil.which("meeting-tui")
    if found is None:
        pytest.fail("meeting-tui is not installed in this environment (pip install '.[test]')")
    return found


def require_tmux() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is needed for the end-to-end tests (.ci/run installs it)")
        pytest.skip("tmux is not installed")


class Terminal:
    """One tmux session running a command at a fixed size."""

    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str], width=120, height=40) -> None:
        require_tmux()
        self.name = f"mt-{uuid.uuid4().hex[:8]}"
        self.socket = f"mt-test-{uuid.uuid4().hex[:8]}"
        environment = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        command = f"env -i {environment} {' '.join(_quote(a) for a in args)}; echo '[exited]' $?; sleep 30"
        # Make the window at its final size first, then start the app in it: an app started
        # with the session can see the default 80x24 before tmux applies -x/-y.
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), "-c", str(cwd), "cat")
        self._tmux("respawn-pane", "-k", "-t", self.name, "-c", str(cwd), command)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10, check=False
        )
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        """The screen with everything that scrolled off it."""
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", self.name)

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """Read the screen until every one of `texts` is on it; fail with the screen if not."""
        waiter = threading.Event()
        deadline = timeout / POLL_SECONDS
        screen = ""
        for _ in range(int(deadline)):
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            waiter.wait(POLL_SECONDS)
        pytest.fail(f"{texts!r} did not appear within {timeout:g}s; the screen was:\n{screen}")

    def close(self) -> None:
        self._tmux("kill-server")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
