"""What the setup screens (committee, charter, agenda editors, import) share.

Saving: the text about to be written is parsed back and saved only when `check` accepts it,
atomically. Export: a copy to a path the user types, never overwriting without asking.
Problems found in a text are sorted by the key they are about, so each editor can show them
at the right field. Dialogs here run inside workers (`push_screen_wait`).
"""

from __future__ import annotations

import asyncio
import math
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable

from meeting_tui.charter.problems import ERROR, Problem
from meeting_tui.charter.write import locate
from meeting_tui.display import fit
from meeting_tui.i18n import _
from meeting_tui.store import atomic_write_text
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField, ReportDialog


def cell(text: str) -> Text:
    """User text for a DataTable cell: never read as markup (a name may contain [brackets])."""
    return Text(text)


class Located:
    """The problems of one text, by the path of the key they are about."""

    def __init__(self, text: str, problems: Iterable[Problem]) -> None:
        self.all = list(problems)
        self.by_path: dict[tuple | None, list[Problem]] = defaultdict(list)
        for path, problem in locate(text, self.all):
            self.by_path[path].append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.all if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.all if p.severity != ERROR]

    def at(self, path: tuple, *, errors_only: bool = True) -> list[Problem]:
        return [p for p in self.by_path.get(tuple(path), []) if p.severity == ERROR or not errors_only]

    def under(self, prefix: tuple, *, errors_only: bool = True) -> list[tuple[tuple, Problem]]:
        """Problems at `prefix` or inside it, with their paths."""
        n = len(prefix)
        return [
            (path, p)
            for path, problems in self.by_path.items()
            if path is not None and tuple(path[:n]) == tuple(prefix)
            for p in problems
            if p.severity == ERROR or not errors_only
        ]

    def outside(self, prefixes: Iterable[tuple], *, errors_only: bool = False) -> list[Problem]:
        """Problems not at or inside any of `prefixes` (whole-file problems included)."""
        prefixes = [tuple(p) for p in prefixes]
        out = []
        for path, problems in self.by_path.items():
            if path is not None and any(tuple(path[: len(p)]) == p for p in prefixes):
                continue
            out += [p for p in problems if p.severity == ERROR or not errors_only]
        return out


def parse_number(text: str) -> Any:
    """A typed number (Arabic digits and a decimal comma accepted); the text itself if it is
    not one, so that the file check says what is wrong with it."""
    cleaned = text.strip().replace("٫", ".").replace(",", ".")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    return value if math.isfinite(value) else text.strip()


def problem_text(problem: Problem) -> str:
    """A problem as `meeting-tui check` words it (the file's keys and tables)."""
    return f"{problem.message} — {problem.fix}" if problem.fix else problem.message


def plain_text(problem: Problem) -> str:
    """A problem as the editors word it: the field as the form labels it, no file syntax
    (the file's wording when no plain one is known)."""
    return problem.plain or problem_text(problem)


def start_folder(app: App) -> Path:
    """Where a path dialog for an import starts: the folder last imported from, else the
    folder the app was started from."""
    from meeting_tui.settings import load_settings

    remembered = load_settings(app.workspace.root).import_folder
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return Path.cwd()


def remember_folder(app: App, path: Path) -> None:
    """Remember the folder of an imported file for the next import (best effort)."""
    from msgspec.structs import replace as _replace

    from meeting_tui.settings import load_settings, save_settings

    root = app.workspace.root
    folder = str(path.expanduser().resolve().parent)
    if load_settings(root).import_folder != folder:
        save_settings(root, _replace(load_settings(root), import_folder=folder))


def problem_lines(problems: Iterable[Problem], name: str = "") -> list[tuple[str, str]]:
    """Problems as report lines, the way `meeting-tui check` prints them."""
    lines: list[tuple[str, str]] = []
    for p in problems:
        where = _("line {line}: ", line=p.line) if p.line is not None else ""
        severity = _("error") if p.severity == ERROR else _("warning")
        lines.append((f"{name + ': ' if name else ''}{where}{severity}: {p.message}", "error" if p.severity == ERROR else "warning"))
        if p.fix:
            lines.append(("    " + _("fix: {fix}", fix=p.fix), "muted"))
    return lines


def opened_problems(problems: Iterable[Problem], name: str) -> Any:
    """The panel at the top of an editor opened on a file with errors (None when the file had
    none): what happened and what to do; `show_opened_problems` fills in the problems."""
    from textual.containers import VerticalScroll
    from textual.widgets import Label

    if not any(p.severity == ERROR for p in problems):
        return None
    intro = Label(
        _("{name} has problems. Fix them and save with ctrl+s: nothing is written before; comments and order are kept; a wrong value shows as the file says it, or its default; a key the app does not know is removed.", name=name),
        classes="setup-error",
        markup=False,
    )
    return VerticalScroll(intro, id="file-problems")


def show_opened_problems(screen: Any, problems: Iterable[Problem], original: str | None, form: Located | None) -> None:
    """List at the top, with their line in the file, the problems of the file as opened that
    the form does not show beside a field of its own (`form`: the form's own check)."""
    from textual.widgets import Label

    panels = screen.query("#file-problems")
    if not panels:
        return
    errors = [p for p in problems if p.severity == ERROR]
    beside = {path for path, found in (form.by_path.items() if form else ()) if path is not None and any(p.severity == ERROR for p in found)}
    placed = locate(original, errors) if original is not None else [(None, p) for p in errors]
    rest = [p for path, p in placed if path is None or tuple(path) not in beside]
    lines = [Label(text, classes="setup-muted" if style == "muted" else "setup-error", markup=False) for text, style in problem_lines(rest)]
    if len(rest) < len(errors):
        lines.append(Label(_("The other problems are shown beside their fields below."), classes="setup-muted", markup=False))
    panels.first().mount_all(lines)
    # The screen may have scrolled to the focused widget (on a small terminal): the panel first.
    screen.call_after_refresh(lambda: screen.scroll_home(animate=False))


def saved_over_problems(screen: Any) -> None:
    """The file was saved: the problems it had when opened are gone from it."""
    screen.file_problems = []
    for panel in screen.query("#file-problems"):
        panel.remove()


def write_file(path: Path, text: str) -> None:
    """Create the folder if needed and replace `path` atomically (blocking: run in a thread)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


def read_if_exists(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


async def save_text(app: App, path: Path, text: str) -> bool:
    """Write in a thread; a failure is reported, never raised. True when written."""
    try:
        await asyncio.to_thread(write_file, path, text)
    except OSError as error:
        app.notify(_("Could not save {path}: {error}", path=path, error=error.strerror or error), severity="error", timeout=10)
        return False
    return True


def _path_problem(text: str) -> str:
    if not text.strip():
        return _("Type a path, e.g. ~/Desktop/committee.toml")
    path = Path(text.strip()).expanduser()
    parent = path if path.is_dir() else path.parent
    if not parent.is_dir():
        return _("The folder {folder} does not exist.", folder=parent)
    return ""


async def ask_path(app: App, title: str, *, value: str = "", help_text: str = "", submit: str = "") -> Path | None:
    """Ask for a file path (in a worker); None when cancelled."""
    answer = await app.push_screen_wait(
        FormDialog(
            title,
            [FormField("path", _("Path"), value=value, placeholder=_("e.g. ~/Desktop/file.toml"))],
            lambda values: {"path": _path_problem(values["path"])},
            submit=submit,
            help_text=help_text,
        )
    )
    if not answer:
        return None
    return Path(answer["path"].strip()).expanduser()


async def export_copy(app: App, text: str, default_name: str, *, title: str) -> Path | None:
    """Ask where to write a copy of `text` and write it; asks before replacing a file."""
    target = await ask_path(
        app,
        title,
        value=str(Path.home() / default_name),
        help_text=_("A copy of the file is written there (a folder: the file goes inside it). An existing file is replaced only if you say so."),
        submit=_("Export"),
    )
    if target is None:
        return None
    if target.is_dir():
        target = target / default_name
    if target.exists():
        replace = await app.push_screen_wait(
            ConfirmDialog(_("{path} already exists. Replace it?", path=target), yes=_("Replace"))
        )
        if not replace:
            app.notify(_("Nothing was exported."))
            return None
    if await save_text(app, target, text):
        app.notify(_("Exported to {path}", path=target))
        return target
    return None


async def show_refusal(app: App, title: str, problems: list[Problem], *, name: str = "", intro: str = "") -> None:
    await app.push_screen_wait(ReportDialog(title, problem_lines(problems, name), intro=intro))


async def save_committee_file(
    app: App,
    path: Path,
    committee,
    *,
    loaded_text: str | None,
    hand_written: bool,
    new: bool,
) -> str | None:
    """Save `committee` to `path` if `check` accepts the exact text; the text saved, or None.

    The file as it was opened (`loaded_text`) is edited in place (tomlkit: its comments,
    order and layout kept; only the changed values change). Asks first when the file changed
    on disk since it was read, or when it cannot be edited in place and was written by hand
    (its comments would not be kept). A new committee never replaces a file.
    """
    from meeting_tui.charter import parse_committee
    from meeting_tui.charter.write import committee_file_text

    saved = committee_file_text(committee, None if new else loaded_text)
    text = saved.text
    result = parse_committee(text, slug=committee.slug)
    if result.errors:
        app.notify(_("Not saved: {problem}", problem=plain_text(result.errors[0])), severity="error", timeout=8)
        return None
    if result.value != committee:  # what is on screen would not read back the same
        app.notify(_("Not saved: the file would not read back the same. Please report this."), severity="error")
        return None
    on_disk = read_if_exists(path)
    if new and path.exists():
        app.notify(_("Not saved: {path} already exists.", path=path), severity="error")
        return None
    if not new and on_disk is not None and on_disk != loaded_text:
        if not await app.push_screen_wait(
            ConfirmDialog(_("{path} was changed by someone else since you opened it. Replace it with your version?", path=path), yes=_("Replace"))
        ):
            return None
    elif hand_written and not saved.kept_layout:
        if not await app.push_screen_wait(
            ConfirmDialog(
                _("This file was written by hand. Saving writes it again in the app's layout: every value is kept, but your own comments are not. Save?"),
                yes=_("Save"),
            )
        ):
            return None
    if not await save_text(app, path, text):
        return None
    if result.warnings:
        app.notify(_("Saved {path}. Advice on the committee is shown below the form.", path=path))
    else:
        app.notify(_("Saved {path}", path=path))
    return text


MAX_COLUMN = 40  # widest a column gets; longer text is cut in the table (the editor shows it all)


NARROW = 100  # below this many columns the setup screens use their narrow layout (80x24)


def is_narrow(screen) -> bool:
    """Whether `screen` is laid out for a narrow terminal (a laptop's 80x24)."""
    return screen.app.size.width < NARROW


def fill_table(
    table: DataTable,
    headers: list[str],
    rows: list[tuple[list, str | None]],
    *,
    widest: int = MAX_COLUMN,
    room: int = 0,
    give: tuple[int, ...] = (),
) -> None:
    """Replace a table's columns and rows, each column as wide as its widest cell.

    With `room` (the columns the table has), the columns in `give` (widest first) are narrowed
    until every column fits, never below 8 cells: the others (a number, a kind, a vote) are
    always shown in full rather than pushed off the screen.

    The widths are given rather than measured by the table when it is idle: a table that gets
    rows while a dialog is closing can otherwise keep its old, narrower widths on screen."""
    widths = [cell_len(h) for h in headers]
    for cells, _key in rows:
        for i, value in enumerate(cells):
            text = value.plain if isinstance(value, Text) else str(value)
            widths[i] = max(widths[i], cell_len(text))
    widths = [min(w, widest) for w in widths]
    if room and give:
        over = sum(w + 2 for w in widths) - room  # each cell has one space either side
        while over > 0:
            i = max(give, key=lambda k: widths[k])
            if widths[i] <= 8:
                break
            widths[i] -= 1
            over -= 1
    row = table.cursor_row
    table.clear(columns=True)
    for header, width in zip(headers, widths):
        table.add_column(header, width=width)
    for cells, key in rows:
        table.add_row(*(_fitted(value, widths[i]) for i, value in enumerate(cells)), key=key)
    if table.row_count:
        table.move_cursor(row=max(0, min(row, table.row_count - 1)))


def _fitted(value: Any, width: int) -> Any:
    """A cell cut to its column with an ellipsis at its logical end (the table would cut it
    silently, mid-word, with nothing to say more follows)."""
    if isinstance(value, Text):
        if value.cell_len <= width:
            return value
        cut = value.copy()
        cut.truncate(width, overflow="ellipsis")
        return cut
    text = str(value)
    return fit(text, width) if cell_len(text) > width else value
