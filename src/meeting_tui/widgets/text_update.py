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
    content = Content(text)
    widget.update(content, layout=not _same_size(widget, previous, text, content))


def _same_size(widget: Static, before: str | None, after: str, content: Content) -> bool:
    """True when `after` surely takes the room `before` took: as many lines, each as wide and
    none wrapped; or, wrapped both times (so as wide as the widget), as many lines once wrapped
    (a clock in a line too long for a narrow column, second after second). No markup."""
    if before is None or "[" in before or "[" in after or not widget.is_mounted:
        return False
    width = widget.content_size.width
    if width <= 0:
        return False
    old, new = [cell_len(line) for line in before.split("\n")], [cell_len(line) for line in after.split("\n")]
    if old == new and max(new) <= width:
        return True
    if max(old) <= width or max(new) <= width:
        return False  # wrapped once only: a widget as wide as its text may change width
    return content.get_height(widget.styles, width) == widget.content_size.height
