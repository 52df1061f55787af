"""The timer strip: one line on every screen of a running session (issue #18).

The running item's time left (or its overrun) and the speaker's time (or overrun), both asked
from the domain (`ItemState.remaining`, `eligibility.speaker_time_left`), so a facilitator on
the decisions, vote, consensus or conflict screen, or in the notes, still sees the clocks. An
overrun turns the whole strip red and bold: it is not small text under the toasts. It is in the
flow of the screen (under the header), so it covers neither toasts nor content; a dialog shows
its own strip docked at the top. It moves once a second (its own clock tick, skipped while its
screen cannot be seen) and at once when the session changes (`SessionView` calls `show_now`).
"""

from __future__ import annotations

from typing import Protocol

from rich.cells import cell_len

from textual.widgets import Static

from meeting_tui.domain.eligibility import speaker_time_left
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _, short
from meeting_tui.widgets.item_timer import format_seconds
from meeting_tui.widgets.text_update import set_text


class SessionSource(Protocol):
    """A session service or controller: its state and its clock."""

    @property
    def state(self) -> SessionState: ...

    def now(self) -> float: ...


def strip_text(state: SessionState, now: float, width: int = 80) -> tuple[str, bool, bool]:
    """The strip's line for `width` cells (the item's title gives way, never a time), whether
    something is over its time, whether the item is near its end."""
    over = warn = False
    speaker = ""
    left = speaker_time_left(state, now)
    turn = state.current_speaker
    if turn is not None and left is not None:
        name = short(state.members[turn.member].name, 24)
        if left >= 0:
            speaker = _("Floor: {name} — {left} left", name=name, left=format_seconds(left))
        else:
            over = True
            speaker = _("Floor: {name} — OVER by {over}", name=name, over=format_seconds(-left))
    current = state.items.get(state.current_item) if state.current_item else None
    if state.is_closed:
        item = _("Session closed · meeting {elapsed}", elapsed=format_seconds(state.meeting_elapsed(now)))
    elif state.called_at is None:  # a prepared session (the demo too): say what comes first
        item = _("Not yet called to order — take attendance, then press O")
    elif current is None:
        item = _("No item running · meeting {elapsed}", elapsed=format_seconds(state.meeting_elapsed(now)))
    else:
        remaining = current.remaining(now)
        paused = " " + _("(paused)") if current.status == "paused" else ""
        if remaining < 0:
            over = True
            line = lambda title: _("OVERRUN {over} · {title}", over=format_seconds(-remaining), title=title) + paused  # noqa: E731
        else:
            warn = remaining <= state.charter.timer.warn_minutes * 60
            line = lambda title: _("{left} left · {title}", left=format_seconds(remaining), title=title) + paused  # noqa: E731
        room = width - 2 - cell_len(line("")) - (cell_len(SEPARATOR + speaker) if speaker else 0)
        item = line(short(current.item.title, max(12, room)))
    return (item + SEPARATOR + speaker if speaker else item), over, warn


SEPARATOR = "  │  "


class TimerStrip(Static):
    """Item time left and speaker time, one line, on every screen of a running session."""

    DEFAULT_CSS = """
    TimerStrip {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $boost;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TimerStrip.-warn { background: $warning 40%; }
    TimerStrip.-over { background: $error; color: $text; }
    ModalScreen > TimerStrip { dock: top; }
    """

    def __init__(self, session: SessionSource, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.session = session

    def on_mount(self) -> None:
        self.show_now()
        self.set_interval(1.0, self._tick)  # one clock for the widget's life

    def on_resize(self) -> None:
        self.show_now()  # re-fitted to the new width; the clock is not started again

    def _tick(self) -> None:
        app = self.app
        screen = self.screen
        # the top screen, or a screen behind a dialog: the only ones that can be seen
        stack = app.screen_stack
        if screen is stack[-1] or (screen in stack and all(s.is_modal for s in stack[stack.index(screen) + 1 :])):
            self.show_now()

    def show_now(self) -> None:
        text, over, warn = strip_text(self.session.state, self.session.now(), self.size.width or 80)
        self.set_class(over, "-over")
        self.set_class(warn and not over, "-warn")
        set_text(self, text)
