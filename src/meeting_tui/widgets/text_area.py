"""The app's TextArea: Textual's, with its editing keys applied in the order typed (see
widgets/fields.py). A module of its own so the first frame does not wait for importing it."""

from __future__ import annotations

from textual.widgets import TextArea as _TextArea

from meeting_tui.widgets.fields import InOrder


class TextArea(InOrder, _TextArea):
    """A text area whose editing keys apply in the order typed (a secretary's notes)."""
