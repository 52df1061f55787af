"""User text can never break the minutes' structure, inject HTML or make a link."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from meeting_tui.domain import actions as act
from meeting_tui.domain import session as s
from meeting_tui.domain.model import Agenda, AgendaItem, Charter, Committee, Member
from meeting_tui.minutes import minutes_parser, render_html, render_markdown
from meeting_tui.minutes.text import BIDI_CONTROLS, block, cell, clean, inline

from .helpers import AMMAN, Meeting

HOSTILE = [
    "| # <script>alert(1)</script> **x** [a](javascript:x)",
    "![img](http://x)",
    "line one\n# heading?\n- list?\n1. ordered?\n2) ordered?\n> quote\n    code\n---\n===\n```\nfence\n***",
    "abc\u202edcba \u202a\u202b\u202c\u202d \u2066x\u2067\u2068\u2069",
    "nul\x00 bell\x07 esc\x1b[31m del\x7f c1\x85\x9b vt\x0b ff\x0c cr\r\nlf",
    "<http://autolink.example> http://bare.example www.example.org a@b.example",
    "&#x202E; &lt;b&gt; &amp; <!-- comment --> <b>bold</b> <img src=x onerror=alert(1)>",
    "[ref]: http://x\n[ref]\n`code` ``x`` ~~strike~~ _u_ *e* \\ trailing\\",
    "- starts like a list",
    "+ plus",
    "12. numbered",
    "# hash at start",
    "=== setext",
    "\t\ttabbed     code?",
    "N" * 10_000,
]
ARABIC = "ليلى منصور — تحالف الحق في المياه والأرض"
STRICT = MarkdownIt("commonmark", {"html": True}).enable("table")  # html ON: escaping is what protects


def hostile_meeting(texts: list[str]) -> Meeting:
    """A meeting where every piece of user text is taken from `texts` (cycled)."""
    pool = itertools.cycle(texts)
    t = lambda: next(pool)  # noqa: E731
    members = tuple(
        Member(id=f"m{i}", name=t(), organisation=t(), constituency="community" if i % 2 else "partner", role="chair" if i == 0 else "member")
        for i in range(7)
    ) + (Member(id="staff", name=t(), organisation=t(), role="staff"),)
    committee = Committee(slug="c", name=t(), coalition=t(), members=members, charter=Charter(proxies=True))
    agenda = Agenda(title=t(), place=t(), date="2026-03-14", items=tuple(AgendaItem(f"i{n}", t(), 10, "decision", t()) for n in range(4)))
    m = Meeting(committee, agenda, title=t(), place=t())
    for n, member in enumerate(["m0", "m1", "m2", "m3", "m4", "staff"]):
        m.at(n).do(s.arrive, member, mode="remote" if n == 2 else "in-person")
    m.do(s.send_apologies, "m5")
    m.do(s.assign_proxy, "m6", "m1")
    m.do(s.add_guest, t(), organisation=t())
    m.do(act.approve_previous_minutes, previous={"session": "2026-02-14-x.json", "title": t(), "date": "2026-02-14"})
    m.at(10).do(s.next_item)
    m.do(s.give_floor, "m1")
    m.at(12).do(s.give_floor, "m2")
    m.do(s.set_note, "i0", t() + "\n\n" + t())
    m.do(s.extend_item, 5, t())
    m.do(act.add_action, t()[:2000] or "x", who=t(), due="2026-04-01")
    m.do(act.add_action, "x", who="m3", due="")
    m.at(20).do(s.next_item)
    m.do(s.defer_item, "i1", t())
    m.do(s.skip_item, "i2")
    m.do(s.add_item, t().strip()[:200] or "x", 5)
    m.at(30).do(s.depart, "m4")
    m.do(act.complete_action, "action-2")
    m.at(40).do(s.close_session)
    return m


def skeleton(tokens) -> tuple[list[str], Counter]:
    """The document's structure: its block tokens (paragraph breaks aside) and its inline
    markup, without the text."""
    blocks = [f"{tok.type}:{tok.tag}" for tok in tokens if tok.type not in ("inline", "paragraph_open", "paragraph_close")]
    marks = Counter(child.type for tok in tokens if tok.type == "inline" for child in tok.children or [] if child.type not in ("text", "hardbreak", "softbreak"))
    return blocks, marks


def assert_safe(markdown: str) -> None:
    for parser in (STRICT, minutes_parser()):
        tokens = parser.parse(markdown)
        kinds = {tok.type for tok in tokens} | {c.type for tok in tokens for c in tok.children or []}
        assert not kinds & {"html_inline", "html_block", "link_open", "image", "code_block", "fence", "blockquote_open", "ordered_list_open"}, kinds
    assert not set(markdown) & BIDI_CONTROLS
    assert "\x00" not in markdown and "\x1b" not in markdown and "\x7f" not in markdown


def test_hostile_text_keeps_the_structure_of_plain_text():
    benign = render_markdown(hostile_meeting(["plain"]).state, tz=AMMAN, source="c/2026-03-14-x.json")
    for hostile in HOSTILE:
        text = render_markdown(hostile_meeting([hostile, ARABIC]).state, tz=AMMAN, source="c/2026-03-14-x.json")
        assert_safe(text)
        assert skeleton(STRICT.parse(text)) == skeleton(STRICT.parse(benign)), hostile[:60]


def test_hostile_text_in_html():
    markdown = render_markdown(hostile_meeting(HOSTILE + [ARABIC]).state, tz=AMMAN)
    page = render_html(markdown, lang="en", title=HOSTILE[0] + HOSTILE[3])
    body = page.split("<body>", 1)[1]
    for tag in ("<script", "<img", "<a ", "<b>", "<!--", "<http"):
        assert tag not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown, as text
    assert "<title>| # &lt;script&gt;" in page
    assert not set(page) & BIDI_CONTROLS
    assert ARABIC in page  # Arabic kept intact


def test_arabic_and_other_scripts_are_kept():
    for text in (ARABIC, "שלום", "日本語", "emoji 🎉", "ZWNJ می\u200cخواهم", "marks \u200e\u200f\u061c"):
        assert clean(text) == text
        assert inline(text) == text


def test_inline_escapes():
    assert inline("**x** [a](b) <c> `d` _e_ ~~f~~ | g ! & #") == r"\*\*x\*\* [a\](b) \<c> \`d\` \_e\_ \~\~f\~\~ \| g ! & \#"
    # only where a character would change the structure (#20): plain text stays as typed
    for plain in ("[UNDP] and [WFP]", "a > b, c < 3", "C:\\data\\x", "snake_case", "R&D", "issue #4 of 12", "~/notes", "1.75 m", "-5 degrees", "+1 vote", "#4 on the list"):
        assert inline(plain) == plain, plain
    assert inline("&amp; &#x202E;") == r"\&amp; \&#x202E;"
    assert inline("[ref]: x") == r"[ref\]: x"
    assert inline("- a") == r"\- a"
    assert inline("1. a") == r"1\. a"
    assert inline("a\nb\r\nc") == "a / b / c"
    assert inline("  spaced \t out  ") == "spaced out"
    assert cell("") == " "
    assert clean("a\u202eb\x00c\ud800d") == "abcd"


def test_notes_keep_line_breaks_and_paragraphs():
    assert block("first\nsecond\n\n\nthird") == "first  \nsecond\n\nthird"
    assert block("# not a heading\n---") == "\\# not a heading  \n\\---"
    assert not any(line.endswith("\\") for line in block("a\nb\nc").split("\n"))
    tokens = STRICT.parse(block("one\ntwo\n\nthree"))
    assert [t.type for t in tokens].count("paragraph_open") == 2
    assert sum(c.type == "hardbreak" for t in tokens for c in t.children or []) == 1


# -- a property: minutes of random sessions always parse and carry no raw HTML --------------

unicode_text = st.text(min_size=0, max_size=40)
member_names = st.lists(unicode_text, min_size=3, max_size=6)


@st.composite
def sessions(draw):
    names = draw(member_names)
    members = tuple(
        Member(id=f"m{i}", name=name or "x", organisation=draw(unicode_text), constituency=draw(st.sampled_from(["community", "partner"])))
        for i, name in enumerate(names)
    )
    items = tuple(AgendaItem(f"i{n}", draw(unicode_text).strip() or "x", draw(st.integers(1, 30))) for n in range(draw(st.integers(0, 4))))
    m = Meeting(Committee(slug="c", name=draw(unicode_text) or "c", members=members), Agenda(title="t", items=items), title=draw(unicode_text).strip() or "t", place=draw(unicode_text))
    ops = draw(st.lists(st.tuples(st.sampled_from(["toggle", "next", "note", "add", "extend", "action", "speak", "guest"]), st.integers(0, 10), unicode_text), max_size=25))
    minute = 0
    for op, n, text in ops:
        minute += n
        m.at(minute)
        try:
            if op == "toggle":
                m.do(s.toggle_presence, f"m{n % len(members)}")
            elif op == "next":
                m.do(s.next_item)
            elif op == "note" and m.state.items:
                m.do(s.set_note, list(m.state.items)[n % len(m.state.items)], text)
            elif op == "add":
                m.do(s.add_item, text, 5)
            elif op == "extend":
                m.do(s.extend_item, 3, text)
            elif op == "action":
                m.do(act.add_action, text, who=text, due="")
            elif op == "speak":
                m.do(s.give_floor, f"m{n % len(members)}")
            elif op == "guest":
                m.do(s.add_guest, text, organisation=text)
        except s.Refusal:
            pass
    if draw(st.booleans()):
        m.do(s.close_session)
    return m


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_minutes_of_random_sessions_parse_and_are_safe(meeting):
    markdown = render_markdown(meeting.state, tz=AMMAN)
    assert_safe(markdown)
    tokens = STRICT.parse(markdown)
    assert [t for t in tokens if t.type == "heading_open" and t.tag == "h1"].__len__() == 1
    page = render_html(markdown)
    assert "<script" not in page.split("<body>", 1)[1].replace("&lt;script", "")
    assert markdown == render_markdown(s.fold(meeting.events), tz=AMMAN)


@pytest.mark.parametrize("text", HOSTILE)
def test_each_hostile_string_alone(text):
    assert_safe(render_markdown(hostile_meeting([text]).state))


def test_values_from_a_hand_edited_session_file_are_escaped_too():
    """Kinds, roles and constituencies are checked when files are loaded, but a session's
    snapshot can be edited by hand: they are shown as text all the same."""
    members = (
        Member(id="m0", name="A", organisation="O", role="<b>chair</b>", constituency="[x](javascript:y)"),
        Member(id="m1", name="B", organisation="O"),
    )
    agenda = Agenda(title="t", items=(AgendaItem("i0", "T", 5, kind="<script>alert(1)</script>"),))
    m = Meeting(Committee(slug="c", name="c", members=members), agenda, title="t")
    m.do(s.arrive, "m0")
    m.do(s.next_item)
    m.do(s.give_floor, "m0")
    m.at(3).do(s.close_session)
    assert_safe(render_markdown(m.state))


def test_clean_drops_exactly_the_controls_surrogates_and_bidi_controls():
    """`clean` is one pattern (for speed): it must drop what the Unicode categories say, every
    control (Cc) but the newline, every lone surrogate (Cs) and the bidi embeddings, overrides
    and isolates, and keep every other character (Arabic marks, LRM/RLM, format characters)."""
    import unicodedata

    from meeting_tui.minutes.text import BIDI_CONTROLS, clean

    for code in [*range(0, 0x3000), *range(0xD800, 0xE000), *range(0xFE00, 0x10000)]:
        ch = chr(code)
        if ch in "\r\n\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            continue  # line breaks become "\n", a tab a space: tested above
        dropped = ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs")
        assert clean("a" + ch + "b") == ("ab" if dropped else "a" + ch + "b"), hex(code)
