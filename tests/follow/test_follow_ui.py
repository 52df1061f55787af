"""A second window opened read-only follows the file as the first window records (issue 18, 6)."""

from __future__ import annotations

import asyncio

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.domain import session as cmd
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.screens.projector import ProjectorScreen
from tests.follow.test_follow import new_session, snapshot

SIZE = (120, 40)


async def wait_for(pilot, condition, tries: int = 200) -> bool:
    for _ in range(tries):
        if condition():
            return True
        await asyncio.sleep(0.02)
        await pilot.pause()
    return condition()


async def test_second_window_follows_the_first(workspace, clock):
    path, writer = new_session(workspace, clock)
    try:
        app = MeetingApp(workspace, clock=clock, open_path=path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            live = app.screen
            assert isinstance(live, LiveScreen) and live.controller.read_only
            banner = str(live.query_one("#read-only-banner").render())
            assert "Following the file" in banner
            member = next(m for m in writer.state.members.values() if m.voting)
            writer.do(cmd.arrive, member.id)
            assert await wait_for(pilot, lambda: live.state.attendance[member.id].status == "present")
            assert await wait_for(pilot, lambda: "present" in str(live.query_one("#roster").get_row(member.id)[0]).lower())
            # the projector, on top, follows too
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ProjectorScreen)
            item = next(iter(writer.state.items))
            writer.do(cmd.start_item, item)
            title = writer.state.items[item].item.title
            assert await wait_for(pilot, lambda: title in str(app.screen.query_one("#proj-title").render()))
            before = snapshot(path)
            await pilot.press("n")  # refused: nothing is recorded from a following window
            await pilot.pause()
            assert snapshot(path) == before
    finally:
        writer.close()


async def test_follow_command_opens_the_projector_without_the_lock(workspace, clock):
    path, writer = new_session(workspace, clock)
    writer.close()
    from meeting_tui.follow import FollowedFile

    app = MeetingApp(workspace, clock=clock, follow_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        assert "read-only" in str(app.screen.query_one("#proj-following").render())
        # the lock is free: a writer opens the file and records; the follower shows it
        writer = SessionController.open(path, clock=clock)
        assert not writer.read_only
        item = next(iter(writer.state.items))
        writer.do(cmd.start_item, item)
        title = writer.state.items[item].item.title
        assert await wait_for(pilot, lambda: title in str(app.screen.query_one("#proj-title").render()))
        await pilot.press("v")  # the live screen, by key
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert isinstance(app.screen.controller.file, FollowedFile)
        writer.close()
