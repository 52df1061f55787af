"""Pilot tests of the revisit screen: eligibility with every reason, a motion that goes to the
vote flow, notice and the executed mark, and the revisit in the minutes."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.minutes import render_markdown
from meeting_tui.screens.deciding.decisions import DecisionsScreen
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.screens.deciding.revisit import RevisitScreen

from ..conftest import FakeClock
from ..test_register import SECOND, at
from ..test_register import ws  # noqa: F401  (fixture)
from .test_live import kinds
from .test_register_ui import SIZE, sessions


def text(screen, selector) -> str:
    return str(screen.query_one(selector).render())


async def open_revisit(app, pilot) -> RevisitScreen:
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)
    await pilot.press("z")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RevisitScreen)
    for _ in range(50):
        await pilot.pause(0.05)
        if screen.view is not None:
            return screen
    raise AssertionError("the register did not load")


async def fill(pilot, screen, **values):
    for name, value in values.items():
        screen.query_one(f"#revisit-{name}").value = value
    await pilot.pause()


async def test_refused_with_its_reasons_then_allowed_and_moved(ws):
    one, two = sessions(ws)
    app = MeetingApp(ws, clock=FakeClock(at(SECOND, 10)), open_path=two.path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_revisit(app, pilot)
        before = kinds(two.path)
        # a rejected decision cannot be rescinded
        await fill(pilot, screen, id="EXE-2026-002", kind="rescind", mover="m5")
        shown = text(screen, "#revisit-eligibility")
        assert "NOT ALLOWED" in shown and "rejected" in shown
        # reconsidering is for a decision of this same session
        await fill(pilot, screen, id="EXE-2026-001", kind="reconsider")
        shown = text(screen, "#revisit-eligibility")
        assert "NOT ALLOWED" in shown
        await screen.run_action("move")
        await pilot.pause()
        assert isinstance(app.screen, RevisitScreen)
        assert "REFUSED" in text(screen, "#revisit-eligibility")
        assert kinds(two.path) == before  # nothing recorded
        # rescinding EXE-2026-001 is in order; notice was given, so a simple majority
        await fill(pilot, screen, kind="rescind")
        shown = text(screen, "#revisit-eligibility")
        assert "IN ORDER" in shown and "majority" in shown.lower()
        assert "Hire a campaign officer." in text(screen, "#revisit-decision")
        await screen.run_action("move")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        state = app.screen.state
        (motion,) = state.revisits.motions.values()
        assert motion.register_id == "EXE-2026-001" and motion.kind == "rescind" and motion.notice
        assert state.decisions.proposals[motion.proposal].status == "open"
        minutes = render_markdown(state)
        assert "## Revisited decisions" in minutes
        assert "EXE\\-2026\\-001" in minutes or "EXE-2026-001" in minutes
        assert "Threshold:" in minutes and "Notice given" in minutes


async def test_executed_decision_can_be_amended_not_rescinded(ws):
    one, two = sessions(ws)
    app = MeetingApp(ws, clock=FakeClock(at(SECOND, 10)), open_path=two.path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_revisit(app, pilot)
        await fill(pilot, screen, id="EXE-2026-001", kind="rescind", mover="m5", info="The officer was hired in March")
        await screen.run_action("executed")
        await pilot.pause()
        assert "revisit.executed" in kinds(two.path)
        shown = text(screen, "#revisit-eligibility")
        assert "NOT ALLOWED" in shown and "executed" in shown
        await fill(pilot, screen, kind="amend")
        assert "IN ORDER" in text(screen, "#revisit-eligibility")
        await screen.run_action("notice")
        await pilot.pause()
        # notice of an amendment needs its text: refused, then given
        assert "REFUSED" in text(screen, "#revisit-eligibility")
        await fill(pilot, screen, text="Hire a part-time campaign officer.")
        await screen.run_action("notice")
        await pilot.pause()
        assert "revisit.notice" in kinds(two.path)
        minutes = render_markdown(screen.state)
        assert "Decisions marked executed" in minutes and "Notices of motion" in minutes
