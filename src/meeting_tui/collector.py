"""Python's cycle collector, paused where the app makes many objects none of which form cycles.

Two places, both measured (bench/RESULTS.md):

- **Start-up** (`pause_for_startup`, by `meeting-tui` before it imports Textual; `startup_done`,
  by the app after its first frame): importing Textual and building the first screen make about
  a million objects, and the collector walked them 170 times before the first frame (about
  50 ms of a 450 ms start). After the first frame what start-up built (modules, the screen, the
  session) is frozen (`gc.freeze`): it lives as long as the process, and later collections no
  longer walk it, so a full collection during a key press stays short. Garbage cycles made
  during start-up are frozen with it; the peak memory is the same (measured).
- **Reading a session** (`paused`, by the controller): a replay makes tens of thousands of
  short-lived objects, none in cycles; in a process with Textual's heap the collector's passes
  cost 10-20% of a resume and freed nothing.

Refcounting frees everything that is not in a cycle all along. The collector is one switch for
the whole process: each pause leaves it as it found it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_paused_for_startup = False


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (left off after it if it was off before)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def pause_for_startup() -> None:
    """Off until `startup_done` (a collector that was already off is left alone)."""
    global _paused_for_startup
    if gc.isenabled():
        gc.disable()
        _paused_for_startup = True


def startup_done(*, freeze: bool = True) -> None:
    """After the first frame: freeze what start-up built, then the collector back on (without
    `freeze`: a start refused before any app ran). Does nothing unless `pause_for_startup`
    turned it off (an app run by tests, say)."""
    global _paused_for_startup
    if _paused_for_startup:
        _paused_for_startup = False
        if freeze:
            gc.freeze()
        gc.enable()
