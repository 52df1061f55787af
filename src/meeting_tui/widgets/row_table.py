"""The live screen's roster and agenda: a table on Textual's public Line API (issue #17).

`RowTable` is a `ScrollView` that draws itself line by line (`render_line`), like Textual's own
`Log`: one cached `Strip` per row, and an event that changes a row (`update_row`) or moves the
cursor drops and repaints only the rows it touched. Nothing of Textual's private API is used, so
an upgrade cannot leave a cell silently stale.

Cells are plain text (never markup: `[speaker 1]` stays), cleaned (`display.clean` shows control and
bidi-override characters as placeholders), and put in display order here (`meeting_tui.rtl`, in
`reorder` mode) cell by cell,
so columns stay where they are. A cell too long for its column is cut at its logical end with
an ellipsis *before* it is reordered: an Arabic title keeps its beginning. Columns are as wide
as their widest cell (and at least `Column.min_width`, e.g. the longest status there is, so a
status is never cut); when the table is narrower than its columns, the `flex` columns (names,
organisations, titles) give up room first, then the table scrolls sideways.

In a right-to-left interface (`meeting_tui.mirror`) the first column is on the right, every
cell is aligned to the right of its column (where an Arabic reader starts), a table narrower
than the widget keeps to the right edge, and one wider shows its first columns (its right
end) first.

Keys as DataTable's: up/down, page up/down, home/end (ctrl+home/ctrl+end), Enter selects
(`RowTable.RowSelected`); a click moves the cursor, a click on the cursor row selects it.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Sequence

from msgspec import Struct
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from meeting_tui import rtl
from meeting_tui.display import ELLIPSIS, clean, display_mode, fit  # noqa: F401 - the display boundary
from meeting_tui.mirror import is_mirrored


class Column(Struct, frozen=True):
    label: str
    min_width: int = 0  # at least this wide (e.g. the longest status, so a status is never cut)
    flex: bool = False  # gives up room (cut with an ellipsis) when the table is too narrow
    min_flex: int = 8  # a flex column is never cut below this
    droppable: bool = False  # left out whole when the table is too narrow even with flex columns cut


class RowTable(ScrollView, can_focus=True):
    """Rows of plain-text cells under a fixed header, with a row cursor."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    COMPONENT_CLASSES = {
        "row-table--header",
        "row-table--cursor",
        "row-table--even-row",
        "row-table--odd-row",
    }

    # The look of Textual's DataTable (zebra stripes, header, block cursor), in its own names.
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: "RowTable", row: int, key: Hashable) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = row
            self.key = key

        @property
        def control(self) -> "RowTable":
            return self.table

    class RowSelected(RowHighlighted):
        """Enter (or a click) on the cursor row."""

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        zebra_stripes: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self.columns: list[Column] = list(columns)
        self.cursor_row = 0
        self._keys: list[Hashable] = []
        self._cells: list[tuple[str, ...]] = []
        self._index: dict[Hashable, int] = {}
        self._natural: list[int] = []  # each column's content width (widest cell, label, minimum)
        self._widths: list[int | None] = []  # each column's width as laid out (flex columns may be cut, droppable ones None)
        self._laid_out_for = -1  # the widget width the widths were computed for
        self._strips: dict[int, Strip] = {}  # row index (-1: the header) -> its rendered line
        self._strips_for: tuple = ()  # what the cached lines were rendered with (style, mode)
        self._part_styles: dict[str, Style] = {}  # component class -> its rich style, as `_strips`
        self._look: tuple | None = None  # (style, mode, focus, mirrored) for the lines of one render pass
        self._rendering = False

    # -- data -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._cells)

    @property
    def keys(self) -> list[Hashable]:
        return list(self._keys)

    @property
    def cursor_key(self) -> Hashable | None:
        return self._keys[self.cursor_row] if self._keys else None

    def get_row_at(self, row: int) -> tuple[str, ...]:
        return self._cells[row]

    def get_row(self, key: Hashable) -> tuple[str, ...]:
        return self._cells[self._index[key]]

    def shown_whole(self, key: Hashable, column: int) -> bool:
        """Whether the row's cell in `column` is shown in full as the table is laid out now
        (False when it is cut with an ellipsis or its column is left out)."""
        if key not in self._index:
            return True
        if self._laid_out_for != self.scrollable_content_region.width:
            self._layout(self.scrollable_content_region.width)
        width = self._widths[column] if column < len(self._widths) else None
        return width is not None and cell_len(self._cells[self._index[key]][column]) <= width

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._measure()

    def set_rows(self, rows: Iterable[tuple[Hashable, Sequence[str]]]) -> None:
        """Replace every row (keeping the cursor on the same row number, within range)."""
        self._keys, self._cells = [], []
        for key, cells in rows:
            self._keys.append(key)
            self._cells.append(tuple(clean(str(c)) for c in cells))
        self._index = {key: n for n, key in enumerate(self._keys)}
        self._measure()
        self.move_cursor(row=self.cursor_row)

    def update_row(self, key: Hashable, cells: Sequence[str]) -> bool:
        """Show new cells in one row; repaint that row only (unless a column must widen)."""
        index = self._index[key]
        new = tuple(clean(str(c)) for c in cells)
        if new == self._cells[index]:
            return False
        self._cells[index] = new
        if any(cell_len(cell) > width for cell, width in zip(new, self._natural)):
            self._measure()  # a wider cell than its column: widen it (every row moves)
        else:
            self.refresh_row(index)
        return True

    def update_cell(self, key: Hashable, column: int, value: str) -> bool:
        cells = list(self._cells[self._index[key]])
        cells[column] = value
        return self.update_row(key, cells)

    def refresh_row(self, index: int) -> None:
        """Drop the cached line of one row and repaint it."""
        self._strips.pop(index, None)
        self.refresh_line(index + 1)  # line 0 is the header

    def _measure(self) -> None:
        natural = [max(cell_len(c.label), c.min_width) for c in self.columns]
        for cells in self._cells:
            for n, cell in enumerate(cells[: len(natural)]):
                width = cell_len(cell)
                if width > natural[n]:
                    natural[n] = width
        self._natural = natural
        self._laid_out_for = -1
        self._strips.clear()
        self.refresh()

    def _layout(self, width: int) -> None:
        """Column widths for a table `width` cells wide: flex columns give up room, last first; a
        droppable one is left out whole (width None) when cutting it would not be enough, rather
        than the table running off its edge."""
        widths: list[int | None] = list(self._natural)
        excess = sum(w + 2 for w in self._natural) - width
        flexes = [n for n, c in enumerate(self.columns) if c.flex]
        # The last flex column gives up its room first (an organisation before a name); a
        # droppable one that cutting alone cannot bring within the width is left out whole.
        for n in reversed(flexes):
            if excess <= 0:
                break
            room = max(0, widths[n] - min(self.columns[n].min_flex, self._natural[n]))
            if self.columns[n].droppable and excess > room:
                excess -= widths[n] + 2
                widths[n] = None
                continue
            cut = min(room, excess)
            widths[n] -= cut
            excess -= cut
        for n in flexes:  # room freed by a dropped column, back to the first flex columns
            if excess >= 0:
                break
            if widths[n] is not None:
                grow = min(self._natural[n] - widths[n], -excess)
                widths[n] += grow
                excess += grow
        self._widths = widths
        self._laid_out_for = width
        self._strips.clear()
        self.virtual_size = Size(sum(w + 2 for w in widths if w is not None), len(self._cells) + 1)

    # -- rendering ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._part_styles.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        # One look for every line this pass repaints: the widget's style walks its ancestors'
        # backgrounds, the largest part of repainting a row if done per line.
        self._rendering, self._look = True, None
        try:
            return super().render_lines(crop)
        finally:
            self._rendering, self._look = False, None

    def _current_look(self) -> tuple:
        look = self._look
        if look is None:
            look = (self.rich_style, display_mode(), self.has_focus, is_mirrored())
            if self._rendering:
                self._look = look
        return look

    def on_resize(self, event: events.Resize) -> None:
        self._laid_out_for = -1
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        validity = self._current_look()
        base, _mode, _focus, mirrored = validity
        # Mirrored, the right edge is the start: lay out for the room left of the scrollbar.
        width = self.scrollable_content_region.width if mirrored else self.size.width
        room = self.scrollable_content_region.width  # the columns are laid out clear of the scrollbar
        if self._laid_out_for != room:
            self._layout(room)
        if validity != self._strips_for:
            self._strips.clear()
            self._part_styles.clear()
            self._strips_for = validity
        scroll_x, scroll_y = self.scroll_offset
        index = -1 if y == 0 else y - 1 + scroll_y
        if index >= len(self._cells):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._render_row(index, base)
        if mirrored:  # the table's right end is its start: kept to the right, shown first
            total = strip.cell_length
            if total <= width:
                return Strip([Segment(" " * (width - total), base), *strip], width)
            start = max(0, total - width - scroll_x)
            return strip.crop(start, start + width)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _component(self, name: str) -> Style:
        style = self._part_styles.get(name)
        if style is None:
            style = self._part_styles[name] = self.get_component_styles(name).rich_style
        return style

    def _row_style(self, index: int, base: Style) -> Style:
        if index < 0:
            return base + self._component("row-table--header")
        style = base
        if self.zebra_stripes:
            style += self._component("row-table--odd-row" if index % 2 else "row-table--even-row")
        if index == self.cursor_row:
            style += self._component("row-table--cursor")
        return style

    def _render_row(self, index: int, base: Style) -> Strip:
        cells = tuple(c.label for c in self.columns) if index < 0 else self._cells[index]
        style = self._row_style(index, base)
        reorder = display_mode() == "reorder"
        mirrored = is_mirrored()
        edge = Segment(" ", style)
        row: list[list[Segment]] = []
        for n, width in enumerate(self._widths):
            if width is None:  # dropped: the table is too narrow for it
                continue
            text = fit(cells[n] if n < len(cells) else "", width)
            # The text is put in display order on its own, then padded on the side away from
            # the reading start: an Arabic cell in a wide column keeps its beginning in view.
            pad = " " * (width - cell_len(text))
            if reorder and rtl.has_rtl(text):
                shown = list(rtl.visual_segments((Segment(text, style),)))
                row.append([edge, Segment(pad, style), *shown, edge] if mirrored else [edge, *shown, Segment(pad, style), edge])
            else:
                row.append([Segment(f" {pad}{text} " if mirrored else f" {text}{pad} ", style)])
        if mirrored:
            row.reverse()  # the first column on the right
        return Strip([segment for cell in row for segment in cell], sum(w + 2 for w in self._widths if w is not None))

    # -- cursor ---------------------------------------------------------------------------------

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        row = max(0, min(row, len(self._cells) - 1))
        old = self.cursor_row
        self.cursor_row = row
        if row != old:
            self.refresh_row(old)
            self.refresh_row(row)
            if self._cells:
                self.post_message(self.RowHighlighted(self, row, self._keys[row]))
        if scroll:
            self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        visible = self.size.height - 1
        if visible <= 0 or not self._cells:
            return
        top = self.scroll_offset.y
        if top <= self.cursor_row < top + visible:
            return
        # Off the screen: the cursor row comes to the middle, so the rows after it (the next
        # members to mark) show too, and going down a list scrolls once a half page, not on
        # every key (a scroll repaints the whole table).
        self.scroll_to(y=max(0, self.cursor_row - visible // 2), animate=False, immediate=True)

    def _page(self) -> int:
        return max(1, self.size.height - 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._cells) - 1)

    def action_select_cursor(self) -> None:
        if self._cells:
            self.post_message(self.RowSelected(self, self.cursor_row, self._keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = offset.y - 1 + self.scroll_offset.y
        if row >= len(self._cells):
            return
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)
