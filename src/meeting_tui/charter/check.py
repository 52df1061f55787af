"""`meeting-tui check FILE...`: validate committee and agenda files, compiler style.

Output, one block per file:

    FILE:LINE: error: MESSAGE
        fix: FIX
    FILE: ok (13 members, 11 voting seats, 0 warnings)

Exit status 0 when every file is valid (warnings allowed), 1 otherwise. Never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from meeting_tui.charter.load import committee_beside, default_slug, parse_toml, read_text
from meeting_tui.charter.problems import ERROR, LoadResult, Problem, sort_problems
from meeting_tui.charter.validate import validate_agenda, validate_committee
from meeting_tui.charter.values import visible
from meeting_tui.rtl import inline
from meeting_tui.domain import rules
from meeting_tui.domain.model import Agenda, Committee
from meeting_tui.i18n import _, ngettext

def file_kind(data: dict) -> str | None:
    """"committee", "agenda" or None (neither), by the file's content."""
    if "committee" in data or "members" in data:
        return "committee"
    if "agenda" in data or "items" in data:
        return "agenda"
    return None


def check_file(path: Path, committee: Committee | None = None) -> tuple[list[Problem], str]:
    """Every problem in one file, and the summary for its last line when it is valid.

    An agenda is checked against `committee`, or else the committee.toml of the folder it
    is kept in (`<committee>/agendas/<name>.toml`), when there is one."""
    text, problems = read_text(path)
    if text is None:
        return problems, ""
    data, problems, index = parse_toml(text)
    if data is None:
        return problems, ""
    kind = file_kind(data)
    if kind is None:
        return [
            Problem(
                ERROR,
                _("{path} is neither a committee file nor an agenda file.", path=path),
                _("A committee file has a [committee] table and [[members]] blocks; an agenda file has an [agenda] table and [[items]] blocks. See docs/FILE-FORMATS.md."),
                None,
            )
        ], ""
    if kind == "committee":
        result: LoadResult = validate_committee(data, slug=default_slug(path), index=index)
        summary = _summary_committee(result) if result.value is not None else ""
    else:
        result = validate_agenda(data, index=index, committee=committee or committee_beside(path))
        summary = _summary_agenda(result) if result.value is not None else ""
    return result.problems, summary


def _count_warnings(n: int) -> str:
    return ngettext("{n} warning", "{n} warnings", n)


def _count_errors(n: int) -> str:
    return ngettext("{n} error", "{n} errors", n)


def _summary_committee(result: LoadResult) -> str:
    committee: Committee = result.value
    seats = len(rules.seats(committee.charter, committee.members))
    if committee.charter.seats == "organisation":
        seats_text = ngettext("{n} voting organisation", "{n} voting organisations", seats)
    else:
        seats_text = ngettext("{n} voting seat", "{n} voting seats", seats)
    return _(
        "ok ({members}, {seats}, {warnings})",
        members=ngettext("{n} member", "{n} members", len(committee.members)),
        seats=seats_text,
        warnings=_count_warnings(len(result.warnings)),
    )


def _summary_agenda(result: LoadResult) -> str:
    agenda: Agenda = result.value
    minutes = agenda.planned_minutes
    return _(
        "ok ({items}, {minutes} minutes, {warnings})",
        items=ngettext("{n} item", "{n} items", len(agenda.items)),
        minutes=int(minutes) if float(minutes).is_integer() else round(minutes, 1),
        warnings=_count_warnings(len(result.warnings)),
    )


def format_problem(name: str, problem: Problem) -> str:
    name = inline(name)  # a path inside an Arabic sentence keeps its own order
    severity = _("error") if problem.severity == ERROR else _("warning")
    if problem.line is not None:
        head = _("{file}:{line}: {severity}: {message}", file=name, line=problem.line, severity=severity, message=problem.message)
    else:
        head = _("{file}: {severity}: {message}", file=name, severity=severity, message=problem.message)
    return head + "\n    " + _("fix: {fix}", fix=problem.fix)


def _write(out: TextIO, text: str) -> None:
    """Write a line; on a terminal that cannot show some characters, escape them."""
    text = visible(text)
    try:
        out.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(out, "encoding", None) or "ascii"
        out.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace") + "\n")


def _first_committee(paths: list[str]) -> Committee | None:
    """A valid committee named on the same command line, to check agendas against."""
    for name in paths:
        path = Path(name)
        if path.suffix == ".toml" and path.is_file():
            text, _problems = read_text(path)
            data = parse_toml(text)[0] if text is not None else None
            if data is not None and file_kind(data) == "committee":
                return validate_committee(data, slug=default_slug(path)).value
    return None


def check_paths(paths: list[str], out: TextIO) -> int:
    """Check each file, print its problems and a summary line; 0 if all are valid."""
    if not paths:
        _write(out, _("Nothing to check: give one or more committee or agenda files."))
        return 1
    status = 0
    committee = _first_committee(paths)
    for name in paths:
        try:
            problems, summary = check_file(Path(name), committee)
        except Exception as error:  # noqa: BLE001 - a checker bug must not become a traceback
            problems = [
                Problem(
                    ERROR,
                    _("The check itself failed ({error}).", error=f"{type(error).__name__}: {error}"),
                    _("This is a bug in meeting-tui; please report it with the file."),
                    None,
                )
            ]
            summary = ""
        problems = sort_problems(problems)
        for problem in problems:
            _write(out, format_problem(name, problem))
        errors = sum(1 for p in problems if p.severity == ERROR)
        warnings = len(problems) - errors
        if errors or not summary:
            status = 1
            _write(
                out,
                _("{file}: {errors}, {warnings}", file=inline(name), errors=_count_errors(max(errors, 1)), warnings=_count_warnings(warnings)),
            )
        else:
            _write(out, _("{file}: {summary}", file=inline(name), summary=summary))
    return status
