"""Exported minutes: `<date>-<slug>.md`, `.html`, `.docx` and `.pdf` next to the session file
(same stem), or where the secretary says (`-o` a file or a folder).

Used by `meeting-tui export` and by the app's minutes screen (in a worker). Every refusal is
an `ExportError` with a message for a person, raised before anything is written; the files
of one export are written atomically and all or nothing. A file is overwritten only when it
is the minutes of the same session (its footer, the docx's identifier or the PDF's trailing
comment names the session file); a session file (`.json`) is never a target.
"""

from __future__ import annotations

import html
import os
import re
import time
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from msgspec import Struct

from meeting_tui.charter.values import visible
from meeting_tui.display import inline
from meeting_tui.documents import DocumentError
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _
from meeting_tui.minutes import render_html, render_markdown
from meeting_tui.store import DamagedSessionFile, atomic_write_bytes, atomic_write_text

FORMATS = ("md", "html", "docx", "pdf")
DEFAULT_FORMATS = ("md", "html")
SUFFIXES = {"md": (".md", ".markdown"), "html": (".html", ".htm"), "docx": (".docx",), "pdf": (".pdf",)}
BINARY = frozenset({"docx", "pdf"})
PDF_SOURCE = b"%meeting-tui-source "
MAX_OWNER_SCAN_BYTES = 32 * 1024 * 1024

# The footer names the session file in a code span: `demo-executive/2026-03-14-x.json`.
_OWNER_MD = re.compile(r"`+ ?([^`\n]+?\.json) ?`+")
_OWNER_HTML = re.compile(r"<code>([^<\n]+?\.json)</code>")


class ExportError(Exception):
    """An export was refused; nothing was written. `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Minutes(Struct, frozen=True):
    """The rendered minutes of one session, ready to write."""

    session: Path
    source: str  # the session file as named in the footer (relative to the data directory)
    texts: dict[str, str | bytes]  # format -> text (md, html) or bytes (docx, pdf)


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def local_timezone(at: float) -> tzinfo:
    """This computer's UTC offset in force at `at` (the session's opening), as a fixed zone."""
    return datetime.fromtimestamp(at).astimezone().tzinfo or timezone.utc


def parse_utc_offset(text: str) -> tzinfo:
    """"+03:00", "-0430", "3" or "UTC" as a fixed time zone; ValueError otherwise."""
    text = text.strip()
    if text.upper() in ("UTC", "Z", "0"):
        return timezone.utc
    match = re.fullmatch(r"([+-]?)(\d{1,2})(?::?(\d{2}))?", text)
    if not match:
        raise ValueError(text)
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def source_label(session: Path, data_dir: Path | None) -> str:
    """The session file as the minutes name it: relative to the data directory if inside it."""
    if data_dir is not None:
        try:
            return Path(os.path.abspath(session)).relative_to(os.path.abspath(data_dir)).as_posix()
        except ValueError:
            pass
    return session.name


def later_links(session: Path, state: SessionState | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """What later sessions did to this session's decisions (rescinded by …), from the
    committee's register. Reads many files: call it from a worker in the app. `state`: the
    session as its open controller holds it (then its own file is not read again)."""
    from meeting_tui.domain.revisit import INVERSE
    from meeting_tui.register import Register

    try:
        known = {Path(session).name: state} if state is not None else None
        register = Register.load(Path(session).parent, None, write=False, known=known)
    except Exception:  # noqa: BLE001 - the register is a convenience; minutes go out without it
        return {}
    out: dict[str, list[tuple[str, str, str]]] = {}
    for entry in register.entries:
        if entry.session != Path(session).name:
            continue
        later = [(link.relation, link.id, link.date) for link in entry.links if link.relation in INVERSE.values()]
        if later:
            out[entry.id] = later
    return out


def render(
    state: SessionState,
    session: Path,
    *,
    data_dir: Path | None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    approval: Mapping[str, Any] | None = None,
    tz: tzinfo | None = None,
    now: float | None = None,
    later: Mapping[str, Any] | None = None,
) -> Minutes:
    """Render the minutes of `state` (pure apart from reading the local time zone)."""
    source = source_label(session, data_dir)
    markdown = render_markdown(
        state, approval=approval, now=now, tz=tz or local_timezone(state.opened_at), source=source, later=later
    )
    return Minutes(session, source, convert(markdown, formats, lang=state.committee.language, title=state.title, source=source))


def convert(markdown: str, formats: Iterable[str], *, lang: str, title: str, source: str) -> dict[str, str | bytes]:
    """The minutes' Markdown in each format asked for (`DocumentError` if one cannot be made)."""
    from meeting_tui.i18n import using_language

    with using_language(lang):
        heading = _("Minutes: {title}", title=title)
    texts: dict[str, str | bytes] = {}
    page = None
    for fmt in formats:
        if fmt == "md":
            texts["md"] = markdown
        elif fmt in ("html", "pdf"):
            page = page or render_html(markdown, lang=lang, title=heading)
            if fmt == "html":
                texts["html"] = page
            else:
                from meeting_tui.documents import html_to_pdf

                texts["pdf"] = html_to_pdf(page) + PDF_SOURCE + source.encode("utf-8") + b"\n"
        elif fmt == "docx":
            from meeting_tui.documents import markdown_to_docx

            texts["docx"] = markdown_to_docx(markdown, lang=lang, title=heading, identifier=source)
    return texts


# ---------------------------------------------------------------------------------------------
# Where the files go, and whether they may be written
# ---------------------------------------------------------------------------------------------


def default_target(session: Path, fmt: str) -> Path:
    """`<date>-<slug>.<fmt>` next to the session file."""
    return session.with_suffix("." + fmt)


def minutes_owner(path: Path) -> str | None:
    """The session file named in the footer of the minutes at `path` (None if not minutes)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_OWNER_SCAN_BYTES:  # a FIFO must not hang
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_owner(path)
    if suffix == ".pdf":
        tail = text.rsplit(PDF_SOURCE.decode("ascii"), 1)
        return tail[1].strip() if len(tail) == 2 and "\n" not in tail[1].strip() else None
    found = _OWNER_HTML.findall(text) if suffix in SUFFIXES["html"] else _OWNER_MD.findall(text)
    return html.unescape(found[-1]).strip() if found else None


def _docx_owner(path: Path) -> str | None:
    try:
        from docx import Document

        return Document(str(path)).core_properties.identifier or None
    except Exception:  # noqa: BLE001 - not a Word file we can read: not ours
        return None


def plan_targets(minutes: Minutes, *, data_dir: Path, output: Path | None = None) -> dict[Path, str | bytes]:
    """target path -> content, after checking every target; raises `ExportError` otherwise.

    `output`: a file (one format, its suffix must fit) or a folder (every format, named after
    the session); relative to the current directory, like any command-line tool."""
    session = minutes.session
    targets: dict[Path, str | bytes] = {}
    if output is not None and (output.is_dir() or str(output).endswith(("/", os.sep))):
        for fmt, text in minutes.texts.items():
            targets[Path(os.path.abspath(output)) / (session.stem + "." + fmt)] = text
    elif output is not None:
        if len(minutes.texts) != 1:
            raise ExportError(_("-o names one file: choose one format with --format, or name a folder."))
        ((fmt, text),) = minutes.texts.items()
        if output.suffix.lower() not in SUFFIXES[fmt]:
            raise ExportError(
                _("{path}: the file name for {fmt} minutes must end in {suffix}.", path=output, fmt=fmt, suffix=SUFFIXES[fmt][0])
            )
        targets[Path(os.path.abspath(output))] = text
    else:
        root = Path(os.path.realpath(data_dir))
        if not Path(os.path.realpath(session.parent)).is_relative_to(root):
            raise ExportError(
                _("{path} is outside the data directory {root}; minutes are written inside it.", path=session.parent, root=data_dir)
            )
        for fmt, text in minutes.texts.items():
            targets[default_target(session, fmt)] = text
    for target in targets:
        _check_target(target, minutes)
    return targets


def _check_target(target: Path, minutes: Minutes) -> None:
    session = minutes.session
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(_("Cannot write {path}: the folder {folder} does not exist.", path=target, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(_("Cannot write {path}: the folder {folder} is not writable.", path=target, folder=folder))
    if target.is_dir():
        raise ExportError(_("Cannot write {path}: it is a folder.", path=target))
    if target.suffix.lower() == ".json":
        raise ExportError(_("{path} is a session file's name; minutes are never written over a session.", path=target))
    own = target.parent.resolve() == session.parent.resolve() and target.stem == session.stem
    sibling = target.with_suffix(".json")
    if not own and sibling.is_file():
        raise ExportError(
            _("{path} would be the minutes of the session {other}; choose another name.", path=target, other=sibling.name)
        )
    if not (target.exists() or target.is_symlink()):
        return
    owner = minutes_owner(target)
    if owner is not None and not (_same(owner, minutes.source) or ("/" not in owner and _same(owner, session.name))):
        raise ExportError(
            _("{path} holds the minutes of another session ({other}); it was left as it is. Choose another name.", path=target, other=owner)
        )
    if owner is None and not own:
        raise ExportError(
            _("{path} already exists and is not the minutes of this session; it was left as it is. Choose another name.", path=target)
        )


def _same(footer: str, name: str) -> bool:
    """Whether the session named in a footer is *name*: the minutes show names with runs of
    spaces and tabs collapsed and newlines shown as " / ", so compare them that way."""
    def canonical(text: str) -> str:  # a newline is shown as " / " (a file name has no " / ")
        return " ".join(re.sub(r"\s/\s", " ", text).split())

    return footer == name or canonical(footer) == canonical(name)


def write_all(targets: Mapping[Path, str | bytes]) -> list[Path]:
    """Write every target atomically; if one fails, the ones already written are put back as
    they were (removed, or their old content restored) and the error is raised."""
    previous: dict[Path, bytes | None] = {}
    written: list[Path] = []
    try:
        for target, text in targets.items():
            previous[target] = target.read_bytes() if target.is_file() else None
            if isinstance(text, bytes):
                atomic_write_bytes(target, text)
            else:
                atomic_write_text(target, text)
            written.append(target)
    except OSError as error:
        for target in written:
            try:
                old = previous[target]
                if old is None:
                    target.unlink(missing_ok=True)
                else:
                    atomic_write_bytes(target, old)
            except OSError:
                pass
        raise ExportError(
            _("Could not write {path}: {error}. Nothing was exported.", path=target, error=error.strerror or error)
        ) from None
    return written


# ---------------------------------------------------------------------------------------------
# The whole export, for the command line
# ---------------------------------------------------------------------------------------------


def resolve_session(data_dir: Path, session: str | Path) -> Path:
    """A session path as given, or relative to the data directory."""
    given = Path(session).expanduser()
    candidates = [given] if given.is_absolute() else [given, data_dir / given]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ExportError(_("No session file {path} (nor in the data directory {root}).", path=session, root=data_dir))


def load_state(path: Path) -> SessionState:
    """Replay a session read-only (it may be open in the app); `ExportError` if it cannot be."""
    from meeting_tui.controller import SessionController

    if path.suffix.lower() != ".json":
        raise ExportError(_("{path} is not a session file (those end in .json).", path=path))
    try:
        controller = SessionController.open(path, clock=time.time, read_only=True)
    except DamagedSessionFile as damaged:
        raise ExportError(
            _("{path} cannot be read: {reason}. The file was left untouched; nothing was exported.", path=path, reason=damaged.reason)
        ) from None
    except OSError as error:
        raise ExportError(_("Cannot read {path}: {error}. Nothing was exported.", path=path, error=error.strerror or error)) from None
    try:
        return controller.state
    finally:
        controller.close()


def export_session(
    data_dir: Path,
    session: str | Path,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    output: Path | None = None,
    tz: tzinfo | None = None,
    clock: Callable[[], float] = time.time,
) -> list[Path]:
    """Export one session's minutes; returns the files written. Raises `ExportError`."""
    from meeting_tui.workspace import Workspace

    path = resolve_session(data_dir, session)
    state = load_state(path)
    approval = Workspace(data_dir).approval_of(path)
    later = later_links(path, state)
    try:
        minutes = render(
            state, path, data_dir=data_dir, formats=formats, approval=approval, tz=tz, now=clock(), later=later
        )
    except DocumentError as error:
        raise ExportError(error.message) from None
    return write_all(plan_targets(minutes, data_dir=data_dir, output=output))


def export_command(args: Any, out, err) -> int:
    """`meeting-tui export SESSION [--format md|html|docx|pdf|all] [-o PATH] [--utc-offset +HH:MM]`."""
    from meeting_tui.workspace import default_data_dir

    data_dir = default_data_dir(getattr(args, "data_dir", None))
    output = Path(args.output).expanduser() if args.output else None
    if args.output and args.output.endswith(("/", os.sep)) and not output.is_dir():
        return _refuse(err, _("Cannot write into {folder}: the folder does not exist.", folder=output))
    if output is not None and output.suffix.lower() == ".json":
        return _refuse(err, _("{path} is a session file's name; minutes are never written over a session.", path=output))
    if args.format:
        formats: tuple[str, ...] = FORMATS if args.format == "all" else tuple(dict.fromkeys(args.format.split(",")))
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            return _refuse(err, _("--format takes md, html, docx, pdf or all (or several, as md,pdf), not {text}.", text=args.format))
    elif output is not None and not (output.is_dir() or str(output).endswith(("/", os.sep))):
        formats = tuple(f for f, suffixes in SUFFIXES.items() if output.suffix.lower() in suffixes)
        if not formats:
            return _refuse(err, _("-o must name a .md, .html, .docx or .pdf file or a folder (or give --format)."))
    else:
        formats = DEFAULT_FORMATS
    tz = None
    if args.utc_offset:
        try:
            tz = parse_utc_offset(args.utc_offset)
        except ValueError:
            return _refuse(err, _("--utc-offset takes an offset such as +03:00 or -05:00, not {text}.", text=args.utc_offset))
    try:
        written = export_session(data_dir, args.session, formats=formats, output=output, tz=tz)
    except ExportError as refusal:
        return _refuse(err, refusal.message)
    for path in written:
        print(visible(_("wrote {path}", path=inline(str(path)))), file=out)
    return 0


def _refuse(err, message: str) -> int:
    # Paths and titles come from the user's files: control characters are written as \uXXXX
    # (as `check` does), so an ESC in a file name cannot reach the terminal.
    print(visible(f"meeting-tui: {message}"), file=err)
    return 1
