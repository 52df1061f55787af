"""Quorum and thresholds, with PROCEDURE.md's worked example."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from meeting_tui.domain.model import Charter, Member, QuorumRules
from meeting_tui.domain.rules import Tally, apply_threshold, quorum, seats

from .conftest import make_committee


def present(*ids: int, mode: str = "in-person") -> dict[str, str]:
    return {f"m{i}": mode for i in ids}


def test_worked_example_quorum_majority_of_21_needs_11():
    c = make_committee(21)
    q = quorum(c.charter, c.members, present(*range(12)))
    assert (q.required, q.counted, q.total, q.met) == (11, 12, 21, True)
    assert not quorum(c.charter, c.members, present(*range(10))).met
    assert quorum(c.charter, c.members, present(*range(11))).met


@pytest.mark.parametrize(
    "threshold, adopted",
    [
        ("majority_cast", True),  # 7 > 4
        ("majority_present", True),  # 7 > 6
        ("majority_members", False),  # 7 <= 10.5
        ("two_thirds_cast", False),  # 7 < 7.33
        ("two_thirds_present", False),  # 7 < 8
        ("unanimous", False),
    ],
)
def test_worked_example_thresholds(threshold, adopted):
    result = apply_threshold(threshold, Tally(7, 4, 1), present_voters=12, total_voters=21)
    assert result.adopted is adopted


@pytest.mark.parametrize(
    "threshold", ["majority_cast", "majority_present", "majority_members", "two_thirds_cast", "two_thirds_present"]
)
def test_a_tie_fails(threshold):
    assert not apply_threshold(threshold, Tally(6, 6), present_voters=12, total_voters=12).adopted


def test_two_thirds_exact_boundary_passes():
    assert apply_threshold("two_thirds_cast", Tally(8, 4), present_voters=12, total_voters=21).adopted
    assert not apply_threshold("two_thirds_cast", Tally(7, 4), present_voters=12, total_voters=21).adopted
    assert apply_threshold("two_thirds_present", Tally(8, 0), present_voters=12, total_voters=21).adopted


def test_unanimous_and_abstentions():
    assert apply_threshold("unanimous", Tally(5, 0, 2), present_voters=7, total_voters=7).adopted
    assert not apply_threshold(
        "unanimous", Tally(5, 0, 2), present_voters=7, total_voters=7, unanimous_no_abstain=True
    ).adopted
    assert not apply_threshold("unanimous", Tally(0, 0, 7), present_voters=7, total_voters=7).adopted


def test_no_votes_cast_adopts_nothing():
    for name in ("majority_cast", "two_thirds_cast"):
        assert not apply_threshold(name, Tally(0, 0, 3), present_voters=3, total_voters=5).adopted


def test_quorum_count_rule():
    c = make_committee(11, Charter(quorum=QuorumRules(rule="count", count=7)))
    assert not quorum(c.charter, c.members, present(*range(6))).met
    assert quorum(c.charter, c.members, present(*range(7))).met


def test_quorum_fraction_is_exact():
    # ceil(0.7 * 10) is 7, not 8 (float 0.7 * 10 = 7.000000000000001)
    c = make_committee(10, Charter(quorum=QuorumRules(rule="fraction", fraction=0.7)))
    q = quorum(c.charter, c.members, present(*range(7)))
    assert (q.required, q.met) == (7, True)
    c = make_committee(21, Charter(quorum=QuorumRules(rule="fraction", fraction=1 / 3)))
    assert quorum(c.charter, c.members, {}).required == 7


def test_non_voting_members_do_not_count():
    observer = Member(id="obs", name="Observer", organisation="X", role="observer", voting=False)
    staff = Member(id="staff", name="Staff", organisation="X", role="staff", voting=True)
    c = make_committee(4, extra=(observer, staff))
    q = quorum(c.charter, c.members, {"obs": "in-person", "staff": "in-person", "m0": "in-person"})
    assert (q.total, q.counted, q.required, q.met) == (4, 1, 3, False)
    voting_staff = replace(c.charter, non_voting_roles_vote=True)
    assert quorum(voting_staff, c.members, {"staff": "in-person"}).total == 5


def test_remote_counts_only_if_charter_says_so():
    c = make_committee(5)
    remote = present(0, 1, 2, mode="remote")
    assert quorum(c.charter, c.members, remote).met
    assert not quorum(replace(c.charter, remote_counts=False), c.members, remote).met


def test_proxies_count_toward_quorum_only_if_allowed():
    base = make_committee(5).charter
    c = make_committee(5, replace(base, proxies=True))
    here = present(0, 1)
    proxies = {"m2": "m0"}
    q = quorum(c.charter, c.members, here, proxies)
    assert (q.by_proxy, q.counted, q.met) == (1, 2, False)
    counting = replace(c.charter, quorum=QuorumRules(count_proxies=True))
    q = quorum(counting, c.members, here, proxies)
    assert (q.counted, q.met) == (3, True)
    # a proxy held by an absent member counts for nothing
    assert quorum(counting, c.members, present(1), {"m2": "m0"}).by_proxy == 0


def test_community_minimum():
    charter = Charter(quorum=QuorumRules(min_community=2))
    c = make_committee(5, charter)  # m0, m2, m4 community; m1, m3 partner
    q = quorum(c.charter, c.members, present(1, 3, 0))
    assert (q.counted, q.required, q.community_present, q.met) == (3, 3, 1, False)
    assert "community" in q.shortfall()
    assert quorum(c.charter, c.members, present(1, 0, 2)).met


def _org_committee(seats_mode: str = "organisation"):
    people = (
        Member(id="a1", name="A one", organisation="A", constituency="community"),
        Member(id="a2", name="A two", organisation="A", constituency="community"),
        Member(id="b1", name="B one", organisation="B", constituency="partner"),
        Member(id="b-alt", name="B alternate", organisation="B", constituency="partner", alternate_for="b1"),
        Member(id="c1", name="C one", organisation="C", constituency="community"),
        Member(id="d1", name="D one", organisation="D", constituency="partner"),
    )
    return make_committee(0, Charter(seats=seats_mode), extra=people)


def test_organisation_seats_count_organisations():
    c = _org_committee()
    all_seats = seats(c.charter, c.members)
    assert sorted(s.key for s in all_seats) == ["A", "B", "C", "D"]
    q = quorum(c.charter, c.members, {"a1": "in-person", "a2": "in-person", "c1": "in-person"})
    assert (q.unit, q.total, q.counted, q.required, q.met) == ("organisations", 4, 2, 3, False)
    # B's delegate is absent: its named alternate fills the seat
    q = quorum(c.charter, c.members, {"a1": "in-person", "b-alt": "in-person", "c1": "in-person"})
    assert (q.counted, q.met) == (3, True)


def test_member_seats_alternate_fills_delegate_seat_and_is_not_an_extra_seat():
    c = _org_committee("member")
    assert len(seats(c.charter, c.members)) == 5
    q = quorum(c.charter, c.members, {"b1": "in-person", "b-alt": "in-person"})
    assert q.counted == 1


def test_no_voting_members_never_has_quorum():
    c = make_committee(0, extra=(Member(id="o", name="O", organisation="X", role="observer", voting=False),))
    assert not quorum(c.charter, c.members, {"o": "in-person"}).met
