"""#18 Pilot tests: ctrl+z on the live screen, an attendance struck as recorded in error, the
action items screen's edit and withdraw with their warnings."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.domain import actions as act
from meeting_tui.screens.records.actions import ActionsScreen
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog

from .test_decisions_ui import executive  # noqa: F401 - the fixture
from .test_live import kinds, new_session, open_live

SIZE = (120, 40)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_ctrl_z_undoes_a_departure_then_the_arrival_then_refuses(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        member = live._roster_ids[0]
        name = live.state.members[member].name
        await pilot.press("space")  # arrives (the cursor moves down)
        clock.advance(30)
        live.query_one("#roster").move_cursor(row=0)
        await pilot.press("space")  # leaves: the slip
        await pilot.pause()
        assert live.state.attendance[member].status == "left"
        clock.advance(5)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert live.state.attendance[member].status == "present"
        assert f"Undone: {name}'s departure" in toasts(app)
        assert "present" in " ".join(live._row_cells[member]).casefold()
        clock.advance(5)
        await pilot.press("ctrl+z")  # again: further back
        await pilot.pause()
        assert live.state.attendance[member].status == "absent"
        assert f"Undone: {name}'s arrival" in toasts(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "There is nothing left to undo in this session." in toasts(app)
    # Both the slips and their corrections are in the log.
    assert kinds(path)[1:] == ["member.arrived", "member.departed", "correction.undone", "correction.undone"]


async def test_x_strikes_an_attendance_recorded_in_error(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        first, second = live._roster_ids[0], live._roster_ids[1]
        await pilot.press("space")  # first arrives
        clock.advance(10)
        await pilot.press("space")  # second arrives: the last action
        clock.advance(10)
        live.query_one("#roster").move_cursor(row=0)
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"never came")
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.attendance[first].status == "absent"
        assert live.state.attendance[second].status == "present"
        assert any("struck as recorded in error" in t for t in toasts(app))
        live.query_one("#roster").move_cursor(row=2)
        await pilot.press("X")  # nobody recorded: refused, no dialog
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert any("no arrival, departure or apologies" in t for t in toasts(app))
    assert kinds(path)[-1] == "correction.struck"


async def test_actions_screen_edit_with_warning_and_withdraw(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await open_live(app, pilot)
        live.session.act(act.add_action, "Send teh survey", who="Layla", due="2025-12-31")
        clock.advance(10)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one("#actions-table")
        row = [str(c) for c in table.get_row_at(0)]
        assert row[:2] == ["Layla", "2025-12-31"]  # owner and due first: visible at 80 columns
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-text").value = "Send the survey"
        dialog.query_one("#field-who").value = ""
        dialog.query_one("#field-due").value = "2025-11-01"  # before the meeting's day
        await pilot.click("#submit")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert "Nobody is named" in confirm.question and "already past" in confirm.question
        await pilot.press("y")
        await pilot.pause()
        action = live.state.actions["action-1"]
        assert (action.text, action.who, action.due) == ("Send the survey", "", "2025-11-01")
        row = [str(c) for c in table.get_row_at(0)]
        assert "no owner" in row[2] and "past due" in row[2]
        clock.advance(10)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.actions["action-1"].status == "withdrawn"
        await pilot.press("e")  # a withdrawn item is not edited: refused, said
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        assert any("was withdrawn" in t for t in toasts(app))
    assert kinds(path)[-2:] == ["action.edited", "action.withdrawn"]


async def test_a_declined_warning_records_nothing(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#field-text").value = "Book the hall"
        await pilot.click("#submit")  # nobody named: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert live.state.actions == {}
        assert "Nothing was recorded." in toasts(app)


async def test_correct_a_proposal_wording_before_the_vote_only(executive):
    from meeting_tui.screens.deciding.proposal import ProposalDialog

    from .test_decisions_ui import arrive, open_decisions, open_vote, propose, voting_ids

    app, pilot, live, path = executive
    await arrive(pilot, live, *voting_ids(live, 8))
    await pilot.press("n")
    await propose(app, pilot, "Hold the anual assembly in May.")
    screen = await open_decisions(app, pilot)
    await pilot.press("w")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ProposalDialog) and dialog.correct
    dialog.query_one("#proposal-text").text = "Hold the annual assembly in May."
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is screen
    proposal = live.state.decisions.proposals["P1"]
    assert [v.text for v in proposal.versions] == ["Hold the annual assembly in May."]
    await open_vote(app, pilot, "show-of-hands")
    await pilot.press("escape")
    await pilot.pause()
    if app.screen is not screen:
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press("w")  # a vote is open on it: refused with the reason, no dialog
    await pilot.pause()
    assert not isinstance(app.screen, ProposalDialog)
    assert any("its wording is part of that record" in t for t in toasts(app))


async def test_undoing_the_departure_that_lost_quorum_says_quorum_is_back(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        state = live.state
        voters = [m for m in live._roster_ids if state.members[m].voting and not state.members[m].is_alternate]
        from meeting_tui.domain import session as cmd

        for member in voters:
            if state.quorum().met:
                break
            clock.advance(3)
            live.session.act(cmd.arrive, member)
        assert state.quorum().met
        last = next(m for m in reversed(voters) if state.attendance[m].status == "present")
        clock.advance(3)
        live.session.act(cmd.depart, last)
        await pilot.pause()
        assert not live.state.quorum().met  # this departure lost quorum: ctrl+z says it is back
        app._notifications.clear()
        clock.advance(3)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert live.state.quorum().met
        assert any(n.title == "Quorum reached" for n in app._notifications)
        assert "Quorum met" in str(live.query_one("#quorum").render())
