"""Textual's command palette with its keys described in the interface language.

Its one sentence of its own ("No matches found") is written in a private method of Textual's
(`CommandPalette._start_no_matches_countdown`, Textual 8): no public hook sets that text, so it
is overridden here, outside `widgets/` (which uses Textual's public API only), with the other
places that must reach into Textual (display.py, the crash guard in app.py).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandPalette

from meeting_tui.i18n import _


class Palette(CommandPalette):
    BINDINGS = [
        Binding("ctrl+end, shift+end", "command_list('last')", _("Go to bottom"), show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", _("Go to top"), show=False),
        Binding("down", "cursor_down", _("Next command"), show=False),
        Binding("escape", "escape", _("Exit the command palette")),
        Binding("pagedown", "command_list('page_down')", _("Next page"), show=False),
        Binding("pageup", "command_list('page_up')", _("Previous page"), show=False),
        Binding("up", "command_list('cursor_up')", _("Previous command"), show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own, with its one sentence translated (textual/command.py, Textual 8).
        from rich.align import Align
        from rich.text import Text
        from textual.command import CommandList
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
