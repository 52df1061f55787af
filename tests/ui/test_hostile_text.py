"""No user text reaches the terminal raw (#19): hostile names, titles and proposals on every
screen of a session, in both languages and both display modes.

The bytes the app writes to the terminal are captured (the headless driver is made to render
and record instead of discarding). User text carries ESC sequences, NUL, U+202E, a bidi
isolate, Rich markup and Arabic; what is written must hold no ESC of the user's (the exact
sequences never appear), no control byte other than those of Textual's own sequences, and
no embedding or override character (U+202A-U+202E) at all.
"""

from __future__ import annotations

import re

import pytest
from msgspec.structs import replace
from textual.drivers.headless_driver import HeadlessDriver

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.display import display_mode, set_display_mode
from meeting_tui.i18n import set_language

EVIL_NAMES = [
    "Eve\x1b[31mRED\x1b[0m Mallory",
    "Nul\x00Byte \u202eevil\u202c Person",
    "[bold]Markup[/bold] \x1b]0;PWNED\x07 Name",
    "أمينة \u2066يوسف\u2069 \x1b[2J",
]
EVIL_TITLE = "اعتماد \x1b[41mBG\x1b[0m المحضر \u202eRTL [b]x[/b] \x00"
EVIL_PROPOSAL = "نقل \x1b[5mBLINK 4,000 \u202d\u202a بند [red]السفر[/red]"
HOSTILE_SEQUENCES = ["\x1b[31mRED", "\x1b[0m Mallory", "\x1b]0;PWNED", "\x1b[2J", "\x1b[41mBG", "\x1b[5mBLINK"]

# Textual's own output: CSI sequences, OSC sequences (ended by BEL or ST), two-byte escapes.
_TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_=>78]")
_CONTROL = re.compile("[\x00-\x1f\x7f\x80-\x9f]")
_OVERRIDES = re.compile("[\u202a-\u202e]")


def hostile_session(workspace, clock):
    entry = workspace.committee("demo-executive")
    committee = entry.committee
    members = list(committee.members)
    for index, name in enumerate(EVIL_NAMES):
        members[index] = replace(members[index], name=name, organisation=name[:12] + " Org\x1b[7m")
    committee = replace(committee, members=tuple(members))
    agenda = workspace.agendas("demo-executive")[0].agenda
    items = list(agenda.items)
    items[0] = replace(items[0], title=EVIL_TITLE)
    agenda = replace(agenda, items=tuple(items), title="Agenda \x1b[31mX\u202e")
    path = workspace.new_session_path("demo-executive", "2025-11-29", "hostile")
    SessionController.create(path, committee, agenda, clock=clock, title=agenda.title, date="2025-11-29").close()
    return path


@pytest.fixture
def written(monkeypatch):
    """What the app writes to the terminal."""
    out: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: out.append(data))
    return out


def problems(data: str) -> list[str]:
    found = [repr(s) for s in HOSTILE_SEQUENCES if s in data]
    rest = _TEXTUAL_SEQUENCE.sub("", data)
    found += [f"control {ord(c):#04x} near {rest[max(0, i - 20):i + 20]!r}" for i, c in ((m.start(), m[0]) for m in _CONTROL.finditer(rest)) if c not in "\r\n"]
    found += [f"override {ord(m[0]):#06x}" for m in _OVERRIDES.finditer(data)]
    return found


# Screens reached from the live screen by a key, then left with escape.
LIVE_KEYS = ["D", "b", "C", "t", "o", "m", "v", "f1", "e", "y", "P", "G", "i", "N", "slash", "ctrl+p", "x", "plus"]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("mode", ["reorder", "terminal"])
async def test_no_user_text_reaches_the_terminal_raw(language, mode, workspace, clock, written):
    from meeting_tui.domain import decisions
    from meeting_tui.domain import session as cmd

    before = display_mode()
    set_language(language)
    path = hostile_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display=mode)
    seen: list[str] = []
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.pause()
            live = app.screen
            seen.append(type(live).__name__)
            ids = list(live.state.members)
            for member in ids[:6]:
                live.act(cmd.arrive, member)
            item = next(iter(live.state.items))
            live.act(decisions.propose, EVIL_PROPOSAL, item=item, mover=ids[0])
            await pilot.press("n")  # the hostile item runs: toasts, timer, projector
            await pilot.press("k", "g")  # a hostile speaker
            app.notify(EVIL_NAMES[0])  # a toast made of user text
            await pilot.pause()
            for key in LIVE_KEYS:
                await pilot.press(key)
                await pilot.pause()
                seen.append(type(app.screen).__name__)
                for field in app.screen.query("Input"):
                    field.value = EVIL_NAMES[0] + " " + EVIL_TITLE  # a field being typed in
                await pilot.pause()
                if type(app.screen).__name__ == "DecisionsScreen":
                    await pilot.press("b")  # the vote dialog on the hostile proposal
                    await pilot.pause()
                    seen.append(type(app.screen).__name__)
                    await pilot.press("escape")
                    await pilot.pause()
                for _attempt in range(4):
                    if app.screen is live:
                        break
                    await pilot.press("escape")
                    await pilot.pause()
                assert app.screen is live, (key, seen)
        home = MeetingApp(workspace, clock=clock, display=mode)  # the sessions list: hostile titles
        async with home.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.pause()
            seen.append(type(home.screen).__name__)
    finally:
        set_display_mode(before)
        set_language("en")
    data = "".join(written)
    assert data, "the driver recorded nothing"
    assert {"LiveScreen", "DecisionsScreen", "ProjectorScreen", "HomeScreen"} <= set(seen), seen
    assert "\u241b" in data  # user ESC shown as a placeholder
    assert problems(data) == [], (seen, problems(data)[:10])
