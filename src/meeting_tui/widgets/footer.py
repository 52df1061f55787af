"""The footer of the keys, rebuilt only when what it shows changes.

Textual's Footer recomposes (a new FooterKey per shown binding, each styled two or three
times) whenever the screen publishes `bindings_updated`: on mount, on every focus change, on
app focus. On a screen with a dozen shown keys that was most of the start-up time and a large
part of a key press. This footer compares what it would show with what it shows, and keeps its
keys when nothing changed.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    """A Footer that skips recomposing when its keys, labels and states are unchanged."""

    _shown: tuple | None = None

    def _signature(self) -> tuple:
        if not self._bindings_ready or not self.is_attached:
            return (False,)
        active = self.screen.active_bindings
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.tooltip, enabled, tooltip, binding.group)
            for (_node, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.show_command_palette else None
        palette_sig = (palette[2], palette[1].key) if palette is not None and self.app.ENABLE_COMMAND_PALETTE else None
        return (True, shown, palette_sig, self.app._keymap and tuple(sorted(self.app._keymap.items())))

    def compose(self):
        # The screen's keys are known when the footer is composed: show them in the first frame
        # instead of composing an empty footer and recomposing it (and the screen's layout)
        # right after.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._signature()
        yield from super().compose()

    async def recompose(self) -> None:
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await super().recompose()
