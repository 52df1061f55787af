"""Golden files: the minutes of a scripted demo meeting, Markdown and HTML, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/minutes` and review
the diff of tests/minutes/golden/ like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from meeting_tui.domain import session as s
from meeting_tui.minutes import render_html, render_markdown

from .helpers import AMMAN, SOURCE, demo_meeting

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"no golden file {path}; create it with UPDATE_GOLDEN=1")
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs; if intended, run with UPDATE_GOLDEN=1"


def demo_markdown() -> str:
    return render_markdown(demo_meeting().state, tz=AMMAN, source=SOURCE)


def test_demo_meeting_markdown_matches_golden():
    check_golden("demo-meeting.md", demo_markdown())


def test_demo_meeting_html_matches_golden():
    meeting = demo_meeting()
    markdown = render_markdown(meeting.state, tz=AMMAN, source=SOURCE)
    page = render_html(markdown, lang=meeting.state.committee.language, title="Minutes: " + meeting.state.title)
    check_golden("demo-meeting.html", page)


def test_approved_demo_meeting_matches_golden():
    approval = {"session": "2026-04-11-executive-committee-monthly-meeting.json", "title": "Executive committee — monthly meeting", "date": "2026-04-11"}
    check_golden("demo-meeting-approved.md", render_markdown(demo_meeting().state, approval=approval, tz=AMMAN, source=SOURCE))


def test_same_events_same_bytes():
    first, second = demo_meeting(), demo_meeting()
    assert first.events == second.events
    a = render_markdown(first.state, tz=AMMAN, source=SOURCE)
    assert a == render_markdown(first.state, tz=AMMAN, source=SOURCE)  # twice from one state
    assert a == render_markdown(second.state, tz=AMMAN, source=SOURCE)  # from another run
    assert a == render_markdown(s.fold(first.events), tz=AMMAN, source=SOURCE)  # replayed
    # a closed session ignores `now`: the minutes do not depend on when they are rendered
    assert a == render_markdown(first.state, tz=AMMAN, source=SOURCE, now=first.now + 86_400)
    assert render_html(a, lang="en") == render_html(a, lang="en")


def test_time_zone_is_a_parameter():
    utc = render_markdown(demo_meeting().state, source=SOURCE)
    amman = demo_markdown()
    assert "called to order 07:00, adjourned 08:50 (UTC)" in utc
    assert "called to order 10:00, adjourned 11:50 (UTC+03:00)" in amman


def test_demo_minutes_contain_what_procedure_asks():
    text = demo_markdown()
    for expected in (
        "**Status:** Draft — not yet approved",
        "**Chair:** ليلى منصور (Wadi Al-Rayyan Farmers' Association)",
        "**Secretary:** Nour Al-Hassan (Al-Nour Women's Cooperative)",
        "| Sami Haddad | Institute for Dryland Agriculture | officer | remote | 10:04 | 11:10 |",
        "- Amina Haddad (Green Valley Water Utility)",  # apologies
        "- يوسف العلي (Ein Jarra Youth Committee)",  # absent
        "| Rana Khoury | Regional Water Authority | observer (guest) | 10:07 |   |",
        "- Amina Haddad: proxy held by Karim Nasser",
        "**10:06:** Quorum met",
        "**11:44:** NO QUORUM",
        "| 3 | Working group report: water access (progress and difficulties) | information | done | 15:00 + 5:00 | 22:00 | +7:00 |",
        "Item 3 extended by 5:00 at 10:35: two villages reported new breakdowns",
        "Item 4 was skipped.",
        "Item 6 deferred to the next meeting: waiting for the legal opinion from Mizan",
        "Flood appeal from the southern shore (added during the meeting at 11:21)",
        "**Whole meeting:** planned 2:10:00, actual 1:50:00 (from 10:00 to 11:50).",
        "Khaled reported on the 12 wells surveyed.  \nThree need new pumps",
        "سلمى حداد: مياه الشرب في رأس العين مقطوعة منذ أسبوعين.",
        "| Sami Haddad | Institute for Dryland Agriculture | partner | 1 | 8:00 | 36 % |",
        "**By constituency:** community: 12:00 (55 %); partner: 10:00 (45 %)",
        "| 1 | Send the well survey to the Water Authority | Khaled Barakat | 2026-03-31 | 2 | done at 11:01 |",
        "| 3 | Circulate the draft quarterly report | the secretariat |   | 9 | carried to the next meeting |",
        "The minutes of Executive committee — monthly meeting (2026-02-14) were approved at 10:08.",
    ):
        assert expected in text, expected


# -- minutes in Arabic (#9): the committee's language decides, not the interface's -----------


def arabic_markdown() -> str:
    return render_markdown(demo_meeting().state, tz=AMMAN, source=SOURCE, language="ar")


def test_arabic_minutes_match_golden():
    check_golden("demo-meeting.ar.md", arabic_markdown())


def test_arabic_minutes_html_match_golden():
    page = render_html(arabic_markdown(), lang="ar", title="محضر الاجتماع: " + demo_meeting().state.title)
    assert '<html lang="ar" dir="rtl">' in page
    check_golden("demo-meeting.ar.html", page)


def test_arabic_minutes_use_arabic_headings_and_keep_user_text():
    from meeting_tui.i18n import current_language

    text = arabic_markdown()
    assert "محضر" in text.split("\n", 1)[0] or "#" in text.split("\n", 1)[0]
    for heading in ("الحضور", "النصاب القانوني", "جدول الأعمال"):
        assert heading in text, heading
    assert "سلمى حداد: مياه الشرب في رأس العين مقطوعة منذ أسبوعين." in text  # notes as typed
    assert "Quorum met" not in text and "Attendance" not in text
    assert current_language() == "en"  # rendering in Arabic never changed the interface


def test_arabic_minutes_lines_start_right_to_left():
    from meeting_tui.minutes.html import minutes_parser
    from meeting_tui.minutes.text import RLM

    text = arabic_markdown()
    # An English name at the start of a table cell gets a right-to-left mark before it.
    assert f"| {RLM}Sami Haddad |" in text
    minutes_parser().parse(text)  # still valid Markdown


def test_committee_language_is_the_default():
    import dataclasses

    import msgspec.structs

    state = demo_meeting().state
    arabic_state = dataclasses.replace(state, committee=msgspec.structs.replace(state.committee, language="ar"))
    assert render_markdown(arabic_state, tz=AMMAN, source=SOURCE) == arabic_markdown()


def decisions_meeting_arabic() -> str:
    """A roll-call vote, a secret ballot and a blocked consensus round, minuted in Arabic."""
    from meeting_tui.domain import consensus, decisions
    from meeting_tui.domain.model import Charter, ConsensusRules, VotingRules
    from tests.domain.conftest import make_committee
    from tests.domain.test_session import Log

    charter = Charter(voting=VotingRules(chair_casting_vote=True), consensus=ConsensusRules(method="formal"))
    log = Log(make_committee(7, charter))
    for i in range(5):
        log.do(s.arrive, f"m{i}")
    log.do(s.next_item)
    log.do(decisions.propose, "اعتماد الميزانية المعدّلة للربع الثاني", item="a", mover="m1", seconder="m2")
    log.do(decisions.open_vote, "P1", ballot="roll-call", threshold="two_thirds_cast")
    for member, choice in [("m0", "yes"), ("m1", "yes"), ("m2", "yes"), ("m3", "no"), ("m4", "abstain")]:
        log.do(decisions.cast_vote, member, choice)
    log.do(decisions.close_vote, register_number=14)
    log.do(decisions.propose, "انتخاب أمين الصندوق", item="a")
    log.do(decisions.open_vote, "P2", ballot="secret")
    for member in ("m0", "m1", "m2"):
        log.do(decisions.record_participation, member)
    log.do(decisions.close_ballot_box)
    log.do(decisions.enter_counts, 2, 1, 0)
    log.do(decisions.close_vote, register_number=15)
    log.do(decisions.propose, "إصدار البيان العام", item="a")
    log.do(consensus.open_consensus, "P3")
    log.do(consensus.respond, "m0", "agree")
    log.do(consensus.respond, "m1", "block", reason="يذكر شريكاً دون موافقته")
    log.do(consensus.close_round)
    return render_markdown(log.state, language="ar")


def test_arabic_decisions_match_golden():
    text = decisions_meeting_arabic()
    assert "## القرارات" in text and "اعتماد الميزانية المعدّلة للربع الثاني" in text
    assert "يذكر شريكاً دون موافقته" in text
    check_golden("decisions.ar.md", text)
