"""Pilot tests of every live-screen control and its refusals, with a fake clock."""

from __future__ import annotations

import pytest

from meeting_tui.app import MeetingApp
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.screens.projector import ProjectorScreen
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog

from .test_live import kinds, new_session, open_live

SIZE = (120, 40)


@pytest.fixture
async def live_app(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        yield app, pilot, live, path


def last_message(app) -> str:
    return list(app._notifications)[-1].message if app._notifications else ""


async def arrive(pilot, live, *member_ids):
    for member_id in member_ids:
        live.query_one("#roster").move_cursor(row=live._roster_ids.index(member_id))
        await pilot.press("space")
    await pilot.pause()


def voting_ids(live, n):
    return [m.id for m in live.state.members.values() if m.voting and not m.is_alternate][:n]


async def test_extend_through_the_dialog_and_refuse_bad_minutes(live_app):
    app, pilot, live, path = live_app
    await pilot.press("x")
    await pilot.pause()
    assert "No agenda item is running" in last_message(app)
    await pilot.press("n", "x")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, FormDialog)
    assert "From 1 to 240 minutes." in str(dialog.query_one(".form-help").render())  # unit and range stated
    for bad in ("-5", "0.5", "100000", "five"):
        dialog.query_one("#field-minutes").value = bad
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog, bad  # refused at the field, the dialog stays
        assert "from 1 to 240 minutes" in str(dialog.query_one("#error-minutes").render()).lower(), bad
    dialog.query_one("#field-minutes").value = "7"
    dialog.query_one("#field-reason").value = "the chair allowed more debate"
    dialog.query_one("#field-minutes").focus()
    await pilot.press("enter")  # Enter in a field that is not the last: on to the next
    await pilot.pause()
    assert app.screen is dialog and dialog.query_one("#field-reason").has_focus
    await pilot.press("enter")  # Enter in the last field submits
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)
    item = live.state.items[live.state.current_item]
    assert item.extensions[-1][1:] == (7.0, "the chair allowed more debate")
    assert kinds(path).count("item.extended") == 1


async def test_skip_defer_add_and_move(live_app):
    app, pilot, live, path = live_app
    agenda = live.query_one("#agenda")
    agenda.move_cursor(row=1)
    await pilot.press("s")
    await pilot.pause()
    second = list(live.state.items)[1]
    assert live.state.items[second].status == "skipped"
    agenda.move_cursor(row=2)
    await pilot.press("d")
    await pilot.pause()
    app.screen.query_one("#field-reason").value = "waiting for figures"
    await pilot.press("enter")
    await pilot.pause()
    third = list(live.state.items)[2]
    assert live.state.items[third].status == "deferred"
    await pilot.press("plus")
    await pilot.pause()
    form = app.screen
    form.query_one("#field-title").value = "Flood appeal"
    form.query_one("#field-minutes").value = "5"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert list(live.state.items)[-1] == "added-1"
    agenda.move_cursor(row=len(live.state.items) - 1)
    await pilot.press("left_square_bracket")
    await pilot.pause()
    assert list(live.state.items)[-2] == "added-1"
    await pilot.press("n")  # the first pending item, passing over skipped and deferred ones
    await pilot.pause()
    assert live.state.current_item == list(live.state.items)[0]


async def test_starting_another_item_offers_to_finish_the_running_one(live_app):
    app, pilot, live, path = live_app
    await pilot.press("n")
    first = live.state.current_item
    agenda = live.query_one("#agenda")
    agenda.focus()
    agenda.move_cursor(row=3)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("y")
    await pilot.pause()
    assert live.state.items[first].status == "done"
    assert live.state.current_item == list(live.state.items)[3]


async def test_speakers_list_and_fairness_view(live_app, clock):
    app, pilot, live, path = live_app
    a, b = voting_ids(live, 2)
    await arrive(pilot, live, a, b)
    await pilot.press("n")
    live.query_one("#roster").move_cursor(row=live._roster_ids.index(b))
    await pilot.press("k")
    live.query_one("#roster").move_cursor(row=live._roster_ids.index(a))
    await pilot.press("k", "g")
    await pilot.pause()
    assert live.state.current_speaker.member == b
    clock.advance(200)  # over the demo's 3 speaking minutes
    live.tick()
    await pilot.pause()
    assert "OVER" in str(live.query_one("#speakers").render())
    await pilot.press("g", "h")
    await pilot.pause()
    assert live.state.current_speaker is None
    await pilot.press("h")
    await pilot.pause()
    assert "Nobody has the floor" in last_message(app)
    await pilot.press("t")
    await pilot.pause()
    table = app.screen.query_one("#by-member")
    assert table.row_count == 2
    await pilot.press("escape")


async def test_proxy_and_guest(live_app):
    app, pilot, live, path = live_app
    holder, giver = voting_ids(live, 2)
    live.query_one("#roster").move_cursor(row=live._roster_ids.index(giver))
    await pilot.press("P")
    await pilot.pause()
    assert "Nobody present can hold a proxy" in last_message(app)
    await arrive(pilot, live, holder)
    live.query_one("#roster").move_cursor(row=live._roster_ids.index(giver))
    await pilot.press("P")
    await pilot.pause()
    assert isinstance(app.screen, FormDialog)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert live.state.proxies == {giver: holder}
    await pilot.press("P", "y")  # again: offers to withdraw
    await pilot.pause()
    assert live.state.proxies == {}
    await pilot.press("G")
    await pilot.pause()
    await pilot.press("ctrl+s")  # empty name: refused at the field
    assert isinstance(app.screen, FormDialog)
    app.screen.query_one("#field-name").value = "Visiting journalist"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert live.state.members["guest-1"].name == "Visiting journalist"


async def test_notes_are_saved_as_events(live_app):
    app, pilot, live, path = live_app
    await pilot.press("n", "e")
    await pilot.pause()
    await pilot.press(*"Approved.")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)
    assert live.state.notes[live.state.current_item] == "Approved."
    assert "note.set" in kinds(path)


async def test_projector_view_and_control_from_it(live_app, clock):
    app, pilot, live, path = live_app
    await pilot.press("v")
    await pilot.pause()
    projector = app.screen
    assert isinstance(projector, ProjectorScreen)
    assert "NO QUORUM" in str(projector.query_one("#proj-quorum").render())
    await pilot.press("n")
    await pilot.pause()
    title = str(projector.query_one("#proj-title").render())
    assert title.startswith(live.state.items[live.state.current_item].item.title[:20])
    clock.advance(61)
    projector.refresh_view()
    assert projector.query_one("#proj-digits").value == "08:59"
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_projector_fits_small_and_large_terminals(workspace, clock, size):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=size) as pilot:
        live = await open_live(app, pilot)
        await arrive(pilot, live, *voting_ids(live, 1))
        await pilot.press("n")
        live.query_one("#roster").move_cursor(row=0)
        await pilot.press("k", "g", "v")
        await pilot.pause()
        projector = app.screen
        for widget_id in ("#proj-quorum", "#proj-title", "#proj-digits", "#proj-speaker", "#proj-speaker-digits"):
            region = projector.query_one(widget_id).region
            assert region.height > 0 and region.bottom <= size[1], widget_id
            assert region.right <= size[0], widget_id


async def test_close_session_asks_then_refuses_more(live_app):
    app, pilot, live, path = live_app
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("n")  # "no" in the dialog
    await pilot.pause()
    assert not live.state.is_closed
    await pilot.press("c", "y")
    await pilot.pause()
    assert live.state.is_closed
    await pilot.press("space")
    await pilot.pause()
    assert "closed" in last_message(app)
    assert kinds(path)[-1] == "session.closed"


async def test_remote_arrival_of_someone_present_is_refused(live_app):
    app, pilot, live, path = live_app
    await pilot.press("space", "up")
    before = kinds(path)
    await pilot.press("R")
    await pilot.pause()
    assert "already marked present" in last_message(app)
    assert kinds(path) == before


async def test_twenty_one_arrivals_take_twenty_one_keystrokes(workspace, clock):
    from meeting_tui.controller import SessionController
    from meeting_tui.domain.model import Agenda

    entry = workspace.committee("demo-strategic")
    assert len(entry.committee.members) == 21
    path = workspace.new_session_path("demo-strategic", "2025-11-29", "Quarterly meeting")
    SessionController.create(path, entry.committee, Agenda(title="Quarterly meeting"), clock=clock).close()
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        await pilot.press(*["space"] * 21)
        await pilot.pause()
        assert all(a.status == "present" for a in live.state.attendance.values())
        assert kinds(path).count("member.arrived") == 21


async def test_type_ahead_keeps_the_search_open_for_the_next_name(live_app):
    app, pilot, live, path = live_app
    names = [m.name for m in live.state.members.values() if m.name.isascii()][:3]
    await pilot.press("slash")
    for name in names:
        await pilot.press(*name.split()[0][:4].lower(), "enter")
    await pilot.pause()
    present = {live.state.members[m].name for m, a in live.state.attendance.items() if a.status == "present"}
    assert set(names) <= present


async def test_next_meeting_recorded_from_the_live_screen(live_app):
    app, pilot, live, path = live_app
    await pilot.press("N")
    await pilot.pause()
    form = app.screen
    for bad in ("", "tomorrow", "2000-01-01"):  # empty, not a date, past: refused in the dialog
        form.query_one("#field-date").value = bad
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, bad
        assert str(form.query_one("#error-date").render()), bad
    form.query_one("#field-date").value = "2099-01-15"
    form.query_one("#field-time").value = "25:99"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is form and "HH:MM" in str(form.query_one("#error-time").render())
    assert "next_meeting.set" not in str(kinds(path))
    form.query_one("#field-time").value = "16:30"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is live
    assert live.state.next_meeting["date"] == "2099-01-15"


async def test_notes_typed_steadily_are_saved_within_a_second_of_the_first_unsaved_key(live_app, monkeypatch):
    """A fake timer: the save is due one second after the first unsaved keystroke, and the
    keystrokes after it do not push it back (steady typing used to postpone it forever)."""
    from meeting_tui.screens.meeting import notes as notes_module

    scheduled: list[tuple[float, object]] = []

    class FakeTimer:
        def __init__(self) -> None:
            self.stopped = False

        def stop(self) -> None:
            self.stopped = True

    def fake_set_timer(self, delay, callback, *args, **kwargs):
        timer = FakeTimer()
        scheduled.append((delay, callback, timer))
        return timer

    monkeypatch.setattr(notes_module.NotesScreen, "set_timer", fake_set_timer)
    app, pilot, live, path = live_app
    await pilot.press("n", "e")
    await pilot.pause()
    item = live.state.current_item
    await pilot.press(*"Steady typing")
    await pilot.pause()
    assert [delay for delay, _cb, _t in scheduled] == [notes_module.SAVE_AFTER_SECONDS]  # one timer, not restarted
    assert notes_module.SAVE_AFTER_SECONDS <= 1.0
    scheduled[0][1]()  # the second is up, while the typing goes on
    assert live.state.notes[item] == "Steady typing"
    await pilot.press(*" goes on")
    await pilot.pause()
    assert len(scheduled) == 2  # the next unsaved keystroke starts a new wait
    await pilot.press("escape")  # closing saves what the timer has not
    await pilot.pause()
    assert live.state.notes[item] == "Steady typing goes on"
    assert kinds(path).count("note.set") == 2
