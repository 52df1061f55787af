"""Mutated session files: every outcome must be a clean "damaged" or a valid state.

`mutate(data, rng)` damages the bytes of a session file the ways issue 16 found (a line
replaced by random bytes or random JSON, a value changed to NaN, ±1e300, a 5,000-digit integer,
a wrong type or an unknown id, a line dropped, repeated or swapped, a block zeroed, the file
cut). `outcome(data)` loads them the way the app does (the store's parser, then the checked
replay, then the minutes of what loaded) and says "damaged" or "valid"; anything else raises.

Run ``PYTHONPATH=src python -m tests.reliability.mutate --files 1000`` for the campaign: each
mutated file is written to disk and opened with `SessionController.open`, the home listing's
`peek` and checked replay (`workspace.replay_problem`: it must call the file damaged exactly when
the app refuses to open it), the register's `extract_file` (a damaged file is skipped with a
reason) and the minutes renderer, under a 10-second alarm (a hang counts as a failure).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from datetime import timezone
from pathlib import Path

from meeting_tui.domain.replay import ReplayError, replay
from meeting_tui.minutes import render_markdown
from meeting_tui.store import DamagedSessionFile
from meeting_tui.store.fileformat import parse_log

_VALUES = [
    "NaN", "Infinity", "-Infinity", "1e300", "-1e300", "1e400", "9" * 5000, "null", "true", "[]", "{}",
    '"nobody"', '"p-99"', '"no-such-item"', "-1", "0", "3.5", '"' + "x" * 300 + '"', '"\\u0000"', '"\\ud800"',
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    body = max(1, len(lines) - 1)
    index = rng.randrange(1, body) if body > 1 else 0
    choice = rng.randrange(10)
    if choice == 0:  # a line of random bytes
        lines[index] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))).replace(b"\n", b"")
    elif choice == 1:  # a value replaced
        text = lines[index].decode("utf-8", "replace")
        spots = [i for i, c in enumerate(text) if c in ":,["]
        if spots:
            at = rng.choice(spots) + 1
            end = at
            while end < len(text) and text[end] not in ",}]":
                end += 1
            text = text[:at] + rng.choice(_VALUES) + text[end:]
        lines[index] = text.encode("utf-8", "surrogatepass")
    elif choice == 2:  # a line dropped
        del lines[index]
    elif choice == 3:  # a line repeated
        lines.insert(index, lines[index])
    elif choice == 4:  # two lines swapped
        other = rng.randrange(1, body) if body > 1 else 0
        lines[index], lines[other] = lines[other], lines[index]
    elif choice == 5:  # a zeroed block
        raw = b"\n".join(lines)
        start = rng.randrange(len(raw)) if raw else 0  # an earlier round may have cut it all
        length = rng.randrange(1, 600)
        return raw[:start] + b"\0" * length + raw[start + length :]
    elif choice == 6:  # the file cut
        raw = b"\n".join(lines)
        return raw[: rng.randrange(len(raw) + 1)]
    elif choice == 7:  # a random JSON record
        doc = {"seq": index, "kind": rng.choice(["vote.counted", "member.arrived", "item.finished", "note.set", "x"]),
               "at": rng.choice([1.7e9, -5, 1e300]), "data": {"member": rng.choice(["nobody", 7, None]), "item": "minutes"}}
        lines[index] = json.dumps({"t": "events", "id": index, "doc": doc}).encode()
    elif choice == 8:  # a byte flipped
        if lines[index]:
            at = rng.randrange(len(lines[index]))
            lines[index] = lines[index][:at] + bytes([rng.randrange(256)]) + lines[index][at + 1 :]
    else:  # a key renamed
        lines[index] = lines[index].replace(rng.choice([b'"member"', b'"item"', b'"proposal"', b'"data"', b'"at"']), b'"zz"', 1)
    return b"\n".join(lines)


def outcome(data: bytes, path: Path = Path("mutated.json")) -> str:
    """"damaged" or "valid" (then the minutes render too); any other exception escapes."""
    try:
        parsed = parse_log(data, path)
        state = replay(parsed.documents)
    except (DamagedSessionFile, ReplayError):
        return "damaged"
    render_markdown(state, now=state.opened_at, tz=timezone.utc)
    return "valid"


def _alarm(_signum, _frame):
    raise TimeoutError("hang")


def campaign(sources: list[bytes], files: int, seed: int, directory: Path) -> dict[str, int]:
    from meeting_tui.controller import SessionController
    from meeting_tui.register import extract_file
    from meeting_tui.store import peek
    from meeting_tui.workspace import replay_problem

    rng = random.Random(seed)
    counts = {"files": 0, "damaged": 0, "valid": 0, "tracebacks": 0, "hangs": 0, "listing disagrees": 0}
    signal.signal(signal.SIGALRM, _alarm)
    for n in range(files):
        data = rng.choice(sources)
        for _ in range(rng.randrange(1, 4)):
            data = mutate(data, rng)
        path = directory / f"2026-03-14-m{n}.json"
        path.write_bytes(data)
        signal.alarm(10)
        try:
            try:
                peek(path)
            except DamagedSessionFile:
                pass
            listed_damaged = bool(replay_problem(path))
            registered_damaged = bool(extract_file(path).get("damaged"))
            try:
                controller = SessionController.open(path, clock=time.time, read_only=True)
            except DamagedSessionFile:
                counts["damaged"] += 1
                opened = False
            else:
                render_markdown(controller.state, now=controller.now(), tz=timezone.utc)
                controller.close()
                counts["valid"] += 1
                opened = True
            if listed_damaged == opened or registered_damaged == opened:
                counts["listing disagrees"] += 1
                print(f"LISTING DISAGREES: {path} listed damaged={listed_damaged} register damaged={registered_damaged} opens={opened}", file=sys.stderr)
        except TimeoutError:
            counts["hangs"] += 1
            print(f"HANG: {path}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - the campaign counts them
            counts["tracebacks"] += 1
            print(f"TRACEBACK: {path}\n{traceback.format_exc()}", file=sys.stderr)
        finally:
            signal.alarm(0)
        counts["files"] += 1
        path.unlink()
    return counts


def _sources() -> list[bytes]:
    corpus = Path(__file__).parents[1] / "corpus" / "session"
    return [p.read_bytes() for p in sorted(corpus.glob("accepted-*.json"))] + [
        (corpus / "event-unknown-member.json").read_bytes()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--session", type=Path, action="append", help="a session file to mutate (default: the corpus)")
    args = parser.parse_args()
    sources = [p.read_bytes() for p in args.session] if args.session else _sources()
    with tempfile.TemporaryDirectory() as scratch:
        counts = campaign(sources, args.files, args.seed, Path(scratch))
    print(", ".join(f"{key}: {value:,}" for key, value in counts.items()))
    sys.exit(1 if counts["tracebacks"] or counts["hangs"] or counts["listing disagrees"] else 0)


if __name__ == "__main__":
    main()
