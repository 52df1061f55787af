"""Pilot tests of the conflict screen: raise, an independent mediator, resolve, a binding
decision, the live countdown, and the minutes with the whole path (never a private note)."""

from __future__ import annotations

from meeting_tui.domain import conflicts
from meeting_tui.minutes import render_markdown
from meeting_tui.screens.deciding.conflict import ConflictScreen, RaiseConflictDialog
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.widgets.dialogs import FormDialog

from .test_live import kinds
from .test_live_controls import live_app  # noqa: F401  (fixture)

PARTIES = ["khaled-barakat", "omar-saleh"]


def text(screen, selector) -> str:
    return str(screen.query_one(selector).render())


async def submit(pilot, dialog, **values):
    for name, value in values.items():
        dialog.query_one(f"#field-{name}").value = value
    dialog.submit()
    await pilot.pause()
    await pilot.pause()


async def open_conflicts(app, pilot) -> ConflictScreen:
    await pilot.press("C")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    return app.screen


async def raise_one(app, pilot, screen) -> str:
    await pilot.press("r")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, RaiseConflictDialog)
    # one party only: refused in the dialog, which stays open
    dialog.query_one("#conflict-parties").select("khaled-barakat")
    dialog.query_one("#conflict-description").value = "Grazing rights on the shared pasture"
    dialog.submit()
    await pilot.pause()
    assert isinstance(app.screen, RaiseConflictDialog)
    # next to the parties, which have the focus (issue 18: per-field errors)
    assert "at least two parties" in text(dialog, "#error-parties")
    assert dialog.query_one("#error-parties").display and not text(dialog, "#error")
    assert dialog.focused is dialog.query_one("#conflict-parties")
    dialog.query_one("#conflict-parties").select("omar-saleh")
    dialog.submit()
    await pilot.pause()
    await pilot.pause()
    assert app.screen is screen
    (conflict,) = screen.state.conflicts.conflicts.values()
    return conflict.id


async def test_escalate_to_an_independent_mediator_and_resolve(live_app):
    app, pilot, live, path = live_app
    screen = await open_conflicts(app, pilot)
    cid = await raise_one(app, pilot, screen)
    conflict = screen.state.conflicts.conflicts[cid]
    assert [p.id for p in conflict.parties] == PARTIES
    assert "Level 1 of 3: Facilitated dialogue" in text(screen, "#conflict-level")
    assert "15:00 left" in text(screen, "#conflict-clock")
    # a private note and one for the minutes
    await pilot.press("o")
    await pilot.pause()
    await submit(pilot, app.screen, text="Khaled is upset about the meeting in May", visibility="private")
    await pilot.press("o")
    await pilot.pause()
    await submit(pilot, app.screen, text="Both agree the map of 2019 is the reference", visibility="minutes")
    # escalate to the mediator
    await pilot.press("e")
    await pilot.pause()
    await submit(pilot, app.screen, text="No agreement after the dialogue")
    assert screen.state.conflicts.conflicts[cid].level == 2
    assert "Independent mediator" in text(screen, "#conflict-level")
    # only the members the domain finds independent are offered
    await pilot.press("h")
    await pilot.pause()
    dialog = app.screen
    offered = [value for _label, value in dialog.fields[0].options]
    assert "khaled-barakat" not in offered and "huda-saleh" not in offered and len(offered) > 1
    # a party typed in as mediator: refused in the dialog, which stays open
    members = screen.state.members
    await submit(pilot, dialog, name=members["khaled-barakat"].name)
    assert app.screen is dialog and "is a party to conflict" in text(dialog, "#error-name")
    # someone from a party's organisation: refused too
    await submit(pilot, dialog, name=members["huda-saleh"].name)
    assert app.screen is dialog and "Highlands Herders' Union" in text(dialog, "#error-name")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    assert screen.state.conflicts.conflicts[cid].current.handler is None
    # an external mediator
    await pilot.press("h")
    await pilot.pause()
    await submit(pilot, app.screen, member="", name="Amina Yusuf", organisation="Regional Mediation Centre")
    assert screen.state.conflicts.conflicts[cid].current.handler.name == "Amina Yusuf"
    assert "Amina Yusuf" in text(screen, "#conflict-level")
    # resolve
    await pilot.press("a")
    await pilot.pause()
    await submit(pilot, app.screen, text="Shared grazing on alternate weeks")
    conflict = screen.state.conflicts.conflicts[cid]
    assert conflict.status == "resolved"
    events = kinds(path)
    assert events.count("conflict.level_started") == 2 and "conflict.resolved" in events
    minutes = render_markdown(screen.state)
    assert "## Conflicts" in minutes
    assert "Facilitated dialogue" in minutes and "Independent mediator" in minutes
    assert "Amina Yusuf" in minutes and "Shared grazing on alternate weeks" in minutes
    assert "No agreement after the dialogue" in minutes
    assert "map of 2019" in minutes
    assert "upset" not in minutes  # the private note never reaches the minutes
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)


async def test_countdown_ticks_with_the_clock(live_app, clock):
    app, pilot, live, path = live_app
    screen = await open_conflicts(app, pilot)
    await raise_one(app, pilot, screen)
    clock.advance(65)
    screen.tick()
    assert "13:55 left" in text(screen, "#conflict-clock")
    clock.advance(16 * 60)
    screen.tick()
    assert "OVER by" in text(screen, "#conflict-clock")


async def test_decide_only_at_a_binding_level(live_app):
    app, pilot, live, path = live_app
    screen = await open_conflicts(app, pilot)
    cid = await raise_one(app, pilot, screen)
    # level 1 is not binding: refused before any dialog opens
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    assert "is not binding" in text(screen, "#conflict-message")
    for reason in ("No agreement", "Mediation failed"):
        await pilot.press("e")
        await pilot.pause()
        await submit(pilot, app.screen, text=reason)
    assert "BINDING" in text(screen, "#conflict-level")
    await pilot.press("b")
    await pilot.pause()
    assert "No arbitrator is assigned" in text(screen, "#conflict-message")
    await pilot.press("h")
    await pilot.pause()
    await submit(pilot, app.screen, member="zeina-rahal")
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, FormDialog)
    await submit(pilot, app.screen, text="The pasture is split along the wadi")
    conflict = screen.state.conflicts.conflicts[cid]
    assert conflict.status == "decided" and conflict.register_id.startswith("EXE-")
    assert conflict.register_id in text(screen, "#conflict-detail")
    minutes = render_markdown(screen.state)
    assert "## Register extract" in minutes and conflict.register_id in minutes
    assert "The pasture is split along the wadi" in minutes
    assert conflicts.conflict_decisions(screen.state)[0].handler == "Zeina Rahal"


async def test_pending_escalation_opens_the_conflict_flow(tmp_path):
    from meeting_tui.app import MeetingApp
    from meeting_tui.controller import SessionController
    from meeting_tui.domain import consensus as c
    from meeting_tui.domain import decisions as d
    from meeting_tui.domain import session as s
    from meeting_tui.domain.model import Charter, ConsensusRules
    from meeting_tui.workspace import Workspace

    from ..conftest import FakeClock
    from ..domain.conftest import AGENDA, make_committee

    ws = Workspace(tmp_path / "sessions")
    clock = FakeClock()
    path = ws.new_session_path("test", "2025-11-29", "Monthly meeting")
    charter = Charter(consensus=ConsensusRules(fallback="escalate", max_rounds=1))
    ctl = SessionController.create(path, make_committee(9, charter), AGENDA, clock=clock, title="Monthly meeting", date="2025-11-29")
    for i in range(7):
        ctl.do(s.arrive, f"m{i}")
    ctl.do(s.start_item, "c")
    pid = ctl.do(d.propose, "We join the national water campaign.", item="c", mover="m1")[0].data["id"]
    ctl.do(c.open_consensus, pid)
    ctl.do(c.respond, "m1", "agree")
    ctl.do(c.respond, "m2", "block", reason="Our board has not agreed.")
    ctl.do(c.close_round)
    ctl.close()
    app = MeetingApp(ws, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = await open_conflicts(app, pilot)
        assert pid in text(screen, "#pending-escalations")
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RaiseConflictDialog)
        assert sorted(dialog.query_one("#conflict-parties").selected) == ["m1", "m2"]
        dialog.submit()
        await pilot.pause()
        await pilot.pause()
        (conflict,) = screen.state.conflicts.conflicts.values()
        assert conflict.proposal == pid and conflict.subject == pid
        assert d.pending_escalations(screen.state) == []
        assert text(screen, "#pending-escalations") == ""


async def test_a_deferred_conflict_is_taken_up_again_at_its_level(workspace, clock):
    from msgspec.structs import replace

    from meeting_tui.app import MeetingApp
    from meeting_tui.controller import SessionController
    from meeting_tui.domain import session as cmd
    from meeting_tui.workspace import carry_forward

    from .test_live import open_live

    entry = workspace.committee("demo-executive")
    agenda = workspace.agendas("demo-executive")[0].agenda
    first = workspace.new_session_path("demo-executive", "2025-11-01", agenda.title)
    with_first = SessionController.create(first, entry.committee, agenda, clock=clock, title=agenda.title, date="2025-11-01")
    for member in PARTIES + ["layla-mansour", "karim-nasser", "nour-al-hassan", "sami-haddad"]:
        with_first.do(cmd.arrive, member)
    with_first.do(cmd.next_item)
    item = with_first.state.current_item
    (raised, _level) = with_first.do(conflicts.raise_conflict, parties=PARTIES, subject=item, description="Grazing rights on the shared pasture")
    cid = raised.data["id"]
    with_first.do(conflicts.escalate, cid, "No agreement after the dialogue")
    with_first.do(conflicts.defer, cid, "The mediator could not come")
    with_first.do(cmd.close_session)
    carried = carry_forward(with_first.state)
    with_first.close()

    clock.advance(30 * 86_400)
    second = workspace.new_session_path("demo-executive", "2025-12-01", agenda.title)
    next_agenda = replace(agenda, items=tuple(carried) + agenda.items)
    SessionController.create(second, entry.committee, next_agenda, clock=clock, title=agenda.title, date="2025-12-01").close()

    app = MeetingApp(workspace, clock=clock, open_path=second)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        for member in PARTIES:
            live.act(cmd.arrive, member)
        carried_id = f"conflict-{cid}"
        assert carried_id in live.state.items
        assert live.act(cmd.start_item, carried_id)  # the meeting takes up the carried-over item
        screen = await open_conflicts(app, pilot)
        await pilot.press("r")
        await app.workers.wait_for_complete()  # the last session is read in a worker
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RaiseConflictDialog)
        assert f"Take up conflict {cid} of {first.name} again at level 2" in dialog.form_title
        assert dialog.query_one("#conflict-description").value == "Grazing rights on the shared pasture"
        assert set(dialog.query_one("#conflict-parties").selected) == set(PARTIES)
        dialog.submit()
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        (conflict,) = screen.state.conflicts.conflicts.values()
        assert conflict.level == 2 and conflict.continued_from == f"{first.name}#{cid}"
        assert "Independent mediator" in text(screen, "#conflict-level")


async def test_raise_conflict_refusals_are_shown_at_their_field(live_app):
    """An empty description is refused next to the description (focused); correcting it
    clears the message; nothing is recorded until the domain accepts."""
    app, pilot, _live, _path = live_app
    screen = await open_conflicts(app, pilot)
    await pilot.press("r")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, RaiseConflictDialog)
    for party in PARTIES:
        dialog.query_one("#conflict-parties").select(party)
    await pilot.pause()
    dialog.query_one("#conflict-description").value = "   "
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is dialog
    assert "Describe the conflict" in text(dialog, "#error-description")
    assert not dialog.query_one("#error-parties").display and not text(dialog, "#error")
    assert dialog.focused is dialog.query_one("#conflict-description")
    assert not screen.state.conflicts.conflicts
    dialog.query_one("#conflict-description").value = "Grazing rights"
    await pilot.pause()
    assert not dialog.query_one("#error-description").display
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.pause()
    assert app.screen is screen and len(screen.state.conflicts.conflicts) == 1


def test_refused_field_knows_the_domains_refusals():
    from meeting_tui.screens.deciding.conflict import refused_field

    assert refused_field("'x' is neither an agenda item nor a proposal of this session. A conflict is raised on the agenda item or the proposal it is about.") == "subject"
    assert refused_field("Omar Saleh is named twice as a party; name each party once.") == "parties"
    assert refused_field("That text is longer than 2000 characters; shorten it.") == "description"
    assert refused_field("The session is closed.") == ""
