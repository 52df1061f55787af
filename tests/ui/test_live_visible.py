"""Everything visible on the live screen (issue #18 item 3): the roster in full, the timer
strip on every screen of a running session, the footer's keys for the moment, the palette's
keywords."""

from __future__ import annotations

import pytest

from textual.geometry import Region

from meeting_tui.app import MeetingApp
from meeting_tui.domain import session as cmd
from meeting_tui.widgets.row_table import RowTable
from tests.ui.test_live import new_session, open_live


def roster_lines(live) -> list[str]:
    table = live.query_one("#roster", RowTable)
    width, height = table.outer_size
    return [strip.text for strip in table.render_lines(Region(0, 0, width, height))]


def member_line(live, member_id) -> str:
    row = live._roster_ids.index(member_id)
    return roster_lines(live)[row + 1]


@pytest.mark.parametrize("width", [160, 120])
async def test_roster_shows_presence_remote_proxy_and_speaker_in_full(workspace, clock, width):
    """Every mark in full where the pane has room (160 columns); at 120 the organisation and role
    are left out first, then the longest marks are cut with an ellipsis, never the name or the
    vote, and the giver's row still says in full who carries the proxy."""
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(width, 40)) as pilot:
        live = await open_live(app, pilot)
        ids = [m for m in live._roster_ids if live.state.members[m].name.isascii()]  # Latin names
        table = live.query_one("#roster", RowTable)
        for member, key in ((ids[0], "space"), (ids[1], "R")):  # one present, one remote
            table.move_cursor(row=live._roster_ids.index(member))
            await pilot.press(key)
        await pilot.pause()
        live.act(cmd.assign_proxy, ids[2], ids[0])
        table.move_cursor(row=live._roster_ids.index(ids[0]))
        await pilot.press("k")  # "[speaker 1]" once vanished as Rich markup
        await pilot.pause()
        first, second, third = (member_line(live, m) for m in ids[:3])
        assert "present" in first and "speaker 1" in first
        if width >= 160:
            assert "holds proxy of " + live.state.members[ids[2]].name in first
        else:
            assert "holds prox" in first and "…" in first
            # the highlighted member's marks, cut in the row, are said in full above the table
            title = str(live.query_one("#roster-title").render())
            assert "holds proxy of " + live.state.members[ids[2]].name in title
        for member, line in zip(ids[:3], (first, second, third)):
            assert live.state.members[member].name in line and "✓" in line  # never cut, never off the pane
        assert "remote" in second  # present, remotely
        holder = live.state.members[ids[0]].name
        assert "proxy to " + holder in third


async def test_footer_keys_follow_the_moment(workspace, clock):
    from meeting_tui.widgets.footer import KeysFooter

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(200, 40)) as pilot:
        live = await open_live(app, pilot)

        def footer() -> str:
            widget = live.query_one(KeysFooter)
            return widget.render_lines(Region(0, 0, widget.outer_size.width, 1))[0].text

        assert "Arrive/leave" in footer() and "Apologies" in footer() and "Pause" not in footer()
        live.act(cmd.next_item)
        await pilot.pause()
        assert "Pause" in footer() and "Add speaker" in footer() and "Apologies" not in footer()
        live.act(cmd.close_session)
        await pilot.pause()
        assert "Minutes" in footer() and "Pause" not in footer() and "Arrive/leave" not in footer()


async def test_palette_finds_commands_by_keyword(workspace, clock):
    from meeting_tui.palette import KeywordCommands

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        provider = KeywordCommands(live)
        expected = {
            "vote": "Decisions", "ballot": "Decisions", "timer": "Pause", "export": "Minutes",
            "minutes": "Minutes", "quorum": "Arrive/leave", "speaker": "Add speaker",
            "proxy": "Proxy", "adjourn": "Adjourn",
        }
        for word, command in expected.items():
            found = [str(hit.text) async for hit in provider.search(word)]
            assert any(command in text for text in found), (word, found)


async def test_timer_strip_on_every_screen_of_a_running_session(tmp_path):
    from meeting_tui.widgets.timer_strip import TimerStrip
    from meeting_tui.workspace import Workspace
    from tests.ui.snapshot_render import FixedClock, build_session, settle

    clock = FixedClock()
    path = build_session(tmp_path, "vote", clock)  # an item running, a speaker, a roll call
    app = MeetingApp(Workspace(tmp_path), clock=clock, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def strip() -> str:
            widget = app.screen.query_one(TimerStrip)
            assert widget.region.height == 1 and widget.region.y < 24 - 1  # on screen
            return str(widget.render())

        assert "left" in strip() and "Floor:" in strip()
        # from the live screen: decisions/vote (D), notes, speaking time, actions, minutes,
        # conflicts, revisit; Escape back to the live screen each time
        for key in ("D", "e", "t", "o", "m", "C", "z"):
            await pilot.press(key)
            await settle(pilot)
            assert "left" in strip(), (key, type(app.screen).__name__)
            await pilot.press("escape")
            await settle(pilot)
        clock.now += 3600  # the item and the speaker are long over
        await pilot.pause(1.2)
        assert "OVERRUN" in strip() and "OVER by" in strip()
        assert app.screen.query_one(TimerStrip).has_class("-over")


async def test_live_screen_at_80x24_is_laid_out_for_it(tmp_path):
    from meeting_tui.widgets.footer import KeysFooter
    from meeting_tui.widgets.timer_strip import TimerStrip
    from meeting_tui.workspace import Workspace
    from tests.ui.snapshot_render import FixedClock, build_session, settle

    clock = FixedClock()
    path = build_session(tmp_path, "consensus", clock)
    app = MeetingApp(Workspace(tmp_path), clock=clock, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = app.screen
        assert live.has_class("-narrow")
        agenda = live.query_one("#agenda", RowTable)
        width, height = agenda.outer_size
        lines = [s.text for s in agenda.render_lines(Region(0, 0, width, height))]
        title = live.state.items[live.state.current_item].item.title
        assert any(title[:40] in line for line in lines)  # titles readable (once cut to 9)
        header = roster_lines(live)[0]
        for column in ("Status", "Floor/proxy", "Name", "Vote", "Role"):
            assert column in header
        for widget in (live.query_one(TimerStrip), live.query_one(KeysFooter), live.query_one("#roster")):
            region = widget.region
            assert region.height >= 1 and region.bottom <= 24
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert live.has_class("-wide") and not live.has_class("-narrow")


async def test_speakers_list_keeps_each_number_with_its_name_after_an_arabic_name(workspace, clock):
    from meeting_tui.display import display_mode, set_display_mode

    before = display_mode()
    set_display_mode("reorder")
    try:
        path = new_session(workspace, clock)
        app = MeetingApp(workspace, clock=clock, open_path=path)
        async with app.run_test(size=(120, 40)) as pilot:
            live = await open_live(app, pilot)
            members = live.state.members
            arabic = next(m for m in live._roster_ids if not members[m].name.isascii())
            latin = next(m for m in live._roster_ids if members[m].name.isascii())
            for member in (arabic, latin):
                live.act(cmd.arrive, member)
                live.act(cmd.queue_speaker, member)
            await pilot.pause()
            widget = live.query_one("#speakers")
            width, height = widget.outer_size
            shown = "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))
            assert "2. " + members[latin].name in shown  # before: "1. 2  <Arabic name>. Khaled"
            assert "1. " in shown and "1. 2" not in shown
            live.act(cmd.give_floor)  # the Arabic name has the floor: its time stays after it
            await pilot.pause()
            shown = "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))
            floor = next(line for line in shown.splitlines() if "Floor:" in line)
            assert floor.index("— ") < floor.index("left") and floor.split("— ")[1].startswith("03:00 left"), floor
    finally:
        set_display_mode(before)


@pytest.mark.parametrize(
    "title, shown",
    [
        ("Executive committee — monthly meeting", "monthly meeting"),
        ("Monthly meeting", "Monthly meeting"),
        ("Executive committee", "Executive committee"),
        ("Strategic committee — retreat", "Strategic committee — retreat"),
    ],
)
def test_the_header_does_not_repeat_the_body_name(title, shown):
    from meeting_tui.screens.meeting.live import without_body

    assert without_body(title, "Executive committee — Coalition for Water and Land Rights") == shown


async def test_the_timer_strip_keeps_one_clock_through_resizes(workspace, clock, monkeypatch):
    """Each resize started another one-second clock on the strip (a projector dragged between
    screens would end with dozens); it has one for its life."""
    from meeting_tui.widgets.timer_strip import TimerStrip

    started = []
    original = TimerStrip.set_interval

    def counting(self, *args, **kwargs):
        started.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TimerStrip, "set_interval", counting)
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        strip = live.query_one(TimerStrip)
        for size in ((80, 24), (100, 30), (120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert started.count(strip) == 1


async def test_a_long_speakers_list_names_the_next_six_and_leaves_the_roster_in_view(workspace, clock):
    """An assembly's speakers' list (a hundred names) took the whole pane and left the roster
    with its header only: the list names the next six and says how many more."""
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        members = list(live.state.members)
        for member in members:
            live.act(cmd.arrive, member)
        for member in members:
            live.act(cmd.queue_speaker, member)
        await pilot.pause()
        queued = len(live.state.speaker_queue)
        assert queued > 6
        text = str(live.query_one("#speakers").render())
        assert "6. " in text and "7. " not in text and f"(+{queued - 6} more)" in text
        assert live.query_one("#roster", RowTable).size.height >= 10
