"""Locks and permissions, end to end: two processes on one session, a writer killed with
SIGKILL, and data directories that cannot be used.

The store's own lock tests are in tests/store/test_store_lock.py (same-process second open,
permission fallbacks, a replaced file); the live screen's banner with an in-process holder in
tests/ui/test_live.py. Here the lock holder is another *process* (tests/store/session_worker.py,
or the crash campaign's worker running the real meeting through the controller), and the
command line is run as a user runs it.

There is no lock file: the lock is a `flock` on the session file itself, which the kernel drops
when its process dies, so a "stale lock" cannot exist; the test checks exactly that (and that
nothing else is left next to the session).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from meeting_tui.app import MeetingApp
from meeting_tui.cli import CliError, build_parser, main, prepare_app
from meeting_tui.controller import SessionController
from meeting_tui.domain import session as cmd
from meeting_tui.domain.errors import Refusal

from tests.reliability.meeting import reference_run
from tests.ui.test_live import SIZE, kinds, new_session, open_live, text

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
STORE_WORKER = ROOT / "tests" / "store" / "session_worker.py"
LOCKED = "open in another meeting-tui window"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), str(ROOT)]), LANG="C.UTF-8")


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []

    def spawn(*argv: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env=_env(), cwd=ROOT,
        )
        started.append(process)
        return process

    yield spawn
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()


def _hold(processes, path: Path) -> subprocess.Popen:
    holder = processes(str(STORE_WORKER), "hold", str(path))
    assert holder.stdout.readline() == "locked\n", holder.stderr.read() if holder.poll() is not None else ""
    return holder


# -- two processes on one session -----------------------------------------------------------------


def test_a_second_process_opens_read_only_and_says_so(workspace, clock, processes):
    path = new_session(workspace, clock)
    holder = _hold(processes, path)
    before = path.read_bytes()

    second = SessionController.open(path, clock=clock)
    try:
        assert second.read_only and LOCKED in second.read_only_reason
        with pytest.raises(Refusal, match="read-only"):
            second.do(cmd.arrive, "layla-mansour")
        assert second.state.seq == 1
    finally:
        second.close()
    assert path.read_bytes() == before  # only the holder may write

    holder.stdin.close()  # the holder ends; the lock goes with it
    holder.wait(timeout=30)
    third = SessionController.open(path, clock=clock)
    try:
        assert not third.read_only
        third.do(cmd.arrive, "layla-mansour")
    finally:
        third.close()


async def test_the_live_screen_shows_the_read_only_banner_when_another_process_writes(workspace, clock, processes):
    path = new_session(workspace, clock)
    holder = _hold(processes, path)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        assert live.controller.read_only
        banner = text(live, "#read-only-banner")
        assert "READ-ONLY" in banner and "another meeting-tui window" in banner
        before = kinds(path)
        await pilot.press("space")  # would mark an arrival
        await pilot.pause()
        assert kinds(path) == before
    assert holder.poll() is None  # the writer was not disturbed


def test_only_one_of_two_processes_writes(workspace, clock, processes):
    """Two worker processes on one file: the second finds it locked and refuses to write."""
    path = new_session(workspace, clock)
    first = _hold(processes, path)
    second = processes(str(STORE_WORKER), "hold", str(path))
    _, err = second.communicate(timeout=60)
    assert second.returncode != 0 and "unexpectedly read-only" in err and LOCKED in err
    assert first.poll() is None


# -- a writer killed with SIGKILL ------------------------------------------------------------------


def test_a_killed_writer_leaves_no_stale_lock_and_loses_nothing(tmp_path, processes):
    """The crash campaign's worker runs the real meeting through SessionController; SIGKILL it
    mid-meeting, then the next open writes, and every acknowledged event is there."""
    path = tmp_path / "committee" / "2026-03-14-meeting.json"
    path.parent.mkdir()
    worker = processes("-m", "tests.reliability.crash_worker", str(path), "events")
    assert worker.stdout.readline().startswith("ready")
    acked = 0
    for line in worker.stdout:
        if line.startswith("ack"):
            acked = int(line.split()[1])
            if acked >= 40:
                break
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    reference, _digests, _boundaries = reference_run(digests=False)
    controller = SessionController.open(path, clock=lambda: 1_800_000_000.0)
    try:
        assert not controller.read_only, controller.read_only_reason  # no stale lock
        seq = controller.state.seq
        assert seq >= acked  # nothing acknowledged is lost
        assert controller.file.events() == reference[:seq]  # and nothing else is there
        controller.do(cmd.set_note, "aob", "written after the crash")
    finally:
        controller.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no lock or temp file
    # and the command line opens it too (the replay before the UI starts)
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "open", str(path)])
    assert isinstance(prepare_app("open", args), MeetingApp)


# -- data directories that cannot be used ------------------------------------------------------------


def _cli(*argv: str, home: str | None = None) -> subprocess.CompletedProcess[str]:
    env = _env()
    env.pop("MEETING_TUI_HOME", None)
    if home is not None:
        env["MEETING_TUI_HOME"] = home
    return subprocess.run(
        [sys.executable, "-m", "meeting_tui", *argv], capture_output=True, text=True, encoding="utf-8",
        env=env, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL,
    )


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert result.stderr.startswith("meeting-tui: ")
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or IS_ROOT, reason="root writes into a chmod 555 directory anyway")
@pytest.mark.parametrize("command", ["demo", "home"])
def test_a_read_only_data_directory_is_refused_clearly(tmp_path, command):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    try:
        _refused(_cli("--data-dir", str(data), command), "is read-only", str(data))
    finally:
        data.chmod(0o755)


@pytest.mark.parametrize("command", ["demo", "home"])
def test_a_data_directory_on_a_read_only_file_system_is_refused_clearly(command):
    """What the chmod test checks, for root too: /proc refuses everyone's writes."""
    _refused(_cli("--data-dir", "/proc/self", command), "is read-only", "/proc/self")


@pytest.mark.skipif(not os.path.isdir("/sys") or os.access("/sys", os.W_OK) is False, reason="needs a /sys that passes the access check")
def test_a_directory_that_passes_the_access_check_but_refuses_writes():
    """/sys says "writable" to root, then refuses to create anything: still a clear message."""
    if os.path.exists("/sys/demo-executive"):
        pytest.skip("/sys/demo-executive exists")
    _refused(_cli("--data-dir", "/sys", "demo"), "is read-only", "/sys")


@pytest.mark.parametrize("command", ["demo", "home"])
def test_a_data_directory_that_cannot_be_created_is_refused_clearly(tmp_path, command):
    a_file = tmp_path / "file"
    a_file.write_text("not a directory")
    _refused(_cli("--data-dir", str(a_file / "sub"), command), "Cannot create the data directory", "Not a directory")
    _refused(_cli("--data-dir", "/proc/no-such-process/data", command), "Cannot create the data directory")
    # the same through MEETING_TUI_HOME, the "home path"
    _refused(_cli(command, home=str(a_file / "sub")), "Cannot create the data directory")
    _refused(_cli(command, home=str(a_file)), "Cannot create the data directory", "File exists")
    assert a_file.read_text() == "not a directory"


def test_a_missing_data_directory_is_created(tmp_path):
    data = tmp_path / "new" / "data"
    args = build_parser().parse_args(["--data-dir", str(data), "demo"])
    app = prepare_app("demo", args)
    assert isinstance(app, MeetingApp) and data.is_dir()
    assert list(data.glob("demo-executive/*.json"))  # today's demo session


def test_export_into_a_read_only_place_fails_clearly(workspace, clock, capsys):
    from tests.test_export_cli import make_session

    path = make_session(workspace, clock)
    # -o outside the data directory, or into /proc: refused, nothing written, no traceback
    assert main(["--data-dir", str(workspace.root), "export", str(path), "-o", "/proc/self/minutes.md"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("meeting-tui: ") and "Traceback" not in err
    assert not path.with_suffix(".md").exists()


def test_opening_a_session_the_cli_cannot_read_is_refused_clearly(tmp_path):
    _refused(_cli("--data-dir", str(tmp_path), "open", str(tmp_path / "missing.json")), "no session file")
    with pytest.raises(CliError, match="no session file"):
        prepare_app("open", build_parser().parse_args(["--data-dir", str(tmp_path), "open", "/proc/self"]))
