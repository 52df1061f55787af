"""The one date parser: every date a person types or a file holds (a due date, the next
meeting, an agenda's date, the register's date range) is read here.

A date is written year-month-day: `2026-04-30`. Also accepted, and always given back as
`YYYY-MM-DD`: one-digit months and days (`2026-4-30`), Arabic-Indic and Persian digits
(`٢٠٢٦-٠٤-٣٠`), surrounding spaces. Refused with a message that says what is wrong and how to
write it: anything else, a day that does not exist (`2026-02-30`), year 0 (`0000-01-01`).

Pure: the calendar of `datetime.date`, never the clock (the domain is given `now`).
"""

from __future__ import annotations

import datetime as _dt
import re

from meeting_tui.domain.errors import Refusal
from meeting_tui.i18n import _

#: Arabic-Indic (٠-٩) and Extended Arabic-Indic / Persian (۰-۹) digits, as ASCII digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_SHAPE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
EXAMPLE = "2026-04-30"


def _clean(text: str) -> str:
    # also the Arabic dash-like characters people type between the parts
    return str(text).strip().translate(_DIGITS).replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-").replace("\u2212", "-")


def date_problem(text: str) -> str | None:
    """Why `text` is not a date (a sentence with how to write it), or None if it is one."""
    try:
        parse_date(text)
    except Refusal as refusal:
        return refusal.message
    return None


def parse_date(text: str) -> _dt.date:
    """The calendar date written in `text`, or a `Refusal` saying what is wrong."""
    if not isinstance(text, str):
        raise Refusal(_("'{text}' is not a date: write it YYYY-MM-DD, e.g. {example}.", text=text, example=EXAMPLE))
    shown = " ".join(text.split())
    match = _SHAPE.fullmatch(_clean(text))
    if match is None:
        raise Refusal(_("'{text}' is not a date: write it YYYY-MM-DD, e.g. {example}.", text=shown, example=EXAMPLE))
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise Refusal(_("'{text}' is not a date: there is no year 0. Write it YYYY-MM-DD, e.g. {example}.", text=shown, example=EXAMPLE))
    if not 1 <= month <= 12:
        raise Refusal(_("'{text}' is not a date: the month is from 1 to 12. Write it YYYY-MM-DD, e.g. {example}.", text=shown, example=EXAMPLE))
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise Refusal(_("'{text}' is not a date: that month has no day {day}. Write it YYYY-MM-DD, e.g. {example}.", text=shown, day=day, example=EXAMPLE)) from None


def normalize_date(text: str) -> str:
    """`text` as `YYYY-MM-DD` (a `Refusal` if it is not a date)."""
    return parse_date(text).isoformat()


def is_date(text: str) -> bool:
    return date_problem(text) is None


def day_number(text: str) -> int | None:
    """Days since 1970-01-01 of a date (None if `text` is not one)."""
    try:
        return parse_date(text).toordinal() - _EPOCH
    except Refusal:
        return None


def date_of_day(number: int) -> str:
    """The date YYYY-MM-DD of a day number (the inverse of `day_number`)."""
    return _dt.date.fromordinal(number + _EPOCH).isoformat()


_EPOCH = _dt.date(1970, 1, 1).toordinal()
