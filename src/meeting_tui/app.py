"""The Textual App: global bindings, themes, the command palette. Screens do the rest."""

from __future__ import annotations

import sys
import time
import traceback
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Mapping

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from meeting_tui import collector
from meeting_tui.i18n import _
from meeting_tui.workspace import Workspace

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    warning="#ffaf00",
    error="#ff3030",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#262626",
    dark=True,
)
THEMES = ("textual-dark", "high-contrast")


def _keyword_commands():
    from meeting_tui.palette import KeywordCommands  # only when the palette opens

    return KeywordCommands


class MeetingApp(App):
    """meeting_tui: a facilitator's view of a live committee meeting."""

    TITLE = "meeting-tui"
    CSS_PATH = "styles/app.tcss"
    COMMANDS = {_keyword_commands}  # the screen's keys, found by name and keyword (palette.py)
    BINDINGS = [
        Binding("f1", "help", _("Help"), id="help", tooltip=_("Show the keys of this screen")),
        Binding("question_mark", "help", _("Help"), show=False, id="help-alt"),
        Binding(
            "f2", "toggle_theme", _("Contrast"), id="theme", tooltip=_("Switch between the dark and the high-contrast theme")
        ),
        Binding(
            "f3", "settings", _("Settings"), id="settings", tooltip=_("Language, and how Arabic text is shown on this terminal")
        ),
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Leave the app (asks first about unsaved changes in an editor)"), priority=True),
        # Textual adds its own (English) palette binding unless the app has one.
        Binding(
            "ctrl+p", "command_palette", _("Commands"), show=False, priority=True, tooltip=_("Open the command palette")
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Callable[[], float] = time.time,
        open_path: Path | None = None,
        theme: str = "textual-dark",
        display: str | None = None,
        follow_path: Path | None = None,
        board_url: str = "",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        from meeting_tui.display import set_display_mode
        from meeting_tui.settings import load_settings
        from meeting_tui.i18n import is_rtl
        from meeting_tui.mirror import set_mirrored
        from meeting_tui.rtl import DEFAULT_MODE
        from meeting_tui.terminal_modes import suggested_mode

        # --display, else the saved choice, else what the terminal named in `environ` (the
        # CLI passes the process's environment) suggests; the first Arabic start with no
        # choice saved shows the choice (F3) over the first screen.
        saved = load_settings(workspace.root).display
        suggested = suggested_mode(environ)[0] if environ is not None else DEFAULT_MODE
        set_display_mode(display or saved or suggested)
        self.ask_display = environ is not None and not display and not saved and is_rtl()
        # An Arabic interface is laid out right to left (mirror.py, the `.-rtl` rules of app.tcss).
        set_mirrored(is_rtl())
        self.set_class(is_rtl(), "-rtl")
        self.restart_language: str | None = None
        self.crash_report: Path | None = None
        self.crash_summary: str | None = None
        self.crash_reported = False
        self.restart_session: Path | None = None
        self.workspace = workspace
        self.clock = clock
        self._open_path = open_path
        self._follow_path = follow_path  # `meeting-tui follow`: the projector, read-only
        self.board_url = board_url  # shown (with a QR code) on the projector view
        self._start_theme = theme if theme in THEMES else "textual-dark"

    # Toasts stack in a corner. On a laptop's 80x24 five of them (quorum reached, called to
    # order, two refusals) covered half the roster and the speakers for six seconds; below this
    # many rows only the newest stays (what the older ones said stays on the screen: the
    # quorum line, the item's timer, the status lines).
    TOASTS_STACK_FROM_ROWS = 30

    def notify(self, message: str, *args, **kwargs) -> None:
        if self.size.height < self.TOASTS_STACK_FROM_ROWS:
            self.clear_notifications()
        super().notify(message, *args, **kwargs)

    def get_driver_class(self):
        """Textual's driver, telling the terminal the display mode (terminal_modes.py)."""
        from meeting_tui.terminal_modes import bidi_driver

        return bidi_driver(super().get_driver_class())

    def on_mount(self) -> None:
        self.call_after_refresh(collector.startup_done)  # after the first frame (collector.py)
        self.register_theme(HIGH_CONTRAST)
        self.theme = self._start_theme
        if self.ask_display:
            self.call_after_refresh(self.action_settings, first_start=True)
        if self._follow_path is not None and self.follow_session(self._follow_path):
            return
        # Straight to the session when one is named (the home screen is built when needed).
        if self._open_path is None or not self.open_session(self._open_path):
            self.go_home()

    def go_home(self) -> None:
        """Back to the home screen: pop to it, or build it if it was never shown."""
        from meeting_tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def open_session(self, path: Path) -> bool:
        """Open (or resume) a session's live screen; a damaged file is reported, never changed."""
        from meeting_tui.controller import SessionController
        from meeting_tui.screens.meeting.opening import REPLAY_IN_BACKGROUND_BYTES, OpeningScreen
        from meeting_tui.store import DamagedSessionFile

        try:
            if path.stat().st_size > REPLAY_IN_BACKGROUND_BYTES:
                # A long session is replayed in a thread: the first frame says so at once.
                self.push_screen(OpeningScreen(path))
                return True
            controller = SessionController.open(path, clock=self.clock)
        except (DamagedSessionFile, OSError) as error:
            self.session_failed(path, error)
            return False
        self.show_session(controller)
        return True

    def session_failed(self, path: Path, error: Exception) -> None:
        """Say why a session could not be opened (the file is never changed)."""
        from meeting_tui.screens.meeting.opening import OpeningScreen
        from meeting_tui.store import DamagedSessionFile

        if isinstance(error, DamagedSessionFile):
            self.notify(
                _("Cannot open {path}: {reason}. The file was left untouched.", path=path, reason=error.reason),
                severity="error",
                timeout=10,
            )
        elif isinstance(error, OSError):
            self.notify(_("Cannot open {path}: {error}", path=path, error=error.strerror or error), severity="error")
        else:
            raise error
        if isinstance(self.screen, OpeningScreen):
            self.go_home()

    def show_session(self, controller) -> None:
        """The live screen of an opened session (in place of the "Opening" screen, if shown)."""
        from meeting_tui.screens.meeting.live import LiveScreen
        from meeting_tui.screens.meeting.opening import OpeningScreen

        if controller.read_only:
            self.notify(
                _("Opened read-only: {reason}.", reason=controller.read_only_reason),
                severity="warning",
                timeout=10,
            )
        if isinstance(self.screen, OpeningScreen):
            self.switch_screen(LiveScreen(controller))
        else:
            self.push_screen(LiveScreen(controller))

    def follow_session(self, path: Path) -> bool:
        """`meeting-tui follow`: the projector view of a session another window records; it
        never takes the lock and never writes (follow.py); v switches to the live screen."""
        from meeting_tui.controller import SessionController
        from meeting_tui.follow import FollowedFile
        from meeting_tui.screens.meeting.live import LiveScreen
        from meeting_tui.screens.projector import ProjectorScreen
        from meeting_tui.store import DamagedSessionFile

        try:
            controller = SessionController(FollowedFile(path), self.clock)
        except DamagedSessionFile as damaged:
            self.notify(_("Cannot open {path}: {reason}. The file was left untouched.", path=path, reason=damaged.reason), severity="error", timeout=10)
            return False
        live = LiveScreen(controller)
        self.push_screen(live)
        self.push_screen(ProjectorScreen(live.session))
        return True

    # -- an error no handler caught ------------------------------------------------------------
    # Textual's own handling prints a traceback when the app exits. A facilitator gets one
    # plain sentence instead (what happened, that nothing recorded is lost, how to go on) and
    # the traceback goes to a report file in the data directory. These are Textual's private
    # hooks (pinned textual<9); tests/ui/test_crash_guard.py fails if they stop being called.

    def _handle_exception(self, error: Exception) -> None:
        if self.crash_report is None:
            self.crash_report = write_crash_report(self.workspace.root, error, self.clock())
            self.crash_summary = f"{type(error).__name__}: {error}"[:300]
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crash_summary is None:
            if not self.crash_reported:
                super()._print_error_renderables()
            self._exit_renderables.clear()
            return
        self._exit_renderables.clear()
        where = (
            _("The details for whoever maintains the app are in {path}.", path=self.crash_report)
            if self.crash_report
            else _("The details could not be written to the data directory.")
        )
        message = _(
            "meeting-tui stopped after an unexpected error ({error}). Everything recorded before it is saved: run the same command again to go on. {where}",
            error=self.crash_summary,
            where=where,
        )
        print(message, file=sys.stderr)
        self.crash_summary = None  # said once
        self.crash_reported = True

    # -- actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from meeting_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        from meeting_tui.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_settings(self, first_start: bool = False) -> None:
        from meeting_tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(first_start=first_start))

    async def action_quit(self) -> None:
        """Quit; an editor with unsaved changes asks first (save / discard / stay)."""
        from meeting_tui.screens.setup.unsaved import quit_safely, unsaved_editors

        if not unsaved_editors(self):
            self.exit()
        else:
            self.run_worker(quit_safely(self), exclusive=True, group="quit")

    def restart_in(self, language: str) -> None:
        """Leave, so that `meeting-tui` starts again in `language` (see cli._run_app)."""
        self.restart_language = language
        self.restart_session = self.open_session_path()
        self.exit()

    def open_session_path(self) -> Path | None:
        """The session file of the live screen in the stack, if any."""
        for screen in reversed(self.screen_stack):
            controller = getattr(screen, "controller", None)
            if controller is not None:
                return Path(controller.file.path)
        return None

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[(THEMES.index(self.theme) + 1) % len(THEMES)] if self.theme in THEMES else THEMES[0]

    # -- the command palette: every binding of the current screen is also a command -----------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            if binding.id is None or (active.node is not screen and active.node is not self):
                continue  # a focused widget's cursor keys are not commands
            seen.add(binding.action)
            help_text = binding.tooltip or binding.description
            key = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                f"{binding.description} ({key})",
                help_text,
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand(_("Keys and help"), _("Show every key of this screen"), self.action_help)


def write_crash_report(data_dir: Path, error: BaseException, now: float) -> Path | None:
    """The traceback of `error`, in `<data dir>/crash-reports/`; None if it cannot be written."""
    from meeting_tui import __version__

    stamp = datetime.fromtimestamp(now, timezone.utc).strftime("%Y%m%d-%H%M%S")
    folder = Path(data_dir) / "crash-reports"
    path = folder / f"crash-{stamp}.txt"
    text = f"meeting-tui {__version__}, {stamp} UTC\n\n" + "".join(
        traceback.format_exception(type(error), error, error.__traceback__)
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path
