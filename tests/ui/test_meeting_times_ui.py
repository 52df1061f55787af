"""Pilot: the meeting's own times on the live screen (#18 item 5) — a prepared session waits
for the call to order (O), business is refused before it with the reason, the clock runs from
the call, and an adjourned session shows as closed (no live keys, no "press n")."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.screens.meeting.live import FOOTER_KEYS
from meeting_tui.widgets.footer import KeysFooter

from tests.ui.test_live import kinds, open_live, text


def prepared_session(workspace, clock, date="2025-12-04"):
    entry = workspace.committee("demo-executive")
    agenda = workspace.agendas("demo-executive")[0].agenda
    path = workspace.new_session_path("demo-executive", date, agenda.title)
    SessionController.create(
        path, entry.committee, agenda, clock=clock, title=agenda.title, date=date, prepared=True
    ).close()
    return path


async def test_call_to_order_then_business_then_adjourn_shows_closed(workspace, clock):
    path = prepared_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        assert "Not yet called to order" in text(live, "#meeting-line")
        assert "press O" in text(live, "#timer-title")
        await pilot.press("space")  # attendance may be taken before the call
        await pilot.pause()
        assert kinds(path).count("member.arrived") == 1
        await pilot.press("n")  # business may not
        await pilot.pause()
        assert "called to order" in live.last_refusal
        assert "item.started" not in kinds(path)
        clock.now += 300
        await pilot.press("O")
        await pilot.pause()
        assert kinds(path)[-1] == "session.called_to_order"
        assert live.state.called_at == clock.now
        clock.now += 125
        live.tick()
        line = text(live, "#meeting-line")
        assert "Meeting 02:05 from " in line  # the clock runs from the call, not from the opening
        await pilot.press("n")
        await pilot.pause()
        assert kinds(path)[-1] == "item.started"
        assert live.query_one(KeysFooter).display
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert kinds(path)[-1] == "session.closed"
        live.tick()
        footer = live.query_one(KeysFooter)  # once adjourned, the footer shows the closed session's keys
        assert footer.display and live.footer_actions() == FOOTER_KEYS["closed"]
        title = text(live, "#timer-title")
        assert "Closed" in title and "press n" not in title
        assert text(live, "#meeting-line").startswith("Adjourned ")


async def test_no_pending_item_names_skipped_and_deferred_items(workspace, clock):
    path = prepared_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        await pilot.press("O")
        await pilot.pause()
        from meeting_tui.domain import session as cmd

        ids = list(live.state.items)
        live.controller.do(cmd.skip_item, ids[0])
        for item_id in ids[1:]:
            live.controller.do(cmd.start_item, item_id, finish_running=True)
        live.controller.do(cmd.finish_item)
        live.refresh_all()
        await pilot.pause()
        title = text(live, "#timer-title")
        assert "Every agenda item is done" not in title
        assert "skipped" in title and live.state.items[ids[0]].item.title in title
        assert "press n" not in title


async def test_the_arabic_live_screen_before_and_after_the_call(workspace, clock):
    from meeting_tui.i18n import using_language

    path = prepared_session(workspace, clock)
    with using_language("ar"):
        app = MeetingApp(workspace, clock=clock, open_path=path)
        async with app.run_test(size=(80, 24)) as pilot:
            live = await open_live(app, pilot)
            assert "لم تُفتتح الجلسة بعد" in text(live, "#meeting-line") or "لم تفتتح" in text(live, "#meeting-line")
            await pilot.press("O")
            await pilot.pause()
            assert live.state.called_to_order
