"""Follower latency: from the writer's fsync to the change on a `meeting-tui follow` screen.

A writer process records arrivals and departures through the controller (each `do` returns
after the event is fsynced) and prints the time it returned; this process runs the app
exactly as `meeting-tui follow SESSION` starts it (headless) and notes when the live screen
has folded and re-rendered each event. Both use the same wall clock.

    python bench/follow_latency.py [--events 200] [--gap 0.1]

Prints the median and p95 of append -> visible in milliseconds (not part of the test suite).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WRITER = r"""
import sys, time
from meeting_tui.controller import SessionController
from meeting_tui.domain import session as cmd
path, n, gap = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ctl = SessionController.open(path, clock=time.time)
assert not ctl.read_only
members = [m.id for m in ctl.state.members.values() if m.voting]
sys.stdin.readline()  # the follower is up
for i in range(n):
    time.sleep(gap)
    events = ctl.do(cmd.toggle_presence, members[i % len(members)])
    print(events[-1].seq, time.time(), flush=True)
ctl.close()
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def run(n: int, gap: float) -> list[float]:
    from meeting_tui.app import MeetingApp
    from meeting_tui.screens.meeting.live import LiveScreen
    from tests.board.meeting import make_session

    ws, path = make_session(Path(tempfile.mkdtemp()) / "sessions")
    seen: dict[int, float] = {}
    original = LiveScreen.on_live_screen_changed

    def noted(self, message):
        original(self, message)
        now = time.time()
        for event in message.events:
            seen.setdefault(event.seq, now)

    LiveScreen.on_live_screen_changed = noted
    app = MeetingApp(ws, follow_path=path)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(n), str(gap)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    written: dict[int, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        writer.stdin.write("go\n")
        writer.stdin.flush()
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, writer.stdout.readline)
            if not line:
                break
            seq, at = line.split()
            written[int(seq)] = float(at)
        for _ in range(100):
            if all(seq in seen for seq in written):
                break
            await asyncio.sleep(0.05)
    writer.wait()
    missing = [seq for seq in written if seq not in seen]
    if missing:
        raise SystemExit(f"{len(missing)} events never reached the screen: {missing[:5]}")
    return [(seen[seq] - at) * 1000 for seq, at in written.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between two writes")
    args = parser.parse_args()
    latencies = asyncio.run(run(args.events, args.gap))
    print(
        f"follow: {len(latencies)} events, append -> visible median {statistics.median(latencies):.0f} ms, "
        f"p95 {percentile(latencies, 95):.0f} ms, max {max(latencies):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
