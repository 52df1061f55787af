"""Cheaper updates of what the live screen shows, key after key (issue #8).

`FastDataTable.update_cell` re-renders the one row it changes. Textual's `DataTable.update_cell`
bumps a table-wide counter that is part of every render cache key, so changing one cell
re-renders every visible cell (some 180 Rich renders on a 40-line terminal) after each arrival.

`set_text` updates a Static or Label only when its text changed, and asks for a new layout
only when the new text may change the widget's size: Textual's `Static.update` lays out the
whole screen by default (with a 500-row roster, the largest part of a key press).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import DataTable, Static
from textual.widgets._data_table import CellDoesNotExist, ColumnKey, RowKey


class FastDataTable(DataTable):
    """A DataTable whose `update_cell` invalidates and repaints only the changed row."""

    def update_cell(self, row_key, column_key, value, *, update_width: bool = False) -> None:
        if update_width:
            super().update_cell(row_key, column_key, value, update_width=True)
            return
        if isinstance(row_key, str):
            row_key = RowKey(row_key)
        if isinstance(column_key, str):
            column_key = ColumnKey(column_key)
        if row_key not in self._row_locations or column_key not in self._column_locations:
            raise CellDoesNotExist(f"No cell exists for row_key={row_key!r}, column_key={column_key!r}.")
        if self._data[row_key].get(column_key) == value:
            return
        self._data[row_key][column_key] = value
        row_index = self._row_locations.get(row_key)
        self._forget_row(row_key, row_index)
        self.refresh_row(row_index)

    def _forget_row(self, row_key: RowKey, row_index: int) -> None:
        """Drop the cached renders of one row (the caches' keys name the row or its lines)."""
        self._row_renderable_cache.discard((self._update_count, row_index))
        for cache in (self._cell_render_cache, self._row_render_cache):
            for key in [k for k in cache.keys() if k[0] == row_key]:
                cache.discard(key)
        lines = self._line_cache
        if lines:
            offsets = self._get_offsets
            stale = []
            for key in lines.keys():
                try:
                    if offsets(key[0])[0] == row_key:
                        stale.append(key)
                except LookupError:
                    continue
            for key in stale:
                lines.discard(key)


def set_text(widget: Static, text: str) -> None:
    """Show `text` in `widget`; lay the screen out again only if its size may change."""
    previous = getattr(widget, "_shown_text", None)
    if previous == text:
        return
    widget._shown_text = text  # type: ignore[attr-defined]
    widget.update(text, layout=not _same_size(widget, previous, text))


def _same_size(widget: Static, before: str | None, after: str) -> bool:
    """True when `after` surely takes the room `before` took: as many lines, each as wide,
    none wrapped, and no markup that could change the widths."""
    if before is None or "[" in before or "[" in after or not widget.is_mounted:
        return False
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return False
    width = widget.content_size.width
    for a, b in zip(old, new):
        wa, wb = cell_len(a), cell_len(b)
        if wa != wb or wb > width:
            return False
    return width > 0
