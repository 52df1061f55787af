"""Writing committee and agenda files: model objects -> readable TOML text (FILE-FORMATS.md).

Pure text, no files: `committee_to_toml(c)` and `agenda_to_toml(a)` give text that
`parse_committee` / `parse_agenda` read back to the same value. The editors build the same
TOML-shaped dict from what is typed (`committee_data`, `agenda_data` for a model object; raw
text where a number was expected, so that validation can say what is wrong), write it with
`dump_committee` / `dump_agenda`, and check the exact text before saving it; `locate` maps each
problem found in that text back to the key it is about.

The standard library reads TOML but does not write it; the few value types these files use
(text, numbers, true/false, lists of text) need only the small escaper below for a new file.

A file that already exists is *edited*, not rewritten (`committee_file_text`,
`agenda_file_text`): tomlkit parses it, only the values that changed between the file's
committee (or agenda) and the one saved are set, added or removed, and everything else —
comments, order, blank lines, the way a value was written — stays as it was. One changed value
is one changed line; a value cleared in the app removes its line; a new member or item is a new
block at the end of its list. When the edited text would not read back to exactly what is on
screen (a file too broken to edit in place), the app's own layout is written instead, and the
caller is told so (`Saved.kept_layout` is False).
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

from msgspec import Struct

from meeting_tui.charter.lines import LineIndex
from meeting_tui.charter.problems import Problem
from meeting_tui.domain.model import Agenda, Charter, Committee, Member

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
COMMENT_COLUMN = 33  # where end-of-line comments start, as in the shipped examples

# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: double quotes, with quotes, backslashes and every control
    character escaped. Everything else (Arabic, emoji, curly quotes) is written as it is."""
    out = ['"']
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_key(key: str) -> str:
    """A key as written before `=`: bare when it can be, otherwise quoted."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_number(value: int | float) -> str:
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 2.0 -> 2: reads back equal, and as people write it
    return repr(value)  # the shortest text that reads back to the same float


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return toml_number(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _line(key: str, value: Any, comment: str = "") -> str:
    text = f"{toml_key(key)} = {toml_value(value)}"
    if comment:
        text = text.ljust(COMMENT_COLUMN - 1) + " # " + comment
    return text


# ---------------------------------------------------------------------------------------------
# Comments: one line per key, where a reader of the file needs it
# ---------------------------------------------------------------------------------------------

_COMMENTS: dict[tuple[str, ...], str] = {
    ("committee", "body"): "strategic, executive, working-group or any other body",
    ("committee", "language"): "en or ar",
    ("committee", "collaboration"): "information-network, organisation, coordinating-council, campaign, long-term-coalition",
    ("charter", "seats"): "member: one vote per member; organisation: one per organisation",
    ("charter", "proxies"): "a present member may carry an absent member's vote",
    ("charter", "max_proxies_per_member"): "proxies one member may hold",
    ("charter", "remote_counts"): "members on the phone or video count and vote",
    ("charter", "non_voting_roles_vote"): "observers, mediators and staff vote",
    ("charter", "meeting_minutes"): "planned length of a meeting",
    ("charter", "quorum", "rule"): "majority, count or fraction (of the voting seats)",
    ("charter", "quorum", "count"): "with rule = \"count\": seats that must be present",
    ("charter", "quorum", "fraction"): "with rule = \"fraction\": share of seats, rounded up",
    ("charter", "quorum", "count_proxies"): "seats held only by proxy count for quorum",
    ("charter", "quorum", "min_community"): "community seats that must be present",
    ("charter", "voting", "default_threshold"): "majority_cast, majority_present, majority_members, two_thirds_cast, two_thirds_present, unanimous",
    ("charter", "voting", "chair_casting_vote"): "the chair breaks a tie (never on a secret ballot)",
    ("charter", "voting", "unanimous_no_abstain"): "an abstention prevents a unanimous decision",
    ("charter", "voting", "remote_secret_ballot"): "remote members take part in a secret ballot",
    ("charter", "voting", "declared_interest_may_speak"): "a member who declared an interest may still speak on it",
    ("charter", "consensus", "method"): "formal, gradients, fist-to-five or consent",
    ("charter", "consensus", "max_stand_aside_fraction"): "consensus fails above this share of stand-asides",
    ("charter", "consensus", "max_rounds"): "failed rounds before the fallback applies",
    ("charter", "consensus", "fallback"): "vote, escalate or defer",
    ("charter", "consensus", "fallback_threshold"): "threshold of the fallback vote",
    ("charter", "revisit", "mover_on_prevailing_side"): "only a member on the winning side may move to reconsider",
    ("charter", "revisit", "reconsider_threshold"): "to reconsider in the same session",
    ("charter", "revisit", "rescind_threshold"): "to rescind or amend later, without notice",
    ("charter", "revisit", "rescind_with_notice_threshold"): "the same, with notice given at the previous session",
    ("charter", "revisit", "min_days_before_reopen"): "days before a decision may be reopened",
    ("charter", "revisit", "requires_new_information"): "the mover must say what is new",
    ("charter", "timer", "warn_minutes"): "the item timer warns with this much time left",
    ("charter", "timer", "speaking_minutes"): "time for each turn on the speakers' list",
    ("escalation", "minutes"): "timebox; 0 for none",
    ("escalation", "binding"): "the outcome is binding (recorded as a decision)",
    ("members", "role"): "chair, deputy, secretary, officer, member, observer, mediator, staff",
    ("members", "constituency"): "community or partner",
    ("items", "kind"): "information, discussion or decision",
    ("items", "presenter"): "a member id, or a guest's name",
    ("agenda", "date"): "YYYY-MM-DD",
    ("agenda", "chair"): "member id; without it, the committee's chair",
    ("agenda", "secretary"): "member id; without it, the committee's secretary",
}
# Shown only on the first block of a list, so that a file of 21 members stays readable.
_FIRST_ONLY = {
    ("members", "role"),
    ("members", "constituency"),
    ("items", "kind"),
    ("items", "presenter"),
    ("escalation", "minutes"),
    ("escalation", "binding"),
}

_COMMITTEE_HEAD = """\
# Committee file written by meeting-tui. Every key is explained in docs/FILE-FORMATS.md.
# Check it with `meeting-tui check committee.toml`. Edit it in the app (committee, charter
# and agenda editors) or in any plain-text editor.
"""
_AGENDA_HEAD = """\
# Agenda written by meeting-tui. Every key is explained in docs/FILE-FORMATS.md.
# Items run in the order written here; minutes is each item's planned duration.
"""
_SECTION_NOTES = {
    "charter": "# ---- Rules of procedure ------------------------------------------------------------------",
    "scope": "# ---- What each body may decide (a decision outside this list is recorded as referred) -----",
    "escalation": "# ---- The conflict escalation ladder, in order ---------------------------------------------",
    "members": "# ---- Members (a retired member stays for the record of past sessions) -------------------",
    "items": "# ---- Items ------------------------------------------------------------------------------",
}


def _comment_for(path: tuple[str, ...], first: bool) -> str:
    if path in _FIRST_ONLY and not first:
        return ""
    return _COMMENTS.get(path, "")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, dict) for v in value)


def _write_table(out: list[str], header: str, table: dict, path: tuple[str, ...], first: bool = True) -> None:
    """`[header]` (or `[[header]]`) with its plain keys, then its sub-tables."""
    out.append(header)
    subtables = []
    for key, value in table.items():
        if isinstance(value, dict):
            subtables.append((key, value))
            continue
        out.append(_line(key, value, _comment_for(path + (key,), first)))
    for key, value in subtables:
        out.append("")
        _write_table(out, f"[{header.strip('[]')}.{toml_key(key)}]", value, path + (key,))


def _write_table_list(out: list[str], name: str, entries: list[dict]) -> None:
    for i, entry in enumerate(entries):
        if i:
            out.append("")
        _write_table(out, f"[[{name}]]", entry, (name,), first=i == 0)


def _dump(head: str, data: dict, order: Iterable[str]) -> str:
    out = [head.rstrip("\n")]
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    tables = [k for k in keys if isinstance(data[k], dict) or _is_table_list(data[k])]
    plain = [k for k in keys if k not in tables]  # before any [table], or they would belong to it
    if plain:
        out.append("")
        out += [_line(key, data[key]) for key in plain]
    for key in tables:
        value = data[key]
        out.append("")
        note = _SECTION_NOTES.get(key)
        if note:
            out.append(note)
        if isinstance(value, dict):
            _write_table(out, f"[{toml_key(key)}]", value, (key,))
        else:
            _write_table_list(out, key, value)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Committees
# ---------------------------------------------------------------------------------------------


def charter_data(charter: Charter, *, every_key: bool = False) -> dict[str, Any]:
    """The `[charter]` table of a charter (without scope and escalation, which are top level).

    Settings that only matter with another setting (quorum `count` with rule "count") are
    left out when they have no effect and their default value, so `check` does not warn
    (unless `every_key`: then every setting is there, to compare two charters key by key)."""
    d = Charter()
    q = charter.quorum
    quorum: dict[str, Any] = {"rule": q.rule}
    if every_key or q.rule == "count" or q.count != d.quorum.count:
        quorum["count"] = q.count
    if every_key or q.rule == "fraction" or q.fraction != d.quorum.fraction:
        quorum["fraction"] = q.fraction
    if every_key or charter.proxies or q.count_proxies != d.quorum.count_proxies:
        quorum["count_proxies"] = q.count_proxies
    quorum["min_community"] = q.min_community
    v, k, r, t = charter.voting, charter.consensus, charter.revisit, charter.timer
    return {
        "seats": charter.seats,
        "proxies": charter.proxies,
        "max_proxies_per_member": charter.max_proxies_per_member,
        "remote_counts": charter.remote_counts,
        "non_voting_roles_vote": charter.non_voting_roles_vote,
        "meeting_minutes": charter.meeting_minutes,
        "quorum": quorum,
        "voting": {
            "default_threshold": v.default_threshold,
            "chair_casting_vote": v.chair_casting_vote,
            "unanimous_no_abstain": v.unanimous_no_abstain,
            "remote_secret_ballot": v.remote_secret_ballot,
            "declared_interest_may_speak": v.declared_interest_may_speak,
        },
        "consensus": {
            "method": k.method,
            "max_stand_aside_fraction": k.max_stand_aside_fraction,
            "max_rounds": k.max_rounds,
            "fallback": k.fallback,
            "fallback_threshold": k.fallback_threshold,
        },
        "revisit": {
            "mover_on_prevailing_side": r.mover_on_prevailing_side,
            "reconsider_threshold": r.reconsider_threshold,
            "rescind_threshold": r.rescind_threshold,
            "rescind_with_notice_threshold": r.rescind_with_notice_threshold,
            "min_days_before_reopen": r.min_days_before_reopen,
            "requires_new_information": r.requires_new_information,
        },
        "timer": {"warn_minutes": t.warn_minutes, "speaking_minutes": t.speaking_minutes},
    }


def member_data(member: Member) -> dict[str, Any]:
    """One `[[members]]` block. The id is always written, so renaming never changes it."""
    out: dict[str, Any] = {
        "id": member.id,
        "name": member.name,
        "organisation": member.organisation,
        "role": member.role,
        "voting": member.voting,
        "constituency": member.constituency,
    }
    if member.alternate_for is not None:
        out["alternate_for"] = member.alternate_for
    if member.phone:
        out["phone"] = member.phone
    if member.email:
        out["email"] = member.email
    if member.retired:
        out["retired"] = True
    return out


def committee_data(committee: Committee, *, every_key: bool = False) -> dict[str, Any]:
    """The committee as the dict `tomllib` reads from its file (the slug is the folder's name)."""
    charter = committee.charter
    data: dict[str, Any] = {
        "committee": {
            "name": committee.name,
            "body": committee.body,
            "language": committee.language,
            "collaboration": committee.collaboration,
            "coalition": committee.coalition,
        },
        "charter": charter_data(charter, every_key=every_key),
        "scope": {kind: list(bodies) for kind, bodies in charter.scope.items()},
        "escalation": [level.to_dict() for level in charter.escalation],
        "members": [member_data(m) for m in committee.members],
    }
    if not data["scope"]:
        del data["scope"]
    return data


COMMITTEE_ORDER = ("committee", "charter", "scope", "escalation", "members")
AGENDA_ORDER = ("agenda", "items")


def dump_committee(data: dict[str, Any]) -> str:
    """Committee-file text for a TOML-shaped dict (as `committee_data` makes, or an editor)."""
    return _dump(_COMMITTEE_HEAD, data, COMMITTEE_ORDER)


def committee_to_toml(committee: Committee) -> str:
    """The text of `committee.toml` for `committee`; `parse_committee` reads back the same."""
    return dump_committee(committee_data(committee))


# ---------------------------------------------------------------------------------------------
# Agendas
# ---------------------------------------------------------------------------------------------


def agenda_data(agenda: Agenda) -> dict[str, Any]:
    head: dict[str, Any] = {"title": agenda.title, "place": agenda.place, "date": agenda.date}
    if agenda.chair:
        head["chair"] = agenda.chair
    if agenda.secretary:
        head["secretary"] = agenda.secretary
    items = []
    for item in agenda.items:
        entry: dict[str, Any] = {"id": item.id, "title": item.title, "minutes": item.minutes, "kind": item.kind}
        if item.presenter:
            entry["presenter"] = item.presenter
        items.append(entry)
    data: dict[str, Any] = {"agenda": head}
    if items:
        data["items"] = items
    return data


def dump_agenda(data: dict[str, Any]) -> str:
    return _dump(_AGENDA_HEAD, data, AGENDA_ORDER)


def agenda_to_toml(agenda: Agenda) -> str:
    """The text of an agenda file; `parse_agenda` reads back the same agenda."""
    return dump_agenda(agenda_data(agenda))


# ---------------------------------------------------------------------------------------------
# Problems -> keys
# ---------------------------------------------------------------------------------------------


def locate(text: str, problems: Iterable[Problem]) -> list[tuple[tuple | None, Problem]]:
    """Each problem with the path of the key (or table) on its line in `text`, e.g.
    `("members", 2, "voting")`, `("charter", "quorum", "count")`; None for whole-file checks.

    Works because the writer puts every key on its own line."""
    try:
        index = LineIndex(text)
    except Exception:  # noqa: BLE001 - best effort: unplaced problems are still shown
        return [(None, p) for p in problems]
    by_line: dict[int, tuple] = {}
    for path, line in index.lines.items():
        if line not in by_line or len(path) > len(by_line[line]):
            by_line[line] = path
    return [(by_line.get(p.line) if p.line is not None else None, p) for p in problems]


# ---------------------------------------------------------------------------------------------
# Editing a file in place (tomlkit)
# ---------------------------------------------------------------------------------------------

_MISSING = object()


class Saved(Struct, frozen=True):
    """The text to write, and whether it is the original file edited in place (True) or the
    app's own layout (False: a new file, or one that could not be edited in place)."""

    text: str
    kept_layout: bool


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _new_item(value: Any) -> Any:
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.table()
        for key, sub in value.items():
            table[key] = _new_item(sub)
        return table
    if _is_table_list(value):
        aot = tomlkit.aot()
        for entry in value:
            aot.append(_new_item(entry))
        return aot
    if isinstance(value, tuple):
        return list(value)
    return value


def _is_aot(value: Any) -> bool:
    from tomlkit.items import AoT

    return isinstance(value, AoT)


def _apply(container: Any, old: dict | None, new: dict, ids: int = 0) -> None:
    """Make the tomlkit table `container` say `new`, touching only what differs from `old`
    (what the file said before, as the writer's dict; None when unknown)."""
    old = old if isinstance(old, dict) else None
    if old is not None:
        for key in list(old):
            if key not in new and key in container:
                del container[key]  # cleared in the app: its line goes
    for key, value in new.items():
        before = old.get(key, _MISSING) if old is not None else _MISSING
        if before is not _MISSING and before == value:
            continue  # unchanged: the file keeps whatever it says, as it says it
        if key not in container:
            container[key] = _new_item(value)
            continue
        current = container[key]
        if isinstance(value, dict) and isinstance(current, dict):
            _apply(current, before if isinstance(before, dict) else None, value, ids)
        elif _is_table_list(value) and _is_aot(current):
            _apply_list(current, before if isinstance(before, list) else None, value, ids)
        elif _plain(current) != value or type(_plain(current)) is not type(value):
            _replace_value(container, key, current, value)


def _item_of(container: Any, key: str) -> Any:
    item = getattr(container, "item", None)
    return item(key) if callable(item) else container[key]


def _replace_value(container: Any, key: str, current: Any, value: Any) -> None:
    """Set one value; an end-of-line comment stays where it was (same column when it can)."""
    current = _item_of(container, key)
    trivia = getattr(current, "trivia", None)
    width = len(current.as_string()) + len(trivia.comment_ws) if trivia is not None and trivia.comment else None
    container[key] = _new_item(value)
    new = _item_of(container, key)
    if width is not None and getattr(new, "trivia", None) is not None and new.trivia.comment:
        new.trivia.comment_ws = " " * max(1, width - len(new.as_string()))


def _trailing_lines(table: Any) -> list[Any]:
    """The comment and blank lines at the end of a block: in a TOML file they stand before the
    next block's header, and are about it (tomlkit keeps them with the block above)."""
    from tomlkit.items import Comment, Whitespace

    body = table.value.body
    n = len(body)
    while n and body[n - 1][0] is None and isinstance(body[n - 1][1], (Comment, Whitespace)):
        n -= 1
    tail = [item for _key, item in body[n:]]
    return tail if any(isinstance(item, Comment) for item in tail) else []


def _remove_block(aot: Any, index: int) -> None:
    """Remove a block; the comments that stood before the next block's header stay there."""
    if index > 0:
        tail = _trailing_lines(aot[index])
        if tail:
            previous = aot[index - 1]
            for item in tail:
                previous.value.append(None, item)
    del aot[index]


def _append_block(aot: Any, table: Any) -> None:
    """Add a block at the end, after a blank line as the blocks before it are."""
    import tomlkit
    from tomlkit.items import Whitespace

    if len(aot):
        last = aot[len(aot) - 1].value.body
        if not (last and last[-1][0] is None and isinstance(last[-1][1], Whitespace)):
            aot[len(aot) - 1].add(tomlkit.nl())
    aot.append(table)


def _apply_list(aot: Any, old: list | None, new: list[dict], ids: int = 0) -> None:
    """An array of tables (`[[members]]`, `[[items]]`, `[[escalation]]`): blocks matched by id
    (by position when the entries have no id), edited in place; removed blocks go, new ones are
    added where they stand in the new order."""
    tables = list(aot)
    with_ids = old is not None and len(old) == len(tables) and all("id" in e for e in old) and all("id" in e for e in new)
    if not with_ids:
        for i, entry in enumerate(new):
            if i < len(tables):
                _apply(tables[i], old[i] if old is not None and i < len(old) else None, entry, ids)
            else:
                _append_block(aot, _new_item(entry))
        for i in range(len(tables) - 1, len(new) - 1, -1):
            _remove_block(aot, i)
        return
    old_by_id = {e["id"]: (e, tables[i]) for i, e in enumerate(old)}
    wanted = [e["id"] for e in new]
    for i in range(len(old) - 1, -1, -1):  # removed blocks
        if old[i]["id"] not in wanted:
            _remove_block(aot, i)
    kept = [e["id"] for e in old if e["id"] in wanted]
    for entry in new:
        if entry["id"] in old_by_id:
            before, table = old_by_id[entry["id"]]
            _apply_block(table, before, entry, ids)
    if wanted[: len(kept)] == kept:  # the same order, new blocks (if any) at the end
        for entry in new[len(kept):]:
            _append_block(aot, _new_item(entry))
        return
    # moved, or added between blocks: the blocks go in the new order, each with what it holds
    while len(aot):
        del aot[0]
    for entry in new:
        table = old_by_id[entry["id"]][1] if entry["id"] in old_by_id else _new_item(entry)
        _append_block(aot, table)


def _apply_block(table: Any, old: dict, new: dict, ids: int = 0) -> None:
    """One block of a list, matched by id. A block without an id (made from the name, or
    `item-N` from its place) can get its id written, so that renaming a member or moving an
    item never changes the id that sessions refer to: with `ids` 1 when the block changed,
    with 2 always (the caller tries 0, then 1, then 2, and keeps the first that reads back)."""
    if (ids >= 2 or (ids == 1 and old != new)) and "id" not in table:
        table["id"] = new["id"]
    _apply(table, old, new, ids)


def edit_text(original: str, old: dict | None, new: dict, *, ids: int = 0) -> str:
    """`original` (TOML text) edited with tomlkit so that it says `new`, changing only what
    differs from `old`. Raises ValueError when `original` is not TOML tomlkit can edit."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(original)
        _apply(document, old, new, ids)
        return tomlkit.dumps(document)
    except (TOMLKitError, KeyError, TypeError, IndexError) as error:
        raise ValueError(str(error)) from None


def _forget(old: dict, paths: Iterable[tuple], new: dict) -> None:
    """Edit `old` (what the opened file is taken to say) so that saving rewrites the values
    at `paths`, where the file has an error: a value the app knows is written afresh (the file
    said something else than what was read), a key it does not know is removed."""
    for path in paths:
        here_old: Any = old
        here_new: Any = new
        for step in path[:-1]:
            try:
                here_old = here_old[step]
                here_new = here_new[step] if here_new is not None else None
            except (KeyError, IndexError, TypeError):
                here_old = None
                break
        if not isinstance(here_old, dict):
            continue
        key = path[-1]
        if isinstance(here_old.get(key), (dict, list)):
            continue  # a whole table: its own keys say what is wrong
        if isinstance(here_new, dict) and key in here_new:
            here_old.pop(key, None)
        else:
            here_old[key] = None


def committee_file_text(committee: Committee, original: str | None = None) -> Saved:
    """The text to save for `committee`: `original` (the file as it was opened) edited in
    place when there is one and it can be, else the app's layout (`committee_to_toml`)."""
    from meeting_tui.charter.load import parse_committee

    if original is not None:
        before = parse_committee(original, slug=committee.slug).value
        bad: list[tuple] = []
        if before is None:  # a file opened with its problems: what was read, less the wrong
            from meeting_tui.charter.load import salvage_committee

            salvaged = salvage_committee(original, slug=committee.slug)
            before, bad = salvaged.value, [path for path, _p in locate(original, salvaged.errors) if path]
        old = committee_data(before, every_key=True) if before is not None else None
        new = committee_data(committee, every_key=old is not None)
        if old is not None:
            _forget(old, bad, new)
        for ids in (0, 1, 2):
            try:
                text = edit_text(original, old, new, ids=ids)
            except ValueError:
                break
            if parse_committee(text, slug=committee.slug).value == committee:
                return Saved(text, True)
    return Saved(committee_to_toml(committee), False)


def agenda_file_text(agenda: Agenda, original: str | None = None, *, committee: Committee | None = None) -> Saved:
    """The text to save for `agenda`, as `committee_file_text` does for a committee."""
    from meeting_tui.charter.load import parse_agenda

    if original is not None:
        before = parse_agenda(original, committee=committee).value
        bad: list[tuple] = []
        if before is None:
            from meeting_tui.charter.load import salvage_agenda

            salvaged = salvage_agenda(original, committee=committee)
            before, bad = salvaged.value, [path for path, _p in locate(original, salvaged.errors) if path]
        old = agenda_data(before) if before is not None else None
        new = agenda_data(agenda)
        if old is not None:
            _forget(old, bad, new)
        for ids in (0, 1, 2):
            try:
                text = edit_text(original, old, new, ids=ids)
            except ValueError:
                break
            if parse_agenda(text, committee=committee).value == agenda:
                return Saved(text, True)
    return Saved(agenda_to_toml(agenda), False)
