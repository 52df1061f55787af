"""Shared helpers for the charter tests: a small valid committee and ways to break it."""

from __future__ import annotations

import io
from pathlib import Path

from meeting_tui.charter import LoadResult, Problem, check_paths, parse_agenda, parse_committee

# A valid committee; body "working-group" so that the handbook's composition advice is silent.
BASE = """\
[committee]
name = "Land working group"
body = "working-group"
language = "en"

[charter]
seats = "member"
proxies = false
meeting_minutes = 90

[charter.quorum]
rule = "majority"
min_community = 1

[charter.voting]
default_threshold = "majority_cast"

[charter.consensus]
method = "formal"
max_rounds = 3

[charter.revisit]
rescind_threshold = "two_thirds_cast"

[charter.timer]
warn_minutes = 2
speaking_minutes = 3

[scope]
budget = ["executive"]

[[escalation]]
name = "Facilitated dialogue"
handler = "facilitator"
minutes = 15
binding = false

[[members]]
name = "Amina Haddad"
organisation = "Farmers' Association"
role = "chair"
constituency = "community"

[[members]]
id = "karim"
name = "Karim Nasser"
organisation = "Legal Aid Centre"
constituency = "partner"

[[members]]
name = "ليلى منصور"
organisation = "Women's Cooperative"
constituency = "community"

[[members]]
name = "Omar Saleh"
organisation = "Youth Committee"
role = "secretary"
constituency = "community"
"""

AGENDA = """\
[agenda]
title = "Monthly meeting"
place = "Hall"
date = "2026-03-14"

[[items]]
title = "Approval of the previous minutes"
minutes = 10
kind = "decision"

[[items]]
id = "budget"
title = "Budget"
minutes = 30
kind = "decision"
presenter = "karim"
"""


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"{old!r} not in text"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not found")


def committee(text: str, slug: str = "test") -> LoadResult:
    return parse_committee(text, slug=slug)


def errors(result: LoadResult) -> list[Problem]:
    return [p for p in result.problems if p.severity == "error"]


def warnings(result: LoadResult) -> list[Problem]:
    return [p for p in result.problems if p.severity == "warning"]


def only_error(result: LoadResult, *needles: str) -> Problem:
    """The single error; it must mention every needle."""
    errs = errors(result)
    assert len(errs) == 1, "\n".join(p.message for p in result.problems)
    for needle in needles:
        assert needle in errs[0].message, (needle, errs[0].message)
    assert errs[0].fix
    assert result.value is None and not result.ok
    return errs[0]


def find(problems: list[Problem], *needles: str) -> Problem:
    for p in problems:
        if all(n in p.message for n in needles):
            return p
    raise AssertionError(f"no problem mentions {needles}: " + "\n".join(p.message for p in problems))


def run_check(paths: list) -> tuple[int, str]:
    out = io.StringIO()
    code = check_paths([str(p) for p in paths], out)
    return code, out.getvalue()


def check_text(tmp_path: Path, text: str, name: str = "committee.toml") -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run_check([path])


def agenda(text: str) -> LoadResult:
    return parse_agenda(text)
