"""Register queries (TinyDB) against a hand-built register, and `meeting-tui register`."""

from __future__ import annotations

import json
import os

import pytest

from meeting_tui.cli import main
from meeting_tui.register import REGISTER_FILE, Register, criteria_from, RegisterCommandError


def decision(rid, text, kind="vote", outcome="adopted", at=0.0):
    return {"id": rid, "text": text, "kind": kind, "method": "show-of-hands", "outcome": outcome, "at": at,
            "proposal": "", "item": "", "matter": "", "threshold": "", "tally": None, "spread": None,
            "roll": [], "participants": [], "conflict": ""}


def session(date, body, title, decisions, motions=()):
    return {"mtime_ns": 1, "size": 1, "damaged": "", "title": title, "date": date, "body": body, "opened_at": 0.0,
            "decisions": decisions, "motions": list(motions), "notices": [], "executed": []}


EXTRACTS = {
    "2026-01-10-january.json": session("2026-01-10", "executive", "January meeting", [
        decision("EXE-2026-001", "Hire a campaign officer.", at=1),
        decision("EXE-2026-002", "Open a second office in Irbid.", outcome="rejected", at=2),
        decision("EXE-2026-003", "Adopt the budget of the water campaign.", kind="consensus", at=3),
    ]),
    "2026-02-14-february.json": session("2026-02-14", "executive", "February meeting", [
        decision("EXE-2026-004", "Rescind EXE-2026-001: Hire a campaign officer.", at=4),
        decision("EXE-2026-005", "المتحدث الرسمي باسم الائتلاف هو مكتب التنسيق.", kind="conflict", at=5),
    ], motions=[{"proposal": "p1", "target": "EXE-2026-001", "kind": "rescind", "relation": "rescinds",
                 "new_id": "EXE-2026-004", "at": 4, "mover": "m1", "basis": ""}]),
    "2026-03-20-assembly.json": session("2026-03-20", "strategic", "Spring assembly", [
        decision("STR-2026-001", "Approve the coalition's strategy for 2026.", kind="consensus", at=6),
        decision("STR-2026-002", "Amend the budget of the water campaign.", at=7),
    ], motions=[{"proposal": "p2", "target": "EXE-2026-003", "kind": "amend", "relation": "amends",
                 "new_id": "STR-2026-002", "at": 7, "mover": "m1", "basis": ""}]),
}


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return Register.from_extracts(tmp_path_factory.mktemp("c"), EXTRACTS)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003", "EXE-2026-004", "EXE-2026-005", "STR-2026-001", "STR-2026-002"]),
        ({"text": "budget WATER"}, ["EXE-2026-003", "STR-2026-002"]),
        ({"text": "campaign officer"}, ["EXE-2026-001", "EXE-2026-004"]),
        ({"text": "assembly"}, ["STR-2026-001", "STR-2026-002"]),  # the session's title
        ({"text": "مكتب التنسيق"}, ["EXE-2026-005"]),
        ({"text": "nowhere"}, []),
        ({"id": "str"}, ["STR-2026-001", "STR-2026-002"]),
        ({"id": "2026-00"}, ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003", "EXE-2026-004", "EXE-2026-005", "STR-2026-001", "STR-2026-002"]),
        ({"id": "EXE-2026-004"}, ["EXE-2026-004"]),
        ({"status": "rescinded"}, ["EXE-2026-001"]),
        ({"status": "amended"}, ["EXE-2026-003"]),
        ({"status": "rejected"}, ["EXE-2026-002"]),
        ({"status": ["rescinded", "amended"]}, ["EXE-2026-001", "EXE-2026-003"]),
        ({"status": "adopted"}, ["EXE-2026-004", "EXE-2026-005", "STR-2026-001", "STR-2026-002"]),
        ({"body": "strategic"}, ["STR-2026-001", "STR-2026-002"]),
        ({"body": "Executive"}, ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003", "EXE-2026-004", "EXE-2026-005"]),
        ({"date_from": "2026-02-14"}, ["EXE-2026-004", "EXE-2026-005", "STR-2026-001", "STR-2026-002"]),
        ({"date_to": "2026-02-14"}, ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003", "EXE-2026-004", "EXE-2026-005"]),
        ({"date_from": "2026-02-01", "date_to": "2026-02-28"}, ["EXE-2026-004", "EXE-2026-005"]),
        ({"date_from": "2026-03-21"}, []),
        ({"kind": "consensus"}, ["EXE-2026-003", "STR-2026-001"]),
        ({"kind": "conflict"}, ["EXE-2026-005"]),
        ({"kind": ["vote", "conflict"], "body": "executive", "status": "adopted"}, ["EXE-2026-004", "EXE-2026-005"]),
        ({"text": "budget", "kind": "vote", "date_from": "2026-03-01", "body": "strategic"}, ["STR-2026-002"]),
    ],
)
def test_queries_give_the_expected_ids(register, criteria, expected):
    assert [e.id for e in register.search(**criteria)] == expected


def test_get_is_case_insensitive_and_links_are_kept(register):
    assert register.get(" exe-2026-001 ").successor == "EXE-2026-004"
    assert register.get("EXE-2026-003").status == "amended"
    assert register.get("EXE-2099-001") is None and register.get("") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"date_from": "2026-13-01"}, "--from: '2026-13-01' is not a date: the month is from 1 to 12"),
        ({"date_to": "2026-02-30"}, "--to: '2026-02-30' is not a date: that month has no day 30"),
        ({"date_from": "0000-01-01"}, "there is no year 0"),
        ({"date_from": "14/03/2026"}, "write it YYYY-MM-DD"),
        ({"date_from": "2026-04-01", "date_to": "2026-03-01"}, "The date range is empty"),
        ({"status": "passed"}, "There is no status 'passed'. Use one of: adopted, rejected"),
        ({"kind": "ballot"}, "There is no kind 'ballot'. Use one of: vote, consensus, conflict"),
    ],
)
def test_bad_criteria_are_refused_with_a_message(typed, message):
    with pytest.raises(RegisterCommandError) as refused:
        criteria_from(**typed)
    assert message in str(refused.value)


def test_dates_are_read_the_one_way(register):
    criteria = criteria_from(date_from="2026-2-1", date_to="٢٠٢٦-٠٢-٢٨")
    assert (criteria["date_from"], criteria["date_to"]) == ("2026-02-01", "2026-02-28")
    assert [e.id for e in register.search(**criteria)] == ["EXE-2026-004", "EXE-2026-005"]


# ---------------------------------------------------------------------------------------------
# meeting-tui register, on real session files
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from meeting_tui.workspace import Workspace

    from .test_register import SLUG, two_sessions

    root = tmp_path_factory.mktemp("data") / "sessions"
    two_sessions(Workspace(root))
    (root / "README.md").write_text("the data directory\n", encoding="utf-8")
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _committee(data_dir):
    (data_dir / "test" / "committee.toml").write_text('name = "Test"\n', encoding="utf-8") if not (data_dir / "test" / "committee.toml").exists() else None
    return "test"


def test_cli_lists_and_searches(capsys, data_dir):
    slug = _committee(data_dir)
    code, out, err = run(capsys, "--lang", "en", "--data-dir", str(data_dir), "register", slug)
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003"]
    assert lines[-1] == "3 of 3 decisions."
    code, out, err = run(capsys, "--lang", "en", "--data-dir", str(data_dir), "register", slug, "--status", "rescinded", "--kind", "vote")
    assert code == 0 and out.splitlines()[0].startswith("EXE-2026-001  2026-03-14  rescinded  executive  vote  Hire a campaign officer.")
    code, out, err = run(capsys, "--lang", "en", "--data-dir", str(data_dir), "register", slug, "--search", "nothing like it")
    assert code == 0 and out.strip() == "No decision matches (3 in the register)."


def test_cli_json_for_scripts(capsys, data_dir):
    slug = _committee(data_dir)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "register", slug, "--json", "--from", "2026-04-01", "--to", "2026-4-30")
    assert code == 0, err
    found = json.loads(out)
    assert [(e["id"], e["status"], e["kind"], e["date"]) for e in found] == [("EXE-2026-003", "adopted", "vote", "2026-04-11")]
    assert found[0]["links"][0]["relation"] == "rescinds"
    code, out, err = run(capsys, "--data-dir", str(data_dir), "register", str(data_dir / slug / "committee.toml"), "--json", "--id", "exe-2026-001")
    assert code == 0 and [e["successor"] for e in json.loads(out)] == ["EXE-2026-003"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "There is no committee 'nobody' in"),
        (["test", "--from", "2026-02-30"], "--from: '2026-02-30' is not a date"),
        (["test", "--to", "yesterday"], "--to: 'yesterday' is not a date: write it YYYY-MM-DD"),
        (["test", "--status", "won"], "There is no status 'won'"),
        (["test", "--kind", "x"], "There is no kind 'x'"),
    ],
)
def test_cli_refuses_with_one_line_and_exit_1(capsys, data_dir, args, message):
    _committee(data_dir)
    code, out, err = run(capsys, "--lang", "en", "--data-dir", str(data_dir), "register", *args)
    assert code == 1 and out == ""
    assert err.startswith("meeting-tui: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_cli_names_the_committees_there_are(capsys, data_dir):
    _committee(data_dir)
    code, out, err = run(capsys, "--lang", "en", "--data-dir", str(data_dir), "register", "nobody")
    assert code == 1 and "Committees there: test." in err
    code, out, err = run(capsys, "--lang", "en", "--data-dir", str(data_dir / "missing"), "register", "nobody")
    assert code == 1 and "which has no committees" in err


def test_cli_rebuilds_a_stale_or_damaged_register(capsys, data_dir):
    slug = _committee(data_dir)
    index = data_dir / slug / REGISTER_FILE
    run(capsys, "--data-dir", str(data_dir), "register", slug)
    index.write_text("{damaged", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "register", slug, "--json")
    assert code == 0 and len(json.loads(out)) == 3
    assert json.loads(index.read_text(encoding="utf-8"))["meta"]["1"]["format"] == 2
    # stale: a session file that changed is read again, the other is reused
    session = sorted((data_dir / slug).glob("2026-*.json"))[0]
    touched = session.stat().st_mtime_ns + 1000
    os.utime(session, ns=(touched, touched))
    register = Register.load(data_dir / slug)
    assert register.reread == [session.name] and len(register.entries) == 3
    assert Register.load(data_dir / slug).reread == []
    # missing
    index.unlink()
    again = Register.load(data_dir / slug)
    assert again.rebuilt and index.is_file() and [e.id for e in again.entries] == [e.id for e in register.entries]
    # the data directory's README.md is nothing to the register or the workspace
    assert not list((data_dir / slug).glob(".register.json.tmp-*"))
