"""Files that are not (or no longer) readable sessions are reported and left untouched."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from meeting_tui.store import DamagedSessionFile, SessionFile, peek

HEADER = b'{"format":"meeting-tui-session","version":1,"header":{"title":"t"}}\n'


def line(doc_id: int, **extra: object) -> bytes:
    record = {"t": "events", "id": doc_id, "doc": {"seq": doc_id, "kind": "note.set"}, **extra}
    return (json.dumps(record) + "\n").encode()


def random_bytes() -> bytes:
    return bytes(random.Random(7).randrange(256) for _ in range(2000))


BODY = line(1) + line(2) + line(3) + line(4)

# name: (file content, words in the reason from open, words in the reason from peek or
# None when the damage is in the middle of the file, which peek does not read)
DAMAGED: dict[str, tuple[bytes, str, str | None]] = {
    "empty file": (b"", "the file is empty", "the file is empty"),
    "plain TinyDB file": (b'{"_default": {"1": {"a": 1}}}', "no header line", "no header line"),
    "plain TinyDB file with newline": (
        b'{"_default": {}}\n' + BODY,
        "not a meeting-tui header",
        "not a meeting-tui header",
    ),
    "random JSON": (b"[1, 2, 3]\n", "not a meeting-tui header", "not a meeting-tui header"),
    "JSON object without format": (b'{"title": "x"}\n', "not a meeting-tui", "not a meeting-tui"),
    "binary": (random_bytes(), "not a meeting-tui session file", "not a meeting-tui session"),
    "only NUL bytes": (b"\0" * 4096, "no header line", "no header line"),
    "newer version": (HEADER.replace(b":1,", b":2,") + BODY, "newer meeting-tui", "newer"),
    "header without header object": (
        b'{"format":"meeting-tui-session","version":1}\n',
        "no header object",
        "no header object",
    ),
    "invalid JSON in the middle": (
        HEADER + line(1) + b'{"t":"events","id":2,\n' + line(3),
        "line 3 is not valid JSON",
        None,
    ),
    "NUL bytes in the middle": (
        HEADER + line(1) + b"\0" * 20 + b"\n" + line(3) + line(4),
        "line 3 is not valid JSON",
        None,
    ),
    "invalid last line with newline": (
        HEADER + line(1) + b"garbage\n",
        "line 3 is not valid JSON",
        "the last line is not valid JSON",
    ),
    "invalid UTF-8": (
        HEADER + b'{"t":"events","id":1,"doc":{"x":"\xff"}}\n',
        "line 2 is not valid UTF-8",
        "the last line is not valid UTF-8",
    ),
    "not a record": (
        HEADER + b'{"seq": 1}\n',
        "line 2 is not a session record",
        "the last line is not a session record",
    ),
    "bad id": (
        HEADER + b'{"t":"events","id":"one","doc":{}}\n',
        "line 2 has an invalid document id",
        "has an invalid document id",
    ),
    "doc not an object": (
        HEADER + b'{"t":"events","id":1,"doc":[1]}\n',
        "line 2 has a document that is not a JSON object",
        "not a JSON object",
    ),
    "repeated id": (HEADER + line(1) + line(2) + line(1), "line 4 repeats document 1", None),
}


def write_damaged(tmp_path: Path, name: str) -> tuple[Path, bytes]:
    path = tmp_path / "2025-11-29-damaged.json"
    path.write_bytes(DAMAGED[name][0])
    return path, DAMAGED[name][0]


@pytest.mark.parametrize("name", sorted(DAMAGED))
@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
def test_damaged_file_is_reported_and_left_byte_identical(
    tmp_path: Path, name: str, read_only: bool
) -> None:
    path, content = write_damaged(tmp_path, name)
    stat_before = path.stat()
    with pytest.raises(DamagedSessionFile) as caught:
        SessionFile.open(path, read_only=read_only)
    assert DAMAGED[name][1] in caught.value.reason
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("name", sorted(n for n, case in DAMAGED.items() if case[2]))
def test_peek_reports_a_bad_header_or_last_line(tmp_path: Path, name: str) -> None:
    path, content = write_damaged(tmp_path, name)
    with pytest.raises(DamagedSessionFile) as caught:
        peek(path)
    assert DAMAGED[name][2] in caught.value.reason
    assert path.read_bytes() == content


def test_damaged_file_can_be_opened_again_once_repaired(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(HEADER + line(1) + b"oops\n" + line(2))
    with pytest.raises(DamagedSessionFile, match="line 3"):
        SessionFile.open(path)
    path.write_bytes(HEADER + line(1) + line(2))
    with SessionFile.open(path) as session:
        assert len(session) == 2


def test_opening_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    """The controller pauses Python's cycle collector while it reads and replays a session
    (controller._collector_paused): after a refused file it is back on, and a collector that
    was off stays off."""
    import gc

    from meeting_tui.controller import SessionController

    path = tmp_path / "damaged.json"
    path.write_bytes(b"[1, 2, 3]\n")
    assert gc.isenabled()
    with pytest.raises(DamagedSessionFile):
        SessionController.open(path, clock=lambda: 0.0)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(DamagedSessionFile):
            SessionController.open(path, clock=lambda: 0.0)
        assert not gc.isenabled()
    finally:
        gc.enable()
