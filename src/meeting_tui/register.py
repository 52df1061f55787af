"""The committee-wide decision register (PROCEDURE.md: Revisiting decisions; ARCHITECTURE.md:
`<committee>/register.json`, rebuildable from the sessions).

Every adopted or rejected decision of every session of a committee, by its register id
(`EXE-2026-014`): its text, session file, date, body, method, tally or consensus spread,
status (adopted, rejected, amended, rescinded, superseded), links (`rescinds EXE-2026-003`,
`rescinded-by EXE-2026-021`), notices of motion, the executed flag, and the history of its
status changes. Binding outcomes of a conflict's escalation ladder are decisions too.

The register is built by replaying each session file (read-only: never locked, never written)
and kept in `register.json`, a TinyDB database with three tables: `meta` (the format),
`sessions` (one extract per session file, with the file's size and modification time) and
`entries` (one document per decision, as `RegisterEntry` fields). It is a cache: a session file
that changed (or is newer than the database), appeared or disappeared is read again, the rest
is reused; a missing, damaged or foreign `register.json` is rebuilt from every session. A new
database is written with TinyDB's `JSONStorage` to a temp file and renamed into place, so a
crash never leaves half a register. A damaged session file is skipped and reported in
`Register.damaged`, and never modified.

`Register.search` and `Register.get` are TinyDB queries over the `entries` table (held in
memory once loaded: one TinyDB object per register, never written after it is opened).

Reading many files: call `Register.load` from a Textual worker, not on the UI thread.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from msgspec import Struct, to_builtins
from msgspec.structs import replace
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage, MemoryStorage, Storage

from meeting_tui.domain import revisit
from meeting_tui.domain.decisions import next_register_number, register_prefix, session_year
from meeting_tui.domain.replay import ReplayError, replay
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _, join, ngettext
from meeting_tui.store import DamagedSessionFile, SessionFile
from meeting_tui.store.atomic import fsync_directory, temp_path_for

REGISTER_FILE = "register.json"
FORMAT = 2  # 2: a TinyDB database (1 was a plain JSON document; it is rebuilt)
KINDS = ("vote", "consensus", "conflict")

_ID = re.compile(r"^(?P<prefix>.+)-(?P<year>\d{4})-(?P<number>\d+)$")


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


class RegisterLink(Struct, frozen=True):
    relation: str  # reconsiders | rescinds | amends | reconsidered-by | rescinded-by | amended-by
    id: str  # the other decision's register id
    session: str = ""  # the session file where the link was made
    date: str = ""


class RegisterNotice(Struct, frozen=True):
    kind: str  # rescind | amend
    mover: str  # member id
    mover_name: str
    text: str
    session: str
    date: str
    at: float


class HistoryEntry(Struct, frozen=True):
    change: str  # decided | notice | executed | reconsidered | rescinded | amended
    status: str  # the decision's status after the change
    date: str
    session: str
    at: float
    by: str = ""  # the register id that changed it
    text: str = ""


class RegisterEntry(Struct, frozen=True):
    id: str
    text: str
    session: str  # the session file's name
    title: str  # the session's title
    date: str  # the session's date, YYYY-MM-DD
    body: str
    kind: str  # vote | consensus | conflict
    method: str  # ballot kind, consensus method, or the ladder level of a conflict's outcome
    outcome: str  # adopted | rejected
    status: str  # adopted | rejected | amended | rescinded | superseded
    at: float
    proposal: str = ""
    item: str = ""
    matter: str = ""
    threshold: str = ""
    tally: dict[str, int] | None = None  # yes, no, abstain
    spread: dict[str, int] | None = None  # consensus category -> count
    roll: tuple[tuple[str, str, str], ...] = ()  # roll call: (member id, name, choice)
    participants: tuple[tuple[str, str], ...] = ()  # secret ballot or consensus: (member id, name)
    conflict: str = ""  # a conflict's binding outcome: its id in the session
    executed: bool = False
    executed_date: str = ""
    links: tuple[RegisterLink, ...] = ()
    notices: tuple[RegisterNotice, ...] = ()
    history: tuple[HistoryEntry, ...] = ()

    @property
    def successor(self) -> str:
        """The register id that rescinded, amended or superseded this decision ("" if none)."""
        later = [link.id for link in self.links if link.relation in revisit.INVERSE.values()]
        return later[-1] if later else ""

    def info(self) -> revisit.DecisionInfo:
        """What the domain needs to judge reopening this decision."""
        return revisit.DecisionInfo(
            register_id=self.id,
            text=self.text,
            outcome=self.outcome,
            status=self.status,
            kind=self.kind,
            method=self.method,
            date=self.date,
            at=self.at,
            session=self.session,
            body=self.body,
            matter=self.matter,
            proposal=self.proposal,
            threshold=self.threshold,
            executed=self.executed,
            executed_date=self.executed_date,
            successor=self.successor,
            roll=tuple((member, choice) for member, _name, choice in self.roll),
            participants=tuple(member for member, _name in self.participants),
            notices=tuple(
                revisit.Notice(self.id, n.kind, n.mover, n.text, n.at, n.session, n.date) for n in self.notices
            ),
        )


class DamagedSession(Struct, frozen=True):
    file: str
    reason: str


# ---------------------------------------------------------------------------------------------
# One session's extract (what the cache keeps per session file)
# ---------------------------------------------------------------------------------------------


def session_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.name != REGISTER_FILE and not p.name.startswith("."))


def _day(state: SessionState) -> str:
    return revisit.session_day(state)


def extract_state(state: SessionState) -> dict[str, Any]:
    """The register's view of one session: its decisions, motions, notices and executed marks."""
    names = {mid: m.name for mid, m in state.members.items()}
    for m in state.committee.members:
        names.setdefault(m.id, m.name)
    decisions = []
    for d in state.decisions.records:
        if not d.register_id or d.outcome not in ("adopted", "rejected"):
            continue
        participants = revisit.participants_of(state, d)
        decisions.append(
            {
                "id": d.register_id,
                "text": d.text,
                "kind": d.kind,
                "method": d.method,
                "outcome": d.outcome,
                "at": d.at,
                "proposal": d.proposal,
                "item": d.item,
                "matter": d.matter,
                "threshold": d.threshold,
                "tally": None if d.tally is None else {"yes": d.tally.yes, "no": d.tally.no, "abstain": d.tally.abstain},
                "spread": dict(d.spread) if d.kind == "consensus" else None,
                "roll": [[e.member, names.get(e.member, e.member), e.choice] for e in d.roll if not e.proxy_for],
                "participants": [[m, names.get(m, m)] for m in participants],
                "conflict": "",
            }
        )
    for cd in state.conflicts.decisions:
        decisions.append(
            {
                "id": cd.register_id,
                "text": cd.text,
                "kind": "conflict",
                "method": cd.level_name,
                "outcome": "adopted",
                "at": cd.at,
                "proposal": cd.subject if cd.subject in state.decisions.proposals else "",
                "item": cd.subject if cd.subject in state.items else "",
                "matter": "",
                "threshold": "",
                "tally": None,
                "spread": None,
                "roll": [],
                "participants": [],
                "conflict": cd.conflict,
            }
        )
    adopted = {link.proposal: link.new_id for link in revisit.links(state)}
    decided_at = {d.proposal: d.at for d in state.decisions.records if d.outcome == "adopted"}
    motions = [
        {
            "proposal": m.proposal,
            "target": m.register_id,
            "kind": m.kind,
            "relation": m.relation,
            "new_id": adopted.get(m.proposal, ""),
            "at": decided_at.get(m.proposal, m.at),
            "mover": m.mover,
            "basis": m.basis,
        }
        for m in state.revisits.motions.values()
    ]
    notices = [
        {"target": n.register_id, "kind": n.kind, "mover": n.mover, "mover_name": names.get(n.mover, n.mover), "text": n.text, "at": n.at}
        for n in state.revisits.notices
    ]
    executed = [{"target": x.register_id, "note": x.note, "at": x.at} for x in state.revisits.executed.values()]
    return {
        "damaged": "",
        "title": state.title,
        "date": _day(state),
        "body": state.committee.body,
        "opened_at": state.opened_at,
        "decisions": decisions,
        "motions": motions,
        "notices": notices,
        "executed": executed,
    }


def extract_file(path: Path) -> dict[str, Any]:
    """Replay one session file read-only; a damaged one gives {"damaged": reason}."""
    try:
        stat = path.stat()
    except OSError as error:
        return {"mtime_ns": 0, "size": -1, "damaged": str(error.strerror or error)}
    base = {"mtime_ns": stat.st_mtime_ns, "size": stat.st_size}
    try:
        with SessionFile.open(path, read_only=True) as file:
            raw = file.events()
        # The loader's own checks (the app opens the file the same way): a file it rejects is
        # skipped with its reason, never folded blindly.
        state = replay(raw)
        return {**base, **extract_state(state)}
    except DamagedSessionFile as damaged:
        return {**base, "damaged": damaged.reason}
    except ReplayError as error:
        return {**base, "damaged": error.reason}
    except OSError as error:
        return {**base, "damaged": str(error.strerror or error)}
    except Exception as error:  # noqa: BLE001 - whatever a crafted file does, it is skipped, never a traceback
        return {**base, "damaged": _("its events cannot be replayed ({error})", error=error)}


# ---------------------------------------------------------------------------------------------
# Assembling the register from the extracts
# ---------------------------------------------------------------------------------------------


_CHANGES = {"rescinds": "rescinded", "amends": "amended", "reconsiders": "reconsidered"}


def _assemble(extracts: dict[str, dict[str, Any]]) -> tuple[list[RegisterEntry], list[DamagedSession], list[tuple[str, str]]]:
    damaged = [DamagedSession(name, x["damaged"]) for name, x in sorted(extracts.items()) if x.get("damaged")]
    good = [(name, x) for name, x in extracts.items() if not x.get("damaged")]
    good.sort(key=lambda pair: (pair[1].get("date", ""), pair[1].get("opened_at", 0.0), pair[0]))
    entries: dict[str, dict[str, Any]] = {}
    duplicates: list[tuple[str, str]] = []
    happenings: list[tuple[int, float, int, str, dict[str, Any], str, str]] = []
    for order, (name, x) in enumerate(good):
        date = x.get("date", "")
        for d in x.get("decisions", ()):
            if d["id"] in entries:
                duplicates.append((d["id"], name))  # a register id given twice: the first one stands
                continue
            entries[d["id"]] = {
                "id": d["id"],
                "text": d.get("text", ""),
                "session": name,
                "title": x.get("title", ""),
                "date": date,
                "body": x.get("body", ""),
                "kind": d.get("kind", "vote"),
                "method": d.get("method", ""),
                "outcome": d.get("outcome", "adopted"),
                "status": d.get("outcome", "adopted"),
                "at": d.get("at", 0.0),
                "proposal": d.get("proposal", ""),
                "item": d.get("item", ""),
                "matter": d.get("matter", ""),
                "threshold": d.get("threshold", ""),
                "tally": d.get("tally"),
                "spread": d.get("spread"),
                "roll": tuple(tuple(r) for r in d.get("roll", ())),
                "participants": tuple(tuple(p) for p in d.get("participants", ())),
                "conflict": d.get("conflict", ""),
                "executed": False,
                "executed_date": "",
                "links": [],
                "notices": [],
                "history": [HistoryEntry("decided", d.get("outcome", "adopted"), date, name, d.get("at", 0.0))],
            }
        for kind in ("notices", "executed", "motions"):
            for i, h in enumerate(x.get(kind, ())):
                happenings.append((order, h.get("at", 0.0), i, kind, h, name, date))
    happenings.sort(key=lambda h: (h[0], h[1], ("notices", "executed", "motions").index(h[3]), h[2]))
    for _order, at, _i, kind, h, name, date in happenings:
        target = entries.get(h.get("target", ""))
        if kind == "notices" and target is not None:
            notice = RegisterNotice(h["kind"], h.get("mover", ""), h.get("mover_name", ""), h.get("text", ""), name, date, at)
            target["notices"].append(notice)
            target["history"].append(HistoryEntry("notice", target["status"], date, name, at, "", h.get("text", "")))
        elif kind == "executed" and target is not None:
            target["executed"] = True
            target["executed_date"] = date
            target["history"].append(HistoryEntry("executed", target["status"], date, name, at, "", h.get("note", "")))
        elif kind == "motions" and h.get("new_id"):
            relation = h.get("relation", "")
            new = entries.get(h["new_id"])
            if new is not None:
                new["links"].append(RegisterLink(relation, h.get("target", ""), name, date))
            if target is not None and relation in revisit.STATUS_AFTER:
                target["status"] = revisit.STATUS_AFTER[relation]
                target["links"].append(RegisterLink(revisit.INVERSE[relation], h["new_id"], name, date))
                change = _CHANGES[relation]
                target["history"].append(HistoryEntry(change, target["status"], date, name, at, h["new_id"]))
    out = [
        RegisterEntry(**{**e, "links": tuple(e["links"]), "notices": tuple(e["notices"]), "history": tuple(e["history"])})
        for e in entries.values()
    ]
    return out, damaged, duplicates


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------


def _fold_text(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass  # not a Struct: its database is left out of == and repr (field(compare=False))
class Register:
    folder: Path
    entries: list[RegisterEntry] = field(default_factory=list)  # in the order decided
    damaged: list[DamagedSession] = field(default_factory=list)  # skipped session files
    reread: list[str] = field(default_factory=list)  # session files read again on this load
    rebuilt: bool = False  # the cache was missing or unreadable: every session was read
    cache_problem: str = ""  # why the cache could not be used ("" if it could, or was missing)
    write_error: str = ""  # why register.json could not be written ("" if it was, or need not be)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (register id, session file) given again
    db: TinyDB | None = field(default=None, repr=False, compare=False)  # the database queried

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(
        cls, workspace: Any, slug: str | None = None, *, write: bool = True, known: Mapping[str, SessionState] | None = None
    ) -> Register:
        """The register of committee `slug` of `workspace` (a `Workspace`, or with `slug=None`
        the committee's folder itself), from `register.json` where it is fresh, re-reading the
        sessions that are not. Writes the refreshed database atomically (unless `write=False`).
        `known`: sessions already replayed (file name: its state, as its controller holds it),
        taken as they are instead of being read again (the open session, from the app)."""
        folder = Path(workspace) if slug is None else Path(workspace.committee_dir(slug))
        index = folder / REGISTER_FILE
        db, problem = open_database(index)
        cached = None if db is None else {doc["file"]: dict(doc) for doc in db.table("sessions").all()}
        index_mtime = _mtime(index) if cached is not None else None
        extracts: dict[str, dict[str, Any]] = {}
        reread: list[str] = []
        for path in session_files(folder):
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since the listing
            old = (cached or {}).get(path.name)
            fresh = (
                old is not None
                and old.get("mtime_ns") == stat.st_mtime_ns
                and old.get("size") == stat.st_size
                and (index_mtime is None or stat.st_mtime_ns <= index_mtime)
            )
            if fresh:
                extracts[path.name] = {k: v for k, v in old.items() if k != "file"}
            elif known and path.name in known:
                extracts[path.name] = {"mtime_ns": stat.st_mtime_ns, "size": stat.st_size, **extract_state(known[path.name])}
                reread.append(path.name)
            else:
                extracts[path.name] = extract_file(path)
                reread.append(path.name)
        changed = db is None or bool(reread) or set(cached or {}) != set(extracts)
        if not changed:
            # fresh: the decisions are the database's documents (the duplicates are recomputed)
            entries = [entry_from_document(doc) for doc in db.table("entries").all()]
            damaged = [DamagedSession(name, x["damaged"]) for name, x in sorted(extracts.items()) if x.get("damaged")]
            duplicates = [tuple(pair) for pair in db.table("meta").all()[0].get("duplicates", [])]
            return cls(folder, entries, damaged, [], rebuilt=False, cache_problem=problem, duplicates=duplicates, db=db)
        entries, damaged, duplicates = _assemble(extracts)
        tables = _tables(extracts, entries, duplicates)
        register = cls(folder, entries, damaged, reread, rebuilt=db is None, cache_problem=problem, duplicates=duplicates)
        if write and folder.is_dir():
            try:
                write_database(index, tables)
                register.db, _problem = open_database(index)
            except (OSError, ValueError) as error:
                register.write_error = str(getattr(error, "strerror", None) or error)
        if register.db is None:  # not written (read-only folder, write=False): the same tables in memory
            register.db = memory_database(tables)
        return register

    @classmethod
    def from_extracts(cls, folder: Path, extracts: dict[str, dict[str, Any]]) -> Register:
        """A register of these session extracts (as `extract_file` gives them), in memory."""
        entries, damaged, duplicates = _assemble(extracts)
        db = memory_database(_tables(extracts, entries, duplicates))
        return cls(Path(folder), entries, damaged, list(extracts), duplicates=duplicates, db=db)

    # -- browsing (TinyDB queries over the `entries` table) -----------------------------------

    def _found(self, docs: list[dict[str, Any]]) -> list[RegisterEntry]:
        by_id = {e.id: e for e in self.entries}
        return [by_id[doc["id"]] for doc in docs if doc.get("id") in by_id]

    def get(self, register_id: str) -> RegisterEntry | None:
        wanted = (register_id or "").strip().upper()
        if not wanted or self.db is None:
            return None
        found = self._found(self.db.table("entries").search(Query().key == wanted))
        return found[0] if found else None

    def search(
        self,
        text: str | None = None,
        id: str | None = None,
        status: str | Iterable[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        body: str | None = None,
        kind: str | Iterable[str] | None = None,
    ) -> list[RegisterEntry]:
        """Entries matching every criterion given: `text` (every word, case-insensitive, in the
        decision's text or its session's title), `id` (part of the register id), `status` (one
        or several), dates (YYYY-MM-DD, inclusive), `body` (executive, strategic...), `kind`
        (vote, consensus, conflict; one or several). Dates must be valid (`parse_date`)."""
        if self.db is None:
            return []
        return self._found(self.db.table("entries").search(query(text, id, status, date_from, date_to, body, kind)))

    def history(self, register_id: str) -> list[HistoryEntry]:
        """How a decision's status came to be: decided, notices, executed, rescinded... in order."""
        entry = self.get(register_id)
        return list(entry.history) if entry else []

    def next_number(self, prefix: str, year: int, *, extra_ids: Iterable[str] = ()) -> int:
        """The next free number for register ids `PREFIX-YEAR-NNN` (1 + the highest in use, also
        counting `extra_ids`, e.g. the ids already given in the open session)."""
        highest = 0
        for rid in [e.id for e in self.entries] + list(extra_ids):
            match = _ID.match(rid)
            if match and match["prefix"] == prefix and int(match["year"]) == year:
                highest = max(highest, int(match["number"]))
        return highest + 1

    def next_number_for(self, state: SessionState) -> int:
        """The `register_number` to pass to `close_vote`, `close_round` or `conflicts.decide`."""
        floor = self.next_number(register_prefix(state.committee.body), session_year(state))
        return next_register_number(state, floor)  # the domain's one rule, over this session's own ids

    def view(self, *, exclude: str | Path | None = None, previous_session: str | Path | None = None) -> revisit.RegisterView:
        """The domain's view: entries of every session but `exclude` (the open session's file),
        and the file name of the session held just before it (where notice must be given)."""
        skip = Path(exclude).name if exclude else ""
        entries = {}
        for e in self.entries:
            if e.session == skip:
                continue
            info = e.info()
            if skip and any(n.session == skip for n in info.notices):
                # a notice given in the open session counts only at the next one
                info = replace(info, notices=tuple(n for n in info.notices if n.session != skip))
            entries[e.id] = info
        previous = Path(previous_session).name if previous_session else ""
        return revisit.RegisterView(entries, previous)


def view_for_session(workspace: Any, slug: str, session_path: Path, register: Register | None = None) -> revisit.RegisterView:
    """The `RegisterView` for commands of the session in `session_path`: the committee's other
    sessions, with the previous session (`Workspace.previous_session`) named for notices."""
    register = register or Register.load(workspace, slug)
    previous = workspace.previous_session(slug, Path(session_path))
    return register.view(exclude=session_path, previous_session=previous.path if previous else None)


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def _one_or_many(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None or value == "":
        return None
    return [value] if isinstance(value, str) else [v for v in value]


def query(
    text: str | None = None,
    id: str | None = None,
    status: str | Iterable[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    body: str | None = None,
    kind: str | Iterable[str] | None = None,
):
    """The TinyDB query for these criteria over the `entries` table (every document matches
    when none is given)."""
    entry = Query()
    parts = []
    words = _fold_text(text).split() if text else []
    if words:
        parts.append(entry.words.test(lambda haystack: all(w in haystack for w in words)))
    wanted_id = (id or "").strip().upper()
    if wanted_id:
        parts.append(entry.key.test(lambda key: wanted_id in key))
    statuses = _one_or_many(status)
    if statuses is not None:
        parts.append(entry.status.one_of(statuses))
    if date_from:
        parts.append(entry.date >= date_from)
    if date_to:
        parts.append(entry.date <= date_to)
    if body:
        parts.append(entry.body.test(lambda b: _fold_text(b) == _fold_text(body)))
    kinds = _one_or_many(kind)
    if kinds is not None:
        parts.append(entry.kind.one_of(kinds))
    if not parts:
        return entry.noop()
    out = parts[0]
    for part in parts[1:]:
        out = out & part
    return out


# ---------------------------------------------------------------------------------------------
# register.json: the TinyDB database
# ---------------------------------------------------------------------------------------------


class _ReadOnlyJSON(Storage):
    """TinyDB storage that reads a JSON file once and keeps it in memory; never writes (the
    register is replaced as a whole, atomically, by `write_database`)."""

    def __init__(self, path: str | Path) -> None:
        with open(path, encoding="utf-8") as handle:
            self._data = json.load(handle)
        if not isinstance(self._data, dict):
            raise ValueError("not a JSON object")

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data  # in memory only


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def open_database(path: Path) -> tuple[TinyDB | None, str]:
    """The register database in `path`, checked, or (None, why not) — "" when there is none."""
    damaged = _("register.json is damaged; rebuilt from the sessions.")
    try:
        db = TinyDB(path, storage=_ReadOnlyJSON)
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError) as error:
        return None, _("register.json cannot be read ({error}); rebuilt from the sessions.", error=error)
    except ValueError as error:
        return None, _("register.json is not valid JSON ({error}); rebuilt from the sessions.", error=error)
    try:
        meta = db.table("meta").all()
        if len(meta) != 1 or meta[0].get("format") != FORMAT:
            return None, _("register.json is not a register this version reads; rebuilt from the sessions.")
        for doc in db.table("sessions").all():
            name = doc.get("file")
            if not isinstance(name, str) or not isinstance(doc.get("mtime_ns"), int) or not isinstance(doc.get("size"), int):
                return None, _("register.json is damaged (the entry of {name}); rebuilt from the sessions.", name=name)
            if not doc.get("damaged") and not all(isinstance(doc.get(k), list) for k in ("decisions", "motions", "notices", "executed")):
                return None, _("register.json is damaged (the entry of {name}); rebuilt from the sessions.", name=name)
        for doc in db.table("entries").all():
            entry_from_document(doc)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, damaged
    return db, ""


def _tables(
    extracts: dict[str, dict[str, Any]], entries: list[RegisterEntry], duplicates: list[tuple[str, str]]
) -> dict[str, list[dict[str, Any]]]:
    note = "Decision register (TinyDB), rebuilt from the session files whenever they change. Do not edit."
    return {
        "meta": [{"format": FORMAT, "note": note, "duplicates": [list(pair) for pair in duplicates]}],
        "sessions": [{"file": name, **extract} for name, extract in extracts.items()],
        "entries": [entry_document(e) for e in entries],
    }


def memory_database(tables: dict[str, list[dict[str, Any]]]) -> TinyDB:
    db = TinyDB(storage=MemoryStorage)
    for name, docs in tables.items():
        db.table(name).insert_multiple(docs)
    return db


def write_database(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Write a new register database to a temp file with TinyDB's JSONStorage (one TinyDB
    object, closed before the rename), then rename it over `path`."""
    temp = temp_path_for(path)
    try:
        db = TinyDB(temp, storage=JSONStorage, ensure_ascii=False, indent=1)
        try:
            for name, docs in tables.items():
                db.table(name).insert_multiple(docs)  # JSONStorage writes and fsyncs each table
        finally:
            db.close()
        os.replace(temp, path)
        fsync_directory(path.parent)
    finally:
        temp.unlink(missing_ok=True)


def entry_document(entry: RegisterEntry) -> dict[str, Any]:
    """A register entry as a TinyDB document: its fields, plus `key` (the id in capitals) and
    `words` (its text and session title, case-folded) for the queries."""
    doc = to_builtins(entry)
    doc["key"] = entry.id.upper()
    doc["words"] = _fold_text(entry.text + " " + entry.title)
    return doc


def entry_from_document(doc: dict[str, Any]) -> RegisterEntry:
    fields = {k: v for k, v in doc.items() if k not in ("key", "words")}
    fields["roll"] = tuple(tuple(r) for r in fields.get("roll", ()))
    fields["participants"] = tuple(tuple(p) for p in fields.get("participants", ()))
    fields["links"] = tuple(RegisterLink(**link) for link in fields.get("links", ()))
    fields["notices"] = tuple(RegisterNotice(**n) for n in fields.get("notices", ()))
    fields["history"] = tuple(HistoryEntry(**h) for h in fields.get("history", ()))
    return RegisterEntry(**fields)


# ---------------------------------------------------------------------------------------------
# meeting-tui register COMMITTEE [--search TEXT] [--id ID] [--status S] ... [--json]
# ---------------------------------------------------------------------------------------------


class RegisterCommandError(Exception):
    """What `meeting-tui register` prints instead of a list (exit 1)."""


def criteria_from(
    *,
    text: str | None = None,
    id: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    body: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """The search criteria as typed (on the command line or the register screen), checked and
    normalised: dates through `dates.parse_date`, status and kind among the known ones. Raises
    `RegisterCommandError` with a message that says what to type instead."""
    from meeting_tui.domain import dates
    from meeting_tui.domain.errors import Refusal

    out: dict[str, Any] = {"text": (text or "").strip() or None, "id": (id or "").strip() or None, "body": (body or "").strip() or None}
    for key, value, which in (("date_from", date_from, "--from"), ("date_to", date_to, "--to")):
        value = (value or "").strip()
        if not value:
            out[key] = None
            continue
        try:
            out[key] = dates.normalize_date(value)
        except Refusal as refusal:
            raise RegisterCommandError(_("{option}: {problem}", option=which, problem=refusal.message)) from None
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        raise RegisterCommandError(
            _("The date range is empty: {start} is after {end}. Give the earlier date first.", start=out["date_from"], end=out["date_to"])
        )
    status = (status or "").strip().lower()
    if status and status not in revisit.STATUSES:
        raise RegisterCommandError(
            _("There is no status '{status}'. Use one of: {choices}.", status=status, choices=join(revisit.STATUSES))
        )
    out["status"] = status or None
    kind = (kind or "").strip().lower()
    if kind and kind not in KINDS:
        raise RegisterCommandError(_("There is no kind '{kind}'. Use one of: {choices}.", kind=kind, choices=join(KINDS)))
    out["kind"] = kind or None
    return out


def _committee_folder(data_dir: Path, committee: str) -> Path:
    """The folder of `committee`: a folder name in the data directory, or a path to a
    committee's folder or its committee.toml."""
    given = Path(committee).expanduser()
    candidates = [Path(data_dir) / committee] if committee and "/" not in committee and "\\" not in committee else []
    candidates += [given.parent if given.name == "committee.toml" else given]
    for folder in candidates:
        if (folder / "committee.toml").is_file():
            return folder
    known = sorted(p.name for p in Path(data_dir).iterdir() if (p / "committee.toml").is_file()) if Path(data_dir).is_dir() else []
    if known:
        raise RegisterCommandError(
            _("There is no committee '{name}' in {dir}. Committees there: {known}.", name=committee, dir=data_dir, known=join(known))
        )
    raise RegisterCommandError(
        _("There is no committee '{name}' in {dir}, which has no committees. Give --data-dir, or create one with `meeting-tui`.", name=committee, dir=data_dir)
    )


def entry_json(entry: RegisterEntry) -> dict[str, Any]:
    doc = to_builtins(entry)
    doc["successor"] = entry.successor
    return doc


def register_command(args: Any, out, err) -> int:
    """`meeting-tui register COMMITTEE [--search TEXT] [--id ID] [--status S] [--body B]
    [--from DATE] [--to DATE] [--kind K] [--json]`: the decisions matching every criterion, one
    a line (or a JSON list); exit 1 with a message, never a traceback, when it cannot."""
    from meeting_tui.charter.values import visible
    from meeting_tui.settings import default_data_dir

    data_dir = default_data_dir(getattr(args, "data_dir", None))
    try:
        criteria = criteria_from(
            text=args.search, id=args.id, status=args.status, date_from=args.date_from, date_to=args.date_to, body=args.body, kind=args.kind
        )
        folder = _committee_folder(data_dir, args.committee)
    except RegisterCommandError as error:
        print(f"meeting-tui: {error}", file=err)
        return 1
    try:
        register = Register.load(folder)
    except OSError as error:
        print("meeting-tui: " + _("The register of {path} cannot be read: {error}", path=folder, error=error.strerror or error), file=err)
        return 1
    for damaged in register.damaged:
        print(_("Skipped (damaged, left untouched): {file}: {reason}", file=damaged.file, reason=damaged.reason), file=err)
    if register.write_error:
        print(_("register.json could not be written: {error}", error=register.write_error), file=err)
    found = register.search(**criteria)
    if getattr(args, "json", False):
        print(json.dumps([entry_json(e) for e in found], ensure_ascii=False, indent=1), file=out)
        return 0
    if not found:
        print(ngettext("No decision matches ({n} in the register).", "No decision matches ({n} in the register).", len(register.entries)), file=out)
        return 0
    for e in found:
        line = "  ".join((e.id, e.date, revisit.status_label(e.status), e.body, e.kind, " ".join(e.text.split())))
        print(visible(line), file=out)
    print(ngettext("{found} of {n} decision.", "{found} of {n} decisions.", len(register.entries), found=len(found)), file=out)
    return 0

