"""#15: a hand-written file with comments, saved from every editor after one change, differs
from the original by exactly the changed lines (difflib) — the committee editor, the charter
editor (from home, and from the committee editor) and the agenda builder."""

from __future__ import annotations

import difflib

from meeting_tui.screens.setup.agenda_builder import AgendaBuilder, AgendaPicker
from meeting_tui.screens.setup.charter_editor import CharterEditor
from meeting_tui.screens.setup.committee_editor import CommitteeEditor
from meeting_tui.widgets.dialogs import ConfirmDialog

from .setup_helpers import SIZE, fill, new_app, settle, submit

COMMITTEE = ("demo-executive", "committee.toml")
AGENDA = ("demo-executive", "agendas", "monthly-meeting.toml")

# An agenda file as a person writes it: comments above, beside and between the items.
HAND_WRITTEN_AGENDA = """\
# March meeting — drafted by the secretary; items agreed with the chair on 2026-03-01.

[agenda]
title = "Executive committee — monthly meeting"   # as on the invitation
place = "Wadi Al-Rayyan hall"
date = "2026-03-14"

[[items]]
id = "minutes"
title = "Approval of the minutes of the previous meeting"
minutes = 10        # keep it short
kind = "decision"

# the big one this month
[[items]]
id = "budget"
title = "Budget 2026"
minutes = 30
kind = "decision"
presenter = "layla-mansour"   # the chair presents

[[items]]
id = "aob"
title = "Any other business"
minutes = 5
"""


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added), as difflib sees them."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


async def save(pilot, app):
    await pilot.press("ctrl+s")
    await settle(pilot)
    if isinstance(app.screen, ConfirmDialog):  # (if a version asks before editing a hand-written file)
        await pilot.press("y")
        await settle(pilot)


async def test_the_committee_editor_changes_one_members_line(workspace, clock):
    path = workspace.root.joinpath(*COMMITTEE)
    before = path.read_text(encoding="utf-8")
    assert sum(1 for line in before.splitlines() if "#" in line) >= 20  # hand-written, commented
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CommitteeEditor)
        editor.query_one("#members").focus()
        editor.query_one("#members").move_cursor(row=1)  # Karim Nasser
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, app.screen, organisation="Mizan Centre for Legal Aid")
        await submit(pilot, app.screen)
        await save(pilot, app)
        assert not editor.dirty
    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == ['organisation = "Mizan Legal Aid Centre"']
    assert added == ['organisation = "Mizan Centre for Legal Aid"']


async def test_the_charter_editor_from_home_changes_one_setting_line(workspace, clock):
    path = workspace.root.joinpath(*COMMITTEE)
    before = path.read_text(encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CharterEditor)
        editor.query_one("#set-timer-warn_minutes").value = "3"
        await settle(pilot)
        await save(pilot, app)
    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == ["warn_minutes = 2"]
    assert added == ["warn_minutes = 3"]


async def test_the_charter_editor_from_the_committee_editor_changes_one_line_and_keeps_its_comment(workspace, clock):
    path = workspace.root.joinpath(*COMMITTEE)
    before = path.read_text(encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, CommitteeEditor)
        app.screen.query_one("#members").focus()
        await pilot.press("C")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CharterEditor)
        editor.query_one("#set-quorum-min_community").value = "3"
        await settle(pilot)
        await save(pilot, app)
    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == ["min_community = 2"]
    assert added == ["min_community = 3"]


async def test_the_agenda_builder_changes_one_items_line(workspace, clock):
    path = workspace.root.joinpath(*AGENDA)
    path.write_text(HAND_WRITTEN_AGENDA, encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AgendaPicker)
        options = picker.query_one("#agenda-options")
        options.highlighted = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id.endswith("monthly-meeting.toml")
        )
        await pilot.press("enter")
        await settle(pilot)
        builder = app.screen
        assert isinstance(builder, AgendaBuilder)
        builder.query_one("#items").focus()
        builder.query_one("#items").move_cursor(row=1)  # Budget 2026
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, app.screen, minutes="40")
        await submit(pilot, app.screen)
        await save(pilot, app)
        assert not builder.dirty
    removed, added = changed_lines(HAND_WRITTEN_AGENDA, path.read_text(encoding="utf-8"))
    assert removed == ["minutes = 30"]
    assert added == ["minutes = 40"]
