"""`meeting-tui export`: minutes next to the session file; every refusal exits 1, writes nothing."""

from __future__ import annotations

import os

import pytest

from meeting_tui import export
from meeting_tui.cli import main
from meeting_tui.controller import SessionController
from meeting_tui.domain import actions as act
from meeting_tui.domain import session as cmd

SLUG = "demo-executive"


def make_session(workspace, clock, date="2026-03-14", title="Monthly meeting", *, close=True):
    entry = workspace.committee(SLUG)
    agenda = workspace.agendas(SLUG)[0].agenda
    path = workspace.new_session_path(SLUG, date, title)
    controller = SessionController.create(path, entry.committee, agenda, clock=clock, title=title, date=date)
    controller.do(cmd.arrive, "layla-mansour")
    controller.do(cmd.next_item)
    clock.advance(600)
    controller.do(cmd.set_note, "minutes", f"Notes of {title}.")
    if close:
        controller.do(cmd.close_session)
    controller.close()
    return path


def files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(workspace, *args) -> int:
    return main(["--data-dir", str(workspace.root), "export", *args])


def test_export_writes_md_and_html_next_to_the_session(workspace, clock, capsys):
    path = make_session(workspace, clock)
    relative = str(path.relative_to(workspace.root))
    assert run(workspace, relative, "--utc-offset", "+03:00") == 0
    md, html = path.with_suffix(".md"), path.with_suffix(".html")
    out = capsys.readouterr().out
    assert str(md) in out and str(html) in out
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Minutes: Monthly meeting\n")
    assert "Notes of Monthly meeting." in text and "(UTC+03:00)" in text
    assert f"`{SLUG}/{path.name}`" in text  # the footer names the session
    assert "Draft — not yet approved" in text
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # re-exporting the same session overwrites its own minutes; the bytes are the same
    before = files(workspace.root)
    assert run(workspace, str(path), "--utc-offset", "+03:00") == 0  # an absolute path works too
    assert files(workspace.root) == before


def test_one_format_and_an_output_path(workspace, clock, capsys):
    path = make_session(workspace, clock)
    assert run(workspace, str(path), "--format", "html") == 0
    assert path.with_suffix(".html").exists() and not path.with_suffix(".md").exists()
    target = workspace.root / "exports" / "march.md"
    target.parent.mkdir()
    assert run(workspace, str(path), "-o", str(target)) == 0  # the format from the name
    assert target.read_text(encoding="utf-8").startswith("# Minutes")
    assert run(workspace, str(path), "-o", str(target)) == 0  # its own minutes: overwritten


def test_many_sessions_export_from_the_command_line(workspace, clock, capsys):
    paths = [make_session(workspace, clock, f"2026-{month:02d}-14") for month in range(1, 7)]
    for path in paths:
        assert run(workspace, str(path)) == 0
    assert all(p.with_suffix(".md").exists() and p.with_suffix(".html").exists() for p in paths)


def test_approved_minutes_say_when(workspace, clock, capsys):
    feb = make_session(workspace, clock, "2026-02-14", "February meeting")
    clock.advance(28 * 86_400)
    march = make_session(workspace, clock, "2026-03-14", "March meeting", close=False)
    controller = SessionController.open(march, clock=clock)
    controller.do(act.approve_previous_minutes, previous=workspace.previous_session(SLUG, march))
    controller.close()
    assert run(workspace, str(feb)) == 0
    assert "**Status:** Approved on 2026-03-14 in session March meeting" in feb.with_suffix(".md").read_text(encoding="utf-8")
    assert run(workspace, str(march)) == 0
    march_text = march.with_suffix(".md").read_text(encoding="utf-8")
    assert "Draft — not yet approved" in march_text
    assert "The minutes of February meeting (2026-02-14) were approved at" in march_text


# -- refusals: exit 1, a message, nothing written ---------------------------------------------


def refused(workspace, capsys, *args) -> str:
    before = files(workspace.root)
    assert run(workspace, *args) == 1
    captured = capsys.readouterr()
    assert files(workspace.root) == before, "a refused export wrote something"
    assert "Traceback" not in captured.err and captured.out == ""
    return captured.err


def test_missing_session(workspace, capsys):
    assert "No session file" in refused(workspace, capsys, "demo-executive/2026-01-01-nothing.json")


def test_damaged_session_is_reported_and_left_alone(workspace, capsys):
    damaged = workspace.committee_dir(SLUG) / "2026-01-01-broken.json"
    damaged.write_bytes(b"\x00\x01 not a session")
    err = refused(workspace, capsys, str(damaged))
    assert "cannot be read" in err and "nothing was exported" in err
    assert damaged.read_bytes() == b"\x00\x01 not a session"


def test_not_a_session_file(workspace, capsys):
    assert "not a session file" in refused(workspace, capsys, "demo-executive/committee.toml")


def test_unwritable_target(workspace, clock, capsys):
    path = make_session(workspace, clock)
    path.with_suffix(".md").mkdir()  # a folder in the way of the .md: the .html is not written either
    err = refused(workspace, capsys, str(path))
    assert "it is a folder" in err
    assert refused(workspace, capsys, str(path), "-o", str(workspace.root / "no-such-folder" / "x.md"))


def test_output_anywhere_the_secretary_can_write(workspace, clock, capsys, tmp_path, monkeypatch):
    """#20: -o writes outside the data directory too; a relative path is relative to the
    current directory; a folder gets every format named after the session."""
    path = make_session(workspace, clock)
    assert run(workspace, str(path), "-o", str(tmp_path / "elsewhere.md")) == 0
    assert (tmp_path / "elsewhere.md").read_text(encoding="utf-8").startswith("# Minutes: Monthly meeting")
    assert run(workspace, str(path), "-o", str(tmp_path / "elsewhere.md")) == 0  # its own minutes: overwritten
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    assert run(workspace, str(path), "-o", "minutes.html") == 0
    assert (here / "minutes.html").is_file()
    out = tmp_path / "out"
    out.mkdir()
    assert run(workspace, str(path), "--format", "md,docx", "-o", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == [path.stem + ".docx", path.stem + ".md"]
    assert run(workspace, str(path), "--format", "md,docx", "-o", str(out)) == 0  # again: its own files
    capsys.readouterr()
    assert "folder does not exist" in refused(workspace, capsys, str(path), "--format", "all", "-o", str(tmp_path / "nowhere") + "/")
    capsys.readouterr()
    # never over a session file, nor over a file that is not these minutes
    assert "session file" in refused(workspace, capsys, str(path), "-o", str(path))
    other = tmp_path / "letter.docx"
    other.write_bytes(b"not minutes")
    assert "not the minutes of this session" in refused(workspace, capsys, str(path), "-o", str(other))
    assert other.read_bytes() == b"not minutes"


def test_output_that_is_another_sessions_minutes(workspace, clock, capsys):
    first = make_session(workspace, clock, "2026-02-14", "February")
    second = make_session(workspace, clock, "2026-03-14", "March")
    # the name of the other session's minutes, whether they exist yet or not
    err = refused(workspace, capsys, str(second), "-o", str(first.with_suffix(".md")))
    assert "would be the minutes of the session" in err and first.name in err
    assert run(workspace, str(first)) == 0
    capsys.readouterr()
    assert "would be the minutes" in refused(workspace, capsys, str(second), "-o", str(first.with_suffix(".html")))
    # minutes of the first session written elsewhere are recognised by their footer
    shared = workspace.root / "latest.md"
    assert run(workspace, str(first), "-o", str(shared)) == 0
    capsys.readouterr()
    err = refused(workspace, capsys, str(second), "-o", str(shared))
    assert "holds the minutes of another session" in err and first.name in err
    # and a file that is not minutes at all is never overwritten
    (workspace.root / "notes.md").write_text("my own notes\n", encoding="utf-8")
    assert "is not the minutes of this session" in refused(workspace, capsys, str(second), "-o", str(workspace.root / "notes.md"))


def test_bad_output_names_and_options(workspace, clock, capsys):
    path = make_session(workspace, clock)
    committee = workspace.committee_dir(SLUG) / "committee.toml"
    assert "-o must name a .md, .html, .docx or .pdf file" in refused(workspace, capsys, str(path), "-o", str(committee))
    assert "must end in .md" in refused(workspace, capsys, str(path), "--format", "md", "-o", str(committee))
    assert "must end in .html" in refused(workspace, capsys, str(path), "--format", "html", "-o", str(workspace.root / "x.md"))
    assert "--utc-offset" in refused(workspace, capsys, str(path), "--utc-offset", "Mars")


def test_a_failed_second_write_takes_back_the_first(workspace, clock, monkeypatch, capsys):
    path = make_session(workspace, clock)
    assert run(workspace, str(path)) == 0
    capsys.readouterr()
    real = export.atomic_write_text

    def failing(target, text, **kw):
        if str(target).endswith(".html"):
            raise OSError(28, "No space left on device")
        return real(target, text, **kw)

    monkeypatch.setattr(export, "atomic_write_text", failing)
    # the .md differs from what the export writes, so putting it back is visible
    md = path.with_suffix(".md")
    md.write_text(md.read_text(encoding="utf-8") + "\nedited by hand\n", encoding="utf-8")
    old = files(workspace.root)
    err = refused(workspace, capsys, str(path))
    assert "No space left on device" in err and "Nothing was exported" in err
    assert files(workspace.root) == old  # the .md was put back as it was
    md.unlink()
    path.with_suffix(".html").unlink()
    refused(workspace, capsys, str(path))
    assert not md.exists()  # a new .md is removed again


@pytest.mark.parametrize(("text", "hours"), [("+03:00", 3), ("-0430", -4.5), ("5", 5), ("UTC", 0)])
def test_utc_offsets(text, hours):
    from datetime import datetime

    assert export.parse_utc_offset(text).utcoffset(datetime(2026, 1, 1)).total_seconds() == hours * 3600


def test_local_time_zone_is_the_offset_when_the_session_opened():
    import time
    from datetime import datetime

    if not hasattr(time, "tzset"):
        pytest.skip("no tzset on this platform")
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    try:
        winter = export.local_timezone(1_767_225_600.0)  # 2026-01-01
        summer = export.local_timezone(1_782_864_000.0)  # 2026-07-01
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
    assert winter.utcoffset(datetime(2026, 1, 1)).total_seconds() == 3600
    assert summer.utcoffset(datetime(2026, 7, 1)).total_seconds() == 7200


def test_paths_with_control_characters_are_printed_escaped(workspace, capsys):
    """Issue 16: `export` printed paths raw (an ESC reached the terminal); `check` escaped them."""
    hostile = workspace.committee_dir(SLUG) / "2026-01-01-\x1b[2Jevil.json"
    hostile.write_bytes(b"\x00 not a session")
    err = refused(workspace, capsys, str(hostile))
    assert "\x1b" not in err and "\\u001b[2Jevil" in err
    err = refused(workspace, capsys, "demo-executive/2026-01-01-\x1b]0;title\x07.json")
    assert "\x1b" not in err and "\x07" not in err and "\\u001b" in err


def test_a_committee_folder_linking_outside_the_data_directory_gets_nothing_written(workspace, clock, capsys, tmp_path):
    """Issue 16: sessions and minutes were written through such a link, while -o refused it."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    link = workspace.root / "linked"
    link.symlink_to(outside, target_is_directory=True)
    assert workspace.outside_problem("linked") is not None
    assert workspace.outside_problem(SLUG) is None
    session = make_session(workspace, clock)
    os.replace(session, outside / session.name)
    err = refused(workspace, capsys, str(link / session.name))
    assert "outside the data directory" in err
    assert sorted(p.name for p in outside.iterdir()) == [session.name]


@pytest.mark.parametrize("name", ["2026-03-14-a  b.json", "2026-03-14-a\tb.json", "2026-03-14-a\nb.json"])
def test_re_export_of_a_session_whose_name_has_runs_of_spaces_tabs_or_newlines(workspace, clock, capsys, name):
    """Issue 16: the second export was refused ("the minutes of another session")."""
    session = make_session(workspace, clock)
    renamed = session.with_name(name)
    os.replace(session, renamed)
    assert run(workspace, str(renamed)) == 0
    capsys.readouterr()
    assert run(workspace, str(renamed)) == 0, capsys.readouterr().err
