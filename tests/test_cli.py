"""The command line outside the app: clear messages and exit codes, never a traceback."""

from __future__ import annotations

import pytest

from meeting_tui.cli import main
from meeting_tui.charter.examples import example_text


def test_check_good_and_bad_files(tmp_path, capsys):
    good = tmp_path / "committee.toml"
    good.write_text(example_text("executive.toml"), encoding="utf-8")
    assert main(["check", str(good)]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[committee\nname = 'x'\n", encoding="utf-8")
    assert main(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "bad.toml:1" in out and "ok" in out


def test_open_a_missing_session_fails_clearly(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "open", str(tmp_path / "nope.json")]) == 1
    assert "no session file" in capsys.readouterr().err


def test_open_a_damaged_session_fails_clearly_and_leaves_it(tmp_path, capsys):
    damaged = tmp_path / "2026-01-01-x.json"
    damaged.write_bytes(b"\x00\x01binary garbage")
    before = damaged.read_bytes()
    assert main(["open", str(damaged), "--data-dir", str(tmp_path)]) == 1
    assert "cannot be opened" in capsys.readouterr().err
    assert damaged.read_bytes() == before


def test_a_data_dir_that_is_a_file_is_refused(tmp_path, capsys):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert main(["--data-dir", str(not_a_dir), "demo"]) == 1
    err = capsys.readouterr().err
    assert "--data-dir" in err and "Traceback" not in err


def test_data_dir_from_environment(tmp_path, monkeypatch):
    from meeting_tui.workspace import default_data_dir

    monkeypatch.setenv("MEETING_TUI_HOME", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"
    assert default_data_dir(str(tmp_path / "cli")) == tmp_path / "cli"


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "demo" in capsys.readouterr().out


def test_demo_on_a_full_disk_names_the_data_directory(tmp_path, capsys, monkeypatch):
    """Issue 16: `demo` on a full disk said only "No space left on device"."""
    import errno

    from meeting_tui.workspace import Workspace

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workspace, "install_demo", disk_full)
    assert main(["--data-dir", str(tmp_path / "data"), "demo"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and str(tmp_path / "data") in err and "Traceback" not in err


def test_a_disk_full_refusal_says_it_once(workspace, clock, monkeypatch):
    """Issue 16: the refusal read "Could not save to P: could not save to P: No space..."."""
    import errno
    import os

    from meeting_tui.controller import SessionController
    from meeting_tui.domain import session as cmd
    from meeting_tui.domain.errors import Refusal
    from meeting_tui.store import storage

    from tests.test_export_cli import make_session

    path = make_session(workspace, clock, close=False)
    controller = SessionController.open(path, clock=clock)
    member = next(iter(controller.state.members))

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "fsync_file", disk_full)
    with pytest.raises(Refusal) as refused:
        controller.do(cmd.toggle_presence, member)
    monkeypatch.undo()
    controller.close()
    message = str(refused.value)
    assert message.lower().count("could not save") == 1 and "No space left on device" in message
    assert os.path.exists(path)
