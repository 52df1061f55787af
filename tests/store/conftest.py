"""Fixtures for the store tests: real files under tmp_path, real helper processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from meeting_tui.store import SessionFile

SRC = Path(__file__).resolve().parents[2] / "src"
WORKER = Path(__file__).with_name("session_worker.py")

Event = dict[str, Any]


def _event(n: int, kind: str = "member.arrived") -> Event:
    return {
        "kind": kind,
        "at": 1764390000.0 + n,
        "data": {"member": f"m{n}", "name": "فاطمة الزهراء", "mode": "in-person"},
    }


@pytest.fixture
def make_event() -> Callable[..., Event]:
    """``make_event(n, kind=...)``: a realistic event dict without ``seq``."""
    return _event


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    return tmp_path / "sessions" / "steering" / "2025-11-29-steering.json"


@pytest.fixture
def new_session(session_path: Path) -> Callable[[int], Path]:
    """``new_session(n)``: create the session file with *n* events, closed; its path."""

    def create(count: int = 0) -> Path:
        with SessionFile.create(session_path, {"title": "Steering committee"}) as session:
            if count:
                session.append([_event(n) for n in range(1, count + 1)])
        return session_path

    return create


@pytest.fixture
def spawn_worker() -> Iterator[Callable[[str, Path], subprocess.Popen[str]]]:
    """``spawn_worker(mode, path)``: start ``session_worker.py``; killed at teardown."""
    started: list[subprocess.Popen[str]] = []

    def spawn(mode: str, path: Path) -> subprocess.Popen[str]:
        env = dict(os.environ, PYTHONPATH=str(SRC))
        process = subprocess.Popen(
            [sys.executable, str(WORKER), mode, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        started.append(process)
        return process

    yield spawn
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()
