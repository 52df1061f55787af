"""Pilot tests of the home screen: listing, new session, damaged files, help, palette."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.workspace import Workspace

SIZE = (120, 40)


async def settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def statics_text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_home_lists_demo_committees(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        slugs = [e.slug for e in home.entries]
        assert slugs == ["demo-executive", "demo-strategic"]
        assert "voting seats: 11" in statics_text(home, "#committee-info")


async def test_home_on_an_empty_data_dir_says_what_to_do(tmp_path, clock):
    app = MeetingApp(Workspace(tmp_path / "empty"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "meeting-tui demo" in statics_text(app.screen, "#committee-info")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # refused with a notice, nothing created
        assert not (tmp_path / "empty").exists() or not any((tmp_path / "empty").iterdir())


async def test_new_session_from_home_opens_live_screen(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")  # title is pre-filled from the agenda
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        files = list((workspace.root / "demo-executive").glob("*.json"))
        assert len(files) == 1
        await pilot.press("escape")  # leaving a running meeting asks first
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.entries[0].sessions[0].path == files[0]
        # resume it with Enter on the sessions table
        home.query_one("#sessions").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)


async def test_new_session_refuses_an_empty_title(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#title").value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        # next to the title, which has the focus; the dialog stays open (issue 18)
        assert "title" in str(dialog.query_one("#error-title").render()).lower()
        assert dialog.focused is dialog.query_one("#title")
        assert not list((workspace.root / "demo-executive").glob("*.json"))
        # a bad date: next to the date; the title's message is gone
        dialog.query_one("#title").value = "March meeting"
        dialog.query_one("#date").value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "YYYY-MM-DD" in str(dialog.query_one("#error-date").render())
        assert not dialog.query_one("#error-title").display
        assert dialog.focused is dialog.query_one("#date")
        assert dialog.query_one("#title").value == "March meeting"  # nothing typed is lost
        dialog.query_one("#date").value = "2026-03-20"
        await pilot.pause()
        assert not dialog.query_one("#error-date").display
        assert not list((workspace.root / "demo-executive").glob("*.json"))


async def test_damaged_session_is_listed_and_left_untouched(workspace, clock):
    bad = workspace.root / "demo-executive" / "2026-01-01-broken.json"
    bad.write_bytes(b'{"not": "a session"}\n')
    before = bad.read_bytes()
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        entry = home.entries[0]
        assert entry.sessions[0].damaged
        home.query_one("#sessions").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert bad.read_bytes() == before


async def test_help_screen_lists_the_keys_of_the_screen_below(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        from meeting_tui.screens.help import HelpScreen, keys_markdown

        assert isinstance(app.screen, HelpScreen)
        text = keys_markdown(app.screen.under)
        assert "New session" in text and "Refresh" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_every_binding_is_a_palette_command(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("New session") for t in titles)
        assert any(t.startswith("Contrast") for t in titles)


async def test_high_contrast_theme_toggle(workspace, clock):
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("f2")
        assert app.theme == "high-contrast"


async def test_opening_a_session_directly_builds_home_only_on_leaving(workspace, clock):
    from .test_live import new_session

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("escape")  # leaving a running meeting asks first
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.entries[0].sessions[0].path == path
