"""Cheaper updates of the live screen's labels, second after second (issue #8).

`set_text` updates a Static or Label only when its text changed, and asks for a new layout
only when the new text may change the widget's size: Textual's `Static.update` lays out the
whole screen by default (with a 500-row roster, the largest part of a key press).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

_shown: WeakKeyDictionary[Static, str] = WeakKeyDictionary()  # what each widget shows now


def set_text(widget: Static, text: str) -> None:
    """Show `text` (plain text, never markup: it carries names and titles) in `widget`; lay
    the screen out again only if its size may change."""
    previous = _shown.get(widget)
    if previous == text:
        return
    _shown[widget] = text
    widget.update(Content(text), layout=not _same_size(widget, previous, text))


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
