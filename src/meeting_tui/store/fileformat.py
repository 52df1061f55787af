"""The session file format: JSON Lines with a header line, and how to read it back safely.

::

    {"format":"meeting-tui-session","version":1,"header":{...}}\\n
    {"t":"events","id":1,"doc":{...}}\\n
    {"t":"events","id":2,"doc":{...},"more":true}\\n      first line of a 2-document append
    {"t":"events","id":3,"doc":{...}}\\n                  last line of that append

Line 1 is the header; every further line is one event: ``t`` is always ``"events"`` (kept
from the first version of the format), ``id`` is the event's position in the session
(1, 2, ... with no gap) and equals the ``seq`` inside ``doc`` — one number. The lines of one multi-document append carry ``"more":true`` on all but the last,
so an append is all-or-nothing even if a crash tears it. Text is UTF-8 (``ensure_ascii``
off, so Arabic stays readable), compact separators, one ``\\n`` after every line (JSON never
contains a raw newline).

Only the end of the file can be torn by a crash, because an append is fsynced before the
next one starts. What counts as torn (an unacknowledged write that is dropped):

* bytes after the last ``\\n`` (the line was never completed);
* a line of the last append that does not parse *and* contains NUL bytes (a power cut can
  leave zero-filled blocks where the data had not reached the disk), when every line after
  it can belong to that same append (``"more":true`` lines, or the very last line);
* trailing ``"more":true`` lines whose append never got its last line.

Anything else that does not parse makes the whole file `DamagedSessionFile`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from msgspec import Struct

from meeting_tui.store.errors import DamagedSessionFile

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ParsedLog",
    "Record",
    "encode_header",
    "encode_record",
    "last_record",
    "parse_log",
    "read_header",
]

FORMAT_NAME = "meeting-tui-session"
FORMAT_VERSION = 1

#: `read_header` gives up on a first line longer than this (it is not a header).
MAX_HEADER_BYTES = 1 << 20

_NOT_A_SESSION = "not a meeting-tui session file"

def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_header(header: Mapping[str, Any]) -> bytes:
    """The header line (with its newline) for a caller's *header* dict."""
    try:
        text = _dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION, "header": dict(header)})
        return (text + "\n").encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the session header cannot be stored as JSON: {exc}") from exc


def encode_record(
    table: str, doc_id: int, doc: Mapping[str, Any], *, more: bool = False
) -> tuple[bytes, dict[str, Any]]:
    """One document line, and the document exactly as reading the line back will give it.

    Raises `ValueError` if *doc* is not JSON (a set, NaN, a lone surrogate...).
    """
    try:
        doc_text = _dumps(dict(doc))
        suffix = ',"more":true' if more else ""
        line = f'{{"t":{_dumps(table)},"id":{int(doc_id)},"doc":{doc_text}{suffix}}}\n'
        return line.encode("utf-8"), json.loads(doc_text)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"document {doc_id} of table {table!r} is not storable JSON: {exc}"
        ) from exc


class Record(Struct, frozen=True):
    """One decoded document line."""

    table: str
    doc_id: int
    doc: dict[str, Any]
    more: bool


class _BadLine(Exception):
    """A line that is not a valid record; the message completes "line N ..."."""


def _no_constant(name: str) -> Any:
    raise _BadLine(f"contains {name}, which is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _BadLine(f"contains the number {text[:20]}, too large to be a session value")
    return value


#: One decoder for every line (what json.loads with these hooks builds anew for each call).
_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)


def _decode_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(f"is not valid UTF-8 text (byte {exc.start + 1})") from None
    try:
        return _DECODER.decode(text)
    except _BadLine:
        raise
    except json.JSONDecodeError as exc:
        raise _BadLine(f"is not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:  # e.g. 100,000 nested brackets: json recurses once per level
        raise _BadLine("is nested too deeply to be a session record") from None
    except ValueError:  # an integer of more than 4,300 digits (Python's int-str limit)
        raise _BadLine("contains a number too long to be a session value") from None


def _decode_record(raw: bytes) -> Record:
    value = _decode_json(raw)
    if not isinstance(value, dict) or not {"t", "id", "doc"} <= value.keys():
        raise _BadLine('is not a session record (expected {"t": ..., "id": ..., "doc": ...})')
    table, doc_id, doc, more = value["t"], value["id"], value["doc"], value.get("more", False)
    if not isinstance(table, str):
        raise _BadLine("has a table name that is not a string")
    if not isinstance(doc_id, int) or isinstance(doc_id, bool) or doc_id < 1:
        raise _BadLine(f"has an invalid document id {doc_id!r}")
    if not isinstance(doc, dict):
        raise _BadLine("has a document that is not a JSON object")
    if not isinstance(more, bool):
        raise _BadLine('has an invalid "more" flag')
    return Record(table, doc_id, doc, more)


def _decode_header(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        value = _decode_json(raw)
    except _BadLine:
        raise DamagedSessionFile(path, f"{_NOT_A_SESSION} (the first line is not JSON)") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT_NAME:
        raise DamagedSessionFile(
            path, f"{_NOT_A_SESSION} (the first line is not a meeting-tui header)"
        )
    version = value.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedSessionFile(path, f"the header line has an invalid format version {version!r}")
    if version > FORMAT_VERSION:
        raise DamagedSessionFile(
            path,
            f"written by a newer meeting-tui (file format version {version}; "
            f"this version reads version {FORMAT_VERSION})",
        )
    header = value.get("header")
    if not isinstance(header, dict):
        raise DamagedSessionFile(path, "the header line has no header object")
    return header


def _missing_header(path: Path, data: bytes) -> DamagedSessionFile:
    if not data:
        return DamagedSessionFile(path, f"the file is empty ({_NOT_A_SESSION})")
    return DamagedSessionFile(path, f"{_NOT_A_SESSION} (no header line)")


class ParsedLog(Struct, frozen=True):
    """A whole session file, decoded."""

    header: dict[str, Any]
    #: The documents of the committed appends, in file order (document *i* has id *i + 1*).
    documents: list[dict[str, Any]]
    #: Bytes up to and including the last line of the last complete append.
    valid_length: int
    #: Bytes after that: an interrupted, unacknowledged write (0 if the file is clean).
    torn_length: int


def _is_torn_append(lines: list[bytes | Record] | None, first_id: int | None = None) -> bool:
    """Whether the lines after an unreadable line with NUL bytes can all belong to the last
    append: every one unreadable-with-NUL or a ``"more":true`` record, except the very last
    line, which may end the append; with *first_id* (the id the first of *lines* would have),
    their ids must follow on. (An append is fsynced before the next one starts, so a
    power cut can only tear the last one; the zeroed block may fall in any of its lines.)"""
    if lines is None:
        return False
    for position, line in enumerate(lines):
        if isinstance(line, Record):
            if first_id is not None and line.doc_id != first_id + position:
                return False
            if line.more or position == len(lines) - 1:
                continue
            return False
    return True


def parse_log(data: bytes, path: Path, table: str = "events") -> ParsedLog:
    """Decode a complete session file; raise `DamagedSessionFile` if it is not one.

    Every line is a record of *table* whose id is its position among the records (1, 2, ...);
    a document carrying ``"seq"`` must carry that same number.
    """
    header_end = data.find(b"\n")
    if header_end < 0:
        raise _missing_header(path, data)
    header = _decode_header(data[:header_end], path)

    documents: list[dict[str, Any]] = []
    pending: list[Record] = []  # lines of an append whose last line is not read yet
    committed = offset = header_end + 1
    line_number = 1
    while (newline := data.find(b"\n", offset)) >= 0:
        line_number += 1
        raw = data[offset:newline]
        try:
            record = _decode_record(raw)
            _check_position(record, table, len(documents) + len(pending) + 1)
        except _BadLine as exc:
            next_id = len(documents) + len(pending) + 2
            if b"\0" in raw and _is_torn_append(_rest(data, newline + 1), next_id):
                break  # a zero-filled block in the last append: a write torn by a power cut
            raise DamagedSessionFile(path, f"line {line_number} {exc}") from None
        pending.append(record)
        offset = newline + 1
        if not record.more:
            documents.extend(done.doc for done in pending)
            pending.clear()
            committed = offset
    return ParsedLog(header, documents, committed, len(data) - committed)


def _rest(data: bytes, offset: int) -> list[bytes | Record] | None:
    """The complete lines from *offset* on, decoded where they can be; None if one of them
    is unreadable without NUL bytes (real damage, not a torn write)."""
    out: list[bytes | Record] = []
    while (newline := data.find(b"\n", offset)) >= 0:
        raw = data[offset:newline]
        try:
            out.append(_decode_record(raw))
        except _BadLine:
            if b"\0" not in raw:
                return None
            out.append(raw)
        offset = newline + 1
    return out


def _check_position(record: Record, table: str, expected: int) -> None:
    if record.table != table:
        raise _BadLine(f"is a record of table {record.table!r}, not of the session's {table!r}")
    if record.doc_id < expected:
        raise _BadLine(f"repeats document {record.doc_id} (expected document {expected})")
    if record.doc_id > expected:
        raise _BadLine(f"skips to document {record.doc_id} (expected document {expected})")
    seq = record.doc.get("seq", expected)
    if seq != expected or type(seq) is not int:
        raise _BadLine(f"has seq {_short(seq)} in document {expected} (they must be equal)")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_header(handle: BinaryIO, path: Path) -> tuple[dict[str, Any], int]:
    """Read and decode the header line from the start of *handle*.

    Returns the caller's header dict and the offset just after the header line.
    """
    handle.seek(0)
    first = b""
    while b"\n" not in first:
        chunk = handle.read(64 * 1024)
        if not chunk:
            raise _missing_header(path, first)
        first += chunk
        if len(first) > MAX_HEADER_BYTES and b"\n" not in first[:MAX_HEADER_BYTES]:
            raise DamagedSessionFile(path, f"{_NOT_A_SESSION} (the first line is too long)")
    raw = first[: first.index(b"\n")]
    return _decode_header(raw, path), len(raw) + 1


def last_record(handle: BinaryIO, path: Path, start: int, table: str) -> dict[str, Any] | None:
    """The last committed document of *table*, reading backwards from the end of *handle*.

    *start* is the offset after the header line. Applies the same torn-tail rules as
    `parse_log`, so it agrees with what opening the file would show, but only reads the
    tail of the file (at most `MAX_TAIL_BYTES` of it).
    """
    group: list[bytes | Record] = []  # the lines of one append, last line first
    last_append = True  # only the last append can be torn
    group_bytes = 0
    for distance, raw in enumerate(_lines_backward(handle, start, path), start=1):
        if group_bytes > _GROUP_WINDOW and isinstance(group[0], Record) and not group[0].more:
            # An append this long was written at once by a program, not by the app (a few
            # events per action): it is not checked further back for a torn block.
            return group[0].doc if group[0].table == table else None
        try:
            record: bytes | Record = _decode_record(raw)
        except _BadLine as exc:
            if b"\0" not in raw:
                where = "the last line" if distance == 1 else f"line {distance} from the end"
                raise DamagedSessionFile(path, f"{where} {exc}") from None
            record = raw
        if isinstance(record, Record) and not record.more and group:
            found = _committed(group, path, may_be_torn=last_append)
            if found is not None:  # (the line before an append ends the append before it)
                return found.doc if found.table == table else None
            group, last_append, group_bytes = [], False, 0
        group.append(record)
        group_bytes += len(raw) + 1
    found = _committed(group, path, may_be_torn=last_append) if group else None
    return found.doc if found is not None and found.table == table else None


def _committed(group: list[bytes | Record], path: Path, *, may_be_torn: bool) -> Record | None:
    """The last record of an append read backwards, or None if the append was torn."""
    if any(not isinstance(line, Record) for line in group):
        if may_be_torn and _is_torn_append(group[::-1]):
            return None
        raise DamagedSessionFile(path, "a line near the end contains NUL bytes")
    last = group[0]
    assert isinstance(last, Record)
    return None if last.more else last


_GROUP_WINDOW = 64 * 1024

#: The listing reads at most this much of the end of a session file for its last event.
MAX_TAIL_BYTES = 8 << 20


def _lines_backward(
    handle: BinaryIO, start: int, path: Path, block: int = 64 * 1024
) -> Iterator[bytes]:
    """Yield the ``\\n``-terminated lines after *start*, last first, without newlines.

    Bytes after the last newline (an unterminated tail) are skipped. Linear in the bytes
    read; gives up with `DamagedSessionFile` after `MAX_TAIL_BYTES`.
    """
    end = position = handle.seek(0, 2)
    pieces: list[bytes] = []  # the current (partial) line's bytes, last piece first
    seen_newline = False
    while position > start:
        if end - position >= MAX_TAIL_BYTES:
            raise DamagedSessionFile(
                path, f"its last event is longer than {MAX_TAIL_BYTES >> 20} MB"
            )
        step = min(block, position - start)
        position -= step
        handle.seek(position)
        chunk = handle.read(step)
        parts = chunk.split(b"\n")
        if len(parts) == 1:
            pieces.append(chunk)
            continue
        for index in range(len(parts) - 1, 0, -1):
            pieces.append(parts[index])
            line = b"".join(reversed(pieces))
            pieces = []
            if seen_newline:
                yield line
            seen_newline = True  # the first piece is the unterminated tail (b"" normally)
        pieces.append(parts[0])
    if seen_newline:
        yield b"".join(reversed(pieces))
