"""Member lists from spreadsheets: encodings, delimiters, header variants, bad rows."""

from __future__ import annotations

import codecs

import pytest
from msgspec.structs import replace

from meeting_tui.charter import parse_committee
from meeting_tui.charter.csv_import import (
    ENC_CP1256,
    ENC_UTF8,
    ENC_UTF8_BOM,
    ENC_UTF16,
    load_members_csv,
    read_members_csv,
)
from meeting_tui.charter.examples import example_text
from meeting_tui.charter.write import committee_to_toml
from meeting_tui.domain.model import Charter, Committee

GOOD = (
    "name,organisation,role,voting,constituency,phone,email,alternate_for\n"
    "Amina Haddad,Green Valley Water Utility,chair,yes,partner,+962 7 1,amina@example.org,\n"
    'Karim Nasser,"Mizan Legal Aid Centre, Amman",deputy,,community,,,\n'
    "Tariq Mahmoud,Coalition secretariat,staff,no,community,,,\n"
    "Huda Saleh,Green Valley Water Utility,member,yes,partner,,,Amina Haddad\n"
)


@pytest.fixture
def executive():
    return parse_committee(example_text("executive.toml"), slug="executive").value


def test_a_good_utf8_file():
    found = read_members_csv(GOOD.encode("utf-8"))
    assert found.ok and found.encoding == ENC_UTF8 and found.delimiter == ","
    assert [m.name for m in found.members] == ["Amina Haddad", "Karim Nasser", "Tariq Mahmoud", "Huda Saleh"]
    amina, karim, tariq, huda = found.members
    assert amina.id == "amina-haddad" and amina.role == "chair" and amina.voting and amina.email == "amina@example.org"
    assert karim.organisation == "Mizan Legal Aid Centre, Amman" and karim.voting  # quoted comma; default vote
    assert tariq.role == "staff" and not tariq.voting
    assert huda.alternate_for == "amina-haddad"  # named by name, stored by id
    assert found.problems == ()


def test_utf8_with_bom_and_windows_line_endings():
    data = codecs.BOM_UTF8 + GOOD.replace("\n", "\r\n").encode("utf-8")
    found = read_members_csv(data)
    assert found.encoding == ENC_UTF8_BOM
    assert found.columns["name"] == "name"  # the BOM is not part of the first header
    assert len(found.members) == 4


def test_cp1256_arabic_with_semicolons():
    text = "الاسم;المنظمة;الفئة;الدور\nليلى منصور;جمعية وادي الريان;مجتمعي;رئيس\nسلمى حداد;لجنة سكان رأس العين;community;عضو\n"
    found = read_members_csv(text.encode("cp1256"))
    assert found.encoding == ENC_CP1256 and found.delimiter == ";"
    layla, salma = found.members
    assert layla.name == "ليلى منصور" and layla.id == "ليلى-منصور" and layla.role == "chair"
    assert layla.constituency == "community" and salma.organisation == "لجنة سكان رأس العين"
    assert found.notes == ()


def test_utf16_with_bom_and_tabs():
    text = "Name\tOrganization\tConstituency\tE-mail\nOmar Saleh\tFishers' Cooperative\tCommunity\tomar@example.org\n"
    found = read_members_csv(text.encode("utf-16"))
    assert found.encoding == ENC_UTF16 and found.delimiter == "\t"
    assert found.members[0].email == "omar@example.org" and found.members[0].constituency == "community"


def test_header_variants_are_accepted_in_any_case():
    text = "FULL NAME;Organization;Sector;Position;Vote;Telephone;E-Mail;Alternate of\nA;Org;partner;Treasurer;Y;123;a@b.org;\n"
    found = read_members_csv(text.encode())
    assert set(found.columns) == {"name", "organisation", "constituency", "role", "voting", "phone", "email", "alternate_for"}
    assert found.members[0].role == "officer" and found.members[0].phone == "123"


def test_missing_columns_refuse_the_whole_file():
    found = read_members_csv(b"name,email\nAmina,a@example.org\n")
    assert not found.ok and found.members == ()
    assert "organisation" in found.error and "constituency" in found.error
    assert "name, email" in found.error  # says what the header does have
    assert found.fix


def test_bad_rows_are_reported_with_their_row_number_and_reason(executive):
    text = (
        "name,organisation,constituency,role,voting,alternate_for\n"
        "Good Person,Org A,community,,,\n"
        ",Org B,partner,,,\n"  # row 3: no name
        "No Org,,partner,,,\n"  # row 4
        "Bad Constituency,Org C,both,,,\n"  # row 5
        "Bad Role,Org D,partner,chiar,,\n"  # row 6
        "Bad Vote,Org E,partner,,maybe,\n"  # row 7
        "Voting Mediator,Org F,partner,mediator,yes,\n"  # row 8
        "Karim Nasser,Mizan,partner,,,\n"  # row 9: already a member
        "Good Person,Org A,community,,,\n"  # row 10: twice in the file
        "Lost Alternate,Org G,partner,,,Nobody Known\n"  # row 11
        "Wrong Org Alternate,Org Z,community,,,Good Person\n"  # row 12
    )
    found = read_members_csv(text.encode(), executive)
    assert [m.name for m in found.members] == ["Good Person"]
    by_row = {p.row: p.message for p in found.problems}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "name is empty" in by_row[3]
    assert "organisation is empty" in by_row[4]
    assert '"both"' in by_row[5]
    assert 'Did you mean "chair"' in by_row[6]
    assert "yes or no" in by_row[7]
    assert "does not vote" in by_row[8]
    assert "already a member" in by_row[9] and "karim-nasser" in by_row[9]
    assert "twice" in by_row[10]
    assert "Nobody Known" in by_row[11]
    assert "another organisation" in by_row[12]


def test_ids_are_unique_against_the_committee(executive):
    found = read_members_csv("name,organisation,constituency\nKarim  Nasser (2),X,partner\n".encode(), executive)
    assert found.members[0].id not in {m.id for m in executive.members}


def test_new_ids_never_collide_with_existing_ones(executive):
    found = read_members_csv("name,organisation,constituency\nKarim Nasser!,X,partner\n".encode(), executive)
    # not the same name as Karim Nasser, but it would make the same id
    assert found.members[0].id == "karim-nasser-2"


def test_a_mediator_may_vote_when_the_charter_says_so(executive):
    allowing = replace(executive, charter=replace(executive.charter, non_voting_roles_vote=True))
    found = read_members_csv("name,organisation,constituency,role,voting\nM,X,partner,mediator,yes\n".encode(), allowing)
    assert found.members[0].voting


def test_utf16_without_bom_is_a_foreign_encoding():
    found = read_members_csv(GOOD.encode("utf-16-le"))
    assert not found.ok and "UTF-16" in found.error and "CSV UTF-8" in found.fix


def test_western_text_that_does_not_read_as_arabic_is_refused():
    found = read_members_csv("name,organisation,constituency\nJosé Pérez,Asociación,partner\n".encode("cp1252"))
    assert not found.ok and found.members == ()
    assert "another encoding" in found.error and "Asociaci" in found.error
    assert "CSV UTF-8" in found.fix


def test_non_utf8_text_without_arabic_is_read_with_a_note():
    found = read_members_csv("name,organisation,constituency\nRené,Société,partner\n".encode("cp1252"))
    assert found.ok and found.encoding == ENC_CP1256 and found.members[0].name == "René"
    assert any("no Arabic letters" in note for note in found.notes)


def test_an_empty_file_and_a_header_only_file():
    assert not read_members_csv(b"").ok
    found = read_members_csv(b"name,organisation,constituency\n")
    assert found.ok and found.members == () and found.problems == ()


def test_unknown_columns_are_listed_as_ignored():
    found = read_members_csv(b"name,organisation,constituency,shoe size\nA,B,partner,42\n")
    assert any("shoe size" in note for note in found.notes)


def test_load_reports_unreadable_paths(tmp_path):
    assert "not found" in load_members_csv(tmp_path / "nope.csv").error
    assert "folder" in load_members_csv(tmp_path).error
    path = tmp_path / "m.csv"
    path.write_bytes(GOOD.encode())
    assert len(load_members_csv(path).members) == 4


def test_imported_members_make_a_valid_committee(executive):
    found = read_members_csv(GOOD.replace("chair", "member").encode(), executive)
    merged = replace(executive, members=executive.members + found.members)
    result = parse_committee(committee_to_toml(merged), slug="executive")
    assert result.errors == [] and result.value == merged


def test_alternate_of_a_dropped_delegate_is_dropped_too():
    text = "name,organisation,constituency,role,alternate_for\nD,Org,partner,chiar,\nAlt,Org,partner,,D\n"
    found = read_members_csv(text.encode(), Committee(slug="s", name="S", charter=Charter()))
    assert found.members == ()
    assert {p.row for p in found.problems} == {2, 3}
    assert "not imported (row 2)" in [p for p in found.problems if p.row == 3][0].message


def test_a_row_with_too_few_or_too_many_columns_is_reported_as_such():
    from meeting_tui.charter.csv_import import read_members_csv

    data = "name,organisation,constituency,role\nA,Org,community,member\nB,Org\nC,Org,partner,member,extra\nD,Org,partner,member,,\n"
    found = read_members_csv(data.encode("utf-8"))
    assert [m.name for m in found.members] == ["A", "D"]  # trailing empty cells are harmless
    assert [(p.row, p.message) for p in found.problems] == [
        (3, "2 columns, 4 expected (as in the header row)."),
        (4, "5 columns, 4 expected (as in the header row)."),
    ]
