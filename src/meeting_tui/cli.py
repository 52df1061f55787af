"""Command line: `meeting-tui [home]`, `demo`, `open FILE`, `check FILE...`, `export SESSION`.

Heavy modules (Textual, the screens) are imported only by the commands that start the app,
so `check` stays fast and never pays for the UI.
"""

from __future__ import annotations

import argparse
import errno
import sys
import time
from datetime import datetime
from pathlib import Path

from meeting_tui import __version__
from meeting_tui.i18n import LANGUAGES, _, language_from_env, set_language

EPILOG = """\
examples:
  meeting-tui demo                    set up the demo committee and open a live session
  meeting-tui                         home: committees and their sessions
  meeting-tui check committee.toml    validate committee and agenda files
  meeting-tui export demo-executive/2026-03-14-monthly-meeting.json   write its minutes (.md, .html)
  meeting-tui --data-dir ~/coalition  use another data directory (or set MEETING_TUI_HOME)
"""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where committees and sessions live (default: ./sessions, or $MEETING_TUI_HOME)",
    )
    common.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        default=argparse.SUPPRESS,
        help="interface language: en or ar (default: the one chosen in the app, else LANG / LC_ALL)",
    )
    common.add_argument(
        "--display",
        choices=("terminal", "reorder"),
        default=argparse.SUPPRESS,
        help="right-to-left text: 'reorder' (the app shapes and reorders Arabic; for most terminals) "
        "or 'terminal' (for terminals that do bidi themselves, e.g. Konsole, GNOME Terminal); "
        "F3 in the app shows both",
    )
    common.add_argument(
        "--theme",
        choices=("dark", "high-contrast"),
        default=argparse.SUPPRESS,
        help="colour theme (F2 switches in the app)",
    )
    parser = argparse.ArgumentParser(
        prog="meeting-tui",
        description="Facilitate NGO coalition steering-committee meetings: agenda timers, attendance and quorum.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"meeting-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("home", parents=[common], help="the home screen (the default)")
    sub.add_parser("demo", parents=[common], help="set up the demo committee and agenda and open a live session")
    open_p = sub.add_parser("open", parents=[common], help="open or resume one session file")
    open_p.add_argument("session", metavar="SESSION", help="a session file (.json) in the data directory")
    check_p = sub.add_parser("check", parents=[common], help="validate committee and agenda files")
    check_p.add_argument("files", metavar="FILE", nargs="+", help="committee.toml or agenda .toml files")
    export_p = sub.add_parser("export", parents=[common], help="write a session's minutes as Markdown and HTML")
    export_p.add_argument("session", metavar="SESSION", help="a session file (.json), or its path relative to the data directory")
    export_p.add_argument("--format", choices=("md", "html"), default=None, help="only this format (default: both, or what -o ends with)")
    export_p.add_argument("-o", "--output", metavar="PATH", default=None, help="write here, inside the data directory (default: next to the session file)")
    export_p.add_argument("--utc-offset", metavar="+HH:MM", default=None, help="show times at this UTC offset (default: this computer's, when the session opened)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(choose_language(args))
    command = args.command or "home"
    try:
        if command == "check":
            from meeting_tui.charter import check_paths

            return check_paths(args.files, sys.stdout)
        if command == "export":
            from meeting_tui.export import export_command

            return export_command(args, sys.stdout, sys.stderr)
        return _run_app(command, args)
    except KeyboardInterrupt:
        return 130


def choose_language(args: argparse.Namespace) -> str:
    """--lang, else the language chosen in the app (settings.json), else LANG / LC_*, else en."""
    if getattr(args, "lang", None):
        return args.lang
    from meeting_tui.settings import default_data_dir, load_settings

    return load_settings(default_data_dir(getattr(args, "data_dir", None))).language or language_from_env() or "en"


def _fail(message: str) -> int:
    print(f"meeting-tui: {message}", file=sys.stderr)
    return 1


def _run_app(command: str, args: argparse.Namespace) -> int:
    try:
        app = prepare_app(command, args)
    except CliError as error:
        return _fail(str(error))
    app.run()
    if app.restart_language:
        _restart(app, args)
    return app.return_code or 0


def _restart(app, args: argparse.Namespace) -> None:
    """Start again in the language just chosen (remembered in settings.json), on the same
    session if one was open; the session files are closed and unlocked by now."""
    import os

    argv = [sys.executable, "-m", "meeting_tui", "--data-dir", str(app.workspace.root)]
    if getattr(args, "display", None):
        argv += ["--display", args.display]
    session = app.restart_session
    argv += ["open", str(session)] if session is not None else ["home"]
    sys.stdout.flush()
    os.execv(sys.executable, argv)


class CliError(Exception):
    """What to print (on one line) instead of starting the app."""


def prepare_app(command: str, args: argparse.Namespace):
    """The app exactly as `meeting-tui COMMAND` starts it (also used by bench/startup.py)."""
    from meeting_tui.store import DamagedSessionFile, StorageError
    from meeting_tui.workspace import Workspace, WorkspaceError, default_data_dir

    workspace = Workspace(default_data_dir(getattr(args, "data_dir", None)))
    open_path: Path | None = None
    try:
        workspace.ensure()
        if command == "demo":
            open_path = _demo_session(workspace)
        elif command == "open":
            open_path = Path(args.session)
            if not open_path.is_file():
                raise CliError(_("no session file {path}. List sessions with `meeting-tui` (home).", path=open_path))
            _preflight(open_path)
    except WorkspaceError as error:
        raise CliError(str(error)) from None
    except DamagedSessionFile as damaged:
        raise CliError(
            _("{path} cannot be opened: {reason}. The file was left untouched.", path=damaged.path, reason=damaged.reason)
        ) from None
    except (StorageError, OSError) as error:
        if command == "demo" and getattr(error, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
            # the access check passed but writing the demo files did not (root on a read-only
            # file system, some network mounts): say which directory, as ensure() does
            raise CliError(
                _("The data directory {path} is read-only. Choose another with --data-dir.", path=workspace.root)
            ) from None
        raise CliError(str(error)) from None

    from meeting_tui.app import MeetingApp

    theme = "high-contrast" if getattr(args, "theme", "dark") == "high-contrast" else "textual-dark"
    return MeetingApp(workspace, open_path=open_path, theme=theme, display=getattr(args, "display", None))


def _preflight(path: Path) -> None:
    """Replay a session before the UI starts, so a damaged file is reported on the terminal."""
    from meeting_tui.controller import SessionController

    SessionController.open(path, clock=time.time, read_only=True).close()


def _demo_session(workspace) -> Path:
    """Install the demo committee (never overwriting) and return today's open demo session."""
    from meeting_tui.controller import SessionController
    from meeting_tui.workspace import WorkspaceError

    workspace.install_demo()
    slug = "demo-executive"
    today = datetime.now().date().isoformat()
    # Today's session holds its own roster and charter: resuming it needs no committee file
    # read (nor the charter checker imported) before the first frame.
    for session in workspace.sessions(slug):
        if session.date == today and not session.closed and not session.damaged:
            return session.path
    entry = workspace.committee(slug)
    if entry.committee is None:
        detail = "; ".join(p.message for p in entry.errors[:3])
        raise WorkspaceError(
            _(
                "the demo committee file {path} has errors ({detail}). Fix it, or move it away and run `meeting-tui demo` again to recreate it.",
                path=entry.path,
                detail=detail,
            )
        )
    agendas = [a for a in workspace.agendas(slug, entry.committee) if a.agenda is not None]
    if not agendas:
        raise WorkspaceError(_("the demo committee has no valid agenda in {path}.", path=workspace.committee_dir(slug) / "agendas"))
    agenda = agendas[0].agenda
    path = workspace.new_session_path(slug, today, agenda.title)
    controller = SessionController.create(
        path, entry.committee, agenda, clock=time.time, title=agenda.title, date=today, place=agenda.place
    )
    controller.close()
    return path


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
