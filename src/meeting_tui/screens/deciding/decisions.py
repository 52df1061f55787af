"""The decisions screen: the session's proposals, each one's versions and result, and the way
into a vote or a consensus round (PROCEDURE.md: Voting, Consensus, Decision scope).

Left: the proposals with their status; under them the highlighted proposal's versions, mover
and seconder, and its consensus rounds. Right: its result, large (outcome word, tally bar,
the domain's sentence), and what happens next (another round, the charter's fallback).

Register ids are committee-wide: the screen scans the committee's other session files once,
in a worker, when it opens (`workspace.next_register_number`); closing a vote or a round adds
this session's own register ids to that number without reading any file.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static
from textual.worker import Worker, WorkerState

from meeting_tui.domain import consensus, decisions, eligibility
from meeting_tui.domain.decisions import BALLOTS, METHOD_LABELS, register_prefix, session_year
from meeting_tui.domain.errors import Refusal
from meeting_tui.i18n import _, join, labels, ngettext, short, tr
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.dialogs import FormDialog, FormField
from meeting_tui.widgets.timer_strip import TimerStrip
from meeting_tui.widgets.quorum_meter import QuorumMeter
from meeting_tui.widgets.result_view import Result, ResultView, decision_result, round_result


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False, id: str) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=id)


def proposal_result(state, proposal) -> Result | None:
    """The latest result of a proposal: its decision, or its last round without consensus."""
    candidates = [(d.at, 1, d) for d in state.decisions.records if d.proposal == proposal.id]
    candidates += [(r.closed_at, 0, r) for r in proposal.rounds if r.outcome == "no-consensus" and r.closed_at]
    if not candidates:
        return None
    latest = max(candidates, key=lambda c: (c[0], c[1]))[2]
    if isinstance(latest, decisions.Decision):
        return decision_result(latest)
    return round_result(state, latest)


def fallback_text(fallback: str) -> str:
    if fallback == "vote":
        return _("a vote")
    if fallback == "escalate":
        return _("escalation")
    return _("deferral to the next session")


def next_step(state, proposal) -> str:
    """What happens next to a proposal after its consensus rounds, in one or two sentences."""
    rules = state.charter.consensus
    n = proposal.failed_rounds
    if proposal.status == "escalated":
        return ngettext(
            "ESCALATED after {n} round without consensus: pending on the escalation ladder, where it is decided.",
            "ESCALATED after {n} rounds without consensus: pending on the escalation ladder, where it is decided.",
            n,
        )
    if proposal.status == "deferred":
        return ngettext(
            "DEFERRED after {n} round without consensus: carried to the next session's agenda.",
            "DEFERRED after {n} rounds without consensus: carried to the next session's agenda.",
            n,
        )
    if proposal.status != "open":
        return ""
    if proposal.fallback_vote:
        return ngettext(
            "FALLBACK: after {n} round without consensus the charter calls for a vote at {threshold}. Press b to open it.",
            "FALLBACK: after {n} rounds without consensus the charter calls for a vote at {threshold}. Press b to open it.",
            n,
            threshold=eligibility.governed_threshold(state, proposal).label(),
        )
    last = proposal.rounds[-1] if proposal.rounds else None
    if last is not None and last.outcome == "no-consensus":
        left = max(1, rules.max_rounds) - n
        return ngettext(
            "Back to discussion. Amend the proposal (a) and open a new round (r): {n} round left before the charter's fallback ({fallback}).",
            "Back to discussion. Amend the proposal (a) and open a new round (r): {n} rounds left before the charter's fallback ({fallback}).",
            left,
            fallback=fallback_text(rules.fallback),
        )
    if last is not None and last.outcome == "no-quorum":
        return _("The last round had no quorum: regain quorum, then open a new round (r) or a vote (b).")
    return ""


class DecisionsScreen(SessionView, Screen):
    BINDINGS = [
        _b("y", "propose", _("Propose"), _("Put a new proposal before the meeting"), show=True, id="decisions-propose"),
        _b("a", "amend", _("Amend"), _("Amend the highlighted proposal: a new numbered version; earlier ones are kept"), show=True, id="decisions-amend"),
        _b("w", "correct_wording", _("Correct wording"), _("Correct a typo in the highlighted proposal before any vote on it: no new version; minuted as a correction"), id="decisions-correct-wording"),
        _b("b", "open_vote", _("Vote"), _("Open a vote on the highlighted proposal: choose the ballot and the threshold"), show=True, id="decisions-vote"),
        _b("r", "open_round", _("Consensus round"), _("Open a consensus round on the highlighted proposal (the charter's method)"), show=True, id="decisions-round"),
        _b("I", "declare_interest", _("Interest"), _("A member declares an interest in the highlighted proposal: no part in its votes and rounds (minuted)"), id="decisions-interest"),
        Binding(
            "enter",
            "resume",
            _("Continue"),
            show=True,
            priority=True,
            id="decisions-continue",
            tooltip=_("Go back to the vote or consensus round in progress"),
        ),
        _b("v", "projector", _("Projector"), _("Full-screen view for the wall, with the result in progress"), id="decisions-projector"),
        Binding("escape", "back", _("Back"), show=True, id="decisions-back", tooltip=_("Back to the live screen (a vote in progress stays open)")),
    ]

    def __init__(self, session: SessionService) -> None:
        super().__init__()
        self.session = session
        self._ids: list[str] = []
        self._register_floor: int | None = None
        path = session.path
        self._session_path = path
        self._prefix = register_prefix(session.state.committee.body)
        self._year = session_year(session.state)

    @property
    def state(self):
        return self.session.state

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuorumMeter(id="decisions-quorum")
        yield TimerStrip(self.session)
        with Horizontal(id="decisions"):
            with Vertical(id="proposals-pane"):
                yield Label(_("Proposals"), classes="pane-title", id="proposals-title")
                yield DataTable(id="proposals", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="proposal-detail-box"):
                    yield Static("", id="proposal-detail", markup=False)
            with Vertical(id="result-pane"):
                yield Static("", id="in-progress", markup=False)
                yield ResultView(id="result")
                yield Static("", id="next-step", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        state = self.state
        self.title = state.committee.name
        self.sub_title = _("Decisions · {title}", title=state.title)
        self.query_one("#proposals", DataTable).add_columns(_("Id"), _("Status"), _("Version"), _("Text"), _("Item"))
        self.refresh_view(select=self._busy_proposal() or (list(state.decisions.proposals)[-1] if state.decisions.proposals else None))
        self.query_one("#proposals", DataTable).focus()
        self.run_worker(self._scan_register, name="register-scan", group="register", thread=True, exclusive=True, exit_on_error=False)
        if state.decisions.ballot is not None or state.decisions.round is not None:
            self.call_after_refresh(self.action_resume)

    # -- the register number ------------------------------------------------------------------

    def _scan_register(self) -> int:
        from meeting_tui.workspace import Workspace, next_register_number

        path = self._session_path
        return next_register_number(Workspace(path.parent.parent), path.parent.name, self._prefix, self._year, exclude=path)

    @on(Worker.StateChanged)
    def _register_scanned(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "register-scan":
            return
        if event.state == WorkerState.SUCCESS:
            self._register_floor = event.worker.result
        elif event.state == WorkerState.ERROR:
            self.notify(
                _("Could not read the committee's other sessions for register numbers ({error}); they are read again when a vote closes.", error=event.worker.error),
                severity="warning",
            )

    def register_number(self) -> int:
        """The committee-wide next free register number (`decisions.next_register_number`): the
        other sessions' (scanned when the screen opened; scanned now if that has not finished)
        and this session's own."""
        if self._register_floor is None:
            self._register_floor = self._scan_register()
        return decisions.next_register_number(self.state, self._register_floor)

    # -- rendering ----------------------------------------------------------------------------

    def _busy_proposal(self) -> str | None:
        d = self.state.decisions
        if d.ballot is not None:
            return d.ballot.proposal
        if d.round is not None:
            return d.round.proposal
        return None

    def highlighted(self, *, warn: bool = True) -> str | None:
        table = self.query_one("#proposals", DataTable)
        if not self._ids or table.cursor_row < 0:
            if warn:
                self.notify(_("There is no proposal yet: press y to make one."), severity="warning")
            return None
        return self._ids[min(table.cursor_row, len(self._ids) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter (Continue) is offered only while a vote or a round is open to go back to."""
        if action == "resume":
            d = self.state.decisions
            return d.ballot is not None or d.round is not None
        return True

    def refresh_view(self, select: str | None = None) -> None:
        state = self.state
        self.refresh_bindings()  # Continue follows whether a vote or round is open
        self.query_one("#decisions-quorum", QuorumMeter).show(state.quorum())
        table = self.query_one("#proposals", DataTable)
        current = select or self.highlighted(warn=False)
        table.clear()
        self._ids = []
        busy = self._busy_proposal()
        for proposal in state.decisions.proposals.values():
            status = tr(labels.PROPOSAL_STATUS.get(proposal.status, proposal.status))
            if proposal.id == busy:
                status = _("voting") if state.decisions.ballot is not None else _("consensus round")
            item = state.items.get(proposal.item)
            table.add_row(
                proposal.id,
                status,
                _("v{n}", n=proposal.version),
                Text(short(proposal.text, 40)),
                Text(short(item.item.title, 28) if item else proposal.item),
                key=proposal.id,
            )
            self._ids.append(proposal.id)
        self.query_one("#proposals-title", Label).update(_("Proposals ({n})", n=len(self._ids)))
        if current in self._ids:
            table.move_cursor(row=self._ids.index(current))
        self.show_proposal(self.highlighted(warn=False))

    @on(DataTable.RowHighlighted, "#proposals")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_proposal(str(event.row_key.value) if event.row_key is not None else None)

    def show_proposal(self, proposal_id: str | None) -> None:
        state = self.state
        detail = self.query_one("#proposal-detail", Static)
        result = self.query_one("#result", ResultView)
        progress = self.query_one("#in-progress", Static)
        following = self.query_one("#next-step", Static)
        progress.update(self._progress_text())
        if proposal_id is None or proposal_id not in state.decisions.proposals:
            detail.update(_("No proposal yet. Press y to put one before the meeting."))
            result.show(None, "")
            following.update("")
            return
        proposal = state.decisions.proposals[proposal_id]
        detail.update(self._detail_text(proposal))
        outcome = proposal_result(state, proposal)
        if outcome is None:
            result.show(None, _("{id} is not decided yet. b opens a vote, r a consensus round.", id=proposal.id))
        else:
            result.show(outcome)
        following.update(next_step(state, proposal))
        following.set_class(proposal.fallback_vote or proposal.status in ("escalated", "deferred"), "-fallback")

    def _progress_text(self) -> str:
        d = self.state.decisions
        if d.ballot is not None:
            return _(
                "A vote ({method}) is open on {id}. Enter goes back to it.",
                method=tr(METHOD_LABELS[d.ballot.kind]),
                id=d.ballot.proposal,
            )
        if d.round is not None:
            return _("Consensus round {n} is open on {id}. Enter goes back to it.", n=d.round.number, id=d.round.proposal)
        return ""

    def _detail_text(self, proposal) -> str:
        from meeting_tui.screens.deciding.proposal import versions_text

        state = self.state
        item = state.items.get(proposal.item)
        lines = [
            _(
                "{id} · {status} · under “{item}”",
                id=proposal.id,
                status=tr(labels.PROPOSAL_STATUS.get(proposal.status, proposal.status)),
                item=item.item.title if item else proposal.item,
            )
        ]
        if proposal.matter:
            bodies = state.charter.scope.get(proposal.matter, ())
            if bodies:
                lines.append(_("Matter: {matter} (decided by {bodies})", matter=labels.matter(proposal.matter), bodies=join(labels.body(b) for b in bodies)))
            else:
                lines.append(_("Matter: {matter}", matter=labels.matter(proposal.matter)))
        who = []
        if proposal.mover:
            who.append(_("moved by {name}", name=self._member_name(proposal.mover)))
        if proposal.seconder:
            who.append(_("seconded by {name}", name=self._member_name(proposal.seconder)))
        if who:
            lines.append(join(who))
        for interest in eligibility.interests_on(state, proposal):
            lines.append(
                _("{name} declared an interest: takes no part in its votes and rounds.", name=self._member_name(interest.member))
                + (f" ({interest.note})" if interest.note else "")
            )
        if proposal.register_id:
            lines.append(_("Register: {id}", id=proposal.register_id))
        lines.append("")
        lines.append(_("Versions:"))
        lines.append(versions_text(proposal))
        if proposal.rounds:
            lines.append("")
            lines.append(_("Consensus rounds:"))
            for closed in proposal.rounds:
                lines.append(
                    _(
                        "Round {n} ({method}, v{version}): {sentence}",
                        n=closed.number,
                        method=tr(METHOD_LABELS[closed.method]),
                        version=closed.version,
                        sentence=consensus.explain_round(state, closed),
                    )
                )
        return "\n".join(lines)

    def _member_name(self, member_id: str) -> str:
        member = self.state.committee.member(member_id)
        return member.name if member is not None else member_id

    # -- actions ------------------------------------------------------------------------------

    def refusal(self, command, *args, **kwargs) -> str | None:
        """The domain's refusal of a command, checked without recording anything (commands
        never touch the state), so a dialog is not opened for business that cannot happen."""
        try:
            command(self.state, *args, now=self.session.now(), **kwargs)
        except Refusal as refusal:
            return refusal.message
        return None

    def _refused(self, command, *args, **kwargs) -> bool:
        message = self.refusal(command, *args, **kwargs)
        if message:
            self.notify(message, severity="error", timeout=6)
        return bool(message)

    def action_propose(self) -> None:
        from meeting_tui.screens.deciding.proposal import ProposalDialog

        state = self.state
        item = state.current_item
        highlighted = self.highlighted(warn=False)
        if item is None and highlighted:
            item = state.decisions.proposals[highlighted].item
        self.app.push_screen(ProposalDialog(self.session, item=item), self._after)

    def action_amend(self) -> None:
        from meeting_tui.screens.deciding.proposal import ProposalDialog

        proposal_id = self.highlighted()
        if proposal_id is None:
            return
        proposal = self.state.decisions.proposals[proposal_id]
        # Checked with a changed text, so only what blocks any amendment is refused here
        # (decided, being voted on); the new text itself is checked when it is saved.
        if self._refused(decisions.amend_proposal, proposal_id, proposal.text + " …"):
            return
        self.app.push_screen(ProposalDialog(self.session, proposal_id=proposal_id), self._after)

    def action_correct_wording(self) -> None:
        from meeting_tui.domain import corrections
        from meeting_tui.screens.deciding.proposal import ProposalDialog

        proposal_id = self.highlighted()
        if proposal_id is None:
            return
        proposal = self.state.decisions.proposals[proposal_id]
        if self._refused(corrections.correct_proposal, proposal_id, proposal.text + " …"):
            return
        self.app.push_screen(ProposalDialog(self.session, proposal_id=proposal_id, correct=True), self._after)

    def action_open_vote(self) -> None:
        proposal_id = self.highlighted()
        if proposal_id is None or self._refused(decisions.open_vote, proposal_id, ballot="show-of-hands"):
            return
        state = self.state
        proposal = state.decisions.proposals[proposal_id]
        governed = eligibility.governed_threshold(state, proposal)
        thresholds = eligibility.threshold_choices(state, proposal)
        ballots = [(tr(METHOD_LABELS[b]), b) for b in BALLOTS]
        help_text = governed.reason + " "
        if governed.protected:
            help_text += _("An override may raise this threshold, never lower it (minuted).")
        else:
            help_text += _("Another threshold is an override, recorded in the minutes.")
        left_out = eligibility.remote_left_out(state, "secret")
        if left_out:
            help_text += " " + _(
                "A secret ballot records only who took part, never who chose what; present remotely, {names} would take no part in it (the charter keeps secret ballots in the room).",
                names=join(state.members[m].name for m in left_out),
            )
        else:
            help_text += " " + _("A secret ballot records only who took part, never who chose what.")

        def opened(values: dict | None) -> None:
            if values:
                self.action_resume()

        self.app.push_screen(
            FormDialog(
                _("Vote on {id}: “{text}”", id=proposal_id, text=short(proposal.text, 50)),
                [
                    FormField("ballot", _("Ballot"), value="show-of-hands", options=ballots),
                    FormField("threshold", _("Threshold"), value=governed.threshold, options=thresholds),
                ],
                submit=_("Open the vote"),
                help_text=help_text,
                act=lambda v: self.session.attempt(decisions.open_vote, proposal_id, ballot=v["ballot"], threshold=v["threshold"]),
                refusal_field="threshold",
            ),
            opened,
        )

    def action_declare_interest(self) -> None:
        from meeting_tui.screens.deciding.interest import declare_interest

        proposal_id = self.highlighted()
        if proposal_id is not None:
            declare_interest(self, self.session, proposal=proposal_id, done=lambda: self.refresh_view(select=proposal_id))

    def action_open_round(self) -> None:
        proposal_id = self.highlighted()
        if proposal_id is None:
            return
        if self.session.act(consensus.open_consensus, proposal_id):
            self.action_resume()

    def action_resume(self) -> None:
        d = self.state.decisions
        if d.ballot is not None:
            from meeting_tui.screens.deciding.vote import VoteScreen

            self.app.push_screen(VoteScreen(self.session, self.register_number), self._after)
        elif d.round is not None:
            from meeting_tui.screens.deciding.consensus import ConsensusScreen

            self.app.push_screen(ConsensusScreen(self.session, self.register_number), self._after)
        else:
            self.notify(_("No vote or consensus round is open: b opens a vote, r a consensus round."), severity="warning")

    def _after(self, proposal_id: str | None) -> None:
        self.refresh_view(select=proposal_id)

    def session_changed(self, message: SessionChanged | None) -> None:
        self.refresh_view()

    def action_projector(self) -> None:
        from meeting_tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.session))

    def action_back(self) -> None:
        self.app.pop_screen()
