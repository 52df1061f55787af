"""Render the screens users look at most as SVG, deterministically (for test_snapshots.py).

Run as `python -m tests.ui.snapshot_render LANG MODE OUTDIR`: one process per interface
language and display mode, because the interface language is fixed when the screens are
imported (their key labels are translated then), as when `meeting-tui --lang ar` starts.

The data: the demo committee and agenda, in a session built through the controller with a
fixed clock (so every timer shows the same time), then the app opened on it; inputs do not
blink. Each screen is rendered at every size in `SIZES` into OUTDIR/<screen>-<W>x<H>.svg.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

SIZES = ((120, 40), (80, 24))
SCREENS = ("live", "vote", "consensus", "projector", "minutes", "dialog-extend", "dialog-next-meeting", "dialog-proposal", "dialog-leave", "dialog-raise-conflict", "committee-editor", "dialog-new-session")
START = 1_773_478_800.0  # 2026-03-14 09:00 UTC
DATE = "2026-03-14"


class FixedClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def build_session(root: Path, kind: str, clock: FixedClock) -> Path:
    """A session half an hour in: quorum, a proxy, apologies, a running item, a speaker with
    two waiting; for "vote" a decision taken (P1) and a roll call in progress (P2), for
    "consensus" (and "dialogs") a formal consensus round in progress (P1)."""
    from meeting_tui.controller import SessionController
    from meeting_tui.domain import consensus, decisions
    from meeting_tui.domain import session as cmd
    from meeting_tui.workspace import Workspace

    workspace = Workspace(root)
    workspace.install_demo()
    committee = workspace.committee("demo-executive").committee
    agenda = workspace.agendas("demo-executive")[0].agenda
    path = workspace.new_session_path("demo-executive", DATE, agenda.title)
    controller = SessionController.create(path, committee, agenda, clock=clock, title=agenda.title, date=DATE, place="Amman")
    try:
        state = controller.state
        voters = [m.id for m in state.members.values() if m.voting and not m.is_alternate]
        for n, member in enumerate(voters[:-3]):
            clock.now += 30
            controller.do(cmd.arrive, member, mode="remote" if n == 2 else "in-person")
        controller.do(cmd.send_apologies, voters[-1])
        controller.do(cmd.assign_proxy, voters[-1], voters[0])
        items = list(state.items)
        controller.do(cmd.start_item, items[0])
        clock.now += 8 * 60
        controller.do(cmd.start_item, items[4], finish_running=True)
        clock.now += 6 * 60
        for member in voters[1:4]:
            controller.do(cmd.queue_speaker, member)
        controller.do(cmd.give_floor)
        clock.now += 95
        text = "Move 4,000 from the training budget line to the well-rehabilitation campaign for Q2 [budget line 3.2]."
        controller.do(decisions.propose, text, item=items[4], mover=voters[1], seconder=voters[2])
        if kind == "vote":
            controller.do(decisions.open_vote, "P1", ballot="roll-call")
            for n, member in enumerate(voters[:-3]):
                controller.do(decisions.cast_vote, member, "no" if n == 2 else "yes")
            controller.do(decisions.close_vote, register_number=1)
            clock.now += 60
            controller.do(decisions.propose, "Ask the water authority for the licence files [before the next session].", item=items[4], mover=voters[3], seconder=voters[4])
            controller.do(decisions.open_vote, "P2", ballot="roll-call")
            for member, choice in zip(voters, ["yes", "yes", "no", "yes", "abstain", "yes"]):
                controller.do(decisions.cast_vote, member, choice)
        else:
            controller.do(consensus.open_consensus, "P1")
            for member, answer in zip(voters, ["agree", "agree", "reservations", "stand-aside"]):
                reason = "" if answer == "agree" else "[the budget line] needs a review"
                controller.do(consensus.respond, member, answer, reason=reason)
        clock.now += 20
    finally:
        controller.close()
    return path


async def settle(pilot) -> None:
    """Wait until workers are done and the screen is drawn; inputs do not blink."""
    from textual.widgets import Input, TextArea

    for _ in range(3):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


#: Per session: which screen is reached with which keys (in order, in one run of the app).
PLANS = {
    "vote": (("live", ()), ("projector", ("v",)), ("minutes", ("escape", "m")), ("vote", ("escape", "D"))),
    "consensus": (("consensus", ("D",)),),
    # the dialog pattern (widgets/dialogs.py), with a refused value kept in the open dialog
    "dialogs": (
        ("dialog-extend", ("x", "backspace", "0", "full_stop", "5", "ctrl+s")),
        ("dialog-next-meeting", ("escape", "N", *"2000-01-01", "ctrl+s")),
        ("dialog-proposal", ("escape", "y")),
        ("dialog-leave", ("escape", "escape")),
    ),
    # issue 18: a refusal at its field in the raise-conflict and new-session dialogs; the
    # committee editor (its narrow members table at 80x24)
    "setup": (
        ("dialog-raise-conflict", ("C", "r", "ctrl+s")),
        ("committee-editor", ("escape", "escape", "escape", "y", "E")),
        ("dialog-new-session", ("escape", "n", "ctrl+u", "ctrl+s")),
    ),
}


async def shoot(app, plan, out: Path) -> None:
    async with app.run_test(size=SIZES[0]) as pilot:
        await settle(pilot)
        for screen, keys in plan:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                await settle(pilot)
                svg = app.export_screenshot(title="meeting-tui")
                (out / f"{screen}-{width}x{height}.svg").write_text(svg, encoding="utf-8")
            await pilot.resize_terminal(*SIZES[0])


def render(language: str, mode: str, out: Path) -> None:
    import asyncio

    from meeting_tui.i18n import set_language

    set_language(language)  # before the screens are imported
    from meeting_tui.app import MeetingApp
    from meeting_tui.workspace import Workspace

    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.gettempdir()) / f"meeting-tui-snapshots-{language}-{mode}"
    for kind, plan in PLANS.items():
        shutil.rmtree(root, ignore_errors=True)
        clock = FixedClock()
        path = build_session(root, kind, clock)
        app = MeetingApp(Workspace(root), clock=clock, open_path=path, display=mode)
        asyncio.run(shoot(app, plan, out))
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    render(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
