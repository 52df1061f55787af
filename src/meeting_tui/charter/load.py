"""Reading committee and agenda files: bytes -> text -> TOML -> checked model objects.

Nothing here raises for a bad file: every failure (missing, unreadable, binary, not UTF-8,
empty, TOML syntax, wrong content) comes back as a `Problem` with a fix.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from meeting_tui.slugs import slug

from meeting_tui.charter.lines import LineIndex
from meeting_tui.charter.problems import ERROR, LoadResult, Problem
from meeting_tui.charter.validate import validate_agenda, validate_committee
from meeting_tui.domain.model import Agenda, Committee
from meeting_tui.i18n import _

MAX_FILE_BYTES = 5 * 1024 * 1024  # a committee file is a few kilobytes; this is not one
SMART_QUOTES = "“”‘’„‟«»"
ODD_SPACES = "\u00a0\u2007\u202f\u200b\u2002\u2003\u2009\ufeff"
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def normalise(text: str) -> str:
    """Strip a UTF-8 byte-order mark and turn Windows (and old Mac) line endings into \\n."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_VALUE_START = re.compile(r"""["'\[{]|[+-]?[0-9]|[+-]?(inf|nan)\b|true\b|false\b""")


def _looks_unquoted(line: str) -> bool:
    """Whether `key = value` has a value that starts like bare text (forgotten quotes)."""
    _key, eq, value = line.partition("=")
    value = value.strip()
    return bool(eq and value and not _VALUE_START.match(value))


def _syntax_problem(text: str, error: Exception) -> Problem:
    """A TOML syntax error as a Problem, with its line and a hint for the usual causes."""
    raw = str(error)
    line: int | None = getattr(error, "lineno", None)
    column: int | None = getattr(error, "colno", None)
    m = _AT.search(raw)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        raw = raw[: m.start()]
    elif _AT_END.search(raw):
        raw = raw[: _AT_END.search(raw).start()]  # type: ignore[union-attr]
    detail = raw.strip() or _("invalid TOML")
    lines = text.split("\n")
    try:
        index: LineIndex | None = LineIndex(text)
    except Exception:  # noqa: BLE001 - best effort only
        index = None
    unclosed = False

    # Duplicate keys: tomllib may say "at end of document"; find the repeated line ourselves.
    if detail.startswith("Cannot overwrite a value") and index is not None and index.duplicates:
        path, first, again = index.duplicates[0]
        key = ".".join(str(p) for p in path if isinstance(p, str))
        return Problem(
            ERROR,
            _("TOML syntax error: '{key}' is set twice (first on line {first}).", key=key, first=first),
            _("Keep one of the two lines and delete the other."),
            again,
        )
    if line is None:
        if index is None:
            line = len(lines)
        elif detail.startswith("Unterminated string") and index.unterminated_line:
            line = index.unterminated_line
        elif index.unclosed_line:
            line, unclosed = index.unclosed_line, True
        elif index.unterminated_line:
            line = index.unterminated_line
        else:
            line = len(lines)

    here = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    if any(q in here for q in SMART_QUOTES) or (not here and any(q in text for q in SMART_QUOTES)):
        fix = _("Replace curly quotes (“ ” ‘ ’) with straight quotes (\" or '). Word processors insert curly quotes: edit the file in a plain-text editor.")
    elif any(s in here for s in ODD_SPACES):
        fix = _("Replace the invisible non-breaking space on this line with an ordinary space (it usually comes from copying out of a word processor or web page).")
    elif detail.startswith("Cannot declare"):
        fix = _("The same [table] header appears twice: merge the two sections into one (members and agenda items use [[double brackets]], once per entry).")
    elif detail.startswith("Cannot overwrite"):
        fix = _("A key is set twice in the same table: keep one of the two lines.")
    elif unclosed:
        fix = _("A list or inline table that starts on this line is never closed: add the missing closing bracket.")
    elif detail.startswith("Unterminated string") or detail.startswith("Illegal character '\\n'"):
        fix = _("Close the text with the same quote it starts with, on the same line.")
    elif detail.startswith("Expected newline"):
        fix = _("Put each key = value on its own line; text with spaces needs double quotes.")
    elif detail.startswith("Invalid value") and _looks_unquoted(here):
        fix = _('Put text values in double quotes, e.g. name = "Amina Haddad"; numbers and true/false go without quotes.')
    else:
        fix = _("Check this line: each line is key = value, text goes in double quotes, tables are [name] or [[name]] on their own line. See docs/FILE-FORMATS.md.")
    if column is not None:
        message = _("TOML syntax error: {error} (column {column}).", error=detail, column=column)
    else:
        message = _("TOML syntax error: {error}.", error=detail)
    return Problem(ERROR, message, fix, line)


def parse_toml(text: str) -> tuple[dict | None, list[Problem], LineIndex | None]:
    """Parse TOML text; on failure return the syntax problem instead of raising."""
    text = normalise(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_problem(text, error)], None
    except ValueError:  # an integer of more than 4,300 digits (Python's int-str limit)
        return (
            None,
            [
                Problem(
                    ERROR,
                    _("TOML syntax error: a number is too long to read (more than 4,300 digits)."),
                    _("Shorten the number; no value in these files needs more than a few digits."),
                    None,
                )
            ],
            None,
        )
    except RecursionError:
        return (
            None,
            [
                Problem(
                    ERROR,
                    _("TOML syntax error: the values are nested too deeply to read."),
                    _("Remove the deeply nested brackets; committee and agenda files need at most lists of text."),
                    None,
                )
            ],
            None,
        )
    try:
        index: LineIndex | None = LineIndex(text)
    except Exception:  # noqa: BLE001 - line numbers are best effort; never fail a check for them
        index = None
    return data, [], index


def parse_committee(text: str, *, slug: str) -> LoadResult[Committee]:
    """Parse and check the text of a `committee.toml`."""
    data, problems, index = parse_toml(text)
    if data is None:
        return LoadResult(None, problems)
    return validate_committee(data, slug=slug, index=index)


def parse_agenda(text: str, *, committee: Committee | None = None) -> LoadResult[Agenda]:
    """Parse and check the text of an agenda file (against `committee`'s roster if given)."""
    data, problems, index = parse_toml(text)
    if data is None:
        return LoadResult(None, problems)
    return validate_agenda(data, index=index, committee=committee)


def salvage_committee(text: str, *, slug: str) -> LoadResult[Committee]:
    """What an editor can open of a committee file with errors: the committee as far as it
    could be read (defaults where a value is wrong) and every problem; no committee when the
    text is not TOML at all (the syntax problem then says where and what to fix)."""
    data, problems, index = parse_toml(text)
    if data is None:
        return LoadResult(None, problems)
    return validate_committee(data, slug=slug, index=index, salvage=True)


def salvage_agenda(text: str, *, committee: Committee | None = None) -> LoadResult[Agenda]:
    """`salvage_committee` for an agenda file."""
    data, problems, index = parse_toml(text)
    if data is None:
        return LoadResult(None, problems)
    return validate_agenda(data, index=index, committee=committee, salvage=True)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a TOML file as text; (None, [problem]) for anything that is not a UTF-8 text file."""
    path = Path(path)

    def fail(message: str, fix: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(ERROR, message, fix, line)]

    try:
        if path.is_dir():
            inside = path / "committee.toml"
            if inside.is_file():
                return fail(
                    _("{path} is a folder, not a file.", path=path),
                    _("Give the file inside it: {inside}", inside=inside),
                )
            return fail(
                _("{path} is a folder, not a file.", path=path),
                _("Give the path of a committee.toml or agenda .toml file."),
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return fail(
                    _("{path} is not a regular file (a pipe or a device); it was not read.", path=path),
                    _("Give the path of a .toml file."),
                )
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return fail(
            _("File not found: {path}", path=path),
            _("Check the spelling and the folder of the path (the current folder is {cwd}).", cwd=Path.cwd()),
        )
    except PermissionError:
        return fail(
            _("Permission denied: cannot read {path}.", path=path),
            _("Ask the file's owner for read access, or copy the file somewhere you can read it."),
        )
    except IsADirectoryError:
        return fail(_("{path} is a folder, not a file.", path=path), _("Give the path of a .toml file."))
    except ValueError:
        return fail(_("Cannot read {path}: the path is not valid.", path=path), _("Check the path."))
    except OSError as error:
        return fail(
            _("Cannot read {path}: {error}", path=path, error=error.strerror or error),
            _("Check that the file exists and is readable."),
        )
    if len(data) > MAX_FILE_BYTES:
        return fail(
            _("{path} is larger than 5 MB; a committee or agenda file is a few kilobytes.", path=path),
            _("Check that this is the right file."),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail(
            _("{path} is saved as UTF-16; it must be UTF-8.", path=path),
            _("Save it again with the encoding UTF-8 (in Notepad: Save as → Encoding: UTF-8)."),
        )
    if b"\x00" in data:
        return fail(
            _("{path} is a binary file, not a text file.", path=path),
            _("Give a committee or agenda .toml file (plain text)."),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return fail(
            _("{path} is not valid UTF-8 text (byte {byte} on line {line}).", path=path, byte=error.start + 1, line=line),
            _("Save the file with the encoding UTF-8 (most editors offer it under Save as → Encoding)."),
            line,
        )
    if not text.strip():
        return fail(
            _("{path} is empty.", path=path),
            _("Start from an example file (see docs/FILE-FORMATS.md) and fill in your committee or agenda."),
        )
    return text, []


def default_slug(path: Path) -> str:
    """The folder name for `<slug>/committee.toml`, else the file name made into a slug."""
    path = Path(path)
    if path.name == "committee.toml":
        parent = path.parent.name or path.resolve().parent.name
        if parent:
            return parent
    return slug(path.stem, "committee")


def load_committee(path: Path, *, slug: str | None = None) -> LoadResult[Committee]:
    text, problems = read_text(path)
    if text is None:
        return LoadResult(None, problems)
    return parse_committee(text, slug=slug or default_slug(path))


def load_agenda(path: Path, *, committee: Committee | None = None) -> LoadResult[Agenda]:
    text, problems = read_text(path)
    if text is None:
        return LoadResult(None, problems)
    return parse_agenda(text, committee=committee)


def committee_beside(agenda_path: Path) -> Committee | None:
    """The valid committee of an agenda kept in `<committee>/agendas/`, if there is one."""
    folder = agenda_path.resolve().parent
    candidate = folder.parent / "committee.toml"
    if folder.name != "agendas" or not candidate.is_file():
        return None
    return load_committee(candidate, slug=folder.parent.name).value
