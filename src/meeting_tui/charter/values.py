"""Typed reading of parsed TOML tables, collecting clear problems as it goes.

Each getter returns a usable value (the default when the given one is wrong) so that one pass
finds every problem in a file, not just the first. Messages name the table, the key and the
value, and every problem carries a fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import unicodedata
from typing import Any, Callable, Iterable

from meeting_tui.charter.lines import LineIndex
from meeting_tui.charter.problems import ERROR, WARNING, Problem
from meeting_tui.i18n import N_, _, tr

MAX_NUMBER = 10_000  # anything larger in a charter or agenda is a typo
_MISSING = object()
# Bidi embeddings, overrides and isolates: they make text display in another order than it is
# stored (the minutes strip them too, see minutes/text.py). The marks LRM, RLM, ALM are fine.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _is_hidden(ch: str) -> bool:
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs")


def hidden_control(value: str) -> str | None:
    """The first control character (C0/C1 but tab and newlines, a lone surrogate, a bidi
    override) in `value`, or None. Such characters can only be typed as escapes in TOML."""
    return next((ch for ch in value if ch not in "\t\n\r" and _is_hidden(ch)), None)


def visible(text: str) -> str:
    """`text` for a terminal: control characters (but newline and tab) and bidi overrides
    written as \\uXXXX, so a hostile file cannot send escape sequences or reorder the output."""
    # FSI and PDI are kept: the CLI puts them around a path inside an Arabic sentence
    # (display.inline), where they keep it in its own order; the text in between is cleaned.
    return "".join(f"\\u{ord(ch):04x}" if ch not in "\t\n\u2068\u2069" and _is_hidden(ch) else ch for ch in text)


def show(value: Any) -> str:
    """A value the way it would be written in the TOML file, kept short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
        return text
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        inner = ", ".join(show(v) for v in value[:4])
        return "[" + inner + (", ..." if len(value) > 4 else "") + "]"
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    return repr(value)


def suggest(word: str, options: Iterable[str]) -> str | None:
    """The closest allowed word, for "did you mean ...?" (case and spacing forgiven)."""
    options = list(options)
    low = word.strip().lower().replace(" ", "-")
    for option in options:
        if option.lower() == low or option.lower().replace("_", "-") == low.replace("_", "-"):
            return option
    found = difflib.get_close_matches(low, options, n=1, cutoff=0.6)
    return found[0] if found else None


def where(path: tuple) -> str:
    """How the table at `path` is written in the file: [charter.quorum], [[members]] #3."""
    out = ""
    names: list[str] = []
    for part in path:
        if isinstance(part, int):
            out = "[[" + ".".join(names) + "]] #" + str(part + 1)
            names = []
        else:
            names.append(part)
    if names:
        joined = ".".join(names)
        return (out + " " + joined) if out else "[" + joined + "]"
    return out or _("the top level")


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, (dt.date, dt.datetime)):
        return _("a date")
    return _("a value of another kind")


# How the setup screens label each key (the path's names, list positions left out).
FIELD_LABELS: dict[tuple[str, ...], str] = {
    ("committee", "name"): N_("Name"),
    ("committee", "body"): N_("Body"),
    ("committee", "coalition"): N_("Coalition"),
    ("members", "name"): N_("Name"),
    ("members", "organisation"): N_("Organisation"),
    ("members", "role"): N_("Role"),
    ("members", "voting"): N_("Has a vote"),
    ("members", "constituency"): N_("Constituency"),
    ("members", "alternate_for"): N_("Alternate for"),
    ("members", "phone"): N_("Phone"),
    ("members", "email"): N_("Email"),
    ("charter", "max_proxies_per_member"): N_("Proxies per member"),
    ("charter", "meeting_minutes"): N_("Meeting length"),
    ("charter", "quorum", "count"): N_("Quorum count"),
    ("charter", "quorum", "fraction"): N_("Quorum fraction"),
    ("charter", "quorum", "min_community"): N_("Community minimum"),
    ("charter", "consensus", "max_stand_aside_fraction"): N_("Stand-asides allowed"),
    ("charter", "consensus", "max_rounds"): N_("Rounds"),
    ("charter", "revisit", "min_days_before_reopen"): N_("Days before reopening"),
    ("charter", "timer", "warn_minutes"): N_("Warn before the end"),
    ("charter", "timer", "speaking_minutes"): N_("Speaking time"),
    ("escalation", "name"): N_("Name"),
    ("escalation", "handler"): N_("Handled by"),
    ("escalation", "minutes"): N_("Timebox (minutes)"),
    ("agenda", "title"): N_("Title"),
    ("agenda", "place"): N_("Place"),
    ("agenda", "date"): N_("Date"),
    ("items", "title"): N_("Title"),
    ("items", "minutes"): N_("Planned minutes"),
    ("items", "presenter"): N_("Presenter"),
}


def field_label(path: tuple) -> str:
    """The form label of the key at `path` ("" when no form shows it)."""
    label = FIELD_LABELS.get(tuple(p for p in path if isinstance(p, str)))
    return tr(label) if label else ""


class Checker:
    """Collects problems for one file; knows its lines when it has an index."""

    def __init__(self, index: LineIndex | None = None) -> None:
        self.index = index
        self.problems: list[Problem] = []
        self.labels: dict[tuple, str] = {}  # nicer names for tables, e.g. a member's name
        self.invalid: set[tuple] = set()  # paths already reported as errors
        self.suggested: set[tuple] = set()  # keys offered as "did you mean"; not also "missing"

    # -- reporting ----------------------------------------------------------------------------

    def line(self, path: tuple) -> int | None:
        return self.index.line(path) if self.index is not None else None

    def error(self, path: tuple, message: str, fix: str, *, plain: str = "") -> None:
        self.invalid.add(tuple(path))
        self.problems.append(Problem(ERROR, message, fix, self.line(path), plain))

    def warning(self, path: tuple, message: str, fix: str, *, plain: str = "") -> None:
        self.problems.append(Problem(WARNING, message, fix, self.line(path), plain))

    def plain(self, path: tuple, say: Callable[[str], str]) -> str:
        """An editor's wording for the key at `path` (`say(label)`); "" when no form shows it."""
        label = field_label(path)
        return say(label) if label else ""

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    def where(self, path: tuple) -> str:
        return self.labels.get(tuple(path)) or where(path)

    # -- structure ----------------------------------------------------------------------------

    def unknown_keys(
        self,
        table: dict,
        allowed: Iterable[str],
        path: tuple,
        elsewhere: Callable[[str], str | None] | None = None,
    ) -> None:
        """Report every key of `table` that is not allowed, with a did-you-mean."""
        allowed = list(allowed)
        for key in table:
            if key in allowed:
                continue
            at = self.where(path)
            guess = suggest(key, allowed)
            if guess:
                self.suggested.add(path + (guess,))
                self.error(
                    path + (key,),
                    _("{where}: unknown key '{key}' — did you mean '{guess}'?", where=at, key=key, guess=guess),
                    _("Rename '{key}' to '{guess}', or remove it.", key=key, guess=guess),
                )
                continue
            other = elsewhere(key) if elsewhere else None
            if other:
                self.error(
                    path + (key,),
                    _("{where}: '{key}' does not belong here; it belongs in {other}.", where=at, key=key, other=other),
                    _("Move '{key}' under {other}.", key=key, other=other),
                )
                continue
            self.error(
                path + (key,),
                _("{where}: unknown key '{key}'.", where=at, key=key),
                _("Remove '{key}' or correct its name. Keys allowed here: {allowed}.", key=key, allowed=", ".join(allowed)),
            )

    def table(self, parent: dict, key: str, path: tuple, *, required: bool = False) -> dict | None:
        """A sub-table (`[path.key]`); None when absent or not a table."""
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            if required and path + (key,) not in self.suggested:
                self.error(
                    path + (key,),
                    _("The [{key}] table is missing.", key=key),
                    _("Add a [{key}] section; see docs/FILE-FORMATS.md for its keys.", key=key),
                )
            return None
        if not isinstance(value, dict):
            self.error(
                path + (key,),
                _("{where}: '{key}' must be a table, not {kind} ({value}).", where=self.where(path), key=key, kind=type_name(value), value=show(value)),
                _("Write it as a section: a line [{key}] followed by its keys, one per line.", key=".".join([*(p for p in path if isinstance(p, str)), key])),
            )
            return None
        return value

    def table_list(self, parent: dict, key: str, path: tuple) -> list[dict] | None:
        """An array of tables (`[[key]]` blocks); None when absent. Non-tables are reported."""
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            return None
        if isinstance(value, dict):
            self.error(
                path + (key,),
                _("'{key}' is written as one table [{key}], but it must be a list of [[{key}]] blocks.", key=key),
                _("Write [[{key}]] (double brackets) before each entry.", key=key),
            )
            return []
        if not isinstance(value, list):
            self.error(
                path + (key,),
                _("'{key}' must be a list of [[{key}]] blocks, not {kind} ({value}).", key=key, kind=type_name(value), value=show(value)),
                _("Write [[{key}]] (double brackets) before each entry.", key=key),
            )
            return []
        out = []
        for i, entry in enumerate(value):
            if isinstance(entry, dict):
                out.append(entry)
            else:
                self.error(
                    path + (key, i),
                    _("Entry #{n} of '{key}' must be a table of keys, not {kind} ({value}).", n=i + 1, key=key, kind=type_name(entry), value=show(entry)),
                    _("Write [[{key}]] (double brackets) before each entry, followed by its keys.", key=key),
                )
                out.append({})
        return out

    # -- scalars ------------------------------------------------------------------------------

    def _missing(self, path: tuple, key: str, example: str) -> None:
        if path + (key,) in self.suggested:
            return  # the misspelt key is already reported with a did-you-mean
        self.error(
            path + (key,),
            _("{where}: '{key}' is required but missing.", where=self.where(path), key=key),
            _("Add a line {example} to {where}.", example=example, where=self.where(path)),
        )

    def text(
        self,
        table: dict,
        key: str,
        path: tuple,
        *,
        default: str = "",
        required: bool = False,
        non_empty: bool = False,
        example: str = "",
    ) -> str:
        value = table.get(key, _MISSING)
        example = example or f'{key} = "..."'
        if value is _MISSING:
            if required:
                self._missing(path, key, example)
            return default
        if not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                fix = _('Put the value in double quotes: {key} = "{value}".', key=key, value=show(value))
            else:
                fix = _("Write text in double quotes, e.g. {example}.", example=example)
            self.error(
                path + (key,),
                _("{where}: {key} = {value} must be text, not {kind}.", where=self.where(path), key=key, value=show(value), kind=type_name(value)),
                fix,
            )
            return default
        value = value.strip()
        hidden = hidden_control(value)
        if hidden is not None:  # a warning: the app's own editor may have written it
            self.warning(
                path + (key,),
                _(
                    "{where}: {key} contains the invisible control character U+{code}, which can hide or reorder text.",
                    where=self.where(path),
                    key=key,
                    code=f"{ord(hidden):04X}",
                ),
                _("Remove the escape (\\u...) that writes it, or retype the value in a plain-text editor."),
            )
        if (required or non_empty) and not value:
            self.error(
                path + (key,),
                _("{where}: {key} is empty.", where=self.where(path), key=key),
                _("Fill it in, e.g. {example}.", example=example),
                plain=self.plain(path + (key,), lambda f: _("{field} is empty.", field=f)),
            )
            return default
        return value

    def boolean(self, table: dict, key: str, path: tuple, *, default: bool) -> bool:
        value = table.get(key, _MISSING)
        if value is _MISSING:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            fix = _("Write true or false without quotes: {key} = {value}.", key=key, value="true" if value.strip().lower() in ("true", "yes") else "false")
        else:
            fix = _("Write {key} = true or {key} = false (no quotes).", key=key)
        self.error(
            path + (key,),
            _("{where}: {key} = {value} must be true or false, not {kind}.", where=self.where(path), key=key, value=show(value), kind=type_name(value)),
            fix,
        )
        return default

    def _number(self, table: dict, key: str, path: tuple, *, whole: bool, fix: str = "") -> Any:
        """The raw number at `key`, or _MISSING (absent) or None (wrong type, reported)."""
        value = table.get(key, _MISSING)
        if value is _MISSING:
            return _MISSING
        at = self.where(path)
        if isinstance(value, bool):
            self.error(
                path + (key,),
                _("{where}: {key} = {value} must be a number, not true/false.", where=at, key=key, value=show(value)),
                fix or _("Write a number, e.g. {key} = 3.", key=key),
            )
            return None
        if isinstance(value, str):
            text_fix = fix or _("Write a number, e.g. {key} = 3.", key=key)
            try:
                float(value.strip())
            except ValueError:
                pass
            else:
                text_fix = _("Remove the quotes: {key} = {value}.", key=key, value=value.strip())
            self.error(
                path + (key,),
                _("{where}: {key} = {value} must be a number, not text.", where=at, key=key, value=show(value)),
                text_fix,
                plain=self.plain(path + (key,), lambda f: _("{field}: {value} is not a number; type digits, e.g. 3.", field=f, value=value.strip())),
            )
            return None
        if not isinstance(value, (int, float)):
            self.error(
                path + (key,),
                _("{where}: {key} = {value} must be a number, not {kind}.", where=at, key=key, value=show(value), kind=type_name(value)),
                fix or _("Write a number, e.g. {key} = 3.", key=key),
            )
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.error(
                path + (key,),
                _("{where}: {key} = {value} is not a usable number.", where=at, key=key, value=show(value)),
                fix or _("Write an ordinary number, e.g. {key} = 3.", key=key),
            )
            return None
        if whole and isinstance(value, float):
            if not value.is_integer():
                self.error(
                    path + (key,),
                    _("{where}: {key} = {value} must be a whole number.", where=at, key=key, value=show(value)),
                    _("Write a whole number without a decimal point, e.g. {key} = {rounded}.", key=key, rounded=max(0, round(value))),
                    plain=self.plain(path + (key,), lambda f: _("{field}: a whole number is needed, e.g. {rounded}.", field=f, rounded=max(0, round(value)))),
                )
                return None
            value = int(value)
        return value

    def _range(
        self,
        value: Any,
        key: str,
        path: tuple,
        minimum: float | None,
        maximum: float | None,
        above: bool,
        fix: str,
    ) -> bool:
        at = self.where(path)
        too_small = minimum is not None and (value <= minimum if above else value < minimum)
        if too_small:
            if above:
                msg = _("{where}: {key} = {value} is too small; it must be more than {minimum}.", where=at, key=key, value=show(value), minimum=minimum)
                plain = self.plain(path + (key,), lambda f: _("{field}: a number more than {minimum} is needed.", field=f, minimum=show(minimum)))
            else:
                msg = _("{where}: {key} = {value} is too small; it must be at least {minimum}.", where=at, key=key, value=show(value), minimum=minimum)
                plain = self.plain(path + (key,), lambda f: _("{field}: a number of at least {minimum} is needed.", field=f, minimum=show(minimum)))
            self.error(path + (key,), msg, fix, plain=plain)
            return False
        if maximum is not None and value > maximum:
            self.error(
                path + (key,),
                _("{where}: {key} = {value} is too large; it must be at most {maximum}.", where=at, key=key, value=show(value), maximum=maximum),
                fix,
                plain=self.plain(path + (key,), lambda f: _("{field}: at most {maximum} is allowed.", field=f, maximum=show(maximum))),
            )
            return False
        return True

    def integer(
        self,
        table: dict,
        key: str,
        path: tuple,
        *,
        default: int,
        minimum: int | None = 0,
        maximum: int | None = MAX_NUMBER,
        above: bool = False,
        fix: str = "",
    ) -> int:
        value = self._number(table, key, path, whole=True, fix=fix)
        if value is _MISSING or value is None:
            return default
        fix = fix or _("Set {key} to a whole number from {low} to {high}.", key=key, low=(minimum + 1 if above else minimum) if minimum is not None else 0, high=maximum)
        return value if self._range(value, key, path, minimum, maximum, above, fix) else default

    def number(
        self,
        table: dict,
        key: str,
        path: tuple,
        *,
        default: float,
        minimum: float | None = 0,
        maximum: float | None = MAX_NUMBER,
        above: bool = False,
        fix: str = "",
        required: bool = False,
        example: str = "",
    ) -> float:
        value = self._number(table, key, path, whole=False, fix=fix)
        if value is _MISSING:
            if required:
                self._missing(path, key, example or f"{key} = 10")
            return default
        if value is None:
            return default
        if not fix:
            if above:
                fix = _("Set {key} to a number more than {low} and at most {high}.", key=key, low=minimum, high=maximum)
            else:
                fix = _("Set {key} to a number from {low} to {high}.", key=key, low=minimum, high=maximum)
        return value if self._range(value, key, path, minimum, maximum, above, fix) else default

    def choice(
        self,
        table: dict,
        key: str,
        path: tuple,
        *,
        allowed: Iterable[str],
        default: str,
        required: bool = False,
        allow_empty: bool = False,
    ) -> str:
        allowed = list(allowed)
        value = table.get(key, _MISSING)
        at = self.where(path)
        if value is _MISSING:
            if required:
                self._missing(path, key, f'{key} = "{allowed[0]}"')
            return default
        if not isinstance(value, str):
            self.error(
                path + (key,),
                _("{where}: {key} = {value} must be one of: {allowed}.", where=at, key=key, value=show(value), allowed=", ".join(allowed)),
                _('Write it as text in double quotes, e.g. {key} = "{first}".', key=key, first=allowed[0]),
            )
            return default
        text = value.strip()
        if text in allowed or (allow_empty and not text):
            return text
        guess = suggest(text, allowed)
        if guess:
            self.error(
                path + (key,),
                _("{where}: {key} = {value} is not allowed — did you mean \"{guess}\"? Allowed: {allowed}.", where=at, key=key, value=show(value), guess=guess, allowed=", ".join(allowed)),
                _('Write {key} = "{guess}".', key=key, guess=guess),
            )
        else:
            self.error(
                path + (key,),
                _("{where}: {key} = {value} is not allowed. Allowed: {allowed}.", where=at, key=key, value=show(value), allowed=", ".join(allowed)),
                _("Use one of: {allowed}.", allowed=", ".join(allowed)),
            )
        return default
