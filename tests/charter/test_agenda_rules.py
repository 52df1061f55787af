"""Each rule of the agenda file."""

from __future__ import annotations

import pytest

from .helpers import AGENDA, agenda, check_text, find, line_of, only_error, replace_once, warnings


def test_valid_agenda(tmp_path):
    result = agenda(AGENDA)
    assert result.ok and result.problems == []
    a = result.value
    assert [i.id for i in a.items] == ["item-1", "budget"]
    assert a.items[0].kind == "decision" and a.items[1].presenter == "karim"
    assert a.planned_minutes == 40 and a.date == "2026-03-14"
    code, out = check_text(tmp_path, AGENDA, "monthly.toml")
    assert code == 0 and out.endswith("monthly.toml: ok (2 items, 40 minutes, 0 warnings)\n")


def test_defaults():
    result = agenda('[agenda]\ntitle = "T"\n[[items]]\ntitle = "A"\nminutes = 2.5\n')
    item = result.value.items[0]
    assert (item.id, item.kind, item.presenter, item.minutes) == ("item-1", "discussion", "", 2.5)
    assert result.value.place == "" and result.value.date == ""


CASES = {
    "unknown top-level key": ("[agenda]", "[agendas]", ["agendas", "did you mean 'agenda'"], "[agendas]"),
    "unknown key in [agenda]": ('place = "Hall"', 'venue = "Hall"', ["[agenda]", "venue"], "venue"),
    "unknown key in an item": ('presenter = "karim"', 'presentor = "karim"', ["[[items]] #2 (Budget)", "presentor", "'presenter'"], "presentor"),
    "empty title": ('title = "Monthly meeting"', 'title = ""', ["[agenda]", "title", "empty"], 'title = ""'),
    "missing item title": ('title = "Budget"\n', "", ["[[items]] #2", "'title'", "missing"], "[[items]]"),
    "bad date": ('date = "2026-03-14"', 'date = "14/03/2026"', ["date", "14/03/2026", "YYYY-MM-DD"], "date ="),
    "impossible date": ('date = "2026-03-14"', 'date = "2026-02-30"', ["date", "2026-02-30"], "date ="),
    "number as date": ('date = "2026-03-14"', "date = 20260314", ["date", "20260314"], "date ="),
    "duplicate ids": ('id = "budget"', 'id = "item-1"', ["[[items]] #2", '"item-1"', "#1"], 'id = "item-1"'),
    "zero minutes": ("minutes = 30", "minutes = 0", ["[[items]] #2 (Budget)", "minutes", "more than 0"], "minutes = 0"),
    "negative minutes": ("minutes = 30", "minutes = -5", ["minutes", "-5"], "minutes = -5"),
    "too many minutes": ("minutes = 30", "minutes = 601", ["minutes", "601", "at most 600"], "minutes = 601"),
    "minutes as text": ("minutes = 30", 'minutes = "30"', ["minutes", '"30"', "number"], 'minutes = "30"'),
    "minutes missing": ("minutes = 30\n", "", ["[[items]] #2 (Budget)", "'minutes'", "missing"], "[[items]]"),
    "unknown kind": ('kind = "decision"\npresenter', 'kind = "vote"\npresenter', ["kind", '"vote"', "information, discussion, decision"], 'kind = "vote"'),
    "kind near miss": ('kind = "decision"\npresenter', 'kind = "Decisions"\npresenter', ["kind", 'did you mean "decision"'], 'kind = "Decisions"'),
    "presenter not text": ('presenter = "karim"', "presenter = 3", ["presenter", "3", "text"], "presenter"),
}

NTH = {"missing item title", "minutes missing"}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_agenda(name, tmp_path):
    old, new, needles, line_needle = CASES[name]
    text = replace_once(AGENDA, old, new)
    problem = only_error(agenda(text), *needles)
    expected = line_of(text, line_needle, 2 if name in NTH else 1)
    assert problem.line == expected, (problem.line, expected, problem.message)
    code, out = check_text(tmp_path, text, "agenda.toml")
    assert code == 1 and f"agenda.toml:{expected}: error: " in out


def test_agenda_without_items_is_a_warning(tmp_path):
    text = '[agenda]\ntitle = "Nothing yet"\n'
    result = agenda(text)
    assert result.ok
    find(warnings(result), "no items")
    code, out = check_text(tmp_path, text, "empty-agenda.toml")
    assert code == 0 and "warning: The agenda has no items." in out


def test_automatic_id_clash():
    text = AGENDA.replace('id = "budget"', 'id = "item-3"') + '\n[[items]]\ntitle = "AOB"\nminutes = 5\n'
    only_error(agenda(text), "automatic id", '"item-3"')


def test_toml_dates_are_accepted():
    result = agenda(AGENDA.replace('date = "2026-03-14"', "date = 2026-03-14"))
    assert result.ok and result.value.date == "2026-03-14"


def test_missing_agenda_table():
    text = AGENDA[AGENDA.index("[[items]]") :]
    only_error(agenda(text), "[agenda]", "missing")


def test_items_written_as_one_table():
    text = '[agenda]\ntitle = "T"\n\n[items]\ntitle = "A"\nminutes = 5\n'
    err = only_error(agenda(text), "[[items]]")
    assert err.line == 4


def test_misspelt_required_key_is_reported_once():
    only_error(agenda(AGENDA.replace("minutes = 30", "minute = 30")), "minute", "did you mean 'minutes'")


def test_agenda_people_are_checked_against_the_committee(tmp_path):
    from meeting_tui.charter import check_paths, load_committee
    from meeting_tui.charter.examples import example_text
    import io

    folder = tmp_path / "exec"
    (folder / "agendas").mkdir(parents=True)
    (folder / "committee.toml").write_text(example_text("executive.toml"), encoding="utf-8")
    agenda = folder / "agendas" / "m.toml"
    agenda.write_text(
        '[agenda]\ntitle = "M"\nchair = "nobody-here"\n\n[[items]]\ntitle = "A"\nminutes = 5\npresenter = "Guest speaker"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    assert check_paths([str(agenda)], out) == 1
    text = out.getvalue()
    assert "m.toml:3: error" in text and "nobody-here" in text
    assert "Guest speaker" in text and "warning" in text
    committee = load_committee(folder / "committee.toml").value
    chair_id = next(m.id for m in committee.members if m.role == "deputy")
    agenda.write_text(f'[agenda]\ntitle = "M"\nchair = "{chair_id}"\n\n[[items]]\ntitle = "A"\nminutes = 5\n', encoding="utf-8")
    assert check_paths([str(agenda)], io.StringIO()) == 0
