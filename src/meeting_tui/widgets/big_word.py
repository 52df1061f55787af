"""A word in very large letters (a vote's outcome on the wall: ADOPTED, REJECTED...).

Each letter is a 5x5 grid of pixels. The largest size that fits the widget's width is used:
pixels of 4x2 or 2x1 cells in full blocks, or, when space is short, half blocks (one cell is
two pixels stacked). A word with a character the font does not have (a translation in another
script) is shown as plain text instead, so every language reads correctly.
"""

from __future__ import annotations

from textual.widget import Widget

FONT = {
    "A": (".###.", "#...#", "#####", "#...#", "#...#"),
    "B": ("####.", "#...#", "####.", "#...#", "####."),
    "C": (".####", "#....", "#....", "#....", ".####"),
    "D": ("####.", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "####.", "#....", "#####"),
    "F": ("#####", "#....", "####.", "#....", "#...."),
    "G": (".####", "#....", "#..##", "#...#", ".###."),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "I": ("#####", "..#..", "..#..", "..#..", "#####"),
    "J": ("..###", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "###..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "####.", "#....", "#...."),
    "Q": (".###.", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "####.", "#..#.", "#...#"),
    "S": (".####", "#....", ".###.", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("#####", "...#.", "..#..", ".#...", "#####"),
    "0": (".###.", "#..##", "#.#.#", "##..#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", ".###."),
    "2": ("####.", "....#", ".###.", "#....", "#####"),
    "3": ("####.", "....#", ".###.", "....#", "####."),
    "4": ("#...#", "#...#", "#####", "....#", "....#"),
    "5": ("#####", "#....", "####.", "....#", "####."),
    "6": (".###.", "#....", "####.", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", "..#.."),
    "8": (".###.", "#...#", ".###.", "#...#", ".###."),
    "9": (".###.", "#...#", ".####", "....#", ".###."),
    "-": (".....", ".....", "#####", ".....", "....."),
    "—": (".....", ".....", "#####", ".....", "....."),
    " ": (".....", ".....", ".....", ".....", "....."),
}
ROWS = 5
COLUMNS = 5
# (columns per pixel, lines per pixel); 0 lines means half blocks: two pixels per line.
SIZES = ((4, 2), (2, 1), (1, 0))


def drawable(word: str) -> bool:
    """Whether the font has every character of `word` (case-insensitive)."""
    return bool(word) and all(char in FONT for char in word.upper())


def width_of(word: str, size: tuple[int, int]) -> int:
    columns = size[0]
    gap = max(1, columns)
    return len(word) * COLUMNS * columns + max(0, len(word) - 1) * gap


def height_of(size: tuple[int, int]) -> int:
    columns, lines = size
    return (ROWS + 1) // 2 if lines == 0 else ROWS * lines


def render_word(word: str, size: tuple[int, int]) -> str:
    """`word` in block letters at `size` (see SIZES); characters outside the font are blank."""
    columns, lines = size
    gap = " " * max(1, columns)
    glyphs = [FONT.get(char, FONT[" "]) for char in word.upper()]
    if lines == 0:
        out = []
        for top in range(0, ROWS, 2):
            cells = []
            for glyph in glyphs:
                upper = glyph[top]
                lower = glyph[top + 1] if top + 1 < ROWS else "." * COLUMNS
                cells.append("".join(_half(a == "#", b == "#") for a, b in zip(upper, lower)))
            out.append(gap.join(cells))
        return "\n".join(out)
    out = []
    for row in range(ROWS):
        line = gap.join("".join(("█" if px == "#" else " ") * columns for px in glyph[row]) for glyph in glyphs)
        out.extend([line] * lines)
    return "\n".join(out)


def _half(top: bool, bottom: bool) -> str:
    if top and bottom:
        return "█"
    if top:
        return "▀"
    if bottom:
        return "▄"
    return " "


def wrap(word: str, size: tuple[int, int], width: int) -> list[str] | None:
    """`word`'s words on as few lines as fit `width` at `size`; None if one word is too wide."""
    lines: list[str] = []
    current = ""
    for part in word.split():
        candidate = f"{current} {part}" if current else part
        if width_of(candidate, size) <= width:
            current = candidate
        elif width_of(part, size) <= width:
            lines.append(current)
            current = part
        else:
            return None
    if current:
        lines.append(current)
    return [line for line in lines if line]


def layout(word: str, width: int, max_height: int) -> tuple[tuple[int, int], list[str]] | None:
    """The largest size (and its lines) whose drawing fits `width` x `max_height`, or None."""
    if not drawable(word):
        return None
    for size in SIZES:
        lines = wrap(word, size, width)
        if lines and len(lines) * height_of(size) + len(lines) - 1 <= max_height:
            return size, lines
    return None


class BigWord(Widget):
    """A short word or two (or a number) as large as the widget's width allows, on more than
    one line if that lets it be larger; plain text when the font cannot draw it (the class
    `-plain` is set then, for the stylesheet)."""

    DEFAULT_CSS = """
    BigWord { height: auto; width: 100%; text-align: center; }
    """

    def __init__(self, word: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._word = word

    @property
    def word(self) -> str:
        return self._word

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self._mark_plain()
            self.refresh(layout=True)

    def on_mount(self) -> None:
        self._mark_plain()

    def on_resize(self) -> None:
        self._mark_plain()

    def _mark_plain(self) -> None:
        self.set_class(bool(self._word) and self._layout() is None, "-plain")

    def layout_for(self, width: int) -> tuple[tuple[int, int], list[str]] | None:
        return layout(self._word, width, max(3, self.app.size.height // 4))

    def _layout(self) -> tuple[tuple[int, int], list[str]] | None:
        return self.layout_for(self.size.width or self.app.size.width)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self._word:
            return 0
        found = self.layout_for(width)
        if found is None:
            return 1
        size, lines = found
        return len(lines) * height_of(size) + len(lines) - 1

    def render(self) -> str:
        found = self._layout()
        if found is None:
            return self._word
        size, lines = found
        return "\n\n".join(render_word(line, size) for line in lines)
