"""Command line: `meeting-tui [home]`, `demo`, `open FILE`, `check FILE...`, `export SESSION`,
`register COMMITTEE`,
`follow SESSION`, `board SESSION`.

Heavy modules (Textual, the screens) are imported only by the commands that start the app,
so `check` stays fast and never pays for the UI.
"""

from __future__ import annotations

import argparse
import errno
import os
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
  meeting-tui new demo-executive --date 2026-04-02   prepare a session ahead (called to order later)
  meeting-tui export demo-executive/2026-03-14-monthly-meeting.json   write its minutes (.md, .html)
  meeting-tui register demo-executive --status adopted --from 2026-01-01   search the decision register
  meeting-tui export SESSION --format docx,pdf -o ~/Documents/      Word and PDF, where you want them
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
    new_p = sub.add_parser("new", parents=[common], help="prepare a session ahead for a chosen date (it waits for the call to order)")
    new_p.add_argument("committee", metavar="COMMITTEE", help="the committee's folder name in the data directory")
    new_p.add_argument("--date", metavar="DATE", default=None, help="the meeting's date, YYYY-MM-DD (default: today)")
    new_p.add_argument("--agenda", metavar="NAME", default=None, help="the agenda file's name (default: the committee's first agenda)")
    new_p.add_argument("--title", metavar="TEXT", default=None, help="the session's title (default: the agenda's)")
    new_p.add_argument("--place", metavar="TEXT", default=None, help="where it meets (default: the agenda's place)")
    open_p = sub.add_parser("open", parents=[common], help="open or resume one session file")
    open_p.add_argument("session", metavar="SESSION", help="a session file (.json) in the data directory")
    check_p = sub.add_parser("check", parents=[common], help="validate committee and agenda files")
    check_p.add_argument("files", metavar="FILE", nargs="+", help="committee.toml or agenda .toml files")
    export_p = sub.add_parser("export", parents=[common], help="write a session's minutes (Markdown, HTML, Word, PDF)")
    export_p.add_argument("session", metavar="SESSION", help="a session file (.json), or its path relative to the data directory")
    export_p.add_argument("--format", metavar="md|html|docx|pdf|all", default=None, help="these formats, comma-separated (default: md and html, or what -o ends with)")
    export_p.add_argument("-o", "--output", metavar="PATH", default=None, help="write this file, or into this folder (default: next to the session file); relative to the current directory")
    export_p.add_argument("--utc-offset", metavar="+HH:MM", default=None, help="show times at this UTC offset (default: this computer's, when the session opened)")
    register_p = sub.add_parser("register", parents=[common], help="list and search a committee's decision register")
    register_p.add_argument("committee", metavar="COMMITTEE", help="the committee's folder name in the data directory (or its path)")
    register_p.add_argument("--search", metavar="TEXT", default=None, help="every word in the decision's text or its session's title")
    register_p.add_argument("--id", metavar="ID", default=None, help="part of the register id, e.g. EXE-2026")
    register_p.add_argument("--status", metavar="S", default=None, help="adopted, rejected, amended, rescinded or superseded")
    register_p.add_argument("--body", metavar="B", default=None, help="the deciding body, e.g. executive")
    register_p.add_argument("--from", dest="date_from", metavar="DATE", default=None, help="decided on or after DATE (YYYY-MM-DD)")
    register_p.add_argument("--to", dest="date_to", metavar="DATE", default=None, help="decided on or before DATE (YYYY-MM-DD)")
    register_p.add_argument("--kind", metavar="K", default=None, help="vote, consensus or conflict")
    register_p.add_argument("--json", action="store_true", help="print the decisions as a JSON list (for scripts)")
    follow_p = sub.add_parser(
        "follow", parents=[common], help="a read-only projector window on a session another window records (never locks or writes)"
    )
    follow_p.add_argument("session", metavar="SESSION", help="a session file (.json)")
    follow_p.add_argument("--board-url", metavar="URL", default="", help="show this web board address (and its QR code) on the projector")
    board_p = sub.add_parser("board", parents=[common], help="serve a read-only web page of a session for phones and a second screen")
    board_p.add_argument("session", metavar="SESSION", help="a session file (.json)")
    board_p.add_argument("--port", type=int, default=8400, metavar="N", help="the port to listen on (default: 8400; 0 picks a free one)")
    board_p.add_argument(
        "--lan", action="store_true", help="listen on the local network too (every address then carries a random access code)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(choose_language(args))
    command = args.command or "home"
    out, err = _terminal_streams(args)
    try:
        if command == "check":
            from meeting_tui.charter import check_paths

            return check_paths(args.files, out)
        if command == "export":
            from meeting_tui.export import export_command

            return export_command(args, out, err)
        if command == "register":
            from meeting_tui.register import register_command

            return register_command(args, out, err)
        if command == "new":
            return _new_command(args)
        if command == "board":
            from meeting_tui.board.server import board_command

            return board_command(args, sys.stdout, sys.stderr)
        return _run_app(command, args)
    except KeyboardInterrupt:
        return 130


def choose_language(args: argparse.Namespace) -> str:
    """--lang, else the language chosen in the app (settings.json), else LANG / LC_*, else en."""
    if getattr(args, "lang", None):
        return args.lang
    from meeting_tui.settings import default_data_dir, load_settings

    return load_settings(default_data_dir(getattr(args, "data_dir", None))).language or language_from_env() or "en"


def _terminal_streams(args: argparse.Namespace):
    """stdout and stderr in the display mode the app would use (--display, else the one
    chosen in the app): Arabic output reads in order on a terminal without bidi (#19)."""
    from meeting_tui.display import TerminalStream

    mode = getattr(args, "display", None)
    if mode is None:
        from meeting_tui.settings import default_data_dir, load_settings

        try:
            mode = load_settings(default_data_dir(getattr(args, "data_dir", None))).display
        except Exception:  # noqa: BLE001 - an unreadable settings file leaves the default
            mode = None
    return TerminalStream(sys.stdout, mode), TerminalStream(sys.stderr, mode)


def _fail(message: str) -> int:
    from meeting_tui.charter.values import visible  # control characters as \uXXXX, as `check` does

    print(visible(f"meeting-tui: {message}"), file=_terminal_streams(argparse.Namespace())[1])
    return 1


def _run_app(command: str, args: argparse.Namespace) -> int:
    try:
        app = prepare_app_to_run(command, args)
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


def prepare_app_to_run(command: str, args: argparse.Namespace):
    """`prepare_app` as `meeting-tui COMMAND` runs it (also used by bench/startup_probe.py): the
    cycle collector paused from before Textual is imported until the app's first frame
    (collector.py)."""
    from meeting_tui import collector

    collector.pause_for_startup()
    try:
        return prepare_app(command, args)
    except BaseException:
        collector.startup_done(freeze=False)  # no app will run to turn it back on
        raise


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
        elif command == "follow":
            follow_path = Path(args.session)
            if not follow_path.is_file():
                raise CliError(_("no session file {path}. List sessions with `meeting-tui` (home).", path=follow_path))
            from meeting_tui.controller import SessionController
            from meeting_tui.follow import FollowedFile

            SessionController(FollowedFile(follow_path), time.time).close()  # a damaged file: said here
            from meeting_tui.app import MeetingApp

            return MeetingApp(
                workspace, follow_path=follow_path, board_url=args.board_url, display=getattr(args, "display", None),
                environ=os.environ,
            )
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
        if command == "demo" and not isinstance(error, StorageError) and not getattr(error, "filename", None):
            # ENOSPC and friends name no file: say where the demo was being written
            raise CliError(
                _("Could not write the demo in {path}: {error}", path=workspace.root, error=error.strerror or error)
            ) from None
        raise CliError(str(error)) from None

    from meeting_tui.app import MeetingApp

    theme = "high-contrast" if getattr(args, "theme", "dark") == "high-contrast" else "textual-dark"
    return MeetingApp(
        workspace, open_path=open_path, theme=theme, display=getattr(args, "display", None), environ=os.environ
    )


def _preflight(path: Path) -> None:
    """Replay a session before the UI starts, so a damaged file is reported on the terminal."""
    from meeting_tui.controller import SessionController

    SessionController.open(path, clock=time.time, read_only=True).close()


def _new_command(args: argparse.Namespace) -> int:
    """`meeting-tui new COMMITTEE --date D`: a session prepared ahead; prints its path."""
    from meeting_tui.controller import SessionController
    from meeting_tui.domain.errors import Refusal
    from meeting_tui.store import StorageError
    from meeting_tui.workspace import Workspace, WorkspaceError, default_data_dir

    workspace = Workspace(default_data_dir(getattr(args, "data_dir", None)))
    try:
        workspace.ensure()
        entry = workspace.committee(args.committee)
        if entry.committee is None:
            detail = "; ".join(p.message for p in entry.errors[:3]) or _("no committee.toml")
            return _fail(_("committee {name} cannot be used: {detail}", name=args.committee, detail=detail))
        agendas = [a for a in workspace.agendas(args.committee, entry.committee) if a.agenda is not None]
        if args.agenda:
            agendas = [a for a in agendas if a.path.stem == args.agenda or a.path.name == args.agenda]
        if not agendas:
            return _fail(_("no valid agenda for {name}; add one in {path}.", name=args.committee, path=workspace.committee_dir(args.committee) / "agendas"))
        agenda = agendas[0].agenda
        date = args.date or agenda.date or datetime.now().date().isoformat()
        title = args.title or agenda.title
        place = args.place if args.place is not None else agenda.place
        from meeting_tui.domain.dates import date_problem, normalize_date

        problem = date_problem(date)
        if problem:
            return _fail(_("The session's date: {problem}", problem=problem))
        date = normalize_date(date)
        path = workspace.new_session_path(args.committee, date, title)
        if (outside := workspace.outside_problem(args.committee)) is not None:
            return _fail(outside)
        controller = SessionController.create(
            path, entry.committee, agenda, clock=time.time, title=title, date=date, place=place, prepared=True
        )
        controller.close()
    except Refusal as refusal:
        return _fail(refusal.message)
    except (WorkspaceError, StorageError, OSError) as error:
        return _fail(str(error))
    print(_("Prepared {path} for {date}; open it and press O to call the meeting to order.", path=path, date=date))
    return 0


def _demo_session(workspace) -> Path:
    """Install the demo committee (never overwriting) and return today's open demo session."""
    from meeting_tui.controller import SessionController
    from meeting_tui.display import inline
    from meeting_tui.workspace import WorkspaceError

    workspace.install_demo()
    slug = "demo-executive"
    today = datetime.now().date().isoformat()
    # Today's session holds its own roster and charter: resuming it needs no committee file
    # read (nor the charter checker imported) before the first frame; the earlier days' sessions
    # are not replayed to find it.
    for session in workspace.sessions(slug, since=today):
        if session.date == today and not session.closed and not session.damaged:
            return session.path
    entry = workspace.committee(slug)
    if entry.committee is None:
        detail = "; ".join(p.message for p in entry.errors[:3])
        raise WorkspaceError(
            _(
                "the demo committee file {path} has errors ({detail}). Fix it, or move it away and run `meeting-tui demo` again to recreate it.",
                path=inline(str(entry.path)),  # #19: a path keeps its order in Arabic
                detail=detail,
            )
        )
    agendas = [a for a in workspace.agendas(slug, entry.committee) if a.agenda is not None]
    if not agendas:
        raise WorkspaceError(_("the demo committee has no valid agenda in {path}.", path=workspace.committee_dir(slug) / "agendas"))
    agenda = agendas[0].agenda
    path = workspace.new_session_path(slug, today, agenda.title)
    if (outside := workspace.outside_problem(slug)) is not None:
        raise WorkspaceError(outside)
    controller = SessionController.create(
        path, entry.committee, agenda, clock=time.time, title=agenda.title, date=today, place=agenda.place,
        prepared=True,  # as a real meeting: attendance first, then O calls it to order (issue 18)
    )
    controller.close()
    return path


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
