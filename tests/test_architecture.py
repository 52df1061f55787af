"""The boundaries of ARCHITECTURE.md, enforced: the domain stays pure."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import meeting_tui

PACKAGE = Path(meeting_tui.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_DOMAIN = ("textual", "tinydb", "meeting_tui.store", "meeting_tui.screens", "meeting_tui.widgets",
                       "meeting_tui.app", "meeting_tui.minutes", "meeting_tui.charter", "meeting_tui.cli")
FORBIDDEN_CALLS_IN_DOMAIN = ("open", "time.time", "datetime.now", "date.today", "time.monotonic")
# The clock, however it is reached (`datetime.datetime.now()`, `_dt.date.today()`, `time.time()`...):
# the domain is given `now`. The calendar of `datetime.date` is allowed (domain/dates.py).
CLOCK_IN_DOMAIN = re.compile(
    r"\.(now|utcnow|today|fromtimestamp|utcfromtimestamp)\(|\b(time|monotonic|perf_counter|time_ns|localtime|gmtime)\("
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_domain_imports_no_ui_storage_or_io():
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(FORBIDDEN_IN_DOMAIN) or name in ("os", "pathlib", "time", "io"):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_domain_reads_no_clock_and_no_files():
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        offenders += [
            f"{path.name}: {call}"
            for call in FORBIDDEN_CALLS_IN_DOMAIN
            if re.search(rf"(?<![\w.]){re.escape(call)}\(", source)
        ]
        offenders += [f"{path.name}: {m.group(0)}" for m in CLOCK_IN_DOMAIN.finditer(source)]
    assert offenders == []


def test_the_clock_check_catches_every_way_to_the_clock():
    for source in ("datetime.datetime.now()", "_dt.date.today()", "time.time()", "dt.datetime.fromtimestamp(x)", "monotonic()"):
        assert CLOCK_IN_DOMAIN.search(source), source
    for source in ("_dt.date(2026, 4, 30)", "parse_date(text)", "now=now", "at: float"):
        assert not CLOCK_IN_DOMAIN.search(source), source


def test_import_linter_contracts_hold():
    """The contracts in pyproject.toml, as Harlequin runs them (lint-imports)."""
    command = Path(sys.executable).with_name("lint-imports")
    executable = str(command) if command.exists() else shutil.which("lint-imports")
    assert executable, "import-linter is part of the test extra"
    result = subprocess.run([executable], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_layers_and_acyclic_contracts_are_declared():
    """lint-imports keeps a layers contract for the whole package and an acyclic check."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    kinds = {c["type"]: c for c in contracts}
    assert kinds["layers"]["containers"] == ["meeting_tui"]
    assert kinds["acyclic_siblings"]["ancestors"] == ["meeting_tui"]


def test_the_domain_is_composed_explicitly():
    """No module registers itself on import (no import-order tricks, no `noqa: E402`):
    session.py lists every module's fold handlers and hooks."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: {marker}"
        for path in PACKAGE.rglob("*.py")
        for marker in ("noqa: E402", "register_handlers(", "THRESHOLD_RULES.append", "REGISTER_ID_SOURCES.append")
        if marker in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
    from meeting_tui.domain import decisions, session

    assert decisions.REGISTER_ID_SOURCES
    assert {"proposal.made", "consensus.opened", "conflict.raised", "revisit.moved", "action.added", "interest.declared", "minutes.taker_set"} <= set(session._APPLY)


STARTUP_DATACLASSES = r"""
import dataclasses, sys
from meeting_tui import cli

args = cli.build_parser().parse_args(["--data-dir", sys.argv[1], "demo"])
app = cli.prepare_app_to_run("demo", args)

async def first_idle(pilot):
    await pilot.pause()
    pilot.app.exit()

app.run(headless=True, auto_pilot=first_idle, size=(120, 40))
found = sorted(
    f"{name}.{value.__qualname__}"
    for name, module in list(sys.modules.items()) if name.startswith("meeting_tui")
    for value in vars(module).values()
    if isinstance(value, type) and value.__module__ == name and dataclasses.is_dataclass(value)
)
print("\n".join(found))
"""


def test_the_first_frame_makes_one_dataclass(tmp_path):
    """Records are msgspec Structs, made in C: each dataclass of Python 3.11 compiles its methods
    with `exec` at import, 0.5-0.8 ms a class, and 75 of them were 40 ms of every start-up (#17).
    SessionState stays a dataclass: its caches and log are left out of == and repr."""
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_DATACLASSES, str(tmp_path)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "MEETING_TUI_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["meeting_tui.domain.session.SessionState"]
