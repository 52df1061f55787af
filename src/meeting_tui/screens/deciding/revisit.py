"""The revisit screen: reconsider, rescind or amend a decision (PROCEDURE.md: Revisiting
decisions; RONR as the charter tunes it).

Pick the decision (type its register id, or pick it from the register), the kind of motion,
the mover (and, after a show of hands, how the mover voted), the new information when the
charter requires it. The screen shows at once whether the motion is in order: OK with its
threshold and the basis of that threshold, or every reason it is not. Moving it creates an
ordinary proposal that goes to the normal vote flow. Notice of a motion (for the next
session) and the executed mark are given here too.

The committee's register (other sessions) is read once, in a worker, when the screen opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Select, Static

from meeting_tui.domain import eligibility, revisit
from meeting_tui.domain.rules import threshold_label
from meeting_tui.i18n import _, join, tr
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.fields import Input
from meeting_tui.widgets.timer_strip import TimerStrip

UNKNOWN = "?"  # how the mover voted is not known (a show of hands): ask


class RevisitScreen(SessionView, Screen):
    BINDINGS = [
        Binding("ctrl+o", "pick", _("Pick from register"), show=True, id="revisit-pick-key", tooltip=_("Choose the decision in the committee's register")),
        Binding("ctrl+s", "move", _("Move"), show=True, id="revisit-move-key", tooltip=_("Move the motion: it becomes a proposal for the normal vote")),
        Binding("ctrl+n", "notice", _("Give notice"), show=True, id="revisit-notice-key", tooltip=_("Give notice of this motion for the next session")),
        Binding("ctrl+t", "executed", _("Mark executed"), show=True, id="revisit-executed-key", tooltip=_("Record that the decision was carried out irreversibly")),
        Binding("escape", "back", _("Back"), show=True, id="revisit-back", tooltip=_("Back to the live screen")),
    ]

    @dataclass
    class ViewLoaded(Message):
        """The load_view worker's result: the register view, or why it could not be read."""

        view: object | None
        error: str = ""

    def __init__(self, session: SessionService, register_id: str = "") -> None:
        super().__init__()
        self.session = session
        self.initial_id = register_id
        self.view = None  # the RegisterView of the committee's other sessions (worker)

    @property
    def state(self):
        return self.session.state

    def compose(self) -> ComposeResult:
        state = self.state
        movers = [("—", "")] + [
            (f"{m.name} — {m.organisation}" if m.organisation else m.name, m.id) for m in eligibility.movers(state)
        ]
        kinds = [(tr(revisit.KIND_LABELS[k]), k) for k in revisit.KINDS]
        sides = [
            (_("not known (ask the mover)"), UNKNOWN),
            (_("voted yes"), "yes"),
            (_("voted no"), "no"),
            (_("abstained"), "abstain"),
            (_("did not vote"), ""),
        ]
        own = [d.register_id for d in state.decisions.records if d.register_id] + [d.register_id for d in state.conflicts.decisions]
        yield Header()
        yield TimerStrip(self.session)
        with Horizontal(id="revisit"):
            with VerticalScroll(id="revisit-form"):
                yield Label(_("Decision (register id)"))
                with Horizontal(classes="revisit-row"):
                    yield Input(value=self.initial_id, placeholder=_("e.g. EXE-2026-014"), id="revisit-id")
                    yield Button(_("Register…"), id="revisit-pick")
                if own:
                    yield Label(_("This session: {ids}", ids=join(own)), classes="dialog-help")
                yield Label(_("Motion"))
                yield Select(kinds, value="reconsider", allow_blank=False, id="revisit-kind")
                yield Label(_("Mover (a voting member present)"))
                yield Select(movers, value="", allow_blank=False, id="revisit-mover")
                yield Label(_("How the mover voted (asked after a show of hands)"))
                yield Select(sides, value=UNKNOWN, allow_blank=False, id="revisit-side")
                yield Label(_("New information (when the charter requires it; minuted)"))
                yield Input(id="revisit-info")
                yield Label(_("Text: the amended decision (amend), or empty for the default"))
                yield Input(id="revisit-text")
                with Horizontal(classes="buttons"):
                    yield Button(_("Move"), variant="primary", id="revisit-move")
                    yield Button(_("Give notice"), id="revisit-notice")
                    yield Button(_("Mark executed"), id="revisit-executed")
            with Vertical(id="revisit-result"):
                yield Label(_("Eligibility"), classes="pane-title")
                yield Static("", id="revisit-eligibility", markup=False)
                yield Static("", id="revisit-decision", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.state.committee.name
        self.sub_title = _("Revisit a decision · {title}", title=self.state.title)
        self.query_one("#revisit-id", Input).focus()
        self.refresh_eligibility()
        self.load_view()

    @work(thread=True, exclusive=True, exit_on_error=False, group="revisit-register")
    def load_view(self) -> None:
        from meeting_tui.register import view_for_session
        from meeting_tui.workspace import Workspace

        path = self.session.path
        try:
            view = view_for_session(Workspace(path.parent.parent), path.parent.name, path)
        except Exception as error:  # noqa: BLE001 - shown; this session's decisions still work
            self.post_message(self.ViewLoaded(None, str(error)))
            return
        self.post_message(self.ViewLoaded(view))

    def on_revisit_screen_view_loaded(self, message: ViewLoaded) -> None:
        if message.view is None:
            self.notify(_("Could not read the committee's register ({error}).", error=message.error), severity="warning")
            return
        self.view = message.view
        self.refresh_eligibility()

    def session_changed(self, message: SessionChanged | None) -> None:
        self.refresh_eligibility()

    # -- the form -----------------------------------------------------------------------------

    def values(self) -> dict:
        side = str(self.query_one("#revisit-side", Select).value)
        return {
            "register_id": self.query_one("#revisit-id", Input).value.strip(),
            "kind": str(self.query_one("#revisit-kind", Select).value),
            "mover": str(self.query_one("#revisit-mover", Select).value or ""),
            "mover_voted_side": None if side == UNKNOWN else side,
            "new_information": self.query_one("#revisit-info", Input).value,
            "text": self.query_one("#revisit-text", Input).value,
        }

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refresh_eligibility()

    def eligibility(self) -> revisit.Eligibility | None:
        v = self.values()
        if not v["register_id"]:
            return None
        return revisit.check(
            self.state,
            v["kind"],
            v["register_id"],
            register=self.view,
            mover=v["mover"],
            mover_voted_side=v["mover_voted_side"],
            new_information=v["new_information"],
        )

    def refresh_eligibility(self) -> None:
        box = self.query_one("#revisit-eligibility", Static)
        decision = self.query_one("#revisit-decision", Static)
        result = self.eligibility()
        v = self.values()
        found = revisit.locate(self.state, v["register_id"], self.view) if v["register_id"] else None
        if found is not None:
            info, same = found
            lines = [
                _("{id} · {status} · {date}", id=info.register_id, status=revisit.status_label(info.current_status), date=info.date or "?"),
                info.text,
            ]
            if same:
                lines.append(_("Taken in this session."))
            if info.executed:
                lines.append(_("Marked executed."))
            decision.update("\n".join(lines))
        else:
            decision.update("" if self.view is not None else _("Reading the register…"))
        if result is None:
            box.update(_("Type a register id, or press ctrl+o to pick one from the register."))
            box.set_class(False, "-ok")
            box.set_class(False, "-refused")
            return
        if result.ok:
            lines = [_("IN ORDER. Threshold: {threshold}", threshold=threshold_label(result.threshold) if result.threshold else "—")]
            if result.alternative:
                lines.append(_("or {alternative}", alternative=threshold_label(result.alternative)))
            if result.basis:
                lines.append(result.basis)
            if result.mover_rule:
                lines.append(result.mover_rule)
            if not v["mover"]:
                lines.append(_("Choose the mover to move it."))
        else:
            lines = [_("NOT ALLOWED:")] + [f"• {reason}" for reason in result.reasons]
            if result.mover_rule:
                lines.append(result.mover_rule)
        box.update("\n".join(lines))
        box.set_class(result.ok, "-ok")
        box.set_class(not result.ok, "-refused")

    # -- actions ------------------------------------------------------------------------------

    @on(Button.Pressed, "#revisit-pick")
    def action_pick(self) -> None:
        from meeting_tui.screens.records.register import RegisterScreen

        def picked(register_id: str | None) -> None:
            if register_id:
                self.query_one("#revisit-id", Input).value = register_id

        path: Path = self.session.path
        self.app.push_screen(RegisterScreen(path.parent, name=self.state.committee.name, pick=True), picked)

    @on(Button.Pressed, "#revisit-move")
    def action_move(self) -> None:
        v = self.values()
        common = {"mover": v["mover"], "text": v["text"], "new_information": v["new_information"], "register": self.view}
        if v["kind"] == "reconsider":
            events = self.session.act(revisit.move_reconsider, v["register_id"], mover_voted_side=v["mover_voted_side"], **common)
        elif v["kind"] == "rescind":
            events = self.session.act(revisit.move_rescind, v["register_id"], **common)
        else:
            events = self.session.act(revisit.move_amend, v["register_id"], **common)
        if not events:
            self._refused()
            return
        proposal = events[0].data["id"]
        self.notify(_("{id} is before the meeting. Open the decisions screen (D) to vote on it.", id=proposal))
        from meeting_tui.screens.deciding.decisions import DecisionsScreen

        self.app.switch_screen(DecisionsScreen(self.session))

    @on(Button.Pressed, "#revisit-notice")
    def action_notice(self) -> None:
        v = self.values()
        if self.session.act(revisit.give_notice, v["register_id"], register=self.view, kind=v["kind"], mover=v["mover"], text=v["text"]):
            self.notify(_("Notice recorded: at the next session the motion needs a lower threshold."))
        else:
            self._refused()

    @on(Button.Pressed, "#revisit-executed")
    def action_executed(self) -> None:
        v = self.values()
        if self.session.act(revisit.mark_executed, v["register_id"], register=self.view, note=v["new_information"]):
            self.notify(_("{id} is marked executed: it can be amended forward, not rescinded.", id=v["register_id"]))
        else:
            self._refused()

    def _refused(self) -> None:
        box = self.query_one("#revisit-eligibility", Static)
        box.update(_("REFUSED: {reason}", reason=self.session.last_refusal))
        box.set_class(False, "-ok")
        box.set_class(True, "-refused")

    def action_back(self) -> None:
        self.app.pop_screen()
