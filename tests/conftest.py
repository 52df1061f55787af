"""Shared fixtures: a fake clock (tests never sleep) and a data directory in tmp_path."""

from __future__ import annotations

import os
import time

import pytest

# Screens show clock times (the call to order, the adjournment) in this computer's time zone:
# the tests (and their snapshots) see the same times on every machine.
os.environ["TZ"] = "UTC"
time.tzset()


class FakeClock:
    """An injected clock: seconds since the epoch, advanced by hand."""

    def __init__(self, start: float = 1_764_400_000.0) -> None:  # 2025-11-29 07:06 UTC
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def workspace(tmp_path):
    from meeting_tui.workspace import Workspace

    ws = Workspace(tmp_path / "sessions")
    ws.install_demo()
    return ws


@pytest.fixture(autouse=True)
def english_interface(monkeypatch):
    """Tests read English messages: the developer's LANG must not change them, and a test
    that switches to Arabic (main(["--lang", "ar", ...])) must not leak it to the next."""
    from meeting_tui.i18n import set_language

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    set_language("en")
    from meeting_tui.mirror import set_mirrored

    set_mirrored(False)  # an Arabic app's mirrored layout must not leak either
