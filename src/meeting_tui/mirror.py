"""The mirrored layout of a right-to-left interface (Arabic): the way an Arabic reader scans.

When the interface language is written right to left the app carries the class `-rtl`
(app.py), and three things follow, each done once for every screen:

- Side by side is right to left: every horizontal layout (panes, a label and its field, a row
  of buttons, a Markdown bullet and its text, a Select's arrow) places its first child on the
  right. This is Textual's `HorizontalLayout`, arranged as usual and then mirrored within the
  room its children take; the container's alignment is applied after, as always.
- Stacked is right-aligned: in a vertical layout a child narrower than its container (a pane's
  title, an auto-width label, a dialog on a screen that does not centre it) sits on the right.
- What cannot be mirrored by placing children (a pane's separating border, the indent of a
  help line under its field, the side a row of buttons is aligned to) has `.-rtl` rules in
  styles/app.tcss.
- Tables (widgets/row_table.py) put their first column on the right and align every cell to
  the right; the footer (widgets/footer.py) lists its keys from the right.

English keeps Textual's own layout: nothing is wrapped unless a right-to-left language is in
use, and `set_mirrored(False)` puts Textual's method back.
"""

from __future__ import annotations

from typing import Any

_originals: dict[type, Any] = {}  # Textual's own arrange methods, while they are wrapped


def is_mirrored() -> bool:
    return bool(_originals)


def _mirrored_arrange(self, parent, children, size, greedy: bool = True):
    original = next(_originals[cls] for cls in type(self).__mro__ if cls in _originals)
    placements = original(self, parent, children, size, greedy)
    flow = [p for p in placements if not p.overlay and not p.absolute]
    if not flow:
        return placements
    # Left-aligned (the default): mirror within the container, so the children keep to its
    # right edge. Otherwise within the room the children take (left edge 0): the container's
    # alignment is applied to that room afterwards, as for any layout.
    styles = parent.styles
    if styles.align_horizontal == "left" and not styles.is_auto_width:
        right = size.width
    else:
        right = max(p.region.right + p.margin.right for p in flow)
    mirrored = []
    for placement in placements:
        if placement.overlay or placement.absolute:
            mirrored.append(placement)
            continue
        region = placement.region
        mirrored.append(placement._replace(region=region._replace(x=right - region.right)))
    return mirrored


def set_mirrored(on: bool) -> None:
    """Mirror (`on`) or restore Textual's horizontal and vertical layouts."""
    from textual.layouts.horizontal import HorizontalLayout
    from textual.layouts.vertical import VerticalLayout

    for cls in (HorizontalLayout, VerticalLayout):
        if on and cls not in _originals:
            _originals[cls] = cls.__dict__["arrange"]
            cls.arrange = _mirrored_arrange
        elif not on and cls in _originals:
            cls.arrange = _originals.pop(cls)
