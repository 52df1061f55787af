"""Pilot tests of the agenda builder: add, reorder, remove, totals, save, save as, open."""

from __future__ import annotations

import io

from meeting_tui.charter import load_agenda
from meeting_tui.charter.check import check_paths
from meeting_tui.screens.setup.agenda_builder import AgendaBuilder, AgendaPicker
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.setup.unsaved import SaveDiscardStay
from meeting_tui.widgets.dialogs import OTHER, ConfirmDialog, FormDialog

from .setup_helpers import SIZE, fill, new_app, notifications, settle, submit, text_of

AGENDAS = ("demo-executive", "agendas")


async def open_builder(app, pilot, choice: str = "new") -> AgendaBuilder:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    picker = app.screen
    assert isinstance(picker, AgendaPicker)
    options = picker.query_one("#agenda-options")
    index = 0 if choice == "new" else next(i for i in range(options.option_count) if options.get_option_at_index(i).id.endswith(choice))
    options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, AgendaBuilder)
    return app.screen


async def add_item(pilot, builder, **values):
    builder.query_one("#items").focus()
    await pilot.press("a")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, FormDialog)
    await fill(pilot, dialog, **values)
    await submit(pilot, dialog)
    return dialog


async def test_build_and_save_a_new_agenda(workspace, clock):
    app = new_app(workspace, clock)
    folder = workspace.root.joinpath(*AGENDAS)
    async with app.run_test(size=SIZE) as pilot:
        builder = await open_builder(app, pilot)
        builder.query_one("#ag-title").value = "Extraordinary meeting — اجتماع استثنائي"
        builder.query_one("#ag-place").value = "Community hall"
        builder.query_one("#ag-date").value = "2026-04-02"
        builder.query_one("#ag-chair").value = "karim-nasser"
        await pilot.pause()
        await add_item(pilot, builder, title="Opening", kind="information", minutes="5")
        await add_item(pilot, builder, title="Budget", kind="decision", minutes="45", presenter="sami-haddad")
        await add_item(pilot, builder, title="Guest briefing", minutes="30", presenter=OTHER)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)  # "someone else" needs a name typed
        dialog.query_one("#field-presenter-other").value = "Dr. Rana (UN Water)"
        await submit(pilot, dialog)
        assert [i.title for i in builder.items] == ["Opening", "Budget", "Guest briefing"]
        assert builder.items[2].presenter == "Dr. Rana (UN Water)"
        assert "Planned 80 of the charter's 120 minutes (40 min to spare)" in text_of(builder, "#agenda-total")

        # reorder: Guest briefing before Budget
        builder.query_one("#items").move_cursor(row=2)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert [i.title for i in builder.items] == ["Opening", "Guest briefing", "Budget"]
        await add_item(pilot, builder, title="Long debate", minutes="60")
        assert "-over" in builder.query_one("#agenda-total").classes
        assert "20 min more than the charter's 120-minute meeting" in text_of(builder, "#agenda-total")
        await pilot.press("x")  # remove the last (highlighted) item
        await settle(pilot)
        assert [i.title for i in builder.items] == ["Opening", "Guest briefing", "Budget"]

        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = builder.path
        assert saved is not None and saved.parent == folder and saved.name.startswith("extraordinary-meeting")
        expected = builder.current()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

    committee = workspace.committee("demo-executive").committee
    assert load_agenda(saved, committee=committee).value == expected
    out = io.StringIO()
    assert check_paths([str(saved)], out) == 0, out.getvalue()
    # the guest presenter is advice, not an error
    assert "presenter" in out.getvalue() and "1 warning" in out.getvalue()


async def test_item_refusals_at_the_field(workspace, clock):
    app = new_app(workspace, clock)
    async with app.run_test(size=SIZE) as pilot:
        builder = await open_builder(app, pilot)
        builder.query_one("#items").focus()
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        await fill(pilot, dialog, title="", minutes="0")
        await submit(pilot, dialog)
        assert app.screen is dialog
        assert "what the item is about" in text_of(dialog, "#error-title")
        # the number field states and enforces its unit and range (issue 18)
        assert "From 1 to 600 minutes: not 0." in text_of(dialog, "#error-minutes")
        assert "From 1 to 600 minutes." in text_of(dialog, ".form-help")
        for bad, said in (("601", "not 601"), ("0.5", "not 0.5"), ("-3", "not -3"), ("99999", "not 99999"), ("ten", "Type a number from 1 to 600 minutes")):
            await fill(pilot, dialog, title="OK", minutes=bad)
            assert said in text_of(dialog, "#error-minutes"), bad
            await submit(pilot, dialog)
            assert app.screen is dialog and dialog.focused is dialog.query_one("#field-minutes"), bad
        await pilot.press("escape")
        await settle(pilot)
        assert builder.items == []


async def test_an_agenda_without_title_or_with_a_bad_date_is_not_saved(workspace, clock):
    app = new_app(workspace, clock)
    folder = workspace.root.joinpath(*AGENDAS)
    before = sorted(p.name for p in folder.iterdir())
    async with app.run_test(size=SIZE) as pilot:
        builder = await open_builder(app, pilot)
        await add_item(pilot, builder, title="Item", minutes="10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert builder.query_one("#error-ag-title").display
        builder.query_one("#ag-title").value = "Dated"
        builder.query_one("#ag-date").value = "2026-02-30"
        await pilot.pause()
        builder.query_one("#items").focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date" in text_of(builder, "#error-ag-date")
        assert any("Not saved" in m for m in notifications(app))
    assert sorted(p.name for p in folder.iterdir()) == before


async def test_open_an_agenda_edit_it_and_save_as_a_new_one(workspace, clock):
    app = new_app(workspace, clock)
    folder = workspace.root.joinpath(*AGENDAS)
    original = (folder / "monthly-meeting.toml").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        builder = await open_builder(app, pilot, "monthly-meeting.toml")
        assert builder.path == folder / "monthly-meeting.toml"
        assert len(builder.items) == 8
        builder.query_one("#items").move_cursor(row=7)
        await pilot.press("x")
        await settle(pilot)
        # save as: a new title, a new file; the template stays as it was
        await pilot.press("S")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await fill(pilot, dialog, title="April meeting")
        await submit(pilot, dialog)
        assert builder.path == folder / "april-meeting.toml"
        assert (folder / "monthly-meeting.toml").read_bytes() == original
        april = load_agenda(folder / "april-meeting.toml").value
        assert april.title == "April meeting" and len(april.items) == 7

        # save as the same title again: asks before replacing the file
        builder.query_one("#ag-title").value = "Other title"
        await pilot.pause()
        builder.query_one("#items").focus()
        await pilot.press("S")
        await settle(pilot)
        await fill(pilot, app.screen, title="April meeting")
        await submit(pilot, app.screen)
        assert "this agenda's file" in text_of(app.screen, "#error-title")
        await pilot.press("escape")
        await settle(pilot)

        # open the template again through the builder's own Open
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, SaveDiscardStay)  # the title change is not saved
        await pilot.press("d")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AgendaPicker)
        options = picker.query_one("#agenda-options")
        options.highlighted = next(i for i in range(options.option_count) if options.get_option_at_index(i).id.endswith("monthly-meeting.toml"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is builder and len(builder.items) == 8 and not builder.dirty


async def test_saving_a_new_agenda_over_an_existing_file_asks(workspace, clock):
    app = new_app(workspace, clock)
    target = workspace.root.joinpath(*AGENDAS, "monthly-meeting.toml")
    before = target.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        builder = await open_builder(app, pilot)
        builder.query_one("#ag-title").value = "Monthly meeting"
        await add_item(pilot, builder, title="Only item", minutes="10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert len(load_agenda(target).value.items) == 1


async def test_agenda_at_80x24_keeps_kind_and_minutes(workspace, clock):
    """Issue 18: at 80 columns the title gives way so that kind and minutes stay on the screen;
    the highlighted item's full title and presenter are on the line under the table."""
    app = new_app(workspace, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        builder = await open_builder(app, pilot, "monthly-meeting.toml")
        table = builder.query_one("#items")
        assert [str(c.label) for c in table.ordered_columns] == ["#", "Item", "Kind", "Minutes"]
        assert sum(c.width + 2 for c in table.ordered_columns) <= 80 - 2
        item = builder.items[0]
        detail = text_of(builder, "#item-detail")
        assert item.title in detail and "presented by" in detail
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Presenter" in [str(c.label) for c in table.ordered_columns]
        assert not builder.query_one("#item-detail").display
