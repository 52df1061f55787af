"""The benchmark scripts run (quick mode); their timings are recorded in bench/, never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_write_cost_quick_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "write_cost.py"), "--quick", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "| EventLog" in result.stdout and "| whole action" in result.stdout


def test_suite_quick_runs(tmp_path):
    """All six measurements run end to end at small sizes (CI); nothing about timings is asserted."""
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out), "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for measurement in ("start-up to first frame", "durable action", "key round trip", "resume", "minutes", "peak RSS"):
        assert measurement in text
    assert "Python" in text and "textual" in text


def test_terminal_rows_join_the_results_table_not_a_profile():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "bench"))
    text = "\n".join([
        "| # | measurement | ours | reference | ratio | target | verdict |", "|---|---|---|---|---:|---|---|",
        "| 6 | peak RSS | 67 MB | | | | met |", "", "## Targets not met", "",
        "### Profile: 3. Key round trip", "", "| function | calls | own ms | cumulative ms |", "|---|---:|---:|---:|",
        "| `poll` | 910 | 2073 | 2073 |", "",
    ])
    frames = {"ar": [0.03, 0.031], "en": [0.03, 0.03]}
    out = run.add_terminal_rows(text, {}, None, {}, {}, frames, {}).split("\n")
    assert out[3].startswith("| 7 | Arabic reorder cost per frame") and out[4] == ""
    assert out[-2] == "| `poll` | 910 | 2073 | 2073 |"


def test_generator_is_seeded_and_valid(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from meeting_tui.controller import SessionController

    a = generate(tmp_path / "a", members=30, events=300, votes=2, seed=3)
    b = generate(tmp_path / "b", members=30, events=300, votes=2, seed=3)
    assert a.events >= 300 and a.votes == 2
    assert a.path.read_bytes() == b.path.read_bytes()
    controller = SessionController.open(a.path, clock=lambda: 0.0, read_only=True)
    try:
        state = controller.state
        assert state.seq == a.events
        assert len(state.committee.members) == 30
        assert sum(p.status in ("adopted", "rejected", "referred") for p in state.decisions.proposals.values()) == 2
    finally:
        controller.close()


def test_terminal_latency_runs(tmp_path):
    """`run.py --terminal`'s measurement runs end to end at a tiny size (nothing about timings)."""
    import shutil as _shutil

    import pytest

    if _shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate
    from run import fresh_copy
    from terminal_latency import VARIANTS, bench_terminal

    generated = generate(tmp_path / "gen", members=20, events=120, votes=1, seed=3, slug="bench-roster")
    out = bench_terminal(generated, tmp_path, rounds=1, presses=1, fresh_copy=fresh_copy)
    for key in ("space", "down"):
        assert set(out[key]) == set(VARIANTS)
        assert all(len(out[key][v]) == 1 for v in VARIANTS), out  # every press changed the screen
    assert out["missed"] == {v: 0 for v in VARIANTS}
    # the live screen's clocks ticked (they are measured as people see them) and were left out
    # of the comparison; the bare app has none
    assert out["ticking"]["bare"] == set()
    assert out["ticking"]["en"] and out["ticking"]["ar"]
