"""Pilot tests of the minutes screen: live preview, export in a worker, refusal, back."""

from __future__ import annotations

import pytest

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.domain import actions as act
from meeting_tui.domain import session as cmd
from meeting_tui.screens.records.minutes import MinutesScreen
from meeting_tui.store import SessionFile
from textual.widgets import MarkdownViewer

SIZE = (120, 40)


def new_session(workspace, clock):
    entry = workspace.committee("demo-executive")
    agenda = workspace.agendas("demo-executive")[0].agenda
    path = workspace.new_session_path("demo-executive", "2026-03-14", agenda.title)
    SessionController.create(path, entry.committee, agenda, clock=clock, title=agenda.title, date="2026-03-14").close()
    return path


def kinds(path) -> list[str]:
    with SessionFile.open(path, read_only=True) as f:
        return [e["kind"] for e in f.events()]


def run_meeting(controller, clock) -> None:
    members = list(controller.state.members)
    for member in members[:7]:
        clock.advance(20)
        controller.do(cmd.arrive, member)
    clock.advance(60)
    controller.do(cmd.next_item)
    controller.do(cmd.set_note, "minutes", "The minutes were read out.\nNo corrections.")
    controller.do(act.add_action, "Send the letter to the ministry", who=members[1], due="2026-04-01")
    clock.advance(300)


@pytest.fixture
def meeting(workspace, clock):
    """A session of the demo committee with a short meeting recorded: (its path, its open
    controller), closed after the test."""
    path = new_session(workspace, clock)
    controller = SessionController.open(path, clock=clock)
    try:
        run_meeting(controller, clock)
        yield path, controller
    finally:
        controller.close()


async def open_minutes(app, pilot, controller) -> MinutesScreen:
    await pilot.pause()
    screen = MinutesScreen(controller)
    await app.push_screen(screen)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen is screen
    return screen


async def test_preview_shows_the_live_minutes_and_export_writes_both_files(workspace, clock, meeting):
    path, controller = meeting
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_minutes(app, pilot, controller)
        assert "Draft — not yet approved" in screen.markdown
        assert "Send the letter to the ministry" in screen.markdown
        viewer = screen.query_one("#minutes-viewer", MarkdownViewer)
        assert viewer.document.source == screen.markdown
        before = kinds(path)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        md, html = path.with_suffix(".md"), path.with_suffix(".html")
        assert md.read_text(encoding="utf-8") == screen.markdown
        assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert screen.written == [md, html]
        assert any(str(md) in n.message for n in app._notifications)
        assert kinds(path) == before  # exporting records nothing
        # the preview follows the session: a new note shows after a refresh
        controller.do(cmd.set_note, "minutes", "Corrected: one typo.")
        await pilot.press("r")
        await pilot.pause()
        assert "Corrected: one typo." in screen.markdown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MinutesScreen)


async def test_export_refusal_is_notified_and_writes_nothing(workspace, clock, meeting):
    path, controller = meeting
    path.with_suffix(".md").mkdir()  # a folder where the minutes should go
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(app, pilot, controller)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "it is a folder" in errors[-1].message
        assert not path.with_suffix(".html").exists()


async def test_approved_minutes_say_so(workspace, clock):
    first = new_session(workspace, clock)
    controller = SessionController.open(first, clock=clock)
    run_meeting(controller, clock)
    controller.do(cmd.close_session)
    controller.close()
    entry = workspace.committee("demo-executive")
    agenda = workspace.agendas("demo-executive")[0].agenda
    second = workspace.new_session_path("demo-executive", "2026-04-11", agenda.title)
    clock.advance(28 * 86400)
    nxt = SessionController.create(second, entry.committee, agenda, clock=clock, title="April meeting", date="2026-04-11")
    previous = workspace.previous_session("demo-executive", second)
    assert previous is not None and previous.path == first
    nxt.do(act.approve_previous_minutes, previous=previous)
    nxt.close()
    controller = SessionController.open(first, clock=clock, read_only=True)
    try:
        app = MeetingApp(workspace, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_minutes(app, pilot, controller)
            assert screen.approval is not None
            assert "Approved on 2026-04-11 in session April meeting" in screen.markdown
    finally:
        controller.close()


def test_every_binding_has_a_description_a_tooltip_and_an_id():
    keys = {b.key: b for b in MinutesScreen.BINDINGS}
    assert set(keys) == {"e", "f", "t", "r", "escape"}
    assert all(b.description and b.tooltip and b.id for b in keys.values())


async def test_word_export_and_who_took_the_minutes(workspace, clock, meeting):
    """#20: f chooses the format (Word here), t records who took the minutes; both show."""
    path, controller = meeting
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_minutes(app, pilot, controller)
        await pilot.press("f")
        await pilot.pause()
        assert screen.export_formats == ("docx",)
        assert ".docx" in str(screen.query_one("#minutes-status").render())
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.written == [path.with_suffix(".docx")]
        assert path.with_suffix(".docx").read_bytes()[:2] == b"PK"
        assert not path.with_suffix(".md").exists()
        await pilot.press("t")
        await pilot.pause()
        field = app.screen.query_one("#field-name")
        field.value = "Rami Aziz"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert controller.state.minutes_taker == "Rami Aziz"
        assert "**Minutes taken by:** Rami Aziz" in screen.markdown
        assert "| Secretary | Rami Aziz |" in screen.markdown
        assert kinds(path)[-1] == "minutes.taker_set"


async def test_long_minutes_are_shown_as_text_whole_and_follow_a_refresh(workspace, clock, meeting, monkeypatch):
    """Above FORMATTED_PREVIEW_LIMIT the preview is a read-only text area, filled once it has
    its size (so Textual wraps the text once); a later render replaces it, never an older one."""
    import meeting_tui.screens.records.minutes as minutes_module
    from textual.widgets import TextArea

    monkeypatch.setattr(minutes_module, "FORMATTED_PREVIEW_LIMIT", 200)
    path, controller = meeting
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_minutes(app, pilot, controller)
        await pilot.pause()
        viewer = screen.query_one("#minutes-viewer", TextArea)
        assert viewer.read_only and viewer.soft_wrap
        assert viewer.text == screen.markdown and "Send the letter to the ministry" in viewer.text
        assert viewer.show_vertical_scrollbar  # always there: the width never changes under the text
        assert "shown as Markdown text" in str(screen.query_one("#minutes-status").render())
        controller.do(cmd.set_note, "minutes", "Corrected: one typo.")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("#minutes-viewer", TextArea).text == screen.markdown
        assert "Corrected: one typo." in screen.markdown


async def test_the_keys_scroll_the_minutes_as_soon_as_they_are_shown(workspace, clock, meeting):
    path, controller = meeting
    app = MeetingApp(workspace, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot, controller)
        viewer = screen.query_one("#minutes-viewer", MarkdownViewer)
        assert screen.focused is viewer.document
        await pilot.press("pagedown")
        await pilot.pause()
        assert viewer.scroll_y > 0
        await pilot.press("e")  # the screen's keys still work with the preview focused
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.with_suffix(".md").exists()
