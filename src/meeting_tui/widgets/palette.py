"""Textual's command palette with its keys described in the interface language."""

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
