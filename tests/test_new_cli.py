"""`meeting-tui new COMMITTEE --date D`: a session prepared ahead, waiting for the call to order."""

from __future__ import annotations

from meeting_tui.cli import main
from meeting_tui.controller import SessionController
from meeting_tui.workspace import Workspace


def test_new_prepares_a_session_for_the_chosen_date(tmp_path, capsys):
    root = tmp_path / "data"
    Workspace(root).install_demo()
    assert main(["--lang", "en", "new", "demo-executive", "--date", "2031-05-06", "--data-dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert "2031-05-06" in out and "press O" in out
    files = sorted((root / "demo-executive").glob("2031-05-06-*.json"))
    assert len(files) == 1
    controller = SessionController.open(files[0], clock=lambda: 0.0, read_only=True)
    try:
        assert controller.state.date == "2031-05-06"
        assert controller.state.prepared and not controller.state.called_to_order
    finally:
        controller.close()


def test_new_refuses_a_bad_date_and_writes_nothing(tmp_path, capsys):
    root = tmp_path / "data"
    Workspace(root).install_demo()
    before = sorted(p.name for p in (root / "demo-executive").iterdir())
    assert main(["--lang", "en", "new", "demo-executive", "--date", "2031-02-30", "--data-dir", str(root)]) == 1
    assert "date" in capsys.readouterr().err
    assert sorted(p.name for p in (root / "demo-executive").iterdir()) == before
    assert main(["--lang", "en", "new", "no-such-committee", "--data-dir", str(root)]) == 1
