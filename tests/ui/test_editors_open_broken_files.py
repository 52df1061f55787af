"""#15: a file with errors opens in the editors with its problems shown. The secretary who
broke committee.toml (or an agenda) by hand sees each problem in plain words beside its field,
or at the top with its line in the file; fixes it; saves with ctrl+s; and the save keeps the
rest of the file (comments, order). Nothing is written until the save. A file that is not TOML
at all is shown with its syntax error (line, column, what to fix) and never overwritten."""

from __future__ import annotations

from meeting_tui.screens.setup.agenda_builder import AgendaBuilder, AgendaPicker
from meeting_tui.screens.setup.charter_editor import CharterEditor
from meeting_tui.screens.setup.committee_editor import CommitteeEditor
from meeting_tui.widgets.dialogs import FormDialog, ReportDialog

from .setup_helpers import SIZE, fill, new_app, settle, submit, visible_errors
from .test_editors_keep_the_file import AGENDA, COMMITTEE, HAND_WRITTEN_AGENDA, changed_lines, save


def breaks(workspace, old: str, new: str) -> tuple:
    """Change one line of the demo committee.toml by hand; (path, the broken text)."""
    path = workspace.root.joinpath(*COMMITTEE)
    text = path.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path.write_text(broken, encoding="utf-8")
    return path, broken


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def top_panel(screen) -> str:
    return "\n".join(str(label.render()) for label in screen.query_one("#file-problems").query("Label"))


async def open_from_home(pilot, key: str):
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


async def test_a_wrong_type_is_shown_in_its_field_and_fixed_there(workspace, clock):
    path, broken = breaks(workspace, "max_proxies_per_member = 1", 'max_proxies_per_member = "one"')
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_home(pilot, "C")
        assert isinstance(editor, CharterEditor)
        panel = top_panel(editor)
        assert "must be a number" not in panel  # shown beside its field instead, in plain words
        assert "shown beside their fields" in panel
        field = editor.query_one("#set-max_proxies_per_member")
        assert field.value == "one"  # what the file says, not the default it was read as
        beside = editor.query_one("#err-max_proxies_per_member")
        assert beside.display and str(beside.render()).strip()
        assert path.read_text(encoding="utf-8") == broken  # nothing written on opening
        await save(pilot, app)
        assert path.read_text(encoding="utf-8") == broken  # refused: the problem is still there
        field.value = "1"
        await settle(pilot)
        assert not beside.display
        await save(pilot, app)
    removed, added = changed_lines(broken, path.read_text(encoding="utf-8"))
    assert removed == ['max_proxies_per_member = "one"']
    assert added == ["max_proxies_per_member = 1"]


async def test_an_out_of_range_number_is_shown_in_its_field_and_fixed_there(workspace, clock):
    path, broken = breaks(workspace, "min_community = 2", "min_community = -3")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_home(pilot, "C")
        assert isinstance(editor, CharterEditor)
        assert "too small" not in top_panel(editor)
        assert editor.query_one("#set-quorum-min_community").value == "-3"
        assert any("too small" in e or "0" in e for e in visible_errors(editor))
        editor.query_one("#set-quorum-min_community").value = "2"
        await settle(pilot)
        await save(pilot, app)
    removed, added = changed_lines(broken, path.read_text(encoding="utf-8"))
    assert removed == ["min_community = -3"]
    assert added == ["min_community = 2"]


async def test_an_unknown_key_is_shown_at_the_top_with_its_line_and_removed_by_the_save(workspace, clock):
    path, broken = breaks(workspace, "max_proxies_per_member = 1", "max_proxies_per_member = 1\nmax_proxys = 2")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_home(pilot, "C")
        assert isinstance(editor, CharterEditor)
        panel = top_panel(editor)
        assert f"line {line_of(broken, 'max_proxys')}" in panel
        assert "max_proxys" in panel
        assert path.read_text(encoding="utf-8") == broken
        await save(pilot, app)
    removed, added = changed_lines(broken, path.read_text(encoding="utf-8"))
    assert removed == ["max_proxys = 2"]
    assert added == []


async def test_a_missing_member_is_shown_beside_the_members_and_fixed_in_the_members_dialog(workspace, clock):
    path, broken = breaks(workspace, 'alternate_for = "khaled-barakat"', 'alternate_for = "khaled-barakatt"')
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_home(pilot, "E")
        assert isinstance(editor, CommitteeEditor)
        assert "shown beside their fields" in top_panel(editor)
        assert any("khaled-barakatt" in e for e in visible_errors(editor))
        await save(pilot, app)
        assert path.read_text(encoding="utf-8") == broken  # not saved while the problem stands
        table = editor.query_one("#members")
        table.focus()
        row = next(i for i, m in enumerate(editor.draft.members) if m.alternate_for == "khaled-barakatt")
        table.move_cursor(row=row)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app.screen, alternate_for="khaled-barakat")
        await submit(pilot, app.screen)
        await save(pilot, app)
    removed, added = changed_lines(broken, path.read_text(encoding="utf-8"))
    assert removed == ['alternate_for = "khaled-barakatt"']
    assert added == ['alternate_for = "khaled-barakat"']


async def test_a_file_that_is_not_toml_shows_its_syntax_error_and_is_never_overwritten(workspace, clock):
    path, broken = breaks(workspace, "max_proxies_per_member = 1", "max_proxies_per_member = = 1")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("E", "C", "a"):
            report = await open_from_home(pilot, key)
            assert isinstance(report, ReportDialog), key
            shown = " ".join(str(label.render()) for label in report.query("Label"))
            assert f"line {line_of(broken, 'max_proxies_per_member')}" in shown
            assert "column" in shown and "fix:" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, (CommitteeEditor, CharterEditor))
    assert path.read_text(encoding="utf-8") == broken


async def test_an_agenda_with_a_wrong_value_opens_in_the_builder_and_keeps_its_comments(workspace, clock):
    path = workspace.root.joinpath(*AGENDA)
    broken = HAND_WRITTEN_AGENDA.replace("minutes = 30", 'minutes = "thirty"')
    path.write_text(broken, encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        picker = await open_from_home(pilot, "a")
        assert isinstance(picker, AgendaPicker)
        options = picker.query_one("#agenda-options")
        options.highlighted = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id.endswith("monthly-meeting.toml")
        )
        await pilot.press("enter")
        await settle(pilot)
        builder = app.screen
        assert isinstance(builder, AgendaBuilder)
        assert "shown beside their fields" in top_panel(builder)
        assert any("Planned minutes" in e for e in visible_errors(builder))  # beside the items
        assert path.read_text(encoding="utf-8") == broken
        builder.query_one("#items").focus()
        builder.query_one("#items").move_cursor(row=1)  # Budget 2026
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, app.screen, minutes="30")
        await submit(pilot, app.screen)
        await save(pilot, app)
    removed, added = changed_lines(broken, path.read_text(encoding="utf-8"))
    assert removed == ['minutes = "thirty"']
    assert added == ["minutes = 30"]


async def test_the_new_session_dialog_reads_its_date_with_the_one_date_parser(workspace, clock):
    """#15 deliver 4 (audit): the new-session dialog parsed dates by hand (Date.fromisoformat),
    so a date typed with Arabic-Indic digits or a one-digit month was refused."""
    from meeting_tui.screens.setup.new_session import NewSessionScreen

    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_from_home(pilot, "n")
        assert isinstance(dialog, NewSessionScreen)
        dialog.query_one("#title").value = "Extraordinary meeting"
        dialog.query_one("#date").value = "2026-02-30"
        await pilot.pause()
        dialog.create()
        await pilot.pause()
        assert "no day 30" in str(dialog.query_one("#error-date").render())  # beside its field
        assert dialog.focused is dialog.query_one("#date")
        dialog.query_one("#date").value = "٢٠٢٦-٤-٣٠"
        dialog.create()
        await settle(pilot)
    assert len(list((workspace.root / "demo-executive").glob("2026-04-30-*.json"))) == 1


async def test_the_committee_editor_does_not_save_over_a_broken_charter_until_it_is_fixed_with_c(workspace, clock):
    path, broken = breaks(workspace, "max_proxies_per_member = 1", 'max_proxies_per_member = "one"')
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_home(pilot, "E")
        assert isinstance(editor, CommitteeEditor)
        assert f"line {line_of(broken, 'max_proxies_per_member')}" in top_panel(editor)  # the form has no field for it
        await save(pilot, app)
        assert path.read_text(encoding="utf-8") == broken  # the default it was read as is not written
        assert "press C" in editor.status
        editor.query_one("#members").focus()
        await pilot.press("C")
        await settle(pilot)
        charter = app.screen
        assert isinstance(charter, CharterEditor)
        assert charter.query_one("#set-max_proxies_per_member").value == "one"
        charter.query_one("#set-max_proxies_per_member").value = "2"
        await settle(pilot)
        await save(pilot, app)
        assert not editor.query("#file-problems")  # saved: the file's problems are gone
    removed, added = changed_lines(broken, path.read_text(encoding="utf-8"))
    assert removed == ['max_proxies_per_member = "one"']
    assert added == ["max_proxies_per_member = 2"]
