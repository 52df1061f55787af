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
import sys
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


# What user text never sends: C0 and C1 controls (ESC, NUL, ...), DEL, and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_PICTURES = {0x1B: "\u241b", 0x7F: "\u2421"}
FSI, PDI = "\u2068", "\u2069"
ISOLATES = re.compile("[\u2066-\u2069]")


def _placeholder(match: re.Match) -> str:
    code = ord(match[0])
    if code < 0x20:
        return _PICTURES.get(code, chr(0x2400 + code))  # ␀ ␉ ␊ ␛ ... (Control Pictures)
    return _PICTURES.get(code, "\ufffd")


def clean(text: str) -> str:
    """User text as it may be shown: every control, escape, NUL and bidi embedding, override
    or isolate character replaced by a visible placeholder (one character for one)."""
    return _UNSAFE.sub(_placeholder, text) if _UNSAFE.search(text) else text


def isolate(text: str) -> str:
    """Cleaned user text to put inside a sentence: between FSI and PDI, so it keeps its own
    direction and does not take its neighbours' (a Latin name in an Arabic toast, a path)."""
    return FSI + clean(text) + PDI


def inline(text: str) -> str:
    """User text (a name, a path) for a sentence of the interface: isolated when the
    interface is right to left (where a Latin path or name would otherwise take the Arabic
    sentence's direction: "data-dir--", "md."), only cleaned otherwise."""
    return isolate(text) if interface_direction() == "R" else clean(text)


def interface_direction() -> str:
    """The paragraph direction of the interface language: "R" (Arabic) or "L"."""
    from meeting_tui.i18n import is_rtl

    return "R" if is_rtl() else "L"


def has_rtl(text: str) -> bool:
    """Whether `text` has any right-to-left character (the fast path skips the rest)."""
    return _RTL.search(text) is not None


def needs_reorder(text: str, base: str | None = None) -> bool:
    """Whether a line changes when put in display order: it has right-to-left characters, or
    it sits in a right-to-left paragraph (`base` "R") with isolated runs, whose names and
    numbers then take their places from the right (a list of names wrapped onto its own line)."""
    return has_rtl(text) or (base == "R" and ISOLATES.search(text) is not None)


@lru_cache(maxsize=2)
def _reshaper(ligatures: bool = True):
    # arabic-reshaper imports fontTools' font reader (about 20 ms, a third of its import) only
    # to configure itself from a font file, which this app never does: it is kept out while
    # arabic-reshaper loads (a first Arabic frame sooner), and importable again right after.
    blocked = "fontTools.ttLib" not in sys.modules
    if blocked:
        sys.modules["fontTools.ttLib"] = None  # type: ignore[assignment]  # import fails: ImportError
    try:
        from arabic_reshaper import ArabicReshaper
    finally:
        if blocked and sys.modules.get("fontTools.ttLib", 0) is None:
            del sys.modules["fontTools.ttLib"]

    # Keep the harakat (vowel marks): they are part of what the user typed.
    return ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": ligatures})


def shape(text: str) -> str:
    """Arabic letters in their contextual forms (presentation forms), in logical order."""
    return _reshaper().reshape(text) if has_rtl(text) else text


def first_strong(text: str) -> str | None:
    """"R" or "L": the direction of the first strong character of `text` (rules P2, P3,
    isolates skipped), or None when it has none (digits, punctuation, spaces only)."""
    from meeting_tui.i18n import strong_direction

    return strong_direction(text, opens=("LRI", "RLI", "FSI"), closes=("PDI",))


@lru_cache(maxsize=8192)
def visual(text: str, base: str | None = None) -> str:
    """One line of text in display order: shaped, then reordered by the bidi algorithm.

    Equal to ``bidi.get_display(arabic_reshaper.reshape(text), base_dir=base)`` with brackets
    in right-to-left runs mirrored (rule L4) and each vowel mark after its letter (rule L3),
    which python-bidi leaves to the renderer and a terminal without bidi support does not do.
    `base` is the paragraph direction ("L" or "R"; None: from the text's first strong
    character). Text without right-to-left characters comes back unchanged, unless isolated
    names take their places in a right-to-left paragraph (`base` "R").
    """
    if not needs_reorder(text, base):
        return text
    return "".join(char for _index, char in _reorder(shape(text), base))


# Bidi classes the algorithm removes from display (rule X9) or uses only as markers.
_INVISIBLE = {"RLE", "LRE", "RLO", "LRO", "PDF", "BN", "LRI", "RLI", "FSI", "PDI"}
# Classes reset to the paragraph level at the end of a line and before separators (rule L1).
_L1_WHITESPACE = {"WS", "LRI", "RLI", "FSI", "PDI", "BN", "RLE", "LRE", "RLO", "LRO", "PDF"}
# Half blocks that draw the two ends of a shape (a radio button's ▐●▌): mirrored like brackets
# when a right-to-left label carries them to its other side.
_MIRRORED_SHAPES = {"▌": "▐", "▐": "▌", "▏": "▕", "▕": "▏", "◀": "▶", "▶": "◀"}
_LEVELS = re.compile(r"Level\(\s*(\d+)")


def _levels(text: str, base: str | None = None) -> list[int]:
    """The embedding level of each character (rules P2 to I2), from python-bidi's
    implementation of the Unicode bidirectional algorithm (the Rust crate unicode-bidi).

    python-bidi exposes the levels only through `get_display(debug=True)`, which returns the
    crate's BidiInfo; its `levels` are one per UTF-8 byte.
    """
    from bidi import get_display

    info = get_display(text, base_dir=base, debug=True)
    start = info.index("levels: [")
    end = info.index("paragraphs:", start)
    per_byte = [int(level) for level in _LEVELS.findall(info, start, end)]
    levels: list[int] = []
    offset = 0
    for char in text:
        levels.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    return levels


def _reorder(text: str, base_dir: str | None = None) -> list[tuple[int, str]]:
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

    levels = _levels(text, base_dir)
    base = {"L": 0, "R": 1}.get(base_dir) if base_dir else get_base_level(text)
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
    # L3: a run reversed puts each combining mark before its letter; a terminal draws a mark on
    # the character before it, so the marks go back after their letter.
    marks = [unicodedata.category(char) in ("Mn", "Me") for char in text]
    position = 0
    while position < len(order):
        if marks[order[position]] and levels[order[position]] % 2:
            end = position
            while end + 1 < len(order) and marks[order[end + 1]]:
                end += 1
            if end + 1 < len(order) and levels[order[end + 1]] % 2:
                order[position : end + 2] = [order[end + 1], *reversed(order[position : end + 1])]
                position = end + 2
                continue
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


# Lam (initial, medial form) followed by an alef (final form), shaped without ligatures, and the
# ligature that joins them (isolated after an initial lam, final after a medial one).
_LAM_ALEF = {
    (lam, alef): ligature
    for alef, (isolated, final) in {
        "\ufe82": ("\ufef5", "\ufef6"),  # alef with madda above
        "\ufe84": ("\ufef7", "\ufef8"),  # alef with hamza above
        "\ufe88": ("\ufef9", "\ufefa"),  # alef with hamza below
        "\ufe8e": ("\ufefb", "\ufefc"),  # alef
    }.items()
    for lam, ligature in (("\ufedf", isolated), ("\ufee0", final))
}


def _lam_alef(shaped: str, styles: list) -> tuple[str, list]:
    """`shaped` (without ligatures) with each lam-alef pair of ONE style joined into its
    ligature, as a reader expects; a pair split by a style change keeps its two letters."""
    chars: list[str] = []
    kept: list = []
    index = 0
    while index < len(shaped):
        pair = shaped[index : index + 2]
        ligature = _LAM_ALEF.get((pair[0], pair[1:])) if len(pair) == 2 else None
        if ligature is not None and styles[index] == styles[index + 1]:
            chars.append(ligature)
            kept.append(styles[index])
            index += 2
            continue
        chars.append(shaped[index])
        kept.append(styles[index])
        index += 1
    return "".join(chars), kept


def _shaped_chars(segments: tuple[Segment, ...]) -> tuple[str, list]:
    """The line's text shaped as one piece (a style change inside a word, such as the
    palette's match highlight or a cursor, must not break the joining), and the style of each
    shaped character. Ligatures (lam-alef) join two letters of one style only: a line with
    several styles is shaped without them when they would take a letter from its style."""
    plain = "".join(segment.text for segment in segments)
    styles: list = []
    for segment in segments:
        styles.extend([segment.style] * len(segment.text))
    if len(set(styles)) <= 1:
        return shape(plain), [styles[0] if styles else None]
    shaped = shape(plain)
    if len(shaped) != len(plain):
        shaped, styles = _lam_alef(_reshaper(False).reshape(plain), styles)
    if len(shaped) != len(styles):  # cannot happen; never lose a style
        shaped = "".join(shape(segment.text) for segment in segments)
        styles = []
        for segment in segments:
            styles.extend([segment.style] * len(shape(segment.text)))
    return shaped, styles


@lru_cache(maxsize=8192)
def visual_segments(
    segments: tuple[Segment, ...], base: str | None = None, keep_padding: bool = True
) -> tuple[Segment, ...]:
    """One rendered line (styled segments) in display order, as wide as it was.

    The line is shaped as a whole and reordered with paragraph direction `base` ("L", "R";
    None: from its first strong character); every character keeps its style. The blank
    padding on either side stays where the layout put it (alignment is the stylesheet's
    choice), only the text between is reordered. Shaping can only make a line narrower (a
    ligature joins two letters into one cell); the difference is made up with spaces on the
    side the padding is on. With `keep_padding=False` the whole line is one paragraph
    (a field being typed in: its trailing space goes to the paragraph's end, rule L1).
    """
    if any(segment.control for segment in segments):
        return segments
    plain = "".join(segment.text for segment in segments)
    if not needs_reorder(plain, base):
        return segments
    width = cell_len(plain)
    chars, styles = _shaped_chars(segments)
    uniform = len(styles) == 1
    style_at = (lambda index: styles[0]) if uniform else styles.__getitem__
    lead = len(chars) - len(chars.lstrip(" ")) if keep_padding else 0
    trail = len(chars) - len(chars.rstrip(" ")) if keep_padding else 0
    middle = chars[lead : len(chars) - trail]
    order = [(lead + index, char) for index, char in _reorder(middle, base)]
    shown = [(index, chars[index]) for index in range(lead)]
    shown += order
    shown += [(index, chars[index]) for index in range(len(chars) - trail, len(chars))]
    result: list[Segment] = []
    run: list[str] = []
    run_style = None
    for index, char in shown:
        style = style_at(index)
        if run and style != run_style:
            result.append(Segment("".join(run), run_style))
            run = []
        run_style = style
        run.append(char)
    if run:
        result.append(Segment("".join(run), run_style))
    text = "".join(segment.text for segment in result)
    missing = width - cell_len(text)
    if missing > 0:
        left = lead > trail
        fill = Segment(" " * missing, style_at(0 if left else len(chars) - 1) if chars else None)
        result = [fill, *result] if left else [*result, fill]
    elif missing < 0:
        result = list(Segment.adjust_line_length(result, width))
    return tuple(result)


def visual_lines(lines: Iterable[Sequence[Segment]], base: str | None = None) -> list[list[Segment]]:
    """Each line of segments in display order."""
    return [list(visual_segments(tuple(line), base)) for line in lines]
