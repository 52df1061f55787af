"""A seeded generator of large, valid sessions for the benchmarks (nothing is checked in).

Run: ``python bench/generate.py DATA_DIR [--members 300] [--events 10000] [--votes 20] [--seed 7]``

It writes a workspace under DATA_DIR: ``<slug>/committee.toml`` (the shipped executive example
with generated members appended, so the roster is the size asked for), the example agenda under
``<slug>/agendas/``, and one session file ``<slug>/<date>-assembly.json`` built only through the
real domain commands, run by `SessionController` and appended by `SessionFile`:

* arrivals of ~70% of the members (a tenth of them remote), then departures and returns;
* agenda items started in turn, with items added when the agenda runs out;
* notes typed on the running item (several saves each, as the notes screen autosaves);
* speakers queued, given the floor and stopped;
* ``votes`` roll-call votes (``decisions.propose`` / ``open_vote(ballot="roll-call")`` /
  ``cast_vote`` by every present voter / ``close_vote``), spread evenly over the session.

The same seed gives the same file (event for event; the clock is simulated). The events of one
facilitator action go to disk together, as `SessionController.do` does; to keep the generation
fast, the durable appends are batched (``--batch`` events per fsync) — the events themselves
are exactly those `do` would write.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from meeting_tui.charter import parse_agenda, parse_committee  # noqa: E402
from meeting_tui.charter.examples import example_text  # noqa: E402
from meeting_tui.controller import SessionController  # noqa: E402
from meeting_tui.domain import decisions as dec  # noqa: E402
from meeting_tui.domain import session as cmd  # noqa: E402
from meeting_tui.domain.errors import Refusal  # noqa: E402
from meeting_tui.domain.session import apply_all  # noqa: E402

START = 1_773_478_800.0  # 2026-03-14 09:00 UTC
DATE = "2026-03-14"
WORDS = (
    "water well rehabilitation budget land registration training coalition partners community "
    "report access irrigation cooperative legal aid survey village council statement plan quarter"
).split()


@dataclass
class Generated:
    data_dir: Path
    slug: str
    path: Path
    members: int
    events: int
    votes: int
    seconds: float


def committee_text(members: int, rng: random.Random) -> str:
    """The executive example with members appended up to `members` voting members in all."""
    base = example_text("executive.toml")
    shipped = parse_committee(base, slug="bench").value
    assert shipped is not None
    missing = max(0, members - len(shipped.members))
    constituencies = ("community", "partner")
    blocks = []
    for n in range(1, missing + 1):
        blocks.append(
            "\n[[members]]\n"
            f'id = "delegate-{n:04d}"\n'
            f'name = "Delegate {n:04d} {rng.choice(WORDS).title()}"\n'
            f'organisation = "Organisation {n:04d}"\n'
            'role = "member"\n'
            f'constituency = "{constituencies[n % 2]}"\n'
        )
    return base + "".join(blocks)


class Recorder:
    """Runs domain commands as `SessionController.do` does, batching the fsyncs."""

    def __init__(self, controller: SessionController, clock: Callable[[], float], batch: int) -> None:
        self.controller = controller
        self.clock = clock
        self.batch = batch
        self.pending: list[dict] = []
        self.count = 1  # session.opened

    def do(self, command, *args, **kwargs) -> bool:
        state = self.controller.state
        try:
            events = command(state, *args, now=self.clock(), **kwargs)
        except Refusal:
            return False
        stamped = [e.with_seq(state.seq + i + 1) for i, e in enumerate(events)]
        apply_all(state, stamped)
        self.pending += [e.to_dict() for e in stamped]
        self.count += len(stamped)
        if len(self.pending) >= self.batch:
            self.flush()
        return bool(stamped)

    def flush(self) -> None:
        if self.pending:
            self.controller.file.append(self.pending)
            self.pending = []


def generate(
    data_dir: Path,
    *,
    members: int = 300,
    events: int = 10_000,
    votes: int = 20,
    seed: int = 7,
    slug: str = "bench-assembly",
    batch: int = 500,
) -> Generated:
    """Write a workspace with one session of about `events` events (exactly, unless a vote's
    roll call overshoots by a few) and return where it is."""
    started = time.perf_counter()
    rng = random.Random(seed)
    folder = Path(data_dir) / slug
    (folder / "agendas").mkdir(parents=True, exist_ok=True)
    text = committee_text(members, rng)
    (folder / "committee.toml").write_text(text, encoding="utf-8")
    agenda_text = example_text("agenda-executive.toml")
    (folder / "agendas" / "agenda-executive.toml").write_text(agenda_text, encoding="utf-8")
    committee = parse_committee(text, slug=slug).value
    agenda = parse_agenda(agenda_text).value
    assert committee is not None and agenda is not None

    ticks = [START]

    def clock() -> float:
        ticks[0] += rng.uniform(0.5, 6.0)
        return ticks[0]

    path = folder / f"{DATE}-assembly.json"
    if path.exists():
        path.unlink()
    controller = SessionController.create(
        path, committee, agenda, clock=clock, title=f"Assembly ({members} members)", date=DATE, place="bench"
    )
    rec = Recorder(controller, clock, batch)
    state = controller.state
    ids = [m.id for m in committee.members if not m.retired]
    voters = [m.id for m in committee.members if m.voting and not m.retired and not m.is_alternate]

    def present() -> list[str]:
        return [m for m in ids if state.attendance[m].status == "present"]

    # Arrivals: ~70% of the members, in random order.
    for member in rng.sample(ids, k=max(1, int(len(ids) * 0.7))):
        if rec.count >= events:
            break
        rec.do(cmd.arrive, member, mode="remote" if rng.random() < 0.1 else "in-person")

    vote_every = max(1, (events - rec.count) // (votes + 1)) if votes else 0
    next_vote_at = rec.count + vote_every
    votes_done = 0
    notes: dict[str, str] = {}
    item_budget = 0
    extra_items = 0

    def run_vote() -> None:
        nonlocal votes_done
        item = state.current_item
        mover, seconder = rng.sample([m for m in present() if m in voters], k=2)
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        if not rec.do(dec.propose, f"That the committee approves the {words}.", item=item, mover=mover, seconder=seconder):
            return
        pid = f"P{len(state.decisions.proposals)}"
        if not rec.do(dec.open_vote, pid, ballot="roll-call"):
            return
        for member in present():
            if member in voters:
                rec.do(dec.cast_vote, member, rng.choices(dec.CHOICES, weights=(6, 3, 1))[0])
        if not rec.do(dec.close_vote):
            rec.do(dec.cancel_vote, reason="bench")
        votes_done += 1

    while rec.count < events:
        # Keep an item running; add items (any other business) when the agenda runs out.
        if state.current_item is None or item_budget <= 0:
            if state.current_speaker is not None:
                rec.do(cmd.stop_speaker)
            if not rec.do(cmd.next_item):
                extra_items += 1
                rec.do(cmd.add_item, f"Any other business {extra_items}: {rng.choice(WORDS)}", minutes=10)
                rec.do(cmd.next_item)
            item_budget = rng.randint(300, 900)
            continue
        if votes_done < votes and rec.count >= next_vote_at and state.decisions.ballot is None:
            if state.current_speaker is not None:
                rec.do(cmd.stop_speaker)
            run_vote()
            next_vote_at += vote_every
            continue
        before = rec.count
        roll = rng.random()
        here = present()
        if roll < 0.30:
            # A departure, or a return; presence stays between 60% and 80%.
            if len(here) > 0.6 * len(ids) and (rng.random() < 0.5 or len(here) > 0.8 * len(ids)):
                rec.do(cmd.depart, rng.choice(here))
            else:
                absent = [m for m in ids if state.attendance[m].status != "present"]
                if absent:
                    rec.do(cmd.arrive, rng.choice(absent))
        elif roll < 0.45:
            item = state.current_item
            notes[item] = (notes.get(item, "") + " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))).strip()
            rec.do(cmd.set_note, item, notes[item])
        elif roll < 0.75:
            rec.do(cmd.queue_speaker, rng.choice(here))
        elif roll < 0.90:
            if state.speaker_queue:
                rec.do(cmd.give_floor)
        else:
            if state.current_speaker is not None:
                rec.do(cmd.stop_speaker)
        item_budget -= rec.count - before
    rec.flush()
    total = rec.count
    controller.close()
    return Generated(Path(data_dir), slug, path, members, total, votes_done, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--votes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--slug", default="bench-assembly")
    args = parser.parse_args()
    g = generate(args.data_dir, members=args.members, events=args.events, votes=args.votes, seed=args.seed, slug=args.slug)
    print(f"{g.path}: {g.events:,} events, {g.members} members, {g.votes} roll-call votes ({g.seconds:.1f} s)")


if __name__ == "__main__":
    main()
