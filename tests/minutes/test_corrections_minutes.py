"""#18: the minutes show the corrected record, and a "Corrections" appendix lists each
correction (what, when, what it corrected) in every format."""

from __future__ import annotations

import io

from meeting_tui.domain import actions as act
from meeting_tui.domain import corrections as c
from meeting_tui.domain import session as s
from meeting_tui.export import convert
from meeting_tui.minutes import render_html, render_markdown

from .helpers import AMMAN, Meeting


def corrected_meeting() -> Meeting:
    m = Meeting()
    layla, karim, sami = "layla-mansour", "karim-nasser", "sami-haddad"
    m.at(2).do(s.arrive, layla)
    m.at(3).do(s.arrive, karim)
    m.at(4).do(s.arrive, sami)
    m.at(5).do(s.next_item)
    m.at(6).do(s.depart, layla)  # a slip ...
    m.at(7).do(c.undo)  # ... undone (ctrl+z)
    m.at(8).do(s.depart, sami)  # recorded in error, noticed later
    m.at(9).do(act.add_action, "Send teh survey", who="", due="2026-03-31")
    m.at(10).do(c.strike_attendance, sami, "wrong row")
    m.at(11).do(c.edit_action, "action-1", text="Send the survey", who=karim, due="2026-04-15")
    m.at(12).do(act.add_action, "Duplicate entry", who=karim, due="")
    m.at(13).do(c.withdraw_action, "action-2", "recorded twice")
    return m


def test_minutes_show_the_corrected_record_and_the_appendix():
    m = corrected_meeting()
    md = render_markdown(m.state, tz=AMMAN, language="en")
    attendance = md.split("## Corrections")[0]
    assert "Send the survey" in attendance and "Send teh survey" not in attendance
    assert "## Corrections" in md
    appendix = md.split("## Corrections")[1]
    assert "| 10:07 | Undone | ليلى منصور's departure | 10:06 |" in appendix
    assert "Recorded in error" in appendix and "wrong row" in appendix
    assert "Action item edited" in appendix and "Send teh survey → Send the survey" in appendix
    assert "owner: — → Karim Nasser" in appendix
    assert "Action item withdrawn" in appendix and "recorded twice" in appendix
    assert "withdrawn" in attendance  # the withdrawn item is shown as such in the action items


def test_no_corrections_no_appendix():
    m = Meeting()
    m.at(2).do(s.arrive, "layla-mansour")
    assert "Corrections" not in render_markdown(m.state, tz=AMMAN, language="en")


def test_appendix_in_arabic_html_and_word():
    m = corrected_meeting()
    md_ar = render_markdown(m.state, tz=AMMAN, language="ar")
    assert "## التصحيحات" in md_ar
    html = render_html(render_markdown(m.state, tz=AMMAN, language="en"), lang="en", title="t")
    assert "Corrections</h2>" in html and "Undone" in html
    docx = convert(render_markdown(m.state, tz=AMMAN, language="en"), ["docx"], lang="en", title="t", source="x.json")["docx"]
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    cells = "\n".join(cell.text for table in Document(io.BytesIO(docx)).tables for row in table.rows for cell in row.cells)
    assert "Corrections" in text and "Undone" in cells


def test_corrected_meeting_matches_golden():
    from .test_golden import check_golden

    m = corrected_meeting()
    check_golden("corrections.md", render_markdown(m.state, tz=AMMAN, language="en"))
    check_golden("corrections.ar.md", render_markdown(m.state, tz=AMMAN, language="ar"))
