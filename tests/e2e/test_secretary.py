"""End to end (issue 22): a secretary sets up a working group in a real terminal. Quitting with
unsaved changes asks and loses nothing; a broken CSV is reported row by row; one ctrl+s in the
charter editor writes the committee file."""

from __future__ import annotations

import os
import threading

import pytest

from meeting_tui.charter import load_committee

from .tmux import Terminal, installed_command

pytestmark = pytest.mark.e2e
KEY_GAP = 0.25


def keys(term: Terminal, *names: str) -> None:
    for name in names:
        term.send(name)
        threading.Event().wait(KEY_GAP)


def type_text(term: Terminal, text: str) -> None:
    term.send("-l", text)
    threading.Event().wait(KEY_GAP)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_a_secretary_sets_up_a_working_group_and_loses_nothing(tmp_path, size):
    work = tmp_path / "work"  # where the secretary starts the app, with the member list
    work.mkdir()
    (work / "members.csv").write_text(
        "name,organisation,constituency,role\n"
        "Layla Mansour,Farmers Association,community,chair\n"
        "Karim Nasser,Legal\n"
        "Huda Saleh,Residents Committee,community,member\n",
        encoding="utf-8",
    )
    env = {
        "MEETING_TUI_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }
    width, height = size
    term = Terminal([installed_command()], cwd=work, env=env, width=width, height=height)
    committee_file = tmp_path / "data" / "water-group" / "committee.toml"
    try:
        term.wait_for("No committees")
        keys(term, "c")
        screen = term.wait_for("New committee", "choose what kind of body")
        assert "is empty" not in screen and "No members yet" not in screen  # nothing touched yet
        type_text(term, "Water group")
        keys(term, "Tab", "Enter", "w", "Enter")  # Body: working group
        term.wait_for("working group", "unsaved changes")

        # Quit with unsaved changes: asked; "save" cannot save yet (no members) and says why.
        keys(term, "C-q")
        term.wait_for("Discard changes (d)", "Stay (Esc)")
        keys(term, "s")
        screen = term.wait_for("Not saved: No members yet")
        assert "[exited]" not in screen and "[[members]]" not in screen
        assert not committee_file.exists()

        # Import a CSV with a broken row: the path starts where the app was started.
        keys(term, "Tab", "Tab", "Tab", "Tab")  # body, language, collaboration, coalition -> members
        keys(term, "i")
        term.wait_for("Import members from a CSV file", "/work/ ")  # the folder the app was started in
        type_text(term, "members.csv")
        keys(term, "Enter")
        screen = term.wait_for("row 3: 2 columns, 4 expected", "Add the members (2)")
        keys(term, "Enter")
        term.wait_for("Members added from members.csv: 2", "unsaved changes")
        assert not committee_file.exists()

        # The charter: one ctrl+s writes the committee file (members included).
        keys(term, "C")
        term.wait_for("Rules of procedure")
        keys(term, "Tab")  # Seats -> Proxies
        keys(term, "space")
        term.wait_for("unsaved changes")
        keys(term, "C-s")
        term.wait_for("Saved at")
        assert committee_file.exists()
        keys(term, "Escape")
        term.wait_for("Members: 2")
        keys(term, "C-q")  # everything is on disk: quits without asking
        screen = term.wait_for("[exited] 0")
        assert "Traceback" not in screen
    finally:
        term.close()

    committee = load_committee(committee_file)
    assert committee.ok, committee.problems
    value = committee.value
    assert value.name == "Water group" and value.body == "working-group"
    assert [m.name for m in value.members] == ["Layla Mansour", "Huda Saleh"]
    assert value.charter.proxies is True
