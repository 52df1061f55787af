"""Pilot tests of the charter editor: every setting, validation at the field, presets,
scope and escalation, saving from home and handing back to the committee editor."""

from __future__ import annotations

import io

from meeting_tui.charter import load_committee
from meeting_tui.charter.check import check_paths
from meeting_tui.charter.presets import SOCIOCRATIC_CONSENT
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.setup.charter_editor import CharterEditor, setting_groups
from meeting_tui.screens.setup.committee_editor import CommitteeEditor
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog

from .setup_helpers import SIZE, fill, new_app, notifications, press_button, settle, submit, text_of

PATH = ("demo-executive", "committee.toml")


async def open_charter(app, pilot) -> CharterEditor:
    await settle(pilot)
    await pilot.press("C")
    await settle(pilot)
    assert isinstance(app.screen, CharterEditor)
    return app.screen


def test_every_charter_setting_is_on_the_screen():
    from msgspec import Struct
    from msgspec.structs import fields

    from meeting_tui.domain.model import Charter

    shown = {s.path for _gid, _title, group in setting_groups() for s in group}
    expected = set()
    for f in fields(Charter):
        if f.name in ("scope", "escalation"):
            continue  # their own tables on the screen
        nested = f.default_factory() if callable(f.default_factory) else None
        if nested is not None and isinstance(nested, Struct):
            expected |= {(f.name, g.name) for g in fields(nested)}
        else:
            expected.add((f.name,))
    assert shown == expected


async def test_each_setting_shows_its_default_and_what_it_means(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        helps = [str(label.render()) for label in editor.query(".charter-help")]
        assert len(helps) == len(editor.settings)
        assert all("Default:" in h for h in helps)
        assert any("Default: majority of votes cast" in h for h in helps)
        assert "6 of 11 voting members must be present" in text_of(editor, "#quorum-meaning")


async def test_an_impossible_quorum_is_shown_at_the_count_and_not_saved(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root.joinpath(*PATH)
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        editor.query_one("#set-quorum-rule").value = "count"
        await settle(pilot)
        assert not editor.query_one("#set-quorum-count").disabled
        # a fixed number starts at a count the roster can meet, never at 0
        assert editor.query_one("#set-quorum-count").value == "6"
        assert not editor.query_one("#err-quorum-count").display
        editor.query_one("#set-quorum-count").value = "12"
        await settle(pilot)
        error = editor.query_one("#err-quorum-count")
        assert error.display and "Quorum count: 12 is more than the voting seats (11)" in str(error.render())
        editor.query_one("#set-quorum-count").value = "abc"
        await settle(pilot)
        assert "Quorum count: abc is not a number" in str(editor.query_one("#err-quorum-count").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CharterEditor)
        status = text_of(editor, "#charter-status")
        assert status.startswith("Not saved: Quorum count: abc is not a number") and "unsaved changes" in status
        assert "[charter" not in status
        editor.query_one("#set-quorum-count").value = "7"
        await settle(pilot)
        assert not editor.query_one("#err-quorum-count").display
        assert "7 of 11" in text_of(editor, "#quorum-meaning")
    assert path.read_bytes() == before


async def test_fraction_and_other_numbers_are_checked_as_typed(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        editor.query_one("#set-quorum-rule").value = "fraction"
        await settle(pilot)
        editor.query_one("#set-quorum-fraction").value = "1.5"
        editor.query_one("#set-consensus-max_rounds").value = "0"
        editor.query_one("#set-timer-warn_minutes").value = "-1"
        editor.query_one("#set-meeting_minutes").value = "2.5"
        await settle(pilot)
        assert text_of(editor, "#err-quorum-fraction") == "Quorum fraction: at most 1 is allowed."
        assert text_of(editor, "#err-consensus-max_rounds") == "Rounds: a number of at least 1 is needed."
        assert text_of(editor, "#err-timer-warn_minutes").startswith("Warn before the end: a number")
        assert text_of(editor, "#err-meeting_minutes").startswith("Meeting length: a whole number is needed")
        editor.query_one("#set-quorum-fraction").value = "0,6"  # a decimal comma is fine
        editor.query_one("#set-consensus-max_rounds").value = "٢"  # so are Arabic digits
        editor.query_one("#set-timer-warn_minutes").value = ""  # empty: the default
        editor.query_one("#set-meeting_minutes").value = "90"
        await settle(pilot)
        assert not editor.query_one("#err-quorum-fraction").display
        assert editor.charter_errors() == []
        assert editor.charter.quorum.fraction == 0.6 and editor.charter.consensus.max_rounds == 2
        assert editor.charter.timer.warn_minutes == 2 and editor.charter.meeting_minutes == 90


async def test_min_community_above_the_community_seats_is_refused(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        editor.query_one("#set-quorum-min_community").value = "9"
        await settle(pilot)
        assert text_of(editor, "#err-quorum-min_community").startswith("Community minimum: 9 is more than")


async def test_a_preset_fills_the_form_and_saving_writes_a_file_check_accepts(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root.joinpath(*PATH)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        editor.query_one("#preset").value = "sociocratic-consent"
        await settle(pilot)
        assert "nobody objects" in text_of(editor, "#preset-help")
        await press_button(pilot, "#apply-preset")
        assert isinstance(app.screen, ConfirmDialog)  # it asks, and says what it replaces
        assert "Apply Sociocratic" in text_of(app.screen, ".dialog-title")
        await pilot.press("y")
        await settle(pilot)
        assert "applied" in text_of(editor, "#charter-status")
        assert editor.query_one("#set-consensus-method").value == "consent"
        assert editor.query_one("#set-consensus-fallback").value == "escalate"
        assert editor.query_one("#set-quorum-min_community").value == "2"  # kept from the committee
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and text_of(editor, "#charter-status").startswith("Saved at")  # edited in place: nothing to ask
        await pilot.press("escape")  # saved: leaving does not ask
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    charter = load_committee(path, slug="demo-executive").value.charter
    assert charter.consensus == SOCIOCRATIC_CONSENT.consensus
    assert charter.quorum.min_community == 2 and charter.scope["budget"] == ("executive",)
    out = io.StringIO()
    assert check_paths([str(path)], out) == 0, out.getvalue()


async def test_scope_and_escalation_ladder_are_edited_on_the_screen(workspace, clock):
    app = new_app(workspace, clock)
    path = workspace.root.joinpath(*PATH)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        await press_button(pilot, "#scope-add")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await fill(pilot, dialog, kind="budget", bodies="strategic")
        await submit(pilot, dialog)
        assert app.screen is dialog and "already in the list" in text_of(dialog, "#error-kind")
        await fill(pilot, dialog, kind="partnerships", bodies="executive, strategic")
        await submit(pilot, dialog)
        assert editor.scope["partnerships"] == ("executive", "strategic")

        editor.query_one("#ladder").move_cursor(row=2)
        await press_button(pilot, "#ladder-up")
        assert editor.ladder[1].name == "Arbitrator or arbitration committee"
        await press_button(pilot, "#ladder-add")
        dialog = app.screen
        await fill(pilot, dialog, name="Steering committee panel", handler="", minutes="x")
        await submit(pilot, dialog)
        assert "handles" in text_of(dialog, "#error-handler") and "minutes" in text_of(dialog, "#error-minutes")
        await fill(pilot, dialog, handler="panel of three members", minutes="30", binding=True)
        await submit(pilot, dialog)
        assert editor.ladder[-1].handler == "panel of three members" and editor.ladder[-1].binding

        for _ in range(3):
            editor.query_one("#ladder").move_cursor(row=0)
            await press_button(pilot, "#ladder-remove")
        assert len(editor.ladder) == 1
        await press_button(pilot, "#ladder-remove")
        assert len(editor.ladder) == 1  # the ladder keeps at least one level
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    charter = load_committee(path, slug="demo-executive").value.charter
    assert charter.scope["partnerships"] == ("executive", "strategic")
    assert [level.name for level in charter.escalation] == ["Steering committee panel"]


async def test_composition_advice_is_shown_but_never_blocks(tmp_path, clock):
    from meeting_tui.charter.write import committee_to_toml
    from meeting_tui.domain.model import Committee, Member
    from meeting_tui.workspace import Workspace

    workspace = Workspace(tmp_path / "data")
    small = Committee(
        slug="small",
        name="Small executive",
        body="executive",
        members=(Member("a", "A", "Org A", role="chair"), Member("b", "B", "Org B"), Member("c", "C", "Org C")),
    )
    path = workspace.root / "small" / "committee.toml"
    path.parent.mkdir(parents=True)
    path.write_text(committee_to_toml(small), encoding="utf-8")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        advice = " ".join(str(label.render()) for label in editor.query("#setup-problems Label"))
        assert "3 voting members; the handbook suggests 9 to 11" in advice
        editor.query_one("#set-proxies").value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(editor, "#charter-status").startswith("Saved at")  # despite the advice
    assert load_committee(path, slug="small").value.charter.proxies


async def test_from_the_committee_editor_ctrl_s_writes_the_file_once(workspace, clock):
    """One save: ctrl+s in the charter editor writes committee.toml (no second save)."""
    app = new_app(workspace, clock)
    path = workspace.root.joinpath(*PATH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        committee_editor = app.screen
        assert isinstance(committee_editor, CommitteeEditor)
        committee_editor.query_one("#members").focus()
        await pilot.press("C")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CharterEditor) and editor.path is None
        editor.query_one("#set-voting-default_threshold").value = "two_thirds_present"
        await settle(pilot)
        assert "unsaved changes" in text_of(editor, "#charter-status")
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):  # the demo file was written by hand
            await pilot.press("y")
            await settle(pilot)
        assert app.screen is editor and text_of(editor, "#charter-status").startswith("Saved at")
        assert 'default_threshold = "two_thirds_present"' in path.read_text(encoding="utf-8")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is committee_editor and not committee_editor.dirty


async def test_a_new_committee_keeps_the_charter_until_it_can_be_saved(tmp_path, clock):
    """The committee cannot be written yet (no name): the charter editor says so, and the
    charter waits in the committee editor, marked unsaved; nothing is lost."""
    from meeting_tui.workspace import Workspace

    workspace = Workspace(tmp_path / "data")
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        committee_editor = app.screen
        committee_editor.query_one("#c-body").value = "working-group"
        await pilot.pause()
        committee_editor.action_charter()
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CharterEditor)
        assert editor.query_one("#setup-problems").display is False  # no error before a touch
        editor.query_one("#set-proxies").value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = text_of(editor, "#charter-status")
        assert status.startswith("Not saved: Name is empty.") and "kept there" in status
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is committee_editor
        assert committee_editor.draft.charter.proxies and committee_editor.dirty
        assert text_of(committee_editor, "#c-status").startswith("Not saved: Name is empty.")


async def test_advice_about_the_scope_is_shown_below_the_form(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_charter(app, pilot)
        await press_button(pilot, "#scope-add")
        await fill(pilot, app.screen, kind="grants", bodies="executiv")
        await submit(pilot, app.screen)
        advice = " ".join(str(label.render()) for label in editor.query("#setup-problems Label"))
        assert 'did you mean "executive"' in advice
        assert editor.charter_errors() == []


async def test_leaving_an_editor_without_changes_asks_nothing(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("C", "E"):
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, HomeScreen) and not app.screen.dirty
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        editor = await open_charter(app, pilot)
        editor.query_one("#set-proxies").value = False
        await settle(pilot)
        assert editor.dirty
        editor.query_one("#set-proxies").value = True  # back as it was
        await settle(pilot)
        assert not editor.dirty
