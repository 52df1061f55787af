"""Pilot tests of the live screen with a fake clock: attendance, quorum, timer, restart."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.domain.events import Event
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.store import SessionFile

SIZE = (120, 40)


def new_session(workspace, clock):
    entry = workspace.committee("demo-executive")
    agenda = workspace.agendas("demo-executive")[0].agenda
    path = workspace.new_session_path("demo-executive", "2025-11-29", agenda.title)
    SessionController.create(path, entry.committee, agenda, clock=clock, title=agenda.title, date="2025-11-29").close()
    return path


def kinds(path) -> list[str]:
    with SessionFile.open(path, read_only=True) as f:
        return [e["kind"] for e in f.events()]


def text(screen, selector) -> str:
    return str(screen.query_one(selector).render())


async def open_live(app, pilot) -> LiveScreen:
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)
    return app.screen


async def test_marking_arrivals_reaches_quorum(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        assert "NO QUORUM" in text(live, "#quorum")
        required = live.state.quorum().required
        voters = [m for m in live.state.members.values() if m.voting and not m.is_alternate]
        marked = 0
        for row, member_id in enumerate(list(live._roster_ids)):
            if live.state.members[member_id] not in voters:
                continue
            live.query_one("#roster").move_cursor(row=row)
            await pilot.press("space")
            await pilot.pause()
            marked += 1
            if marked == required:
                break
        assert live.state.quorum().met
        assert "Quorum met" in text(live, "#quorum")
        assert kinds(path).count("member.arrived") == required


async def test_type_ahead_marks_the_first_match(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        first = next(iter(live.state.members.values()))
        needle = first.name.split()[0]
        await pilot.press("slash")
        await pilot.press(*needle)
        await pilot.pause()
        assert live._roster_ids[0] == first.id or first.id in live._roster_ids
        target = live._roster_ids[0]
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.attendance[target].status == "present"
        assert live.query_one("#roster-filter").value == ""


async def test_departure_and_refusals_change_nothing(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        before = kinds(path)
        await pilot.press("p")  # nothing running: refused
        await pilot.pause()
        assert kinds(path) == before
        await pilot.press("space")  # marks the first member and moves down a row
        assert live.query_one("#roster").cursor_row == 1
        await pilot.press("up", "space")
        await pilot.pause()
        member = live._roster_ids[0]
        assert live.state.attendance[member].status == "left"
        await pilot.press("up")
        await pilot.press("A")  # apologies for someone who already came and left is allowed
        await pilot.pause()
        assert kinds(path)[-3:] == ["member.arrived", "member.departed", "member.apologies"]


async def test_timer_counts_down_from_events_and_survives_restart(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        first = live.state.items[live.state.current_item]
        planned = first.item.minutes * 60
        clock.advance(90)
        live.tick()
        await pilot.pause()
        shown = live.query_one("#timer-digits").value
        remaining = planned - 90
        assert shown == f"{int(remaining // 60):02d}:{int(remaining % 60):02d}"
        await pilot.press("p")
        await pilot.pause()
        for _ in range(6):
            await pilot.press("space")
        await pilot.pause()
        quorum_before = live.state.quorum()
    clock.advance(600)  # the app is closed for ten minutes while paused
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        assert live.query_one("#timer-digits").value == shown
        assert live.state.quorum() == quorum_before
        await pilot.press("p")  # resume
        clock.advance(planned)  # well past the plan: overrun shows with a plus sign
        live.tick()
        await pilot.pause()
        assert live.query_one("#timer-digits").value.startswith("+")
        assert live.query_one("#timer").has_class("-overrun")


async def test_quorum_loss_is_announced(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        required = live.state.quorum().required
        voting_rows = [
            row for row, mid in enumerate(live._roster_ids) if live.state.members[mid].voting and not live.state.members[mid].is_alternate
        ][:required]
        table = live.query_one("#roster")
        for row in voting_rows:
            table.move_cursor(row=row)
            await pilot.press("space")
        await pilot.pause()
        assert live.state.quorum().met
        table.move_cursor(row=voting_rows[0])
        await pilot.press("space")
        await pilot.pause()
        assert not live.state.quorum().met
        assert live.query_one("#quorum").has_class("-lost")
        assert any("Quorum lost" in n.message for n in app._notifications)


async def test_second_window_is_read_only(workspace, clock):
    path = new_session(workspace, clock)
    holder = SessionController.open(path, clock=clock)  # "another window" holds the lock
    try:
        app = MeetingApp(workspace, clock=clock, open_path=path)
        async with app.run_test(size=SIZE) as pilot:
            live = await open_live(app, pilot)
            assert live.controller.read_only
            assert "READ-ONLY" in text(live, "#read-only-banner")
            before = kinds(path)
            await pilot.press("space")
            await pilot.pause()
            assert kinds(path) == before
            assert live.state.attendance[live._roster_ids[0]].status == "absent"
    finally:
        holder.close()


def test_controller_appends_before_applying(workspace, clock):
    path = new_session(workspace, clock)
    controller = SessionController.open(path, clock=clock)
    from meeting_tui.domain import session as cmd

    member = next(iter(controller.state.members))
    events = controller.do(cmd.arrive, member)
    assert [e.seq for e in events] == [2]
    controller.close()
    with SessionFile.open(path, read_only=True) as f:
        stored = [Event.from_dict(raw) for raw in f.events()]
    assert stored[-1] == events[0]
