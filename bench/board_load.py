"""Load test of the web board on loopback (not part of the test suite).

Starts the installed `meeting-tui board SESSION --port 0`, connects VIEWERS concurrent
Server-Sent Events viewers, records UPDATES changes through the controller (each after its
fsync), and checks that every viewer receives every update within 1 s, the server's peak RSS,
and that the server never opened the session file for writing and never changed it.

    python bench/board_load.py [--viewers 200] [--updates 40] [--gap 0.25]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_kib(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def write_handles(pid: int, path: Path) -> list[str]:
    """The server's file descriptors on the session file that are open for writing."""
    bad = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if Path(os.readlink(f"/proc/{pid}/fd/{fd}")) != path.resolve():
                continue
            flags = int(Path(f"/proc/{pid}/fdinfo/{fd}").read_text().split("flags:")[1].split()[0], 8)
        except (OSError, IndexError, ValueError):
            continue
        if flags & 0o3:
            bad.append(fd)
    return bad


async def viewer(session: aiohttp.ClientSession, url: str, received: dict[int, float], ready: asyncio.Event, counter: list) -> None:
    async with session.get(url) as response:
        assert response.status == 200, response.status
        first = True
        async for line in response.content:
            if line.startswith(b"data: "):
                seq = json.loads(line[6:])["seq"]
                received.setdefault(seq, time.time())
                if first:
                    first = False
                    counter[0] += 1
                    if counter[0] == counter[1]:
                        ready.set()


async def run(viewers: int, updates: int, gap: float) -> dict:
    from meeting_tui.controller import SessionController
    from meeting_tui.domain import session as cmd
    from tests.board.meeting import make_session

    ws, path = make_session(Path(tempfile.mkdtemp()) / "sessions")
    exe = Path(sys.executable).with_name("meeting-tui")
    server = subprocess.Popen([str(exe), "board", str(path), "--port", "0"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip()
    rss_idle = rss_kib(server.pid)[0]
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    received = [dict() for _ in range(viewers)]
    ready = asyncio.Event()
    counter = [0, viewers]
    written: dict[int, float] = {}
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        tasks = [asyncio.create_task(viewer(session, url + "events", received[i], ready, counter)) for i in range(viewers)]
        await asyncio.wait_for(ready.wait(), 60)
        ctl = SessionController.open(path, clock=time.time)
        members = [m.id for m in ctl.state.members.values() if m.voting]
        loop = asyncio.get_running_loop()
        for i in range(updates):
            await asyncio.sleep(gap)
            events = await loop.run_in_executor(None, ctl.do, cmd.toggle_presence, members[i % len(members)])
            written[events[-1].seq] = time.time()
        ctl.close()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        await asyncio.sleep(1.5)
        rss_now, rss_peak = rss_kib(server.pid)
        writers = write_handles(server.pid, path)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    server.terminate()
    server.wait(timeout=10)
    latencies, late, missed = [], 0, 0
    for got in received:
        for seq, at in written.items():
            when = min((t for s, t in got.items() if s >= seq), default=None)
            if when is None:
                missed += 1
                continue
            latencies.append((when - at) * 1000)
            late += (when - at) > 1.0
    return {
        "viewers": viewers,
        "updates": updates,
        "deliveries": len(latencies),
        "missed": missed,
        "late": late,
        "median_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 95),
        "max_ms": max(latencies),
        "rss_idle_mib": rss_idle / 1024,
        "rss_mib": rss_now / 1024,
        "rss_peak_mib": rss_peak / 1024,
        "write_handles": len(writers),
        "file_unchanged": hashlib.sha256(path.read_bytes()).hexdigest() == digest,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--updates", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.25)
    args = parser.parse_args()
    r = asyncio.run(run(args.viewers, args.updates, args.gap))
    print(
        f"board: {r['viewers']} viewers x {r['updates']} updates = {r['deliveries']} deliveries, "
        f"{r['missed']} missed, {r['late']} later than 1 s; append -> received median {r['median_ms']:.0f} ms, "
        f"p95 {r['p95_ms']:.0f} ms, max {r['max_ms']:.0f} ms; server RSS idle {r['rss_idle_mib']:.0f} MiB, "
        f"peak {r['rss_peak_mib']:.0f} MiB; session file opened for writing: {r['write_handles']}, "
        f"unchanged after the writer: {r['file_unchanged']}"
    )
    ok = not r["missed"] and not r["late"] and r["rss_peak_mib"] <= 100 and not r["write_handles"] and r["file_unchanged"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
