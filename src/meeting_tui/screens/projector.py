"""The projector view: what the room reads on the wall, one key away from the live screen.

Full screen, high contrast whatever the theme: the current item, its time left in large
digits, the quorum state, who has the floor with their time, and the vote or consensus round
in progress (or the latest result). The facilitator keeps
control from here: next item, pause, next speaker and stop speaker work as on the live screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Label, Static

from meeting_tui.display import inline_name
from meeting_tui.domain import session as cmd
from meeting_tui.domain.eligibility import speaker_time_left
from meeting_tui.i18n import _, join, ngettext
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.big_clock import BigClock
from meeting_tui.widgets.item_timer import format_seconds
from meeting_tui.widgets.result_view import decision_line


class ProjectorScreen(SessionView, Screen):
    # Under 30 rows (80x24) the screen has the class -short: no blank lines between the parts,
    # so the item, its clock, the speaker, the queue and the vote all fit (app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("escape,v", "app.pop_screen", _("Back"), id="projector-back", tooltip=_("Back to the live screen")),
        Binding("n", "live('next_item')", _("Next item"), id="projector-next", tooltip=_("Finish the running item and start the next")),
        Binding("p", "live('pause_resume')", _("Pause/resume"), id="projector-pause", tooltip=_("Pause or resume the running item's timer")),
        Binding("g", "live('give_floor')", _("Next speaker"), id="projector-floor", tooltip=_("Give the floor to the next on the speakers' list")),
        Binding("h", "live('stop_speaker')", _("Stop speaker"), id="projector-stop", tooltip=_("End the current speaker's turn")),
    ]

    def __init__(self, session: SessionService) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        board_url = getattr(self.app, "board_url", "")
        if board_url:  # `meeting-tui follow --board-url`: people scan it from their seats
            yield Static(board_text(board_url), id="proj-board", markup=False)
        if self.session.read_only:  # a second window: say that it follows, read-only
            yield Label(_("Following the session as it is recorded · read-only"), id="proj-following")
        with Vertical(id="projector"):
            yield Label("", id="proj-quorum")
            yield Label("", id="proj-title")
            yield BigClock("--:--", id="proj-digits")
            yield Label("", id="proj-detail")
            yield Label("", id="proj-speaker")
            with Center():
                yield Digits("", id="proj-speaker-digits")
            yield Label("", id="proj-queue")
            yield Label("", id="proj-decision", markup=False)

    def on_resize(self) -> None:
        if self.query("#proj-board"):
            # the QR code needs about 34 x 20 cells; at 80x24 the address alone is shown
            big = self.size.width >= 110 and self.size.height >= 30
            board = self.query_one("#proj-board", Static)
            board.update(board_text(self.app.board_url, qr=big))
            board.set_class(not big, "-small")

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        if self.is_visible_now():  # hidden: no work
            self.refresh_view()

    def action_live(self, action: str) -> None:
        """The live screen's keys, as domain commands through the session service."""
        if action == "pause_resume":
            self.session.pause_or_resume()
        else:
            self.session.act({"next_item": cmd.next_item, "give_floor": cmd.give_floor, "stop_speaker": cmd.stop_speaker}[action])

    def session_changed(self, message: SessionChanged | None) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        state = self.session.state
        now = self.session.now()
        status = state.quorum()
        quorum = self.query_one("#proj-quorum", Label)
        quorum.update(status.summary())
        quorum.set_class(status.met, "-met")
        quorum.set_class(not status.met, "-lost")

        current = state.items.get(state.current_item) if state.current_item else None
        title = self.query_one("#proj-title", Label)
        digits = self.query_one("#proj-digits", BigClock)
        detail = self.query_one("#proj-detail", Label)
        if current is None:
            title.update(state.title)
            digits.update(format_seconds(state.meeting_elapsed(now)))
            detail.update(_("No item running · meeting time"))
            self.remove_class("-warn", "-overrun")
        else:
            remaining = current.remaining(now)
            overrun = remaining < 0
            title.update(current.item.title + ("  " + _("(paused)") if current.status == "paused" else ""))
            digits.update(("+" + format_seconds(-remaining)) if overrun else format_seconds(remaining))
            detail.update(_("OVERRUN") if overrun else _("time left"))
            self.set_class(overrun, "-overrun")
            self.set_class(0 <= remaining <= state.charter.timer.warn_minutes * 60, "-warn")

        turn = state.current_speaker
        speaker = self.query_one("#proj-speaker", Label)
        speaker_digits = self.query_one("#proj-speaker-digits", Digits)
        if turn is None:
            speaker.update("")
            speaker_digits.update("")
            speaker_digits.display = False
        else:
            member = state.members[turn.member]
            left = speaker_time_left(state, now)
            speaker.update(_("Speaking: {name} ({organisation})", name=inline_name(member.name), organisation=inline_name(member.organisation)))
            speaker_digits.display = True
            speaker_digits.update(("+" + format_seconds(-left)) if left < 0 else format_seconds(left))
            speaker_digits.set_class(left < 0, "-overrun")
        queue = [inline_name(state.members[m].name) for m in state.speaker_queue[:3]]  # "(+2 more)" stays out of an Arabic name
        more = len(state.speaker_queue) - len(queue)
        text = _("Next: {names}", names=join(queue)) if queue else ""
        if more > 0:
            text += " " + ngettext("(+{n} more)", "(+{n} more)", more)
        self.query_one("#proj-queue", Label).update(text)
        decision = self.query_one("#proj-decision", Label)
        decision.update(decision_line(state))
        decision.display = bool(state.decisions.proposals)


def board_text(url: str, *, qr: bool = True) -> str:
    """The board's address and, when there is room, a QR code of it (text blocks)."""
    lines = [_("Follow on your phone:"), url]
    if qr:
        import io

        import qrcode

        code = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_L)
        code.add_data(url)
        code.make(fit=True)
        out = io.StringIO()
        code.print_ascii(out=out, invert=True)
        lines = [out.getvalue().rstrip("\n"), *lines]
    return "\n".join(lines)
