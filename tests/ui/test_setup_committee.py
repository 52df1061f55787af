"""Pilot tests of the committee editor: create, add, edit, retire, import CSV, and refusals."""

from __future__ import annotations

import io

from msgspec.structs import replace

from meeting_tui.charter import load_committee
from meeting_tui.charter.check import check_paths
from meeting_tui.controller import SessionController
from meeting_tui.domain.model import Agenda
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.setup.committee_editor import CommitteeEditor
from meeting_tui.screens.setup.unsaved import SaveDiscardStay
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, ReportDialog
from meeting_tui.workspace import Workspace

from .setup_helpers import SIZE, fill, new_app, notifications, settle, submit, text_of, visible_errors


async def open_editor(app, pilot, key="E"):
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, CommitteeEditor)
    return app.screen


async def add_member(pilot, editor, **values):
    editor.query_one("#members").focus()
    await pilot.press("a")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, FormDialog)
    await fill(pilot, dialog, **values)
    return dialog


async def test_create_a_committee_from_scratch_and_check_passes(tmp_path, clock):
    workspace = Workspace(tmp_path / "data")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "c")
        assert editor.is_new
        # An empty committee cannot be saved: it has no name and no members.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())
        assert any("is empty" in e for e in visible_errors(editor))  # at the name field
        assert "No members yet" in " ".join(str(l.render()) for l in editor.query("#setup-problems Label"))

        editor.query_one("#c-name").value = "Comité de l'eau — لجنة المياه"
        editor.query_one("#c-body").value = "working-group"
        editor.query_one("#c-language").value = "ar"
        editor.query_one("#c-collaboration").value = "campaign"
        editor.query_one("#c-coalition").value = 'The "Water" coalition'
        await pilot.pause()
        dialog = await add_member(pilot, editor, name="ليلى منصور", organisation="Wadi Farmers", role="chair", constituency="community")
        await submit(pilot, dialog)
        dialog = await add_member(pilot, editor, name="Karim Nasser", organisation="Mizan \\ Legal", role="member", constituency="partner", email="k@example.org")
        await submit(pilot, dialog)
        dialog = await add_member(pilot, editor, name="Tariq", organisation="Secretariat", role="staff", voting=False)
        await submit(pilot, dialog)
        assert isinstance(app.screen, CommitteeEditor)
        assert [m.id for m in editor.draft.members] == ["ليلى-منصور", "karim-nasser", "tariq"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
        path = editor.path
        assert path is not None and path.name == "committee.toml" and path.is_file()
        saved = editor.current()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [e.name for e in app.screen.entries] == [saved.name]  # the home screen refreshed

    out = io.StringIO()
    assert check_paths([str(path)], out) == 0, out.getvalue()
    reloaded = load_committee(path, slug=path.parent.name)
    assert reloaded.value == saved
    assert reloaded.value.language == "ar" and reloaded.value.body == "working-group"
    assert reloaded.value.coalition == 'The "Water" coalition'


async def test_member_refusals_show_at_the_field(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        before = list(editor.draft.members)

        # an empty name
        dialog = await add_member(pilot, editor, name="   ", organisation="Org")
        await submit(pilot, dialog)
        assert app.screen is dialog
        assert "name" in text_of(dialog, "#error-name").lower()

        # a duplicate name (case and spacing do not matter)
        await fill(pilot, dialog, name="karim  NASSER")
        await submit(pilot, dialog)
        assert app.screen is dialog
        assert "already called Karim Nasser" in text_of(dialog, "#error-name")

        # choosing a role that does not vote unticks "Has a vote" (and says so) ...
        await fill(pilot, dialog, name="Independent Mediator", voting=True, constituency="partner")
        await fill(pilot, dialog, role="mediator")
        assert dialog.query_one("#field-voting").value is False
        # ... and ticking it again is refused, in the form's words
        await fill(pilot, dialog, voting=True)
        await submit(pilot, dialog)
        assert app.screen is dialog
        assert "Has a vote: the role mediator does not vote under this charter" in text_of(dialog, "#error-voting")
        assert not dialog.query_one("#error-name").display

        # an e-mail address that is not one is refused
        await fill(pilot, dialog, voting=False, email="karim at example")
        assert "not an e-mail address" in text_of(dialog, "#error-email")
        await fill(pilot, dialog, email="")

        # a second chair
        await fill(pilot, dialog, role="chair", voting=True)
        assert "already the chair" in text_of(dialog, "#error-role")

        # an alternate from another organisation (the file's own rule)
        await fill(pilot, dialog, role="member", alternate_for="karim-nasser")
        assert "same organisation" in text_of(dialog, "#error-alternate_for")

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CommitteeEditor)
        assert list(editor.draft.members) == before and not editor.dirty


async def test_rename_keeps_the_id_and_retire_keeps_the_member(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root / "demo-executive" / "committee.toml"
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        table = editor.query_one("#members")
        table.move_cursor(row=1)  # Karim Nasser
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        await fill(pilot, dialog, name="Karim Nasser-Haddad", phone="+962 7 5555")
        await submit(pilot, dialog)
        assert editor.draft.members[1].id == "karim-nasser"
        assert editor.draft.members[1].name == "Karim Nasser-Haddad"

        table.move_cursor(row=6)  # سلمى حداد
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert editor.draft.members[6].retired
        # The demo file was written by hand: it is edited in place, its comments kept, no question asked.
        before = path.read_text(encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert not editor.dirty
        after = path.read_text(encoding="utf-8")
        assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
            line for line in after.splitlines() if line.lstrip().startswith("#")
        ]

    committee = load_committee(path, slug="demo-executive").value
    karim = committee.member("karim-nasser")
    assert karim.name == "Karim Nasser-Haddad" and karim.phone == "+962 7 5555"
    salma = committee.member("سلمى-حداد")
    assert salma is not None and salma.retired
    assert "retired = true" in path.read_text(encoding="utf-8")


async def test_a_member_added_then_removed_before_saving_is_gone(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        n = len(editor.draft.members)
        dialog = await add_member(pilot, editor, name="Temporary", organisation="Org", constituency="partner")
        await submit(pilot, dialog)
        assert len(editor.draft.members) == n + 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(editor.draft.members) == n and all(m.name != "Temporary" for m in editor.draft.members)


async def test_leaving_with_unsaved_changes_asks(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root / "demo-executive" / "committee.toml"
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.query_one("#c-name").value = "Renamed"
        await pilot.pause()
        assert editor.dirty
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SaveDiscardStay)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is editor and editor.dirty
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # discard
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert path.read_bytes() == before


async def test_leaving_and_saving_writes_the_file(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root / "demo-executive" / "committee.toml"
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.query_one("#c-name").value = "Renamed"
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):  # the hand-written file's comments
            await pilot.press("y")
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert 'name = "Renamed"' in path.read_text(encoding="utf-8")


async def test_quitting_with_unsaved_changes_asks_and_loses_nothing(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root / "demo-executive" / "committee.toml"
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.query_one("#c-name").value = "Renamed"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, SaveDiscardStay)
        assert "not saved" in text_of(app.screen, ".dialog-title")
        await pilot.press("escape")  # stay: still running, still unsaved
        await settle(pilot)
        assert app.screen is editor and editor.dirty and app.is_running
        assert "unsaved changes" in text_of(editor, "#c-folder")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("y")
            await settle(pilot)
    assert 'name = "Renamed"' in path.read_text(encoding="utf-8")


async def test_the_unsaved_marker_stays_until_the_change_is_on_disk(workspace, clock):
    """A refused save (no chair left) says why at once, and the marker stays."""
    app = new_app(workspace, clock)
    path = workspace.root / "demo-executive" / "committee.toml"
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        members = [m if m.role != "chair" else replace(m, role="member") for m in editor.draft.members]
        members.append(replace(members[0], id="x-1", name="Second Name", role="chair"))
        members.append(replace(members[0], id="x-2", name="Third Name", role="chair"))
        editor.set_members(members)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = text_of(editor, "#c-status")
        assert status.startswith("Not saved: Third Name: Role: Second Name is already the chair"), status
        assert "[[members]]" not in status and "unsaved changes" in text_of(editor, "#c-folder")
        editor.query_one("#c-coalition").value = "Something else"  # another change: still unsaved
        await pilot.pause()
        assert editor.dirty and "unsaved changes" in text_of(editor, "#c-folder")
    assert path.read_bytes() == before


async def test_a_quorum_the_roster_cannot_reach_blocks_saving(workspace, clock):
    """Retiring members until quorum count > voting seats: the charter problem is shown and
    nothing is saved."""
    from msgspec.structs import replace

    from meeting_tui.domain.model import QuorumRules

    app = new_app(workspace, clock)
    path = workspace.root / "demo-executive" / "committee.toml"
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        charter = replace(editor.draft.charter, quorum=QuorumRules(rule="count", count=11))
        editor.draft = replace(editor.draft, charter=charter)
        editor.revalidate()
        assert not editor.has_errors
        members = list(editor.draft.members)
        members[1] = replace(members[1], retired=True)
        editor.set_members(members)
        assert editor.has_errors
        panel = " ".join(str(l.render()) for l in editor.query("#setup-problems Label"))
        assert "Quorum count: 11 is more than the voting seats (10)" in panel
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Not saved" in m for m in notifications(app))
    assert path.read_bytes() == before


async def test_editing_a_committee_never_changes_an_existing_session(workspace, clock):
    entry = workspace.committee("demo-executive")
    session = workspace.new_session_path("demo-executive", "2026-03-14", "March")
    SessionController.create(session, entry.committee, Agenda(title="March"), clock=clock, title="March", date="2026-03-14").close()
    first_line = session.read_text(encoding="utf-8").splitlines()[:2]
    snapshot = SessionController.open(session, clock=clock, read_only=True)
    roster_before = snapshot.state.committee
    snapshot.close()

    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.query_one("#members").move_cursor(row=0)
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, app.screen, name="Layla Mansour (renamed)")
        await submit(pilot, app.screen)
        editor.query_one("#members").move_cursor(row=2)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # rewrite the hand-written demo file
        await settle(pilot)
        assert not editor.dirty

    assert workspace.committee("demo-executive").committee.member("layla-mansour").name == "Layla Mansour (renamed)"
    assert session.read_text(encoding="utf-8").splitlines()[:2] == first_line
    reopened = SessionController.open(session, clock=clock, read_only=True)
    try:
        assert reopened.state.committee == roster_before
        assert reopened.state.committee.member("layla-mansour").name == "ليلى منصور"
        assert not reopened.state.committee.member("nour-al-hassan").retired
    finally:
        reopened.close()


async def test_import_members_from_csv_after_confirming(workspace, clock, tmp_path):
    csv = tmp_path / "members.csv"
    csv.write_bytes(
        "\ufeffName;Organization;Constituency;Role\nAmal Khoury;New Org;community;member\n;Nameless;partner;\n".encode("utf-8")
    )
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        n = len(editor.draft.members)
        await pilot.press("i")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, FormDialog)
        await fill(pilot, ask, path=str(csv))
        await submit(pilot, ask)
        report = app.screen
        assert isinstance(report, ReportDialog)
        lines = [text for text, _style in report.lines]
        assert "UTF-8 with byte-order mark" in report.intro and "semicolon" in report.intro
        assert any("Amal Khoury" in line for line in lines)
        assert any("row 3" in line and "name is empty" in line for line in lines)
        assert len(editor.draft.members) == n  # nothing imported before confirming
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(app.screen, CommitteeEditor)
        assert editor.draft.members[-1].name == "Amal Khoury" and editor.draft.members[-1].id == "amal-khoury"
        assert editor.dirty


async def test_a_csv_with_missing_columns_is_refused(workspace, clock, tmp_path):
    csv = tmp_path / "members.csv"
    csv.write_text("name,email\nAmal,a@b.org\n", encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        n = len(editor.draft.members)
        await pilot.press("i")
        await settle(pilot)
        await fill(pilot, app.screen, path=str(csv))
        await submit(pilot, app.screen)
        report = app.screen
        assert isinstance(report, ReportDialog) and not report.confirm
        assert "Columns missing: organisation, constituency" in report.lines[0][0]
        await pilot.press("escape")
        await settle(pilot)
        assert len(editor.draft.members) == n and not editor.dirty


async def test_members_table_at_80x24_keeps_what_a_secretary_needs(workspace, clock):
    """Issue 18: at 80 columns the table shows name, organisation, role, vote and state, each
    column in full but the organisation; the highlighted member's constituency, phone and
    e-mail are on the line under it. Back at 120 columns every column is there again."""
    from rich.cells import cell_len

    app = new_app(workspace, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(app, pilot)
        table = editor.query_one("#members")
        headers = [str(c.label) for c in table.ordered_columns]
        assert headers == ["Name", "Organisation", "Role", "Vote", "State"]
        assert sum(c.width + 2 for c in table.ordered_columns) <= 80 - 2  # nothing pushed off the screen
        names = [m.name for m in editor.draft.members]
        name_column = table.ordered_columns[0]
        assert name_column.width >= max(cell_len(n) for n in names)  # every name in full
        first = editor.draft.members[0]
        detail = text_of(editor, "#member-detail")
        assert "Constituency:" in detail and first.email in detail
        await pilot.press("down")
        await settle(pilot)
        assert editor.draft.members[1].email in text_of(editor, "#member-detail")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        headers = [str(c.label) for c in table.ordered_columns]
        assert "Constituency" in headers and "Email" in headers
        assert not editor.query_one("#member-detail").display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert len(table.ordered_columns) == 5
