"""The data directory: committees, their agendas and their sessions (ARCHITECTURE.md).

```
<data-dir>/<committee-slug>/committee.toml
<data-dir>/<committee-slug>/agendas/<slug>.toml
<data-dir>/<committee-slug>/<date>-<slug>.json      one session's event log
```
Listing reads only each session file's first and last lines, so a directory of hundreds of
sessions lists quickly; a damaged file is listed with its reason and never touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from meeting_tui.charter import Problem, load_agenda, load_committee
from meeting_tui.charter.examples import example_text
from meeting_tui.domain.model import Agenda, Committee
from meeting_tui.i18n import _
from meeting_tui.store import DamagedSessionFile, atomic_write_text, peek

ENV_HOME = "MEETING_TUI_HOME"
DEMO_COMMITTEES = {"demo-executive": "executive.toml", "demo-strategic": "strategic.toml"}
DEMO_AGENDAS = {"demo-executive": {"monthly-meeting.toml": "agenda-executive.toml"}}


class WorkspaceError(Exception):
    """The data directory cannot be used; the message says why and what to do."""


def default_data_dir(cli_value: str | None = None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path("sessions")


def slug_for(text: str, fallback: str) -> str:
    """A readable file-name slug (Arabic kept as Arabic), never empty."""
    return slugify(text, allow_unicode=True, max_length=60, word_boundary=True) or fallback


@dataclass(frozen=True)
class SessionEntry:
    path: Path
    committee: str
    title: str = ""
    date: str = ""
    closed: bool = False
    damaged: str = ""  # the reason, when the file cannot be read

    @property
    def status(self) -> str:
        if self.damaged:
            return _("damaged")
        return _("closed") if self.closed else _("open")


@dataclass(frozen=True)
class CommitteeEntry:
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


@dataclass(frozen=True)
class AgendaEntry:
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

    # -- committees and agendas ---------------------------------------------------------------

    def committees(self, with_sessions: bool = True) -> list[CommitteeEntry]:
        if not self.root.is_dir():
            return []
        out = []
        for folder in sorted(p for p in self.root.iterdir() if (p / "committee.toml").is_file()):
            out.append(self.committee(folder.name, with_sessions=with_sessions))
        return out

    def committee(self, slug: str, with_sessions: bool = True) -> CommitteeEntry:
        path = self.committee_dir(slug) / "committee.toml"
        result = load_committee(path, slug=slug)
        sessions = tuple(self.sessions(slug)) if with_sessions else ()
        return CommitteeEntry(slug, path, result.value, tuple(result.problems), sessions)

    def agendas(self, slug: str, committee: Committee | None = None) -> list[AgendaEntry]:
        """The committee's agendas, each checked against its roster."""
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

    def sessions(self, slug: str) -> list[SessionEntry]:
        folder = self.committee_dir(slug)
        out = []
        for path in sorted(folder.glob("*.json"), reverse=True):
            if path.name == "register.json":
                continue
            try:
                summary = peek(path)
            except DamagedSessionFile as damaged:
                out.append(SessionEntry(path, slug, title=path.stem, damaged=damaged.reason))
                continue
            except OSError as error:
                out.append(SessionEntry(path, slug, title=path.stem, damaged=str(error.strerror or error)))
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
        self.ensure()
        for slug, example in DEMO_COMMITTEES.items():
            target = self.committee_dir(slug) / "committee.toml"
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(target, example_text(example))
            for name, agenda_example in DEMO_AGENDAS.get(slug, {}).items():
                agenda_path = self.committee_dir(slug) / "agendas" / name
                if not agenda_path.exists():
                    agenda_path.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write_text(agenda_path, example_text(agenda_example))
