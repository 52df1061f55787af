"""Right-to-left display order (meeting_tui.rtl): shaping and the bidi algorithm, line by line."""

from __future__ import annotations

import re

import arabic_reshaper
import pytest
from bidi import get_display
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from meeting_tui import rtl

RESHAPE = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False}).reshape
_MARKS_BEFORE_LETTER = re.compile("([\u064b-\u065f\u0670]+)([\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefc])")


def marks_after_letters(shown: str) -> str:
    """Rule L3 on python-bidi's output: it reverses a right-to-left run character by
    character, so each vowel mark comes out before its letter; a terminal draws a mark on the
    character before it."""
    return _MARKS_BEFORE_LETTER.sub(lambda m: m[2] + m[1][::-1], shown)

PLAIN_LINES = [
    "النصاب القانوني مكتمل",
    "النصاب القانوني: 7 من 11",
    "  محمد، EXE-2026-014 اعتُمد بـ 7 أصوات",
    "Mover: أمينة يوسف — Ein Jarra Youth",
    "لا إله",
    "محمد   ",
    "الاجتماع 00:05 · البنود 00:00 من 2:00:00",
]


@pytest.mark.parametrize("text", PLAIN_LINES)
def test_visual_equals_python_bidi_of_the_shaped_text(text):
    # Before #19 the expectation was python-bidi's raw output, which puts the mark of
    # "اعتُمد" before its letter: wrong on every terminal.
    assert rtl.visual(text) == marks_after_letters(get_display(RESHAPE(text)))


def test_marks_follow_their_letter():
    shown = rtl.visual("بِسْمِ")
    assert [c for c in shown] == ["\ufee2", "\u0650", "\ufeb4", "\u0652", "\ufe91", "\u0650"]


def test_paragraph_direction_is_given_not_taken_per_line():
    # A toast of the Arabic interface that starts with a Latin name reads right to left.
    text = "Zeina Rahal غير حاضرة"
    assert rtl.visual(text, "R") == get_display(RESHAPE(text), base_dir="R")
    assert rtl.visual(text, "R").endswith("Zeina Rahal")
    # The English interface keeps it left to right.
    assert rtl.visual(text, "L").startswith("Zeina Rahal")


def test_padding_stays_where_the_layout_put_it():
    out = rtl.visual_segments((Segment("محمد علي     ", None),), "R")
    assert "".join(s.text for s in out) == rtl.visual("محمد علي") + "     "
    out = rtl.visual_segments((Segment("     محمد علي", None),), "R")
    assert "".join(s.text for s in out) == "     " + rtl.visual("محمد علي")


def test_a_highlight_inside_a_word_keeps_the_letters_joined():
    # The palette's match highlight (or a cursor) splits a word into two styles.
    bold = Style(bold=True)
    line = (Segment("مح", bold), Segment("ضر", None))
    out = rtl.visual_segments(line)
    assert "".join(s.text for s in out) == rtl.visual("محضر")
    assert Segment(rtl.visual("محضر")[-2:], bold) in out


def test_first_strong_skips_isolates():
    assert rtl.first_strong("12 \u2068Zeina\u2069 غير") == "R"
    assert rtl.first_strong("Zeina غير") == "L"
    assert rtl.first_strong("12 :") is None


def test_brackets_in_right_to_left_runs_are_mirrored():
    # python-bidi leaves mirroring (rule L4) to the renderer; a dumb terminal does not do it.
    assert rtl.visual("(مكتمل)") == "(" + get_display(RESHAPE("مكتمل")) + ")"
    assert rtl.visual("Quorum: محمد علي (12) ") == "Quorum: (12) " + get_display(RESHAPE("محمد علي")) + " "


def test_latin_only_text_is_untouched():
    for text in ["Quorum met: 7 of 11", "", "   ", "EXE-2026-014 (adopted)"]:
        assert rtl.visual(text) == text


def test_mixed_arabic_latin_digits_read_in_order():
    # Reading the display right to left gives the Arabic words in typed order, while the
    # Latin id and the numbers keep their left-to-right order.
    shown = rtl.visual("القرار EXE-2026-014 اعتُمد بـ 7 أصوات")
    assert "EXE-2026-014" in shown and " 7 " in shown
    assert shown.index("EXE-2026-014") > shown.index(RESHAPE("أصوات")[::-1])


def test_bidi_overrides_are_not_shown():
    shown = rtl.visual("abc \u202eعربي def")
    assert "\u202e" not in shown and "abc" in shown


def test_single_style_line_keeps_style_and_width():
    style = Style(bold=True)
    line = (Segment("  أمينة يوسف  ", style),)
    out = rtl.visual_segments(line)
    assert "".join(s.text for s in out) == rtl.visual("  أمينة يوسف  ")
    assert all(s.style == style for s in out)
    assert cell_len("".join(s.text for s in out)) == cell_len("  أمينة يوسف  ")


def test_each_character_keeps_its_style_when_reordered():
    bold, italic = Style(bold=True), Style(italic=True)
    line = (Segment("Mover: ", bold), Segment("محمد علي", italic), Segment(" ok", None))
    out = rtl.visual_segments(line)
    assert out[0] == Segment("Mover: ", bold)
    assert Segment(rtl.visual("محمد علي"), italic) in out
    assert "".join(s.text for s in out) == "Mover: " + rtl.visual("محمد علي") + " ok"


def test_ligature_keeps_the_line_width():
    # lam + alef become one cell: the line is padded back to its width.
    line = (Segment("لا ", None), Segment("x", Style(bold=True)))
    out = rtl.visual_segments(line)
    assert cell_len("".join(s.text for s in out)) == cell_len("لا x")


def test_line_without_rtl_is_returned_as_is():
    line = (Segment("Quorum met", Style(bold=True)), Segment(" 7/11"))
    assert rtl.visual_segments(line) is line


@given(st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأإؤئةى ٠١٢0123456789abcXYZ (),.-:؟،\u064e\u0650"), max_size=60))
def test_any_line_keeps_its_width_and_characters(text):
    line = (Segment(text[: len(text) // 2], Style(bold=True)), Segment(text[len(text) // 2 :], None))
    out = rtl.visual_segments(line)
    assert cell_len("".join(s.text for s in out)) == cell_len(text)
    if not rtl.has_rtl(text):
        assert out == line
