"""SVG snapshots of the screens users look at most (pytest-textual-snapshot's SVG format).

The live screen, the vote, the consensus round, the projector and the minutes, in English and
Arabic, in both display modes (`reorder`, `terminal`), at 120x40 and 80x24: they guard the
tables, the display hooks and the Arabic line order, which a Pilot test reading widget data
does not see. The demo committee, a fixed clock, no cursor blink: the pictures are the same on
every run. Each language and mode renders in a process of its own (tests/ui/snapshot_render.py:
the key labels are translated when the screens are imported); the four run side by side.

After a change to what a screen shows, look at the report of the failing ones
(snapshot_report.html), then accept the new pictures with one command:

    pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension

from tests.ui.snapshot_render import PLANS, SIZES

ROOT = Path(__file__).resolve().parents[2]
COMBOS = (("en", "reorder"), ("en", "terminal"), ("ar", "reorder"), ("ar", "terminal"))
SCREENS = tuple(screen for plan in PLANS.values() for screen, _keys in plan)
CASES = [
    pytest.param(language, mode, screen, size, id=f"{language}-{mode}-{screen}-{size[0]}x{size[1]}")
    for language, mode in COMBOS
    for screen in SCREENS
    for size in SIZES
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """Every picture, rendered once: one process per language and display mode, in parallel."""
    out = tmp_path_factory.mktemp("snapshots")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(LANG="C.UTF-8", PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.ui.snapshot_render", language, mode, str(out / f"{language}-{mode}")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for language, mode in COMBOS
    ]
    failures = []
    for process in processes:
        output, _ = process.communicate(timeout=600)
        if process.returncode:
            failures.append(output)
    assert not failures, "\n".join(failures)
    return out


def _report(request, svg: str, expected: str, matched: bool) -> None:
    """Feed pytest-textual-snapshot's HTML report (snapshot_report.html) for a failed picture."""
    try:
        import pickle

        from rich.console import Console

        from pytest_textual_snapshot import PseudoApp, PseudoConsole, node_to_report_path
    except ImportError:  # pragma: no cover - another plugin version: the assertion still holds
        return
    console = Console(legacy_windows=False, force_terminal=True)
    full_path, line_number, name = request.node.reportinfo()
    data = (matched, expected, svg, PseudoApp(PseudoConsole(console.legacy_windows, console.size)), full_path, line_number, name, "", "", bool(expected))
    node_to_report_path(request.node).write_bytes(pickle.dumps(data))


@pytest.mark.parametrize("language,mode,screen,size", CASES)
def test_screen(rendered, snapshot, request, language, mode, screen, size):
    svg = (rendered / f"{language}-{mode}" / f"{screen}-{size[0]}x{size[1]}.svg").read_text(encoding="utf-8")
    snapshot = snapshot.use_extension(SVGImageExtension)
    matched = snapshot == svg
    if not matched:
        _report(request, svg, str(snapshot), matched)
    assert matched
