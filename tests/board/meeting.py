"""A meeting driven through the controller, for the board's tests (and bench/board_load.py)."""

from __future__ import annotations

import time
from pathlib import Path

from meeting_tui.controller import SessionController
from meeting_tui.domain import decisions as d
from meeting_tui.domain import session as cmd
from meeting_tui.workspace import Workspace

HOSTILE = "<script>alert(1)</script> \\u001b[31mRed & \\\"quoted\\\""


def make_session(root: Path, *, language: str = "en", hostile: bool = False, clock=time.time) -> tuple[Workspace, Path]:
    ws = Workspace(root)
    ws.install_demo()
    committee_file = ws.committee_dir("demo-executive") / "committee.toml"
    text = committee_file.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"')
    if hostile:
        text = text.replace('name = "Karim Nasser"', f'name = "{HOSTILE}"', 1)
    committee_file.write_text(text, encoding="utf-8")
    entry = ws.committee("demo-executive")
    assert entry.committee is not None, entry.errors
    agenda = ws.agendas("demo-executive")[0].agenda
    path = ws.new_session_path("demo-executive", "2025-11-29", agenda.title)
    SessionController.create(path, entry.committee, agenda, clock=clock, title=agenda.title, date="2025-11-29").close()
    return ws, path


def voters(ctl: SessionController) -> list[str]:
    return [m.id for m in ctl.state.members.values() if m.voting and not m.is_alternate]


def reach_quorum(ctl: SessionController) -> list[str]:
    arrived = []
    for member in voters(ctl):
        if ctl.state.quorum().met:
            break
        ctl.do(cmd.arrive, member)
        arrived.append(member)
    return arrived


def start_first_item(ctl: SessionController) -> str:
    item = next(iter(ctl.state.items))
    ctl.do(cmd.start_item, item)
    return item


def adopt(ctl: SessionController, text: str = "Adopt the 2026 budget.") -> str:
    ctl.do(d.propose, text, item=ctl.state.current_item)
    pid = list(ctl.state.decisions.proposals)[-1]
    ctl.do(d.open_vote, pid, ballot="show-of-hands")
    ctl.do(d.enter_counts, 5, 1, 0)
    ctl.do(d.close_vote)
    return pid
