"""The minutes of the open session: a live preview, and export (key e) as .md and .html,
Word (.docx) or PDF (key f chooses), next to the session file; who took the minutes (key t).

The minutes are rendered in a thread worker, never on the UI thread: the screen says
"Preparing the minutes…" until they are ready. Short minutes are shown formatted (Markdown);
long ones (a large assembly's run to hundreds of thousands of characters, which Textual's
Markdown widget takes tens of seconds to lay out) as their Markdown text in a read-only text
area, which shows any length at once and can be scrolled and searched through with the keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, MarkdownViewer
from textual.worker import Worker, WorkerState

from meeting_tui.controller import SessionController
from meeting_tui.display import inline
from meeting_tui.documents import DocumentError
from meeting_tui.domain import session as session_commands
from meeting_tui.domain.errors import Refusal
from meeting_tui.export import ExportError, Minutes, convert, later_links, local_timezone, plan_targets, source_label, write_all
from meeting_tui.i18n import _, is_rtl, join
from meeting_tui.minutes import minutes_parser, render_markdown
from meeting_tui.widgets.dialogs import FormDialog, FormField
from meeting_tui.widgets.timer_strip import TimerStrip

# What e writes, in the order f goes through them.
EXPORT_CHOICES = (("md", "html"), ("docx",), ("pdf",), ("md", "html", "docx", "pdf"))


# Above this many characters the preview is plain text: the Markdown widget needs about a second
# per 10,000 characters on the UI thread, and a 300-member assembly's minutes exceed 250,000.
FORMATTED_PREVIEW_LIMIT = 10_000


class MinutesScreen(Screen):
    """What the secretary sends out: generated from the session's events, never typed twice."""

    BINDINGS = [
        Binding("e", "export", _("Export"), id="export-minutes", tooltip=_("Write the minutes in the chosen formats next to the session file")),
        Binding("f", "formats", _("Format"), id="minutes-format", tooltip=_("Choose what e writes: .md and .html, Word, PDF, or all")),
        Binding("t", "taker", _("Taken by"), id="minutes-taker", tooltip=_("Who took the minutes (signs them with the chair)")),
        Binding("r", "refresh", _("Refresh"), id="refresh-minutes", tooltip=_("Render the minutes again from the session as it is now")),
        Binding("escape", "close", _("Back"), id="close-minutes", tooltip=_("Back to the live session")),
    ]

    def __init__(self, controller: SessionController) -> None:
        super().__init__()
        self.controller = controller
        self.approval: dict[str, Any] | None = None
        self.markdown = ""
        self.written: list[Path] = []
        self.preparing = False
        self._generation = 0  # the latest render asked for; older results are dropped
        self._approval_looked_up = False
        self.export_choice = 0  # index into EXPORT_CHOICES

    @property
    def session_path(self) -> Path:
        return self.controller.file.path

    @property
    def data_dir(self) -> Path | None:
        workspace = getattr(self.app, "workspace", None)
        return getattr(workspace, "root", None)

    def render_minutes(self, now: float | None = None) -> str:
        """The minutes as they stand (called in the render and export workers).

        The session's state is only changed on the UI thread, by commands of the live screen,
        which cannot run while this screen is shown; should it change during a render anyway,
        the render is done again."""
        state = self.controller.state
        now = self.controller.now() if now is None else now
        for _attempt in range(5):
            seq = state.seq
            try:
                markdown = render_markdown(
                    state,
                    approval=self.approval,
                    now=now,
                    tz=local_timezone(state.opened_at),
                    source=source_label(self.session_path, self.data_dir),
                    later=getattr(self, "later", None),
                )
            except RuntimeError:  # a collection changed size while it was read
                if state.seq == seq:
                    raise
                continue
            if state.seq == seq:
                return markdown
        return markdown

    def compose(self) -> ComposeResult:
        yield Header()
        yield TimerStrip(self.controller)
        yield Label(_("Preparing the minutes…"), id="minutes-status")
        # The minutes are written in the committee's language, which may not be the
        # interface's: the preview reads, aligns and lays out in the document's direction (an
        # English committee's minutes in an Arabic interface keep their bullets on the left).
        direction = "R" if is_rtl(self.controller.state.committee.language) else "L"
        body = Vertical(id="minutes-body", classes="document-rtl" if direction == "R" else "document-ltr")
        body.BIDI_DIRECTION = direction  # display.own_direction
        yield body
        yield Footer()

    def on_mount(self) -> None:
        state = self.controller.state
        self.title = _("Minutes")
        self.sub_title = f"{state.title} · {state.date}"
        self.prepare()

    @property
    def export_formats(self) -> tuple[str, ...]:
        return EXPORT_CHOICES[self.export_choice]

    def _formats_text(self) -> str:
        return join(inline("." + fmt) for fmt in self.export_formats)  # ".md" keeps its dot in Arabic

    def _status_text(self) -> str:
        if self.approval:
            text = _("Approved in session {title}. e exports {formats}.", title=self.approval.get("title", ""), formats=self._formats_text())
        else:
            text = _("Draft: not yet approved. e writes {formats} next to {file}.", formats=self._formats_text(), file=self.session_path.name)
        if len(self.markdown) > FORMATTED_PREVIEW_LIMIT:
            text += " " + _(
                "These minutes are long ({lines} lines): shown as Markdown text, to stay fast. The exported .html is formatted.",
                lines=self.markdown.count("\n") + 1,
            )
        return text

    def prepare(self) -> None:
        """Render the minutes again in a worker; the screen says so until they are shown."""
        self._generation += 1
        self.preparing = True
        self.query_one("#minutes-status", Label).update(_("Preparing the minutes…"))
        root = self.data_dir or self.session_path.parent.parent
        self.render_in_thread(self._generation, self.controller.now(), root, not self._approval_looked_up)

    # -- actions ------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.prepare()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_formats(self) -> None:
        self.export_choice = (self.export_choice + 1) % len(EXPORT_CHOICES)
        if not self.preparing:
            self.query_one("#minutes-status", Label).update(self._status_text())
        self.notify(_("e now writes {formats}.", formats=self._formats_text()), title=_("Export"), timeout=4)

    def action_taker(self) -> None:
        state = self.controller.state
        current = session_commands.minutes_taker(state)
        member = state.members.get(current)

        def record(values: dict) -> Refusal | None:
            try:
                self.controller.do(session_commands.set_minutes_taker, values["name"])
            except Refusal as refusal:
                return refusal
            return None

        def chosen(values: dict | None) -> None:
            if values is not None:
                self.prepare()

        self.app.push_screen(
            FormDialog(
                _("Who took the minutes?"),
                [FormField("name", _("Name (a member's name, or anyone's)"), value=member.name if member else current)],
                submit=_("Save"),
                help_text=_("Shown as “Minutes taken by” and in the signature block, beside the chair."),
                act=record,
                refusal_field="name",
            ),
            chosen,
        )

    def action_export(self) -> None:
        """Render, convert and write in a worker; the preview then shows what was written."""
        state = self.controller.state
        source = source_label(self.session_path, self.data_dir)
        self.export_files(
            self.controller.now(), source, state.committee.language, state.title, self.data_dir or self.session_path.parent, self.export_formats
        )

    # -- workers: rendering (and the approval lookup, which reads other sessions), writing ----

    @work(thread=True, exclusive=True, exit_on_error=False, group="minutes-render")
    def render_in_thread(self, generation: int, now: float, root: Path, look_up_approval: bool) -> tuple[int, str, str]:
        problem = ""
        if look_up_approval:
            try:
                from meeting_tui.workspace import Workspace

                approval = Workspace(root).approval_of(self.session_path)
                later = later_links(self.session_path, self.controller.state)
            except Exception as error:  # reported, and the minutes are shown as a draft
                problem = getattr(error, "message", None) or str(error)
            else:
                if approval is not None or later:
                    self.approval = approval
                    self.later = later
            self._approval_looked_up = True
        return generation, self.render_minutes(now), problem

    @work(thread=True, exclusive=True, exit_on_error=False, group="minutes-export")
    def export_files(
        self, now: float, source: str, language: str, title: str, root: Path, formats: tuple[str, ...] = ("md", "html")
    ) -> tuple[str, list[Path]]:
        markdown = self.render_minutes(now)
        try:
            texts = convert(markdown, formats, lang=language, title=title, source=source)
        except DocumentError as error:
            raise ExportError(error.message) from None
        return markdown, write_all(plan_targets(Minutes(self.session_path, source, texts), data_dir=root))

    async def show_minutes(self, markdown: str) -> None:
        """Put `markdown` on screen: formatted when short, as text when long."""
        self.markdown = markdown
        self.preparing = False
        self.query_one("#minutes-status", Label).update(self._status_text())
        body = self.query_one("#minutes-body", Vertical)
        formatted = len(markdown) <= FORMATTED_PREVIEW_LIMIT
        current = body.query("#minutes-viewer")
        viewer = current.first() if current else None
        if formatted and isinstance(viewer, MarkdownViewer):
            viewer.document.update(markdown)
            return
        if not formatted and viewer is not None and not isinstance(viewer, MarkdownViewer):
            viewer.load_text(markdown)
            return
        if viewer is not None:
            await viewer.remove()
        if formatted:
            new = MarkdownViewer(
                markdown,
                show_table_of_contents=False,
                parser_factory=minutes_parser,
                open_links=False,
                id="minutes-viewer",
            )
        else:
            from meeting_tui.widgets.text_area import TextArea

            # Mounted empty, filled once it has its size: Textual wraps a text area's whole text
            # again each time its width changes (its first layout, its scrollbar appearing),
            # about 70 ms a pass on the UI thread for a 300-member assembly; its scrollbar is
            # always there (app.tcss), so the text is wrapped once.
            new = TextArea("", read_only=True, soft_wrap=True, id="minutes-viewer")
        await body.mount(new)
        if self.focused is None:  # the keys (page down, arrows, home, end) scroll the minutes at once
            (new.document if isinstance(new, MarkdownViewer) else new).focus()
        if not formatted:
            self.call_after_refresh(self._fill_text, new, markdown)

    def _fill_text(self, viewer, markdown: str) -> None:
        if markdown != self.markdown or not viewer.is_attached:
            return  # overtaken by a later render
        if not viewer.size.width:
            self.call_after_refresh(self._fill_text, viewer, markdown)  # not laid out yet
            return
        viewer.load_text(markdown)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's outcome is reported here, in one place."""
        worker = event.worker
        if worker.group == "minutes-render" and event.state == WorkerState.SUCCESS:
            generation, markdown, problem = worker.result
            if problem:
                self.notify(
                    _("Could not look for the approval of these minutes: {error}", error=problem),
                    title=_("Export"),
                    severity="error",
                    timeout=10,
                )
            if generation == self._generation:
                await self.show_minutes(markdown)
            return
        if worker.group != "minutes-export" and event.state != WorkerState.ERROR:
            return
        if event.state == WorkerState.SUCCESS:
            markdown, written = worker.result
            self.written = list(written or [])
            if not self.preparing and markdown != self.markdown:
                await self.show_minutes(markdown)  # the preview shows what was written
            self.notify(
                _("Minutes written: {paths}", paths=join(str(p) for p in self.written)),
                title=_("Export"),
                timeout=8,
            )
        elif event.state == WorkerState.ERROR:
            error = worker.error
            if worker.group == "minutes-render":
                message = _("Could not prepare the minutes: {error}", error=error)
                self.preparing = False
                self.query_one("#minutes-status", Label).update(message)
                self.notify(message, title=_("Minutes"), severity="error", timeout=10)
                return
            message = error.message if isinstance(error, ExportError) else _("Export failed: {error}", error=error)
            self.notify(message, title=_("Export"), severity="error", timeout=10)
