"""Conflicts and the escalation ladder (PROCEDURE.md: Conflict escalation; SEED-NOTES point 4)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_tui.domain import conflicts as cf
from meeting_tui.domain import consensus as c
from meeting_tui.domain import decisions as d
from meeting_tui.domain import session as s
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import Charter, ConsensusRules, EscalationLevel, Member

from .conftest import make_committee
from .test_decisions import Log, ids

# Xavier sits for Org 1 too (the organisation of m1); Nadia is an officer of Org 2.
EXTRA = (
    Member(id="x1", name="Xavier", organisation="Org 1", constituency="community"),
    Member(id="n2", name="Nadia", organisation="Org 2", role="officer", constituency="partner"),
)


def conflict_log(charter: Charter | None = None, **kw) -> Log:
    log = Log(make_committee(9, charter, extra=EXTRA), present=ids(*range(7)), **kw)
    log.do(s.start_item, "c")
    return log


def raise_c1(log: Log, parties=("m1", "Org 2"), subject="c") -> cf.Conflict:
    log.do(cf.raise_conflict, parties=list(parties), subject=subject, description="Who leads the budget campaign.")
    return list(log.state.conflicts.conflicts.values())[-1]


# ---------------------------------------------------------------------------------------------
# Raising a conflict
# ---------------------------------------------------------------------------------------------


def test_raise_names_parties_subject_and_starts_level_one_with_its_timebox():
    log = conflict_log()
    start = log.now + 1
    conflict = raise_c1(log)
    assert conflict.id == "C1"
    assert [e.kind for e in log.events[-2:]] == ["conflict.raised", "conflict.level_started"]
    assert [(p.kind, p.id, p.name, p.organisation) for p in conflict.parties] == [
        ("member", "m1", "Member 1", "Org 1"),
        ("organisation", "", "Org 2", ""),
    ]
    assert (conflict.subject, conflict.subject_kind, conflict.status) == ("c", "item", "open")
    level = conflict.current
    assert (level.number, level.name, level.role, level.binding) == (1, "Facilitated dialogue", "facilitator", False)
    assert not level.needs_handler
    # The timebox is derived from the event's timestamp: 15 minutes, counting down, then over.
    assert level.remaining(start) == 15 * 60
    assert level.remaining(start + 600) == 300
    assert level.remaining(start + 1000) == -100
    assert raise_c1(log, parties=("m3", "m4")).id == "C2"


def test_organisation_names_match_the_roster_whatever_the_case():
    log = conflict_log()
    conflict = raise_c1(log, parties=("org 3", "  ORG 4 "))
    assert [p.name for p in conflict.parties] == ["Org 3", "Org 4"]


def test_raise_refusals_leave_the_state_unchanged():
    log = conflict_log()
    raise_ = cf.raise_conflict
    assert "neither a member id nor an organisation" in log.refused(
        raise_, parties=["m1", "Acme Ltd"], subject="c", description="x"
    )
    assert "at least two parties" in log.refused(raise_, parties=["m1"], subject="c", description="x")
    assert "named twice" in log.refused(raise_, parties=["m1", "m1"], subject="c", description="x")
    assert "neither an agenda item nor a proposal" in log.refused(raise_, parties=["m1", "m2"], subject="zz", description="x")
    assert "Describe the conflict" in log.refused(raise_, parties=["m1", "m2"], subject="c", description="  ")
    assert "levels 1 to 3" in log.refused(raise_, parties=["m1", "m2"], subject="c", description="x", start_level=4)
    raise_c1(log)
    assert "still open" in log.refused(raise_, parties=["Org 2", "m1"], subject="c", description="again")


def test_a_charter_without_a_ladder_cannot_raise_conflicts():
    log = conflict_log(Charter(escalation=()))
    assert "no escalation ladder" in log.refused(cf.raise_conflict, parties=["m1", "m2"], subject="c", description="x")


def test_a_conflict_on_a_proposal():
    log = conflict_log()
    pid = log.propose()
    conflict = raise_c1(log, subject=pid)
    assert (conflict.subject, conflict.subject_kind) == (pid, "proposal")


# ---------------------------------------------------------------------------------------------
# Independence of mediators and arbitrators
# ---------------------------------------------------------------------------------------------


def at_mediator_level(log: Log) -> cf.Conflict:
    conflict = raise_c1(log)  # parties: m1 (Org 1) and the organisation Org 2
    log.do(cf.escalate, conflict.id, "The dialogue did not settle it.")
    assert conflict.current.role == "mediator" and conflict.current.needs_handler
    return conflict


@pytest.mark.parametrize(
    "handler, organisation, expected",
    [
        # a party
        ("m1", "", "Member 1 is a party to conflict C1 and cannot be its mediator. A mediator must be independent"),
        ("Member 1", "", "Member 1 is a party to conflict C1"),  # named by name, found in the roster
        # a member of a party organisation (Org 2 is named as a party)
        ("m2", "", "Member 2 belongs to Org 2, which is a party to conflict C1, so cannot be its mediator."),
        ("n2", "", "Nadia belongs to Org 2, which is a party to conflict C1"),
        # a member of the same organisation as a party member (m1 sits for Org 1)
        ("x1", "", "Xavier belongs to Org 1, the organisation of Member 1 (a party to conflict C1), so cannot be its mediator."),
        # a party organisation named directly
        ("org 2", "", "Org 2 is itself a party to conflict C1, so it cannot be its mediator."),
        ("org 1", "", "Org 1 is the organisation of Member 1, a party to conflict C1"),
        # an external person from a party organisation
        ("Dr. Haddad", "Org 1", "Dr. Haddad belongs to Org 1, the organisation of Member 1"),
        ("Dr. Haddad", "ORG 2", "Dr. Haddad belongs to Org 2, which is a party to conflict C1"),
    ],
)
def test_a_handler_who_is_not_independent_is_refused(handler, organisation, expected):
    log = conflict_log()
    conflict = at_mediator_level(log)
    message = log.refused(cf.assign_handler, conflict.id, handler, organisation=organisation)
    assert expected in message
    assert "choose" in message.lower()  # and what to do instead


def test_independent_members_and_external_handlers_are_assigned():
    log = conflict_log()
    conflict = at_mediator_level(log)
    log.do(cf.assign_handler, conflict.id, "m5")
    assert conflict.current.handler.member == "m5"
    assert "already the mediator" in log.refused(cf.assign_handler, conflict.id, "m5")
    log.do(cf.assign_handler, conflict.id, "Dr. Salma Haddad", organisation="Regional Mediation Centre")
    handler = conflict.current.handler
    assert (handler.member, handler.name, handler.organisation, handler.external) == (
        "",
        "Dr. Salma Haddad",
        "Regional Mediation Centre",
        True,
    )
    assert [h.name for h in conflict.current.handlers] == ["Member 5", "Dr. Salma Haddad"]
    assert "Name the mediator" in log.refused(cf.assign_handler, conflict.id, " ")


def test_independence_problem_is_pure():
    conflict = cf.Conflict(
        "C9", (cf.Party("member", "a", "Amina", "Farmers"), cf.Party("organisation", "", "Water Users")), "c", "item", "x", 0.0
    )
    check = cf.independence_problem
    assert check(conflict, name="Amina", organisation="Farmers", member="a", role="arbitrator")
    assert check(conflict, name="Omar", organisation="farmers", member="o", role="arbitrator")
    assert check(conflict, name="Water users", organisation="", member="", role="arbitrator")
    assert check(conflict, name="Omar", organisation="Teachers", member="o", role="arbitrator") == ""
    assert check(conflict, name="Panel of elders", organisation="", member="", role="arbitrator") == ""


# ---------------------------------------------------------------------------------------------
# The ladder: resolve, escalate, decide, defer
# ---------------------------------------------------------------------------------------------


def test_resolved_at_level_one():
    log = conflict_log()
    conflict = raise_c1(log)
    assert "what the parties agreed" in log.refused(cf.resolve, conflict.id, "")
    log.do(cf.resolve, conflict.id, "Org 2 leads; Member 1 co-chairs the campaign group.")
    assert conflict.status == "resolved" and conflict.current is None
    assert conflict.levels[0].end == "resolved"
    assert "resolved; nothing more can be recorded" in log.refused(cf.escalate, conflict.id, "no")
    assert "resolved" in log.refused(cf.add_handler_note, conflict.id, "late")


def test_escalate_through_the_ladder_and_not_past_the_last_level():
    log = conflict_log()
    conflict = raise_c1(log)
    assert "Say why" in log.refused(cf.escalate, conflict.id, " ")
    log.do(cf.escalate, conflict.id, "No agreement in the dialogue.")
    assert [e.kind for e in log.events[-2:]] == ["conflict.escalated", "conflict.level_started"]
    log.do(cf.escalate, conflict.id, "The mediation failed.")
    assert [lv.number for lv in conflict.levels] == [1, 2, 3]
    assert [lv.end for lv in conflict.levels] == ["escalated", "escalated", ""]
    assert conflict.current.remaining(log.now) is None  # no timebox at this level
    message = log.refused(cf.escalate, conflict.id, "Still no agreement.")
    assert "at the last level of the ladder (3. Arbitrator or arbitration committee)" in message
    assert "decide it (this level is binding)" in message


def test_decide_only_at_a_binding_level_with_its_handler():
    log = conflict_log()
    conflict = raise_c1(log)
    message = log.refused(cf.decide, conflict.id, "Org 2 leads.")
    assert "Level 1 (Facilitated dialogue) is not binding" in message
    assert "escalate to level 3 (Arbitrator or arbitration committee), which is binding" in message
    log.do(cf.escalate, conflict.id, "No agreement.")
    assert "Level 2 (Independent mediator) is not binding" in log.refused(cf.decide, conflict.id, "Org 2 leads.")
    log.do(cf.escalate, conflict.id, "Mediation failed.")
    assert "No arbitrator is assigned to conflict C1" in log.refused(cf.decide, conflict.id, "Org 2 leads.")
    log.do(cf.assign_handler, conflict.id, "Coalition arbitration panel")
    assert "binding outcome" in log.refused(cf.decide, conflict.id, "")
    log.do(cf.decide, conflict.id, "Org 2 leads the campaign until December.")
    assert conflict.status == "decided"
    assert conflict.register_id == "EXE-2026-001"
    (record,) = cf.conflict_decisions(log.state)
    assert (record.register_id, record.text, record.level, record.handler) == (
        "EXE-2026-001",
        "Org 2 leads the campaign until December.",
        3,
        "Coalition arbitration panel",
    )
    # The register numbering counts it: the next vote of the session gets the next id.
    log.show_of_hands(5, 1)
    assert log.last.register_id == "EXE-2026-002"
    assert d.register_ids_in_session(log.state) == ["EXE-2026-002", "EXE-2026-001"]


def test_decide_refuses_a_register_id_already_given():
    log = conflict_log()
    log.show_of_hands(5, 1, register_number=7)
    conflict = raise_c1(log)
    log.do(cf.escalate, conflict.id, "a")
    log.do(cf.escalate, conflict.id, "b")
    log.do(cf.assign_handler, conflict.id, "m6")
    assert "already used" in log.refused(cf.decide, conflict.id, "x", register_number=7)
    log.do(cf.decide, conflict.id, "x", register_number=8)
    assert conflict.register_id == "EXE-2026-008"


def test_a_ladder_without_a_binding_level():
    ladder = (EscalationLevel("Dialogue", "facilitator", 10), EscalationLevel("Mediation", "mediator", 30))
    log = conflict_log(Charter(escalation=ladder))
    conflict = raise_c1(log)
    log.do(cf.escalate, conflict.id, "No agreement.")
    assert "no later level of this committee's ladder is" in log.refused(cf.decide, conflict.id, "x")
    message = log.refused(cf.escalate, conflict.id, "again")
    assert "last level" in message and "resolve it (an agreement) or defer it" in message


def test_defer_carries_the_conflict_to_the_next_session():
    log = conflict_log()
    conflict = raise_c1(log)
    log.do(cf.escalate, conflict.id, "No agreement.")
    log.do(cf.defer, conflict.id, "The mediator can only meet next month.")
    assert conflict.status == "deferred" and conflict.levels[-1].end == "deferred"
    assert cf.deferred_conflicts(log.state) == [conflict]
    assert "deferred to the next session" in log.refused(cf.resolve, conflict.id, "late")
    (item,) = cf.carry_forward_items(log.state)
    assert item.id == "conflict-C1" and "level 2: Independent mediator" in item.title
    # Taken up again at the next session, at the level it had reached.
    nxt = conflict_log()
    nxt.do(
        cf.raise_conflict,
        parties=["m1", "Org 2"],
        subject="c",
        description=conflict.description,
        start_level=2,
        continued_from="2026-03-14-monthly-meeting.json#C1",
    )
    again = nxt.state.conflicts.conflicts["C1"]
    assert (again.level, again.current.name, again.continued_from) == (2, "Independent mediator", "2026-03-14-monthly-meeting.json#C1")


def test_extend_the_timebox():
    log = conflict_log()
    conflict = raise_c1(log)
    started = conflict.current.started_at
    log.do(cf.extend_level, conflict.id, 5, "Close to agreement.")
    assert conflict.current.remaining(started) == 20 * 60
    assert "between 1 and" in log.refused(cf.extend_level, conflict.id, 0)
    log.do(cf.escalate, conflict.id, "No agreement.")
    assert "no timebox" in log.refused(cf.extend_level, conflict.id, 5)


def test_commands_refused_on_unknown_or_closed_session():
    log = conflict_log()
    assert "no conflict 'C7'" in log.refused(cf.escalate, "C7", "x")
    raise_c1(log)
    log.do(s.close_session)
    assert "closed" in log.refused(cf.resolve, "C1", "ok")


# ---------------------------------------------------------------------------------------------
# Private notes and the minutes
# ---------------------------------------------------------------------------------------------


def test_private_notes_stay_out_of_the_minutes_view():
    log = conflict_log()
    conflict = at_mediator_level(log)
    log.do(cf.assign_handler, conflict.id, "Dr. Salma Haddad")
    log.do(cf.add_handler_note, conflict.id, "Member 1 is under pressure from the board.")
    log.do(cf.add_handler_note, conflict.id, "The parties met twice.", for_minutes=True)
    assert "A note needs a text" in log.refused(cf.add_handler_note, conflict.id, " ")
    assert len(conflict.notes) == 2
    assert [n.text for n in cf.minutes_notes(conflict)] == ["The parties met twice."]
    log.do(cf.resolve, conflict.id, "A joint campaign team.")
    (view,) = cf.minutes_view(log.state)
    assert "pressure" not in repr(view)
    assert view.parties == ("Member 1 (Org 1)", "Org 2")
    assert [(st.number, st.end, st.handler, st.notes) for st in view.steps] == [
        (1, "escalated", "", ()),
        (2, "resolved", "Dr. Salma Haddad", ("The parties met twice.",)),
    ]
    assert view.steps[0].text == "The dialogue did not settle it."
    assert view.steps[0].minutes == 15 and view.steps[1].minutes == 0


# ---------------------------------------------------------------------------------------------
# The consensus fallback "escalate" opens the conflict flow
# ---------------------------------------------------------------------------------------------


def escalated_proposal() -> tuple[Log, str]:
    charter = Charter(consensus=ConsensusRules(fallback="escalate", max_rounds=1))
    log = Log(make_committee(9, charter, extra=EXTRA), present=ids(*range(7)))
    pid = log.propose("We join the national water campaign.", mover="m1")
    log.do(c.open_consensus, pid)
    log.do(c.respond, "m1", "agree")
    log.do(c.respond, "m2", "block", reason="Our board has not agreed.")
    log.do(c.close_round)
    return log, pid


def test_raise_from_escalation_resolves_the_pending_escalation():
    log, pid = escalated_proposal()
    assert [p.id for p in d.pending_escalations(log.state)] == [pid]
    assert "There is no proposal 'P9'" in log.refused(cf.raise_from_escalation, "P9")
    log.do(cf.raise_from_escalation, pid)
    conflict = log.state.conflicts.conflicts["C1"]
    assert [p.id for p in conflict.parties] == ["m1", "m2"]  # the mover and the member who blocked
    assert (conflict.subject, conflict.subject_kind, conflict.proposal) == (pid, "proposal", pid)
    assert "No consensus on P1 after 1 round" in conflict.description
    assert d.pending_escalations(log.state) == []
    assert log.state.decisions.proposals[pid].status == "escalated"  # still not decided by the meeting
    assert "already on the escalation ladder as conflict C1" in log.refused(cf.raise_from_escalation, pid)
    # Its binding outcome enters the register like any decision of the session.
    log.do(cf.escalate, "C1", "no")
    log.do(cf.escalate, "C1", "no")
    log.do(cf.assign_handler, "C1", "m6")
    log.do(cf.decide, "C1", "We join the campaign as an observer for a year.")
    assert conflict.register_id == "EXE-2026-001"


def test_raise_from_escalation_refusals():
    log, pid = escalated_proposal()
    other = log.propose("Something else.")
    assert "not escalated by the consensus fallback" in log.refused(cf.raise_from_escalation, other)
    assert "no proposal" in log.refused(cf.raise_from_escalation, "P42")
    log.do(cf.raise_from_escalation, pid, parties=["Org 1", "Org 2"], description="Board mandates differ.")
    conflict = log.state.conflicts.conflicts["C1"]
    assert [p.name for p in conflict.parties] == ["Org 1", "Org 2"]
    assert conflict.description == "Board mandates differ."


def test_escalated_proposal_in_carry_forward_until_its_conflict_is_raised():
    log, pid = escalated_proposal()
    assert [i.id for i in cf.carry_forward_items(log.state)] == [f"escalated-{pid}"]
    log.do(cf.raise_from_escalation, pid)
    assert cf.carry_forward_items(log.state) == []


# ---------------------------------------------------------------------------------------------
# Properties: any sequence of ladder actions keeps the invariants, refusals change nothing
# ---------------------------------------------------------------------------------------------

ACTIONS = st.lists(
    st.sampled_from(["escalate", "resolve", "decide", "defer", "assign-party", "assign-outsider", "note", "extend"]),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(actions=ACTIONS)
def test_ladder_invariants(actions):
    log = conflict_log()
    conflict = raise_c1(log)
    for action in actions:
        command = {
            "escalate": lambda: (cf.escalate, ("C1", "why"), {}),
            "resolve": lambda: (cf.resolve, ("C1", "agreed"), {}),
            "decide": lambda: (cf.decide, ("C1", "decided"), {}),
            "defer": lambda: (cf.defer, ("C1", "later"), {}),
            "assign-party": lambda: (cf.assign_handler, ("C1", "x1"), {}),
            "assign-outsider": lambda: (cf.assign_handler, ("C1", "Panel"), {}),
            "note": lambda: (cf.add_handler_note, ("C1", "n"), {}),
            "extend": lambda: (cf.extend_level, ("C1", 5), {}),
        }[action]()
        fn, args, kw = command
        before = copy.deepcopy(log.state)
        try:
            log.do(fn, *args, **kw)
        except Refusal as refusal:
            assert refusal.message
            assert log.state == before
    numbers = [lv.number for lv in conflict.levels]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(lv.end == "escalated" for lv in conflict.levels[:-1])
    assert conflict.status in ("open", "resolved", "decided", "deferred")
    assert all(h.member != "x1" for lv in conflict.levels for h in lv.handlers)  # never a party's colleague
    if conflict.status == "decided":
        assert conflict.levels[-1].binding and conflict.levels[-1].handler is not None
        assert conflict.register_id
    # Replaying the log gives the same state.
    assert s.fold(log.events).conflicts == log.state.conflicts


def test_events_round_trip_through_dicts():
    log = conflict_log()
    conflict = at_mediator_level(log)
    log.do(cf.assign_handler, conflict.id, "Dr. Salma Haddad")
    log.do(cf.add_handler_note, conflict.id, "private")
    replayed = s.fold(Event.from_dict(e.to_dict()) for e in log.events)
    assert replayed.conflicts == log.state.conflicts
