"""The data directory: demo install never overwrites, file names never collide."""

from __future__ import annotations

from meeting_tui.workspace import Workspace, slug_for


def test_install_demo_never_overwrites(tmp_path):
    ws = Workspace(tmp_path)
    ws.install_demo()
    committee = tmp_path / "demo-executive" / "committee.toml"
    committee.write_text("# edited by the secretary\n" + committee.read_text(encoding="utf-8"), encoding="utf-8")
    edited = committee.read_bytes()
    ws.install_demo()
    assert committee.read_bytes() == edited
    assert [e.slug for e in ws.committees()] == ["demo-executive", "demo-strategic"]
    assert all(e.committee is not None for e in ws.committees())


def test_session_paths_are_unique_and_readable(tmp_path):
    ws = Workspace(tmp_path)
    first = ws.new_session_path("c", "2026-03-14", "Monthly meeting")
    assert first.name == "2026-03-14-monthly-meeting.json"
    first.parent.mkdir(parents=True)
    first.write_text("x")
    assert ws.new_session_path("c", "2026-03-14", "Monthly meeting").name == "2026-03-14-monthly-meeting-2.json"
    (first.parent / "2026-03-14-other.md").write_text("minutes")
    assert ws.new_session_path("c", "2026-03-14", "Other").name == "2026-03-14-other-2.json"


def test_slugs_keep_arabic_and_never_empty():
    assert slug_for("اجتماع اللجنة التنفيذية", "session") == "اجتماع-اللجنة-التنفيذية"
    assert slug_for("!!! ???", "session") == "session"


def test_invalid_committee_is_listed_with_its_problems(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "committee.toml").write_text("[committee]\nname = ''\n", encoding="utf-8")
    (entry,) = Workspace(tmp_path).committees()
    assert entry.committee is None and entry.errors


def test_a_fifo_or_a_device_link_in_a_committee_folder_is_listed_as_damaged_and_never_read(workspace):
    """Issue 16: a FIFO *.json left the home list empty and ctrl+q dead; a link to /dev/zero
    drove a read to gigabytes. Both are refused without a byte read."""
    import os

    from meeting_tui.workspace import next_register_number

    slug = workspace.committees()[0].slug
    folder = workspace.committee_dir(slug)
    os.mkfifo(folder / "2026-01-02-fifo.json")
    (folder / "2026-01-03-zero.json").symlink_to("/dev/zero")
    entries = {entry.path.name: entry for entry in workspace.sessions(slug)}
    assert entries["2026-01-02-fifo.json"].damaged and entries["2026-01-03-zero.json"].damaged
    assert next_register_number(workspace, slug, "EXE", 2026) >= 1
    assert [c.slug for c in workspace.committees()]  # the home list still shows the committees


def test_a_committee_file_with_a_5000_digit_integer_hides_no_other_committee(tmp_path):
    """Issue 16, item 4: a TOML integer of 5,000 digits gave a traceback in `check` and, as a
    committee file, hid every committee from the home screen."""
    ws = Workspace(tmp_path)
    ws.install_demo()
    (tmp_path / "huge").mkdir()
    (tmp_path / "huge" / "committee.toml").write_text("[committee]\nname = 'x'\nseats = " + "9" * 5000 + "\n", encoding="utf-8")
    entries = {entry.slug: entry for entry in ws.committees()}
    assert entries["huge"].committee is None and "4,300 digits" in entries["huge"].errors[0].message
    assert entries["demo-executive"].committee is not None and entries["demo-strategic"].committee is not None


def test_fifos_named_like_committee_and_agenda_files_hang_nothing(tmp_path):
    """Issue 16, item 5: a FIFO `*.toml` hung `check`; FIFOs in the data directory must not hang
    the home list (a committee.toml FIFO is not a committee; an agenda FIFO is listed, unread)."""
    import os
    import subprocess
    import sys

    ws = Workspace(tmp_path)
    ws.install_demo()
    (tmp_path / "pipe").mkdir()
    os.mkfifo(tmp_path / "pipe" / "committee.toml")
    os.mkfifo(ws.committee_dir("demo-executive") / "agendas" / "pipe.toml")
    assert [e.slug for e in ws.committees()] == ["demo-executive", "demo-strategic"]
    agendas = {a.path.name: a for a in ws.agendas("demo-executive")}
    assert agendas["monthly-meeting.toml"].agenda is not None
    assert "pipe.toml" not in agendas or agendas["pipe.toml"].agenda is None
    fifo = tmp_path / "check.toml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "meeting_tui", "check", str(fifo)], capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1 and "not a regular file" in result.stdout and "Traceback" not in result.stderr
