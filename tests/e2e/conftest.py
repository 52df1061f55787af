"""What every end-to-end test shares: the environment of a fresh user's terminal."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def terminal_env(tmp_path):
    return {
        "MEETING_TUI_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }
