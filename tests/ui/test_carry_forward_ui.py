"""The next session starts with what the last one left; approval and action items on screen."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.domain import actions
from meeting_tui.domain import session as cmd
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.widgets.dialogs import FormDialog

from .test_live import kinds, new_session

SIZE = (120, 40)


def finished_first_session(workspace, clock):
    path = new_session(workspace, clock)
    controller = SessionController.open(path, clock=clock)
    state = controller.state
    deferred = list(state.items)[4]
    controller.do(cmd.defer_item, deferred, "figures missing")
    controller.do(actions.add_action, "Send the budget table to all members", who="Karim Nasser", due="2026-04-30")
    controller.do(actions.add_action, "Book the hall", who="", due="")
    controller.do(actions.complete_action, "action-2")
    controller.do(cmd.close_session)
    controller.close()
    return path, state.items[deferred].item.title


async def test_new_session_carries_forward_and_approves_previous_minutes(workspace, clock):
    first, deferred_title = finished_first_session(workspace, clock)
    clock.advance(30 * 24 * 3600)
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#carry").value is True
        app.screen.query_one("#title").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        live = app.screen
        assert isinstance(live, LiveScreen)
        titles = [i.item.title for i in live.state.items.values()]
        assert deferred_title in titles
        # the demo agenda has its own approval and review items: not added twice
        assert sum("minutes" in t.casefold() for t in titles) == 1
        assert [a.text for a in live.state.actions.values()] == ["Send the budget table to all members"]
        assert not live.state.called_to_order  # a new session waits for the chair's call (#18)
        await pilot.press("O")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert live.state.approvals[0].session == first.name
        await pilot.press("M", "y")
        await pilot.pause()
        assert "already approved" in list(app._notifications)[-1].message


async def test_action_items_added_and_done_from_the_live_screen(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await pilot.press("n", "i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-text").value = "Draft the press release"
        form.query_one("#field-due").value = "30/04/2026"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FormDialog)  # a bad date is refused at the field
        form.query_one("#field-due").value = "2026-04-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Nobody is named" in app.screen.question  # no owner: asked, never silent (#18)
        await pilot.press("y")
        await pilot.pause()
        assert [a.text for a in live.state.actions.values()] == ["Draft the press release"]
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert kinds(path)[-1] == "action.done"
        await pilot.press("escape", "m")
        await pilot.pause()
        from meeting_tui.screens.records.minutes import MinutesScreen

        assert isinstance(app.screen, MinutesScreen)
