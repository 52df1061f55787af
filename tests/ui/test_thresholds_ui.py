"""Through the real screens, the record says what the revisit screen said (issue 14): a motion to
rescind or amend is put at its governed threshold by the vote dialog accepted as shown, a lower
override is neither offered nor accepted, and the same holds for a consensus fallback vote."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.domain import consensus, decisions
from meeting_tui.domain import session as cmd
from meeting_tui.minutes import render_markdown
from meeting_tui.screens.deciding.decisions import DecisionsScreen
from meeting_tui.screens.deciding.vote import VoteScreen
from meeting_tui.widgets.dialogs import FormDialog

from ..conftest import FakeClock
from ..test_register import SECOND, at
from ..test_register import ws  # noqa: F401  (fixture)
from .test_decisions_ui import close_vote, last_message, open_decisions, session_of, variant
from .test_decisions_ui import executive  # noqa: F401  (fixture)
from .test_live import open_live
from .test_register_ui import SIZE, sessions
from .test_revisit_ui import fill, open_revisit, text


async def move_motion(app, pilot, **values) -> DecisionsScreen:
    screen = await open_revisit(app, pilot)
    await fill(pilot, screen, **values)
    assert "IN ORDER" in text(screen, "#revisit-eligibility"), text(screen, "#revisit-eligibility")
    shown = text(screen, "#revisit-eligibility")
    await screen.run_action("move")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, DecisionsScreen), last_message(app)
    app.screen.shown_by_revisit = shown
    return app.screen


async def vote_dialog(app, pilot) -> FormDialog:
    await pilot.press("b")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormDialog), last_message(app)
    return form


def threshold_field(form: FormDialog):
    return next(f for f in form.fields if f.name == "threshold")


async def accept_as_shown_and_count(app, pilot, form: FormDialog, yes: int, no: int, abstain: int = 0):
    """Open the vote with the dialog as shown (a show of hands), enter the counts, close it."""
    await pilot.click("#submit")
    await pilot.pause()
    await pilot.pause()
    vote = app.screen
    assert isinstance(vote, VoteScreen), last_message(app)
    await pilot.press("e")
    await pilot.pause()
    counts = app.screen
    counts.query_one("#field-yes").value = str(yes)
    counts.query_one("#field-no").value = str(no)
    counts.query_one("#field-abstain").value = str(abstain)
    await pilot.press("ctrl+s")
    await pilot.pause()
    return await close_vote(app, pilot)


async def test_rescind_with_notice_is_put_at_a_majority_as_the_revisit_screen_said(ws):
    one, two = sessions(ws)
    app = MeetingApp(ws, clock=FakeClock(at(SECOND, 10)), open_path=two.path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        live.act(cmd.arrive, "m11")
        live.act(cmd.arrive, "m12")
        screen = await move_motion(app, pilot, id="EXE-2026-001", kind="rescind", mover="m5")
        assert "Threshold: majority of votes cast" in screen.shown_by_revisit
        form = await vote_dialog(app, pilot)
        field = threshold_field(form)
        assert field.value == "majority_cast"
        assert field.options[0] == ("majority of votes cast — the rule for this motion", "majority_cast")
        assert "Notice was given at the previous session" in str(form.query_one(".dialog-help").render())
        await accept_as_shown_and_count(app, pilot, form, 8, 5)
        decision = live.state.decisions.records[-1]
        assert decision.adopted and decision.threshold == "majority_cast" and not decision.threshold_overridden
        assert "overridden" not in render_markdown(live.state)


async def test_amend_without_notice_needs_two_thirds_and_8_5_fails(ws):
    one, two = sessions(ws)
    app = MeetingApp(ws, clock=FakeClock(at(SECOND, 10)), open_path=two.path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        live.act(cmd.arrive, "m11")
        live.act(cmd.arrive, "m12")
        screen = await move_motion(app, pilot, id="EXE-2026-001", kind="amend", mover="m5", text="Hire a part-time campaign officer.")
        shown = screen.shown_by_revisit
        assert "Threshold: two-thirds of votes cast" in shown and "or majority of all voting members" in shown
        form = await vote_dialog(app, pilot)
        field = threshold_field(form)
        assert field.value == "two_thirds_cast"
        assert field.options[0] == (
            "two-thirds of votes cast, or majority of all voting members — the rule for this motion",
            "two_thirds_cast",
        )
        offered = [value for _label, value in field.options]
        assert "majority_cast" not in offered and "majority_present" not in offered  # never lower
        assert "never lower it" in str(form.query_one(".dialog-help").render())
        pid = next(reversed(live.state.decisions.proposals))
        # a lowered override is refused by the domain, with the reason, whatever sends it
        assert live.act(decisions.open_vote, pid, ballot="show-of-hands", threshold="majority_cast") is None
        assert "would lower the threshold" in live.last_refusal and "No notice was given" in live.last_refusal
        await accept_as_shown_and_count(app, pilot, form, 8, 5)
        decision = live.state.decisions.records[-1]
        assert decision.outcome == "rejected" and decision.threshold == "two_thirds_cast" and not decision.threshold_overridden
        assert "8 yes, 9 needed" in decisions.explain(decision)


async def test_amend_without_notice_carried_by_a_majority_of_all_members(ws):
    one, two = sessions(ws)
    app = MeetingApp(ws, clock=FakeClock(at(SECOND, 10)), open_path=two.path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        for n in range(11, 21):
            live.act(cmd.arrive, f"m{n}")
        await move_motion(app, pilot, id="EXE-2026-001", kind="amend", mover="m5", text="Hire a part-time campaign officer.")
        form = await vote_dialog(app, pilot)
        await accept_as_shown_and_count(app, pilot, form, 11, 9, 1)  # 11 < 2/3 x 20, but 11 > 21 / 2
        decision = live.state.decisions.records[-1]
        assert decision.adopted and decision.threshold == "majority_members"


async def test_the_consensus_fallback_vote_is_put_at_its_threshold(workspace, clock):
    slug = variant(workspace, "fallback", ("max_rounds = 3", "max_rounds = 1"))
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        voters = [m.id for m in live.state.members.values() if m.voting and not m.is_alternate and m.role not in ("staff", "observer")]
        for member in voters[:9]:
            live.act(cmd.arrive, member)
        live.act(cmd.start_item, next(iter(live.state.items)))
        pid = live.act(decisions.propose, "Join the regional water campaign.", item=live.state.current_item)[0].data["id"]
        live.act(consensus.open_consensus, pid)
        live.act(consensus.respond, voters[1], "block", reason="No budget line for it.")
        live.act(consensus.close_round)
        assert live.state.decisions.proposals[pid].fallback_vote
        await open_decisions(app, pilot)
        form = await vote_dialog(app, pilot)
        field = threshold_field(form)
        assert field.value == "two_thirds_cast"
        assert field.options[0] == ("two-thirds of votes cast — the charter's fallback", "two_thirds_cast")
        assert "majority_cast" not in [value for _label, value in field.options]
        assert live.act(decisions.open_vote, pid, ballot="show-of-hands", threshold="majority_cast") is None
        assert "fallback_threshold" in live.last_refusal
        await accept_as_shown_and_count(app, pilot, form, 5, 3)  # 5 < 2/3 x 8
        decision = live.state.decisions.records[-1]
        assert decision.outcome == "rejected" and decision.fallback and not decision.threshold_overridden
