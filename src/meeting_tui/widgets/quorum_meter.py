"""The quorum meter: always visible, red and loud when quorum is lost."""

from __future__ import annotations

from textual.widgets import Static

from meeting_tui.domain.rules import QuorumStatus
from meeting_tui.widgets.text_update import set_text


class QuorumMeter(Static):
    """Present against required (people or organisations), and the community minimum."""

    def show(self, status: QuorumStatus) -> None:
        self.set_class(status.met, "-met")
        self.set_class(not status.met, "-lost")
        text = status.summary()
        if not status.met:
            shortfall = status.shortfall()
            if shortfall:
                text += f" — {shortfall}"
        set_text(self, text)
