"""The mirrored layout of a right-to-left interface (Arabic): the way an Arabic reader scans.

When the interface language is written right to left the app carries the class `-rtl`
(app.py), and three things follow, each done once for every screen:

- Side by side is right to left: every horizontal layout (panes, a label and its field, a row
  of buttons, a Markdown bullet and its text, a Select's arrow) places its first child on the
  right. This is Textual's `HorizontalLayout`, arranged as usual and then mirrored within the
  room its children take; the container's alignment is applied after, as always.
- Stacked is right-aligned: in a vertical layout a child narrower than its container (a pane's
  title, an auto-width label, a dialog on a screen that does not centre it) sits on the right.
- The alignment is mirrored too: what a container aligns to the right in English (a dialog's
  buttons) goes to the left, its first child the rightmost.
- What cannot be mirrored by placing children (a pane's separating border, the indent of a
  help line under its field, a docked panel) has `.-rtl` rules in styles/app.tcss.
- Tables put their first column on the right: the live screen's RowTable (widgets/row_table.py,
  which also aligns every cell to the right) itself, Textual's DataTable (votes, consensus,
  the register, the editors) by drawing the cells of each line in the opposite order. The footer (widgets/footer.py) lists its keys from the right.

English keeps Textual's own layout: nothing is wrapped unless a right-to-left language is in
use, and `set_mirrored(False)` puts Textual's methods back. Only public classes and methods
are wrapped (`HorizontalLayout.arrange`, `VerticalLayout.arrange`, `DataTable.render_line`);
tests/ui/test_mirrored_layout.py fails if an upgrade moves them.
"""

from __future__ import annotations

from typing import Any

from meeting_tui.display import own_direction

_originals: dict[type, Any] = {}  # Textual's own arrange methods, while they are wrapped


def is_mirrored() -> bool:
    return bool(_originals)


def _mirrored_arrange(self, parent, children, size, greedy: bool = True):
    original = next(_originals[cls] for cls in type(self).__mro__ if cls in _originals)
    placements = original(self, parent, children, size, greedy)
    if own_direction(parent) == "L":
        return placements  # an English document shown in an Arabic interface keeps its layout
    flow = [p for p in placements if not p.overlay and not p.absolute]
    if not flow:
        return placements
    # Left-aligned (the default): mirror within the container, so the children keep to its
    # right edge. Otherwise within the room the children take (left edge 0): the container's
    # alignment is applied to that room afterwards, as for any layout.
    # Right-aligned: mirrored within that room and moved to the left edge, which the alignment
    # (adding the room left over) then turns into the right edge's mirror image: the left one.
    styles = parent.styles
    bounds = max(p.region.right + p.margin.right for p in flow)
    shift = 0
    if styles.is_auto_width:
        right = bounds
    elif styles.align_horizontal == "left":
        right = size.width
    else:
        right = bounds
        if styles.align_horizontal == "right":
            shift = max(0, size.width - bounds)
    mirrored = []
    for placement in placements:
        if placement.overlay or placement.absolute:
            mirrored.append(placement)
            continue
        region = placement.region
        mirrored.append(placement._replace(region=region._replace(x=right - region.right - shift)))
    return mirrored


def _mirrored_table_line(self, y: int):
    """A DataTable's line with its cells in the opposite order (the first column on the right)
    and the room left over on the left. A table wider than its widget shows what is in view
    the same way: the cut column is the leftmost."""
    from textual.strip import Strip

    strip = next(_originals[cls] for cls in type(self).__mro__ if cls in _originals)(self, y)
    if self.show_row_labels and any(row.label for row in self.rows.values()):
        return strip
    full = strip.cell_length
    # a vertical scrollbar covers the right of the line: the first column ends before it
    width = min(full, self.scrollable_content_region.width) or full
    cells, x = [], -int(self.scroll_x)
    for column in self.ordered_columns:
        right = x + column.get_render_width(self)
        if right > 0 and x < width:
            cells.append(strip.crop(max(x, 0), min(right, width)))
        x = right
    if not cells:
        return strip
    shown = sum(cell.cell_length for cell in cells)
    return Strip.join([strip.crop(shown, width), *reversed(cells), strip.crop(width, full)])


def set_mirrored(on: bool) -> None:
    """Mirror (`on`) or restore Textual's horizontal and vertical layouts and DataTable's lines."""
    from textual.layouts.horizontal import HorizontalLayout
    from textual.layouts.vertical import VerticalLayout

    wrapped = [(HorizontalLayout, "arrange", _mirrored_arrange), (VerticalLayout, "arrange", _mirrored_arrange)]
    if on or any(cls.__name__ == "DataTable" for cls in _originals):
        from textual.widgets import DataTable  # imported only for a right-to-left interface

        wrapped.append((DataTable, "render_line", _mirrored_table_line))
    for cls, name, wrapper in wrapped:
        if on and cls not in _originals:
            _originals[cls] = cls.__dict__[name]
            setattr(cls, name, wrapper)
        elif not on and cls in _originals:
            setattr(cls, name, _originals.pop(cls))
