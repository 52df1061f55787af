"""Textual's command palette with its keys described in the interface language.

Its one sentence of its own ("No matches found") is written in a private method of Textual's
(`CommandPalette._start_no_matches_countdown`, Textual 8): no public hook sets that text, so it
is overridden here, outside `widgets/` (which uses Textual's public API only), with the other
places that must reach into Textual (display.py, the crash guard in app.py).
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from meeting_tui.i18n import N_, _, tr


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


# Words people type for a command (by its action), besides the words of its name. Found in
# the interface language and in English.
KEYWORDS = {
    "decisions": N_("vote ballot secret roll call hands consensus round proposal decision"),
    "propose": N_("proposal motion move vote decision"),
    "pause_resume": N_("timer clock pause resume stop"),
    "extend": N_("timer clock minutes more time"),
    "next_item": N_("agenda item timer start"),
    "finish_item": N_("agenda item timer end"),
    "minutes": N_("minutes export markdown html word pdf record"),
    "approve_minutes": N_("minutes approve previous"),
    "toggle_presence": N_("attendance quorum arrive present leave"),
    "arrive_remote": N_("attendance quorum remote online phone video"),
    "search": N_("attendance quorum find search member"),
    "apologies": N_("attendance absent apologies"),
    "proxy": N_("proxy vote delegate carry"),
    "queue_speaker": N_("speaker speakers list floor queue"),
    "give_floor": N_("speaker floor next"),
    "stop_speaker": N_("speaker floor stop end"),
    "speaking_time": N_("speaker speaking time who spoke"),
    "withdraw_speaker": N_("speaker remove queue"),
    "close_session": N_("adjourn close end meeting"),
    "leave": N_("home back sessions"),
    "projector": N_("projector wall screen display"),
    "add_action": N_("action item task todo"),
    "register": N_("register decisions archive search"),
    "revisit": N_("revisit rescind amend reconsider"),
    "conflicts": N_("conflict dispute mediator arbitrator escalate"),
    "undo": N_("undo correct mistake"),
    "call_to_order": N_("call to order open start meeting"),
}


class KeywordCommands(Provider):
    """The screen's keys as commands (App.get_system_commands), found by their name or by the
    words people use for them: "vote" finds Decisions, "timer" Pause and Extend."""

    def _commands(self):
        for name, help_text, callback, *_rest in self.app.get_system_commands(self.screen):
            action = callback.args[0] if isinstance(callback, partial) and callback.args else ""
            english = KEYWORDS.get(action, "")
            yield name, help_text, callback, tr(english) if english else "", english

    async def discover(self) -> Hits:
        for name, help_text, callback, *_rest in sorted(self._commands(), key=lambda c: c[0]):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        wanted = query.casefold().split()
        for name, help_text, callback, local, english in self._commands():
            score = matcher.match(name)
            if score <= 0 and wanted:
                found = f"{local} {english} {help_text}".casefold().split()
                if all(any(word.startswith(w) for word in found) for w in wanted):
                    score = 0.5
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
