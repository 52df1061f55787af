"""The running agenda item's countdown in large digits; overrun counts up in another colour."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label

from meeting_tui.domain.session import ItemState
from meeting_tui.i18n import _
from meeting_tui.widgets.text_update import set_text


def format_seconds(seconds: float) -> str:
    """`mm:ss` (or `h:mm:ss`), rounding towards the displayed second; negative gets a sign."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def _set_digits(digits: Digits, value: str) -> None:
    if digits.value != value:  # Digits.update repaints even when nothing changed
        digits.update(value)


class ItemTimer(Vertical):
    """Title of the running item, its time left (or overrun), and elapsed against planned."""

    def compose(self) -> ComposeResult:
        yield Label(_("No item running — press n to start the next one"), id="timer-title")
        yield Digits("--:--", id="timer-digits")
        yield Label("", id="timer-detail")

    def show(self, item: ItemState | None, now: float, warn_minutes: float, idle: str | None = None) -> None:
        """`idle`: what to say when no item runs (the screen asks the domain; default: press n)."""
        title = self.query_one("#timer-title", Label)
        digits = self.query_one("#timer-digits", Digits)
        detail = self.query_one("#timer-detail", Label)
        if item is None:
            set_text(title, idle if idle is not None else _("No item running — press n to start the next one"))
            _set_digits(digits, "--:--")
            set_text(detail, "")
            self.remove_class("-warn", "-overrun", "-paused")
            return
        remaining = item.remaining(now)
        overrun = remaining < 0
        self.set_class(overrun, "-overrun")
        self.set_class(0 <= remaining <= warn_minutes * 60, "-warn")
        self.set_class(item.status == "paused", "-paused")
        paused = "  " + _("(paused)") if item.status == "paused" else ""
        set_text(title, f"{item.item.title}{paused}")
        _set_digits(digits, ("+" + format_seconds(-remaining)) if overrun else format_seconds(remaining))
        planned = item.planned_seconds
        if overrun:
            text = _("OVERRUN by {over} — elapsed {elapsed} of {planned} planned", over=format_seconds(-remaining), elapsed=format_seconds(item.elapsed(now)), planned=format_seconds(planned))
        else:
            text = _("elapsed {elapsed} of {planned} planned", elapsed=format_seconds(item.elapsed(now)), planned=format_seconds(planned))
        set_text(detail, text)
