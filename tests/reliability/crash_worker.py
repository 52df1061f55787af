"""The crash campaign's worker: run the scripted meeting (`meeting.SCRIPT`) on a session file
through `SessionController.do`, the same path as the app, from wherever the file stopped.

``python -m tests.reliability.crash_worker PATH [state|events]`` prints ``ready <seq>`` (0 when the file does
not exist yet and is about to be created), then ``ack <seq> <digest>`` (flushed) after every
durable action (the digest of the folded state, or with ``events`` a cheap hash chain
over the stored events, so that kills land more often before the append than after it), and ``done <seq>`` when the session is closed. The campaign SIGKILLs it at
random moments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from meeting_tui.controller import SessionController
from meeting_tui.domain.events import Event

from tests.reliability.meeting import (
    SCRIPT,
    chain_digest,
    clock_for,
    committee_and_agenda,
    reference_run,
    state_digest,
)


def main(path: Path, mode: str = "state") -> int:
    chain = [""]

    def digest(controller: SessionController, recorded: list) -> str:
        if mode == "state":
            return state_digest(controller.state)
        for event in recorded:
            chain[0] = chain_digest(chain[0], event.to_dict())
        return chain[0]

    holder: list[SessionController] = []

    def clock() -> float:
        return clock_for(holder[0].state.seq if holder else 0)

    # Where each step of the script ends (a step is one append), to resume after a kill.
    _events, _digests, boundaries = reference_run(digests=False)
    if not path.exists():
        print("ready 0", flush=True)
        committee, agenda = committee_and_agenda()
        holder.append(SessionController.create(path, committee, agenda, clock=clock, date="2026-03-14"))
        print(f"ack 1 {digest(holder[0], [Event.from_dict(holder[0].file.events()[0])])}", flush=True)
    else:
        holder.append(SessionController.open(path, clock=clock))
        if mode != "state":
            digest(holder[0], [Event.from_dict(raw) for raw in holder[0].file.events()])
        print(f"ready {holder[0].state.seq}", flush=True)
    controller = holder[0]
    if controller.read_only:
        print(f"error read-only: {controller.read_only_reason}", flush=True)
        return 2
    seq = controller.state.seq
    if seq not in boundaries:
        print(f"error seq {seq} is not the end of a step", flush=True)
        return 2
    for label, command, args, kwargs in SCRIPT[boundaries.index(seq) :]:
        recorded = controller.do(command, *args, **kwargs)
        if not recorded:
            print(f"error step {label!r} recorded nothing", flush=True)
            return 2
        print(f"ack {controller.state.seq} {digest(controller, recorded)}", flush=True)
    print(f"done {controller.state.seq}", flush=True)
    controller.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), *sys.argv[2:3]))
