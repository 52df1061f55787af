"""Committee and agenda files: reading, validation and `meeting-tui check` (FILE-FORMATS.md).

Storage-free and UI-free: this package turns TOML text into the domain's `Committee` and
`Agenda`, and reports every problem with a message, a fix and a line.
"""

from meeting_tui.charter.check import check_paths
from meeting_tui.charter.load import load_agenda, load_committee, parse_agenda, parse_committee
from meeting_tui.charter.problems import LoadResult, Problem
from meeting_tui.charter.validate import composition_warnings, validate_agenda, validate_committee

__all__ = [
    "LoadResult",
    "Problem",
    "check_paths",
    "composition_warnings",
    "load_agenda",
    "load_committee",
    "parse_agenda",
    "parse_committee",
    "validate_agenda",
    "validate_committee",
]
