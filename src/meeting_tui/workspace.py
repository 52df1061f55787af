"""The data directory: committees, their agendas and their sessions (ARCHITECTURE.md).

```
<data-dir>/<committee-slug>/committee.toml
<data-dir>/<committee-slug>/agendas/<slug>.toml
<data-dir>/<committee-slug>/<date>-<slug>.json      one session's event log
```
Listing reads each session file's first and last lines (a bounded tail), and replays the file
with the loader's checks once per version of it (remembered by size and modification time), so
a directory of hundreds of sessions lists quickly and a file the app would refuse to open is
listed as damaged, with its reason, and never touched.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from meeting_tui.domain.actions import MINUTES_APPROVED
from meeting_tui.domain.model import Agenda, AgendaItem, Committee
from meeting_tui.domain.replay import ReplayError, replay
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _, pgettext
from meeting_tui.settings import ENV_HOME, default_data_dir  # noqa: F401  (part of this module's API)
from meeting_tui.slugs import slug
from meeting_tui.store import DamagedSessionFile, SessionFile, atomic_write_text, open_regular, peek
from meeting_tui.store.atomic import make_dirs_durably

if TYPE_CHECKING:
    from meeting_tui.charter import Problem

DEMO_COMMITTEES = {"demo-executive": "executive.toml", "demo-strategic": "strategic.toml"}
DEMO_AGENDAS = {"demo-executive": {"monthly-meeting.toml": "agenda-executive.toml"}}


class WorkspaceError(Exception):
    """The data directory cannot be used; the message says why and what to do."""


def slug_for(text: str, fallback: str) -> str:
    """A readable file-name slug (Arabic kept as Arabic), never empty."""
    return slug(text, fallback)


class SessionEntry(Struct, frozen=True):
    path: Path
    committee: str
    title: str = ""
    date: str = ""
    closed: bool = False
    damaged: str = ""  # the reason, when the file cannot be read

    @property
    def status(self) -> str:
        if self.damaged:
            return pgettext("session", "damaged")
        return pgettext("session", "closed") if self.closed else pgettext("session", "open")


class CommitteeEntry(Struct, frozen=True):
    slug: str
    path: Path
    committee: Committee | None
    problems: tuple[Problem, ...] = ()
    sessions: tuple[SessionEntry, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.committee.name if self.committee else self.slug

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class AgendaEntry(Struct, frozen=True):
    path: Path
    agenda: Agenda | None
    problems: tuple[Problem, ...] = ()

    @property
    def title(self) -> str:
        return self.agenda.title if self.agenda else self.path.stem


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def ensure(self) -> None:
        """Create the data directory if needed; refuse clearly if it cannot be written."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(
                _(
                    "Cannot create the data directory {path}: {error}. Choose another with --data-dir or {env}.",
                    path=self.root,
                    error=error.strerror or error,
                    env=ENV_HOME,
                )
            ) from None
        if not self.root.is_dir():
            raise WorkspaceError(_("{path} is not a directory. Choose another with --data-dir.", path=self.root))
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise WorkspaceError(
                _("The data directory {path} is read-only. Choose another with --data-dir.", path=self.root)
            )

    def committee_dir(self, slug: str) -> Path:
        return self.root / slug

    def outside_problem(self, slug: str) -> str | None:
        """Why sessions and minutes must not be written in the committee's folder (it is a
        link to a place outside the data directory, as `export -o` refuses), or None."""
        folder = self.committee_dir(slug)
        if Path(os.path.realpath(folder)).is_relative_to(Path(os.path.realpath(self.root))):
            return None
        return _(
            "The committee folder {path} leads outside the data directory {root}; sessions and minutes are written inside it. Replace the link with a folder.",
            path=folder,
            root=self.root,
        )

    # -- committees and agendas ---------------------------------------------------------------

    def committees(self, with_sessions: bool = True) -> list[CommitteeEntry]:
        if not self.root.is_dir():
            return []
        out = []
        for folder in sorted(p for p in self.root.iterdir() if (p / "committee.toml").is_file()):
            out.append(self.committee(folder.name, with_sessions=with_sessions))
        return out

    def committee(self, slug: str, with_sessions: bool = True) -> CommitteeEntry:
        from meeting_tui.charter import (
            load_committee,  # not before the first frame (issue #17)
        )

        path = self.committee_dir(slug) / "committee.toml"
        result = load_committee(path, slug=slug)
        sessions = tuple(self.sessions(slug)) if with_sessions else ()
        return CommitteeEntry(slug, path, result.value, tuple(result.problems), sessions)

    def agendas(self, slug: str, committee: Committee | None = None) -> list[AgendaEntry]:
        """The committee's agendas, each checked against its roster."""
        from meeting_tui.charter import load_agenda

        folder = self.committee_dir(slug) / "agendas"
        if not folder.is_dir():
            return []
        if committee is None:
            committee = self.committee(slug, with_sessions=False).committee
        out = []
        for path in sorted(folder.glob("*.toml")):
            result = load_agenda(path, committee=committee)
            out.append(AgendaEntry(path, result.value, tuple(result.problems)))
        return out

    # -- sessions -----------------------------------------------------------------------------

    def sessions(self, slug: str, *, exclude: str = "", since: str = "") -> list[SessionEntry]:
        """The committee's session files, newest first, each checked as the app would open it
        (a replay, once per version of the file). `exclude` (a file name) and, with `since`
        (YYYY-MM-DD), the sessions dated before it are left out without being replayed."""
        folder = self.committee_dir(slug)
        out = []
        for path in sorted(folder.glob("*.json"), reverse=True):
            if path.name in ("register.json", exclude):
                continue
            try:
                summary = peek(path)
            except DamagedSessionFile as damaged:
                out.append(SessionEntry(path, slug, title=path.stem, damaged=damaged.reason))
                continue
            except OSError as error:
                out.append(SessionEntry(path, slug, title=path.stem, damaged=str(error.strerror or error)))
                continue
            if since and (str(summary.header.get("date", "")) or _session_date(path)) < since:
                continue
            problem = replay_problem(path)
            if problem:
                out.append(SessionEntry(path, slug, title=path.stem, damaged=problem))
                continue
            header = summary.header
            last = summary.last_event or {}
            out.append(
                SessionEntry(
                    path,
                    slug,
                    title=str(header.get("title", path.stem)),
                    date=str(header.get("date", "")),
                    closed=last.get("kind") == "session.closed",
                )
            )
        return out

    def new_session_path(self, slug: str, date: str, title: str) -> Path:
        """A free file name `<date>-<slug>.json`; never one that exists (nor its minutes)."""
        folder = self.committee_dir(slug)
        stem = f"{date}-{slug_for(title, 'session')}"
        candidate, n = stem, 1
        while any((folder / f"{candidate}{ext}").exists() for ext in (".json", ".md", ".html")):
            n += 1
            candidate = f"{stem}-{n}"
        return folder / f"{candidate}.json"

    # -- the built-in demo --------------------------------------------------------------------

    def install_demo(self) -> None:
        """Write the demo committees and agenda where missing. Never overwrites a file."""
        def example_text(name: str) -> str:  # the charter package only when a file is missing
            from meeting_tui.charter.examples import example_text

            return example_text(name)

        self.ensure()
        for committee_slug, example in DEMO_COMMITTEES.items():
            target = self.committee_dir(committee_slug) / "committee.toml"
            if not target.exists():
                make_dirs_durably(target.parent)  # a new committee folder: its parent is fsynced
                atomic_write_text(target, example_text(example))
            for name, agenda_example in DEMO_AGENDAS.get(committee_slug, {}).items():
                agenda_path = self.committee_dir(committee_slug) / "agendas" / name
                if not agenda_path.exists():
                    make_dirs_durably(agenda_path.parent)
                    atomic_write_text(agenda_path, example_text(agenda_example))

    # -- minutes: the previous session, approval of minutes -----------------------------------

    def previous_session(self, slug: str, before: Path) -> SessionEntry | None:
        """The committee's latest readable session held before `before` (a session file, which
        need not exist yet: a session about to be created comes after every existing one).

        Sessions are ordered by date; sessions of the same day by when they opened."""
        before = Path(before)
        own_date = _session_date(before)
        dated = [
            (entry.date or _session_date(entry.path), entry)
            for entry in self.sessions(slug)
            if not entry.damaged and entry.path.name != before.name
        ]
        same_day = [entry for date, entry in dated if date == own_date]
        if same_day and before.is_file():
            opened = _opened_at(before)
            same_day = [entry for entry in same_day if _opened_at(entry.path) < opened]
        if same_day:
            candidates = same_day
        else:
            earlier = [(date, entry) for date, entry in dated if date < own_date]
            if not earlier:
                return None
            latest = max(date for date, _entry in earlier)
            candidates = [entry for date, entry in earlier if date == latest]
        if len(candidates) == 1:
            return candidates[0]
        return max(candidates, key=lambda entry: (_opened_at(entry.path), entry.path.name))

    def approval_of(self, session_path: Path) -> dict | None:
        """How the minutes of `session_path` were approved: {"session", "title", "date", "at"}
        of the first later session of the same committee that recorded `minutes.approved`
        naming it, or None (still a draft). Reads many files: run it in a worker."""
        path = Path(session_path)
        own_date = _session_date(path)
        folder = Workspace(path.parent.parent)
        later = [entry for entry in folder.sessions(path.parent.name, exclude=path.name, since=own_date) if not entry.damaged]
        for entry in sorted(later, key=lambda e: (e.date or _session_date(e.path), e.path.name)):
            try:
                with SessionFile.open(entry.path, read_only=True) as file:
                    events = file.events()
            except (DamagedSessionFile, OSError):
                continue
            for event in events:
                data = event.get("data")
                if event.get("kind") == MINUTES_APPROVED and isinstance(data, dict) and data.get("session") == path.name:
                    return {"session": entry.path.name, "title": entry.title, "date": entry.date, "at": event.get("at")}
        return None


_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


#: (path, size, mtime_ns) -> why the loader refuses that version of the file ("" if it opens).
_REPLAYED: dict[tuple[str, int, int], str] = {}


def replay_problem(path: Path) -> str:
    """Why the app would refuse to open this session file ("" if it opens): the file is read
    read-only and replayed with the loader's checks (`domain.replay`), once per version."""
    try:
        stat = path.stat()
    except OSError as error:
        return str(error.strerror or error)
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _REPLAYED:
        return _REPLAYED[key]
    try:
        with SessionFile.open(path, read_only=True) as file:
            replay(file.events())
        problem = ""
    except DamagedSessionFile as damaged:
        problem = damaged.reason
    except ReplayError as error:
        problem = error.reason
    except OSError as error:
        problem = str(error.strerror or error)
    except Exception as error:  # noqa: BLE001 - a crafted file is listed as damaged, never a traceback
        problem = _("its events cannot be replayed ({error})", error=error)
    if len(_REPLAYED) > 4096:
        _REPLAYED.clear()
    _REPLAYED[key] = problem
    return problem


def _session_date(path: Path) -> str:
    """A session's date: from its header, else from its file name (`<date>-<slug>.json`)."""
    if path.is_file():
        try:
            date = str(peek(path).header.get("date", ""))
        except (DamagedSessionFile, OSError):
            date = ""
        if date:
            return date
    match = _DATE_PREFIX.match(path.name)
    return match.group(1) if match else ""


def _opened_at(path: Path) -> float:
    """When a session opened (its first event); a session not yet created opens last."""
    try:
        with SessionFile.open(path, read_only=True) as file:
            events = file.events()
        return float(events[0]["at"]) if events else float("inf")
    except (DamagedSessionFile, OSError, KeyError, TypeError, ValueError):
        return float("inf")


def carry_forward(previous: SessionState) -> list[AgendaItem]:
    """What the next session of the same body starts with: approval of the previous minutes,
    a review of open action items (when there were any), and the items it deferred."""
    title = previous.title
    if previous.date:
        title = _("{title} ({date})", title=previous.title, date=previous.date)
    items = [
        AgendaItem(
            id="previous-minutes",
            title=_("Approval of the minutes of {title}", title=title),
            minutes=5,
            kind="decision",
        )
    ]
    if any(action.is_open for action in previous.actions.values()):
        items.append(AgendaItem(id="open-actions", title=_("Review of open action items"), minutes=10, kind="discussion"))
    for state in previous.items.values():
        if state.status == "deferred":
            item = state.item
            items.append(
                AgendaItem(
                    id=f"deferred-{item.id}",
                    title=item.title,
                    minutes=item.minutes,
                    kind=item.kind,
                    presenter=item.presenter,
                )
            )
    from meeting_tui.domain.conflicts import carry_forward_items

    items.extend(carry_forward_items(previous))  # deferred conflicts, escalated proposals
    return items


# ---------------------------------------------------------------------------------------------
# The decision register: committee-wide numbers
# ---------------------------------------------------------------------------------------------


def register_numbers(texts, prefix: str, year: int) -> set[int]:
    """The numbers of the register ids `<prefix>-<year>-NNN` found in `texts` (str or bytes):
    register ids as they stand alone (`"EXE-2026-014"` in a session file, or plain ids)."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(prefix)}-{int(year):04d}-(\d{{1,6}})(?![0-9])")
    found: set[int] = set()
    for text in texts:
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        found.update(int(n) for n in pattern.findall(text or ""))
    return found


def next_register_number(
    workspace: Workspace,
    slug: str,
    prefix: str,
    year: int,
    *,
    exclude: Path | None = None,
    taken=(),
) -> int:
    """The committee's next free decision-register number for `<prefix>-<year>` (1 + the
    highest in use), so a register id stays unique across all the committee's sessions.

    Reads every other session file of the committee (read-only, raw bytes: no lock is taken
    and a damaged file still counts what it holds); `exclude` is the open session's own file,
    whose ids come from its state, passed as `taken`. Reads many files: run it in a worker."""
    folder = workspace.committee_dir(slug)
    skip = Path(exclude).resolve() if exclude is not None else None
    texts: list = list(taken)
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if skip is not None and path.resolve() == skip:
                continue
            try:  # a regular file only: a FIFO or a link to a device must not hang the app
                with open(open_regular(path, os.O_RDONLY), "rb") as handle:
                    texts.append(handle.read())
            except (OSError, DamagedSessionFile):
                continue
    return max(register_numbers(texts, prefix, year), default=0) + 1
