"""The committee-wide decision register (PROCEDURE.md: Revisiting decisions; ARCHITECTURE.md:
`<committee>/register.json`, rebuildable from the sessions).

Every adopted or rejected decision of every session of a committee, by its register id
(`EXE-2026-014`): its text, session file, date, body, method, tally or consensus spread,
status (adopted, rejected, amended, rescinded, superseded), links (`rescinds EXE-2026-003`,
`rescinded-by EXE-2026-021`), notices of motion, the executed flag, and the history of its
status changes. Binding outcomes of a conflict's escalation ladder are decisions too.

The register is built by replaying each session file (read-only: never locked, never written)
and cached in `register.json`, written atomically. The cache keeps one extract per session
file with the file's size and modification time: a session file that changed (or is newer than
the cache), appeared or disappeared is read again, the rest is reused; a missing or unreadable
cache is rebuilt from every session. A damaged session file is skipped and reported in
`Register.damaged`, and never modified.

Reading many files: call `Register.load` from a Textual worker, not on the UI thread.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from meeting_tui.domain import revisit
from meeting_tui.domain.decisions import next_register_number, register_prefix, session_year
from meeting_tui.domain.events import Event
from meeting_tui.domain.session import SessionState, fold
from meeting_tui.i18n import _
from meeting_tui.store import DamagedSessionFile, SessionFile, atomic_write_text

REGISTER_FILE = "register.json"
FORMAT = 1

_ID = re.compile(r"^(?P<prefix>.+)-(?P<year>\d{4})-(?P<number>\d+)$")


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLink:
    relation: str  # reconsiders | rescinds | amends | reconsidered-by | rescinded-by | amended-by
    id: str  # the other decision's register id
    session: str = ""  # the session file where the link was made
    date: str = ""


@dataclass(frozen=True)
class RegisterNotice:
    kind: str  # rescind | amend
    mover: str  # member id
    mover_name: str
    text: str
    session: str
    date: str
    at: float


@dataclass(frozen=True)
class HistoryEntry:
    change: str  # decided | notice | executed | reconsidered | rescinded | amended
    status: str  # the decision's status after the change
    date: str
    session: str
    at: float
    by: str = ""  # the register id that changed it
    text: str = ""


@dataclass(frozen=True)
class RegisterEntry:
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


@dataclass(frozen=True)
class DamagedSession:
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
        state = fold(Event.from_dict(event) for event in raw)
        return {**base, **extract_state(state)}
    except DamagedSessionFile as damaged:
        return {**base, "damaged": damaged.reason}
    except OSError as error:
        return {**base, "damaged": str(error.strerror or error)}
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
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


@dataclass
class Register:
    folder: Path
    entries: list[RegisterEntry] = field(default_factory=list)  # in the order decided
    damaged: list[DamagedSession] = field(default_factory=list)  # skipped session files
    reread: list[str] = field(default_factory=list)  # session files read again on this load
    rebuilt: bool = False  # the cache was missing or unreadable: every session was read
    cache_problem: str = ""  # why the cache could not be used ("" if it could, or was missing)
    write_error: str = ""  # why register.json could not be written ("" if it was, or need not be)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (register id, session file) given again

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, workspace: Any, slug: str | None = None, *, write: bool = True) -> Register:
        """The register of committee `slug` of `workspace` (a `Workspace`, or with `slug=None`
        the committee's folder itself), from `register.json` where it is fresh, re-reading the
        sessions that are not. Writes the refreshed cache atomically (unless `write=False`)."""
        folder = Path(workspace) if slug is None else Path(workspace.committee_dir(slug))
        index = folder / REGISTER_FILE
        cached, problem = _read_index(index)
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
                extracts[path.name] = old
            else:
                extracts[path.name] = extract_file(path)
                reread.append(path.name)
        entries, damaged, duplicates = _assemble(extracts)
        register = cls(
            folder,
            entries,
            damaged,
            reread,
            rebuilt=cached is None,
            cache_problem=problem,
            duplicates=duplicates,
        )
        changed = cached is None or bool(reread) or set(cached) != set(extracts)
        if write and changed and folder.is_dir():
            try:
                atomic_write_text(index, _index_text(extracts, entries))
            except OSError as error:
                register.write_error = str(error.strerror or error)
        return register

    # -- browsing -----------------------------------------------------------------------------

    def get(self, register_id: str) -> RegisterEntry | None:
        wanted = (register_id or "").strip().upper()
        return next((e for e in self.entries if e.id.upper() == wanted), None)

    def search(
        self,
        text: str | None = None,
        id: str | None = None,
        status: str | Iterable[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        body: str | None = None,
    ) -> list[RegisterEntry]:
        """Entries matching every criterion given: `text` (every word, case-insensitive, in the
        decision's text or its session's title), `id` (part of the register id), `status` (one
        or several), dates (YYYY-MM-DD, inclusive), `body` (executive, strategic...)."""
        words = _fold_text(text).split() if text else []
        wanted_id = (id or "").strip().upper()
        statuses = {status} if isinstance(status, str) else set(status) if status is not None else None
        out = []
        for e in self.entries:
            haystack = _fold_text(e.text + " " + e.title)
            if words and not all(w in haystack for w in words):
                continue
            if wanted_id and wanted_id not in e.id.upper():
                continue
            if statuses is not None and e.status not in statuses:
                continue
            if date_from and e.date < date_from:
                continue
            if date_to and e.date > date_to:
                continue
            if body and e.body != body:
                continue
            out.append(e)
        return out

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
# register.json
# ---------------------------------------------------------------------------------------------


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _read_index(path: Path) -> tuple[dict[str, dict[str, Any]] | None, str]:
    """The cached extracts by session file, or (None, why not) — "" when there is no cache."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError) as error:
        return None, _("register.json cannot be read ({error}); rebuilt from the sessions.", error=error)
    try:
        data = json.loads(raw)
    except ValueError as error:
        return None, _("register.json is not valid JSON ({error}); rebuilt from the sessions.", error=error)
    sessions = data.get("sessions") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(sessions, dict):
        return None, _("register.json is not a register this version reads; rebuilt from the sessions.")
    for name, extract in sessions.items():
        if not isinstance(extract, dict) or not isinstance(extract.get("mtime_ns"), int) or not isinstance(extract.get("size"), int):
            return None, _("register.json is damaged (the entry of {name}); rebuilt from the sessions.", name=name)
        if not extract.get("damaged") and not all(isinstance(extract.get(k), list) for k in ("decisions", "motions", "notices", "executed")):
            return None, _("register.json is damaged (the entry of {name}); rebuilt from the sessions.", name=name)
    return sessions, ""


def _index_text(extracts: dict[str, dict[str, Any]], entries: list[RegisterEntry]) -> str:
    data = {
        "format": FORMAT,
        "note": "Decision register, rebuilt from the session files whenever they change. Do not edit.",
        "entries": [asdict(e) for e in entries],
        "sessions": extracts,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
