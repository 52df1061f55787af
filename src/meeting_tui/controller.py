"""One open session: the flow of one action (ARCHITECTURE.md).

A screen calls `SessionController.do(command, ...)`: the domain command checks the state and
returns events (or raises `Refusal`); the events are appended durably to the session file;
only then are they folded into the state. Nothing on screen is the source of truth.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from meeting_tui.collector import paused as _collector_paused
from meeting_tui.domain.events import Event
from meeting_tui.domain.model import Agenda, Committee
from meeting_tui.domain.replay import ReplayError, replay
from meeting_tui.domain.session import Refusal, SessionState, apply_all, open_session
from meeting_tui.i18n import _
from meeting_tui.store import DamagedSessionFile, SessionFile, StorageError

Clock = Callable[[], float]


class SessionController:
    def __init__(self, file: SessionFile, clock: Clock) -> None:
        self.file = file
        self.clock = clock
        try:
            with _collector_paused():  # (a followed file is read here, in events())
                self.state: SessionState = replay(file.events())
        except ReplayError as error:
            file.close()
            raise DamagedSessionFile(file.path, error.reason) from None

    @classmethod
    def create(
        cls,
        path: Path,
        committee: Committee,
        agenda: Agenda,
        *,
        clock: Clock,
        title: str = "",
        date: str = "",
        place: str = "",
        prepared: bool = False,
    ) -> SessionController:
        """Write a new session file whose first event snapshots the committee and agenda."""
        opened = open_session(
            committee, agenda, now=clock(), title=title, date=date, place=place, prepared=prepared
        )
        first = opened[0].with_seq(1)
        header = {"committee": committee.slug, "title": first.data["title"], "date": first.data["date"]}
        # The first event goes into the same atomic write as the header: a crash in between
        # would leave a session file without its session.opened event, which cannot be opened.
        file = SessionFile.create(path, header, [first.to_dict()])
        return cls(file, clock)

    @classmethod
    def open(cls, path: Path, *, clock: Clock, read_only: bool = False) -> SessionController:
        with _collector_paused():
            return cls(SessionFile.open(path, read_only=read_only), clock)

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def read_only_reason(self) -> str:
        return self.file.read_only_reason or ""

    def now(self) -> float:
        return self.clock()

    def do(self, command: Callable[..., list[Event]], *args, **kwargs) -> list[Event]:
        """Run a domain command; on success its events are on disk and in the state."""
        if self.file.read_only:
            raise Refusal(
                _("This session is open read-only ({reason}); nothing can be recorded here.", reason=self.read_only_reason)
            )
        events = command(self.state, *args, now=self.clock(), **kwargs)
        if not events:
            return []
        stamped = [e.with_seq(self.state.seq + i + 1) for i, e in enumerate(events)]
        try:
            self.file.append([e.to_dict() for e in stamped])
        except (StorageError, ValueError) as error:  # ValueError: not storable JSON (a lone surrogate...)
            # StorageError's own text already says "could not save to <path>": give its reason only
            reason = error.reason if isinstance(error, StorageError) else error
            raise Refusal(_("Could not save to {path}: {error}. Nothing was recorded.", path=self.file.path, error=reason)) from None
        apply_all(self.state, stamped)
        return stamped

    def close(self) -> None:
        self.file.close()
