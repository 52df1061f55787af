"""The session file format: JSON Lines with a header line, and how to read it back safely.

::

    {"format":"meeting-tui-session","version":1,"header":{...}}\\n
    {"t":"events","id":1,"doc":{...}}\\n
    {"t":"events","id":2,"doc":{...},"more":true}\\n      first line of a 2-document append
    {"t":"events","id":3,"doc":{...}}\\n                  last line of that append

Line 1 is the header; every further line is one TinyDB document of table ``t`` with id
``id``. The lines of one multi-document append carry ``"more":true`` on all but the last,
so an append is all-or-nothing even if a crash tears it. Text is UTF-8 (``ensure_ascii``
off, so Arabic stays readable), compact separators, one ``\\n`` after every line (JSON never
contains a raw newline).

Only the end of the file can be torn by a crash, because an append is fsynced before the
next one starts. What counts as torn (an unacknowledged write that is dropped):

* bytes after the last ``\\n`` (the line was never completed);
* the last ``\\n``-terminated line, if it does not parse *and* contains NUL bytes (a power
  cut can leave zero-filled blocks where the data had not reached the disk);
* trailing ``"more":true`` lines whose append never got its last line.

Anything else that does not parse makes the whole file `DamagedSessionFile`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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

Tables = dict[str, dict[str, dict[str, Any]]]


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


@dataclass(frozen=True)
class Record:
    """One decoded document line."""

    table: str
    doc_id: int
    doc: dict[str, Any]
    more: bool


class _BadLine(Exception):
    """A line that is not a valid record; the message completes "line N ..."."""


def _decode_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(f"is not valid UTF-8 text (byte {exc.start + 1})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"is not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:  # e.g. 100,000 nested brackets: json recurses once per level
        raise _BadLine("is nested too deeply to be a session record") from None


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


@dataclass(frozen=True)
class ParsedLog:
    """A whole session file, decoded."""

    header: dict[str, Any]
    #: ``{table: {str(doc_id): doc}}`` in file order: the shape TinyDB's storages return.
    tables: Tables
    #: Bytes up to and including the last line of the last complete append.
    valid_length: int
    #: Bytes after that: an interrupted, unacknowledged write (0 if the file is clean).
    torn_length: int


def parse_log(data: bytes, path: Path) -> ParsedLog:
    """Decode a complete session file; raise `DamagedSessionFile` if it is not one."""
    header_end = data.find(b"\n")
    if header_end < 0:
        raise _missing_header(path, data)
    header = _decode_header(data[:header_end], path)
    last_newline = data.rfind(b"\n")

    tables: Tables = {}
    pending: list[Record] = []  # lines of an append whose last line is not read yet
    pending_keys: set[tuple[str, int]] = set()
    committed = offset = header_end + 1
    line_number = 1
    while (newline := data.find(b"\n", offset)) >= 0:
        line_number += 1
        raw = data[offset:newline]
        try:
            record = _decode_record(raw)
        except _BadLine as exc:
            if newline == last_newline and b"\0" in raw:
                break  # zero-filled last line: a write torn by a power cut
            raise DamagedSessionFile(path, f"line {line_number} {exc}") from None
        key = (record.table, record.doc_id)
        if str(record.doc_id) in tables.get(record.table, {}) or key in pending_keys:
            raise DamagedSessionFile(
                path,
                f"line {line_number} repeats document {record.doc_id} of table {record.table!r}",
            )
        pending.append(record)
        pending_keys.add(key)
        offset = newline + 1
        if not record.more:
            for done in pending:
                tables.setdefault(done.table, {})[str(done.doc_id)] = done.doc
            pending.clear()
            pending_keys.clear()
            committed = offset
    return ParsedLog(header, tables, committed, len(data) - committed)


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
    tail of the file.
    """
    in_torn_append = True  # until a line ending an append is seen
    for distance, raw in enumerate(_lines_backward(handle, start), start=1):
        try:
            record = _decode_record(raw)
        except _BadLine as exc:
            if distance == 1 and b"\0" in raw:
                continue
            where = "the last line" if distance == 1 else f"line {distance} from the end"
            raise DamagedSessionFile(path, f"{where} {exc}") from None
        if in_torn_append and record.more:
            continue
        in_torn_append = False
        if record.table == table:
            return record.doc
    return None


def _lines_backward(handle: BinaryIO, start: int, block: int = 64 * 1024) -> Iterator[bytes]:
    """Yield the ``\\n``-terminated lines after *start*, last first, without newlines.

    Bytes after the last newline (an unterminated tail) are skipped.
    """
    position = handle.seek(0, 2)
    carry = b""  # bytes before the first newline seen so far, from `position` on
    seen_newline = False
    while position > start:
        step = min(block, position - start)
        position -= step
        handle.seek(position)
        parts = (handle.read(step) + carry).split(b"\n")
        carry = parts[0]
        complete = parts[1:]
        if not seen_newline:
            if not complete:
                continue
            seen_newline = True
            complete.pop()  # the unterminated tail (b"" when the file ends with a newline)
        yield from reversed(complete)
    if seen_newline:
        yield carry
