"""End to end: the installed `meeting-tui demo` in tmux, as a facilitator would use it."""

from __future__ import annotations


import pytest

from .tmux import Terminal, installed_command

pytestmark = pytest.mark.e2e


def test_demo_opens_a_live_session_reaches_quorum_and_quits(tmp_path, terminal_env):
    term = Terminal([installed_command(), "demo"], cwd=tmp_path, env=terminal_env)
    try:
        term.wait_for("Approval of the minutes", "NO QUORUM", "Attendance: 0 of")
        for _ in range(6):  # the first six rows of the demo roster are voting members
            term.send("space")  # marks the highlighted member and moves down
        term.wait_for("Quorum met", "Attendance: 6 of")
        term.send("O")  # the demo waits for the call to order
        term.send("n")
        term.wait_for("elapsed 00:0", "running")
        term.wait_for("elapsed 00:02")  # the countdown moves on its own
        term.send("v")
        screen = term.wait_for("time left", "Quorum met")
        assert "█" in screen  # the projector's large digits
        term.send("Escape")
        term.wait_for("Attendance: 6 of")
        term.send("C-q")
        screen = term.wait_for("[exited] 0")
        assert "Traceback" not in screen
    finally:
        term.close()
    sessions = list((tmp_path / "data" / "demo-executive").glob("*.json"))
    assert len(sessions) == 1
    text = sessions[0].read_text(encoding="utf-8")
    assert text.count('"member.arrived"') == 6 and '"item.started"' in text


def test_check_reports_a_broken_file_without_traceback(tmp_path, terminal_env):
    broken = tmp_path / "committee.toml"
    broken.write_text('[committee]\nname = "X"\nbody = "executive"\n[[members]]\nname = "A"\nrole = "chiar"\n')
    term = Terminal([installed_command(), "check", str(broken)], cwd=tmp_path, env=terminal_env)
    try:
        term.wait_for("[exited] 1")
        output = term.history()
        assert "Traceback" not in output
        assert "chiar" in output
    finally:
        term.close()
