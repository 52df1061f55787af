"""Charter presets are complete, valid charters; applying one keeps the committee's own facts."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from meeting_tui.charter import parse_committee
from meeting_tui.charter.examples import example_text
from meeting_tui.charter.presets import (
    CONSENSUS_WITH_VOTE_FALLBACK,
    PRESETS,
    ROBERTS_RULES,
    SOCIOCRATIC_CONSENT,
    apply_preset,
)
from meeting_tui.charter.write import committee_to_toml
from meeting_tui.domain.model import Charter


@pytest.fixture
def executive():
    return parse_committee(example_text("executive.toml"), slug="executive").value


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_preset_is_a_valid_charter_that_round_trips(executive, key):
    _label, description, preset = PRESETS[key]
    committee = replace(executive, charter=apply_preset(executive.charter, preset))
    result = parse_committee(committee_to_toml(committee), slug="executive")
    assert result.errors == []
    assert result.value == committee
    assert description


def test_presets_differ_where_they_should():
    assert ROBERTS_RULES == Charter()
    assert CONSENSUS_WITH_VOTE_FALLBACK.consensus.fallback == "vote"
    assert CONSENSUS_WITH_VOTE_FALLBACK.revisit.requires_new_information
    assert SOCIOCRATIC_CONSENT.consensus.method == "consent"
    assert SOCIOCRATIC_CONSENT.consensus.fallback == "escalate"


def test_apply_keeps_scope_ladder_length_timers_and_community_minimum(executive):
    before = executive.charter
    after = apply_preset(before, SOCIOCRATIC_CONSENT)
    assert after.scope == before.scope and after.escalation == before.escalation
    assert after.meeting_minutes == before.meeting_minutes and after.timer == before.timer
    assert after.quorum.min_community == before.quorum.min_community == 2
    assert after.consensus == SOCIOCRATIC_CONSENT.consensus
    assert after.proxies == SOCIOCRATIC_CONSENT.proxies
