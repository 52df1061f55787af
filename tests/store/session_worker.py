"""Helper process for the store tests (run with ``python session_worker.py MODE PATH``).

Modes:

* ``hold``: open the session for writing, print ``locked``, keep it open until stdin closes.
* ``append``: open the session, print ``ready <count>``, then append one event at a time
  forever, printing ``ack <seq>`` (flushed) after each append has returned, i.e. once it is
  durable. The test kills it at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from meeting_tui.store import SessionFile


def event(seq: int) -> dict[str, object]:
    return {
        "kind": "note.set",
        "at": 1764390000.0 + seq,
        "data": {"item": "budget", "text": f"ملاحظة رقم {seq}: the treasurer reports"},
    }


def main(mode: str, path: Path) -> None:
    session = SessionFile.open(path)
    if session.read_only:
        sys.exit(f"unexpectedly read-only: {session.read_only_reason}")
    if mode == "hold":
        print("locked", flush=True)
        sys.stdin.read()
        return
    seq = len(session)
    print(f"ready {seq}", flush=True)
    while True:
        seq += 1
        session.append([event(seq)])
        print(f"ack {seq}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
