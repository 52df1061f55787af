"""End to end: a roll-call vote on the installed `meeting-tui demo`, in tmux, by keys only."""

from __future__ import annotations

import threading

import pytest

from meeting_tui.store import SessionFile

from .tmux import POLL_SECONDS, Terminal, installed_command

pytestmark = pytest.mark.e2e


def wait_until_gone(term: Terminal, text: str, timeout: float = 20.0) -> None:
    """Read the screen until `text` is no longer on it (a list or dialog has closed)."""
    waiter = threading.Event()
    for _ in range(int(timeout / POLL_SECONDS)):
        if text not in term.screen():
            waiter.wait(POLL_SECONDS)  # one more frame: focus moves back after the list closes
            return
        waiter.wait(POLL_SECONDS)
    pytest.fail(f"{text!r} was still on the screen after {timeout:g}s:\n{term.screen()}")


def test_a_roll_call_vote_from_proposal_to_result(tmp_path, terminal_env):
    term = Terminal([installed_command(), "demo"], cwd=tmp_path, env=terminal_env)
    try:
        term.wait_for("NO QUORUM", "Attendance: 0 of")
        for _ in range(6):  # the first six rows of the demo roster are voting members
            term.send("space")
        term.wait_for("Quorum met", "Attendance: 6 of")
        term.send("O")  # the demo waits for the call to order
        term.send("n")
        term.wait_for("running")
        term.send("y")
        term.wait_for("New proposal")
        term.send("-l", "Adopt the 2026 work plan of the water-access working group.")
        term.wait_for("Adopt the 2026 work plan")
        term.send("C-s")
        term.wait_for("P1 is before the meeting")
        term.send("D")
        term.wait_for("Proposals (1)", "P1 is not decided yet")
        term.send("b")
        term.wait_for("Open the vote", "show of hands")
        term.send("Enter")  # open the ballot list
        term.wait_for("roll call")
        term.send("Down")
        term.send("Enter")  # roll call
        wait_until_gone(term, "show of hands")  # the list has closed on "roll call"
        term.send("Tab")  # the threshold: the charter's
        term.send("Tab")  # the button
        term.send("Enter")
        term.wait_for("Roll call: P1 version 1", "Not yet voted (6)")
        for key in "yynya":
            term.send(key)  # one key per voter; the highlight moves to the next
        term.wait_for("5 of 6 voted", "Not yet voted (1)")
        term.send("y")
        term.wait_for("6 of 6 voted", "Everyone who can vote has voted")
        term.send("c")
        term.wait_for("Close the vote on P1")
        term.send("y")
        # the sentence wraps; wait for the whole result (the counts line can be drawn a frame later under load)
        term.wait_for("Adopted: 4 yes > 1 no", "abstention not counted", "roll call", "yes 4")
        term.send("C-q")
        screen = term.wait_for("[exited] 0")
        assert "Traceback" not in screen
    finally:
        term.close()
    sessions = list((tmp_path / "data" / "demo-executive").glob("*.json"))
    assert len(sessions) == 1
    with SessionFile.open(sessions[0], read_only=True) as file:
        events = file.events()
    assert [e["kind"] for e in events].count("vote.cast") == 6
    closed = [e["data"] for e in events if e["kind"] == "vote.closed"]
    assert len(closed) == 1 and closed[0]["outcome"] == "adopted" and closed[0]["register_id"].startswith("EXE-")
