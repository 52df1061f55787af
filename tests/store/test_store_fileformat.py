"""The file format under any cut: every prefix of a valid file is a valid (shorter) session."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_tui.store import SessionFile, peek
from meeting_tui.store.fileformat import _lines_backward, parse_log

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def appended(new_session, make_event) -> tuple[Path, list[int]]:
    """A session written by appends of 1, 3, 1 and 2 events, and its committed lengths."""
    path = new_session(0)
    ends = [path.stat().st_size]
    with SessionFile.open(path) as session:
        seq = 0
        for batch in (1, 3, 1, 2):
            session.append([make_event(seq := seq + 1) for _ in range(batch)])
            ends.append(path.stat().st_size)
    return path, ends


def committed_events(ends: list[int], cut: int) -> int:
    """How many events the appends of (1, 3, 1, 2) events had made durable by byte *cut*."""
    sizes = (0, 1, 4, 5, 7)
    return max(count for count, end in zip(sizes, ends, strict=True) if end <= cut)


def test_every_cut_and_every_zero_filled_tail_recovers_whole_appends(appended) -> None:
    path, ends = appended
    data = path.read_bytes()
    for cut in range(ends[0], len(data) + 1):
        expected = committed_events(ends, cut)
        for variant in (data[:cut], data[:cut] + b"\0" * (len(data) - cut)):
            parsed = parse_log(variant, path)
            assert len(parsed.documents) == expected, cut
            assert parsed.valid_length == ends[[0, 1, 4, 5, 7].index(expected)]
            assert variant[: parsed.valid_length] == data[: parsed.valid_length]
            path.write_bytes(variant)
            last = peek(path).last_event
            assert (last["seq"] if last else 0) == expected, cut


@settings(max_examples=200, deadline=None)
@given(data=st.lists(st.binary(max_size=6).filter(lambda b: b"\n" not in b), max_size=12))
def test_lines_backward_yields_complete_lines_last_first(data: list[bytes]) -> None:
    content = b"HEADER\n" + b"\n".join(data)
    complete = content.split(b"\n")[1:-1]  # the last piece has no newline
    for block in (1, 2, 3, 7, 64):
        handle = io.BytesIO(content)
        assert list(_lines_backward(handle, 7, block)) == complete[::-1]


@settings(max_examples=50, deadline=None)
@given(docs=st.lists(st.dictionaries(st.text(max_size=10), json_values, max_size=5), max_size=6))
def test_any_json_document_round_trips(tmp_path_factory: pytest.TempPathFactory, docs) -> None:
    path = tmp_path_factory.mktemp("rt") / "s.json"
    events: list[dict[str, Any]] = [{"kind": "note.set", "data": doc} for doc in docs]
    with SessionFile.create(path, {"title": "\u2028 ع"}) as session:
        for event in events:
            session.append([event])
        in_memory = session.events()
    with SessionFile.open(path) as session:
        assert session.events() == in_memory
        assert [e["data"] for e in in_memory] == [json.loads(json.dumps(d)) for d in docs]
