"""The app's text fields: Textual's Input and TextArea, with every key applied in the order typed.

Textual inserts a typed character in the field's own key handler, but runs a bound key
(backspace, delete, the arrows, ctrl+w...) only once the key has bubbled up to the app, through
the message queue of every container on the way. When the app is busy (a dialog checks the
date as it is typed, a slow laptop beside a projector), a backspace can land after the
characters typed after it: "2000-01-01", sixteen backspaces and "2099-03-15" left "2099-03-"
in the next-meeting dialog, which then refused the wrong date (Textual issue 6605, fix
proposed in pull request 6631, not released). These fields run their own bindings in their
own key handler, in order with the characters. What runs is unchanged: a key reaches the
field only when no priority binding took it, and the focused field is the first place the
app looks for a (non-priority) binding anyway.

A paste is cleaned on its way in: a control, escape or bidi override character in pasted text
(a name copied from a web page with U+202E in it) becomes its visible placeholder in the field
(`rtl.clean`), so what the field shows is what is recorded; line breaks and tabs stay.
Textual already drops such a character when it is typed as a key.

Screens import `Input` from here and `TextArea` from widgets/text_area.py (kept apart: importing
TextArea costs the first frame time, and only screens opened later need it), never from
textual.widgets (a test checks).
"""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding, BindingsMap
from textual.widgets import Input as _Input

from meeting_tui import rtl


@cache
def _own_bindings(cls: type) -> dict[str, tuple[Binding, ...]]:
    """{key: the class's own non-priority bindings for it}, from the BINDINGS of its classes
    (a subclass's binding for a key comes first, as Textual's merge puts it)."""
    keys: dict[str, list[Binding]] = {}
    for klass in cls.__mro__:
        for key, bindings in BindingsMap(klass.__dict__.get("BINDINGS", ())).key_to_bindings.items():
            keys.setdefault(key, []).extend(b for b in bindings if not b.priority)
    return {key: tuple(bindings) for key, bindings in keys.items() if bindings}


class InOrder:
    """Runs the widget's own bindings for a key in its own key handler (before the widget
    class's handler, which then sees a key already done and types nothing)."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in _own_bindings(type(self)).get(event.key, ()):
            if await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()  # done here: it must not bubble to the app and run again
                return

    def _on_paste(self, event: events.Paste) -> None:
        event.text = pasted(event.text)  # the widget class's own handler then inserts it


def pasted(text: str) -> str:
    """Pasted text as a field takes it: line breaks (any convention) as "\n", tabs kept, every
    other control, escape or bidi embedding/override character as its visible placeholder."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("\t".join(rtl.clean(part) for part in line.split("\t")) for line in lines)


class Input(InOrder, _Input):
    """A one-line text field whose editing keys apply in the order typed."""
