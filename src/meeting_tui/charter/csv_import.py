"""A member list from a spreadsheet (CSV) -> new `Member`s, with a report of what went wrong.

Columns (header names in any case, in any order; common variants accepted, see `COLUMNS`):
name, organisation, constituency (required); role, voting, phone, email, alternate_for, id
(optional). The encoding is detected: UTF-8 with or without a byte-order mark, UTF-16 or
UTF-32 with a byte-order mark, otherwise Windows Arabic (cp1256), the usual export of Arabic
Excel; which one was used is reported. The delimiter (comma, semicolon or tab) is found with
`csv.Sniffer`. Nothing here changes a committee: the caller shows the report and adds the
members only when the user confirms.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from msgspec import Struct, field

from meeting_tui.charter.ids import new_member_id
from meeting_tui.charter.values import suggest
from meeting_tui.domain.model import CONSTITUENCIES, NON_VOTING_ROLES, ROLES, Committee, Member, votes_by_default
from meeting_tui.i18n import _, join, ngettext

MAX_CSV_BYTES = 5 * 1024 * 1024
REQUIRED = ("name", "organisation", "constituency")
OPTIONAL = ("role", "voting", "phone", "email", "alternate_for", "id")

ENC_UTF8 = "UTF-8"
ENC_UTF8_BOM = "UTF-8 with byte-order mark"
ENC_UTF16 = "UTF-16"
ENC_UTF32 = "UTF-32"
ENC_CP1256 = "Windows Arabic (cp1256)"

_ARABIC = re.compile(r"[\u0621-\u064A]")
# A word where Latin and Arabic letters or marks touch: Western text read as cp1256.
_MIXED = re.compile(r"\w*(?:[A-Za-z\u00C0-\u024F][\u0600-\u06FF]|[\u0600-\u06FF][A-Za-z\u00C0-\u024F])\w*")


def _norm(text: str) -> str:
    """A header or value compared loosely: case, spaces, dashes, dots and underscores."""
    return re.sub(r"[\s_\-.:]+", " ", text.strip().strip("\ufeff").casefold()).strip()


#: Accepted header names for each column (compared with `_norm`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "member", "member name", "delegate", "person", "الاسم", "اسم", "الاسم الكامل", "اسم العضو"),
    "organisation": (
        "organisation", "organization", "org", "organisation name", "organization name",
        "member organisation", "member organization", "association", "ngo",
        "المنظمة", "الجمعية", "الجهة", "المؤسسة",
    ),
    "constituency": ("constituency", "constituency type", "sector", "category", "type", "member type", "الفئة", "نوع الجهة"),
    "role": ("role", "position", "function", "الدور", "الصفة", "المنصب"),
    "voting": ("voting", "vote", "votes", "voting right", "voting rights", "has vote", "can vote", "voter", "التصويت", "حق التصويت"),
    "phone": ("phone", "telephone", "tel", "mobile", "cell", "phone number", "mobile number", "whatsapp", "الهاتف", "رقم الهاتف", "الجوال"),
    "email": ("email", "e mail", "mail", "email address", "e mail address", "البريد الإلكتروني", "البريد الالكتروني", "البريد"),
    "alternate_for": ("alternate for", "alternate of", "alternate", "substitute for", "stands in for", "بديل عن", "بديل"),
    "id": ("id", "member id"),
}
_ROLE_WORDS = {
    "chair": ("chairperson", "chairman", "chairwoman", "president", "رئيس", "الرئيس", "رئيسة"),
    "deputy": ("vice chair", "deputy chair", "vice president", "نائب الرئيس", "نائب", "نائبة الرئيس"),
    "secretary": ("أمين السر", "امين السر", "سكرتير", "السكرتير"),
    "officer": ("treasurer", "أمين الصندوق", "امين الصندوق"),
    "member": ("عضو", "عضوة"),
    "observer": ("مراقب",),
    "mediator": ("وسيط",),
    "staff": ("موظف", "فريق العمل"),
}
_CONSTITUENCY_WORDS = {
    "community": ("community organisation", "community organization", "cbo", "مجتمعي", "مجتمعية", "منظمة مجتمعية"),
    "partner": ("external", "partner organisation", "partner organization", "شريك", "شريكة"),
}
_YES = ("yes", "y", "true", "1", "x", "نعم")
_NO = ("no", "n", "false", "0", "لا")

_HEADER_LOOKUP = {_norm(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
_ROLE_LOOKUP = {**{r: r for r in ROLES}, **{_norm(w): r for r, words in _ROLE_WORDS.items() for w in words}}
_CONSTITUENCY_LOOKUP = {
    **{c: c for c in CONSTITUENCIES},
    **{_norm(w): c for c, words in _CONSTITUENCY_WORDS.items() for w in words},
}


class RowProblem(Struct, frozen=True):
    """A row that was not imported: its number (the header is row 1, as in a spreadsheet)."""

    row: int
    message: str


class CsvImport(Struct, frozen=True):
    """What reading a member list found. `error` (with `fix`) means nothing can be imported."""

    encoding: str = ""
    delimiter: str = ""
    members: tuple[Member, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    notes: tuple[str, ...] = ()  # advice that does not stop an import (ignored columns, ...)
    columns: dict[str, str] = field(default_factory=dict)  # column -> the header as written
    error: str = ""
    fix: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def delimiter_name(self) -> str:
        return {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}.get(self.delimiter, repr(self.delimiter))


class _Refused(Exception):
    def __init__(self, message: str, fix: str, encoding: str = "") -> None:
        super().__init__(message)
        self.message, self.fix, self.encoding = message, fix, encoding


# ---------------------------------------------------------------------------------------------
# Bytes -> text
# ---------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes); raises _Refused for a file that is not readable text."""
    notes: list[str] = []
    boms = (
        (codecs.BOM_UTF8, "utf-8", ENC_UTF8_BOM),
        (codecs.BOM_UTF32_LE, "utf-32-le", ENC_UTF32),
        (codecs.BOM_UTF32_BE, "utf-32-be", ENC_UTF32),
        (codecs.BOM_UTF16_LE, "utf-16-le", ENC_UTF16),
        (codecs.BOM_UTF16_BE, "utf-16-be", ENC_UTF16),
    )
    for bom, codec, label in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), label, notes
            except UnicodeDecodeError as error:
                raise _Refused(
                    _("The file starts with a {encoding} byte-order mark but is not valid {encoding} (byte {byte}).", encoding=label, byte=error.start + len(bom) + 1),
                    _("Save the list again from the spreadsheet as \"CSV UTF-8\"."),
                    label,
                ) from None
    if b"\x00" in data:
        raise _Refused(
            _("The file contains zero bytes: it is UTF-16 or UTF-32 without a byte-order mark, or not a text file at all."),
            _("Save the list again from the spreadsheet as \"CSV UTF-8\" (comma or semicolon separated)."),
        )
    try:
        return data.decode("utf-8"), ENC_UTF8, notes
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256")
    mixed = _MIXED.search(text)
    if mixed:
        raise _Refused(
            _("The file is not UTF-8, and it does not read as Arabic Windows (cp1256) either: a word like \"{word}\" mixes Latin and Arabic letters. It was saved in another encoding.", word=mixed.group(0)),
            _("Save the list again from the spreadsheet as \"CSV UTF-8\" and import that file."),
            ENC_CP1256,
        )
    if not _ARABIC.search(text):
        notes.append(
            _("The file is not UTF-8 and has no Arabic letters; it was read as {encoding}. If names look wrong below, save the list as \"CSV UTF-8\" and import it again.", encoding=ENC_CP1256)
        )
    return text, ENC_CP1256, notes


def _sniff(text: str) -> str:
    sample = text[:16384]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = next((line for line in sample.splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _header_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """column -> position for the known headers, and the headers that are not known."""
    found: dict[str, int] = {}
    unknown: list[str] = []
    for position, raw in enumerate(header):
        column = _HEADER_LOOKUP.get(_norm(raw))
        if column is None or column in found:
            if raw.strip():
                unknown.append(raw.strip())
            continue
        found[column] = position
    return found, unknown


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    start = 1
    for cells in reader:
        if any(c.strip() for c in cells):
            out.append((start, cells))
        start = reader.line_num + 1
    return out


# ---------------------------------------------------------------------------------------------
# Rows -> members
# ---------------------------------------------------------------------------------------------


def read_members_csv(data: bytes, committee: Committee | None = None) -> CsvImport:
    """Read a member list; new members get ids unique in `committee` (if given)."""
    try:
        text, encoding, notes = decode(data)
    except _Refused as refused:
        return CsvImport(encoding=refused.encoding, error=refused.message, fix=refused.fix)
    if not text.strip():
        return CsvImport(
            encoding=encoding,
            error=_("The file is empty."),
            fix=_("Export the member list with a header row: name, organisation, constituency, role, voting, phone, email, alternate_for."),
        )
    sniffed = _sniff(text)
    delimiter, rows, found, unknown = sniffed, [], {}, []
    try:
        for candidate in dict.fromkeys((sniffed, ",", ";", "\t")):
            rows = _rows(text, candidate)
            found, unknown = _header_columns(rows[0][1]) if rows else ({}, [])
            if all(c in found for c in REQUIRED):
                delimiter = candidate
                break
        else:
            rows = _rows(text, sniffed)
            found, unknown = _header_columns(rows[0][1]) if rows else ({}, [])
    except csv.Error as error:
        return CsvImport(
            encoding=encoding,
            delimiter=sniffed,
            error=_("The file cannot be read as CSV: {error}.", error=error),
            fix=_("Save the list again from the spreadsheet as CSV."),
        )
    header_row = rows[0][1] if rows else []
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        shown = join(h.strip() for h in header_row if h.strip()) or _("(none)")
        return CsvImport(
            encoding=encoding,
            delimiter=delimiter,
            notes=tuple(notes),
            error=_("Columns missing: {missing}. The header row has: {found}.", missing=join(missing), found=shown),
            fix=_("The first row must name the columns: name, organisation and constituency are required; role, voting, phone, email and alternate_for are optional (\"Organization\", \"e-mail\" and the like are accepted)."),
        )
    if unknown:
        notes.append(_("Columns ignored: {columns}.", columns=join(unknown)))

    existing = committee.members if committee is not None else ()
    charter_allows = committee.charter.non_voting_roles_vote if committee is not None else False
    taken_ids = {m.id for m in existing}
    names = {_norm(m.name): m for m in existing}
    problems: list[RowProblem] = []
    built: list[tuple[int, Member, str]] = []  # (row, member, alternate_for as written)

    def cell(cells: list[str], column: str) -> str:
        position = found.get(column)
        if position is None or position >= len(cells):
            return ""
        return " ".join(cells[position].split()) if column != "name" else cells[position].strip()

    expected = len(header_row)
    for row, cells in rows[1:]:
        extra = [c for c in cells[expected:] if c.strip()]
        if len(cells) < expected or extra:
            problems.append(RowProblem(row, ngettext("{n} column, {expected} expected (as in the header row).", "{n} columns, {expected} expected (as in the header row).", len(cells), expected=expected)))
            continue
        name = " ".join(cell(cells, "name").split())
        organisation = cell(cells, "organisation")
        if not name:
            problems.append(RowProblem(row, _("The name is empty.")))
            continue
        if not organisation:
            problems.append(RowProblem(row, _("{name}: the organisation is empty.", name=name)))
            continue
        key = _norm(name)
        if key in names:
            other = names[key]
            if any(m is other for m in existing):
                problems.append(RowProblem(row, _("{name} is already a member of the committee (id {id}).", name=name, id=other.id)))
            else:
                problems.append(RowProblem(row, _("{name} appears twice in the file.", name=name)))
            continue

        raw_role = cell(cells, "role")
        role = _ROLE_LOOKUP.get(_norm(raw_role), "") if raw_role else "member"
        if not role:
            guess = suggest(raw_role, ROLES)
            hint = _(" Did you mean \"{guess}\"?", guess=guess) if guess else ""
            problems.append(
                RowProblem(row, _("{name}: the role \"{role}\" is not one of: {allowed}.", name=name, role=raw_role, allowed=join(ROLES)) + hint)
            )
            continue

        raw_constituency = cell(cells, "constituency")
        constituency = _CONSTITUENCY_LOOKUP.get(_norm(raw_constituency), "")
        if not raw_constituency:
            problems.append(RowProblem(row, _("{name}: the constituency is empty (community or partner).", name=name)))
            continue
        if not constituency:
            problems.append(
                RowProblem(row, _("{name}: the constituency \"{value}\" is neither community nor partner.", name=name, value=raw_constituency))
            )
            continue

        raw_voting = _norm(cell(cells, "voting"))
        if not raw_voting:
            voting = votes_by_default(role)
        elif raw_voting in _YES:
            voting = True
        elif raw_voting in _NO:
            voting = False
        else:
            problems.append(
                RowProblem(row, _("{name}: voting \"{value}\" must be yes or no.", name=name, value=cell(cells, "voting")))
            )
            continue
        if voting and role in NON_VOTING_ROLES and not charter_allows:
            problems.append(
                RowProblem(row, _("{name}: the role {role} does not vote under this charter, but voting is yes.", name=name, role=role))
            )
            continue

        given_id = cell(cells, "id")
        if given_id and given_id in taken_ids:
            problems.append(RowProblem(row, _("{name}: the id \"{id}\" is already used.", name=name, id=given_id)))
            continue
        member_id = given_id or new_member_id(name, taken_ids)
        email = cell(cells, "email")
        if email and "@" not in email:
            notes.append(_("Row {row}: the email \"{email}\" of {name} does not look like an address.", row=row, email=email, name=name))
        member = Member(
            id=member_id,
            name=name,
            organisation=organisation,
            role=role,
            voting=voting,
            constituency=constituency,
            phone=cell(cells, "phone"),
            email=email,
        )
        taken_ids.add(member_id)
        names[key] = member
        built.append((row, member, cell(cells, "alternate_for")))

    failed: dict[str, int] = {}  # names of rows that were not read -> their row
    for row, cells in rows[1:]:
        written = " ".join(cell(cells, "name").split())
        if written and any(p.row == row for p in problems):
            failed.setdefault(_norm(written), row)
    # Alternates may name a delegate by id or by name, in the committee or in the file.
    everyone = {m.id: m for m in existing} | {m.id: m for _row, m, _alt in built}
    by_name = {_norm(m.name): m for m in everyone.values()}
    written_alternate = {m.id: alternate for _row, m, alternate in built}

    def delegate_of(alternate: str) -> Member | None:
        return everyone.get(alternate) or by_name.get(_norm(alternate))

    members: list[Member] = []
    dropped: set[str] = set()
    for row, member, alternate in built:
        if not alternate:
            members.append(member)
            continue
        target = delegate_of(alternate)
        if target is None and _norm(alternate) in failed:
            problems.append(RowProblem(row, _("{name}: their delegate {who} was not imported (row {other}).", name=member.name, who=alternate, other=failed[_norm(alternate)])))
        elif target is None:
            problems.append(RowProblem(row, _("{name}: alternate for \"{who}\", who is neither a member nor in the file.", name=member.name, who=alternate)))
        elif target.id == member.id:
            problems.append(RowProblem(row, _("{name}: a member cannot be their own alternate.", name=member.name)))
        elif target.organisation != member.organisation:
            problems.append(
                RowProblem(row, _("{name}: alternate for {who}, who is from another organisation ({org}).", name=member.name, who=target.name, org=target.organisation))
            )
        elif target.alternate_for is not None or written_alternate.get(target.id):
            problems.append(RowProblem(row, _("{name}: alternate for {who}, who is an alternate too.", name=member.name, who=target.name)))
        else:
            members.append(Member(**{**member.to_dict(), "alternate_for": target.id}))
            continue
        dropped.add(member.id)
    # An alternate whose delegate was dropped cannot come either.
    for row, member, alternate in built:
        target = delegate_of(alternate) if alternate else None
        if target is not None and target.id in dropped and member.id not in dropped:
            problems.append(RowProblem(row, _("{name}: their delegate {who} was not imported (row {other}).", name=member.name, who=target.name, other=next(r for r, m, _a in built if m.id == target.id))))
            members = [m for m in members if m.id != member.id]
    return CsvImport(
        encoding=encoding,
        delimiter=delimiter,
        members=tuple(members),
        problems=tuple(sorted(problems, key=lambda p: p.row)),
        notes=tuple(notes),
        columns={column: header_row[position].strip() for column, position in found.items()},
    )


def load_members_csv(path: Path, committee: Committee | None = None) -> CsvImport:
    """`read_members_csv` on a file; an unreadable file is an `error`, never an exception."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            return CsvImport(error=_("{path} is a folder, not a file.", path=path), fix=_("Type the path of a .csv file."))
        with open(path, "rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    except FileNotFoundError:
        return CsvImport(error=_("File not found: {path}", path=path), fix=_("Check the spelling and the folder of the path."))
    except OSError as error:
        return CsvImport(error=_("Cannot read {path}: {error}", path=path, error=error.strerror or error), fix=_("Check that the file exists and is readable."))
    if len(data) > MAX_CSV_BYTES:
        return CsvImport(error=_("{path} is larger than 5 MB; a member list is a few kilobytes.", path=path), fix=_("Check that this is the right file."))
    return read_members_csv(data, committee)
