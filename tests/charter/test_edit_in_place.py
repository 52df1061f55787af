"""Files people edit are edited, not rewritten (charter/write.py, tomlkit): after one change
in the app, the saved file differs from the hand-written one by exactly the changed lines."""

from __future__ import annotations

import difflib
from importlib import resources

import pytest
from msgspec.structs import replace

from meeting_tui.charter.load import parse_agenda, parse_committee
from meeting_tui.charter.write import agenda_file_text, committee_file_text, committee_to_toml
from meeting_tui.domain.model import AgendaItem

EXAMPLES = resources.files("meeting_tui") / "examples"
COMMITTEE = (EXAMPLES / "executive.toml").read_text(encoding="utf-8")
AGENDA = (EXAMPLES / "agenda-executive.toml").read_text(encoding="utf-8")


def committee():
    return parse_committee(COMMITTEE, slug="executive").value


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added), as difflib sees them."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line and line.lstrip().startswith("#") or " # " in line]


def test_the_example_has_its_comments():
    assert len([line for line in COMMITTEE.splitlines() if "#" in line]) == 25


def member(c, mid):
    return next(i for i, m in enumerate(c.members) if m.id == mid)


def with_member(c, mid, **changes):
    members = list(c.members)
    members[member(c, mid)] = replace(members[member(c, mid)], **changes)
    return replace(c, members=tuple(members))


def charter(c, **changes):
    return replace(c, charter=replace(c.charter, **changes))


C = committee()
COMMITTEE_CHANGES = {
    "name": (replace(C, name="Executive committee"), ['name = "Executive committee — Coalition for Water and Land Rights"'], ['name = "Executive committee"']),
    "coalition cleared": (replace(C, coalition=""), ['coalition = "Coalition for Water and Land Rights / تحالف الحق في المياه والأرض"'], ['coalition = ""']),
    "proxies, comment kept in its column": (
        charter(C, proxies=False),
        ["proxies = true                   # a present member may carry one absent member's vote"],
        ["proxies = false                  # a present member may carry one absent member's vote"],
    ),
    "meeting minutes": (charter(C, meeting_minutes=90), ["meeting_minutes = 120"], ["meeting_minutes = 90"]),
    "quorum rule and count": (
        charter(C, quorum=replace(C.charter.quorum, rule="count", count=7)),
        ['rule = "majority"                # more than half of the voting members: 6 of 11'],
        ['rule = "count"                   # more than half of the voting members: 6 of 11', "count = 7"],
    ),
    "consensus method": (charter(C, consensus=replace(C.charter.consensus, method="consent")), ['method = "formal"'], ['method = "consent"']),
    "timer": (charter(C, timer=replace(C.charter.timer, speaking_minutes=4)), ["speaking_minutes = 3"], ["speaking_minutes = 4"]),
    "scope": (
        charter(C, scope={**C.charter.scope, "budget": ("executive", "strategic")}),
        ['budget = ["executive"]'],
        ['budget = ["executive", "strategic"]'],
    ),
    "escalation timebox": (
        charter(C, escalation=(replace(C.charter.escalation[0], minutes=20),) + C.charter.escalation[1:]),
        ["minutes = 15"],
        ["minutes = 20"],
    ),
    "a phone added": (with_member(C, "karim-nasser", phone="+962 7 5555"), [], ['phone = "+962 7 5555"']),
    "a phone removed": (
        with_member(C, "layla-mansour", phone=""),
        ['phone = "+962 7 9000 0101"'],
        [],
    ),
    "a role changed": (with_member(C, "sami-haddad", role="member"), ['role = "officer"'], ['role = "member"']),
    "retired": (with_member(C, "omar-saleh", retired=True), [], ["retired = true"]),
    # a member without an id in the file gets it written, so the rename keeps the id
    "renamed": (
        with_member(C, "karim-nasser", name="Karim Nasser-Haddad"),
        ['name = "Karim Nasser"            # id: karim-nasser (made from the name)'],
        ['name = "Karim Nasser-Haddad"     # id: karim-nasser (made from the name)', 'id = "karim-nasser"'],
    ),
}


@pytest.mark.parametrize("change", list(COMMITTEE_CHANGES))
def test_one_change_to_a_committee_changes_only_its_lines(change):
    new, removed, added = COMMITTEE_CHANGES[change]
    saved = committee_file_text(new, COMMITTEE)
    assert saved.kept_layout
    assert diff(COMMITTEE, saved.text) == (removed, added)
    assert parse_committee(saved.text, slug="executive").value == new


def test_a_member_removed_takes_only_its_block():
    index = member(C, "zeina-rahal")
    saved = committee_file_text(replace(C, members=C.members[:index] + C.members[index + 1:]), COMMITTEE)
    removed, added = diff(COMMITTEE, saved.text)
    assert added == [] and removed == ["[[members]]", 'name = "Zeina Rahal"', 'organisation = "Rural Development Fund"', 'constituency = "partner"']
    assert [c for c in comments(COMMITTEE) if c not in removed] == comments(saved.text)


def test_a_member_added_is_a_new_block_at_the_end():
    new_member = replace(C.members[5], id="rana-khalil", name="Rana Khalil", phone="", email="")
    saved = committee_file_text(replace(C, members=C.members + (new_member,)), COMMITTEE)
    removed, added = diff(COMMITTEE, saved.text)
    assert removed == []
    assert added[:3] == ["", "[[members]]", 'id = "rana-khalil"'] and 'name = "Rana Khalil"' in added
    assert saved.text.startswith(COMMITTEE.rstrip("\n"))
    assert comments(saved.text) == comments(COMMITTEE)


def test_nothing_changed_is_the_same_file():
    assert committee_file_text(C, COMMITTEE).text == COMMITTEE


def test_the_app_layout_rewrites_the_comments_away():
    """What saving did before: 24 of the 25 comment lines lost."""
    kept = [c for c in comments(COMMITTEE) if c in comments(committee_to_toml(C))]
    assert len(kept) <= 1


def test_a_new_file_gets_the_app_layout():
    saved = committee_file_text(C, None)
    assert not saved.kept_layout and saved.text == committee_to_toml(C)


def test_a_file_with_errors_is_still_edited_in_place():
    broken = COMMITTEE.replace('language = "en"', 'language = "fr"   # not a language we know')
    assert parse_committee(broken, slug="executive").value is None
    fixed = replace(C, name="Renamed")
    saved = committee_file_text(fixed, broken)
    assert saved.kept_layout
    assert parse_committee(saved.text, slug="executive").value == fixed
    removed, added = diff(broken, saved.text)
    assert 'name = "Renamed"' in added and '# not a language we know' in "".join(removed)
    assert len([line for line in saved.text.splitlines() if line.lstrip().startswith("#")]) == len(
        [line for line in COMMITTEE.splitlines() if line.lstrip().startswith("#")]
    )


def test_text_that_is_not_toml_gets_the_app_layout():
    saved = committee_file_text(C, "this is [not toml")
    assert not saved.kept_layout and saved.text == committee_to_toml(C)


# ---------------------------------------------------------------------------------------------
# Agendas
# ---------------------------------------------------------------------------------------------

A = parse_agenda(AGENDA).value


def with_items(items):
    return replace(A, items=tuple(items))


def test_one_change_to_an_agenda_changes_only_its_line():
    items = list(A.items)
    items[2] = replace(items[2], minutes=20)
    saved = agenda_file_text(with_items(items), AGENDA)
    assert saved.kept_layout and diff(AGENDA, saved.text) == (["minutes = 15"], ["minutes = 20"])
    saved = agenda_file_text(replace(A, title="April meeting"), AGENDA)
    assert diff(AGENDA, saved.text) == (['title = "Executive committee — monthly meeting"'], ['title = "April meeting"'])
    saved = agenda_file_text(replace(A, place=""), AGENDA)
    assert diff(AGENDA, saved.text) == (["place = \"Wadi Al-Rayyan Farmers' Association hall, and by phone\""], ['place = ""'])


def test_an_item_removed_added_or_moved():
    items = list(A.items)
    removed, added = diff(AGENDA, agenda_file_text(with_items(items[:3] + items[4:]), AGENDA).text)
    assert added == [] and f'id = "{items[3].id}"' in removed and len(removed) == 7
    extra = AgendaItem(id="visitors", title="Visitors from the municipality", minutes=10, kind="discussion")
    saved = agenda_file_text(with_items(items[:2] + [extra] + items[2:]), AGENDA)
    removed, added = diff(AGENDA, saved.text)
    assert removed == [] and 'id = "visitors"' in added and parse_agenda(saved.text).value.items[2] == extra
    swapped = items[:1] + [items[2], items[1]] + items[3:]
    saved = agenda_file_text(with_items(swapped), AGENDA)
    assert saved.kept_layout and parse_agenda(saved.text).value == with_items(swapped)
    assert sorted(diff(AGENDA, saved.text)[0]) == sorted(diff(AGENDA, saved.text)[1])  # lines moved, none changed
    assert comments(saved.text) == comments(AGENDA)


HAND_WRITTEN_AGENDA = """\
# Our agenda, written by hand.
[agenda]
title = "Monthly"   # the usual one

[[items]]
title = "Opening"   # five minutes, no more
minutes = 5

[[items]]
title = "Budget"
minutes = 30

# the long one
[[items]]
title = "Campaign"
minutes = 45
"""


def test_items_without_ids_keep_their_ids_when_one_is_removed():
    agenda = parse_agenda(HAND_WRITTEN_AGENDA).value
    assert [i.id for i in agenda.items] == ["item-1", "item-2", "item-3"]
    shorter = replace(agenda, items=(agenda.items[0], agenda.items[2]))
    saved = agenda_file_text(shorter, HAND_WRITTEN_AGENDA)
    assert saved.kept_layout and parse_agenda(saved.text).value == shorter
    assert "# the long one" in saved.text and "# five minutes, no more" in saved.text and 'id = "item-3"' in saved.text
