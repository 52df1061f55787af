"""A secret ballot stays secret in the file (README: "A secret ballot stays secret").

Tested the way an attacker reads a session file: the tellers always enter the true counts of
the ballots in the box at that moment (the worst case: a running count would then give each
voter's choice away), the facilitator tries every order of putting ballots in, closing the box,
counting and correcting, and the file is compared with the file of a second world where the
same people took part but their choices were shuffled among them. If the two files are
identical, nothing in the file tells who chose what.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_tui.domain import decisions as d
from meeting_tui.domain import replay
from meeting_tui.domain.errors import Refusal
from meeting_tui.domain.events import Event
from meeting_tui.domain.rules import Tally

from .conftest import make_committee
from .test_decisions import Log, ids

VOTERS = 7
CHOICE = st.sampled_from(["yes", "no", "abstain"])
STEP = st.one_of(
    st.tuples(st.just("in"), st.integers(0, VOTERS - 1)),  # a voter puts in a ballot
    st.tuples(st.just("box"), st.just(0)),  # the facilitator closes the ballot box
    st.tuples(st.just("count"), st.integers(0, 2)),  # the tellers count (0: right; 1, 2: a miscount)
    st.tuples(st.just("close"), st.just(0)),  # the vote is closed
)


def _counts(choices: dict[str, str], box: list[str], error: int) -> tuple[int, int, int]:
    """What the tellers find in the box now (the true counts; `error` moves ballots from yes to no)."""
    inside = [choices[m] for m in box]
    yes, no, abstain = inside.count("yes"), inside.count("no"), inside.count("abstain")
    moved = min(error, yes)
    return yes - moved, no + moved, abstain


def _run(choices: dict[str, str], script: list[tuple[str, int]]) -> tuple[Log, list[str]]:
    """Play the script (each step through the domain; a refused step changes nothing)."""
    log = Log(make_committee(VOTERS), present=ids(*range(VOTERS)))
    pid = log.propose("Elect the treasurer.")
    log.do(d.open_vote, pid, ballot="secret")
    box: list[str] = []
    for step, n in script:
        try:
            if step == "in":
                member = f"m{n}"
                log.do(d.record_participation, member)
                box.append(member)
            elif step == "box":
                log.do(d.close_ballot_box)
            elif step == "count":
                log.do(d.enter_counts, *_counts(choices, box, n))
            else:
                log.do(d.close_vote)
        except Refusal:
            pass  # refused: nothing recorded (the clock moved on in both worlds alike)
    return log, box


def _file(log: Log) -> list[str]:
    return [json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in log.events]


@settings(max_examples=300, deadline=None)
@given(
    script=st.lists(STEP, min_size=1, max_size=30),
    choices=st.lists(CHOICE, min_size=VOTERS, max_size=VOTERS),
    shuffle=st.randoms(use_true_random=False),
)
def test_the_file_does_not_depend_on_who_chose_what(script, choices, shuffle):
    world = {f"m{i}": c for i, c in enumerate(choices)}
    log, box = _run(world, script)
    # The second world: the same people took part, their choices shuffled among them.
    inside = [world[m] for m in box]
    shuffle.shuffle(inside)
    other = dict(world) | dict(zip(box, inside))
    other_log, other_box = _run(other, script)
    assert other_box == box
    assert _file(other_log) == _file(log)  # identical, byte for byte: choices leave no trace

    # And the file is in the only order that allows it: no count while a ballot can still go in.
    kinds = [e.kind for e in log.events]
    if d.VOTE_COUNTED in kinds:
        first_count = kinds.index(d.VOTE_COUNTED)
        assert d.VOTE_BOX_CLOSED in kinds[:first_count]
        assert d.VOTE_PARTICIPATED not in kinds[first_count:]
    for event in log.events:
        if event.kind == d.VOTE_COUNTED:
            assert set(event.data) == {"proposal", "yes", "no", "abstain"}
        if event.kind in (d.VOTE_PARTICIPATED, d.VOTE_BOX_CLOSED):
            assert not {"yes", "no", "abstain", "choice"} & set(event.data)
    loaded = replay.replay(_stored(log.events))  # and it loads, the same
    assert [r.tally for r in loaded.decisions.records] == [r.tally for r in log.state.decisions.records]
    assert (loaded.decisions.ballot is None) == (log.state.decisions.ballot is None)


def test_the_attack_works_on_running_counts():
    """The check above has teeth: with a count between two ballots (the old order) the two
    worlds' files differ, so a reader learns something about who chose what."""
    script = [("in", 0), ("in", 1)]
    a = {f"m{i}": "yes" for i in range(VOTERS)} | {"m1": "no"}
    b = dict(a) | {"m0": "no", "m1": "yes"}
    files = []
    for world in (a, b):
        log, box = _run(world, script)
        # the old order, written by hand: a running count after the first ballot
        counted = Event(d.VOTE_COUNTED, log.now, {"proposal": "P1", **dict(zip(("yes", "no", "abstain"), _counts(world, box[:1], 0)))})
        files.append(_file(log) + [json.dumps(counted.to_dict(), sort_keys=True)])
    assert files[0] != files[1]
    # and the domain now refuses that order
    log, _box = _run(a, script)
    try:
        log.do(d.enter_counts, 1, 0, 0)
    except Refusal as refusal:
        assert "ballot box is still open" in refusal.message
    else:  # pragma: no cover
        raise AssertionError("a count was accepted while the ballot box was open")


def test_a_correction_replaces_the_count_and_minutes_show_the_last():
    world = {f"m{i}": "yes" for i in range(VOTERS)} | {"m2": "no"}
    log, _box = _run(world, [("in", 0), ("in", 1), ("in", 2), ("box", 0), ("count", 1), ("count", 0), ("close", 0)])
    decision = log.last
    assert decision.tally == Tally(2, 1, 0) and decision.outcome == "adopted"
    assert len(decision.took_part) == 3 and all(e.choice == "" for e in decision.took_part)


SHIFT = 1_772_000_000.0  # the test log's clock starts in 1970; a stored session lives in 2000-2100


def _stored(events) -> list[dict]:
    out = []
    for e in events:
        raw = e.to_dict()
        raw["at"] += SHIFT
        out.append(raw)
    return out


def _raw(seq: int, kind: str, at: float, **data) -> dict:
    return {"seq": seq, "kind": kind, "at": at, "data": data}


def test_an_old_file_with_running_counts_still_loads():
    """Files written before the ballot box had its own event (counts between participations)
    still load: they show the last counts entered and who took part, and an open ballot in such
    a file takes no more ballots once a count was entered."""
    log = Log(make_committee(VOTERS), present=ids(*range(VOTERS)))
    pid = log.propose("Elect the treasurer.")
    log.do(d.open_vote, pid, ballot="secret")
    raw = _stored(log.events)
    at = log.now + SHIFT
    for kind, data in [
        (d.VOTE_PARTICIPATED, {"proposal": pid, "member": "m0", "seat": "m0", "proxy_for": ""}),
        (d.VOTE_COUNTED, {"proposal": pid, "yes": 1, "no": 0, "abstain": 0}),
        (d.VOTE_PARTICIPATED, {"proposal": pid, "member": "m1", "seat": "m1", "proxy_for": ""}),
        (d.VOTE_COUNTED, {"proposal": pid, "yes": 1, "no": 1, "abstain": 0}),
    ]:
        at += 1
        raw.append(_raw(len(raw) + 1, kind, at, **data))
    state = replay.replay(raw)
    ballot = state.decisions.ballot
    assert ballot.counts == Tally(1, 1, 0) and set(ballot.took_part) == {"m0", "m1"}
    assert ballot.counting and not ballot.box_closed
    try:
        d.record_participation(state, "m2", now=at + 1)
    except Refusal as refusal:
        assert "counting has started" in refusal.message
    else:  # pragma: no cover
        raise AssertionError("a ballot went in after the count")
    closed = d.close_vote(state, now=at + 1)
    assert closed[0].data["tally"] == {"yes": 1, "no": 1, "abstain": 0}


def test_the_loader_refuses_a_ballot_in_a_closed_box_and_a_choice_on_a_secret_ballot():
    log = Log(make_committee(VOTERS), present=ids(*range(VOTERS)))
    pid = log.propose("Elect the treasurer.")
    log.do(d.open_vote, pid, ballot="secret")
    log.do(d.record_participation, "m0")
    log.do(d.close_ballot_box)
    raw = _stored(log.events)
    late = raw + [_raw(len(raw) + 1, d.VOTE_PARTICIPATED, log.now + SHIFT + 1, proposal=pid, member="m1", seat="m1", proxy_for="")]
    try:
        replay.replay(late)
    except replay.ReplayError as error:
        assert "box already closed" in error.message
    else:  # pragma: no cover
        raise AssertionError("a ballot in a closed box was accepted")
    named = raw + [_raw(len(raw) + 1, d.VOTE_CAST, log.now + SHIFT + 1, proposal=pid, member="m0", seat="m0", choice="yes", proxy_for="")]
    try:
        replay.replay(named)
    except replay.ReplayError as error:
        assert "does not belong to a secret ballot" in error.message
    else:  # pragma: no cover
        raise AssertionError("a choice by name on a secret ballot was accepted")


def test_a_committee_language_that_is_not_a_code_makes_the_file_damaged():
    """Found by the 10,000-example fuzzer: a mutated snapshot with `"language": true` loaded,
    then the minutes crashed on it. The loader now calls such a file damaged."""
    log = Log(make_committee(VOTERS), present=ids(*range(VOTERS)))
    raw = _stored(log.events)
    raw[0]["data"]["committee"]["language"] = True
    try:
        replay.replay(raw)
    except replay.ReplayError as error:
        assert "language" in str(error)
    else:
        raise AssertionError("a committee language of true was accepted")
