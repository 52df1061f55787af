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

CI size by default; scale with ``MEETING_TUI_FUZZ_EXAMPLES=10000``.
"""

from __future__ import annotations

import copy
import os
from datetime import timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from markdown_it import MarkdownIt

from meeting_tui.domain import actions as act
from meeting_tui.domain import conflicts as con
from meeting_tui.domain import consensus as cns
from meeting_tui.domain import decisions as dec
from meeting_tui.domain import session as s
from meeting_tui.domain.errors import Refusal
from meeting_tui.minutes import render_markdown
from meeting_tui.minutes.html import minutes_parser

from tests.reliability.meeting import T0, VOTERS, committee_and_agenda

EXAMPLES = int(os.environ.get("MEETING_TUI_FUZZ_EXAMPLES", "60"))
STEPS = int(os.environ.get("MEETING_TUI_FUZZ_STEPS", "30"))
# Optional: append one line per example (events recorded, refusals, decisions, adopted,
# conflicts, closed) to this file, to see how deep the examples go.
STATS_FILE = os.environ.get("MEETING_TUI_FUZZ_STATS", "")

COMMITTEE, AGENDA = committee_and_agenda()
MEMBERS = [m.id for m in COMMITTEE.members]
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

HTML_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
FORBIDDEN_TOKENS = {"html_block", "html_inline", "link_open", "image"}


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


class MeetingMachine(RuleBasedStateMachine):
    @initialize(date=st.sampled_from(["2026-03-14", ""]))
    def open(self, date):
        self.now = T0
        opened = s.open_session(COMMITTEE, AGENDA, now=self.now, date=date)
        self.events = [e.with_seq(i + 1) for i, e in enumerate(opened)]
        self.state = s.fold(self.events)
        self.refused = 0
        self.recorded = 0

    # -- the one path, as SessionController.do ----------------------------------------------

    def attempt(self, command, *args, **kwargs):
        self.now += 17.0
        before = copy.deepcopy(self.state)
        try:
            new = command(self.state, *args, now=self.now, **kwargs)
        except Refusal:
            assert self.state == before, f"{command.__name__} refused but changed the state"
            self.refused += 1
            return
        assert self.state == before, f"{command.__name__} changed the state before its events were stored"
        stamped = [e.with_seq(self.state.seq + i + 1) for i, e in enumerate(new)]
        for e in stamped:  # events must survive the store's JSON round trip
            assert type(e).from_dict(e.to_dict()) == e
        self.events += stamped
        s.apply_all(self.state, stamped)
        self.recorded += len(stamped)

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

    @rule(text=texts, item=item_ids, mover=st.sampled_from(["", *VOTERS[:3], "nobody"]), matter=st.sampled_from(["", "budget", "membership"]))
    def propose(self, text, item, mover, matter):
        self.attempt(dec.propose, text, item=item, mover=mover, matter=matter)

    @rule(proposal=proposal_ids, ballot=st.sampled_from(["show-of-hands", "roll-call", "secret", "acclamation"]),
          threshold=st.sampled_from([None, None, "two_thirds_cast", "unanimous", "most"]))
    def open_vote(self, proposal, ballot, threshold):
        self.attempt(dec.open_vote, proposal, ballot=ballot, threshold=threshold)

    @rule(member=voter_ids, choice=st.sampled_from(["yes", "no", "abstain", "maybe"]), proxy_for=st.none() | member_ids)
    def cast(self, member, choice, proxy_for):
        self.attempt(dec.cast_vote, member, choice, proxy_for=proxy_for)

    @rule(member=voter_ids, proxy_for=st.none() | member_ids)
    def participate(self, member, proxy_for):
        self.attempt(dec.record_participation, member, proxy_for=proxy_for)

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

    @precondition(lambda self: len(self.events) > 20)
    @rule()
    def close_session(self):
        self.attempt(s.close_session)

    def teardown(self):
        if STATS_FILE:
            d = self.state.decisions
            with open(STATS_FILE, "a", encoding="utf-8") as out:
                out.write(
                    f"{self.recorded} {self.refused} {len(d.records)} "
                    f"{sum(r.adopted for r in d.records)} {len(self.state.conflicts.conflicts)} {int(self.state.is_closed)}\n"
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
    def replay_gives_the_same_state(self):
        assert s.fold(self.events) == self.state

    @invariant()
    def minutes_parse_without_markup(self):
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
