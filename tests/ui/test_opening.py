"""A long session is replayed off the first frame (screens/meeting/opening.py): the "Opening" screen
shows at once, then the live screen takes its place; a damaged file goes back home."""

from __future__ import annotations

import meeting_tui.screens.meeting.opening as opening
from meeting_tui.app import MeetingApp
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.meeting.live import LiveScreen

from tests.ui.test_live import SIZE, new_session


async def test_a_long_session_is_replayed_in_a_thread_behind_an_opening_screen(workspace, clock, monkeypatch):
    monkeypatch.setattr(opening, "REPLAY_IN_BACKGROUND_BYTES", 0)  # every session is "long"
    shown = []
    mount = opening.OpeningScreen.on_mount
    monkeypatch.setattr(opening.OpeningScreen, "on_mount", lambda self: (shown.append(str(self.query_one("#opening").render())), mount(self)))
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert len(app.screen_stack) == 2  # the opening screen was replaced, not stacked
        assert shown and path.name in shown[0] and "Opening" in shown[0]
        await pilot.press("space")
        await pilot.pause()
        assert sum(1 for a in app.screen.state.attendance.values() if a.status == "present") == 1


async def test_a_damaged_long_session_is_reported_and_left_untouched(workspace, clock, monkeypatch):
    monkeypatch.setattr(opening, "REPLAY_IN_BACKGROUND_BYTES", 0)
    path = new_session(workspace, clock)
    damaged = b"this is not a session\n" * 10
    path.write_bytes(damaged)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Cannot open" in str(n.message) for n in app._notifications)
    assert path.read_bytes() == damaged
