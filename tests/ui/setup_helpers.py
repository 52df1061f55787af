"""Shared steps of the setup screens' Pilot tests."""

from __future__ import annotations

import asyncio

from textual.screen import ModalScreen
from textual.worker import WorkerState

from meeting_tui.app import MeetingApp

SIZE = (120, 40)


async def settle(pilot, rounds: int = 3):
    """Let the screen catch up: file workers finish; a worker waiting on a dialog is left
    waiting (it finishes when the test answers the dialog)."""
    app = pilot.app
    for _ in range(rounds):
        for _attempt in range(200):
            await pilot.pause()
            running = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
            if not running or isinstance(app.screen, ModalScreen):
                break
            await asyncio.sleep(0.01)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def visible_errors(screen) -> list[str]:
    return [str(label.render()) for label in screen.query(".setup-error, .form-error") if label.display and str(label.render()).strip()]


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def fill(pilot, dialog, **values):
    """Set a FormDialog's fields (Input text, Select value or checkbox) and let it check."""
    for name, value in values.items():
        widget = dialog.query_one(f"#field-{name}")
        widget.value = value
    await pilot.pause()


async def submit(pilot, dialog):
    dialog.submit()
    await settle(pilot)


def new_app(workspace, clock):
    return MeetingApp(workspace, clock=clock)


async def press_button(pilot, selector: str):
    """Press a button even when it is scrolled out of view (as Enter on it would)."""
    pilot.app.screen.query_one(selector).press()
    await settle(pilot)
