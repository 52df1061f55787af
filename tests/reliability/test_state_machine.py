"""A state-machine fuzzer over the domain commands, valid and invalid.

Each rule runs one command the way `SessionController.do` does (command -> events -> fold),
with ids, choices, counts and texts drawn both from what is valid and from what is not (unknown
members, absent voters, negative or too-high counts, missing reasons, Markdown/HTML in texts).

Invariants, after every step:

* a refused command leaves the state unchanged (deepcopy compare), and nothing but `Refusal`
  ever escapes a command;
* tallies never exceed the voters who could vote (open ballot and every decision);
* nothing is adopted without quorum;
* replaying the event log gives the same state;
* the minutes parse (markdown-it-py, CommonMark with raw HTML *enabled*) with no html, link or
  image token: user text can never become markup.

The rules that screens rely on (issue 14), after every step:

* nothing is adopted below the threshold that governs it (a motion to reconsider, rescind or
  amend, a consensus fallback vote: an override may raise it, never lower it), and every vote
  decision's outcome is what its threshold gives for its tally;
* the chair never votes twice (no casting vote from a chair whose seat voted on the roll call);
* no mover or seconder was absent when the proposal was made; no notice without quorum;
* one voice per seat (organisation or member, the alternate only in the delegate's absence) in
  every consensus round; no seat recused by a declared interest in any vote or round.

The charter varies per example (seats by member or organisation, the chair's casting vote,
remote members on a secret ballot, whether a declared member may speak).

Composite rules (`whole_vote`, `whole_consensus`, `quorum_lost_mid_vote`, `revisit`) run a
whole piece of business in one step -- open, cast (valid and invalid casts: absent, unknown and
alternate members, second votes, impossible counts), close -- so that a typical example reaches
several closed votes and consensus rounds; single-command rules still poke at every command in
any order. Each example's figures go to Hypothesis `event()`s (``--hypothesis-show-statistics``)
and to a module tally printed at the end (``-s``); `MEETING_TUI_FUZZ_STATS=FILE` appends one line
per example (a progress counter for long runs).

CI size by default; scale with ``MEETING_TUI_FUZZ_EXAMPLES=10000``. The minutes, the dearest
check, run every ``MEETING_TUI_FUZZ_MINUTES_EVERY`` steps (default 1) and always at the end.
"""

from __future__ import annotations

import atexit
import copy
import json
import os
import random
import sys
from datetime import timezone

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from markdown_it import MarkdownIt
from msgspec.structs import replace

from meeting_tui.domain import actions as act
from meeting_tui.domain import conflicts as con
from meeting_tui.domain import consensus as cns
from meeting_tui.domain import decisions as dec
from meeting_tui.domain import eligibility as elig
from meeting_tui.domain import interests as intr
from meeting_tui.domain import revisit as rev
from meeting_tui.domain import session as s
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.replay import replay
from meeting_tui.domain.rules import apply_threshold
from meeting_tui.minutes import render_markdown
from meeting_tui.minutes.html import minutes_parser
from tests.reliability.meeting import CHAIR, T0, VOTERS, committee_and_agenda
from tests.reliability.mutate import mutate, outcome

EXAMPLES = int(os.environ.get("MEETING_TUI_FUZZ_EXAMPLES", "40"))
STEPS = int(os.environ.get("MEETING_TUI_FUZZ_STEPS", "30"))
# Optional: append one line per example (events recorded, refusals, decisions, adopted,
# conflicts, closed) to this file, to see how deep the examples go.
STATS_FILE = os.environ.get("MEETING_TUI_FUZZ_STATS", "")
MINUTES_EVERY = max(1, int(os.environ.get("MEETING_TUI_FUZZ_MINUTES_EVERY", "1")))

# Totals over every example run in this process (printed at exit; see `_print_tally`).
TALLY = {
    "examples": 0, "steps": 0, "events": 0, "refusals": 0, "decisions": 0, "adopted": 0,
    "rejected": 0, "no-quorum": 0, "referred": 0, "vote decisions": 0, "consensus decisions": 0,
    "consensus rounds closed": 0, "failed rounds": 0, "fallback votes": 0, "revisit motions": 0,
    "examples with a decision": 0, "closed sessions": 0, "casting votes": 0, "notices": 0,
    "interests declared": 0, "protected votes": 0,
}


def _print_tally() -> None:
    if TALLY["examples"]:
        print("\nstate machine fuzzer: " + ", ".join(f"{k} {v}" for k, v in TALLY.items()), file=sys.stderr)


atexit.register(_print_tally)

COMMITTEE, AGENDA = committee_and_agenda()
MEMBERS = [m.id for m in COMMITTEE.members]
ALTERNATES = [m.id for m in COMMITTEE.members if m.is_alternate]
BAD_IDS = ["nobody", "", " layla-mansour", "LAYLA-MANSOUR", "<script>"]
member_ids = st.sampled_from(MEMBERS * 4 + BAD_IDS)  # mostly valid, so business gets done
voter_ids = st.sampled_from(VOTERS * 6 + MEMBERS + BAD_IDS)
item_ids = st.sampled_from([i.id for i in AGENDA.items] + ["added-1", "added-2", "no-such-item", ""])
proposal_ids = st.sampled_from(["P1"] * 4 + ["P2"] * 2 + ["P3", "P9", ""])
conflict_ids = st.sampled_from(["C1", "C2", "C9"])
# Texts with every character that means something in Markdown or HTML, Arabic, and blanks.
texts = st.lists(
    st.sampled_from(list("ab <>&*_[]()`#|!~-+=:.\\\n\t/\"'") + ["ملاحظة", "<b>", "<script>", "](javascript:x)", "http://x.org", "1. ", "\u202e", "\x00"]),
    max_size=12,
).map("".join)
counts = st.integers(min_value=-2, max_value=14)
minutes_amounts = st.sampled_from([0, -5, 1, 5, 30, 241, 600, 601, 2.5, float("nan")])

# An adopted decision of an earlier session, for motions to rescind or amend (with or without notice).
EARLIER = "EXE-2025-007"
_EARLIER_INFO = rev.DecisionInfo(EARLIER, "Rent the office in Irbid.", "adopted", method="show-of-hands", date="2025-12-01", session="2025-12-01-monthly.json")
EARLIER_VIEW = rev.RegisterView({EARLIER: _EARLIER_INFO}, "2025-12-01-monthly.json")
EARLIER_VIEW_NOTICE = rev.RegisterView(
    {EARLIER: replace(_EARLIER_INFO, notices=(rev.Notice(EARLIER, "rescind", "layla-mansour", "", 1.0, "2025-12-01-monthly.json"),))},
    "2025-12-01-monthly.json",
)

HTML_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
FORBIDDEN_TOKENS = {"html_block", "html_inline", "link_open", "image"}


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


class MeetingMachine(RuleBasedStateMachine):
    @initialize(
        date=st.sampled_from(["2026-03-14", ""]),
        seats=st.sampled_from(["member", "member", "organisation"]),
        casting=st.booleans(),
        remote_secret=st.booleans(),
        may_speak=st.booleans(),
    )
    def open(self, date, seats, casting, remote_secret, may_speak):
        self.now = T0
        charter = COMMITTEE.charter
        voting = replace(
            charter.voting, chair_casting_vote=casting, remote_secret_ballot=remote_secret, declared_interest_may_speak=may_speak
        )
        committee = replace(COMMITTEE, charter=replace(charter, seats=seats, voting=voting))
        opened = s.open_session(committee, AGENDA, now=self.now, date=date)
        self.events = [e.with_seq(i + 1) for i, e in enumerate(opened)]
        self.state = s.fold(self.events)
        self.refused = 0
        self.recorded = 0
        self.steps = 0
        self.tallies: dict[str, int] = {}

    # -- the one path, as SessionController.do ----------------------------------------------

    def attempt(self, command, *args, **kwargs):
        """Run one command; return the events it recorded, or None when it was refused."""
        self.now += 17.0
        before = copy.deepcopy(self.state)
        try:
            new = command(self.state, *args, now=self.now, **kwargs)
        except Refusal:
            assert self.state == before, f"{command.__name__} refused but changed the state"
            self.refused += 1
            return None
        assert self.state == before, f"{command.__name__} changed the state before its events were stored"
        self._check_recorded(new)
        stamped = [e.with_seq(self.state.seq + i + 1) for i, e in enumerate(new)]
        for e in stamped:  # events must survive the store's JSON round trip
            assert type(e).from_dict(e.to_dict()) == e
        self.events += stamped
        s.apply_all(self.state, stamped)
        self.recorded += len(stamped)
        return stamped

    def _check_recorded(self, new):
        """What the state was when these events were accepted: no absent mover or seconder, no
        notice without quorum, no casting vote from a chair whose seat voted."""
        for e in new:
            if e.kind == dec.PROPOSAL_MADE:
                for who in (e.data["mover"], e.data["seconder"]):
                    assert not who or not elig.mover_refusal(self.state, who), (who, e.data)
            elif e.kind == rev.NOTICE_GIVEN:
                assert self.state.quorum().met, e.data
                self.tallies["notices"] = self.tallies.get("notices", 0) + 1
            elif e.kind == dec.VOTE_CLOSED and e.data.get("casting_vote"):
                ballot = self.state.decisions.ballot
                chair_seat = elig.seat_of(self.state, self.state.chair)
                assert chair_seat not in ballot.voted(), "the chair voted twice"
                # A proxy vote the chair carried is the giver's seat's vote, not the chair's own
                # (PROCEDURE: the casting vote goes to a chair whose seat has not voted).
                assert all(entry.member != self.state.chair or entry.proxy_for for entry in ballot.voted().values())
                self.tallies["casting votes"] = self.tallies.get("casting votes", 0) + 1
            elif e.kind == intr.INTEREST_DECLARED:
                self.tallies["interests declared"] = self.tallies.get("interests declared", 0) + 1

    # -- whole pieces of business (composite rules) ------------------------------------------

    def _seat_quorum(self, data, *, lean: int = 8):
        """Members arrive (mostly enough for quorum, sometimes not), some remote, some by proxy."""
        n = data.draw(st.integers(0, len(VOTERS)) | st.integers(lean, len(VOTERS)), label="arrivals")
        order = data.draw(st.permutations(VOTERS + ALTERNATES), label="arrival order")
        for member in order[:n]:
            if member not in self.state.present():
                mode = data.draw(st.sampled_from(["in-person"] * 5 + ["remote"]), label="mode")
                self.attempt(s.arrive, member, mode=mode)
        if data.draw(st.booleans(), label="proxy?"):
            absent = [m for m in VOTERS if m not in self.state.present()]
            here = list(self.state.present())
            if absent and here:
                self.attempt(s.assign_proxy, data.draw(st.sampled_from(absent)), data.draw(st.sampled_from(here)))

    def _undecided_or_new(self, data, text):
        """An undecided proposal (when one is pending and the draw says so), else a new one."""
        self._clear_floor()
        d = self.state.decisions
        pending = [pid for pid in d.proposals if self._undecided(pid)]
        if pending and data.draw(st.booleans(), label="reuse a proposal?"):
            return data.draw(st.sampled_from(pending), label="proposal")
        made = self.attempt(
            dec.propose, "Motion " + text, item=data.draw(st.sampled_from(["budget", *[i.id for i in AGENDA.items]])),
            matter=data.draw(st.sampled_from(["", "budget", "budget", "membership", "work-plan"]), label="matter"),
            mover=data.draw(st.sampled_from(["", *VOTERS[:4], *MEMBERS]), label="mover"),
            seconder=data.draw(st.sampled_from(["", "", *VOTERS, *ALTERNATES]), label="seconder"),
        )
        return made[0].data["id"] if made else data.draw(proposal_ids, label="proposal")

    def _undecided(self, pid):
        try:
            dec.require_undecided(self.state.decisions.proposals[pid])
        except (Refusal, KeyError):
            return False
        return True

    def _clear_floor(self):
        """Close (or cancel) a vote or round left open by the single-command rules."""
        d = self.state.decisions
        if d.ballot is not None and self.attempt(dec.close_vote) is None:
            self.attempt(dec.cancel_vote, reason="left open")
        if d.round is not None and self.attempt(cns.close_round) is None:
            self.attempt(cns.cancel_round, reason="left open")

    def _cast_all(self, data, ballot: str):
        """Cast (part of) the votes of the open ballot, with invalid casts mixed in."""
        wrong = st.sampled_from(BAD_IDS + [m for m in MEMBERS if m not in VOTERS] + VOTERS)
        if ballot == "roll-call":
            for pending in dec.not_yet_voted(self.state):
                if data.draw(st.integers(0, 9), label="skip?") == 0:
                    continue
                choice = data.draw(st.sampled_from(["yes", "yes", "no", "abstain", "maybe"]), label="choice")
                self.attempt(dec.cast_vote, pending.voters[0], choice, proxy_for=pending.proxy_for or None)
                if data.draw(st.integers(0, 5), label="second vote?") == 0:  # the same seat again
                    self.attempt(dec.cast_vote, pending.voters[0], "no", proxy_for=pending.proxy_for or None)
                if data.draw(st.integers(0, 5), label="change the vote?") == 0:  # before the close
                    new = data.draw(st.sampled_from(["yes", "no", "abstain", "maybe"]), label="new choice")
                    self.attempt(dec.change_vote, pending.voters[0], new, proxy_for=pending.proxy_for or None)
            for _ in range(data.draw(st.integers(0, 3), label="invalid casts")):
                self.attempt(dec.cast_vote, data.draw(wrong), data.draw(st.sampled_from(["yes", "no"])))
        elif ballot == "secret":
            for pending in dec.not_yet_voted(self.state):
                if data.draw(st.integers(0, 9), label="skip?") == 0:
                    continue
                self.attempt(dec.record_participation, pending.voters[0], proxy_for=pending.proxy_for or None)
            for _ in range(data.draw(st.integers(0, 3), label="invalid participations")):
                self.attempt(dec.record_participation, data.draw(wrong))
            box_open = self.state.decisions.ballot is not None and not self.state.decisions.ballot.counting
            if box_open and data.draw(st.integers(0, 6), label="count with the box open?") == 0:  # refused: it would show who voted how
                assert self.attempt(dec.enter_counts, 1, 0, 0) is None
            if data.draw(st.integers(0, 9), label="leave the box open?") != 0:
                # refused (and the box stays open) when nobody has put in a ballot
                closed = self.attempt(dec.close_ballot_box) is not None
                self.tallies["ballot boxes closed"] = self.tallies.get("ballot boxes closed", 0) + int(closed)
                late = [p for p in VOTERS if p in self.state.present()]
                if closed and late and data.draw(st.integers(0, 3), label="a ballot after the box closed?") == 0:
                    assert self.attempt(dec.record_participation, data.draw(st.sampled_from(late))) is None
        if ballot in ("secret", "show-of-hands"):
            for _ in range(data.draw(st.integers(1, 3), label="counts entered")):
                capacity = dec.vote_capacity(self.state, self.state.decisions.ballot)
                total = data.draw(st.integers(-1, capacity + 2), label="total")
                yes = data.draw(st.integers(-1, max(total, 0)), label="yes")
                no = data.draw(st.integers(0, max(total - yes, 0)), label="no")
                self.attempt(dec.enter_counts, yes, no, max(total - yes - no, 0))
        # invalid whatever the ballot: the wrong kind of cast for this ballot
        if data.draw(st.integers(0, 4), label="wrong kind?") == 0:
            self.attempt(dec.cast_vote, data.draw(st.sampled_from(VOTERS)), "yes")
            self.attempt(dec.record_participation, data.draw(st.sampled_from(VOTERS)))
            self.attempt(dec.enter_counts, 1, 0, 0)

    def _decided(self, closed, kind):
        if closed:
            self.tallies[kind] = self.tallies.get(kind, 0) + 1

    def _run_vote(self, data, pid, *, quorum_loss=False):
        ballot = data.draw(st.sampled_from(["show-of-hands", "roll-call", "roll-call", "secret", "acclamation"]), label="ballot")
        threshold = data.draw(
            st.sampled_from([None, None, None, "majority_cast", "majority_present", "two_thirds_cast", "two_thirds_present", "unanimous", "majority_members", "most"]),
            label="threshold",
        )
        if data.draw(st.integers(0, 4), label="declare an interest?") == 0:
            self.attempt(intr.declare_interest, data.draw(st.sampled_from(VOTERS + BAD_IDS)), proposal=pid, note="interest")
        if self.attempt(dec.open_vote, pid, ballot=ballot, threshold=threshold) is None:
            if threshold is None or self.attempt(dec.open_vote, pid, ballot=ballot) is None:
                return
        self._cast_all(data, ballot)
        if quorum_loss:
            leaving = data.draw(st.lists(st.sampled_from(VOTERS), min_size=3, max_size=9, unique=True), label="leaving")
            for member in leaving:
                self.attempt(s.depart, member)
            if data.draw(st.booleans(), label="late votes?"):  # votes after quorum is lost
                self._cast_all(data, ballot)
        if ballot == "roll-call" and data.draw(st.booleans(), label="the chair votes?"):
            self.attempt(dec.cast_vote, CHAIR, data.draw(st.sampled_from(["yes", "no", "abstain"]), label="chair's vote"))
        tally = self.state.decisions.ballot.tally() if self.state.decisions.ballot is not None else None
        tied = tally is not None and tally.yes == tally.no
        casting = data.draw(st.sampled_from(["yes", "no"] if tied else [None, None, None, "yes", "no", "abstain"]), label="casting")
        closed = self.attempt(dec.close_vote, casting_vote=casting)
        if closed is None and casting is not None:
            closed = self.attempt(dec.close_vote)
        if closed is None:
            self.attempt(dec.cancel_vote, reason=data.draw(texts))
        self._decided(closed, "vote decisions")

    @rule(data=st.data(), text=texts)
    def whole_vote(self, data, text):
        """Arrivals, a proposal, a vote of any ballot kind cast in full or in part, the close."""
        self._seat_quorum(data)
        self._run_vote(data, self._undecided_or_new(data, text))

    @rule(data=st.data(), text=texts)
    def quorum_lost_mid_vote(self, data, text):
        """As `whole_vote`, but members leave after the votes are cast and before the close."""
        self._seat_quorum(data, lean=9)
        self._run_vote(data, self._undecided_or_new(data, text), quorum_loss=True)

    @rule(data=st.data(), text=texts)
    def whole_consensus(self, data, text):
        """Rounds of consensus (agree, stand aside, reservations, blocks with and without a
        reason, unknown and absent members) until consensus, no quorum or the fallback vote."""
        self._seat_quorum(data)
        pid = self._undecided_or_new(data, text)
        for _ in range(data.draw(st.integers(1, 4), label="rounds")):
            if self.attempt(cns.open_consensus, pid) is None:
                break
            here = [m for m in VOTERS if m in self.state.present()]
            if data.draw(st.integers(0, 3), label="declare an interest?") == 0:
                self.attempt(intr.declare_interest, data.draw(st.sampled_from(VOTERS)), proposal=pid)
            for member in data.draw(st.lists(st.sampled_from(VOTERS + ALTERNATES + BAD_IDS), max_size=14), label="responders") + here:
                if member in here and data.draw(st.integers(0, 6), label="skip?") == 0:
                    continue
                response = data.draw(
                    st.sampled_from(["agree"] * 4 + ["stand-aside", "reservations", "block", "block", "maybe", 2]),
                    label="response",
                )
                reason = data.draw(st.sampled_from(["", "", "the herders were not consulted", "<b>no</b> [x](y)"]), label="reason")
                self.attempt(cns.respond, member, response, reason=reason)
            if data.draw(st.integers(0, 5), label="quorum loss?") == 0:
                for member in data.draw(st.lists(st.sampled_from(VOTERS), max_size=8, unique=True), label="leaving"):
                    self.attempt(s.depart, member)
            if data.draw(st.integers(0, 12), label="cancel?") == 0:
                self.attempt(cns.cancel_round, reason=data.draw(texts))
                continue
            closed = self.attempt(cns.close_round)
            if closed is None:
                self.attempt(cns.cancel_round)
                break
            self.tallies["consensus rounds closed"] = self.tallies.get("consensus rounds closed", 0) + 1
            if closed[0].data["result"] == "no-consensus":
                self.tallies["failed rounds"] = self.tallies.get("failed rounds", 0) + 1
            else:
                self._decided(closed, "consensus decisions")
                break
        proposal = self.state.decisions.proposals.get(pid)
        if proposal is not None and proposal.fallback_vote and self._undecided(pid):
            self.tallies["fallback votes"] = self.tallies.get("fallback votes", 0) + 1
            self._seat_quorum(data)
            self._run_vote(data, pid)

    @precondition(lambda self: any(r.register_id for r in self.state.decisions.records))
    @rule(data=st.data(), text=texts)
    def revisit(self, data, text):
        """Move to reconsider (or, refused in the same session, rescind/amend) a decision of
        this session, by any mover, and vote on the motion."""
        self._clear_floor()
        self._seat_quorum(data)  # the mover must be present
        rid = data.draw(st.sampled_from([r.register_id for r in self.state.decisions.records if r.register_id] * 4 + ["EXE-2026-999"]))
        record = next((r for r in self.state.decisions.records if r.register_id == rid), None)
        prevailing = [e.member for e in record.roll if e.choice == ("yes" if record.adopted else "no")] if record else []
        mover = data.draw(st.sampled_from(prevailing * 3 + VOTERS + ["", "nobody"]), label="mover")
        side = data.draw(st.sampled_from([None, "yes", "yes", "no", "abstain", ""]), label="mover voted")
        kind = data.draw(st.sampled_from(["reconsider"] * 4 + ["rescind", "amend"] * 2), label="kind")
        item = data.draw(st.sampled_from([None, "budget", "aob", "no-such-item"]), label="item")
        view = None
        if kind != "reconsider" and data.draw(st.booleans(), label="an earlier decision?"):
            rid, view = EARLIER, data.draw(st.sampled_from([EARLIER_VIEW, EARLIER_VIEW_NOTICE]), label="notice?")
        if kind == "reconsider":
            made = self.attempt(rev.move_reconsider, rid, mover=mover, text=text, mover_voted_side=side, new_information=text, item=item)
        elif kind == "rescind":
            made = self.attempt(rev.move_rescind, rid, register=view, mover=mover, text=text, item=item)
        else:
            made = self.attempt(rev.move_amend, rid, register=view, mover=mover, text="Amended: " + text, item=item)
        if made:
            self.tallies["revisit motions"] = self.tallies.get("revisit motions", 0) + 1
            self._run_vote(data, made[0].data["id"])

    @rule(data=st.data(), text=texts)
    def tied_vote(self, data, text):
        """A vote brought to a tie (counts or names, the chair voting or not), then closed with
        or without the chair's casting vote: offered only as the domain says (never on a secret
        ballot, never to a chair who voted, only when the charter allows it and the chair is here)."""
        self._seat_quorum(data, lean=9)
        if CHAIR not in self.state.present() and data.draw(st.integers(0, 4), label="the chair comes?") != 0:
            self.attempt(s.arrive, CHAIR, mode="in-person")
        pid = self._undecided_or_new(data, text)
        ballot = data.draw(st.sampled_from(["show-of-hands", "roll-call", "roll-call", "secret"]), label="ballot")
        if self.attempt(dec.open_vote, pid, ballot=ballot) is None:
            return
        if ballot == "roll-call":
            choices = ["yes", "no"]
            pending = dec.not_yet_voted(self.state)
            if data.draw(st.booleans(), label="the chair stays out?"):
                chair_seat = elig.seat_of(self.state, CHAIR)
                pending = [p for p in pending if p.seat != chair_seat]
            pending = pending[: len(pending) // 2 * 2]
            for n, p in enumerate(pending):
                self.attempt(dec.cast_vote, p.voters[0], choices[n % 2], proxy_for=p.proxy_for or None)
        else:
            if ballot == "secret":
                for p in dec.not_yet_voted(self.state):
                    self.attempt(dec.record_participation, p.voters[0], proxy_for=p.proxy_for or None)
                self.attempt(dec.close_ballot_box)
            ballot_now = self.state.decisions.ballot
            room = len(ballot_now.took_part) if ballot == "secret" else dec.vote_capacity(self.state, ballot_now)
            half = room // 2
            self.attempt(dec.enter_counts, half, half, room - 2 * half)
        offer = elig.casting_vote(self.state)
        self.tallies["ties"] = self.tallies.get("ties", 0) + int(offer.tie)
        casting = data.draw(st.sampled_from(["yes", "no"]), label="casting")
        closed = self.attempt(dec.close_vote, casting_vote=casting)
        assert closed is None or offer.offered, "a casting vote the domain did not offer was recorded"
        if closed is None:
            closed = self.attempt(dec.close_vote) or self.attempt(dec.cancel_vote, reason="tie")
        self._decided(closed, "vote decisions")

    @precondition(lambda self: any(r.register_id for r in self.state.decisions.records))
    @rule(data=st.data())
    def notice_with_quorum(self, data):
        """Notice of a motion to rescind or amend, given with the members still present."""
        rid = data.draw(st.sampled_from([r.register_id for r in self.state.decisions.records if r.register_id]), label="decision")
        mover = data.draw(st.sampled_from(VOTERS + ALTERNATES), label="mover")
        self.attempt(rev.give_notice, rid, register=None, kind=data.draw(st.sampled_from(["rescind", "amend"])), mover=mover, text="Amended text")

    @precondition(lambda self: any(r.register_id for r in self.state.decisions.records))
    @rule(data=st.data())
    def notice(self, data):
        """Notice of a motion to rescind or amend a decision of this session, at the next one:
        with quorum or after members leave (refused then)."""
        for member in data.draw(st.lists(st.sampled_from(VOTERS), max_size=11, unique=True), label="leaving"):
            self.attempt(s.depart, member)
        rid = data.draw(st.sampled_from([r.register_id for r in self.state.decisions.records if r.register_id]), label="decision")
        kind = data.draw(st.sampled_from(["rescind", "amend"]), label="kind")
        mover = data.draw(st.sampled_from(VOTERS + ALTERNATES + ["nobody"]), label="mover")
        self.attempt(rev.give_notice, rid, register=None, kind=kind, mover=mover, text="Amended text")

    @rule(member=member_ids, subject=proposal_ids | item_ids, note=texts)
    def declare_interest(self, member, subject, note):
        if subject.startswith("P"):
            self.attempt(intr.declare_interest, member, proposal=subject, note=note)
        else:
            self.attempt(intr.declare_interest, member, item=subject, note=note)

    # -- attendance ---------------------------------------------------------------------------

    @rule(member=member_ids, mode=st.sampled_from(["in-person", "in-person", "remote", "by-pigeon"]))
    def arrive(self, member, mode):
        self.attempt(s.arrive, member, mode=mode)

    @rule(member=member_ids)
    def depart(self, member):
        self.attempt(s.depart, member)

    @rule(member=member_ids)
    def toggle(self, member):
        self.attempt(s.toggle_presence, member)

    @rule(member=member_ids)
    def apologies(self, member):
        self.attempt(s.send_apologies, member)

    @rule(giver=member_ids, holder=member_ids)
    def proxy(self, giver, holder):
        self.attempt(s.assign_proxy, giver, holder)

    @rule(giver=member_ids)
    def withdraw_proxy(self, giver):
        self.attempt(s.withdraw_proxy, giver)

    # -- agenda, timers, speakers, notes -----------------------------------------------------

    @rule()
    def next_item(self):
        self.attempt(s.next_item)

    @rule(item=item_ids, finish=st.booleans())
    def start_item(self, item, finish):
        self.attempt(s.start_item, item, finish_running=finish)

    @rule()
    def pause(self):
        self.attempt(s.pause_item)

    @rule()
    def resume(self):
        self.attempt(s.resume_item)

    @rule(minutes=minutes_amounts, reason=texts)
    def extend(self, minutes, reason):
        self.attempt(s.extend_item, minutes, reason)

    @rule(item=item_ids, reason=texts)
    def defer(self, item, reason):
        self.attempt(s.defer_item, item, reason)

    @rule(title=texts, minutes=minutes_amounts, kind=st.sampled_from(["discussion", "decision", "gossip"]))
    def add_item(self, title, minutes, kind):
        self.attempt(s.add_item, title, minutes, kind=kind)

    @rule(item=item_ids, text=texts)
    def note(self, item, text):
        self.attempt(s.set_note, item, text)

    @rule(member=member_ids)
    def queue(self, member):
        self.attempt(s.queue_speaker, member)

    @rule(member=st.none() | member_ids)
    def floor(self, member):
        self.attempt(s.give_floor, member)

    @rule()
    def stop(self):
        self.attempt(s.stop_speaker)

    @rule(n=st.integers(0, len(VOTERS)), text=texts)
    def bring_business(self, n, text):
        """A shortcut to real business: the first n voters arrive, and a motion is made."""
        for member in VOTERS[:n]:
            self.attempt(s.arrive, member)
        self.attempt(dec.propose, "Motion " + text, item="budget", matter="budget")

    # -- decisions ----------------------------------------------------------------------------

    @rule(text=texts, item=item_ids, mover=st.sampled_from(["", *VOTERS[:3], "nobody", *ALTERNATES]),
          seconder=st.sampled_from(["", *VOTERS, *ALTERNATES, *MEMBERS, "nobody"]), matter=st.sampled_from(["", "budget", "membership"]))
    def propose(self, text, item, mover, seconder, matter):
        """A proposal by any mover and seconder: absent ones, alternates, the mover seconding."""
        self.attempt(dec.propose, text, item=item, mover=mover, seconder=seconder, matter=matter)

    @rule(proposal=proposal_ids, ballot=st.sampled_from(["show-of-hands", "roll-call", "secret", "acclamation"]),
          threshold=st.sampled_from([None, None, "two_thirds_cast", "unanimous", "most"]))
    def open_vote(self, proposal, ballot, threshold):
        self.attempt(dec.open_vote, proposal, ballot=ballot, threshold=threshold)

    @rule(member=voter_ids, choice=st.sampled_from(["yes", "no", "abstain", "maybe"]), proxy_for=st.none() | member_ids)
    def cast(self, member, choice, proxy_for):
        self.attempt(dec.cast_vote, member, choice, proxy_for=proxy_for)

    @rule(member=voter_ids, choice=st.sampled_from(["yes", "no", "abstain", "maybe"]), proxy_for=st.none() | member_ids)
    def change(self, member, choice, proxy_for):
        self.attempt(dec.change_vote, member, choice, proxy_for=proxy_for)

    @rule(member=voter_ids, proxy_for=st.none() | member_ids)
    def participate(self, member, proxy_for):
        self.attempt(dec.record_participation, member, proxy_for=proxy_for)

    @rule()
    def close_ballot_box(self):
        self.attempt(dec.close_ballot_box)

    @rule(yes=counts, no=counts, abstain=counts)
    def enter_counts(self, yes, no, abstain):
        self.attempt(dec.enter_counts, yes, no, abstain)

    @rule(casting=st.sampled_from([None, None, "yes", "no", "abstain"]), number=st.sampled_from([None, None, 1, 0, -1, True]))
    def close_vote(self, casting, number):
        self.attempt(dec.close_vote, casting_vote=casting, register_number=number)

    @rule(reason=texts)
    def cancel_vote(self, reason):
        self.attempt(dec.cancel_vote, reason=reason)

    @rule(proposal=proposal_ids)
    def open_consensus(self, proposal):
        self.attempt(cns.open_consensus, proposal)

    @rule(member=voter_ids, response=st.sampled_from(["agree", "stand-aside", "block", "reservations", "yes", 3, 9, "", None]), reason=texts)
    def respond(self, member, response, reason):
        self.attempt(cns.respond, member, response, reason=reason)

    @rule()
    def close_round(self):
        self.attempt(cns.close_round)

    # -- conflicts, actions, close ------------------------------------------------------------

    @rule(a=member_ids, b=member_ids | st.sampled_from(["Mizan Legal Aid Centre", "No Such Org"]),
          subject=proposal_ids | item_ids, description=texts)
    def raise_conflict(self, a, b, subject, description):
        self.attempt(con.raise_conflict, parties=[a, b], subject=subject, description=description)

    @rule(conflict=conflict_ids, reason=texts)
    def escalate(self, conflict, reason):
        self.attempt(con.escalate, conflict, reason)

    @rule(conflict=conflict_ids, who=member_ids | st.sampled_from(["Dr. Rania Aziz"]))
    def handler(self, conflict, who):
        self.attempt(con.assign_handler, conflict, who)

    @rule(conflict=conflict_ids, text=texts, for_minutes=st.booleans())
    def conflict_note(self, conflict, text, for_minutes):
        self.attempt(con.add_handler_note, conflict, text, for_minutes=for_minutes)

    @rule(conflict=conflict_ids, text=texts)
    def resolve(self, conflict, text):
        self.attempt(con.resolve, conflict, text)

    @rule(conflict=conflict_ids, text=texts)
    def decide(self, conflict, text):
        self.attempt(con.decide, conflict, text)

    @rule(conflict=conflict_ids, reason=texts)
    def defer_conflict(self, conflict, reason):
        self.attempt(con.defer, conflict, reason)

    @rule(text=texts, who=texts, due=st.sampled_from(["", "2026-04-01", "2026-02-30", "tomorrow"]))
    def add_action(self, text, who, due):
        self.attempt(act.add_action, text, who=who, due=due)

    @rule(action=st.sampled_from(["action-1", "action-2", "action-9"]))
    def complete_action(self, action):
        self.attempt(act.complete_action, action)

    # The composite rules again, so that Hypothesis (which draws rules evenly) picks them often.
    @rule(data=st.data(), text=texts)
    def whole_vote_2(self, data, text):
        self.whole_vote(data, text)

    @rule(data=st.data(), text=texts)
    def whole_vote_3(self, data, text):
        self.whole_vote(data, text)

    @rule(data=st.data(), text=texts)
    def whole_consensus_2(self, data, text):
        self.whole_consensus(data, text)

    @rule(data=st.data(), text=texts)
    def whole_consensus_3(self, data, text):
        self.whole_consensus(data, text)

    @precondition(lambda self: any(r.register_id for r in self.state.decisions.records))
    @rule(data=st.data(), text=texts)
    def revisit_2(self, data, text):
        self.revisit(data, text)

    @precondition(lambda self: len(self.events) > 20 and self.steps >= STEPS // 2)
    @rule()
    def close_session(self):
        self.attempt(s.close_session)

    def teardown(self):
        if not hasattr(self, "state"):
            return
        self.minutes_parse_without_markup(force=True)
        d = self.state.decisions
        outcomes = [r.outcome for r in d.records]
        self.tallies["protected votes"] = sum(
            1 for r in d.records if r.kind == "vote" and (r.fallback or r.proposal in self.state.revisits.motions)
        )
        figures = {
            "examples": 1, "steps": self.steps, "events": self.recorded, "refusals": self.refused,
            "decisions": len(d.records), **{o: outcomes.count(o) for o in ("adopted", "rejected", "no-quorum", "referred")},
            **self.tallies, "examples with a decision": int(bool(d.records)), "closed sessions": int(self.state.is_closed),
        }
        for key, value in figures.items():
            TALLY[key] = TALLY.get(key, 0) + value
        event(f"decisions: {min(len(d.records), 10)}{'+' if len(d.records) >= 10 else ''}")
        event(f"consensus rounds closed: {min(self.tallies.get('consensus rounds closed', 0), 5)}")
        if STATS_FILE:
            with open(STATS_FILE, "a", encoding="utf-8") as out:
                out.write(
                    f"{self.recorded} {self.refused} {len(d.records)} "
                    f"{sum(r.adopted for r in d.records)} {len(self.state.conflicts.conflicts)} {int(self.state.is_closed)} "
                    f"{self.tallies.get('consensus rounds closed', 0)} {self.tallies.get('revisit motions', 0)}\n"
                )

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def tallies_within_voters(self):
        d = self.state.decisions
        if d.ballot is not None:
            tally = d.ballot.tally()
            if tally is not None:
                assert tally.yes + tally.no + tally.abstain <= dec.vote_capacity(self.state, d.ballot)
            assert len(d.ballot.voted()) <= dec.vote_capacity(self.state, d.ballot)
        for record in d.records:
            if record.tally is not None:
                total = record.tally.yes + record.tally.no + record.tally.abstain
                assert total <= record.present_voters <= record.total_voters, record
            assert len(record.roll) <= record.total_voters

    @invariant()
    def nothing_adopted_without_quorum(self):
        for record in self.state.decisions.records:
            if record.outcome in ("adopted", "rejected", "referred"):
                assert record.quorum.met, record
        for proposal in self.state.decisions.proposals.values():
            if proposal.status == "adopted":
                assert any(r.proposal == proposal.id and r.adopted and r.quorum.met for r in self.state.decisions.records)

    @invariant()
    def nothing_adopted_below_the_governed_threshold(self):
        state = self.state
        for record in state.decisions.records:
            if record.kind != "vote" or record.outcome == "no-quorum":
                continue
            tally = dec.with_casting_vote(record.tally, record.casting_vote)
            result = apply_threshold(
                record.threshold, tally, present_voters=record.present_voters, total_voters=record.total_voters,
                unanimous_no_abstain=record.no_abstain,
            )
            adopted = record.adopted or (record.outcome == "referred" and record.recommendation == "adopted")
            assert result.adopted == adopted, record
            motion = state.revisits.motions.get(record.proposal)
            if motion is not None and motion.threshold:
                governed = elig.GovernedThreshold(motion.threshold, motion.alternative, motion.kind, "")
            elif record.fallback:
                governed = elig.GovernedThreshold(state.charter.consensus.fallback_threshold, "", "fallback", "")
            else:
                continue
            assert record.threshold in (governed.threshold, governed.alternative) or elig.raises_or_keeps(record.threshold, governed), record
            if adopted:  # adopted at the governed threshold or its alternative, or above it
                assert any(
                    apply_threshold(t, tally, present_voters=record.present_voters, total_voters=record.total_voters).adopted
                    for t in (governed.threshold, governed.alternative) if t
                ), record

    @invariant()
    def one_voice_per_seat_and_no_recused_seat(self):
        state = self.state
        d = state.decisions
        rounds = [r for p in d.proposals.values() for r in p.rounds] + ([d.round] if d.round is not None else [])
        for round_ in rounds:
            seats = [elig.seat_of(state, m) for m in round_.responses]
            assert len(seats) == len(set(seats)), ("two voices for one seat", round_.responses)
        if d.round is not None:
            recused = elig.recused_seats(state, d.proposals[d.round.proposal])
            assert not any(elig.seat_of(state, m) in recused for m in d.round.responses)
        if d.ballot is not None:
            recused = elig.recused_seats(state, d.proposals[d.ballot.proposal])
            assert not set(recused) & set(d.ballot.voted()), "a recused seat voted"
        for record in d.records:
            recused_seats = {elig.seat_of(state, m) for m in record.recused}
            assert not recused_seats & {e.seat for e in record.roll + record.took_part}, record
            if record.casting_vote:
                # a proxy vote the chair carried is the giver's seat's, not the chair's own
                assert all(e.member != state.chair or e.proxy_for for e in record.roll + record.took_part), "the chair voted twice"
                assert elig.seat_of(state, state.chair) not in {e.seat for e in record.roll + record.took_part}, "the chair's seat voted"

    @invariant()
    def a_secret_ballot_is_counted_only_from_a_closed_box(self):
        """In the stored log, a secret ballot's counts come after its box closed, and no ballot
        goes in after the first count: every count is of the whole box, so none pairs a voter
        or a moment with a choice."""
        ballot_kind, box_closed, counted = "", False, False
        for e in self.events:
            if e.kind == dec.VOTE_OPENED:
                ballot_kind, box_closed, counted = e.data["ballot"], False, False
            elif e.kind == dec.VOTE_BOX_CLOSED:
                assert ballot_kind == "secret" and not box_closed and not counted
                box_closed = True
            elif e.kind == dec.VOTE_COUNTED and ballot_kind == "secret":
                assert box_closed, "a secret ballot counted while its box was open"
                counted = True
            elif e.kind == dec.VOTE_PARTICIPATED:
                assert not box_closed and not counted, "a ballot put in after the box closed"
            elif e.kind == dec.VOTE_CAST:
                assert ballot_kind == "roll-call"

    @invariant()
    def replay_gives_the_same_state(self):
        assert s.fold(self.events) == self.state
        # the loader's checked replay accepts every session the commands can produce
        stored = json.loads(json.dumps([e.to_dict() for e in self.events]))
        assert replay(stored) == self.state

    @rule(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 3))
    def feed_the_loader_mutated_lines(self, seed, rounds):
        """The session so far, stored, then mutated (random bytes, NaN, huge numbers, unknown
        ids, lines dropped, repeated, swapped, zeroed): loading it is "damaged" or a valid state
        (whose minutes render), never anything else."""
        header = b'{"format":"meeting-tui-session","version":1,"header":{}}\n'
        lines = [
            json.dumps({"t": "events", "id": e.seq, "doc": e.to_dict()}, ensure_ascii=False).encode() + b"\n"
            for e in self.events
        ]
        data = header + b"".join(lines)
        rng = random.Random(seed)
        for _ in range(rounds):
            data = mutate(data, rng)
        event(f"mutated log: {outcome(data)}")

    @invariant()
    def minutes_parse_without_markup(self, force=False):
        self.steps += 0 if force else 1
        if not force and self.steps % MINUTES_EVERY:
            return
        text = render_markdown(self.state, now=self.now, tz=timezone.utc)
        minutes_parser().parse(text)
        bad = [t for t in _walk(HTML_PARSER.parse(text)) if t.type in FORBIDDEN_TOKENS]
        assert not bad, f"markup from user text: {[(t.type, t.content) for t in bad]}"


MeetingMachine.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestMeetingStateMachine = MeetingMachine.TestCase
