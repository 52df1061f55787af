"""The roster/agenda table on Textual's Line API (widgets/row_table.py): keys, selection, which
rows are rendered again after a change, and what each display mode sends to the screen."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.geometry import Region

from meeting_tui import rtl
from meeting_tui.display import display_mode, set_display_mode
from meeting_tui.widgets.row_table import ELLIPSIS, Column, RowTable, fit

ARABIC_TITLE = "مراجعة الميزانية السنوية للتحالف ونقل المخصصات بين البنود"
NAME = "أمينة يوسف"


class Counting(RowTable):
    """Counts the rows it renders (the cache's misses)."""

    rendered: list[int]

    def _render_row(self, index, base):
        self.rendered.append(index)
        return super()._render_row(index, base)


class TableApp(App):
    CSS = "RowTable { height: 12; }"

    def __init__(self, rows: int = 50, width_hint: int = 0) -> None:
        super().__init__()
        self.rows = rows
        self.selected: list = []
        self.highlighted: list = []

    def compose(self):
        table = Counting(
            [Column("Status", min_width=len("present (remote)")), Column("Name", flex=True, min_flex=6), Column("Org", flex=True, min_flex=3)],
            id="t",
        )
        table.rendered = []
        yield table

    def on_mount(self):
        table = self.query_one(RowTable)
        table.set_rows((f"m{n}", ("absent", f"Member {n}", f"Organisation {n}")) for n in range(self.rows))
        table.focus()

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.selected.append(event.key)

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.highlighted.append(event.key)


def shown(widget) -> list[str]:
    width, height = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


@pytest.fixture
def restore_mode():
    before = display_mode()
    yield
    set_display_mode(before)


async def test_keys_move_the_cursor_and_enter_selects():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and table.cursor_key == "m2"
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row == 1 + 11  # a page is the table's height less its header
        await pilot.press("end")
        assert table.cursor_row == 49
        lines = shown(table)
        assert "Member 49" in lines[-1]  # scrolled to the cursor
        await pilot.press("pageup")
        assert table.cursor_row == 49 - 11
        await pilot.press("home")
        assert table.cursor_row == 0 and "Member 0" in shown(table)[1]
        await pilot.press("up")
        assert table.cursor_row == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == ["m1"]
        assert app.highlighted[-1] == "m1"


async def test_a_click_moves_the_cursor_and_a_click_on_it_selects():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.click("#t", offset=(3, 4))  # line 4: row 3 (line 0 is the header)
        assert table.cursor_row == 3
        await pilot.click("#t", offset=(3, 4))
        await pilot.pause()
        assert app.selected == ["m3"]


async def test_only_the_rows_an_event_touched_are_rendered_again():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.pause()
        table.rendered.clear()
        table.update_row("m4", ("present", "Member 4", "Organisation 4"))
        await pilot.pause()
        assert table.rendered == [4]
        assert "present" in shown(table)[5]
        table.rendered.clear()
        assert not table.update_row("m4", ("present", "Member 4", "Organisation 4"))  # unchanged
        await pilot.press("down")
        assert sorted(table.rendered) == [0, 1]  # the row the cursor left and the one it reached
        table.rendered.clear()
        table.update_cell("m7", 0, "apologies")
        await pilot.pause()
        assert table.rendered == [7]
        assert table.get_row("m7")[0] == "apologies"


async def test_a_wider_cell_widens_its_column_and_status_is_never_cut():
    app = TableApp(rows=5)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(RowTable)
        table.update_row("m0", ("present (remote)", "Member 0", "Organisation 0"))
        await pilot.pause()
        line = shown(table)[1]
        assert "present (remote)" in line  # the status column is as wide as its longest value
        assert ELLIPSIS in line  # the name and organisation gave up room instead
        longer = "present (remote) proxy → Member 3"
        table.update_row("m0", (longer, "Member 0", "Organisation 0"))
        await pilot.pause()
        table.scroll_to(x=0, animate=False, immediate=True)
        assert longer in "".join(shown(table)[1])  # widened (the table scrolls sideways)


async def test_user_text_is_never_markup_nor_control_characters():
    app = TableApp(rows=2)
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(RowTable)
        table.update_row("m0", ("absent [speaker 1]", "A\x1b[31mB\u202eC", "[b]org[/b]"))
        await pilot.pause()
        line = shown(table)[1]
        assert "[speaker 1]" in line and "[b]org[/b]" in line
        # Shown as placeholders (#19; before, they were dropped without a trace).
        assert "\x1b" not in line and "\u202e" not in line and "A\u241b[31mB\ufffdC" in line


def test_fit_cuts_at_the_logical_end():
    assert fit("abcdef", 6) == "abcdef"
    assert fit("abcdef", 4) == "abc" + ELLIPSIS
    cut = fit(ARABIC_TITLE, 12)
    assert cut.startswith("مراجعة") and cut.endswith(ELLIPSIS)


@pytest.mark.parametrize("mode", ["reorder", "terminal"])
async def test_each_display_mode_and_arabic_cut_at_its_logical_end(mode, restore_mode):
    set_display_mode(mode)
    app = TableApp(rows=3)
    async with app.run_test(size=(50, 20)) as pilot:
        table = app.query_one(RowTable)
        table.set_columns([Column("#"), Column("الحالة", min_width=6), Column("Item", flex=True, min_flex=4)])
        table.set_rows([("a", ("1", "جارٍ", ARABIC_TITLE)), ("b", ("2", "pending", NAME)), ("c", ("3", "done", "Budget"))])
        await pilot.pause()
        lines = shown(table)
        expect = rtl.visual if mode == "reorder" else (lambda text: text)
        assert expect("الحالة") in lines[0]
        title_width = table.size.width - (1 + 2) - (7 + 2) - 2
        cut = fit(ARABIC_TITLE, title_width)
        assert cut.startswith("مراجعة") and cut.endswith(ELLIPSIS)
        assert expect(cut) in lines[1]  # cut first (its beginning kept), then reordered
        assert expect(NAME) in lines[2]
        assert lines[2].index("2") < lines[2].index("pending") < lines[2].index(expect(NAME))  # columns stay put
        # Switching the mode renders every row again (no stale cell).
        set_display_mode("terminal" if mode == "reorder" else "reorder")
        table.refresh()
        await pilot.pause()
        other = rtl.visual if mode == "terminal" else (lambda text: text)
        assert other(NAME) in shown(table)[2]


class DroppingApp(App):
    CSS = "RowTable { height: 6; }"

    def compose(self):
        yield RowTable(
            [
                Column("Status", min_width=7),
                Column("Marks", flex=True, min_flex=16),
                Column("Name", flex=True, min_flex=20),
                Column("Vote"),
                Column("Role", flex=True, min_flex=5, droppable=True),
                Column("Organisation", flex=True, min_flex=8, droppable=True),
            ],
            id="t",
        )

    def on_mount(self):
        self.query_one(RowTable).set_rows(
            [("a", ("present", "", "Karim Nasser", "✓", "secretary", "Mizan Legal Aid Centre for Rights"))]
        )


@pytest.mark.parametrize(
    "width, role, organisation",
    [(100, True, True), (60, True, False), (40, False, False)],
)
async def test_a_droppable_column_is_left_out_whole_rather_than_running_off_the_table(width, role, organisation):
    """Too narrow even with the flex columns cut: the organisation, then the role, are left out
    whole (no header, no cells), and no row is wider than the table (nothing scrolls off)."""
    app = DroppingApp()
    async with app.run_test(size=(width, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        header, row = shown(table)[:2]
        assert ("Role" in header) is role and ("secretary" in row) is role
        assert ("Organisation" in header) is organisation
        assert "Karim Nasser" in row and "✓" in row  # the name and vote are never dropped
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_a_cursor_moved_off_the_table_comes_to_its_middle():
    """Going down a list scrolls a half page at a time (a scroll repaints the whole table), and
    the rows after the cursor (the next members to mark) show too."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        for _ in range(10):
            await pilot.press("down")
        assert table.scroll_offset.y == 0  # rows 0 to 10 show: row 10 is the last
        await pilot.press("down")
        assert table.scroll_offset.y == 11 - 11 // 2  # row 11 in the middle of the 11 rows
        assert "Member 11" in shown(table)[1 + 11 // 2]
        for _ in range(5):
            await pilot.press("down")
        assert table.cursor_row == 16 and table.scroll_offset.y == 6  # no scroll until it leaves
        await pilot.press("home")
        assert table.scroll_offset.y == 0 and table.cursor_row == 0


class StyleCounting(Counting):
    style_reads = 0

    @property
    def rich_style(self):
        StyleCounting.style_reads += 1
        return super().rich_style


async def test_a_repaint_reads_the_widget_style_once_not_once_per_row():
    """The widget's style walks its ancestors' backgrounds: read once per repaint, not per row
    (it was most of the cost of a cursor move)."""

    class App2(TableApp):
        def compose(self):
            table = StyleCounting([Column("Status", min_width=9), Column("Name", flex=True)], id="t")
            table.rendered = []
            yield table

        def on_mount(self):
            table = self.query_one(RowTable)
            table.set_rows((f"m{n}", ("absent", f"Member {n}")) for n in range(50))
            table.focus()

    app = App2()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.pause()
        table.rendered.clear()
        StyleCounting.style_reads = 0
        for n in (2, 4, 6, 8):
            table.update_row(f"m{n}", ("present", f"Member {n}"))
        await pilot.pause()
        assert sorted(table.rendered) == [2, 4, 6, 8]
        assert StyleCounting.style_reads == 1
        # What the look depends on still counts: focus changes the cursor row's colours.
        focused = table.render_line(1)  # line 1: row 0, the cursor's
        table.blur()
        await pilot.pause()
        blurred = table.render_line(1)
        assert blurred.text == focused.text and list(blurred) != list(focused)
