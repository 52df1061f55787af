"""The handbook's composition advice: warnings, never errors."""

from __future__ import annotations

from msgspec.structs import replace

from meeting_tui.charter import composition_warnings, parse_committee
from meeting_tui.charter.examples import example_text
from meeting_tui.domain.model import Committee, Member

from .helpers import find, replace_once


def roster(n: int, *, community: int, officers: int = 0, chair: str = "community") -> tuple[Member, ...]:
    out = []
    for i in range(n):
        role = "member"
        if i == 0:
            role = "chair"
        elif i < officers:
            role = ("deputy", "secretary", "officer", "officer", "officer")[i - 1]
        constituency = "community" if i < community else "partner"
        if i == 0:
            constituency = chair
        out.append(Member(id=f"m{i}", name=f"M {i}", organisation=f"Org {i}", role=role, constituency=constituency))
    return tuple(out)


def committee(body: str, members: tuple[Member, ...]) -> Committee:
    return Committee(slug="c", name="C", body=body, members=members)


def test_executive_within_advice_is_silent():
    assert composition_warnings(committee("executive", roster(10, community=5, officers=5))) == []


def test_executive_size():
    for n in (8, 12):
        warnings = composition_warnings(committee("executive", roster(n, community=5, officers=5)))
        assert len(warnings) == 1
        assert f"{n} voting members" in warnings[0].message and "9 to 11" in warnings[0].message
        assert warnings[0].severity == "warning" and warnings[0].fix


def test_executive_officers():
    w = composition_warnings(committee("executive", roster(10, community=5, officers=3)))
    find(w, "3 officers", "4 to 6")
    w = composition_warnings(committee("executive", roster(11, community=5, officers=6)))
    assert w == []


def test_executive_chair_or_deputy_from_community():
    members = roster(10, community=5, officers=5, chair="partner")
    # deputy (m1) is community: fine
    assert composition_warnings(committee("executive", members)) == []
    members = tuple(replace(m, constituency="partner") if m.id == "m1" else m for m in members)
    find(composition_warnings(committee("executive", members)), "community organisation", "M 0")


def test_strategic_size_and_community():
    assert composition_warnings(committee("strategic", roster(21, community=2))) == []
    find(composition_warnings(committee("strategic", roster(21, community=1, chair="partner"))), "at least 2")
    find(composition_warnings(committee("strategic", roster(12, community=10))), "12 voting members", "about 21")
    assert composition_warnings(committee("strategic", roster(27, community=10))) == []


def test_alternates_retired_and_non_voting_are_not_counted():
    members = roster(9, community=5, officers=5) + (
        Member(id="alt", name="Alt", organisation="Org 3", alternate_for="m3"),
        Member(id="obs", name="Obs", organisation="X", role="observer", voting=False),
        Member(id="old", name="Old", organisation="Y", retired=True),
    )
    assert composition_warnings(committee("executive", members)) == []
    members = tuple(replace(m, retired=True) if m.id == "m8" else m for m in members)
    find(composition_warnings(committee("executive", members)), "8 voting members")


def test_other_bodies_get_no_advice():
    assert composition_warnings(committee("working-group", roster(2, community=0))) == []
    assert composition_warnings(committee("finance committee", roster(40, community=0))) == []


def test_composition_warnings_from_a_file_carry_lines():
    text = example_text("executive.toml")
    text = replace_once(text, 'role = "chair"\nconstituency = "community"', 'role = "chair"\nconstituency = "partner"')
    result = parse_committee(text, slug="x")
    assert result.ok  # warnings never block
    w = find(result.warnings, "chair nor a deputy")
    assert w.line == text.splitlines().index("[[members]]") + 1
    text = replace_once(example_text("executive.toml"), 'role = "deputy"', 'role = "member"')
    text = replace_once(text, 'role = "secretary"', 'role = "member"')
    w = find(parse_committee(text, slug="x").warnings, "3 officers")
    assert w.line == text.splitlines().index('body = "executive"') + 1
