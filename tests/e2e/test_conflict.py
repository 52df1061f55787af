"""End to end: a conflict escalated to an independent mediator, on the installed
`meeting-tui demo` in tmux, by keys only."""

from __future__ import annotations

import threading

import pytest

from .tmux import Terminal, installed_command

pytestmark = pytest.mark.e2e


KEY_GAP = 0.3  # focus moves (Tab) take a frame; keys sent faster can reach the old widget


def keys(term: Terminal, *names: str) -> None:
    for name in names:
        term.send(name)
        threading.Event().wait(KEY_GAP)


def test_escalate_to_a_mediator_and_resolve(tmp_path, terminal_env):
    term = Terminal([installed_command(), "demo"], cwd=tmp_path, env=terminal_env)
    try:
        term.wait_for("NO QUORUM", "Attendance: 0 of")
        term.send("O")  # the demo waits for the call to order
        term.send("n")
        term.wait_for("running")
        term.send("C")
        term.wait_for("Conflicts (0, 0 open)")
        term.send("r")
        term.wait_for("Raise a conflict", "Parties")
        keys(term, "space", "Down", "space")  # the first two members of the roster
        term.wait_for("2 selected")
        keys(term, "Tab", "Tab")  # past the subject (the running item) to the description
        term.send("-l", "Who speaks for the coalition to the ministry")
        term.wait_for("Who speaks for the coalition")
        term.send("Enter")
        term.wait_for("Level 1 of 3: Facilitated dialogue", "left of 15:00")
        term.send("e")
        term.wait_for("Escalate conflict C1")
        term.send("-l", "The dialogue did not settle it")
        term.wait_for("The dialogue did not settle it")
        term.send("Enter")
        term.wait_for("Level 2 of 3: Independent mediator", "no mediator assigned")
        term.send("h")
        term.wait_for("Assign the mediator of conflict C1")
        term.send("-l", "Amina Yusuf")  # an external mediator (the name field has the focus)
        term.wait_for("Amina Yusuf")
        term.send("C-s")  # ctrl+s records the dialog (Enter in the name field goes on to the organisation)
        term.wait_for("Handler (mediator): Amina Yusuf")
        term.send("a")
        term.wait_for("Conflict C1 resolved")
        term.send("-l", "They speak together, the chair first")
        term.wait_for("They speak together, the chair first")
        term.send("Enter")
        screen = term.wait_for("Conflict C1 is resolved")
        assert "They speak together" in screen
        term.send("C-q")
        screen = term.wait_for("[exited] 0")
        assert "Traceback" not in screen
    finally:
        term.close()
    sessions = list((tmp_path / "data" / "demo-executive").glob("*.json"))
    text = "".join(p.read_text(encoding="utf-8") for p in sessions if p.name != "register.json")
    assert '"conflict.resolved"' in text and "Amina Yusuf" in text
