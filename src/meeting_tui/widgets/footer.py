"""The footer of the keys: one line drawn from the screen's bindings (Textual's public API).

Textual's Footer is a container of one widget per key, recomposed whenever the screen
publishes `bindings_updated` (on mount, on every focus change, on app focus): on a screen with
a dozen keys that was most of the start-up time and a large part of a key press, and keeping
it from recomposing took Textual's private attributes. This footer is one widget that draws
one line (`render_line`) from `screen.active_bindings`, and repaints it only when the keys it
shows changed. A click on a key presses it (as Textual's footer does); the key under the
pointer shows its tooltip. In `reorder` mode each description is put in display order on its
own, so the keys stay in their places.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from meeting_tui import rtl
from meeting_tui.display import display_mode
from meeting_tui.mirror import is_mirrored


class KeysFooter(Widget, can_focus=False):
    """The keys of the current screen (those bound with `show=True`) and the palette key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description", "keys-footer--separator"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._drawn: tuple = ()  # what the cached line was drawn from
        self._line: Strip | None = None
        self._spans: list[tuple[int, int, str, bool, str]] = []  # x from, x to, key, enabled, tooltip

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        """Repaint if the keys to show changed (a screen whose keys follow its state calls this
        after a change): an unchanged footer is not drawn again."""
        if not self._drawn or self._keys() != self._drawn[1]:
            self.refresh()

    def _keys(self) -> tuple:
        """What this footer shows: (key, key as shown, description, enabled, tooltip) per
        action (the first key bound to it), and the command palette's key."""
        if not self.is_attached:
            return ((), None)
        active = self.screen.active_bindings
        app = self.app
        # A screen may say which of its keys matter at this moment (`footer_actions`, in order);
        # otherwise the keys bound with show=True.
        chosen = getattr(self.screen, "footer_actions", None)
        order = list(chosen()) if chosen is not None else None
        shown: dict[str, tuple] = {}
        for _node, binding, enabled, tooltip in active.values():
            wanted = binding.action in order if order is not None else binding.show
            if wanted and binding.action not in shown:
                shown[binding.action] = (binding.key, app.get_key_display(binding), binding.description, enabled, tooltip or binding.tooltip)
        keys = [shown[action] for action in order if action in shown] if order is not None else list(shown.values())
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled, binding.tooltip or binding.description)
        return (tuple(keys), palette)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        keys = self._keys()
        drawn = (width, keys, base, display_mode(), is_mirrored())
        if drawn != self._drawn or self._line is None:
            self._line = self._draw(width, keys, base)
            self._drawn = drawn
        return self._line

    def _draw(self, width: int, keys: tuple, base: Style) -> Strip:
        key_style = base + self.get_component_styles("keys-footer--key").rich_style
        text_style = base + self.get_component_styles("keys-footer--description").rich_style
        dim = Style(dim=True)
        reorder = display_mode() == "reorder"
        mirrored = is_mirrored()
        spans: list[tuple[int, int, str, bool, str]] = []

        def one(key: tuple, x: int) -> list[Segment]:
            name, shown, description, enabled, tooltip = key
            parts = [Segment(" " + shown + " ", key_style + (Style() if enabled else dim))]
            if description:
                style = text_style + (Style() if enabled else dim)
                if reorder and rtl.has_rtl(description):
                    parts.extend(rtl.visual_segments((Segment(description, style),)))
                else:
                    parts.append(Segment(description, style))
                parts.append(Segment(" ", style))
                if mirrored:  # the key on the right of its description
                    parts = [parts[-1], *parts[1:-1], parts[0]]
            length = sum(cell_len(s.text) for s in parts)
            spans.append((x, x + length, name, enabled, tooltip))
            return parts

        shown, palette = keys
        right: list[Segment] = []
        right_width = 0
        if palette is not None:
            separator = Segment("▏", base + self.get_component_styles("keys-footer--separator").rich_style)
            right_width = 1 + cell_len(" " + palette[1] + " ") + (cell_len(palette[2]) + 1 if palette[2] else 0)
            right = [separator, *one(palette, width - right_width + 1)]
        left: list[Segment] = []
        x = 0
        room = width - right_width
        for key in shown:
            parts = one(key, x)
            length = sum(cell_len(s.text) for s in parts)
            if x + length > room:
                spans.pop()
                break
            left += parts
            x += length
        self._spans = spans
        if mirrored:  # read from the right: the first key on the right, the palette on the left
            return self._mirror(left, right, width, base)
        line = Strip(left).extend_cell_length(max(0, room), base)
        return Strip([*line, *right]).crop_extend(0, width, base)

    def _mirror(self, left: list[Segment], right: list[Segment], width: int, base: Style) -> Strip:
        """The line drawn left to right, its keys in the opposite order (spans follow)."""
        palette_span = self._spans[0] if right else None  # the palette's span comes first
        items = self._spans[1:] if right else self._spans
        keys: list[list[Segment]] = []
        segments = iter(left)
        for start, end, *_rest in items:
            part: list[Segment] = []
            while sum(cell_len(s.text) for s in part) < end - start:
                part.append(next(segments))
            keys.append(part)
        line: list[Segment] = []
        new_spans = []
        x = 0
        if right:
            separator, *palette = right
            length = palette_span[1] - palette_span[0]
            new_spans.append((0, length, *palette_span[2:]))
            line += [*palette, separator]
            x = length + 1
        used = sum(end - start for start, end, *_rest in items)
        line.append(Segment(" " * max(0, width - x - used), base))
        x = max(x, width - used)
        for part, span in zip(reversed(keys), reversed(items)):
            length = span[1] - span[0]
            new_spans.append((x, x + length, *span[2:]))
            line += part
            x += length
        self._spans = new_spans
        return Strip(line).crop_extend(0, width, base)

    def _span_at(self, event: events.MouseEvent):
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return next((span for span in self._spans if span[0] <= offset.x < span[1]), None)

    def on_click(self, event: events.Click) -> None:
        span = self._span_at(event)
        if span is None:
            return
        event.stop()
        if span[3]:
            self.app.simulate_key(span[2])
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        span = self._span_at(event)
        self.tooltip = span[4] if span else None
