"""Each rule of the committee file: a broken file, the message, its key, its line, `check` = 1."""

from __future__ import annotations

import pytest

from .helpers import (
    BASE,
    check_text,
    committee,
    errors,
    find,
    line_of,
    only_error,
    replace_once,
    warnings,
)


def test_base_is_valid_and_silent(tmp_path):
    result = committee(BASE)
    assert result.ok and result.problems == [], [p.message for p in result.problems]
    c = result.value
    assert [m.id for m in c.members] == ["amina-haddad", "karim", "ليلى-منصور", "omar-saleh"]
    code, out = check_text(tmp_path, BASE)
    assert code == 0 and out.endswith(": ok (4 members, 4 voting seats, 0 warnings)\n"), out


# (old text, new text, words the message must contain, text of the offending line)
CASES = {
    # unknown keys, everywhere
    "unknown top-level table": (
        'constituency = "community"\n', 'constituency = "community"\n\n[[membres]]\nname = "x"\n', ["membres", "did you mean 'members'"], "[[membres]]"
    ),
    "unknown in [committee]": ('language = "en"', 'languag = "en"', ["[committee]", "languag", "did you mean 'language'"], "languag ="),
    "unknown in [charter]": ("proxies = false", "proxys = false", ["[charter]", "proxys", "did you mean 'proxies'"], "proxys ="),
    "misplaced key in [charter]": ("proxies = false", 'proxies = false\nrule = "majority"', ["'rule'", "[charter.quorum]"], 'rule = "majority"'),
    "unknown in quorum": ("min_community = 1", "min_comunity = 1", ["[charter.quorum]", "min_comunity", "'min_community'"], "min_comunity"),
    "unknown in voting": ("default_threshold", "default_treshold", ["[charter.voting]", "default_treshold", "'default_threshold'"], "default_treshold"),
    "unknown in consensus": ("max_rounds = 3", "max_round = 3", ["[charter.consensus]", "max_round", "'max_rounds'"], "max_round ="),
    "unknown in revisit": ("rescind_threshold", "rescind_treshold", ["[charter.revisit]", "rescind_treshold"], "rescind_treshold"),
    "unknown in timer": ("warn_minutes = 2", "warn = 2", ["[charter.timer]", "unknown key 'warn'"], "warn = 2"),
    "unknown in escalation": ("binding = false", "bindng = false", ["[[escalation]] #1", "bindng", "'binding'"], "bindng"),
    "unknown in a member": ('id = "karim"', 'id = "karim"\ntelephone = "123"', ["[[members]] #2 (Karim Nasser)", "telephone", "'phone'"], "telephone"),
    "unknown table in [charter]": ("[charter.timer]", "[charter.timers]", ["timers", "did you mean 'timer'"], "[charter.timers]"),
    # wrong types
    "text for a number": ("meeting_minutes = 90", 'meeting_minutes = "90"', ["meeting_minutes", '"90"', "number"], "meeting_minutes"),
    "bool for a number": ("max_rounds = 3", "max_rounds = true", ["max_rounds", "true", "number"], "max_rounds"),
    "fraction for a whole number": ("max_rounds = 3", "max_rounds = 2.5", ["max_rounds", "2.5", "whole number"], "max_rounds"),
    "text for a bool": ("proxies = false", 'proxies = "false"', ["proxies", '"false"', "true or false"], "proxies"),
    "number for a bool": ("proxies = false", "proxies = 0", ["proxies", "0", "true or false"], "proxies"),
    "number for text": ('name = "Land working group"', "name = 42", ["name", "42", "text"], "name = 42"),
    "a table where a value is expected": ('language = "en"', 'language = { code = "en" }', ["language", "one of: en, ar"], "language ="),
    # enumerations
    "seats": ('seats = "member"', 'seats = "members"', ["seats", '"members"', 'did you mean "member"', "organisation"], "seats ="),
    "language": ('language = "en"', 'language = "fr"', ["language", '"fr"', "en, ar"], "language ="),
    "collaboration": ('language = "en"', 'language = "en"\ncollaboration = "coalition"', ["collaboration", '"coalition"', "long-term-coalition"], "collaboration"),
    "quorum rule": ('rule = "majority"', 'rule = "quorum"', ["rule", '"quorum"', "majority, count, fraction"], "rule ="),
    "consensus method": ('method = "formal"', 'method = "sociocracy"', ["method", '"sociocracy"', "consent"], "method ="),
    "consensus fallback": ("max_rounds = 3", 'max_rounds = 3\nfallback = "escalation"', ["fallback", 'did you mean "escalate"'], "fallback ="),
    "role": ('role = "secretary"', 'role = "treasurer"', ["[[members]] #4 (Omar Saleh)", "role", '"treasurer"', "officer"], "treasurer"),
    "constituency": ('constituency = "partner"', 'constituency = "partners"', ["constituency", 'did you mean "partner"'], '"partners"'),
    # thresholds, in every place they appear
    "default threshold": ('default_threshold = "majority_cast"', 'default_threshold = "two-thirds"', ["default_threshold", "two-thirds", "two_thirds_cast"], "default_threshold"),
    "fallback threshold": ("max_rounds = 3", 'max_rounds = 3\nfallback_threshold = "2/3"', ["fallback_threshold", '"2/3"', "majority_cast"], "fallback_threshold"),
    "rescind threshold": ('rescind_threshold = "two_thirds_cast"', 'rescind_threshold = "majority"', ["rescind_threshold", '"majority"'], "rescind_threshold"),
    "reconsider threshold": ('rescind_threshold = "two_thirds_cast"', 'reconsider_threshold = "simple"', ["reconsider_threshold", '"simple"'], "reconsider_threshold"),
    "notice threshold": ('rescind_threshold = "two_thirds_cast"', 'rescind_with_notice_threshold = "Majority_Cast"', ["rescind_with_notice_threshold", 'did you mean "majority_cast"'], "rescind_with_notice"),
    # numbers out of range
    "count below 1": ('rule = "majority"', 'rule = "count"\ncount = 0', ["count", "at least 1"], "count = 0"),
    "count above seats": ('rule = "majority"', 'rule = "count"\ncount = 5', ["count = 5", "voting members (4)"], "count = 5"),
    "fraction zero": ('rule = "majority"', 'rule = "fraction"\nfraction = 0', ["fraction", "more than 0"], "fraction = 0"),
    "fraction above one": ('rule = "majority"', 'rule = "fraction"\nfraction = 1.5', ["fraction", "1.5", "at most 1"], "fraction = 1.5"),
    "negative count": ('rule = "majority"', 'rule = "count"\ncount = -2', ["count", "-2"], "count = -2"),
    "min_community above community seats": ("min_community = 1", "min_community = 4", ["min_community = 4", "community members with a vote (3)"], "min_community"),
    "negative min_community": ("min_community = 1", "min_community = -1", ["min_community", "at least 0"], "min_community"),
    "negative proxies": ("proxies = false", "proxies = true\nmax_proxies_per_member = -1", ["max_proxies_per_member", "-1"], "max_proxies_per_member"),
    "stand-aside fraction": ("max_rounds = 3", "max_stand_aside_fraction = 1.5", ["max_stand_aside_fraction", "1.5", "at most 1"], "max_stand_aside"),
    "negative stand-aside fraction": ("max_rounds = 3", "max_stand_aside_fraction = -0.1", ["max_stand_aside_fraction", "at least 0"], "max_stand_aside"),
    "max_rounds zero": ("max_rounds = 3", "max_rounds = 0", ["max_rounds", "at least 1"], "max_rounds"),
    "absurdly large number": ("meeting_minutes = 90", "meeting_minutes = 100000", ["meeting_minutes", "100000", "at most 10000"], "meeting_minutes"),
    "absurd days": ('rescind_threshold = "two_thirds_cast"', "min_days_before_reopen = 99999999", ["min_days_before_reopen", "too large"], "min_days"),
    "negative days": ('rescind_threshold = "two_thirds_cast"', "min_days_before_reopen = -1", ["min_days_before_reopen", "-1"], "min_days"),
    "infinite number": ("warn_minutes = 2", "warn_minutes = inf", ["warn_minutes", "inf"], "warn_minutes"),
    # durations
    "meeting_minutes zero": ("meeting_minutes = 90", "meeting_minutes = 0", ["meeting_minutes", "more than 0"], "meeting_minutes"),
    "warn_minutes zero": ("warn_minutes = 2", "warn_minutes = 0", ["warn_minutes", "more than 0"], "warn_minutes"),
    "speaking_minutes negative": ("speaking_minutes = 3", "speaking_minutes = -1", ["speaking_minutes", "-1"], "speaking_minutes"),
    "escalation minutes negative": ("minutes = 15", "minutes = -5", ["[[escalation]] #1", "minutes", "-5"], "minutes = -5"),
    # scope
    "scope as text": ('budget = ["executive"]', 'budget = "executive"', ["[scope]", "budget", "list"], "budget ="),
    "scope with a number": ('budget = ["executive"]', 'budget = ["executive", 3]', ["[scope]", "budget", "3"], "budget ="),
    "scope with an empty name": ('budget = ["executive"]', 'budget = ["executive", " "]', ["[scope]", "budget", "non-empty"], "budget ="),
    "scope as a table of tables": ('budget = ["executive"]', "budget = { body = 1 }", ["[scope]", "budget"], "budget ="),
    # escalation levels
    "escalation name empty": ('name = "Facilitated dialogue"', 'name = ""', ["[[escalation]] #1", "name", "empty"], 'name = ""'),
    "escalation handler missing": ('handler = "facilitator"\n', "", ["[[escalation]] #1", "'handler'", "missing"], "[[escalation]]"),
    "escalation binding not bool": ("binding = false", 'binding = "yes"', ["binding", '"yes"', "true or false"], "binding ="),
    # members
    "empty member name": ('name = "Karim Nasser"', 'name = "  "', ["[[members]] #2", "name", "empty"], 'name = "  "'),
    "missing member name": ('name = "Karim Nasser"\n', "", ["[[members]] #2", "'name'", "missing"], "[[members]]"),
    "missing organisation": ('organisation = "Legal Aid Centre"\n', "", ["[[members]] #2 (Karim Nasser)", "'organisation'", "missing"], "[[members]]"),
    "missing constituency": ('constituency = "partner"\n', "", ["[[members]] #2 (Karim Nasser)", "'constituency'", "missing"], "[[members]]"),
    "duplicate explicit id": ('name = "Omar Saleh"', 'id = "karim"\nname = "Omar Saleh"', ["[[members]] #4", 'id "karim"', "#2"], 'id = "karim"'),
    "alternate of a missing member": ('name = "Omar Saleh"', 'name = "Omar Saleh"\nalternate_for = "karimm"', ["alternate_for", '"karimm"', 'did you mean "karim"'], "alternate_for"),
    "alternate of nobody like it": ('name = "Omar Saleh"', 'name = "Omar Saleh"\nalternate_for = "zzz"', ["alternate_for", '"zzz"', "not the id of any member"], "alternate_for"),
    "alternate of another organisation": ('name = "Omar Saleh"', 'name = "Omar Saleh"\nalternate_for = "karim"', ["alternate_for", "Legal Aid Centre", "Youth Committee", "same organisation"], "alternate_for"),
    "alternate of themselves": ('name = "Omar Saleh"', 'name = "Omar Saleh"\nalternate_for = "omar-saleh"', ["alternate_for", "themselves"], "alternate_for"),
    "non-voting role that votes": ('role = "secretary"', 'role = "observer"\nvoting = true', ["[[members]] #4 (Omar Saleh)", '"observer"', "voting = true"], "voting = true"),
    "two chairs": ('role = "secretary"', 'role = "chair"', ["second chair", "Amina Haddad"], 'role = "chair"'),
}


# cases whose offending line is the second one matching its needle
NTH = {"two chairs", "duplicate explicit id", "missing member name", "missing organisation", "missing constituency"}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_committee(name, tmp_path):
    old, new, needles, line_needle = CASES[name]
    text = replace_once(BASE, old, new)
    problem = only_error(committee(text), *needles)
    nth = 2 if name in NTH else 1
    expected = line_of(text, line_needle, nth)
    assert problem.line == expected, (problem.line, expected, problem.message)
    code, out = check_text(tmp_path, text)
    assert code == 1
    assert f"committee.toml:{expected}: error: {problem.message}\n    fix: {problem.fix}\n" in out
    assert out.rstrip().endswith("1 error, 0 warnings") or "1 error," in out.splitlines()[-1]


def test_american_spelling_of_organisation_gets_a_did_you_mean():
    text = replace_once(BASE, 'organisation = "Legal Aid Centre"', 'organization = "Legal Aid Centre"')
    only_error(committee(text), "organization", "did you mean 'organisation'")


def test_derived_duplicate_id_and_duplicate_name():
    text = replace_once(BASE, 'name = "Omar Saleh"', 'name = "Amina  haddad"')
    result = committee(text)
    err = only_error(result, "amina-haddad", "made from the name", "#1")
    assert err.line == line_of(text, "[[members]]", 4)
    warn = find(warnings(result), "Amina  haddad", "also used by [[members]] #1")
    assert warn.line == line_of(text, 'name = "Amina  haddad"')


def test_duplicate_names_with_distinct_ids_only_warn():
    text = replace_once(BASE, 'name = "Omar Saleh"', 'id = "amina-2"\nname = "Amina Haddad"')
    result = committee(text)
    assert result.ok
    find(warnings(result), "Amina Haddad", "also used")


def test_non_voting_roles_may_vote_when_the_charter_says_so():
    text = replace_once(BASE, 'role = "secretary"', 'role = "observer"\nvoting = true')
    text = replace_once(text, "proxies = false", "proxies = false\nnon_voting_roles_vote = true")
    assert committee(text).ok


def test_observer_without_voting_key_simply_does_not_vote():
    text = replace_once(BASE, 'role = "secretary"', 'role = "observer"')
    result = committee(text)
    assert result.ok
    assert result.value.member("omar-saleh").voting is False


def test_alternate_of_another_alternate():
    text = replace_once(
        BASE,
        'name = "Omar Saleh"\norganisation = "Youth Committee"',
        'name = "Omar Saleh"\norganisation = "Legal Aid Centre"\nalternate_for = "karim"',
    )
    text += '\n[[members]]\nname = "Sami"\norganisation = "Legal Aid Centre"\nconstituency = "partner"\nalternate_for = "omar-saleh"\n'
    only_error(committee(text), "alternate_for", '"omar-saleh"', "another alternate")


def test_valid_alternate_is_not_a_seat():
    text = replace_once(
        BASE,
        'name = "Omar Saleh"\norganisation = "Youth Committee"\nrole = "secretary"\nconstituency = "community"',
        'name = "Omar Saleh"\norganisation = "Legal Aid Centre"\nconstituency = "partner"\nalternate_for = "karim"',
    )
    result = committee(text)
    assert result.ok, [p.message for p in result.problems]
    assert result.value.member("omar-saleh").alternate_for == "karim"


def test_no_members_is_an_error(tmp_path):
    text = BASE[: BASE.index("[[members]]")]
    err = only_error(committee(text), "no members")
    assert "[[members]]" in err.fix
    code, out = check_text(tmp_path, text)
    assert code == 1 and "error: The committee has no members." in out


def test_members_written_as_a_single_table():
    text = BASE[: BASE.index("[[members]]")] + '[members]\nname = "x"\n'
    err = only_error(committee(text), "[[members]]")
    assert err.line == line_of(text, "[members]")


def test_no_voting_member_is_an_error():
    text = BASE.replace('constituency = "community"\n', 'constituency = "community"\nvoting = false\n').replace(
        'constituency = "partner"\n', 'constituency = "partner"\nvoting = false\n'
    )
    find(errors(committee(text)), "No member has a vote")


def test_no_chair_is_a_warning(tmp_path):
    text = replace_once(BASE, 'role = "chair"\n', "")
    result = committee(text)
    assert result.ok
    find(warnings(result), 'No member has role = "chair"')
    code, out = check_text(tmp_path, text)
    assert code == 0 and "warning: No member has" in out and "1 warning)" in out


def test_quorum_count_counts_organisations_when_seats_are_organisations():
    text = replace_once(BASE, 'seats = "member"', 'seats = "organisation"')
    text = replace_once(text, 'rule = "majority"', 'rule = "count"\ncount = 4')
    assert committee(text).ok
    text = replace_once(BASE, 'organisation = "Youth Committee"', 'organisation = "Farmers\' Association"')
    text = replace_once(text, 'seats = "member"', 'seats = "organisation"')
    text = replace_once(text, 'rule = "majority"', 'rule = "count"\ncount = 4')
    only_error(committee(text), "count = 4", "voting organisations (3)")


def test_min_community_counts_only_voting_community_members():
    text = replace_once(BASE, "min_community = 1", "min_community = 3")
    assert committee(text).ok
    text = replace_once(text, 'role = "secretary"', 'role = "staff"')
    only_error(committee(text), "min_community = 3", "(2)")


def test_settings_without_effect_warn():
    text = replace_once(BASE, "min_community = 1", "min_community = 1\ncount = 3\nfraction = 0.6\ncount_proxies = true")
    result = committee(text)
    assert result.ok
    find(warnings(result), "count = 3", "no effect")
    find(warnings(result), "fraction = 0.6", "no effect")
    find(warnings(result), "count_proxies", "proxies = false")


def test_empty_escalation_list_is_an_error():
    text = "escalation = []\n" + BASE[: BASE.index("[[escalation]]")] + BASE[BASE.index("[[members]]") :]
    err = only_error(committee(text), "escalation", "no levels")
    assert err.line == 1


def test_escalation_absent_gives_the_default_ladder():
    text = BASE[: BASE.index("[[escalation]]")] + BASE[BASE.index("[[members]]") :]
    result = committee(text)
    assert result.ok and len(result.value.charter.escalation) == 3
    assert result.value.charter.escalation[-1].binding is True


def test_defaults_fill_an_empty_charter():
    text = BASE[: BASE.index("[charter]")] + BASE[BASE.index("[[members]]") :]
    result = committee(text)
    assert result.ok
    from meeting_tui.domain.model import Charter

    assert result.value.charter == Charter()


def test_missing_committee_table():
    text = BASE[BASE.index("[charter]") :]
    only_error(committee(text), "[committee]", "missing")


def test_body_free_text_and_near_misses():
    result = committee(replace_once(BASE, 'body = "working-group"', 'body = "finance committee"'))
    assert result.ok and result.problems == []
    result = committee(replace_once(BASE, 'body = "working-group"', 'body = "Executiv"'))
    assert result.ok
    find(warnings(result), "Executiv", 'did you mean "executive"')
    only_error(committee(replace_once(BASE, 'body = "working-group"', 'body = ""')), "body", "empty")
    result = committee(replace_once(BASE, 'body = "working-group"\n', ""))
    find(warnings(result), "no 'body'")


def test_smart_quotes_inside_a_valid_string_are_fine():
    text = replace_once(BASE, 'name = "Land working group"', 'name = "The “Land” working group"')
    assert committee(text).value.name == "The “Land” working group"


def test_every_error_has_a_fix_and_severity():
    text = replace_once(BASE, "max_rounds = 3", 'max_rounds = "x"\nbogus = 1')
    result = committee(text)
    assert len(errors(result)) == 2
    assert all(p.fix and p.severity in ("error", "warning") for p in result.problems)


def test_problems_come_in_file_order():
    text = replace_once(BASE, 'language = "en"', 'language = "xx"')
    text = replace_once(text, 'role = "secretary"', 'role = "boss"')
    lines = [p.line for p in committee(text).problems]
    assert lines == sorted(lines)


def test_remote_secret_ballot_and_declared_interest_settings():
    text = replace_once(
        BASE, 'default_threshold = "majority_cast"', 'default_threshold = "majority_cast"\nremote_secret_ballot = true\ndeclared_interest_may_speak = false'
    )
    result = committee(text)
    assert result.ok and warnings(result) == []
    voting = result.value.charter.voting
    assert voting.remote_secret_ballot is True and voting.declared_interest_may_speak is False
    assert committee(BASE).value.charter.voting.declared_interest_may_speak is True  # the default: may speak
    only_error(committee(replace_once(text, "remote_secret_ballot = true", 'remote_secret_ballot = "yes"')), "remote_secret_ballot")
    silent_remote = replace_once(text, "proxies = false", "proxies = false\nremote_counts = false")
    find(warnings(committee(silent_remote)), "remote_secret_ballot", "remote_counts = false")
