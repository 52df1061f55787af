"""The committee's decision register: built from real session files, cached in register.json."""

from __future__ import annotations

import json
import os

import pytest

from meeting_tui.controller import SessionController
from meeting_tui.domain import conflicts as cf
from meeting_tui.domain import decisions as d
from meeting_tui.domain import revisit as r
from meeting_tui.domain import session as s
from meeting_tui.domain.rules import day_number
from meeting_tui.register import REGISTER_FILE, DamagedSession, Register, RegisterLink, view_for_session
from meeting_tui.store import SessionFile
from meeting_tui.workspace import Workspace

from .conftest import FakeClock
from .domain.conftest import AGENDA, make_committee

SLUG = "test"
FIRST, SECOND = "2026-03-14", "2026-04-11"


def at(date: str, hour: int = 9) -> float:
    return day_number(date) * 86400.0 + hour * 3600


class Meeting:
    """One session of the committee, written to a real file through the controller."""

    def __init__(self, ws: Workspace, date: str, *, present: int = 12, title: str = "Monthly meeting") -> None:
        self.ws = ws
        self.clock = FakeClock(at(date))
        path = ws.new_session_path(SLUG, date, title)
        self.ctl = SessionController.create(path, make_committee(21), AGENDA, clock=self.tick, title=title, date=date)
        for i in range(present):
            self.do(s.arrive, f"m{i}")
        self.do(s.start_item, "c")

    def tick(self) -> float:
        self.clock.advance(1)
        return self.clock.now

    @property
    def path(self):
        return self.ctl.file.path

    @property
    def state(self):
        return self.ctl.state

    def do(self, command, *args, **kw):
        return self.ctl.do(command, *args, **kw)

    def vote(self, text: str, yes: int, no: int, abstain: int = 0, *, pid: str | None = None) -> d.Decision:
        if pid is None:
            pid = self.do(d.propose, text, item="c", mover="m1")[0].data["id"]
        self.do(d.open_vote, pid, ballot="show-of-hands")
        self.do(d.enter_counts, yes, no, abstain)
        number = Register.load(self.ws, SLUG).next_number_for(self.state)
        self.do(d.close_vote, register_number=number)
        return self.state.decisions.records[-1]

    def close(self) -> None:
        self.do(s.close_session)
        self.ctl.close()


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "sessions")


def two_sessions(ws: Workspace) -> tuple[Meeting, Meeting]:
    """Session 1 adopts EXE-2026-001 and gets notice to rescind it; session 2 rescinds it by a
    simple majority (enough only because of the notice)."""
    one = Meeting(ws, FIRST)
    adopted = one.vote("Hire a campaign officer.", 7, 4, 1)
    assert adopted.register_id == "EXE-2026-001" and adopted.adopted
    rejected = one.vote("Open a second office.", 3, 8)
    assert rejected.register_id == "EXE-2026-002" and rejected.outcome == "rejected"
    view = view_for_session(ws, SLUG, one.path)
    assert view.get("EXE-2026-001") is None  # this session's own decisions come from its state
    one.do(r.give_notice, "EXE-2026-001", register=view, kind="rescind", mover="m3", text="The grant was cut.")
    one.close()

    two = Meeting(ws, SECOND, present=11)
    register = Register.load(ws, SLUG)
    view = view_for_session(ws, SLUG, two.path, register)
    assert view.previous_session == one.path.name
    check = r.check(two.state, "rescind", "EXE-2026-001", register=view)
    assert check.ok and check.threshold == "majority_cast" and check.notice.mover == "m3"
    pid = two.do(r.move_rescind, "EXE-2026-001", register=view, mover="m5")[0].data["id"]
    # 6 yes, 5 no of 11: short of two-thirds (7.33) and of a majority of the 21 members (10.5).
    rescinding = two.vote("", 6, 5, pid=pid)
    assert rescinding.adopted and rescinding.threshold == "majority_cast"
    assert rescinding.register_id == "EXE-2026-003"
    two.close()
    return one, two


# ---------------------------------------------------------------------------------------------
# Two sessions: adopt, give notice, rescind; both linked in the register
# ---------------------------------------------------------------------------------------------


def test_rescinded_at_the_next_session_and_linked_both_ways(ws):
    one, two = two_sessions(ws)
    register = Register.load(ws, SLUG)
    assert register.damaged == []
    assert [e.id for e in register.entries] == ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003"]
    old, rejected, new = register.entries
    assert (old.status, old.session, old.date, old.body, old.method) == ("rescinded", one.path.name, FIRST, "executive", "show-of-hands")
    assert old.tally == {"yes": 7, "no": 4, "abstain": 1} and old.text == "Hire a campaign officer."
    assert old.links == (RegisterLink("rescinded-by", "EXE-2026-003", two.path.name, SECOND),)
    assert new.links == (RegisterLink("rescinds", "EXE-2026-001", two.path.name, SECOND),)
    assert new.status == "adopted" and new.text == "Rescind EXE-2026-001: Hire a campaign officer."
    assert rejected.status == "rejected"
    assert [(n.kind, n.mover, n.mover_name, n.text, n.session) for n in old.notices] == [
        ("rescind", "m3", "Member 3", "The grant was cut.", one.path.name)
    ]
    assert [(h.change, h.status, h.date, h.by) for h in register.history("EXE-2026-001")] == [
        ("decided", "adopted", FIRST, ""),
        ("notice", "adopted", FIRST, ""),
        ("rescinded", "rescinded", SECOND, "EXE-2026-003"),
    ]
    # The domain's view of the old decision now refuses any further reopening.
    info = register.get("exe-2026-001").info()
    assert (info.current_status, info.successor) == ("rescinded", "EXE-2026-003")
    # register.json holds the same register for other readers.
    cached = json.loads((ws.committee_dir(SLUG) / REGISTER_FILE).read_text(encoding="utf-8"))
    assert [e["id"] for e in cached["entries"].values()] == ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003"]
    assert cached["entries"]["1"]["status"] == "rescinded"


def test_without_the_notice_the_same_votes_would_not_rescind(ws):
    one = Meeting(ws, FIRST)
    one.vote("Hire a campaign officer.", 7, 4, 1)
    one.close()
    two = Meeting(ws, SECOND, present=11)
    view = view_for_session(ws, SLUG, two.path)
    pid = two.do(r.move_rescind, "EXE-2026-001", register=view, mover="m5")[0].data["id"]
    decision = two.vote("", 6, 5, pid=pid)
    assert decision.outcome == "rejected"
    two.close()
    assert Register.load(ws, SLUG).get("EXE-2026-001").status == "adopted"


def test_conflict_decisions_and_executed_marks_enter_the_register(ws):
    one = Meeting(ws, FIRST)
    one.vote("Hire a campaign officer.", 7, 4)
    one.do(cf.raise_conflict, parties=["m1", "m2"], subject="c", description="Who supervises the officer.")
    one.do(cf.escalate, "C1", "No agreement.")
    one.do(cf.escalate, "C1", "Mediation failed.")
    one.do(cf.assign_handler, "C1", "Coalition arbitration panel")
    number = Register.load(ws, SLUG).next_number_for(one.state)
    one.do(cf.decide, "C1", "Member 2's organisation supervises the officer.", register_number=number)
    one.do(r.mark_executed, "EXE-2026-001", note="Hired on 20 March.")
    one.close()
    register = Register.load(ws, SLUG)
    officer, arbitration = register.entries
    assert officer.executed and officer.executed_date == FIRST
    assert [h.change for h in register.history(officer.id)] == ["decided", "executed"]
    assert (arbitration.id, arbitration.kind, arbitration.method, arbitration.conflict, arbitration.status) == (
        "EXE-2026-002",
        "conflict",
        "Arbitrator or arbitration committee",
        "C1",
        "adopted",
    )
    assert arbitration.item == "c"


# ---------------------------------------------------------------------------------------------
# The cache: rebuilt when missing or unreadable, refreshed when stale
# ---------------------------------------------------------------------------------------------


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.glob("*.json") if p.name != REGISTER_FILE}


def test_rebuilt_when_missing_and_reused_when_fresh(ws):
    one, two = two_sessions(ws)
    folder = ws.committee_dir(SLUG)
    index = folder / REGISTER_FILE
    index.unlink(missing_ok=True)
    sessions_before = snapshot(folder)
    first = Register.load(ws, SLUG)
    assert first.rebuilt and sorted(first.reread) == sorted([one.path.name, two.path.name])
    assert index.is_file()
    written = index.read_bytes()
    again = Register.load(ws, SLUG)
    assert not again.rebuilt and again.reread == [] and again.cache_problem == ""
    assert again.entries == first.entries
    assert index.read_bytes() == written  # nothing changed, nothing written
    index.unlink()
    rebuilt = Register.load(ws, SLUG)
    assert rebuilt.rebuilt and rebuilt.entries == first.entries
    assert snapshot(folder) == sessions_before  # session files are only ever read


def test_a_changed_session_is_read_again(ws):
    one, two = two_sessions(ws)
    Register.load(ws, SLUG)
    # Another event lands in session 2's file (appended straight to the log here).
    with SessionFile.open(two.path) as file:
        file.append([{"kind": "revisit.executed", "at": at(SECOND, 21), "data": {"register_id": "EXE-2026-003", "note": ""}}])
    stale = Register.load(ws, SLUG)
    assert stale.reread == [two.path.name] and not stale.rebuilt
    assert stale.get("EXE-2026-003").executed
    assert Register.load(ws, SLUG).reread == []


def test_a_new_or_removed_session_changes_the_set(ws):
    one, two = two_sessions(ws)
    Register.load(ws, SLUG)
    three = Meeting(ws, "2026-05-09")
    three.vote("Publish the annual report.", 9, 0)
    three.close()
    grown = Register.load(ws, SLUG)
    assert grown.reread == [three.path.name]
    assert grown.get("EXE-2026-004").text == "Publish the annual report."
    three.path.unlink()
    shrunk = Register.load(ws, SLUG)
    assert shrunk.reread == [] and shrunk.get("EXE-2026-004") is None
    cached = json.loads((ws.committee_dir(SLUG) / REGISTER_FILE).read_text(encoding="utf-8"))
    assert three.path.name not in cached["sessions"]


def test_a_session_newer_than_the_index_is_read_again(ws):
    one, two = two_sessions(ws)
    Register.load(ws, SLUG)
    index = ws.committee_dir(SLUG) / REGISTER_FILE
    stamp = index.stat().st_mtime_ns
    os.utime(one.path, ns=(stamp + 10**9, stamp + 10**9))
    assert Register.load(ws, SLUG).reread == [one.path.name]


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": 1, "entries": [], "sessions": {}}', "not a register this version reads"),  # the plain JSON cache of before
        (b'{"meta": {"1": {"format": 99}}}', "not a register this version reads"),
        (b'{"meta": {"1": {"format": 2}}, "sessions": {"1": {"file": "x.json", "size": "big"}}}', "damaged (the entry of x.json)"),
        (b'{"meta": {"1": {"format": 2}}, "entries": {"1": {"id": "X", "surprise": 1}}}', "damaged"),
        (b"[]", "not valid JSON"),
        (b"\xff\xfe", "cannot be read"),
    ],
)
def test_an_unreadable_index_is_rebuilt(ws, content, problem):
    two_sessions(ws)
    good = Register.load(ws, SLUG).entries
    index = ws.committee_dir(SLUG) / REGISTER_FILE
    index.write_bytes(content)
    register = Register.load(ws, SLUG)
    assert register.rebuilt and problem in register.cache_problem
    assert register.entries == good
    assert json.loads(index.read_text(encoding="utf-8"))["meta"]["1"]["format"] == 2


def test_a_damaged_session_is_skipped_reported_and_never_modified(ws):
    one, two = two_sessions(ws)
    folder = ws.committee_dir(SLUG)
    broken = folder / "2026-05-01-broken.json"
    broken.write_bytes(b"this is not a session file\n")
    # A well-formed file whose events cannot be replayed is damaged too.
    odd = folder / "2026-05-02-odd.json"
    with SessionFile.create(odd, {"committee": SLUG, "title": "Odd", "date": "2026-05-02"}) as file:
        file.append([{"kind": "no.such.event", "at": 1.0, "data": {}}])
    before = {p.name: p.read_bytes() for p in (broken, odd)}
    register = Register.load(ws, SLUG)
    assert [x.file for x in register.damaged] == [broken.name, odd.name]
    assert all(isinstance(x, DamagedSession) and x.reason for x in register.damaged)
    assert "cannot be replayed" in register.damaged[1].reason
    assert [e.id for e in register.entries] == ["EXE-2026-001", "EXE-2026-002", "EXE-2026-003"]
    again = Register.load(ws, SLUG)  # still reported from the cache, still untouched
    assert [x.file for x in again.damaged] == [broken.name, odd.name] and again.reread == []
    assert {p.name: p.read_bytes() for p in (broken, odd)} == before


def test_a_committee_without_sessions(ws, tmp_path):
    empty = Register.load(ws, "nobody")
    assert empty.entries == [] and empty.damaged == [] and empty.write_error == ""
    assert not (ws.committee_dir("nobody") / REGISTER_FILE).exists()
    assert empty.next_number("EXE", 2026) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a read-only directory")
def test_a_read_only_folder_still_gives_the_register(ws):
    two_sessions(ws)
    folder = ws.committee_dir(SLUG)
    (folder / REGISTER_FILE).unlink()
    folder.chmod(0o555)
    try:
        register = Register.load(ws, SLUG)
    finally:
        folder.chmod(0o755)
    assert len(register.entries) == 3 and register.write_error


# ---------------------------------------------------------------------------------------------
# Browsing and numbering
# ---------------------------------------------------------------------------------------------


def test_search_history_and_next_number(ws):
    two_sessions(ws)
    register = Register.load(ws, SLUG)
    ids = lambda entries: [e.id for e in entries]  # noqa: E731
    assert ids(register.search(text="campaign OFFICER")) == ["EXE-2026-001", "EXE-2026-003"]
    assert ids(register.search(text="second office")) == ["EXE-2026-002"]
    assert ids(register.search(id="003")) == ["EXE-2026-003"]
    assert ids(register.search(status="rescinded")) == ["EXE-2026-001"]
    assert ids(register.search(status=["adopted", "rejected"])) == ["EXE-2026-002", "EXE-2026-003"]
    assert ids(register.search(date_from="2026-04-01")) == ["EXE-2026-003"]
    assert ids(register.search(date_to=FIRST)) == ["EXE-2026-001", "EXE-2026-002"]
    assert ids(register.search(body="executive", text="office", date_from=FIRST, date_to=SECOND)) == ids(register.entries)
    assert register.search(body="strategic") == []
    assert register.history("EXE-2099-001") == [] and register.get("nope") is None
    assert register.next_number("EXE", 2026) == 4
    assert register.next_number("EXE", 2027) == 1 and register.next_number("STR", 2026) == 1
    assert register.next_number("EXE", 2026, extra_ids=["EXE-2026-010"]) == 11


def test_a_register_id_given_twice_is_reported(ws):
    paths = []
    for date in (FIRST, SECOND):
        meeting = Meeting(ws, date)
        pid = meeting.do(d.propose, f"Decision of {date}.", item="c")[0].data["id"]
        meeting.do(d.open_vote, pid, ballot="show-of-hands")
        meeting.do(d.enter_counts, 9, 1)
        meeting.do(d.close_vote)  # no committee-wide number passed: each session starts at 001
        meeting.close()
        paths.append(meeting.path.name)
    register = Register.load(ws, SLUG)
    assert [(e.id, e.session) for e in register.entries] == [("EXE-2026-001", paths[0])]
    assert register.duplicates == [("EXE-2026-001", paths[1])]


def test_a_notice_given_in_the_open_session_does_not_count_in_it(ws):
    one = Meeting(ws, FIRST)
    one.vote("Hire a campaign officer.", 7, 4, 1)
    one.close()
    two = Meeting(ws, SECOND)
    view = view_for_session(ws, SLUG, two.path)
    two.do(r.give_notice, "EXE-2026-001", register=view, kind="rescind", mover="m3")
    register = Register.load(ws, SLUG)
    assert [n.session for n in register.get("EXE-2026-001").notices] == [two.path.name]
    for view in (register.view(exclude=two.path), register.view(exclude=two.path, previous_session=one.path)):
        assert r.check(two.state, "rescind", "EXE-2026-001", register=view).threshold == "two_thirds_cast"


def test_both_sessions_minutes_tell_the_story(ws):
    """The old session's minutes say what a later session did; the new one's say what it did."""
    from meeting_tui.export import export_session

    one, two = two_sessions(ws)
    old = export_session(ws.root, one.path, formats=("md",))[0].read_text(encoding="utf-8")
    assert "rescinded by EXE-2026-003" in old
    new = export_session(ws.root, two.path, formats=("md",))[0].read_text(encoding="utf-8")
    assert "EXE-2026-001" in new and "rescind" in new


def test_a_session_already_replayed_is_taken_as_its_controller_holds_it(ws, monkeypatch):
    """`known` (the open session's state, from the app) gives the same register as reading its
    file, without reading that file again."""
    from meeting_tui import export, register as register_module

    one, two = two_sessions(ws)
    folder = ws.committee_dir(SLUG)
    from_files = Register.load(folder, None, write=False)
    reader = SessionController.open(one.path, clock=lambda: 0.0, read_only=True)
    state = reader.state
    reader.close()
    read = []
    original = register_module.extract_file
    monkeypatch.setattr(register_module, "extract_file", lambda path: read.append(path.name) or original(path))
    given = Register.load(folder, None, write=False, known={one.path.name: state})
    assert one.path.name not in read and two.path.name in read
    assert given.entries == from_files.entries and given.damaged == from_files.damaged
    assert export.later_links(one.path, state) == export.later_links(one.path) == {"EXE-2026-001": [("rescinded-by", "EXE-2026-003", SECOND)]}


def test_the_approval_lookup_never_replays_the_session_itself_or_earlier_ones(ws, monkeypatch):
    from meeting_tui import workspace as workspace_module

    one, two = two_sessions(ws)
    replayed = []
    original = workspace_module.replay_problem
    monkeypatch.setattr(workspace_module, "replay_problem", lambda path: replayed.append(path.name) or original(path))
    assert ws.approval_of(two.path) is None
    assert replayed == []  # nothing later than the second session, and never itself
    assert ws.approval_of(one.path) is None
    assert replayed == [two.path.name]
    listed = [e.path.name for e in ws.sessions(SLUG, exclude=one.path.name, since=SECOND)]
    assert listed == [two.path.name]
    assert [e.path.name for e in ws.sessions(SLUG)] == [two.path.name, one.path.name]
