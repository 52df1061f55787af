"""The crash campaign, short: SIGKILL the meeting worker ~25 times (see campaign.py)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from meeting_tui.controller import SessionController
from meeting_tui.store import SessionFile
from meeting_tui.store.storage import EventLog

from tests.reliability import campaign
from tests.reliability.meeting import clock_for, committee_and_agenda

TRIALS = int(os.environ.get("MEETING_TUI_CRASH_TRIALS", "25"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_crash_campaign(tmp_path: Path) -> None:
    counts = campaign.run(TRIALS, 20260314, tmp_path, log=lambda _m: None)
    print(counts.summary())
    assert not counts.failed(), "\n".join(counts.failures)
    assert counts.trials == TRIALS and counts.acknowledged > TRIALS


def test_a_crash_right_after_create_leaves_an_openable_session(tmp_path: Path, monkeypatch) -> None:
    """Regression: the header and session.opened used to be two writes; a crash between them
    left a header-only file that SessionController.open refused as damaged (and that blocked
    creating the session again). Now they are one atomic write: no append happens in create."""

    def crash(*_args, **_kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(EventLog, "append", crash)
    path = tmp_path / "s.json"
    committee, agenda = committee_and_agenda()
    SessionController.create(path, committee, agenda, clock=lambda: clock_for(0)).close()
    monkeypatch.undo()
    with SessionFile.open(path) as file:
        assert [e["kind"] for e in file.events()] == ["session.opened"]
    reopened = SessionController.open(path, clock=lambda: clock_for(1))
    assert reopened.state.seq == 1
    reopened.close()
