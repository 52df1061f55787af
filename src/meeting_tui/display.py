"""Putting the right-to-left display mode (see `meeting_tui.rtl`) into Textual's rendering.

In `reorder` mode every line Textual renders from a widget's content goes through
`rtl.visual_segments` before it reaches the terminal: `Visual.to_strips` (Static, Label,
Button, Markdown, the footer, notifications, option lists: everything that renders content)
and DataTable cells, each on its own so columns stay put, Input fields that are not being
typed in, and read-only TextAreas. Text being typed (the focused Input, an editable TextArea)
stays in logical order, under its cursor; widgets/typing_preview.py shows the line being typed
in display order under the field. A widget with `BIDI_LOGICAL = True`
is never reordered (the settings screen's samples show both modes side by side).

Textual has no public hook for this, so these class attributes are wrapped once (a class
whose module is not imported yet, when it is imported: DataTable and TextArea serve only
screens opened later) and restored when the mode goes back to `terminal`. The live screen's
roster and agenda (widgets/row_table.py) and the footer put their cells in display order
themselves and need no hook; tests/ui/test_rtl_display.py renders real
widgets so a Textual upgrade that moves these entry points fails loudly.
"""

from __future__ import annotations

import importlib.abc
import sys
from typing import Any

from meeting_tui import rtl

_saved: dict[tuple[type, str], Any] = {}  # (class, attribute) -> Textual's own, while wrapped
_mode = "terminal"


def display_mode() -> str:
    return _mode


def _strip_in_display_order(strip):
    from textual.strip import Strip

    text = strip.text
    if not rtl.has_rtl(text):
        return strip
    # The blanks that align the line (text-align) stay on their side: reordered with the
    # text, a right-to-left line's padding would change sides and flip its alignment.
    width = strip.cell_length
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    if lead or trail:
        middle = strip.crop(lead, width - trail)
        shown = Strip(rtl.visual_segments(tuple(middle)), middle.cell_length)
        return Strip([*strip.crop(0, lead), *shown, *strip.crop(width - trail, width)], width)
    return Strip(rtl.visual_segments(tuple(strip)), width)


def _to_strips(original):
    render = original.__func__

    def to_strips_in_display_order(cls, widget, visual, width, height, style, **options):
        from textual.screen import Screen

        strips = render(cls, widget, visual, width, height, style, **options)
        if getattr(widget, "BIDI_LOGICAL", False) or isinstance(widget, Screen):
            # A screen's own lines are whole rows of other widgets (a modal's background is
            # the screen beneath, already in display order): never reorder those.
            return strips
        return [_strip_in_display_order(strip) for strip in strips]

    return classmethod(to_strips_in_display_order)


def _render_cell(original):
    def render_cell_in_display_order(self, *args, **kwargs):
        lines = original(self, *args, **kwargs)
        if not any(rtl.has_rtl(segment.text) for line in lines for segment in line):
            return lines  # the common case, checked before anything is hashed or copied
        return [list(rtl.visual_segments(tuple(line))) for line in lines]

    return render_cell_in_display_order


def _input_line(original):
    def input_line_in_display_order(self, y):
        strip = original(self, y)
        # Text being typed stays as typed, under its cursor; a placeholder, or a value once
        # the field has lost focus, is shown in display order. Input draws one cell more than
        # it shows (room for the cursor): reorder what shows.
        if self.value and self.has_focus:
            return strip
        return _strip_in_display_order(strip.crop(0, self.size.width))

    return input_line_in_display_order


def _text_area_line(original):
    def text_area_line_in_display_order(self, y):
        strip = original(self, y)
        # A read-only area (the minutes as text) is display text; an editable one is not.
        return _strip_in_display_order(strip) if self.read_only else strip

    return text_area_line_in_display_order


# What is wrapped: (module, class, attribute, wrapper). A class whose module is not imported
# yet (DataTable and TextArea serve only screens opened later) is wrapped when its module is
# imported, so the first frame does not wait for importing them.
_HOOKS = [
    ("textual.visual", "Visual", "to_strips", _to_strips),
    ("textual.widgets._data_table", "DataTable", "_render_cell", _render_cell),
    ("textual.widgets._input", "Input", "render_line", _input_line),
    ("textual.widgets._text_area", "TextArea", "render_line", _text_area_line),
]


def _install(module_name: str) -> None:
    """Wrap the hooked classes of one (imported) module, in `reorder` mode."""
    module = sys.modules.get(module_name)
    if module is None or _mode != "reorder":
        return
    for where, class_name, name, wrap in _HOOKS:
        cls = getattr(module, class_name, None) if where == module_name else None
        if cls is not None and (cls, name) not in _saved:
            _saved[cls, name] = cls.__dict__[name]
            setattr(cls, name, wrap(_saved[cls, name]))


class _WrapOnImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself: lets the other finders find a hooked module, then wraps its
    classes right after the module has run."""

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
    """Install (`reorder`) or remove (`terminal`) the reordering of rendered lines."""
    global _mode
    mode = mode if mode in rtl.MODES else rtl.DEFAULT_MODE
    _mode = mode
    if mode == "reorder":
        for where in dict.fromkeys(where for where, *_rest in _HOOKS):
            _install(where)
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)
    elif _saved:
        for (cls, name), original in _saved.items():
            setattr(cls, name, original)
        _saved.clear()


def refresh_everything(app) -> None:
    """Render every widget of every screen again (after the mode changed)."""
    tables = sys.modules.get("textual.widgets._data_table")
    DataTable = getattr(tables, "DataTable", ())  # none shown if its module was never imported
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            if DataTable and isinstance(widget, DataTable):
                widget._clear_caches()
            widget.refresh()
