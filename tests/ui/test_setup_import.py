"""Pilot tests of import (home `i`) and export (from the editors)."""

from __future__ import annotations

from meeting_tui.charter import load_committee
from meeting_tui.charter.examples import example_text
from meeting_tui.screens.setup.committee_editor import CommitteeEditor
from meeting_tui.screens.home import HomeScreen
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, ReportDialog
from meeting_tui.workspace import Workspace

from .setup_helpers import SIZE, fill, new_app, notifications, settle, submit


async def import_path(app, pilot, path):
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, FormDialog)
    await fill(pilot, dialog, path=str(path))
    await submit(pilot, dialog)


async def test_import_a_committee_file_into_an_empty_data_dir(tmp_path, clock):
    source = tmp_path / "Strategic Committee.toml"
    source.write_text(example_text("strategic.toml"), encoding="utf-8")
    workspace = Workspace(tmp_path / "data")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, source)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [e.slug for e in app.screen.entries] == ["strategic-committee"]
    target = tmp_path / "data" / "strategic-committee" / "committee.toml"
    assert target.read_text(encoding="utf-8") == example_text("strategic.toml")  # comments kept
    assert load_committee(target).ok


async def test_an_invalid_committee_file_is_refused_with_its_problems(tmp_path, clock):
    text = example_text("executive.toml").replace('default_threshold = "majority_cast"', 'default_threshold = "two_third_cast"')
    source = tmp_path / "broken.toml"
    source.write_text(text, encoding="utf-8")
    workspace = Workspace(tmp_path / "data")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, source)
        report = app.screen
        assert isinstance(report, ReportDialog) and not report.confirm
        joined = "\n".join(text for text, _style in report.lines)
        assert "two_third_cast" in joined and 'did you mean "two_thirds_cast"' in joined
        assert "line " in joined and "fix:" in joined
        await pilot.press("escape")
        await settle(pilot)
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


async def test_importing_over_an_existing_committee_asks_first(workspace, clock, tmp_path):
    source = tmp_path / "demo-executive.toml"
    source.write_text(example_text("executive.toml").replace("meeting_minutes = 120", "meeting_minutes = 90"), encoding="utf-8")
    target = workspace.root / "demo-executive" / "committee.toml"
    before = target.read_bytes()
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, source)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_bytes() == before
        await import_path(app, pilot, source)
        await pilot.press("y")
        await settle(pilot)
    assert load_committee(target).value.charter.meeting_minutes == 90


async def test_import_an_agenda_into_the_selected_committee(workspace, clock, tmp_path):
    source = tmp_path / "whatever.toml"
    source.write_text('[agenda]\ntitle = "Budget retreat"\nchair = "karim-nasser"\n[[items]]\ntitle = "Budget"\nminutes = 90\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[agenda]\ntitle = "Bad"\nchair = "no-such-member"\n[[items]]\ntitle = "A"\nminutes = 5\n', encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, source)
        await settle(pilot)
        await import_path(app, pilot, bad)
        report = app.screen
        assert isinstance(report, ReportDialog)
        assert any("no-such-member" in text for text, _style in report.lines)
    folder = workspace.root / "demo-executive" / "agendas"
    assert (folder / "budget-retreat.toml").is_file()
    assert not (folder / "bad.toml").exists()


async def test_import_a_member_list_from_home_opens_the_editor_with_a_preview(workspace, clock, tmp_path):
    source = tmp_path / "members.csv"
    source.write_bytes("الاسم,المنظمة,الفئة\nرنا خوري,جمعية النساء,مجتمعي\n".encode("cp1256"))
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, source)
        await settle(pilot)
        report = app.screen
        assert isinstance(report, ReportDialog) and report.confirm
        assert "Windows Arabic (cp1256)" in report.intro
        await pilot.click("#confirm")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CommitteeEditor)
        assert editor.draft.members[-1].name == "رنا خوري" and editor.dirty


async def test_export_never_overwrites_without_asking(workspace, clock, tmp_path):
    target = tmp_path / "out" / "copy.toml"
    target.parent.mkdir()
    target.write_text("keep me", encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        ask = app.screen
        await fill(pilot, ask, path=str(tmp_path / "missing-folder" / "x.toml"))
        await submit(pilot, ask)
        assert app.screen is ask  # the folder does not exist: said at the field
        await fill(pilot, ask, path=str(target))
        await submit(pilot, ask)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("X")
        await settle(pilot)
        await fill(pilot, app.screen, path=str(target.parent))  # a folder: the file goes inside
        await submit(pilot, app.screen)
        assert any("Exported" in m for m in notifications(app))
    exported = target.parent / "demo-executive.toml"
    assert load_committee(exported, slug="demo-executive").value == workspace.committee("demo-executive").committee
