"""The bad-input corpus: malformed and hostile files, each run the way a user would meet it.

* ``committee/*.toml``, ``agenda/*.toml``: ``meeting-tui check FILE`` (the installed command, in
  a subprocess) exits as `manifest.toml` says with a message containing its keyword, never a
  traceback, and leaves the file byte for byte; the app's import path (`read_import`) refuses
  the same files, with a message, and writes nothing.
* ``session/*.json``: ``meeting-tui export SESSION`` (subprocess) and the app's open path
  (``meeting-tui open`` up to the app start, `SessionController.open`, the home screen's
  listing) report a damaged file with a clear message and leave it untouched, with no temp
  file left; the files the app accepts (a torn last line, junk it cleans) export.
* ``strings/*``: hostile text (Markdown/HTML injection, bidi controls, C0/C1 controls,
  zero-width characters, 10,000 characters, lone surrogates) in every text field of a session:
  recorded fine (a lone surrogate is refused with a message), and the minutes, Markdown and
  HTML, contain no markup, no bidi override and no control character from it.

The corpus files are the test data; the helpers of tests/test_export_cli.py are reused.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from datetime import timezone
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from msgspec.structs import replace

from meeting_tui.charter.imports import read_import
from meeting_tui.cli import main
from meeting_tui.controller import SessionController
from meeting_tui.domain import actions as act
from meeting_tui.domain import conflicts as con
from meeting_tui.domain import consensus as cns
from meeting_tui.domain import decisions as dec
from meeting_tui.domain import session as cmd
from meeting_tui.domain.errors import Refusal
from meeting_tui.minutes import render_markdown
from meeting_tui.minutes.html import render_html
from meeting_tui.minutes.text import BIDI_CONTROLS
from meeting_tui.register import Register
from meeting_tui.store import DamagedSessionFile
from tests.test_export_cli import SLUG, files

CORPUS = Path(__file__).parent
MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
SRC = CORPUS.parents[1] / "src"
COMMAND = shutil.which("meeting-tui", path=str(Path(sys.executable).parent)) or shutil.which("meeting-tui")


def cases(kind: str) -> list[tuple[str, int, str]]:
    return [(name, case.get("exit", 1), case["keyword"]) for name, case in sorted(MANIFEST[kind].items())]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed `meeting-tui` command (or `python -m meeting_tui` if it is not on PATH)."""
    argv = [COMMAND, *args] if COMMAND else [sys.executable, "-m", "meeting_tui", *args]
    env = dict(os.environ, LANG="C.UTF-8", PYTHONPATH=str(SRC))
    env.pop("MEETING_TUI_HOME", None)
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", errors="replace", cwd=cwd, env=env, timeout=120)


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    listed = {f"{kind}/{name}" for kind in ("committee", "agenda", "session") for name in MANIFEST[kind]}
    on_disk = {f"{p.parent.name}/{p.name}" for kind in ("committee", "agenda", "session") for p in (CORPUS / kind).iterdir()}
    assert listed == on_disk
    assert len(on_disk) + len(hostile_strings()) >= 70


# -- committee and agenda files ----------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name", "code", "keyword"), [(k, *c) for k in ("committee", "agenda") for c in cases(k)])
def test_check_reports_the_problem(tmp_path, kind, name, code, keyword):
    path = tmp_path / name
    shutil.copyfile(CORPUS / kind / name, path)
    before = path.read_bytes()
    result = run_cli("check", str(path), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "The check itself failed" not in output  # check's own catch-all for a checker bug
    assert result.returncode == code, output
    assert keyword in result.stdout, output
    assert str(path) in result.stdout  # every message names the file
    assert all(ch == "\n" or ch == "\t" or unicodedata.category(ch) != "Cc" for ch in result.stdout)
    assert not BIDI_CONTROLS & set(result.stdout)  # a hostile file cannot drive the terminal
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(("kind", "name", "code", "keyword"), [(k, *c) for k in ("committee", "agenda") for c in cases(k)])
def test_the_import_path_refuses_the_same_files(tmp_path, kind, name, code, keyword):
    """`read_import` is what the home screen's Import runs; a refusal shows its problems and
    writes nothing (the screen only writes `imported.text` when `imported.ok`)."""
    path = tmp_path / name
    shutil.copyfile(CORPUS / kind / name, path)
    before = path.read_bytes()
    committee = read_import(CORPUS.parent.parent / "src/meeting_tui/examples/executive.toml").committee
    imported = read_import(path, committee=committee if kind == "agenda" else None)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    if code == 0:
        assert imported.ok and imported.kind == kind
        assert "\ufeff" not in imported.text and "\r" not in imported.text  # BOM and CRLF removed
        return
    assert not imported.ok
    assert imported.errors or imported.kind is None
    messages = " ".join(f"{p.message} {p.fix}" for p in imported.problems)
    assert messages.strip()
    assert keyword.split(" error: ", 1)[-1] in messages


# -- damaged session files ---------------------------------------------------------------------


def _placed(workspace, name: str) -> Path:
    path = workspace.committee_dir(SLUG) / f"2026-01-01-{Path(name).stem}.json"
    shutil.copyfile(CORPUS / "session" / name, path)
    return path


@pytest.mark.parametrize(("name", "code", "keyword"), cases("session"))
def test_export_of_a_damaged_session(workspace, name, code, keyword):
    path = _placed(workspace, name)
    before = files(workspace.root)
    result = run_cli("--data-dir", str(workspace.root), "export", str(path), cwd=workspace.root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == code, output
    assert keyword in output
    assert path.read_bytes() == before[str(path.relative_to(workspace.root))]
    after = files(workspace.root)
    written = set(after) - set(before)
    if code == 0:
        assert written == {str(path.relative_to(workspace.root).with_suffix(s)) for s in (".md", ".html")}
        minutes = path.with_suffix(".md").read_text(encoding="utf-8")
        assert_clean_minutes(minutes, path.with_suffix(".html").read_text(encoding="utf-8"))
    else:
        assert "cannot be read" in result.stderr and "left untouched" in result.stderr
        assert written == set() and after == before


@pytest.mark.parametrize(("name", "code", "keyword"), [c for c in cases("session") if c[1] == 1])
def test_the_app_refuses_to_open_a_damaged_session(workspace, clock, capsys, name, code, keyword):
    path = _placed(workspace, name)
    before = files(workspace.root)
    # `meeting-tui open FILE` replays the file before the UI starts (cli._preflight)
    assert main(["--data-dir", str(workspace.root), "open", str(path)]) == 1
    err = capsys.readouterr().err
    assert "cannot be opened" in err and keyword in err and "Traceback" not in err
    # what the live screen does, writable and read-only
    for read_only in (False, True):
        with pytest.raises(DamagedSessionFile) as caught:
            SessionController.open(path, clock=clock, read_only=read_only)
        assert caught.value.path == path and caught.value.reason
    # the home screen lists it as damaged, with the loader's reason (never "open")
    listed = {entry.path: entry for entry in workspace.sessions(SLUG)}
    assert listed[path].damaged and listed[path].status == "damaged", listed[path]
    # the committee's register skips it, with a reason, and keeps the other sessions
    register = Register.load(workspace, SLUG, write=False)
    assert path.name in {d.file for d in register.damaged}
    assert files(workspace.root) == before  # unchanged, no temp file left


@pytest.mark.parametrize("name", [c[0] for c in cases("session") if c[1] == 0])
def test_sessions_the_app_accepts_open(workspace, clock, name):
    path = _placed(workspace, name)
    controller = SessionController.open(path, clock=clock, read_only=True)
    try:
        assert controller.state.seq >= 1
    finally:
        controller.close()


# -- hostile strings in every text field --------------------------------------------------------


def hostile_strings() -> dict[str, str]:
    out = {}
    for path in sorted((CORPUS / "strings").iterdir()):
        if path.suffix == ".txt":
            out[path.stem] = path.read_bytes().decode("utf-8")
        elif path.suffix == ".json":  # strings only JSON can carry (lone surrogates)
            for i, text in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                out[f"{path.stem}-{i}"] = text
    return out


HOSTILE = hostile_strings()
MARKUP_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
FORBIDDEN_TOKENS = {"html_block", "html_inline", "link_open", "image"}


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def _controls(text: str) -> set[str]:
    return {ch for ch in text if ch not in "\n\t" and (ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs"))}


def assert_clean_minutes(markdown: str, html: str) -> None:
    bad = [(t.type, t.content) for t in _walk(MARKUP_PARSER.parse(markdown)) if t.type in FORBIDDEN_TOKENS]
    assert not bad, f"markup from user text: {bad[:5]}"
    assert not _controls(markdown) and not _controls(html)
    lowered = html.lower()
    for tag in ("<script", "<img", "<iframe", "<a ", "<!--", "<![cdata"):
        assert tag not in lowered, tag
    assert lowered.count("<style") == 1  # the page's own


def _hostile_session(workspace, clock, text: str) -> tuple[SessionController, list[str]]:
    """A session with `text` in every text field; returns the controller and what was refused."""
    entry = workspace.committee(SLUG)
    members = tuple(replace(m, name=f"{m.name} {text}") if i in (0, 3, 5) else m for i, m in enumerate(entry.committee.members))
    committee = replace(entry.committee, members=members, name=f"{entry.committee.name} {text}")
    agenda = workspace.agendas(SLUG)[0].agenda
    agenda = replace(agenda, items=(replace(agenda.items[0], title=f"{agenda.items[0].title} {text}"), *agenda.items[1:]))
    path = workspace.new_session_path(SLUG, "2026-03-14", "hostile")
    refused: list[str] = []
    try:
        controller = SessionController.create(path, committee, agenda, clock=clock, title=f"Meeting {text}", date="2026-03-14", place=text)
    except (Refusal, ValueError) as error:  # a lone surrogate cannot be stored
        refused.append(f"create: {error}")
        controller = SessionController.create(path, entry.committee, workspace.agendas(SLUG)[0].agenda, clock=clock, title="Meeting", date="2026-03-14")
    ids = [m.id for m in controller.state.committee.members if m.voting][:8]

    def do(command, *args, **kwargs):
        clock.advance(30)
        try:
            controller.do(command, *args, **kwargs)
        except Refusal as refusal:
            refused.append(f"{command.__name__}: {refusal}")

    for mid in ids:
        do(cmd.arrive, mid)
    do(cmd.add_guest, f"Guest {text}", organisation=text)
    do(cmd.next_item)
    do(cmd.set_note, "minutes", f"Note {text}\n{text}")
    do(cmd.extend_item, 5, f"Reason {text}")
    do(cmd.add_item, f"Item {text}", 10)
    do(cmd.defer_item, "statement", f"Deferred {text}")
    do(dec.propose, f"Proposal {text}", item="minutes", mover=ids[0])
    do(dec.open_vote, "P1", ballot="roll-call")
    for mid in ids:
        do(dec.cast_vote, mid, "yes")
    do(dec.close_vote)
    do(dec.propose, f"Second {text}", item="budget", matter="budget")
    do(cns.open_consensus, "P2")
    do(cns.respond, ids[0], "agree")
    do(cns.respond, ids[1], "block", reason=f"Block {text}")
    do(cns.respond, ids[2], "stand-aside", reason=f"Aside {text}")
    do(cns.close_round)
    do(dec.propose, f"Third {text}", item="budget")
    do(dec.open_vote, "P3", ballot="show-of-hands")
    do(dec.cancel_vote, reason=f"Cancelled {text}")
    do(con.raise_conflict, parties=[ids[0], ids[1]], subject="P2", description=f"Conflict {text}")
    do(con.escalate, "C1", f"Escalated {text}")
    do(con.assign_handler, "C1", f"Mediator {text}", organisation=text)
    do(con.add_handler_note, "C1", f"Handler {text}", for_minutes=True)
    do(con.resolve, "C1", f"Resolved {text}")
    do(act.add_action, f"Action {text}", who=f"Who {text}", due="2026-04-01")
    do(cmd.set_next_meeting, "2026-04-11", f"Place {text}", "16:30")
    do(cmd.close_session)
    return controller, refused


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_text_in_every_field_is_recorded_and_never_becomes_markup(workspace, clock, capsys, key):
    text = HOSTILE[key]
    controller, refused = _hostile_session(workspace, clock, text)
    path = controller.file.path
    storable = not any(unicodedata.category(ch) == "Cs" for ch in text)
    try:
        if storable:
            # hostile text is just text: everything is recorded (10,000 characters are over the
            # length limits of a conflict's description and an action, refused with a message;
            # the conflict steps then have no conflict)
            allowed = ("shorten it", "There is no conflict 'C1'") if len(text) > 2000 else ()
            assert [r for r in refused if not any(a in r for a in allowed)] == []
            assert controller.state.is_closed
        else:  # a lone surrogate is refused with a message (never a crash), nothing stored
            assert any("is not storable JSON" in r and "Nothing was recorded" in r for r in refused), refused
        markdown = render_markdown(controller.state, now=clock(), tz=timezone.utc)
        assert_clean_minutes(markdown, render_html(markdown, title=controller.state.title))
    finally:
        controller.close()
    # the replayed session, exported from the command line
    assert main(["--data-dir", str(workspace.root), "export", str(path)]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert_clean_minutes(path.with_suffix(".md").read_text(encoding="utf-8"), path.with_suffix(".html").read_text(encoding="utf-8"))
    if storable and text.strip():
        # the text is kept (cleaned, escaped) in the minutes, not dropped
        visible = [ch for ch in text if ch.isalnum()]
        if visible:
            assert visible[0] in path.with_suffix(".md").read_text(encoding="utf-8")
