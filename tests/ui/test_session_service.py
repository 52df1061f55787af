"""One flow of change: every screen acts through the SessionService, which posts one
SessionChanged message (new state, events, the domain-logged quorum change) to the screens
that can be seen; a hidden screen does no work and catches up when shown again."""

from __future__ import annotations

import re

from meeting_tui.app import MeetingApp
from meeting_tui.domain import session as cmd
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.screens.projector import ProjectorScreen
from meeting_tui.session_service import SessionChanged, SessionService, quorum_change
from tests.test_architecture import PACKAGE
from tests.ui.test_live import new_session, open_live

SIZE = (120, 40)


def voters(state) -> list[str]:
    return [m.id for m in state.members.values() if m.voting and not m.is_alternate]


async def test_one_message_per_action_with_the_domains_quorum_change(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    seen: list[SessionChanged] = []

    def hook(message) -> None:
        if isinstance(message, SessionChanged):
            seen.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        live = await open_live(app, pilot)
        session = live.session
        assert isinstance(session, SessionService)
        required = session.state.quorum().required
        for member in voters(session.state)[:required]:
            assert session.act(cmd.arrive, member)
        await pilot.pause()
        assert len(seen) == required  # one message per action, to the one visible screen
        assert [m.quorum_gained for m in seen] == [False] * (required - 1) + [True]
        assert seen[-1].quorum is session.state.quorum_log[-1]  # the domain's log entry
        assert seen[-1].state is session.state and seen[-1].events[0].kind == "member.arrived"
        notes = [n.message for n in app._notifications]
        assert sum("Quorum met" in str(n) for n in notes) == 1  # said once, by the service
        seen.clear()
        assert session.act(cmd.depart, voters(session.state)[0])
        await pilot.pause()
        assert seen[-1].quorum_lost
        assert session.act(cmd.depart, voters(session.state)[0]) is None  # refused: already left
        assert session.last_refusal
        assert len(seen) == 1  # a refusal posts nothing


async def test_a_hidden_screen_does_no_work_and_catches_up_when_shown(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        calls: list[object] = []
        original = live.session_changed

        def spy(message) -> None:
            calls.append(message)
            original(message)

        live.session_changed = spy
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        await pilot.press("n")  # the projector starts the next item through the service
        await pilot.pause()
        assert live.state.current_item is not None
        assert calls == []  # the live screen was hidden: it did nothing
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert calls == [None]  # caught up once, when shown again


def test_no_screen_calls_into_the_live_screen():
    """Screens hold the session service, never the live screen (`self.live`, `live.act`)."""
    offenders = []
    for path in (PACKAGE / "screens").rglob("*.py"):
        if path.name == "live.py":
            continue
        source = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"self\.live\b|\blive\.act\(|LiveScreen", source)]
    assert offenders == []


def test_quorum_change_reads_the_log_per_action():
    class Status:
        def __init__(self, met: bool) -> None:
            self.met = met

    class Entry:
        def __init__(self, met: bool) -> None:
            self.status = Status(met)

    log = [Entry(False)]
    assert quorum_change(log, 1) is None  # nothing logged by this action
    log.append(Entry(True))
    assert quorum_change(log, 1) is log[-1]
    log += [Entry(False), Entry(True)]  # lost and regained within one action: no change said
    assert quorum_change(log, 2) is None
