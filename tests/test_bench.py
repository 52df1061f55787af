"""The benchmark scripts run (quick mode); their timings are recorded in bench/, never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_write_cost_quick_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "write_cost.py"), "--quick", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "| AppendLogStorage" in result.stdout and "| whole action" in result.stdout
