"""Writing committee and agenda files: the text reads back to the same value, and `check`
accepts it. Examples, hand-picked nasty text, and generated committees (hypothesis)."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_tui.charter import parse_agenda, parse_committee
from meeting_tui.charter.check import check_paths
from meeting_tui.charter.examples import example_text
from meeting_tui.charter.write import (
    agenda_to_toml,
    committee_to_toml,
    locate,
    toml_key,
    toml_number,
    toml_string,
)
from meeting_tui.domain import rules
from meeting_tui.domain.model import (
    BODY_KINDS,
    COLLABORATION_KINDS,
    CONSENSUS_FALLBACKS,
    CONSENSUS_METHODS,
    CONSTITUENCIES,
    ITEM_KINDS,
    ROLES,
    SEAT_MODES,
    THRESHOLDS,
    Agenda,
    AgendaItem,
    Charter,
    Committee,
    ConsensusRules,
    EscalationLevel,
    Member,
    QuorumRules,
    RevisitRules,
    TimerRules,
    VotingRules,
    votes_by_default,
)

NASTY = [
    'He said "no"',
    "C:\\path\\to\\file",
    "line one\nline two",
    "tab\there",
    "ليلى منصور",
    "“curly” quotes and ‘single’",
    "bell\x07 and del\x7f and nul\x00",
    "\\u0041 is not an escape here",
    "ends with a backslash \\",
    "'''triple''' and \"\"\"triple\"\"\"",
    "# not a comment",
    "emoji 🌊 and RTL mark \u200f",
]


@pytest.mark.parametrize("text", NASTY)
def test_toml_string_reads_back_exactly(text):
    assert tomllib.loads(f"x = {toml_string(text)}\n")["x"] == text


def test_toml_string_escapes_control_characters():
    assert toml_string("a\x01b") == '"a\\u0001b"'
    assert toml_string('q"\\') == '"q\\"\\\\"'
    assert "\n" not in toml_string("two\nlines")


@pytest.mark.parametrize("key", ["budget", "public-statement", "work_plan", "two words", "ميزانية", "", 'q"uote'])
def test_toml_key_bare_or_quoted(key):
    assert tomllib.loads(f"{toml_key(key)} = 1\n") == {key: 1}


@pytest.mark.parametrize("value", [0, 3, -2, 0.5, 2.0, 0.25, 1e-05, 123456.789, 1 / 3])
def test_toml_number_reads_back_equal(value):
    assert tomllib.loads(f"x = {toml_number(value)}\n")["x"] == value


@pytest.mark.parametrize("name", ["executive.toml", "strategic.toml"])
def test_examples_round_trip(name):
    committee = parse_committee(example_text(name), slug="example").value
    text = committee_to_toml(committee)
    again = parse_committee(text, slug="example")
    assert again.errors == []
    assert again.value == committee
    assert committee_to_toml(again.value) == text  # stable: writing twice changes nothing


def test_example_agenda_round_trips():
    committee = parse_committee(example_text("executive.toml"), slug="x").value
    agenda = parse_agenda(example_text("agenda-executive.toml"), committee=committee).value
    again = parse_agenda(agenda_to_toml(agenda), committee=committee)
    assert again.errors == [] and again.value == agenda


def test_written_files_pass_check(tmp_path):
    import io

    committee = parse_committee(example_text("executive.toml"), slug="x").value
    folder = tmp_path / "x"
    (folder / "agendas").mkdir(parents=True)
    (folder / "committee.toml").write_text(committee_to_toml(committee), encoding="utf-8")
    agenda = parse_agenda(example_text("agenda-executive.toml")).value
    (folder / "agendas" / "monthly.toml").write_text(agenda_to_toml(agenda), encoding="utf-8")
    out = io.StringIO()
    status = check_paths([str(folder / "committee.toml"), str(folder / "agendas" / "monthly.toml")], out)
    assert status == 0, out.getvalue()
    assert "0 warnings" in out.getvalue().splitlines()[-1]


def test_written_file_is_readable_and_commented():
    committee = parse_committee(example_text("executive.toml"), slug="x").value
    text = committee_to_toml(committee)
    assert text.startswith("# Committee file written by meeting-tui")
    for header in ("[committee]", "[charter]", "[charter.quorum]", "[charter.voting]", "[charter.consensus]",
                   "[charter.revisit]", "[charter.timer]", "[scope]", "[[escalation]]", "[[members]]"):
        assert f"\n{header}\n" in text
    assert 'id = "karim-nasser"' in text  # ids are written, so a rename never changes them
    assert "# majority, count or fraction" in text


def test_settings_without_effect_are_left_out_so_check_does_not_warn():
    text = committee_to_toml(
        Committee(slug="s", name="S", members=(Member("a", "A", "Org"),), charter=Charter())
    )
    assert "\ncount =" not in text and "\nfraction =" not in text and "count_proxies" not in text
    result = parse_committee(text, slug="s")
    assert result.ok and not [p for p in result.warnings if "no effect" in p.message]


def test_locate_maps_problems_to_keys():
    committee = Committee(
        slug="s",
        name="S",
        members=(Member("a", "A", "Org"), Member("b", "B", "Org", role="mediator", voting=True)),
        charter=Charter(quorum=QuorumRules(rule="count", count=5)),
    )
    text = committee_to_toml(committee)
    result = parse_committee(text, slug="s")
    paths = {path for path, problem in locate(text, result.problems) if problem.is_error}
    assert ("members", 1, "voting") in paths
    assert ("charter", "quorum", "count") in paths


# ---------------------------------------------------------------------------------------------
# Generated committees and agendas
# ---------------------------------------------------------------------------------------------

_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
_any_text = st.text(alphabet=_chars, max_size=30)
# Texts are stored stripped (the file format strips them), so generate stripped ones; with
# Arabic, quotes, backslashes and newlines inside.
_inner = st.one_of(_any_text, st.sampled_from(NASTY), st.sampled_from(["ليلى منصور", 'a "b" c', "x\\y", "l1\nl2"]))
text_value = _inner.map(str.strip)
name_value = text_value.filter(bool)
_numbers = st.one_of(st.integers(0, 10_000), st.floats(0, 10_000, allow_nan=False, allow_infinity=False))


@st.composite
def members(draw):
    n = draw(st.integers(1, 8))
    out = []
    first_org = draw(name_value)
    ids = [f"m{i}" if draw(st.booleans()) else f"m{i}-{draw(st.sampled_from(['ليلى', 'x', 'a_b']))}" for i in range(n)]
    for i in range(n):
        role = "member" if i == 0 else draw(st.sampled_from([r for r in ROLES if r != "chair"]))
        if i == 1 and draw(st.booleans()):
            role = "chair"
        voting = True if i == 0 else draw(st.booleans()) and votes_by_default(role)
        alternate = ids[0] if i > 0 and role not in ("chair",) and draw(st.booleans()) and draw(st.booleans()) else None
        out.append(
            Member(
                id=ids[i],
                name=draw(name_value),
                organisation=first_org if alternate or i == 0 else draw(name_value),
                role=role,
                voting=voting,
                constituency=draw(st.sampled_from(CONSTITUENCIES)),
                alternate_for=alternate,
                phone=draw(text_value),
                email=draw(text_value.map(lambda t: t and t + "@x.org")),
                retired=i > 0 and draw(st.booleans()),
            )
        )
    return out


@st.composite
def committees(draw):
    roster = draw(members())
    seat_mode = draw(st.sampled_from(SEAT_MODES))
    proxies = draw(st.booleans())
    base = Charter(seats=seat_mode)
    n_seats = len(rules.seats(base, roster))
    community = sum(1 for s in rules.seats(base, roster) if s.constituency == "community")
    rule = draw(st.sampled_from(["majority", "count", "fraction"]))
    quorum = QuorumRules(
        rule=rule,
        count=draw(st.integers(1, n_seats)) if rule == "count" else 0,
        fraction=draw(st.floats(0.01, 1)) if rule == "fraction" else 0.5,
        count_proxies=proxies and draw(st.booleans()),
        min_community=draw(st.integers(0, community)),
    )
    threshold = st.sampled_from(THRESHOLDS)
    charter = Charter(
        seats=seat_mode,
        proxies=proxies,
        max_proxies_per_member=draw(st.integers(1 if proxies else 0, 5)),
        remote_counts=draw(st.booleans()),
        non_voting_roles_vote=False,
        quorum=quorum,
        voting=VotingRules(draw(threshold), draw(st.booleans()), draw(st.booleans())),
        consensus=ConsensusRules(
            draw(st.sampled_from(CONSENSUS_METHODS)),
            draw(st.floats(0, 1)),
            draw(st.integers(1, 50)),
            draw(st.sampled_from(CONSENSUS_FALLBACKS)),
            draw(threshold),
        ),
        revisit=RevisitRules(draw(st.booleans()), draw(threshold), draw(threshold), draw(threshold), draw(st.integers(0, 365)), draw(st.booleans())),
        timer=TimerRules(draw(st.floats(0.1, 60)), draw(st.floats(0.1, 60))),
        scope=draw(st.dictionaries(text_value.filter(bool), st.lists(name_value, max_size=3).map(tuple), max_size=3)),
        escalation=tuple(
            draw(
                st.lists(
                    st.builds(EscalationLevel, name_value, name_value, _numbers, st.booleans()),
                    min_size=1,
                    max_size=4,
                )
            )
        ),
        meeting_minutes=draw(st.integers(1, 600)),
    )
    return Committee(
        slug="generated",
        name=draw(name_value),
        body=draw(st.one_of(st.sampled_from(BODY_KINDS), name_value)),
        language=draw(st.sampled_from(["en", "ar"])),
        collaboration=draw(st.sampled_from(("",) + COLLABORATION_KINDS)),
        coalition=draw(text_value),
        members=tuple(roster),
        charter=charter,
    )


@settings(max_examples=300, deadline=None)
@given(committees())
def test_generated_committees_round_trip(committee):
    result = parse_committee(committee_to_toml(committee), slug=committee.slug)
    assert result.errors == []
    assert result.value == committee


@st.composite
def agendas(draw):
    n = draw(st.integers(0, 6))
    items = tuple(
        AgendaItem(
            id=f"item-{i}-{draw(st.sampled_from(['a', 'ب', 'x_y']))}",
            title=draw(name_value),
            minutes=draw(st.one_of(st.integers(1, 600), st.floats(0.01, 600))),
            kind=draw(st.sampled_from(ITEM_KINDS)),
            presenter=draw(text_value),
        )
        for i in range(n)
    )
    return Agenda(
        title=draw(name_value),
        items=items,
        place=draw(text_value),
        date=draw(st.one_of(st.just(""), st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat()))),
    )


@settings(max_examples=300, deadline=None)
@given(agendas())
def test_generated_agendas_round_trip(agenda):
    result = parse_agenda(agenda_to_toml(agenda))
    assert result.errors == []
    assert result.value == agenda


def test_a_committee_without_members_says_only_that():
    """An empty list is written before any table (else it would belong to the last one)."""
    text = committee_to_toml(Committee(slug="s", name="S"))
    assert "members = []" in text
    assert tomllib.loads(text)["members"] == []
    errors = [p.message for p in parse_committee(text, slug="s").errors]
    assert errors == ["The committee has no members."]


def test_an_agenda_without_items_round_trips():
    agenda = Agenda(title="Empty")
    assert parse_agenda(agenda_to_toml(agenda)).value == agenda
