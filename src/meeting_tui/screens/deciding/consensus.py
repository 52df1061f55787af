"""The consensus round in progress (PROCEDURE.md: Consensus), with the charter's method.

The present participants are listed one per line; one key records the highlighted one's
response and moves to the next who has not responded: digits for gradients (1-8) and fist to
five (0-5), letters for formal consensus (a agree, r reservations, s stand aside, b block) and
consent (n no objection, o objection). A block or an objection opens a dialog for its reason,
which the domain requires. The spread per category and the round's standing are live; closing
(c) records the outcome, and after the charter's last round its fallback.
"""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from meeting_tui.domain import consensus, eligibility
from meeting_tui.domain.consensus import RESPONSE_LABELS
from meeting_tui.domain.decisions import METHOD_LABELS
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.rules import CONSENSUS_CATEGORY_LABELS, CONSENSUS_RESPONSES
from meeting_tui.i18n import _, join, ngettext, tr
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField
from meeting_tui.widgets.row_table import Column, RowTable
from meeting_tui.widgets.timer_strip import TimerStrip
from meeting_tui.widgets.quorum_meter import QuorumMeter
from meeting_tui.widgets.result_view import TallyBar, spread_segments

# The key of each response, per method (every response of every method has one).
RESPONSE_KEYS = {
    "formal": {"agree": "a", "reservations": "r", "stand-aside": "s", "block": "b"},
    "gradients": {str(n): str(n) for n in range(1, 9)},
    "fist-to-five": {str(n): str(n) for n in range(5, -1, -1)},
    "consent": {"no-objection": "n", "objection": "o"},
}
_LETTER_METHODS = ("formal", "consent")


def _response_bindings() -> list[Binding]:
    out = []
    for method, keys in RESPONSE_KEYS.items():
        for response, key in keys.items():
            label = tr(RESPONSE_LABELS[method][response])
            out.append(
                Binding(
                    key,
                    f"respond('{method}', '{response}')",
                    label,
                    show=method in _LETTER_METHODS,
                    tooltip=_("Record the highlighted participant's response: {label}; moves to the next", label=label),
                    id=f"consensus-{method}-{response}",
                )
            )
    return out


def participant_ids(state) -> list[str]:
    """The round's lines: present participants, and anyone who responded and has since left,
    in roster order."""
    current = state.decisions.round
    present = set(consensus.participants_present(state))
    responded = set(current.responses) if current is not None else set()
    return [mid for mid in state.members if mid in present or mid in responded]


class ConsensusScreen(SessionView, Screen):
    BINDINGS = [
        *_response_bindings(),
        Binding("e", "reason", _("Reason"), id="consensus-reason", tooltip=_("Give or change the highlighted participant's reason (for the minutes)")),
        Binding("c", "close_round", _("Close round"), show=True, id="consensus-close", tooltip=_("Close the round and record its outcome (asks first)")),
        Binding("x", "cancel_round", _("Cancel round"), id="consensus-cancel", tooltip=_("Withdraw a round opened by mistake: it does not count")),
        Binding("v", "projector", _("Projector"), id="consensus-projector", tooltip=_("Full-screen view for the wall, with the round in progress")),
        Binding("escape", "back", _("Back"), show=True, id="consensus-back", tooltip=_("Back to the proposals (the round stays open)")),
    ]

    def __init__(self, session: SessionService, register_number: Callable[[], int]) -> None:
        super().__init__()
        self.session = session
        self.register_number = register_number
        current = session.state.decisions.round
        self.method = current.method if current is not None else ""
        self.proposal_id = current.proposal if current is not None else ""
        self._ids: list[str] = []
        self._advance: tuple[int, str] | None = None  # (row, member) of a response just recorded

    @property
    def state(self):
        return self.session.state

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "respond":
            return bool(parameters) and parameters[0] == self.method
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuorumMeter(id="consensus-quorum")
        yield TimerStrip(self.session)
        with Vertical(id="consensus-head"):
            yield Label("", id="consensus-title", markup=False)
            yield Static("", id="consensus-text", markup=False)
        with Horizontal(id="consensus-body"):
            # the name, response and category are never cut; the reason and the organisation
            # give way, then are left out on a narrow screen (widgets/row_table.py)
            yield RowTable(
                [
                    Column(_("Participant"), flex=True, min_flex=20),
                    Column(_("Response"), flex=True, min_flex=12),
                    Column(_("Category")),
                    Column(_("Reason"), flex=True, min_flex=10, droppable=True),
                    Column(_("Organisation"), flex=True, min_flex=8, droppable=True),
                ],
                id="participants",
            )
            with Vertical(id="consensus-side"):
                yield Static("", id="consensus-count", markup=False)
                yield TallyBar(id="spread-bar")
                yield Static("", id="consensus-standing", markup=False)
                yield Static("", id="not-yet-responded", markup=False)
                yield Static("", id="consensus-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        state = self.state
        current = state.decisions.round
        self.title = state.committee.name
        self.sub_title = _("Consensus on {id}", id=self.proposal_id)
        if current is not None:
            proposal = state.decisions.proposals[current.proposal]
            self.query_one("#consensus-title", Label).update(
                _(
                    "Consensus round {n} on {id} version {version} — {method}",
                    n=current.number,
                    id=proposal.id,
                    version=current.version,
                    method=tr(METHOD_LABELS[current.method]),
                )
            )
            self.query_one("#consensus-text", Static).update(proposal.text)
        self.query_one("#consensus-keys", Static).update(self._keys_text())
        self.refresh_view()
        self.query_one("#participants", RowTable).focus()
        self._move_to_next(-1)

    def session_changed(self, message: SessionChanged | None) -> None:
        """Recorded here or elsewhere (attendance may have changed meanwhile): re-render, and
        after a response recorded here move on to the next participant."""
        self.refresh_view()
        advance, self._advance = self._advance, None
        if advance is not None:
            row, member = advance
            if self._ids and self._ids[min(max(row, 0), len(self._ids) - 1)] == member:
                self._move_to_next(row)

    def _keys_text(self) -> str:
        keys = RESPONSE_KEYS.get(self.method, {})
        parts = [
            _("{key}: {label} ({category})", key=key, label=tr(RESPONSE_LABELS[self.method][response]), category=tr(CONSENSUS_CATEGORY_LABELS[CONSENSUS_RESPONSES[self.method][response]]))
            for response, key in keys.items()
        ]
        return _("Keys:") + "\n" + "\n".join(parts)

    # -- rendering ----------------------------------------------------------------------------

    def _cells(self, member_id: str) -> tuple:
        state = self.state
        member = state.members[member_id]
        current = state.decisions.round
        response = current.responses.get(member_id) if current is not None else None
        if response is None:
            answer, category, reason = "—", "", ""
        else:
            answer = tr(RESPONSE_LABELS[self.method][response.response])
            category = tr(CONSENSUS_CATEGORY_LABELS[response.category])
            reason = response.reason
        return (member.name, answer, category, reason, member.organisation)

    def refresh_view(self) -> None:
        state = self.state
        self.query_one("#consensus-quorum", QuorumMeter).show(state.quorum())
        current = state.decisions.round
        if current is None:
            return
        ids = participant_ids(state)
        table = self.query_one("#participants", RowTable)
        if ids == self._ids:
            for mid in ids:
                table.update_row(mid, self._cells(mid))
        else:
            table.set_rows((mid, self._cells(mid)) for mid in ids)  # the cursor keeps its row number
        self._ids = ids
        spread = current.spread()
        present = consensus.participants_present(state)
        self.query_one("#consensus-count", Static).update(
            ngettext(
                "{responded} of {n} present responded · stand-asides allowed: at most {limit} if all respond ({percent}% of those who respond)",
                "{responded} of {n} present responded · stand-asides allowed: at most {limit} if all respond ({percent}% of those who respond)",
                len(present),
                responded=len(current.responses),
                limit=consensus.stand_asides_allowed_if_all_respond(state, current),
                percent=f"{current.max_stand_aside_fraction * 100:g}",
            )
        )
        self.query_one("#spread-bar", TallyBar).show(spread_segments(spread))
        self.query_one("#consensus-standing", Static).update(_("Standing now: {sentence}", sentence=consensus.explain_round(state, current)))
        waiting = consensus.not_yet_responded(state)
        names = [state.members[m].name for m in waiting]
        text = (
            _("Not yet responded ({n}): {names}", n=len(names), names=join(names))
            if names
            else _("Everyone present has responded. c closes the round.")
        )
        recused = eligibility.recused_seats(state, state.decisions.proposals[current.proposal])
        if recused:
            declared = join(state.members[m].name for m in dict.fromkeys(recused.values()))
            text += "\n" + _("Not taking part (declared interest; still counted for quorum): {names}", names=declared)
        self.query_one("#not-yet-responded", Static).update(text)

    # -- responses ----------------------------------------------------------------------------

    def highlighted(self) -> str | None:
        table = self.query_one("#participants", RowTable)
        if not self._ids or table.cursor_row < 0:
            self.notify(_("Nobody present can take part: mark arrivals on the live screen."), severity="warning")
            return None
        return self._ids[min(table.cursor_row, len(self._ids) - 1)]

    def _move_to_next(self, after: int) -> None:
        current = self.state.decisions.round
        if current is None:
            return
        present = set(consensus.participants_present(self.state))
        n = len(self._ids)
        for step in range(1, n + 1):
            row = (after + step) % n
            mid = self._ids[row]
            if mid in present and mid not in current.responses:
                self.query_one("#participants", RowTable).move_cursor(row=row)
                return

    def _refusal(self, member: str, response: str, reason: str) -> str | None:
        """The domain's refusal of this response, checked without recording anything."""
        try:
            consensus.respond(self.state, member, response, reason=reason, now=self.session.now())
        except Refusal as refusal:
            return refusal.message
        return None

    def action_respond(self, method: str, response: str) -> None:
        member = self.highlighted()
        if member is None:
            return
        category = CONSENSUS_RESPONSES[method][response]
        if category == "block":
            self._ask_reason(member, response, _("A block needs a reason, recorded in the minutes.") if method != "consent" else _("An objection needs a reason: what must change for it to be resolved."))
            return
        self._respond(member, response, "")

    def _respond(self, member: str, response: str, reason: str) -> None:
        row = self.query_one("#participants", RowTable).cursor_row
        if self.session.act(consensus.respond, member, response, reason=reason) is not None:
            self.refresh_view()  # now, not at the message: the next key (typed fast) is for the next one
            if self._ids and self._ids[min(max(row, 0), len(self._ids) - 1)] == member:
                self._move_to_next(row)

    def _ask_reason(self, member: str, response: str, help_text: str, value: str = "") -> None:
        name = self.state.members[member].name
        label = tr(RESPONSE_LABELS[self.method][response])

        def given(values: dict | None) -> None:
            if values is not None:
                self._respond(member, response, values["reason"])

        self.app.push_screen(
            FormDialog(
                _("{name}: {response}", name=name, response=label),
                [
                    FormField(
                        "reason",
                        _("Reason"),
                        value=value,
                        placeholder=_("e.g. the budget line for the community fund is missing"),
                        validate=lambda text: self._refusal(member, response, text),
                    )
                ],
                submit=_("Record"),
                help_text=help_text,
            ),
            given,
        )

    def action_reason(self) -> None:
        member = self.highlighted()
        current = self.state.decisions.round
        if member is None or current is None:
            return
        response = current.responses.get(member)
        if response is None:
            self.notify(
                _("{name} has not responded yet: record the response first.", name=self.state.members[member].name),
                severity="warning",
            )
            return
        self._ask_reason(member, response.response, _("The reason goes into the minutes with the response."), response.reason)

    # -- closing ------------------------------------------------------------------------------

    def action_close_round(self) -> None:
        state = self.state
        current = state.decisions.round
        if current is None:
            return
        waiting = len(consensus.not_yet_responded(state))
        question = _(
            "Close round {n} on {id}? {standing}",
            n=current.number,
            id=current.proposal,
            standing=consensus.explain_round(state, current),
        )
        if waiting:
            question += " " + ngettext("{n} present has not responded (silence is not counted).", "{n} present have not responded (silence is not counted).", waiting)

        def confirmed(yes: bool | None) -> None:
            if yes and self.session.act(consensus.close_round, register_number=self.register_number()):
                self.dismiss(self.proposal_id)

        self.app.push_screen(ConfirmDialog(question, yes=_("Close the round")), confirmed)

    def action_cancel_round(self) -> None:
        def cancelled(values: dict | None) -> None:
            if values is not None:
                self.dismiss(self.proposal_id)

        self.app.push_screen(
            FormDialog(
                _("Cancel consensus round on {id}? Nothing is decided and the round does not count.", id=self.proposal_id),
                [FormField("reason", _("Reason (for the record)"), placeholder=_("e.g. opened on the wrong proposal"))],
                submit=_("Cancel the round"),
                act=lambda v: self.session.attempt(consensus.cancel_round, reason=v["reason"]),
                refusal_field="reason",
            ),
            cancelled,
        )

    def action_projector(self) -> None:
        from meeting_tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.session))

    def action_back(self) -> None:
        self.dismiss(self.proposal_id)

    @on(RowTable.RowSelected, "#participants")
    def _selected(self) -> None:
        self.notify(self._keys_text(), timeout=5)
