"""End to end in Arabic: `meeting-tui --lang ar demo` on a committee whose language is Arabic,
in tmux (a terminal without bidi support, so the app reorders: the default display mode).
Attendance, quorum, a proposal typed in Arabic, then the minutes exported in Arabic."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date

import pytest

from meeting_tui import rtl
from meeting_tui.i18n import _, using_language
from meeting_tui.workspace import Workspace

from .tmux import Terminal, installed_command

pytestmark = pytest.mark.e2e

PROPOSAL = "اعتماد خطة عمل مجموعة المياه لعام 2026"


def arabic(msgid: str, **params) -> str:
    with using_language("ar"):
        return _(msgid, **params)


def on_screen(text: str) -> str:
    """How `text` looks on a terminal without bidi support in reorder mode."""
    return rtl.visual(text)


@pytest.fixture
def env(tmp_path):
    return {
        "MEETING_TUI_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }


def test_an_arabic_session_from_arrivals_to_arabic_minutes(tmp_path, env):
    workspace = Workspace(tmp_path / "data")
    workspace.install_demo()
    committee_file = workspace.committee_dir("demo-executive") / "committee.toml"
    committee_file.write_text(
        committee_file.read_text(encoding="utf-8").replace('language = "en"', 'language = "ar"'), encoding="utf-8"
    )
    term = Terminal([installed_command(), "--lang", "ar", "demo"], cwd=tmp_path, env=env)
    try:
        # The first Arabic start with no display mode saved shows the choice (F3) first;
        # closing it keeps the suggested mode (reorder: nothing names this terminal).
        term.wait_for(on_screen(arabic("Language of the interface")), "1   النصاب")
        term.send("Escape")
        term.wait_for(on_screen("النصاب غير مكتمل"), on_screen(arabic("Call to order")))  # the demo waits for it
        for _i in range(6):  # the first six rows of the demo roster are voting members
            term.send("space")
        term.wait_for(on_screen("النصاب مكتمل"))
        term.send("O")  # the demo waits for the call to order
        term.send("n")
        term.wait_for(on_screen(arabic("running")))
        term.send("y")
        term.wait_for(on_screen(arabic("New proposal")))
        term.send("-l", PROPOSAL)
        term.wait_for(PROPOSAL)  # the field being typed in shows the text as typed
        term.send("C-s")
        term.wait_for("P1")
        screen = term.screen()
        assert "Quorum" not in screen and "Attendance" not in screen  # the interface is Arabic
        # Settings (F3) over the live screen: the screen beneath stays in display order.
        term.send("F3")
        screen = term.wait_for(on_screen(arabic("Settings")), on_screen(arabic("Language of the interface")))
        assert on_screen(arabic("Next item")) in screen
        term.send("Escape")
        term.send("C-q")
        screen = term.wait_for("[exited] 0")
        assert "Traceback" not in term.history()
    finally:
        term.close()

    assert json.loads((tmp_path / "data" / "settings.json").read_text(encoding="utf-8"))["display"] == "reorder"
    session = next(workspace.committee_dir("demo-executive").glob(f"{date.today().isoformat()}-*.json"))
    events = [json.loads(line) for line in session.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert PROPOSAL in json.dumps(events, ensure_ascii=False)  # stored as typed (logical order)
    done = subprocess.run(
        [installed_command(), "export", str(session.relative_to(tmp_path / "data"))],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    minutes = session.with_suffix(".md").read_text(encoding="utf-8")
    assert minutes.startswith("# محضر الاجتماع")
    for heading in ("## الحضور", "## النصاب القانوني", "## جدول الأعمال"):
        assert heading in minutes
    assert "### الحاضرون (6)" in minutes
    page = session.with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
