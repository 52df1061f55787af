"""End to end: set up a committee, its members and an agenda on screen, then open a session."""

from __future__ import annotations

import threading

import pytest

from meeting_tui import rtl
from meeting_tui.charter import load_agenda, load_committee

from .tmux import Terminal, installed_command

pytestmark = pytest.mark.e2e
KEY_GAP = 0.25  # seconds between keys that move the focus, as a person types


def keys(term: Terminal, *names: str) -> None:
    for name in names:
        term.send(name)
        threading.Event().wait(KEY_GAP)


def type_text(term: Terminal, text: str) -> None:
    term.send("-l", text)
    threading.Event().wait(KEY_GAP)


def add_member(term: Terminal, name: str, organisation: str, *, chair: bool = False) -> None:
    keys(term, "a")
    term.wait_for("Add a member")
    type_text(term, name)
    keys(term, "Tab")
    type_text(term, organisation)
    if chair:
        keys(term, "Tab", "Enter", "c", "Enter", "BTab")  # Role: open the list, type c, pick chair
    keys(term, "C-s")  # record the dialog (Enter only submits from its last field)
    # On screen in display order (reorder mode), in the English interface's direction (#19: the
    # old expectation took the direction from the name and put "added" on the left).
    term.wait_for(rtl.visual(f"{name} added", "L"))


def test_set_up_a_committee_and_an_agenda_from_scratch_then_open_a_session(tmp_path, terminal_env):
    term = Terminal([installed_command()], cwd=tmp_path, env=terminal_env)
    try:
        term.wait_for("No committees", "c New committee")
        keys(term, "c")
        term.wait_for("New committee", "choose what kind of body it is")
        type_text(term, "Water Committee")
        term.wait_for("Water Committee")
        keys(term, "Tab", "Enter")  # Body: open the list...
        term.wait_for("another body…")  # (wait for it: a key typed before it opens is lost under load)
        keys(term, "e", "Enter")  # ...type e, pick executive
        term.wait_for("executive committee")
        keys(term, "Tab", "Tab", "Tab", "Tab")  # body, language, collaboration, coalition
        add_member(term, "Layla Mansour", "Farmers Association", chair=True)
        add_member(term, "Karim Nasser", "Legal Aid Centre")
        add_member(term, "سلمى حداد", "Residents Committee")
        screen = term.wait_for("Members: 3 · voting seats: 3")
        assert "chair" in screen
        keys(term, "C-s")
        term.wait_for("Saved")
        keys(term, "Escape")
        term.wait_for("Water Committee", "voting seats: 3")

        keys(term, "a")
        term.wait_for("+ New agenda")
        keys(term, "Enter")
        term.wait_for("Items in order")
        type_text(term, "Monthly meeting")
        keys(term, "Tab", "Tab", "Tab", "Tab", "Tab")  # title, place, date, chair, secretary
        for title, minutes in (("Approval of the agenda", "5"), ("Water access report", "30")):
            keys(term, "a")
            term.wait_for("Add an item")
            type_text(term, title)
            keys(term, "Tab", "Tab")  # kind, then minutes (its text is selected: typing replaces it)
            type_text(term, minutes)
            keys(term, "C-s")
            term.wait_for(title)
        term.wait_for("Planned 35 of the charter's 120 minutes")
        keys(term, "C-s")
        term.wait_for("Saved")
        keys(term, "Escape")
        term.wait_for("n New session")

        keys(term, "n")
        term.wait_for("Open session")
        keys(term, "C-s")  # open it: ctrl+s records a dialog
        screen = term.wait_for("NO QUORUM", "Attendance: 0 of 3", "Water access report")
        assert "Layla Mansour" in screen and rtl.visual("سلمى حداد") in screen
        keys(term, "space", "space")
        term.wait_for("Quorum met", "Attendance: 2 of 3")
        keys(term, "C-q")
        screen = term.wait_for("[exited] 0")
        assert "Traceback" not in screen
    finally:
        term.close()

    folder = tmp_path / "data" / "water-committee"
    committee = load_committee(folder / "committee.toml")
    assert committee.ok and [m.name for m in committee.value.members] == ["Layla Mansour", "Karim Nasser", "سلمى حداد"]
    assert committee.value.holder_of("chair").id == "layla-mansour"
    agenda = load_agenda(folder / "agendas" / "monthly-meeting.toml", committee=committee.value)
    assert agenda.ok and [i.minutes for i in agenda.value.items] == [5, 30]
    sessions = list(folder.glob("*.json"))
    assert len(sessions) == 1
    text = sessions[0].read_text(encoding="utf-8")
    assert "Water access report" in text and text.count('"member.arrived"') == 2
