"""Per-append cost of a session file vs TinyDB's default JSONStorage, by session length.

Run: ``python bench/write_cost.py [--quick] [--dir DIR]``

For each size it fills a fresh file with that many events, then times single-event
appends (each one durable, i.e. fsynced, when it returns):

* ``SessionFile.append`` (EventLog: one line appended + fsync);
* ``TinyDB(path).table("events").insert(doc)`` with the default JSONStorage (the whole
  file rewritten + fsync).

Prints a Markdown table of median and p95 per append, and the ratio between the largest
and the smallest size (flat for O(1) appends, roughly the size ratio for O(n) ones).
Files go to a temporary directory under ``bench/out/`` (on the same disk as the project,
since /tmp may be a RAM disk where fsync is free) unless ``--dir`` says otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tinydb import TinyDB  # noqa: E402

from meeting_tui.store import SessionFile  # noqa: E402

FULL = {"sizes": (100, 1_000, 10_000), "appends": 200}
QUICK = {"sizes": (100, 1_000), "appends": 20}

Event = dict[str, Any]


def make_event(seq: int) -> Event:
    """A realistic event, about 150 bytes of JSON."""
    return {
        "seq": seq,
        "kind": "member.arrived",
        "at": 1764390000.0 + seq,
        "data": {"member": f"m{seq % 40:02d}", "mode": "in-person", "by": "chair", "n": seq},
    }


def time_appends(append: Callable[[Event], None], first_seq: int, count: int) -> list[float]:
    """Seconds taken by each of *count* appends."""
    timings = []
    for seq in range(first_seq, first_seq + count):
        event = make_event(seq)
        started = time.perf_counter()
        append(event)
        timings.append(time.perf_counter() - started)
    return timings


def bench_session_file(directory: Path, size: int, appends: int) -> list[float]:
    path = directory / f"session-{size}.json"
    with SessionFile.create(path, {"title": "bench"}) as session:
        for start in range(1, size + 1, 1_000):
            session.append([make_event(seq) for seq in range(start, min(start + 1_000, size + 1))])
    with SessionFile.open(path) as session:
        return time_appends(lambda event: session.append([event]), size + 1, appends)


def bench_tinydb_json(directory: Path, size: int, appends: int) -> list[float]:
    path = directory / f"tinydb-{size}.json"
    with TinyDB(path) as db:
        db.table("events").insert_multiple(make_event(seq) for seq in range(1, size + 1))
    with TinyDB(path) as db:
        table = db.table("events")
        return time_appends(table.insert, size + 1, appends)


def _demo_session(directory: Path, size: int) -> Path:
    """A session of the demo executive committee with *size* events of arrivals and departures."""
    from meeting_tui.charter import parse_committee, parse_agenda
    from meeting_tui.charter.examples import example_text
    from meeting_tui.controller import SessionController
    from meeting_tui.domain import session as cmd

    committee = parse_committee(example_text("executive.toml"), slug="bench").value
    agenda = parse_agenda(example_text("agenda-executive.toml")).value
    clock = iter(range(1_764_390_000, 1_764_390_000 + 10 * size + 10)).__next__
    path = directory / f"action-{size}.json"
    controller = SessionController.create(path, committee, agenda, clock=clock, title="bench")
    ids = [m.id for m in committee.members]
    state = controller.state
    batch = []
    for n in range(size - 1):
        member = ids[n % len(ids)]
        events = cmd.toggle_presence(state, member, now=clock())
        stamped = [e.with_seq(state.seq + 1) for e in events]
        cmd.apply_all(state, stamped)
        batch += [e.to_dict() for e in stamped]
    if batch:
        controller.file.append(batch)
    controller.close()
    return path


def bench_action(directory: Path, size: int, appends: int) -> list[float]:
    """One whole facilitator action: domain command, durable append, state update."""
    from meeting_tui.controller import SessionController
    from meeting_tui.domain import session as cmd

    path = _demo_session(directory, size)
    ticks = iter(range(1_800_000_000, 1_800_000_000 + appends + 10)).__next__
    controller = SessionController.open(path, clock=ticks)
    member = next(iter(controller.state.members))
    timings = []
    for _ in range(appends):
        started = time.perf_counter()
        controller.do(cmd.toggle_presence, member)
        timings.append(time.perf_counter() - started)
    controller.close()
    return timings


def summarize(timings: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1e3, p95 * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few appends")
    parser.add_argument("--dir", type=Path, help="where to put the files (default bench/out)")
    args = parser.parse_args()
    config = QUICK if args.quick else FULL
    sizes: tuple[int, ...] = config["sizes"]  # type: ignore[assignment]
    appends: int = config["appends"]  # type: ignore[assignment]

    base = args.dir or ROOT / "bench" / "out"
    base.mkdir(parents=True, exist_ok=True)
    storages = {
        "EventLog (SessionFile.append)": bench_session_file,
        "TinyDB JSONStorage (table.insert)": bench_tinydb_json,
        "whole action (SessionController.do: command + append + fold)": bench_action,
    }
    results: dict[str, dict[int, tuple[float, float]]] = {name: {} for name in storages}
    with tempfile.TemporaryDirectory(dir=base) as scratch:
        for name, bench in storages.items():
            for size in sizes:
                results[name][size] = summarize(bench(Path(scratch), size, appends))
                print(f"  {name} @ {size:,}: done", file=sys.stderr)

    smallest, largest = sizes[0], sizes[-1]
    columns = [f"{size:,} events" for size in sizes]
    print(f"\n{appends} single-event appends per size; milliseconds per append, median / p95.\n")
    print("| storage | " + " | ".join(columns) + f" | ratio {largest:,}/{smallest:,} (median) |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name, by_size in results.items():
        cells = [f"{by_size[s][0]:.2f} / {by_size[s][1]:.2f}" for s in sizes]
        ratio = by_size[largest][0] / by_size[smallest][0]
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
