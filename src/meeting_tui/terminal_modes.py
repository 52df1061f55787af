"""Telling the terminal who lays out right-to-left text, and guessing which terminal it is.

The Terminal-wg BiDi recommendation (terminal-wg.pages.freedesktop.org/bidi, implemented by
GNOME's VTE) gives a terminal two modes (ECMA-48's BDSM, mode 8):

- implicit (`CSI 8 h`, the default): the terminal runs the bidi algorithm on each line itself;
- explicit (`CSI 8 l`): each character is shown in the cell it is written to.

In `reorder` mode the app lays every line out itself (rtl.py), so it switches the terminal to
explicit mode with a left-to-right character path (`CSI 1 SP k`) when it starts: a VTE terminal
(GNOME Terminal, Tilix, Terminator…) then stops reordering the lines a second time. In
`terminal` mode it asks for implicit mode, in case an earlier program left explicit mode on.
Whatever happens, the terminal is put back to the recommendation's defaults (`CSI 0 SP k`,
`CSI 8 h`) on the way out: the driver class below does it inside Textual's own start and stop
of application mode, which run on a normal exit, ctrl+q, an uncaught error (the crash guard)
and around a suspension (ctrl+z). Terminals that do not know these sequences ignore them.
Inside tmux the sequences are also sent through tmux's passthrough, which reaches the outer
terminal when tmux allows it (`set -g allow-passthrough on`).

With no mode chosen yet, the environment names the terminal (`suggested_mode`): Konsole,
mlterm and macOS Terminal shape and order Arabic themselves and cannot be told not to, so
they get `terminal`; everything else, VTE included now that it is told, gets `reorder`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

EXPLICIT = "\x1b[8l"  # BDSM reset: explicit mode, the app has laid the line out
IMPLICIT = "\x1b[8h"  # BDSM set: implicit mode, the terminal runs the bidi algorithm
LEFT_TO_RIGHT = "\x1b[1 k"  # SCP 1: character path left to right
DEFAULT_DIRECTION = "\x1b[0 k"  # SCP 0: the terminal's default character path
RESTORE = DEFAULT_DIRECTION + IMPLICIT

_driver = None  # the running app's driver, while it is in application mode


def start_sequence(mode: str) -> str:
    """What the terminal is sent when the app starts (or switches) to display `mode`."""
    return EXPLICIT + LEFT_TO_RIGHT if mode == "reorder" else DEFAULT_DIRECTION + IMPLICIT


def for_terminal(sequence: str, environ: Mapping[str, str]) -> str:
    """`sequence`, and inside tmux the same wrapped for tmux's passthrough to the outer terminal."""
    if environ.get("TMUX"):
        return sequence + "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def suggested_mode(environ: Mapping[str, str]) -> tuple[str, str]:
    """The display mode for the terminal the environment names, and that terminal's name
    ("" when nothing names it: then `reorder`, right for most terminals)."""
    program = environ.get("TERM_PROGRAM", "")
    if environ.get("KONSOLE_VERSION") or environ.get("KONSOLE_DBUS_SESSION"):
        return "terminal", "Konsole"
    if environ.get("MLTERM"):
        return "terminal", "mlterm"
    if program == "Apple_Terminal":
        return "terminal", "Terminal (macOS)"
    if environ.get("VTE_VERSION"):
        return "reorder", "VTE (GNOME Terminal)"
    if environ.get("WT_SESSION"):
        return "reorder", "Windows Terminal"
    if program:
        return "reorder", program
    return "reorder", ""


def switch_to(mode: str) -> None:
    """Tell the terminal of the running app that the display mode is now `mode`."""
    import os

    if _driver is not None:
        _driver.write(for_terminal(start_sequence(mode), os.environ))
        _driver.flush()


@lru_cache(maxsize=None)
def bidi_driver(base: type) -> type:
    """Textual's driver class `base`, sending the display mode's sequence when application
    mode starts and the defaults back when it stops (on every way out)."""

    class BidiModeDriver(base):  # type: ignore[misc, valid-type]
        def start_application_mode(self) -> None:
            import os

            from meeting_tui.display import display_mode

            global _driver
            super().start_application_mode()
            _driver = self
            self.write(for_terminal(start_sequence(display_mode()), os.environ))
            self.flush()

        def stop_application_mode(self) -> None:
            import os

            global _driver
            _driver = None
            self.write(for_terminal(RESTORE, os.environ))
            super().stop_application_mode()

    BidiModeDriver.__name__ = BidiModeDriver.__qualname__ = f"BidiMode{base.__name__}"
    return BidiModeDriver
