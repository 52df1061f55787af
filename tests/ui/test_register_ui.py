"""Pilot tests of the decision register screen: browse, search, history, damaged files."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.screens.records.register import RegisterScreen

from ..conftest import FakeClock
from ..test_register import FIRST, SECOND, SLUG, Meeting, at
from ..test_register import ws  # noqa: F401  (fixture)

SIZE = (140, 44)


def text(screen, selector) -> str:
    return str(screen.query_one(selector).render())


def sessions(ws):
    """Session 1 (closed): EXE-2026-001 adopted, EXE-2026-002 rejected, notice to rescind 001.
    Session 2 (open, not closed): the app opens it."""
    from meeting_tui.domain import revisit as r
    from meeting_tui.register import view_for_session

    one = Meeting(ws, FIRST)
    one.vote("Hire a campaign officer.", 7, 4, 1)
    one.vote("Open a second office.", 3, 8)
    one.do(r.give_notice, "EXE-2026-001", register=view_for_session(ws, SLUG, one.path), kind="rescind", mover="m3", text="The grant was cut.")
    one.close()
    two = Meeting(ws, SECOND, present=11)
    two.ctl.close()
    return one, two


async def wait_loaded(pilot, screen):
    for _ in range(50):
        await pilot.pause(0.05)
        if screen.register is not None:
            return
    raise AssertionError("the register did not load")


async def test_search_the_register_from_the_live_screen(ws):
    one, two = sessions(ws)
    (ws.committee_dir(SLUG) / "2026-01-01-broken.json").write_text("{not json", encoding="utf-8")
    (ws.committee_dir(SLUG) / "register.json").unlink()  # the index is rebuilt from the sessions
    app = MeetingApp(ws, clock=FakeClock(at(SECOND, 10)), open_path=two.path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        await wait_loaded(pilot, screen)
        info = text(screen, "#register-info")
        assert "rebuilt" in info
        assert "2026-01-01-broken.json" in info and "Skipped" in info
        assert screen._ids == ["EXE-2026-001", "EXE-2026-002"]
        detail = text(screen, "#register-detail")
        assert "Hire a campaign officer." in detail and "7 yes, 4 no" in detail
        assert "Notice to rescind" in detail and "History:" in detail
        screen.query_one("#register-text").value = "second office"
        await pilot.pause()
        assert screen._ids == ["EXE-2026-002"]
        screen.query_one("#register-text").value = ""
        screen.query_one("#register-status").value = "adopted"
        await pilot.pause()
        assert screen._ids == ["EXE-2026-001"]
        screen.query_one("#register-status").value = ""
        screen.query_one("#register-id").value = "002"
        await pilot.pause()
        assert screen._ids == ["EXE-2026-002"]
        screen.query_one("#register-id").value = ""
        screen.query_one("#register-from").value = "2026-04-01"
        await pilot.pause()
        assert screen._ids == []
        assert "No decision matches" in text(screen, "#register-detail")
        screen.query_one("#register-from").value = ""
        screen.query_one("#register-body").value = "executive"
        await pilot.pause()
        assert len(screen._ids) == 2
        screen.query_one("#register-kind").value = "consensus"
        await pilot.pause()
        assert screen._ids == []
        screen.query_one("#register-kind").value = "vote"
        screen.query_one("#register-to").value = "2026-02-30"
        await pilot.pause()
        assert screen._ids == []
        assert "'2026-02-30' is not a date: that month has no day 30" in text(screen, "#register-count")
        screen.query_one("#register-to").value = "٢٠٢٦-٣-١٤"  # Arabic-Indic digits, one-digit month
        await pilot.pause()
        assert len(screen._ids) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)


async def test_register_from_the_home_screen(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for _ in range(20):
            if app.screen.entries:
                break
            await pilot.pause(0.05)
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        await wait_loaded(pilot, screen)
        assert screen.register.entries == [] or screen._ids
        assert "Decisions: " in text(screen, "#register-count")


def test_register_detail_speaks_the_interface_language():
    from meeting_tui.i18n import using_language
    from meeting_tui.register import HistoryEntry, RegisterEntry
    from meeting_tui.screens.records.register import entry_text

    entry = RegisterEntry(
        id="EXE-2026-014", text="اعتماد الميزانية", session="s.json", title="t", date="2026-03-14", body="executive",
        kind="consensus", method="formal", outcome="adopted", status="rescinded", at=0.0,
        spread={"support": 5, "block": 0, "stand-aside": 1},
    )
    history = [
        HistoryEntry("decided", "adopted", "2026-03-14", "s.json", 0.0),
        HistoryEntry("notice", "adopted", "2026-04-11", "s2.json", 0.0),
        HistoryEntry("rescinded", "rescinded", "2026-05-09", "s3.json", 0.0, by="EXE-2026-031"),
    ]
    english = entry_text(entry, history)
    assert "notice of motion given" in english and "2026-05-09 · rescinded" in english
    with using_language("ar"):
        arabic = entry_text(entry, history)
    for raw in ("decided", "notice", "rescinded", "support", "stand-aside"):
        assert raw not in arabic, raw
    assert "قُدِّم إشعار مسبق بالمقترح" in arabic and "أُلغي" in arabic
