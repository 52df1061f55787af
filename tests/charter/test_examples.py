"""The shipped examples are valid, say what the handbook asks, and load from the package."""

from __future__ import annotations

import pytest

from meeting_tui.charter import composition_warnings, parse_agenda, parse_committee
from meeting_tui.charter.examples import EXAMPLES, example_names, example_text
from meeting_tui.domain import rules

from .helpers import run_check

OFFICERS = ("chair", "deputy", "secretary", "officer")


def test_every_example_is_shipped_and_readable():
    assert set(EXAMPLES) <= set(example_names())
    for name in EXAMPLES:
        assert example_text(name).strip()


@pytest.mark.parametrize("name", ["nope.toml", "../pyproject.toml", "executive"])
def test_unknown_example_is_a_key_error(name):
    with pytest.raises(KeyError):
        example_text(name)


def test_executive_example():
    result = parse_committee(example_text("executive.toml"), slug="demo-executive")
    assert result.ok, [p.message for p in result.problems]
    assert result.problems == []  # not even a warning
    c = result.value
    assert c.slug == "demo-executive" and c.body == "executive" and c.language == "en"
    assert c.collaboration == "long-term-coalition" and "تحالف" in c.coalition
    seats = rules.seats(c.charter, c.members)
    assert len(c.members) == 13 and len(seats) == 11
    holders = [m for m in c.members if rules.has_vote(c.charter, m) and not m.is_alternate]
    officers = [m for m in holders if m.role in OFFICERS]
    assert 4 <= len(officers) <= 6
    chair = [m for m in c.members if m.role == "chair"]
    assert len(chair) == 1 and chair[0].constituency == "community"
    assert {m.constituency for m in holders} == {"community", "partner"}
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in m.name) for m in c.members)  # Arabic names
    assert any(m.name.isascii() for m in c.members)  # and Latin ones
    alternates = [m for m in c.members if m.is_alternate]
    assert len(alternates) == 1
    delegate = c.member(alternates[0].alternate_for)
    assert delegate is not None and delegate.organisation == alternates[0].organisation
    assert any(m.phone for m in c.members) and any(m.email for m in c.members)
    assert c.charter.proxies is True and c.charter.quorum.rule == "majority"
    assert set(c.charter.scope) >= {"budget", "membership", "public-statement", "work-plan"}
    assert [lv.name for lv in c.charter.escalation] == [
        "Facilitated dialogue",
        "Independent mediator",
        "Arbitrator or arbitration committee",
    ]
    assert composition_warnings(c) == []


def test_strategic_example():
    result = parse_committee(example_text("strategic.toml"), slug="demo-strategic")
    assert result.ok and result.problems == [], [p.message for p in result.problems]
    c = result.value
    assert c.body == "strategic" and len(c.members) == 21
    assert len(rules.seats(c.charter, c.members)) == 21
    assert sum(m.constituency == "community" for m in c.members) >= 2
    assert c.charter.seats == "member"
    assert (c.charter.quorum.rule, c.charter.quorum.fraction, c.charter.quorum.min_community) == ("fraction", 0.5, 2)
    assert (c.charter.consensus.method, c.charter.consensus.fallback) == ("gradients", "vote")
    executive = parse_committee(example_text("executive.toml"), slug="x").value
    shared = {m.id for m in c.members} & {m.id for m in executive.members}
    assert 2 <= len(shared) <= 4  # the executive committee's representatives
    assert len([m for m in c.members if m.role == "chair"]) == 1


def test_agenda_example_is_a_two_hour_monthly_meeting_with_member_presenters():
    result = parse_agenda(example_text("agenda-executive.toml"))
    assert result.ok and result.problems == [], [p.message for p in result.problems]
    a = result.value
    assert 6 <= len(a.items) <= 8 and a.planned_minutes == 120
    assert a.date == "2026-03-14"
    kinds = [i.kind for i in a.items]
    assert kinds[0] == "decision" and "minutes" in a.items[0].title.lower()
    assert kinds.count("decision") >= 3
    executive = parse_committee(example_text("executive.toml"), slug="x").value
    ids = {m.id for m in executive.members}
    assert all(item.presenter in ids for item in a.items)
    assert any("budget" in i.title.lower() for i in a.items)
    assert any("statement" in i.title.lower() for i in a.items)
    assert "any other business" in a.items[-1].title.lower()


def test_check_passes_on_every_example(tmp_path):
    paths = []
    for name in EXAMPLES:
        path = tmp_path / name
        path.write_text(example_text(name), encoding="utf-8")
        paths.append(path)
    code, out = run_check(paths)
    assert code == 0, out
    assert "error" not in out
    assert f"{paths[0]}: ok (13 members, 11 voting seats, 0 warnings)" in out
    assert f"{paths[1]}: ok (21 members, 21 voting seats, 0 warnings)" in out
    assert f"{paths[2]}: ok (8 items, 120 minutes, 0 warnings)" in out
