"""The one slug helper and the one date parser."""

from __future__ import annotations

import datetime as dt

import pytest

from meeting_tui.domain.dates import date_problem, day_number, normalize_date, parse_date
from meeting_tui.domain.errors import Refusal
from meeting_tui.slugs import MAX_LENGTH, slug, slug_or_empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monthly meeting", "monthly-meeting"),
        ("اجتماع اللجنة التنفيذية", "اجتماع-اللجنة-التنفيذية"),
        ("مُحَمَّد الـعلي", "محمد-العلي"),  # harakat and tatweel dropped: readable, not م-ح-م-د
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms
        ("اجتماع ٢٠٢٦", "اجتماع-٢٠٢٦"),
        ("a/b\\c", "a-b-c"),
    ],
)
def test_slugs_are_readable(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("text", ["", "   ", ".", "..", "/", "../..", "!!!", "\u064e\u0640"])
def test_a_slug_is_never_empty_dot_or_a_path(text):
    assert slug_or_empty(text) == ""
    assert slug(text, "session") == "session"
    assert slug(text, "..") == "item"


def test_one_max_length_cut_at_a_word():
    long = slug("word " * 40)
    assert len(long) <= MAX_LENGTH and not long.endswith("-") and long.startswith("word-word")
    assert "/" not in slug("x" * 200) and len(slug("x" * 200)) <= MAX_LENGTH


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2026-04-30", "2026-04-30"), ("2026-4-30", "2026-04-30"), (" 2026-4-3 ", "2026-04-03"),
     ("٢٠٢٦-٠٤-٣٠", "2026-04-30"), ("۲۰۲۶-۰۴-۳۰", "2026-04-30"), ("2024-02-29", "2024-02-29")],
)
def test_dates_are_read_one_way(text, iso):
    assert normalize_date(text) == iso and parse_date(text) == dt.date.fromisoformat(iso)
    assert date_problem(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000-01-01", "there is no year 0"),
        ("2026-13-01", "the month is from 1 to 12"),
        ("2026-02-30", "that month has no day 30"),
        ("2100-02-29", "that month has no day 29"),
        ("30/04/2026", "write it YYYY-MM-DD"),
        ("2026-04-30x", "write it YYYY-MM-DD"),
        ("", "write it YYYY-MM-DD"),
    ],
)
def test_a_refused_date_says_what_is_wrong(text, message):
    with pytest.raises(Refusal) as refused:
        parse_date(text)
    assert message in refused.value.message and "2026-04-30" in refused.value.message
    assert day_number(text) is None


def test_day_numbers():
    assert day_number("1970-01-01") == 0 and day_number("2026-3-14") == day_number("2026-03-14")
