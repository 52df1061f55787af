"""The cost of `reorder` mode per frame (#19): every line of a full live screen of Arabic text
put in display order, with the caches empty (a frame where everything changed).

    python bench/reorder_frame.py [--before path/to/old/rtl.py]

The lines are those the live screen renders at 120x40 in `terminal` mode (logical order) for
the demo committee with Arabic names and titles (tests/e2e/test_arabic_display.py); each is
reordered as the display boundary does (`rtl.visual_segments`, paragraph direction of the
interface). `--before` times another rtl.py (e.g. `git show e91f528:src/meeting_tui/rtl.py`)
on the same lines. Prints the median of 30 frames in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def live_lines() -> list[tuple]:
    from meeting_tui.app import MeetingApp
    from meeting_tui.display import set_display_mode
    from meeting_tui.i18n import set_language
    from meeting_tui.workspace import Workspace
    from tests.e2e.test_arabic_display import arabic_committee
    from tests.ui.test_live import new_session

    from tests.conftest import FakeClock

    set_language("ar")
    root = Path(tempfile.mkdtemp()) / "data"
    arabic_committee(root)
    workspace = Workspace(root)
    clock = FakeClock()
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display="terminal")
    set_display_mode("terminal")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = []
        for widget in app.screen.walk_children(with_self=False):
            if not widget.display or widget.size.area == 0:
                continue
            for y in range(widget.size.height):
                try:
                    strip = widget.render_line(y)
                except Exception:  # noqa: BLE001 - containers without lines
                    continue
                lines.append(tuple(strip))
        return lines


def load(path: str):
    spec = importlib.util.spec_from_file_location("rtl_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def frame_ms(rtl, lines, base) -> float:
    rtl.visual_segments.cache_clear()
    if hasattr(rtl, "visual"):
        rtl.visual.cache_clear()
    start = time.perf_counter()
    for line in lines:
        if rtl.has_rtl("".join(segment.text for segment in line)):
            rtl.visual_segments(line, base) if base else rtl.visual_segments(line)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before")
    args = parser.parse_args()
    lines = asyncio.run(live_lines())
    from meeting_tui import rtl

    arabic = sum(1 for line in lines if rtl.has_rtl("".join(s.text for s in line)))
    print(f"{len(lines)} lines, {arabic} with Arabic")
    runs = {"after": (rtl, "R")}
    if args.before:
        runs["before"] = (load(args.before), None)
    for name, (module, base) in runs.items():
        times = [frame_ms(module, lines, base) for _ in range(30)]
        print(f"{name}: median {statistics.median(times):.2f} ms per frame (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
