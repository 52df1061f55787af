"""An error no handler caught: one plain sentence on the terminal, the traceback in a report
file, the session intact (and Pilot tests still see the exception)."""

from __future__ import annotations

from pathlib import Path

import pytest

import meeting_tui.app as app_module
from meeting_tui.app import MeetingApp, write_crash_report

from tests.ui.test_live import kinds, new_session


class Broken(MeetingApp):
    CSS_PATH = str(Path(app_module.__file__).parent / MeetingApp.CSS_PATH)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_timer(0.2, self.explode)

    def explode(self) -> None:
        raise RuntimeError("a defect nobody caught")


def test_user_sees_a_sentence_not_a_traceback(workspace, clock, capfd):
    path = new_session(workspace, clock)
    before = kinds(path)
    app = Broken(workspace, clock=clock, open_path=path)
    app.run(headless=True, size=(100, 30))
    err = capfd.readouterr().err
    assert app.return_code == 1
    assert "Traceback" not in err and "a defect nobody caught" in err
    assert "meeting-tui stopped after an unexpected error" in err and "run the same command again" in err
    reports = list((workspace.root / "crash-reports").glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    report = reports[0].read_text(encoding="utf-8")
    assert "Traceback" in report and "RuntimeError: a defect nobody caught" in report
    assert kinds(path) == before  # the session file is untouched and opens again


async def test_pilot_tests_still_see_the_exception(workspace, clock):
    app = Broken(workspace, clock=clock)
    with pytest.raises(RuntimeError, match="a defect nobody caught"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.5)
            await pilot.pause()


def test_report_in_an_unwritable_place_is_none(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert write_crash_report(blocker, RuntimeError("x"), 0.0) is None
