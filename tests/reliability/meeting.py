"""A scripted committee meeting for the reliability tests (shared by the crash worker and
the campaign): the executive committee example, every kind of business, a fake clock.

`SCRIPT` is a list of steps ``(label, command, args, kwargs)``; every step records at least one
event (a step is one durable append). The clock is a function of the state's ``seq`` only, so
a run that is killed and resumed records exactly the same events as an uninterrupted one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import timezone
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

import msgspec

from meeting_tui.charter.examples import example_text
from meeting_tui.charter.load import parse_agenda, parse_committee
from meeting_tui.domain import actions as act
from meeting_tui.domain import conflicts as con
from meeting_tui.domain import consensus as cns
from meeting_tui.domain import decisions as dec
from meeting_tui.domain import session as s
from meeting_tui.domain.events import Event
from meeting_tui.minutes import render_markdown

T0 = 1_773_489_600.0  # 2026-03-14 12:00 UTC


def clock_for(seq: int) -> float:
    """The fake wall clock: 37 seconds per recorded event, whoever asks and whenever."""
    return T0 + 37.0 * seq


def committee_and_agenda():
    committee = parse_committee(example_text("executive.toml"), slug="executive").value
    agenda = parse_agenda(example_text("agenda-executive.toml"), committee=committee).value
    assert committee is not None and agenda is not None
    return committee, agenda


def _canonical(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return {name: _canonical(getattr(value, name)) for name in value.__struct_fields__}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def state_digest(state: s.SessionState) -> str:
    """sha256 of a canonical JSON of the whole folded state (every dataclass field)."""
    text = json.dumps(_canonical(state), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def chain_digest(previous: str, event: dict) -> str:
    """A hash chain over the event list: the digest after one more event (as stored)."""
    text = json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((previous + text).encode("utf-8")).hexdigest()[:16]


def chain_digests(events: list[dict]) -> dict[int, str]:
    out, h = {}, ""
    for e in events:
        h = chain_digest(h, e)
        out[e["seq"]] = h
    return out


def minutes_of(state: s.SessionState) -> str:
    return render_markdown(state, now=clock_for(state.seq), tz=timezone.utc, source="crash.json")


# Member ids of examples/executive.toml.
CHAIR, DEPUTY, SECRETARY, TREASURER, COMMS = (
    "layla-mansour", "karim-nasser", "nour-al-hassan", "sami-haddad", "youssef-al-ali",
)
KHALED, SALMA, OMAR, MARYAM, AMINA, ZEINA = (
    "khaled-barakat", "سلمى-حداد", "omar-saleh", "maryam-youssef", "amina-haddad", "zeina-rahal",
)
HUDA, TARIQ = "huda-saleh", "tariq-mahmoud"
VOTERS = [CHAIR, DEPUTY, SECRETARY, TREASURER, COMMS, KHALED, SALMA, OMAR, MARYAM, AMINA, ZEINA]


def _step(label, command, *args, **kwargs):
    return (label, command, args, kwargs)


def build_script(rounds: int = 3) -> list[tuple]:
    S: list[tuple] = []
    add = S.append
    # Arrivals (one remote), apologies, a late arrival, a proxy.
    for mid in [CHAIR, DEPUTY, SECRETARY, TREASURER, KHALED, SALMA, MARYAM, TARIQ]:
        add(_step(f"arrive {mid}", s.arrive, mid))
    add(_step("remote", s.arrive, AMINA, mode="remote"))
    add(_step("apologies", s.send_apologies, ZEINA))
    add(_step("guest", s.add_guest, "Observer <b>from</b> *UN* | agency", organisation="[link](http://x)"))
    add(_step("item 1", s.next_item))
    add(_step("note 1", s.set_note, "minutes", "Minutes of February read.\n# not a heading\n<script>alert(1)</script>"))
    add(_step("propose minutes", dec.propose, "Approve the minutes of 14 February.", item="minutes", mover=SECRETARY, seconder=CHAIR))
    add(_step("show of hands", dec.open_vote, "P1", ballot="show-of-hands"))
    add(_step("counts", dec.enter_counts, 6, 0, 2))
    add(_step("close P1", dec.close_vote))
    add(_step("item 2", s.next_item))
    add(_step("queue", s.queue_speaker, KHALED))
    add(_step("queue 2", s.queue_speaker, MARYAM))
    add(_step("floor", s.give_floor))
    add(_step("stop", s.stop_speaker))
    add(_step("floor 2", s.give_floor))
    add(_step("pause", s.pause_item))
    add(_step("resume", s.resume_item))
    add(_step("extend", s.extend_item, 5, "more reports"))
    add(_step("stop 2", s.stop_speaker))
    add(_step("action", act.add_action, "Send the well survey to all members", who=KHALED, due="2026-04-01"))
    add(_step("arrive omar", s.arrive, OMAR))
    add(_step("depart deputy", s.depart, DEPUTY))
    add(_step("proxy", s.assign_proxy, DEPUTY, CHAIR))
    add(_step("item 3", s.next_item))
    add(_step("propose P2", dec.propose, "Adopt the water-access work plan.", item="wg-water", matter="work-plan", mover=KHALED, seconder=SALMA))
    add(_step("roll call", dec.open_vote, "P2", ballot="roll-call"))
    for mid, choice in [(CHAIR, "yes"), (SECRETARY, "yes"), (TREASURER, "no"), (KHALED, "yes"), (SALMA, "abstain"),
                        (MARYAM, "yes"), (AMINA, "yes"), (OMAR, "no")]:
        add(_step(f"vote {mid}", dec.cast_vote, mid, choice))
    add(_step("proxy vote", dec.cast_vote, CHAIR, "yes", proxy_for=DEPUTY))
    add(_step("close P2", dec.close_vote))
    add(_step("complete action", act.complete_action, "action-1"))
    add(_step("item 4", s.next_item))
    add(_step("propose P3", dec.propose, "Register the land titles of the northern villages.", item="wg-land", mover=MARYAM))
    add(_step("consensus", cns.open_consensus, "P3"))
    for mid, resp, why in [(CHAIR, "agree", ""), (SECRETARY, "agree", ""), (TREASURER, "stand-aside", "conflict of interest"),
                           (KHALED, "block", "the herders were not consulted"), (MARYAM, "agree", "")]:
        add(_step(f"respond {mid}", cns.respond, mid, resp, reason=why))
    add(_step("close round", cns.close_round))
    add(_step("conflict", con.raise_conflict, parties=[MARYAM, KHALED], subject="P3", description="Consultation of the herders"))
    add(_step("escalate", con.escalate, "C1", "no agreement in dialogue"))
    add(_step("mediator", con.assign_handler, "C1", "Dr. Rania Aziz", organisation="Amman Mediation Centre"))
    add(_step("conflict note", con.add_handler_note, "C1", "Both sides met; [agreement](javascript:x) near", for_minutes=True))
    add(_step("resolve", con.resolve, "C1", "Consult the herders' union before registration."))
    add(_step("item 5", s.next_item))
    add(_step("propose P4", dec.propose, "Move 4,000 from training to wells.", item="budget", matter="budget", mover=TREASURER))
    add(_step("secret", dec.open_vote, "P4", ballot="secret"))
    for mid in [CHAIR, SECRETARY, TREASURER, KHALED, SALMA, MARYAM, OMAR]:
        add(_step(f"ballot {mid}", dec.record_participation, mid))
    add(_step("box closed", dec.close_ballot_box))
    add(_step("tellers", dec.enter_counts, 5, 1, 1))
    add(_step("close P4", dec.close_vote))
    add(_step("defer statement", s.defer_item, "statement", "time ran out"))
    # Repeated business, so a worker has plenty to do between kills.
    for r in range(1, rounds + 1):
        add(_step(f"aob {r}", s.add_item, f"Any other business {r} <em>", 10))
        add(_step(f"start aob {r}", s.next_item))
        add(_step(f"note aob {r}", s.set_note, f"added-{r}", f"Round {r}: ملاحظة | `code` **bold**"))
        for mid in [COMMS, SALMA]:
            add(_step(f"toggle {mid} {r}", s.toggle_presence, mid))
        add(_step(f"propose aob {r}", dec.propose, f"Motion {r}", item=f"added-{r}"))
        pid = f"P{4 + r}"
        add(_step(f"hands {r}", dec.open_vote, pid, ballot="show-of-hands"))
        add(_step(f"counts {r}", dec.enter_counts, 4 + r % 3, 2, 0))
        add(_step(f"recount {r}", dec.enter_counts, 3 + r % 3, 2, 1))
        add(_step(f"close {pid}", dec.close_vote))
        add(_step(f"action {r}", act.add_action, f"Follow up motion {r}", who=COMMS, due=""))
        add(_step(f"queue {r}", s.queue_speaker, OMAR))
        add(_step(f"floor {r}", s.give_floor))
        add(_step(f"stop {r}", s.stop_speaker))
    add(_step("next meeting", s.set_next_meeting, "2026-04-11", "Coalition office", "16:30"))
    add(_step("close", s.close_session))
    return S


SCRIPT = build_script(rounds=20)


def reference_run(script=SCRIPT, *, digests: bool = True):
    """Run the script in memory: (events as dicts, digest after each seq, boundaries).

    `boundaries` are the seqs at which a step ends (an append), starting with 1 (the
    session.opened event)."""
    committee, agenda = committee_and_agenda()
    opened = s.open_session(committee, agenda, now=clock_for(0), title="", date="2026-03-14", place="")
    events = [opened[0].with_seq(1)]
    state = s.fold(events)
    want_digests = digests
    digests = {1: state_digest(state)} if want_digests else {}
    boundaries = [1]
    for label, command, args, kwargs in script:
        new = command(state, *args, now=clock_for(state.seq), **kwargs)
        assert new, f"step {label!r} recorded nothing"
        stamped = [e.with_seq(state.seq + i + 1) for i, e in enumerate(new)]
        s.apply_all(state, stamped)
        events += stamped
        if want_digests:
            digests[state.seq] = state_digest(state)
        boundaries.append(state.seq)
    return [e.to_dict() for e in events], digests, boundaries


def fold_dicts(raw: list[dict]) -> s.SessionState:
    return s.fold(Event.from_dict(r) for r in raw)


def session_path(directory: Path) -> Path:
    return directory / "crash.json"
