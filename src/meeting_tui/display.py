"""The display boundary: every piece of text on its way to the terminal passes here.

The API, for screens, widgets and the CLI:

- `clean(text)`: user text (names, titles, reasons, paths) with control characters, escape
  sequences, NUL and bidi embeddings, overrides and isolates replaced by visible placeholders
  (`␛`, `␀`, `�`...): they are shown, never sent.
- `isolate(text)`: cleaned user text for the inside of a sentence, between FSI and PDI, so a
  name or path keeps its own direction ("--data-dir" stays whole in an Arabic sentence).
- `fit(text, width)`: at most `width` cells, cut at the logical end with an ellipsis (an
  Arabic title loses its end, never its beginning), before any reordering.
- `direction()`: the paragraph direction of the interface language ("R" for Arabic);
  `text_direction(text)`: that of user text (its first strong character).
- `line(text, base)`: one line as the terminal must receive it in the current display mode.
- `for_terminal(text)`: CLI output (cleaned, each line in display order in `reorder` mode).

Widgets need not call these for layout: the hooks below apply them to what Textual renders.
Every line a widget renders from its content goes through `rtl.visual_segments` in `reorder`
mode, with the paragraph direction of the interface language decided for the whole content
before wrapping (a toast or help line starting with a Latin word reads right to left in
Arabic); a widget with `BIDI_DIRECTION = "auto"` (the typing preview) takes that of its own
text, as table cells and fields do. Blank padding stays where the stylesheet put it
(alignment is the layout's choice). A widget with `BIDI_LOGICAL = True` is never reordered
(the settings screen's samples show both modes side by side).

Entry points wrapped: `Visual.to_strips` (Static, Label, Button, Markdown, the footer,
notifications, option lists: everything that renders content; control characters in it shown
as placeholders), `Content.from_markup` (a string that is not valid markup, such as user
text with "[/b]", is shown as written instead of stopping the app), DataTable cells (cleaned
and reordered each on its own, so columns stay put), `Input.render_line` (also while typed:
the text in display order, the cursor on the letter it is at), read-only TextAreas, and
`Strip.render` (the last guard, in both modes: control and override characters dropped from
text, never from Textual's own control segments; in `reorder` mode the isolates too). An editable TextArea stays in logical order
under its cursor; widgets/typing_preview.py shows its line in display order under it. The
live screen's roster and agenda (widgets/row_table.py) clean, cut and reorder their cells
themselves.

Textual has no public hook for this, so these class attributes are wrapped once (a class
whose module is not imported yet, when it is imported: DataTable and TextArea serve only
screens opened later), in both modes; each wrapper does what the current mode asks.
tests/ui/test_rtl_display.py and tests/ui/test_hostile_text.py render real widgets so a
Textual upgrade that moves these entry points fails loudly.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from rich.cells import cell_len

from meeting_tui import rtl
from meeting_tui.rtl import FSI, PDI, _placeholder, clean, inline, isolate  # noqa: F401 - the API
from meeting_tui.rtl import interface_direction as direction

_saved: dict[tuple[type, str], Any] = {}  # (class, attribute) -> Textual's own, while wrapped
_mode = "terminal"

# What the last guard drops from rendered text: controls and embeddings/overrides, but not the
# isolates, which `isolate` puts around user text itself (user text has had its own replaced
# by `clean` before).
_UNSAFE_RENDERED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e]")
# In `reorder` mode the text is already in display order and the terminal does no bidi: the
# isolates have done their work (a line with right-to-left text loses them when reordered; a
# wrapped line of Latin text, a file name on its own, would still carry them), so they go too.
_UNSAFE_REORDERED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In a widget's content, newline and tab are layout (the lines of a label), not text.
_UNSAFE_IN_CONTENT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
ELLIPSIS = "…"

def inline_name(text: str) -> str:
    """User text (a name) inside a sentence of the interface: `inline`, and isolated in a
    left-to-right interface too when it has right-to-left letters (a number after an Arabic
    name otherwise joins the name's run: "1. 2  <name>. Khaled", "Floor: 03:00 — <name> left").
    A Latin name in an English line stays as it is: no isolate characters reach the terminal."""
    return isolate(text) if rtl.has_rtl(text) else inline(text)


def fit(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut at its logical end with an ellipsis (before it is
    reordered: a right-to-left title keeps its beginning)."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    cut = text
    while cut and cell_len(cut) + 1 > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS




def text_direction(text: str) -> str:
    """The paragraph direction of user text: that of its first strong character, else the
    interface's."""
    return rtl.first_strong(text) or direction()


def line(text: str, base: str | None = None) -> str:
    """One line of text (already cleaned) as the terminal must receive it: in display order
    in `reorder` mode (paragraph direction `base`, default the interface's), as is otherwise."""
    if _mode != "reorder" or not rtl.has_rtl(text):
        return text
    return rtl.visual(text, base or direction())


def for_terminal(text: str, mode: str | None = None, width: int | None = None) -> str:
    """CLI output (user text in it already cleaned or isolated): each line without control or
    override characters and, in `reorder` mode (`mode`, default the current one), in display
    order with the interface's paragraph direction. With `width` (the terminal's), a long
    line is wrapped first, then each piece reordered and, right to left, aligned right: the
    terminal's own wrapping of a reordered line would put its beginning on the last row."""
    import textwrap

    mode = mode or _mode
    base = direction()
    lines = []
    for part in text.split("\n"):
        part = _UNSAFE_RENDERED.sub(_placeholder, part.replace("\t", "    "))
        if mode != "reorder" or not rtl.has_rtl(part):
            lines.append(part if mode != "reorder" else _UNSAFE_REORDERED.sub("", part))
            continue
        pieces = textwrap.wrap(part, width, break_long_words=True, drop_whitespace=True) if width and cell_len(part) > width else [part]
        opened = ""  # isolates a piece left open (a name cut by the wrap): the next piece goes on with them
        for piece in pieces or [""]:
            shown = _UNSAFE_REORDERED.sub("", rtl.visual(opened + piece, base))  # a piece of Latin text keeps them
            opened = _still_open(opened, piece)
            if width and base == "R" and len(pieces) > 1:
                shown = " " * max(0, width - cell_len(shown)) + shown
            lines.append(shown)
    return "\n".join(lines)


class TerminalStream:
    """The CLI's stdout or stderr in a display mode: on a terminal in `reorder` mode each line
    is written in display order (`for_terminal`); a file or a pipe gets logical order (what a
    script or another program reads)."""

    def __init__(self, stream, mode: str | None) -> None:
        self._stream = stream
        self._mode = mode if mode in rtl.MODES else rtl.DEFAULT_MODE
        try:
            self._reorder = self._mode == "reorder" and stream.isatty()
        except (AttributeError, ValueError):
            self._reorder = False

    def write(self, text: str) -> int:
        if not (self._reorder and rtl.has_rtl(text)):
            return self._stream.write(text)
        import shutil

        width = shutil.get_terminal_size((0, 0)).columns or None
        return self._stream.write(for_terminal(text, "reorder", width))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def display_mode() -> str:
    return _mode


def _still_open(opened: str, text: str) -> str:
    """The isolate initiators open after a line: `opened` (open before it), plus those it
    opens, less those it closes."""
    if not rtl.ISOLATES.search(text):
        return opened
    stack = list(opened)
    for mark in rtl.ISOLATES.findall(text):
        if mark != PDI:
            stack.append(mark)
        elif stack:
            stack.pop()
    return "".join(stack)


def _strip_in_display_order(strip, base: str | None = None, keep_padding: bool = True, opened: str = ""):
    """One line in display order. `opened`: isolates an earlier line of the same text opened
    and did not close (a name wrapped onto this line): this line's part of it stays one run,
    as the whole text would have it, instead of mixing with the numbers and names after it."""
    from textual.strip import Strip

    text = strip.text
    if not rtl.needs_reorder(text, base) and not (opened and base == "R"):
        return strip
    segments = tuple(strip)
    if opened:
        segments = _marks_after_padding(segments, opened)
    return Strip(rtl.visual_segments(segments, base, keep_padding), strip.cell_length)


def _marks_after_padding(segments: tuple, marks: str) -> tuple:
    """`segments` with `marks` (zero-width) before their first character that is not the
    alignment's blank padding (which stays outside, where the layout put it)."""
    from rich.segment import Segment

    out = list(segments)
    for n, segment in enumerate(out):
        text = segment.text.lstrip(" ")
        if text and not segment.control:
            cut = len(segment.text) - len(text)
            out[n : n + 1] = [Segment(segment.text[:cut], segment.style), Segment(marks + text, segment.style)][0 if cut else 1 :]
            break
    return tuple(out)


def _shown(match: re.Match) -> str:
    return _placeholder(match)


def _clean_visual(visual):
    """A Content with its control and override characters made visible (one character for
    one, so its spans still fit); anything else as it is (the last guard drops those)."""
    from textual.content import Content

    if isinstance(visual, Content) and _UNSAFE_IN_CONTENT.search(visual.plain):
        return Content(_UNSAFE_IN_CONTENT.sub(_shown, visual.plain), list(visual.spans), strip_control_codes=False)
    return visual


def own_direction(widget) -> str | None:
    """`BIDI_DIRECTION` of the widget or of its nearest container that has one: a document in
    another language than the interface (the minutes preview of an English committee in an
    Arabic interface) sets it on its container, and every line inside reads in its direction."""
    node = widget
    while node is not None:
        wanted = getattr(node, "BIDI_DIRECTION", None)
        if wanted:
            return wanted
        node = getattr(node, "parent", None)
    return None


def _widget_direction(widget, visual) -> str:
    """The paragraph direction of a widget's content, decided for all of it before it is
    wrapped: its own text's for `BIDI_DIRECTION = "auto"`, else the interface language's."""
    wanted = own_direction(widget)
    if wanted in ("L", "R"):
        return wanted
    if wanted == "auto":
        plain = getattr(visual, "plain", None)
        if isinstance(plain, str):
            return text_direction(plain)
    return direction()


def _to_strips(original):
    render = original.__func__

    def to_strips_in_display_order(cls, widget, visual, width, height, style, **options):
        from textual.screen import Screen

        visual = _clean_visual(visual)
        strips = render(cls, widget, visual, width, height, style, **options)
        if _mode != "reorder" or getattr(widget, "BIDI_LOGICAL", False) or isinstance(widget, Screen):
            # A screen's own lines are whole rows of other widgets (a modal's background is
            # the screen beneath, already in display order): never reorder those.
            return strips
        if not any(rtl.has_rtl(strip.text) for strip in strips):
            return strips
        base = _widget_direction(widget, visual)
        shown, opened = [], ""
        for strip in strips:
            shown.append(_strip_in_display_order(strip, base, opened=opened))
            opened = _still_open(opened, strip.text)
        return shown

    return classmethod(to_strips_in_display_order)


def _clean_line(line, width: int):
    from rich.segment import Segment

    if not any(_UNSAFE_RENDERED.search(segment.text) for segment in line if not segment.control):
        return line
    shown = [
        segment if segment.control else Segment(_UNSAFE_RENDERED.sub(_shown, segment.text), segment.style)
        for segment in line
    ]
    return list(Segment.adjust_line_length(shown, width))


def _render_cell(original):
    def render_cell_in_display_order(self, *args, **kwargs):
        from rich.segment import Segment

        lines = original(self, *args, **kwargs)
        width = Segment.get_line_length(lines[0]) if lines else 0
        lines = [_clean_line(line, width) for line in lines]
        if _mode != "reorder" or not any(rtl.has_rtl(segment.text) for line in lines for segment in line):
            return lines  # the common case, checked before anything is hashed or copied
        # A cell is user text: the direction of its own text.
        return [list(rtl.visual_segments(tuple(line))) for line in lines]

    return render_cell_in_display_order


def _input_line(original):
    def input_line_in_display_order(self, y):
        strip = original(self, y)
        if _mode != "reorder":
            return strip
        # Input draws one cell more than it shows (room for the cursor): reorder what shows.
        # The field is laid out in the direction of its own text, like any paragraph: being
        # typed, the right-to-left text reads in order with the cursor on the character it is
        # at, and the free end of the field (where the next letter goes) on its left.
        strip = strip.crop(0, self.size.width)
        if self.value and self.has_focus:
            base = text_direction(self.value)
            return _strip_in_display_order(strip, base, keep_padding=base != "R")
        return _strip_in_display_order(strip, text_direction(self.value or self.placeholder))

    return input_line_in_display_order


def _text_area_line(original):
    def text_area_line_in_display_order(self, y):
        strip = original(self, y)
        # A read-only area (the minutes as text) is display text; an editable one is not.
        if _mode != "reorder" or not self.read_only:
            return strip
        return _strip_in_display_order(strip)

    return text_area_line_in_display_order


def _from_markup(original):
    parse = original.__func__

    def from_markup_or_plain(cls, markup, *args, **kwargs):
        # A string given where Content belongs may carry user text ("[/red]" in a proposal,
        # an ESC sequence's "[5m"): shown as it is written rather than stopping the app.
        from textual.markup import MarkupError

        try:
            return parse(cls, markup, *args, **kwargs)
        except MarkupError:
            return cls(str(markup))

    return classmethod(from_markup_or_plain)


def _strip_render(original):
    def render_without_controls(self, console):
        # The last guard, in both modes: a control or override character still in a text
        # segment (never Textual's own control segments) is dropped, so it is never sent.
        unsafe = _UNSAFE_REORDERED if _mode == "reorder" else _UNSAFE_RENDERED
        if self._render_cache is None and any(
            unsafe.search(text) for text, _style, control in self._segments if not control
        ):
            from rich.segment import Segment

            self._segments = [
                segment if segment.control else Segment(unsafe.sub("", segment.text), segment.style)
                for segment in self._segments
            ]
        return original(self, console)

    return render_without_controls


# What is wrapped: (module, class, attribute, wrapper). A class whose module is not imported
# yet (DataTable and TextArea serve only screens opened later) is wrapped when its module is
# imported, so the first frame does not wait for importing them.
_HOOKS = [
    ("textual.strip", "Strip", "render", _strip_render),
    ("textual.content", "Content", "from_markup", _from_markup),
    ("textual.visual", "Visual", "to_strips", _to_strips),
    ("textual.widgets._data_table", "DataTable", "_render_cell", _render_cell),
    ("textual.widgets._input", "Input", "render_line", _input_line),
    ("textual.widgets._text_area", "TextArea", "render_line", _text_area_line),
]


def _install(module_name: str) -> None:
    """Wrap the hooked classes of one (imported) module (in both modes: each wrapper does
    what the current mode asks)."""
    module = sys.modules.get(module_name)
    if module is None:
        return
    for where, class_name, name, wrap in _HOOKS:
        cls = getattr(module, class_name, None) if where == module_name else None
        if cls is not None and (cls, name) not in _saved:
            _saved[cls, name] = cls.__dict__[name]
            setattr(cls, name, wrap(_saved[cls, name]))


class _WrapOnImport:
    """Finds nothing itself: lets the other finders find a hooked module, then wraps its
    classes right after the module has run. A meta path finder is any object with `find_spec`
    (the protocol importlib.abc.MetaPathFinder describes); it does not subclass that ABC, whose
    import (importlib.resources, tempfile) would cost 3 ms of every start-up."""

    def find_spec(self, name, path, target=None):
        if name not in {where for where, *_rest in _HOOKS} or name in sys.modules:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            _install(name)

        loader.exec_module = exec_module
        return spec


_finder = _WrapOnImport()


def set_display_mode(mode: str) -> None:
    """Choose the display mode: `reorder` (lines in display order) or `terminal` (logical
    order). The hooks are installed once, in both modes: they clean user text in both."""
    global _mode
    mode = mode if mode in rtl.MODES else rtl.DEFAULT_MODE
    _mode = mode
    for where in dict.fromkeys(where for where, *_rest in _HOOKS):
        _install(where)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def refresh_everything(app) -> None:
    """Render every widget of every screen again (after the mode changed)."""
    tables = sys.modules.get("textual.widgets._data_table")
    DataTable = getattr(tables, "DataTable", ())  # none shown if its module was never imported
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            if DataTable and isinstance(widget, DataTable):
                widget._clear_caches()
            widget.refresh()
