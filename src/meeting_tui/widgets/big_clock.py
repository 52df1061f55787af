"""Very large digits for the projector, drawn with full blocks so they scale cleanly.

Textual's `Digits` are always three lines tall; from the back of a room a wall at 160x45
needs more. Each glyph is a 3x5 grid of pixels; a pixel is drawn as `2*scale` columns by
`scale` lines of "█", and the scale grows with the space the widget is given.
"""

from __future__ import annotations

from textual.widget import Widget

GLYPHS = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": ("...", ".#.", "...", ".#.", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
}
ROWS = 5


def render_big(text: str, scale: int) -> str:
    """`text` (digits, ':', '+', '-') as lines of blocks; unknown characters are blank."""
    lines = []
    for row in range(ROWS):
        cells = []
        for char in text:
            glyph = GLYPHS.get(char, GLYPHS[" "])
            cells.append("".join(("█" if px == "#" else " ") * 2 * scale for px in glyph[row]))
        line = (" " * scale).join(cells)
        lines.extend([line] * scale)
    return "\n".join(lines)


def width_of(text: str, scale: int) -> int:
    return len(text) * 6 * scale + max(0, len(text) - 1) * scale


class BigClock(Widget):
    """A time like `12:34` or `+01:05`, as large as the space allows (at least 5 lines)."""

    DEFAULT_CSS = """
    BigClock { height: auto; width: 100%; content-align: center middle; text-align: center; }
    """

    def __init__(self, text: str = "", *, max_scale: int = 3, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self.max_scale = max_scale

    @property
    def value(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh(layout=True)

    def scale(self) -> int:
        """The largest scale whose drawing fits the widget's width and a third of the screen."""
        width = self.size.width or self.app.size.width
        height_budget = max(ROWS, self.app.size.height // 3)
        scale = 1
        for candidate in range(self.max_scale, 0, -1):
            if width_of(self._text, candidate) <= width and candidate * ROWS <= height_budget:
                scale = candidate
                break
        return scale

    def get_content_height(self, container, viewport, width: int) -> int:
        return 0 if not self._text else self.scale() * ROWS

    def render(self) -> str:
        return render_big(self._text, self.scale()) if self._text else ""
