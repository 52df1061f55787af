"""Right-to-left text on screen: the `terminal` and `reorder` display modes.

Textual draws text in logical order (the order it is typed and stored). Terminals that
implement the Unicode bidirectional algorithm (Konsole, GNOME's VTE, mlterm) reorder and
shape Arabic themselves: they want logical order (`terminal` mode). Most others (xterm,
Windows Terminal, tmux panes, the Linux console) draw cells left to right as they come, so
Arabic appears backwards and unjoined unless the app sends each line already in display
order (`reorder` mode): shaped with arabic-reshaper (contextual letter forms and the lam-alef
ligature) and reordered with python-bidi (the Unicode bidirectional algorithm).

Only what reaches the screen changes: text is stored, searched, slugified and exported in
logical order. Reordering happens at render time, after wrapping, line by line and, in
tables, cell by cell, so columns stay where they are. Editable fields (Input, TextArea)
always show logical order, so the cursor stays under the character it edits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from rich.cells import cell_len
from rich.segment import Segment

MODES = ("terminal", "reorder")
DEFAULT_MODE = "reorder"

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended and presentation
# forms, and the right-to-left marks and embeddings: a line without any of these is left as is.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    """Whether `text` has any right-to-left character (the fast path skips the rest)."""
    return _RTL.search(text) is not None


@lru_cache(maxsize=1)
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    # Keep the harakat (vowel marks): they are part of what the user typed.
    return ArabicReshaper(configuration={"delete_harakat": False})


def shape(text: str) -> str:
    """Arabic letters in their contextual forms (presentation forms), in logical order."""
    return _reshaper().reshape(text) if has_rtl(text) else text


@lru_cache(maxsize=8192)
def visual(text: str) -> str:
    """One line of text in display order: shaped, then reordered by the bidi algorithm.

    Equal to ``bidi.get_display(arabic_reshaper.reshape(text))`` with brackets in
    right-to-left runs mirrored (rule L4, which python-bidi leaves to the renderer and which a
    terminal without bidi support does not do). Text without right-to-left characters comes
    back unchanged.
    """
    if not has_rtl(text):
        return text
    return "".join(char for _index, char in _reorder(shape(text)))


# Bidi classes the algorithm removes from display (rule X9) or uses only as markers.
_INVISIBLE = {"RLE", "LRE", "RLO", "LRO", "PDF", "BN", "LRI", "RLI", "FSI", "PDI"}
# Classes reset to the paragraph level at the end of a line and before separators (rule L1).
_L1_WHITESPACE = {"WS", "LRI", "RLI", "FSI", "PDI", "BN", "RLE", "LRE", "RLO", "LRO", "PDF"}
# Half blocks that draw the two ends of a shape (a radio button's ▐●▌): mirrored like brackets
# when a right-to-left label carries them to its other side.
_MIRRORED_SHAPES = {"▌": "▐", "▐": "▌", "▏": "▕", "▕": "▏", "◀": "▶", "▶": "◀"}
_LEVELS = re.compile(r"Level\(\s*(\d+)")


def _levels(text: str) -> list[int]:
    """The embedding level of each character (rules P2 to I2), from python-bidi's
    implementation of the Unicode bidirectional algorithm (the Rust crate unicode-bidi).

    python-bidi exposes the levels only through `get_display(debug=True)`, which returns the
    crate's BidiInfo; its `levels` are one per UTF-8 byte.
    """
    from bidi import get_display

    info = get_display(text, debug=True)
    start = info.index("levels: [")
    end = info.index("paragraphs:", start)
    per_byte = [int(level) for level in _LEVELS.findall(info, start, end)]
    levels: list[int] = []
    offset = 0
    for char in text:
        levels.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    return levels


def _reorder(text: str) -> list[tuple[int, str]]:
    """For each display position: the index in `text` of the character shown there, and the
    character as shown.

    Levels come from python-bidi (the Unicode bidirectional algorithm); this applies the
    line rules a renderer must: L1 (trailing whitespace and separators take the paragraph's
    level), L2 (reverse runs from the highest level down to the lowest odd one) and L4
    (brackets and other mirrored characters in right-to-left runs are mirrored). Formatting
    characters (embeddings, overrides, isolates) are not shown.
    """
    import unicodedata

    from bidi import get_base_level
    from bidi.mirror import MIRRORED

    levels = _levels(text)
    base = get_base_level(text)
    classes = [unicodedata.bidirectional(char) for char in text]
    # L1
    trailing = True
    for index in range(len(text) - 1, -1, -1):
        kind = classes[index]
        if kind in ("S", "B"):
            levels[index] = base
            trailing = True
        elif trailing and kind in _L1_WHITESPACE:
            levels[index] = base
        else:
            trailing = False
    order = list(range(len(text)))
    # L2
    highest = max(levels, default=0)
    odd_levels = [level for level in levels if level % 2]
    lowest_odd = min(odd_levels, default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        position = 0
        while position < len(order):
            if levels[order[position]] >= level:
                end = position
                while end + 1 < len(order) and levels[order[end + 1]] >= level:
                    end += 1
                order[position : end + 1] = reversed(order[position : end + 1])
                position = end + 1
            else:
                position += 1
    shown: list[tuple[int, str]] = []
    for index in order:
        if classes[index] in _INVISIBLE:
            continue
        char = text[index]
        if levels[index] % 2:
            char = MIRRORED.get(char, None) or _MIRRORED_SHAPES.get(char, char)
        shown.append((index, char))
    return shown


@lru_cache(maxsize=8192)
def visual_segments(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """One rendered line (styled segments) in display order, as wide as it was.

    Each segment is shaped on its own (a style change inside a word is rare), the whole line
    is reordered, and every character keeps the style it had. Shaping can only make a line
    narrower (the lam-alef ligature joins two letters into one cell); the difference is made
    up with spaces on the side the line's own padding is on.
    """
    if any(segment.control for segment in segments):
        return segments
    plain = "".join(segment.text for segment in segments)
    if not has_rtl(plain):
        return segments
    width = cell_len(plain)
    styles = [segment.style for segment in segments]
    if len(set(styles)) <= 1:
        text = visual(plain)
        result = [Segment(text, styles[0] if styles else None)]
        fill_style = styles[0] if styles else None
    else:
        chars: list[str] = []
        char_styles: list = []
        for segment in segments:
            shaped = shape(segment.text)
            chars.extend(shaped)
            char_styles.extend([segment.style] * len(shaped))
        result = []
        run: list[str] = []
        run_style = None
        for index, char in _reorder("".join(chars)):
            style = char_styles[index]
            if run and style != run_style:
                result.append(Segment("".join(run), run_style))
                run = []
            run_style = style
            run.append(char)
        if run:
            result.append(Segment("".join(run), run_style))
        fill_style = char_styles[-1] if char_styles else None
    shown = "".join(segment.text for segment in result)
    missing = width - cell_len(shown)
    if missing > 0:
        fill = Segment(" " * missing, fill_style)
        result = [fill, *result] if shown[:1].isspace() else [*result, fill]
    elif missing < 0:
        result = list(Segment.adjust_line_length(result, width))
    return tuple(result)


def visual_lines(lines: Iterable[Sequence[Segment]]) -> list[list[Segment]]:
    """Each line of segments in display order."""
    return [list(visual_segments(tuple(line))) for line in lines]
