"""The line index that puts line numbers on semantic problems."""

from __future__ import annotations

from meeting_tui.charter.examples import example_text
from meeting_tui.charter.lines import LineIndex

from .helpers import line_of

TEXT = '''\
top = 1
[committee]
name = "X"   # comment with = sign
"quoted key" = 2
dotted.key = 3

[charter]
quorum = { rule = "count", count = 3 }
[charter.timer]
warn_minutes = 2
notes = """
fake = 1
[fake]
"""
literal = \'\'\'
[[members]]
\'\'\'
bodies = [
  "a",
  "b = c",
]
after = 1

[[members]]
name = "A"
[[members]]
name = "B"
role = "chair"
[[members.contact]]
phone = "1"
'''


def test_tables_and_keys():
    index = LineIndex(TEXT)
    assert index.line(("top",)) == 1
    assert index.line(("committee",)) == 2
    assert index.line(("committee", "name")) == 3
    assert index.line(("committee", "quoted key")) == 4
    assert index.line(("committee", "dotted", "key")) == 5
    assert index.line(("committee", "dotted")) == 5
    assert index.line(("charter", "timer", "warn_minutes")) == line_of(TEXT, "warn_minutes")
    assert index.line(("charter", "timer", "after")) == line_of(TEXT, "after = 1")


def test_inline_tables_point_at_their_line():
    index = LineIndex(TEXT)
    assert index.line(("charter", "quorum", "count")) == line_of(TEXT, "quorum = {")


def test_strings_and_arrays_spanning_lines_are_skipped():
    index = LineIndex(TEXT)
    assert index.exact(("charter", "timer", "fake")) is None
    assert index.exact(("fake",)) is None
    assert index.exact(("charter", "timer", "b")) is None
    # the [[members]] inside the literal string is not counted: the first real one is #0
    assert index.line(("members", 0)) == line_of(TEXT, "[[members]]", 2)


def test_arrays_of_tables_are_counted():
    index = LineIndex(TEXT)
    assert index.line(("members", 1)) == line_of(TEXT, 'name = "B"') - 1
    assert index.line(("members", 1, "role")) == line_of(TEXT, 'role = "chair"')
    assert index.line(("members", 1, "missing")) == line_of(TEXT, 'name = "B"') - 1
    assert index.line(("members", 1, "contact", 0, "phone")) == line_of(TEXT, 'phone = "1"')
    assert index.line(("members", 7, "role")) == line_of(TEXT, "[[members]]", 2)  # best effort
    assert index.line(("nowhere",)) is None


def test_duplicates_are_recorded():
    index = LineIndex("a = 1\n[t]\nx = 1\n[t.sub]\ny = 2\n[u]\nx = 1\nx = 2\n")
    assert index.duplicates == [(("u", "x"), 7, 8)]


def test_open_string_and_bracket_are_located():
    assert LineIndex('a = 1\nb = "open\nc = 2\n').unterminated_line == 2
    assert LineIndex("a = 1\nb = [1,\n2,\n").unclosed_line == 2


def test_example_file_lines():
    text = example_text("executive.toml")
    index = LineIndex(text)
    assert index.line(("members", 0, "role")) == line_of(text, 'role = "chair"')
    assert index.line(("members", 11, "alternate_for")) == line_of(text, "alternate_for")
    assert index.line(("escalation", 2, "binding")) == line_of(text, "binding = true")
    assert index.line(("scope", "work-plan")) == line_of(text, "work-plan =")
    assert index.line(("charter", "quorum", "min_community")) == line_of(text, "min_community")
