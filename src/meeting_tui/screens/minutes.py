"""The minutes of the open session: a live preview, and export to .md and .html (key e)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, MarkdownViewer
from textual.worker import Worker, WorkerState

from meeting_tui.controller import SessionController
from meeting_tui.export import ExportError, Minutes, later_links, local_timezone, plan_targets, source_label, write_all
from meeting_tui.i18n import _
from meeting_tui.minutes import minutes_parser, render_html, render_markdown


class MinutesScreen(Screen):
    """What the secretary sends out: generated from the session's events, never typed twice."""

    BINDINGS = [
        Binding("e", "export", _("Export"), id="export-minutes", tooltip=_("Write the minutes as .md and .html next to the session file")),
        Binding("r", "refresh", _("Refresh"), id="refresh-minutes", tooltip=_("Render the minutes again from the session as it is now")),
        Binding("escape", "close", _("Back"), id="close-minutes", tooltip=_("Back to the live session")),
    ]

    def __init__(self, controller: SessionController) -> None:
        super().__init__()
        self.controller = controller
        self.approval: dict[str, Any] | None = None
        self.markdown = ""
        self.written: list[Path] = []

    @property
    def session_path(self) -> Path:
        return self.controller.file.path

    @property
    def data_dir(self) -> Path | None:
        workspace = getattr(self.app, "workspace", None)
        return getattr(workspace, "root", None)

    def render_minutes(self) -> str:
        state = self.controller.state
        return render_markdown(
            state,
            approval=self.approval,
            now=self.controller.now(),
            tz=local_timezone(state.opened_at),
            source=source_label(self.session_path, self.data_dir),
            later=getattr(self, "later", None),
        )

    def compose(self) -> ComposeResult:
        self.markdown = self.render_minutes()
        yield Header()
        yield Label(self._status_text(), id="minutes-status")
        yield MarkdownViewer(
            self.markdown,
            show_table_of_contents=False,
            parser_factory=minutes_parser,
            open_links=False,
            id="minutes-viewer",
        )
        yield Footer()

    def on_mount(self) -> None:
        state = self.controller.state
        self.title = _("Minutes")
        self.sub_title = f"{state.title} · {state.date}"
        self.load_approval(self.data_dir or self.session_path.parent.parent, self.session_path)

    def _status_text(self) -> str:
        if self.approval:
            return _("Approved in session {title}. e exports .md and .html.", title=self.approval.get("title", ""))
        return _("Draft: not yet approved. e writes .md and .html next to {file}.", file=self.session_path.name)

    # -- actions ------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.markdown = self.render_minutes()
        self.query_one("#minutes-status", Label).update(self._status_text())
        self.query_one("#minutes-viewer", MarkdownViewer).document.update(self.markdown)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        """Render here (the state belongs to this thread); convert and write in a worker."""
        self.markdown = self.render_minutes()
        state = self.controller.state
        minutes = Minutes(self.session_path, source_label(self.session_path, self.data_dir), {"md": self.markdown})
        title = _("Minutes: {title}", title=state.title)
        self.export_files(minutes, state.committee.language, title, self.data_dir or self.session_path.parent)

    # -- workers: approval lookup (reads other sessions) and writing files --------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="minutes-approval")
    def load_approval(self, root: Path, session: Path) -> None:
        from meeting_tui.workspace import Workspace

        approval = Workspace(root).approval_of(session)
        later = later_links(session)
        if approval is not None or later:
            self.app.call_from_thread(self._approval_loaded, approval, later)

    def _approval_loaded(self, approval: dict[str, Any] | None, later: dict) -> None:
        self.approval = approval
        self.later = later
        self.action_refresh()

    @work(thread=True, exclusive=True, exit_on_error=False, group="minutes-export")
    def export_files(self, minutes: Minutes, language: str, title: str, root: Path) -> list[Path]:
        markdown = minutes.texts["md"]
        texts = {"md": markdown, "html": render_html(markdown, lang=language, title=title)}
        return write_all(plan_targets(Minutes(minutes.session, minutes.source, texts), data_dir=root))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's outcome is reported here, in one place."""
        worker = event.worker
        if worker.group != "minutes-export" and event.state != WorkerState.ERROR:
            return
        if event.state == WorkerState.SUCCESS:
            self.written = list(worker.result or [])
            self.notify(
                _("Minutes written: {paths}", paths=", ".join(str(p) for p in self.written)),
                title=_("Export"),
                timeout=8,
            )
        elif event.state == WorkerState.ERROR:
            error = worker.error
            message = error.message if isinstance(error, ExportError) else _("Export failed: {error}", error=error)
            if worker.group == "minutes-approval":
                message = _("Could not look for the approval of these minutes: {error}", error=message)
            self.notify(message, title=_("Export"), severity="error", timeout=10)
