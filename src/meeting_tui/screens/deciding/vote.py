"""The vote in progress: a roll call, a secret ballot or a show of hands (PROCEDURE.md: Voting).

- **Roll call**: the present voters, one line per vote they can cast (a proxy holder's proxies
  are lines of their own, so a holder may split their votes). One key per choice (y, n, a)
  records the highlighted line's vote and moves to the next line not yet voted: a roll call of
  21 takes 21 keystrokes. Absent members have no line, so their vote cannot even be offered.
- **Secret ballot**: space marks that the highlighted voter put in a ballot; b closes the
  ballot box (no ballot goes in after that); then the tellers' counts are entered (e, which
  offers to close the box first). Who chose what is never asked, stored or shown, and no count
  is stored while ballots still go in (`decisions.close_ballot_box`).
- **Show of hands**: the counts (e), checked by the domain against who can vote now.

Closing (c) asks first, and offers the chair's casting vote only when the domain offers it
(`eligibility.casting_vote`: a tie, a charter that allows it, never on a secret ballot, and a
chair present who has not voted on the question). Seats kept out by a declared interest, and
remote members left out of a secret ballot, are named on screen.
"""

from __future__ import annotations

from typing import Callable

from msgspec import Struct
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from meeting_tui.domain import decisions, eligibility
from meeting_tui.domain.decisions import (
    CHOICE_LABELS,
    METHOD_LABELS,
    RollEntry,
    did_not_vote,
    not_yet_voted,
    vote_capacity,
)
from meeting_tui.domain.rules import seats, threshold_label
from meeting_tui.i18n import _, join, ngettext, tr
from meeting_tui.session_service import SessionChanged, SessionService, SessionView
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField
from meeting_tui.widgets.quorum_meter import QuorumMeter
from meeting_tui.widgets.result_view import TallyBar, vote_segments
from meeting_tui.widgets.row_table import Column, RowTable
from meeting_tui.widgets.timer_strip import TimerStrip


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False, id: str) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=id)


class VoterLine(Struct, frozen=True):
    """One vote that can be cast (or has been) in a roll call or secret ballot."""

    seat: str
    member: str  # who casts it
    proxy_for: str  # "" for one's own vote
    entry: RollEntry | None  # the vote (roll call) or participation (secret) once recorded


def voter_lines(state) -> list[VoterLine]:
    """The open ballot's lines in roster order, each proxy right after its holder's own line."""
    ballot = state.decisions.ballot
    if ballot is None or ballot.kind == "show-of-hands":
        return []
    all_seats = seats(state.charter, state.members.values())
    index = {s.key: i for i, s in enumerate(all_seats)}
    seat_of = {h: s.key for s in all_seats for h in s.holders}
    lines = [VoterLine(seat, e.member, e.proxy_for, e) for seat, e in ballot.voted().items()]
    lines += [VoterLine(p.seat, p.voters[0], p.proxy_for, None) for p in not_yet_voted(state) + did_not_vote(state)]

    def order(line: VoterLine) -> tuple[int, int, int]:
        own = index.get(line.seat, len(index))
        if line.proxy_for:
            return (index.get(seat_of.get(line.member, ""), own), 1, own)
        return (own, 0, 0)

    return sorted(lines, key=order)


class VoteScreen(SessionView, Screen):
    BINDINGS = [
        _b("y", "vote('yes')", _("In favour"), _("Roll call: the highlighted voter votes yes; moves to the next"), show=True, id="vote-yes"),
        _b("n", "vote('no')", _("Against"), _("Roll call: the highlighted voter votes no; moves to the next"), show=True, id="vote-no"),
        _b("a", "vote('abstain')", _("Abstain"), _("Roll call: the highlighted voter abstains; moves to the next"), show=True, id="vote-abstain"),
        _b("space", "took_part", _("Took part"), _("Secret ballot: the highlighted voter put in a ballot (never how they voted)"), show=True, id="vote-took-part"),
        _b("b", "close_box", _("Close ballot box"), _("Secret ballot: no more ballots go in; the tellers then count"), show=True, id="vote-close-box"),
        _b("e", "counts", _("Counts"), _("Enter the counts: yes, no, abstain"), show=True, id="vote-counts"),
        _b("c", "close_vote", _("Close vote"), _("Close the vote and record the result (asks first)"), show=True, id="vote-close"),
        _b("x", "cancel_vote", _("Cancel vote"), _("Withdraw a vote opened by mistake: nothing is decided"), id="vote-cancel"),
        _b("v", "projector", _("Projector"), _("Full-screen view for the wall, with the vote in progress"), id="vote-projector"),
        Binding("escape", "back", _("Back"), show=True, id="vote-back", tooltip=_("Back to the proposals (the vote stays open)")),
    ]

    def __init__(self, session: SessionService, register_number: Callable[[], int]) -> None:
        super().__init__()
        self.session = session
        self.register_number = register_number
        ballot = session.state.decisions.ballot
        self.kind = ballot.kind if ballot is not None else ""
        self.proposal_id = ballot.proposal if ballot is not None else ""
        self._lines: list[VoterLine] = []
        self._last_counts: dict[str, str] | None = None
        self._advance_from: int | None = None  # the row a vote was just recorded on

    @property
    def state(self):
        return self.session.state

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "vote":
            return self.kind == "roll-call"
        if action in ("took_part", "close_box"):
            if self.kind != "secret":
                return False
            ballot = self.state.decisions.ballot
            return not (ballot is not None and ballot.counting)  # gone once counting has started
        if action == "counts":
            return self.kind in ("show-of-hands", "secret")
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuorumMeter(id="vote-quorum")
        yield TimerStrip(self.session)
        with Vertical(id="vote-head"):
            yield Label("", id="vote-title", markup=False)
            yield Label("", id="vote-threshold", markup=False)
            yield Static("", id="vote-text", markup=False)
        with Horizontal(id="vote-body"):
            # the number, the voter and the vote are never cut; the note (proxy, alternate,
            # remote) gives way with an ellipsis, the organisation is left out when narrow
            yield RowTable(
                [
                    Column("#"),
                    Column(_("Voter"), flex=True, min_flex=20),
                    Column(_("Vote") if self.kind == "roll-call" else _("Ballot")),
                    Column(_("Note"), flex=True, min_flex=14),
                    Column(_("Organisation"), flex=True, min_flex=8, droppable=True),
                ],
                id="voters",
            )
            with Vertical(id="vote-side"):
                yield Static("", id="vote-tally", markup=False)
                yield TallyBar(id="vote-bar")
                yield Static("", id="not-yet", markup=False)
                yield Static("", id="vote-help", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        state = self.state
        ballot = state.decisions.ballot
        self.title = state.committee.name
        self.sub_title = _("Vote on {id}", id=self.proposal_id)
        table = self.query_one("#voters", RowTable)
        table.display = self.kind != "show-of-hands"
        if ballot is not None:
            proposal = state.decisions.proposals[ballot.proposal]
            self.query_one("#vote-title", Label).update(
                _(
                    "{method}: {id} version {version}",
                    method=tr(METHOD_LABELS[ballot.kind]).capitalize(),
                    id=proposal.id,
                    version=ballot.version,
                )
            )
            threshold = _("Threshold: {label}", label=threshold_label(ballot.threshold))
            if ballot.alternative:
                threshold += " — " + _("or {alternative}", alternative=threshold_label(ballot.alternative))
            if ballot.overridden:
                threshold += " — " + _(
                    "OVERRIDE, minuted (the charter's: {label})", label=threshold_label(ballot.default_threshold)
                )
            if ballot.fallback:
                threshold += " — " + _("the charter's fallback after consensus failed")
            self.query_one("#vote-threshold", Label).update(threshold)
            self.query_one("#vote-threshold", Label).set_class(ballot.overridden, "-override")
            self.query_one("#vote-text", Static).update(proposal.text)
        self.query_one("#vote-help", Static).update(self._help())
        self.refresh_view()
        if self.kind != "show-of-hands":
            table.focus()
            self._move_to_next(-1)

    def session_changed(self, message: SessionChanged | None) -> None:
        """Recorded here or elsewhere (attendance may have changed meanwhile): re-render, and
        after a vote recorded here move on to the next voter."""
        self.refresh_view()
        row, self._advance_from = self._advance_from, None
        if row is not None:
            self._move_to_next(row)

    def _help(self) -> str:
        if self.kind == "roll-call":
            return _("y yes · n no · a abstain: records the highlighted voter's vote and moves to the next. c closes the vote.")
        if self.kind == "secret" and self.state.decisions.ballot is not None and self.state.decisions.ballot.counting:
            return _("The ballot box is closed. e: the tellers' counts (enter them again to correct them). c closes the vote.")
        if self.kind == "secret":
            return _(
                "space: the highlighted voter put in a ballot (who chose what is never recorded). b closes the ballot box; then e: the tellers' counts. c closes the vote."
            )
        return _("e: enter the counts of hands (yes, no, abstain). c closes the vote.")

    # -- rendering ----------------------------------------------------------------------------

    def _cells(self, n: int, line: VoterLine) -> tuple:
        state = self.state
        member = state.members[line.member]
        notes = []
        if line.proxy_for:
            notes.append(_("proxy for {name}", name=state.members[line.proxy_for].name))
        elif state.charter.seats == "organisation":
            notes.append(_("for {organisation}", organisation=line.seat))
        elif line.seat != line.member:
            notes.append(_("alternate for {name}", name=state.members[line.seat].name))
        if state.attendance[line.member].mode == "remote" and state.attendance[line.member].status == "present":
            notes.append(_("remote"))
        if line.entry is None:
            mark = "—"
        elif self.kind == "roll-call":
            mark = tr(CHOICE_LABELS[line.entry.choice])
        else:
            mark = _("✓ took part")
        return (str(n), member.name, mark, join(notes), member.organisation)

    def refresh_view(self) -> None:
        state = self.state
        ballot = state.decisions.ballot
        self.query_one("#vote-quorum", QuorumMeter).show(state.quorum())
        if ballot is None:
            return
        lines = voter_lines(state)
        table = self.query_one("#voters", RowTable)
        if [line.seat for line in lines] == [line.seat for line in self._lines]:
            for n, (old, new) in enumerate(zip(self._lines, lines), start=1):
                if old != new:
                    table.update_row(new.seat, self._cells(n, new))
        else:
            table.set_rows((line.seat, self._cells(n, line)) for n, line in enumerate(lines, start=1))
        self._lines = lines
        self._show_tally(ballot, lines)

    def _show_tally(self, ballot, lines: list[VoterLine]) -> None:
        state = self.state
        capacity = vote_capacity(state, ballot)
        tally = ballot.tally()
        counts = _("yes {yes} · no {no} · abstain {abstain}", yes=tally.yes, no=tally.no, abstain=tally.abstain) if tally else ""
        waiting = [line for line in lines if line.entry is None]
        if self.kind == "roll-call":
            text = _("{voted} of {can} voted: {counts}", voted=len(ballot.roll), can=capacity, counts=counts)
        elif self.kind == "secret":
            text = _("{n} of {can} took part.", n=len(ballot.took_part), can=capacity) + "\n"
            if not ballot.counting:
                text += _("Ballot box open: ballots go in (space); b closes it for counting.")
            else:
                text += _("Ballot box closed.") + " "
                text += _("Tellers' counts: {counts}", counts=counts) if tally else _("Tellers' counts not entered yet (e).")
        else:
            text = ngettext("{n} vote can be cast now (voting seats present, plus proxies held).", "{n} votes can be cast now (voting seats present, plus proxies held).", capacity) + "\n"
            text += _("Counts: {counts}", counts=counts) if tally else _("Counts not entered yet (e).")
        self.query_one("#vote-tally", Static).update(text)
        bar = self.query_one("#vote-bar", TallyBar)
        bar.show(vote_segments(tally) if tally else ())
        pending = self.query_one("#not-yet", Static)
        apart = self._not_taking_part(ballot)
        if self.kind == "show-of-hands":
            pending.update(apart)
            return
        names = [self._line_name(line) for line in waiting]
        if self.kind == "secret" and ballot.counting:
            text = _("Did not take part ({n}): {names}", n=len(names), names=", ".join(names)) if names else ""
        elif not names:
            text = _("Everyone who can vote has voted. c closes the vote.") if self.kind == "roll-call" else _("Everyone who can vote has taken part. b closes the ballot box for counting.")
        elif self.kind == "roll-call":
            text = _("Not yet voted ({n}): {names}", n=len(names), names=join(names))
        else:
            text = _("Not yet taken part ({n}): {names}", n=len(names), names=join(names))
        pending.update("\n".join(part for part in (text, apart) if part))
        self.query_one("#vote-help", Static).update(self._help())
        self.refresh_bindings()  # the ballot box's keys follow its state

    def _not_taking_part(self, ballot) -> str:
        """Who the domain keeps out of this ballot, and why: declared interests, and remote
        members on a secret ballot when the charter says so."""
        state = self.state
        proposal = state.decisions.proposals[ballot.proposal]
        lines = []
        recused = eligibility.recused_seats(state, proposal)
        if recused:
            names = join(state.members[m].name for m in dict.fromkeys(recused.values()))
            lines.append(_("Not voting (declared interest; still counted for quorum): {names}", names=names))
        left_out = eligibility.remote_left_out(state, ballot.kind)
        if left_out:
            names = join(state.members[m].name for m in left_out)
            lines.append(_("Present remotely, not in the secret ballot (the charter keeps secret ballots in the room): {names}", names=names))
        return "\n".join(lines)

    def _line_name(self, line: VoterLine) -> str:
        members = self.state.members
        if line.proxy_for:
            return _("{holder} (for {giver})", holder=members[line.member].name, giver=members[line.proxy_for].name)
        return members[line.member].name

    # -- moving down the roll -----------------------------------------------------------------

    def highlighted(self) -> VoterLine | None:
        table = self.query_one("#voters", RowTable)
        if not self._lines or table.cursor_row < 0:
            self.notify(_("Nobody present can vote: mark arrivals on the live screen."), severity="warning")
            return None
        return self._lines[min(table.cursor_row, len(self._lines) - 1)]

    def _move_to_next(self, after: int) -> None:
        """To the first line not yet voted after row `after` (wrapping round the roll)."""
        n = len(self._lines)
        for step in range(1, n + 1):
            row = (after + step) % n
            if self._lines[row].entry is None:
                self.query_one("#voters", RowTable).move_cursor(row=row)
                return

    def _record(self, command, *args, **kwargs) -> None:
        line = self.highlighted()
        if line is None:
            return
        row = self.query_one("#voters", RowTable).cursor_row
        if self.session.act(command, line.member, *args, proxy_for=line.proxy_for or None, **kwargs):
            self.refresh_view()  # now, not at the message: the next key (typed fast) is for the next voter
            self._move_to_next(row)

    def action_vote(self, choice: str) -> None:
        line = self.highlighted()
        if line is None or line.entry is None or not line.entry.choice:
            self._record(decisions.cast_vote, choice)
            return
        if line.entry.choice == choice:  # the domain says it is already recorded so
            self.session.act(decisions.change_vote, line.member, choice, proxy_for=line.proxy_for or None)
            return
        # The highlighted voter has voted: changing a vote is allowed until the close, on purpose.
        name = self.state.members[line.member].name

        def answered(change: bool | None) -> None:
            if change and self.session.act(decisions.change_vote, line.member, choice, proxy_for=line.proxy_for or None):
                self.notify(_("{name}'s vote changed to {choice}; the minutes say so.", name=name, choice=tr(CHOICE_LABELS[choice])))

        self.app.push_screen(
            ConfirmDialog(
                _(
                    "{name} has voted {previous}. Change the vote to {choice}?",
                    name=name,
                    previous=tr(CHOICE_LABELS[line.entry.choice]),
                    choice=tr(CHOICE_LABELS[choice]),
                ),
                yes=_("Change the vote"),
            ),
            answered,
        )

    def action_took_part(self) -> None:
        self._record(decisions.record_participation)

    def action_close_box(self, then: Callable[[], None] | None = None) -> None:
        """Close the secret ballot's box (asks first); `then` runs once it is closed."""
        ballot = self.state.decisions.ballot
        if ballot is None or ballot.kind != "secret":
            return
        waiting = len(not_yet_voted(self.state))
        question = _("Close the ballot box? No ballot can be put in after this; the tellers then count.")
        if waiting:
            question += " " + ngettext("{n} who can vote has not taken part yet.", "{n} who can vote have not taken part yet.", waiting)

        def confirmed(yes: bool | None) -> None:
            if yes and self.session.act(decisions.close_ballot_box):
                self.refresh_view()
                if then is not None:
                    then()

        self.app.push_screen(ConfirmDialog(question, yes=_("Close the ballot box")), confirmed)

    # -- counts, closing, cancelling ----------------------------------------------------------

    def action_counts(self) -> None:
        state = self.state
        ballot = state.decisions.ballot
        if ballot is None:
            return
        if self.kind == "secret" and not ballot.counting:  # the counts come after the box is closed
            self.action_close_box(then=self.action_counts)
            return
        previous = self._last_counts
        if previous is None and ballot.counts is not None:
            previous = {"yes": str(ballot.counts.yes), "no": str(ballot.counts.no), "abstain": str(ballot.counts.abstain)}
        previous = previous or {"yes": "0", "no": "0", "abstain": "0"}
        capacity = vote_capacity(state, ballot)
        limit = decisions.count_limit(state, ballot)  # a secret ballot: no more than went in
        help_text = ngettext("At most {n} vote can be cast now.", "At most {n} votes can be cast now.", capacity)
        if self.kind == "secret":  # the box is closed: what is in it is all there is to count
            help_text = ngettext("{n} took part.", "{n} took part.", len(ballot.took_part))

        def counts(v: dict) -> tuple[int, int, int]:
            return int(v["yes"]), int(v["no"]), int(v["abstain"])

        def enter(v: dict):
            self._last_counts = {k: str(v[k]) for k in ("yes", "no", "abstain")}  # kept if the dialog is left
            refused = self.session.attempt(decisions.enter_counts, *counts(v))
            if refused is None:
                self._last_counts = None
            return refused

        def field(choice: str) -> FormField:
            return FormField(choice, tr(CHOICE_LABELS[choice]), value=previous[choice], unit=_("vote(s)"), minimum=0, maximum=limit, whole=True)

        self.app.push_screen(
            FormDialog(
                _("Counts: {id}", id=self.proposal_id),
                [field("yes"), field("no"), field("abstain")],
                # the domain's checks as typed: more than can be cast, more than took part
                lambda v: {"": m} if (m := self.session.refusal(decisions.enter_counts, *counts(v))) else {},
                submit=_("Enter the counts"),
                help_text=help_text,
                act=enter,
            )
        )

    def casting_vote_offered(self) -> bool:
        """Whether the domain offers the chair a casting vote now (`eligibility.casting_vote`)."""
        return eligibility.casting_vote(self.state).offered

    def action_close_vote(self) -> None:
        state = self.state
        ballot = state.decisions.ballot
        if ballot is None:
            return
        offer = eligibility.casting_vote(state)
        if offer.offered:
            tally = ballot.tally()
            chair = state.members.get(state.chair)
            options = [
                (_("no casting vote: the tie fails"), ""),
                (tr(CHOICE_LABELS["yes"]), "yes"),
                (tr(CHOICE_LABELS["no"]), "no"),
            ]

            self.app.push_screen(
                FormDialog(
                    _("The vote is tied {yes}–{no}", yes=tally.yes, no=tally.no),
                    [FormField("casting", _("The chair's casting vote ({name})", name=chair.name if chair else _("no chair")), options=options)],
                    submit=_("Close the vote"),
                    help_text=offer.reason,
                    act=lambda v: self._attempt_close(v["casting"] or None),
                    refusal_field="casting",
                ),
                self._vote_ended,
            )
            return
        waiting = len(not_yet_voted(state))
        question = _("Close the vote on {id} and record the result?", id=ballot.proposal)
        if waiting:
            question += " " + ngettext("{n} who can vote has not voted yet.", "{n} who can vote have not voted yet.", waiting)
        if offer.tie:
            question += " " + offer.reason  # why the chair is not offered a casting vote

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._close(None)

        self.app.push_screen(ConfirmDialog(question, yes=_("Close the vote")), confirmed)

    def _attempt_close(self, casting_vote: str | None):
        refused = self.session.attempt(decisions.close_vote, casting_vote=casting_vote, register_number=self.register_number())
        if refused is not None:
            self.refresh_view()
        return refused

    def _vote_ended(self, values: dict | None) -> None:
        """After a dialog that closed (or cancelled) the vote: back with the proposal."""
        if values is not None:
            self.dismiss(self.proposal_id)

    def _close(self, casting_vote: str | None) -> None:
        if self.session.act(decisions.close_vote, casting_vote=casting_vote, register_number=self.register_number()):
            self.dismiss(self.proposal_id)
        else:
            self.refresh_view()

    def action_cancel_vote(self) -> None:
        self.app.push_screen(
            FormDialog(
                _("Cancel the vote on {id}? Nothing is decided; the votes recorded so far lapse.", id=self.proposal_id),
                [FormField("reason", _("Reason (for the record)"), placeholder=_("e.g. opened on the wrong proposal"))],
                submit=_("Cancel the vote"),
                act=lambda v: self.session.attempt(decisions.cancel_vote, reason=v["reason"]),
                refusal_field="reason",
            ),
            self._vote_ended,
        )

    def action_projector(self) -> None:
        from meeting_tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.session))

    def action_back(self) -> None:
        self.dismiss(self.proposal_id)

    @on(RowTable.RowSelected, "#voters")
    def _selected(self) -> None:
        """Enter on a line does nothing by itself: say which keys record a vote."""
        self.notify(self._help(), timeout=4)
