"""Importing a committee or agenda file from anywhere: read and check it as `check` does.

UI-free: the caller shows the problems (and refuses the file when there is an error) or
writes `text` (the file as read, with a byte-order mark and Windows line endings removed)
into the data directory.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from meeting_tui.charter.check import file_kind
from meeting_tui.charter.load import default_slug, normalise, parse_toml, read_text
from meeting_tui.charter.problems import ERROR, LoadResult, Problem
from meeting_tui.charter.validate import validate_agenda, validate_committee
from meeting_tui.domain.model import Agenda, Committee
from meeting_tui.i18n import _


class ImportedFile(Struct):
    path: Path
    kind: str | None  # "committee" | "agenda" | None (unreadable, or neither)
    text: str | None = None
    committee: Committee | None = None
    agenda: Agenda | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return self.kind is not None and not self.errors and (self.committee or self.agenda) is not None


def read_import(path: Path, *, committee: Committee | None = None) -> ImportedFile:
    """Read and check a committee or agenda file; an agenda is checked against `committee`."""
    path = Path(path).expanduser()
    text, problems = read_text(path)
    if text is None:
        return ImportedFile(path, None, problems=problems)
    data, problems, index = parse_toml(text)
    if data is None:
        return ImportedFile(path, None, problems=problems)
    kind = file_kind(data)
    if kind is None:
        return ImportedFile(
            path,
            None,
            problems=[
                Problem(
                    ERROR,
                    _("{path} is neither a committee file nor an agenda file.", path=path),
                    _("A committee file has a [committee] table and [[members]] blocks; an agenda file has an [agenda] table and [[items]] blocks. See docs/FILE-FORMATS.md."),
                    None,
                )
            ],
        )
    if kind == "committee":
        result: LoadResult = validate_committee(data, slug=default_slug(path), index=index)
        return ImportedFile(path, kind, normalise(text), committee=result.value, problems=result.problems)
    result = validate_agenda(data, index=index, committee=committee)
    return ImportedFile(path, kind, normalise(text), agenda=result.value, problems=result.problems)
