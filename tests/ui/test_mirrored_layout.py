"""The mirrored layout of the Arabic interface (mirror.py, the `.-rtl` rules of app.tcss,
RowTable's column order): the agenda on the right of the roster, the first column of a table
on the right, a label on the right of its field, buttons from the right; English unchanged."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.widgets import Button, Input, Label

from meeting_tui import rtl
from meeting_tui.app import MeetingApp
from meeting_tui.display import display_mode, set_display_mode
from meeting_tui.i18n import set_language
from meeting_tui.mirror import is_mirrored, set_mirrored
from meeting_tui.widgets.footer import KeysFooter
from meeting_tui.widgets.row_table import RowTable

from tests.ui.test_live import new_session, open_live


@pytest.fixture
def restore_mode():
    before = display_mode()
    yield
    set_display_mode(before)


def line(widget, y: int = 0) -> str:
    width, height = widget.outer_size
    return widget.render_lines(Region(0, 0, width, height))[y].text


@pytest.mark.parametrize("language", ["en", "ar"])
async def test_the_live_screen_is_mirrored_in_arabic_only(workspace, clock, language, restore_mode):
    set_language(language)
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display="reorder")
    assert is_mirrored() == (language == "ar") and app.has_class("-rtl") == (language == "ar")
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        agenda_pane, roster_pane = live.query_one("#agenda-pane"), live.query_one("#roster-pane")
        agenda, roster = live.query_one("#agenda", RowTable), live.query_one("#roster", RowTable)
        header = line(agenda)
        first, last = agenda.columns[0].label, agenda.columns[-1].label
        shown = rtl.visual if language == "ar" else (lambda text: text)
        if language == "ar":
            # The agenda (what a reader takes first) on the right; its first column on the right.
            assert agenda_pane.region.x > roster_pane.region.x
            assert header.rstrip().endswith(shown(first))
            assert header.index(shown(last)) < header.index(shown(first))
            # Cells keep to the right of their column: a row ends at the table's right edge.
            assert line(roster, 1).rstrip() and len(line(roster, 1)) - len(line(roster, 1).rstrip()) <= 1
            # The pane's title sits on the right of its pane.
            title = live.query_one("#roster-title")
            assert title.region.right == roster_pane.content_region.right
        else:
            assert agenda_pane.region.x < roster_pane.region.x
            assert header.lstrip().startswith(first)
            assert header.index(first) < header.index(last)
            assert live.query_one("#roster-title").region.x == roster_pane.content_region.x


@pytest.mark.parametrize("language", ["en", "ar"])
async def test_the_footer_lists_keys_from_the_reading_side(workspace, clock, language, restore_mode):
    set_language(language)
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display="terminal")
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        footer = live.query_one(KeysFooter)
        text = line(footer)
        # "space" (the first key) starts the line on the reading side; the palette key the other.
        if language == "ar":
            assert text.rstrip().endswith(" space") and text.index("^p") < text.index("space")
        else:
            assert text.lstrip().startswith("space") and text.index("^p") > text.index("space")
        # A click on a key's place presses that key, wherever it was drawn.
        start, end, key, _enabled, _tooltip = next(span for span in footer._spans if span[2] == "space")
        assert text[start:end].strip().startswith("space") or text[start:end].strip().endswith("space")


class Form(App):
    CSS = "Horizontal { height: 3; } Label { width: 12; } Input { width: 1fr; } .buttons Button { width: 10; }"

    def compose(self):
        with Vertical():
            with Horizontal(id="row"):
                yield Label("الاسم", id="label")
                yield Input(id="field")
            with Horizontal(classes="buttons"):
                yield Button("حفظ", id="save")
                yield Button("إلغاء", id="cancel")
            yield Label("قصير", id="short")


@pytest.mark.parametrize("mirrored", [False, True])
async def test_a_label_is_on_the_reading_side_of_its_field(mirrored):
    set_mirrored(mirrored)
    try:
        app = Form()
        async with app.run_test(size=(60, 12)) as pilot:
            await pilot.pause()
            label, field = app.query_one("#label"), app.query_one("#field")
            save, cancel = app.query_one("#save"), app.query_one("#cancel")
            short = app.query_one("#short")
            if mirrored:
                assert label.region.x > field.region.x and label.region.right == 60
                assert save.region.x > cancel.region.x  # the first button on the right
                assert short.region.right == 60  # an auto-width line keeps to the right
            else:
                assert label.region.x == 0 and field.region.x == label.region.right
                assert save.region.x < cancel.region.x
                assert short.region.x == 0
    finally:
        set_mirrored(False)


async def test_a_table_wider_than_its_pane_shows_its_start(restore_mode):
    """Mirrored, a table too wide for its widget shows its first columns (its right end), and a
    narrower one keeps to the right edge; an Arabic cell is never right-aligned by reordering
    in the English layout."""
    from meeting_tui.widgets.row_table import Column

    set_display_mode("reorder")

    class Tables(App):
        CSS = "RowTable { width: 30; height: 4; }"

        def compose(self):
            yield RowTable([Column("#"), Column("Title"), Column("Note")], id="wide")

        def on_mount(self):
            self.query_one("#wide", RowTable).set_rows([("a", ("1", "اعتماد محضر الاجتماع السابق", "x" * 20))])

    for mirrored in (False, True):
        set_mirrored(mirrored)
        try:
            app = Tables()
            async with app.run_test(size=(40, 8)) as pilot:
                await pilot.pause()
                row = line(app.query_one("#wide"), 1)
                title = rtl.visual("اعتماد محضر الاجتماع السابق")
                if mirrored:
                    # The first column and the title's beginning (its right end) are in view;
                    # what does not fit is the other end, on the left.
                    assert row.rstrip().endswith("1") and title[-20:] in row and "x" not in row
                else:
                    assert row.startswith(" 1 ") and title in row
                    assert row.index(title) == row.index("1") + 3  # left-aligned in its column
        finally:
            set_mirrored(False)


@pytest.mark.parametrize("mirrored", [False, True])
async def test_a_data_table_puts_its_first_column_on_the_reading_side(mirrored):
    from textual.widgets import DataTable

    class Table(App):
        CSS = "DataTable { width: 40; height: 4; }"

        def compose(self):
            yield DataTable(id="table", cursor_type="row")

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("#", "Member", "Vote")
            table.add_row("1", "Karim Nasser", "yes")

    set_mirrored(mirrored)
    try:
        app = Table()
        async with app.run_test(size=(50, 8)) as pilot:
            await pilot.pause()
            header, row = line(app.query_one(DataTable), 0), line(app.query_one(DataTable), 1)
            if mirrored:
                assert header.rstrip().endswith("#") and header.index("Vote") < header.index("Member")
                assert row.rstrip().endswith("1") and row.index("yes") < row.index("Karim")
            else:
                assert header.startswith(" #") and header.index("Member") < header.index("Vote")
    finally:
        set_mirrored(False)


@pytest.mark.parametrize("mirrored", [False, True])
async def test_right_aligned_buttons_go_to_the_left_in_arabic(mirrored):
    class Dialog(App):
        CSS = ".buttons { align-horizontal: right; height: 3; } Button { width: 10; }"

        def compose(self):
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok")
                yield Button("Cancel", id="cancel")

    set_mirrored(mirrored)
    try:
        app = Dialog()
        async with app.run_test(size=(60, 6)) as pilot:
            await pilot.pause()
            ok, cancel = app.query_one("#ok"), app.query_one("#cancel")
            if mirrored:  # [Cancel][OK] at the left edge: the English row's mirror image
                assert cancel.region.x == 0 and ok.region.x == cancel.region.right
            else:
                assert ok.region.right == cancel.region.x and cancel.region.right == 60
    finally:
        set_mirrored(False)
