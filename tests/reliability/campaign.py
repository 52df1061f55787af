"""Crash campaign: SIGKILL the meeting worker at random moments and check what survives.

    python -m tests.reliability.campaign --trials 300 [--seed N] [--keep DIR]

After each kill the session file must open (writable, as the app opens it); no acknowledged
event may be missing; the events on disk must be exactly the reference meeting's first
events; the replayed state's digest must equal the last acknowledged one (or the next step's,
when the one append that was not yet acknowledged made it to disk); the minutes must
regenerate identically twice (and from a second, independent replay); no temp file may be
left next to the session once it is reopened. Then the worker resumes the same file. When a
meeting is closed the campaign starts a new session file.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from meeting_tui.controller import SessionController
from meeting_tui.store import DamagedSessionFile

from tests.reliability.meeting import chain_digests, clock_for, fold_dicts, minutes_of, reference_run, state_digest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


@dataclass
class Counts:
    trials: int = 0
    kills: int = 0  # trials where the worker was still running when killed
    meetings_completed: int = 0
    acknowledged: int = 0  # acknowledged appends, all trials
    unacked_on_disk: int = 0  # kills that landed after the write but before the ack
    corrupt: int = 0
    lost: int = 0
    digest_mismatches: int = 0
    divergent_events: int = 0
    minutes_unstable: int = 0
    temp_files_left: int = 0
    worker_errors: int = 0
    failures: list[str] = field(default_factory=list)

    def failed(self) -> bool:
        return bool(
            self.corrupt or self.lost or self.digest_mismatches or self.divergent_events
            or self.minutes_unstable or self.temp_files_left or self.worker_errors
        )

    def summary(self) -> str:
        return (
            f"trials: {self.trials}, kills: {self.kills}, meetings completed: {self.meetings_completed}, "
            f"acknowledged appends: {self.acknowledged}, unacknowledged append on disk: {self.unacked_on_disk}, "
            f"corrupt files: {self.corrupt}, lost events: {self.lost}, digest mismatches: {self.digest_mismatches}, "
            f"divergent events: {self.divergent_events}, unstable minutes: {self.minutes_unstable}, "
            f"temp files left: {self.temp_files_left}, worker errors: {self.worker_errors}"
        )


def spawn(path: Path, mode: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), str(ROOT)]))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_worker", str(path), mode],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def complete_lines(output: str) -> list[str]:
    """The lines the worker finished writing (a line cut by the kill is dropped)."""
    lines = output.split("\n")
    return lines[:-1]  # the last element is "" or a cut line


def run(trials: int, seed: int, workdir: Path, *, max_delay: float = 0.03, log=print) -> Counts:
    rng = random.Random(seed)
    ref_events, ref_states, boundaries = reference_run()
    ref_chain = chain_digests(ref_events)
    counts = Counts()
    meeting = 1
    path = workdir / f"meeting-{meeting:04d}" / "crash.json"
    path.parent.mkdir(parents=True)
    acked_seq = 0  # the last acknowledged seq of the current file

    def fail(kind: str, message: str) -> None:
        setattr(counts, kind, getattr(counts, kind) + 1)
        counts.failures.append(f"trial {counts.trials} ({path.parent.name}): {message}")
        log(f"FAIL {counts.failures[-1]}")

    for _ in range(trials):
        counts.trials += 1
        mode = rng.choice(["state", "events"])
        ref_digests = ref_states if mode == "state" else ref_chain
        worker = spawn(path, mode)
        assert worker.stdout is not None
        ready = worker.stdout.readline()
        if not ready.startswith("ready "):
            worker.kill()
            worker.wait()
            fail("worker_errors", f"worker said {ready!r}")
            break
        start = int(ready.split()[1])
        # Mostly a random moment in the run; sometimes at once (the create / first append).
        delay = rng.uniform(0, 0.002) if rng.random() < 0.15 else rng.uniform(0, max_delay)
        time.sleep(delay)
        if worker.poll() is None:
            counts.kills += 1
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:  # it finished the meeting just now
                pass
        # Read through the same buffered stream as readline() above (see tests/store/test_store_kill.py).
        rest = worker.stdout.read()
        worker.wait()
        lines = complete_lines(rest)
        acks = [line.split() for line in lines if line.startswith("ack ")]
        errors = [line for line in lines if line.startswith("error")]
        done = any(line.startswith("done ") for line in lines)
        if errors:
            fail("worker_errors", "; ".join(errors))
        seqs_acked = [int(a[1]) for a in acks]
        if seqs_acked != sorted(seqs_acked) or (seqs_acked and seqs_acked[0] <= start):
            fail("worker_errors", f"acks out of order after ready {start}: {seqs_acked[:5]}...")
        counts.acknowledged += len(acks)
        for _ack, seq, digest in acks:
            if ref_digests.get(int(seq)) != digest:
                fail("digest_mismatches", f"worker acked seq {seq} with digest {digest}, reference {ref_digests.get(int(seq))}")
        last_digest = acks[-1][2] if acks else (ref_digests.get(start) if start else None)
        if acks:
            acked_seq = int(acks[-1][1])
        elif start:
            acked_seq = start

        # -- what survived -------------------------------------------------------------------
        if not path.exists():
            if acked_seq:
                fail("lost", f"the session file is gone after seq {acked_seq} was acknowledged")
            leftovers = [p.name for p in path.parent.iterdir()]
            if leftovers:
                # No file to reopen yet: the next worker's create must cope; checked after it.
                log(f"note: trial {counts.trials}: killed while creating; left {leftovers}")
            continue
        try:
            controller = SessionController.open(path, clock=lambda: clock_for(0))
        except (DamagedSessionFile, OSError, ValueError) as error:
            fail("corrupt", f"does not open: {error}")
            acked_seq, meeting = 0, meeting + 1
            path = workdir / f"meeting-{meeting:04d}" / "crash.json"
            path.parent.mkdir(parents=True)
            continue
        try:
            if controller.read_only:
                fail("corrupt", f"opens read-only: {controller.read_only_reason}")
            on_disk = controller.file.events()
            n = len(on_disk)
            if [e["seq"] for e in on_disk] != list(range(1, n + 1)):
                fail("corrupt", "seqs are not 1..n")
            if n < acked_seq:
                fail("lost", f"{acked_seq - n} acknowledged event(s) missing ({n} on disk, {acked_seq} acknowledged)")
            if on_disk != ref_events[:n]:
                first = next(i for i, (a, b) in enumerate(zip(on_disk, ref_events)) if a != b) if n <= len(ref_events) else len(ref_events)
                fail("divergent_events", f"event {first + 1} differs from the reference meeting")
            state = controller.state
            digest = state_digest(state) if mode == "state" else chain_digests(on_disk).get(n)
            if state_digest(state) != ref_states.get(n):
                fail("digest_mismatches", f"replayed state at seq {n} differs from the reference state")
            if n == acked_seq:
                expected = last_digest
            else:
                following = boundaries[boundaries.index(acked_seq) + 1] if acked_seq in boundaries[:-1] else None
                if acked_seq == 0 and n == 1:
                    following = 1
                if n != following:
                    fail("corrupt", f"{n} events on disk, but {acked_seq} acknowledged and the next step ends at {following}")
                counts.unacked_on_disk += 1
                expected = ref_digests.get(n)
            if digest != expected:
                fail("digest_mismatches", f"replayed digest {digest} != expected {expected} at seq {n}")
            first_minutes = minutes_of(state)
            if first_minutes != minutes_of(state) or first_minutes != minutes_of(fold_dicts(on_disk)):
                fail("minutes_unstable", f"minutes differ between two renderings at seq {n}")
            leftovers = sorted(p.name for p in path.parent.iterdir() if p.name != path.name)
            if leftovers:
                fail("temp_files_left", f"left after reopening: {leftovers}")
            acked_seq = n
            closed = state.is_closed
        finally:
            controller.close()
        if done or closed:
            counts.meetings_completed += 1
            acked_seq, meeting = 0, meeting + 1
            path = workdir / f"meeting-{meeting:04d}" / "crash.json"
            path.parent.mkdir(parents=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20260314)
    parser.add_argument("--max-delay", type=float, default=0.03, help="longest wait before a kill (seconds)")
    parser.add_argument("--keep", type=Path, help="keep the session files in this (new) directory")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.keep:
        args.keep.mkdir(parents=True)
        counts = run(args.trials, args.seed, args.keep, max_delay=args.max_delay)
    else:
        with tempfile.TemporaryDirectory(prefix="meeting-tui-crash-") as tmp:
            counts = run(args.trials, args.seed, Path(tmp), max_delay=args.max_delay)
    print(counts.summary())
    print(f"seed {args.seed}, {time.monotonic() - started:.1f} s")
    return 1 if counts.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
