"""The line being typed, in display order, under a TextArea (`reorder` mode only).

Text being typed stays in logical order so the cursor stays under the character it edits; on
a terminal without bidi support Arabic then reads backwards and unjoined while it is typed.
This line under the field shows the cursor's line as it will read everywhere else: shaped and
in display order (it is an ordinary Static, so the display mode reorders it). Hidden when the
line has no right-to-left text or the terminal does bidi itself (`terminal` mode).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from meeting_tui.display import display_mode
from meeting_tui.rtl import has_rtl
from meeting_tui.widgets.text_area import TextArea


class TypingPreview(Static):
    BIDI_DIRECTION = "auto"  # the line typed, in its own direction (display.py)
    DEFAULT_CSS = """
    TypingPreview { width: 100%; height: auto; max-height: 3; color: $text-muted; display: none; }
    TypingPreview.-shown { display: block; }
    """

    def follow(self, area: TextArea) -> None:
        """Show the line under `area`'s cursor (call on TextArea.Changed and SelectionChanged)."""
        row = area.cursor_location[0]
        line = area.document.get_line(row) if row < area.document.line_count else ""
        shown = display_mode() == "reorder" and has_rtl(line)
        self.set_class(shown, "-shown")
        if shown:
            self.update(Text(line))
