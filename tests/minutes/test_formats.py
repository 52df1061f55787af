"""#20: minutes a secretary can sign and send: the demo meeting with decisions in every format
and both languages (golden files; Word and PDF through their extracted text and structure),
approved minutes frozen, whole people, plural forms, sign-off.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/minutes` and review
the diff of tests/minutes/golden/ like any other change.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from meeting_tui.domain import session as s
from meeting_tui.export import convert
from meeting_tui.minutes import render_markdown
from meeting_tui.minutes.render import ADDENDUM_RULE, approved_part

from .helpers import AMMAN, SOURCE, demo_meeting
from .test_golden import check_golden

APPROVAL = {"session": "2026-04-11-executive-committee-monthly-meeting.json", "title": "Executive committee — monthly meeting", "date": "2026-04-11"}


def markdown(language: str = "en", **kw) -> str:
    return render_markdown(demo_meeting(decisions=True).state, tz=AMMAN, source=SOURCE, language=language, **kw)


def docx_outline(data: bytes) -> str:
    """A Word document's text and structure: each paragraph's style and direction, each
    table's direction and rows."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(data))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            from docx.text.paragraph import Paragraph

            p = Paragraph(block, document)
            if not p.text.strip():
                continue
            ppr = block.pPr
            rtl = " rtl" if ppr is not None and ppr.find(qn("w:bidi")) is not None else ""
            lines.append(f"[{p.style.name}{rtl}] {p.text}")
        elif block.tag == qn("w:tbl"):
            from docx.table import Table

            table = Table(block, document)
            rtl = " rtl" if block.tblPr.find(qn("w:bidiVisual")) is not None else ""
            lines.append(f"[table{rtl}]")
            lines += ["| " + " | ".join(c.text for c in row.cells) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return "\n".join(line.rstrip() for line in result.stdout.decode("utf-8").splitlines() if line.strip()) + "\n"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_format_matches_golden(language):
    md = markdown(language)
    suffix = ".ar" if language == "ar" else ""
    texts = convert(md, ("md", "html", "docx"), lang=language, title="Executive committee — monthly meeting", source=SOURCE)
    check_golden(f"demo-decisions{suffix}.md", texts["md"])
    check_golden(f"demo-decisions{suffix}.html", texts["html"])
    outline = docx_outline(texts["docx"])
    check_golden(f"demo-decisions{suffix}.docx.txt", outline)
    if language == "ar":
        assert "[Heading 2 rtl] الحضور" in outline and "[table rtl]" in outline
        assert "[table]" not in outline  # every table right to left
    else:
        assert " rtl]" not in outline


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_pdf_text_matches_golden(language):
    texts = convert(markdown(language), ("pdf",), lang=language, title="Executive committee — monthly meeting", source=SOURCE)
    assert texts["pdf"].startswith(b"%PDF-")
    assert texts["pdf"].rstrip().endswith(SOURCE.encode())  # whose minutes these are
    text = pdf_text(texts["pdf"])
    check_golden(f"demo-decisions{'.ar' if language == 'ar' else ''}.pdf.txt", text)


def test_wording_a_secretary_can_send():
    text = markdown()
    assert "1 abstentions" not in text and "Tally: 6 yes, 0 no, 1 abstention" in text
    assert "6 yes, 5 needed" in text and "4.67" not in text
    assert "[UNDP grant]" in text and "\\[" not in text and "parts > promised" in text
    assert not any(line.endswith("\\") for line in text.splitlines())
    assert "Karim Nasser, Karim Nasser (proxy for Amina Haddad)" in text
    assert "Handler: the chair facilitates" in text
    assert "Subject: agenda item “Public statement on the proposed groundwater extraction licences”" in text
    assert "rescind_threshold" not in text
    # the register extract: cut at a whole word
    extract = text[text.index("## Register extract") :]
    assert "in Q3…" in extract and "not of t" not in extract
    # sign-off
    assert "**Minutes taken by:** Nour Al-Hassan (Al-Nour Women's Cooperative)" in text
    assert "| Chair | ليلى منصور |   | ____________ |" in text


def test_arabic_counts_use_plural_forms():
    text = markdown("ar")
    assert "ممتنع واحد" in text  # one abstention: the noun says "one"
    assert "7 أعضاء حاضرون" in text  # 3-10: the plural of few
    assert "1 ممتنع" not in text


def test_minutes_taker_is_editable_and_signs():
    meeting = demo_meeting(decisions=True)
    meeting.do(s.set_minutes_taker, "Tariq Mahmoud")  # staff, after the close
    assert meeting.state.minutes_taker == "tariq-mahmoud"
    text = render_markdown(meeting.state, tz=AMMAN, source=SOURCE, approval=APPROVAL)
    assert "**Minutes taken by:** Tariq Mahmoud (Coalition secretariat)" in text
    assert "| Secretary | Tariq Mahmoud |   | 2026-04-11 |" in text and "Approved on 2026-04-11." in text
    meeting.do(s.set_minutes_taker, "a volunteer, Rami")
    assert meeting.state.minutes_taker == "a volunteer, Rami"
    with pytest.raises(s.Refusal):
        s.set_minutes_taker(meeting.state, "   ", now=meeting.now)
    assert s.set_minutes_taker(meeting.state, "a volunteer, Rami", now=meeting.now) == []


def test_approved_minutes_are_frozen_and_later_events_go_to_a_dated_addendum():
    at_approval = markdown(approval=APPROVAL)
    assert ADDENDUM_RULE not in at_approval.split("\n")
    later = {
        "EXE-2026-005": [("amended-by", "EXE-2026-031", "2026-04-11")],
        "EXE-2026-006": [("rescinded-by", "EXE-2026-040", "2026-05-09")],
    }
    again = markdown(approval=APPROVAL, later=later)
    assert approved_part(again) == at_approval  # byte for byte
    addendum = again[len(at_approval) :]
    assert "## Addendum: after these minutes were approved on 2026-04-11" in addendum
    assert "- 2026-04-11: EXE-2026-005 amended by EXE-2026-031" in addendum
    assert "- 2026-05-09: EXE-2026-006 rescinded by EXE-2026-040" in addendum
    assert "Later:" not in again
    # the same in Arabic, and through every text format
    ar_first, ar_again = markdown("ar", approval=APPROVAL), markdown("ar", approval=APPROVAL, later=later)
    assert approved_part(ar_again) == ar_first and "ملحق" in ar_again
    # a draft shows the decision's current status in the register extract instead
    draft = markdown(later=later)
    assert "| EXE-2026-005 | Amended by EXE-2026-031 (2026-04-11) |" in draft
    assert "| EXE-2026-006 | Rescinded by EXE-2026-040 (2026-05-09) |" in draft
    assert ADDENDUM_RULE not in draft.split("\n")
