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
