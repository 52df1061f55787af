"""Where each key of a TOML file is: a small line index for error messages.

`tomllib` reports a line only for syntax errors. For the semantic checks we find the line
ourselves: one pass over the (already valid) text records the line of every table header
and every `key =`, under the same path the parsed data uses, with arrays of tables counted:
the third `[[members]]` block is `("members", 2)`, its `role` key `("members", 2, "role")`.

Best effort by design: `line()` falls back to the nearest enclosing table it knows, so a
missing key points at its table's header and a key inside an inline table points at the
line of that inline table.
"""

from __future__ import annotations

import json
import re

Path = tuple  # a tuple of str (keys) and int (positions in arrays of tables)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = " \t"


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def _basic_string_end(s: str, i: int) -> int:
    """Index just after the closing quote of a basic string opened at s[i-1]; -1 if open."""
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        i += 1
    return -1


def parse_key(s: str, i: int) -> tuple[list[str], int] | None:
    """Parse a (possibly dotted, possibly quoted) key starting at s[i]."""
    parts: list[str] = []
    while True:
        i = _skip_ws(s, i)
        if i >= len(s):
            return None
        if s[i] == '"':
            end = _basic_string_end(s, i + 1)
            if end < 0:
                return None
            raw = s[i:end]
            try:
                parts.append(json.loads(raw))
            except ValueError:
                parts.append(raw[1:-1])
            i = end
        elif s[i] == "'":
            end = s.find("'", i + 1)
            if end < 0:
                return None
            parts.append(s[i + 1 : end])
            i = end + 1
        else:
            m = _BARE_KEY.match(s, i)
            if not m:
                return None
            parts.append(m.group(0))
            i = m.end()
        i = _skip_ws(s, i)
        if i < len(s) and s[i] == ".":
            i += 1
            continue
        return parts, i


class LineIndex:
    """Line numbers (1-based) of the tables and keys of one TOML text."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Path, int] = {}
        self.duplicates: list[tuple[Path, int, int]] = []  # (path, first line, repeated line)
        self.unterminated_line: int | None = None  # first line with an unclosed string
        self.unclosed_line: int | None = None  # line where a still-open [ or { began
        self.line_count = text.count("\n") + 1
        self._aot: dict[Path, int] = {}
        self._explicit: set[Path] = set()
        self._scan(text)

    # -- lookup -------------------------------------------------------------------------------

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest enclosing table that is known."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return None

    def exact(self, path: Path) -> int | None:
        return self.lines.get(tuple(path))

    # -- scanning -----------------------------------------------------------------------------

    def _resolve(self, parts: list[str]) -> Path:
        """Turn a header's dotted key into a path, inserting the current array positions."""
        out: list = []
        for name in parts:
            out.append(name)
            count = self._aot.get(tuple(out))
            if count:
                out.append(count - 1)
        return tuple(out)

    def _record(self, path: Path, lineno: int) -> None:
        """Record where `path` is set; its parent tables exist implicitly from here on."""
        if path in self._explicit:
            self.duplicates.append((path, self.lines[path], lineno))
        else:
            self._explicit.add(path)
            self.lines[path] = lineno
        for n in range(1, len(path)):
            self.lines.setdefault(path[:n], lineno)

    def _scan(self, text: str) -> None:
        current: Path = ()
        multiline: str | None = None  # the closing delimiter of an open multi-line string
        opened: list[int] = []  # line numbers of open [ and {
        for lineno, line in enumerate(text.split("\n"), start=1):
            pos = 0
            if multiline is None and not opened:
                stripped = line.lstrip(_WS)
                lead = len(line) - len(stripped)
                if stripped.startswith("[["):
                    parsed = parse_key(line, lead + 2)
                    if parsed and line[_skip_ws(line, parsed[1]) :].startswith("]]"):
                        parent = self._resolve(parsed[0][:-1])
                        key = parent + (parsed[0][-1],)
                        self._aot[key] = self._aot.get(key, 0) + 1
                        current = key + (self._aot[key] - 1,)
                        self.lines.setdefault(key, lineno)
                        self._record(current, lineno)
                    continue
                if stripped.startswith("["):
                    parsed = parse_key(line, lead + 1)
                    if parsed and line[_skip_ws(line, parsed[1]) :].startswith("]"):
                        current = self._resolve(parsed[0])
                        self._record(current, lineno)
                    continue
                if stripped and stripped[0] != "#":
                    parsed = parse_key(line, lead)
                    if parsed and parsed[1] < len(line) and line[parsed[1]] == "=":
                        self._record(current + tuple(parsed[0]), lineno)
                        pos = parsed[1] + 1
            multiline = self._scan_values(line, pos, lineno, multiline, opened)
        if opened:
            self.unclosed_line = opened[0]

    def _scan_values(
        self, line: str, i: int, lineno: int, multiline: str | None, opened: list[int]
    ) -> str | None:
        """Follow strings and brackets to the end of the line; return an open ''' or \"\"\"."""
        n = len(line)
        while i < n:
            if multiline is not None:
                if multiline == '"""':
                    j = i
                    while j < n:
                        if line[j] == "\\":
                            j += 2
                            continue
                        if line.startswith('"""', j):
                            break
                        j += 1
                    end = j if j < n else -1
                else:
                    end = line.find("'''", i)
                if end < 0:
                    return multiline
                i = end + 3
                while i < n and line[i] == multiline[0]:  # up to two extra quotes allowed
                    i += 1
                multiline = None
                continue
            c = line[i]
            if c == "#":
                break
            if line.startswith('"""', i) or line.startswith("'''", i):
                multiline = line[i : i + 3]
                i += 3
                continue
            if c == '"':
                end = _basic_string_end(line, i + 1)
                if end < 0:
                    if self.unterminated_line is None:
                        self.unterminated_line = lineno
                    break
                i = end
                continue
            if c == "'":
                end = line.find("'", i + 1)
                if end < 0:
                    if self.unterminated_line is None:
                        self.unterminated_line = lineno
                    break
                i = end + 1
                continue
            if c in "[{":
                opened.append(lineno)
            elif c in "]}" and opened:
                opened.pop()
            i += 1
        return multiline
