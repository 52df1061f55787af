"""Importing committee and agenda files: checked with the rules of `meeting-tui check`."""

from __future__ import annotations

from meeting_tui.charter import parse_committee
from meeting_tui.charter.examples import example_text
from meeting_tui.charter.imports import read_import


def test_a_valid_committee_file(tmp_path):
    path = tmp_path / "my-executive.toml"
    path.write_bytes(b"\xef\xbb\xbf" + example_text("executive.toml").replace("\n", "\r\n").encode())
    imported = read_import(path)
    assert imported.ok and imported.kind == "committee"
    assert imported.committee.slug == "my-executive"
    assert "\r" not in imported.text and not imported.text.startswith("\ufeff")


def test_an_agenda_is_checked_against_the_committee(tmp_path):
    committee = parse_committee(example_text("executive.toml"), slug="x").value
    path = tmp_path / "a.toml"
    path.write_text('[agenda]\ntitle = "T"\nchair = "nobody-here"\n[[items]]\ntitle = "A"\nminutes = 5\n', encoding="utf-8")
    imported = read_import(path, committee=committee)
    assert not imported.ok and imported.kind == "agenda"
    assert any("nobody-here" in p.message for p in imported.errors)


def test_an_unknown_threshold_is_refused_with_a_did_you_mean(tmp_path):
    text = example_text("executive.toml").replace('default_threshold = "majority_cast"', 'default_threshold = "majority_casted"')
    path = tmp_path / "committee.toml"
    path.write_text(text, encoding="utf-8")
    imported = read_import(path)
    assert not imported.ok and imported.committee is None
    assert any("did you mean" in p.message and p.line for p in imported.errors)


def test_unreadable_and_neither(tmp_path):
    assert not read_import(tmp_path / "missing.toml").ok
    other = tmp_path / "other.toml"
    other.write_text('x = 1\n', encoding="utf-8")
    imported = read_import(other)
    assert not imported.ok and "neither" in imported.problems[0].message
