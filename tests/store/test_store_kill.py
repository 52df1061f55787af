"""SIGKILL a process that is appending, at random moments, and check what survives."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from meeting_tui.store import SessionFile

# 40 in the suite; MEETING_TUI_KILL_TRIALS=300 for a longer campaign.
TRIALS = int(os.environ.get("MEETING_TUI_KILL_TRIALS", "40"))


def acknowledged(output: str) -> list[int]:
    """The seqs a worker reported as durable (a line cut by the kill is ignored)."""
    return [int(line.split()[1]) for line in output.splitlines() if line.startswith("ack ")]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_acknowledged_events_survive_sigkill(new_session, spawn_worker) -> None:
    path = new_session(0)
    rng = random.Random(20251129)
    acked_so_far = 0
    for trial in range(TRIALS):
        worker = spawn_worker("append", path)
        assert worker.stdout is not None
        ready = worker.stdout.readline()
        assert ready.startswith("ready "), f"trial {trial}: worker said {ready!r}"
        start = int(ready.split()[1])

        time.sleep(rng.uniform(0, 0.04))  # let it append for a random moment, then kill it
        os.kill(worker.pid, signal.SIGKILL)
        # Read through the same buffered stream as readline() above: communicate() would read
        # the pipe directly and miss ack lines already buffered by readline().
        rest = worker.stdout.read()
        worker.wait()
        acks = acknowledged(rest)
        assert acks == list(range(start + 1, start + 1 + len(acks)))

        with SessionFile.open(path) as session:
            assert not session.read_only
            seqs = [event["seq"] for event in session.events()]
        assert seqs == list(range(1, len(seqs) + 1)), f"trial {trial}: seqs not contiguous"
        last_acked = acks[-1] if acks else start
        assert last_acked >= acked_so_far
        assert len(seqs) >= last_acked, f"trial {trial}: lost acknowledged event"
        assert len(seqs) <= last_acked + 1, f"trial {trial}: more than one unacknowledged event"
        assert [p.name for p in Path(path).parent.iterdir()] == [path.name]
        acked_so_far = last_acked
    assert acked_so_far > TRIALS  # the workers did get to append
    print(f"kill trials: {TRIALS}, acknowledged events: {acked_so_far}, lost: 0, corrupt files: 0")
