"""Pilot tests of consensus rounds: one key per response for each method, a block or an
objection needs a reason, the live spread, closing a round, amending and opening a new one,
and the charter's fallback after max_rounds (a vote, escalation or deferral)."""

from __future__ import annotations

import pytest

from meeting_tui.app import MeetingApp
from meeting_tui.domain import decisions
from meeting_tui.screens.deciding.consensus import ConsensusScreen, participant_ids
from meeting_tui.screens.deciding.decisions import DecisionsScreen
from meeting_tui.screens.projector import ProjectorScreen
from meeting_tui.screens.deciding.proposal import ProposalDialog
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog

from .test_decisions_ui import (
    SIZE,
    arrive,
    last_message,
    open_decisions,
    propose,
    rendered,
    session_of,
    variant,
    voting_ids,
)
from .test_live import kinds


async def open_round(app, pilot) -> ConsensusScreen:
    await pilot.press("r")
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ConsensusScreen), last_message(app)
    return screen


async def close_round(app, pilot) -> DecisionsScreen:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("y")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, DecisionsScreen), last_message(app)
    return app.screen


async def give_reason(app, pilot, reason: str) -> None:
    form = app.screen
    assert isinstance(form, FormDialog)
    form.query_one("#field-reason").value = reason
    form.query_one("#field-reason").focus()
    await pilot.press("enter")  # the last (only) field: Enter submits
    await pilot.pause()


async def amend(app, pilot, text: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ProposalDialog)
    dialog.query_one("#proposal-text").text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_formal_consensus_block_needs_a_reason_then_rounds_until_the_fallback_vote(workspace, clock):
    path = session_of(workspace, clock, "demo-executive")  # formal, 3 rounds, then a vote at 2/3
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        people = voting_ids(live, 6)
        await arrive(pilot, live, *people)
        await propose(app, pilot, "Adopt the 2026 budget.")
        await open_decisions(app, pilot)
        round_screen = await open_round(app, pilot)
        assert participant_ids(live.state) == people
        assert "Not yet responded (6)" in rendered(round_screen, "#not-yet-responded")
        await pilot.press("a", "a", "r", "s")
        await pilot.pause()
        spread = rendered(round_screen, "#spread-bar")
        assert "support 2" in spread and "reservation 1" in spread and "stand-aside 1" in spread
        assert "4 of 6 present responded" in rendered(round_screen, "#consensus-count")
        await pilot.press("b")  # a block: the reason is asked for
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press("enter")  # without a reason: refused with the domain's message
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "A block needs a reason" in rendered(form, "#error-reason")
        assert "consensus.responded" in kinds(path) and kinds(path).count("consensus.responded") == 4
        await give_reason(app, pilot, "the community fund line is missing")
        assert isinstance(app.screen, ConsensusScreen)
        response = live.state.decisions.round.responses[people[4]]
        assert (response.category, response.reason) == ("block", "the community fund line is missing")
        assert "blocked by" in rendered(round_screen, "#consensus-standing")
        await pilot.press("a")  # the cursor moved on to the last one
        await pilot.pause()
        assert "Everyone present has responded" in rendered(round_screen, "#not-yet-responded")
        screen = await close_round(app, pilot)
        assert screen.query_one("#result-word").word == "NO CONSENSUS"
        assert "No consensus: blocked by" in rendered(screen, "#result-sentence")
        assert "Back to discussion" in rendered(screen, "#next-step") and "2 rounds left" in rendered(screen, "#next-step")
        # amend, and a second and third round fail too: the charter's fallback is a vote
        for n, text in ((2, "Adopt the 2026 budget with a community fund line."), (3, "Adopt the 2026 budget, community fund of 5%.")):
            await amend(app, pilot, text)
            round_screen = await open_round(app, pilot)
            assert live.state.decisions.round.version == n
            assert f"round {n}" in rendered(round_screen, "#consensus-title")
            await pilot.press("a", "a", "a", "a", "b")
            await pilot.pause()
            await give_reason(app, pilot, "still not enough for the communities")
            screen = await close_round(app, pilot)
        proposal = live.state.decisions.proposals["P1"]
        assert proposal.failed_rounds == 3 and proposal.fallback_vote
        following = rendered(screen, "#next-step")
        assert "FALLBACK" in following and "two-thirds of votes cast" in following
        assert screen.query_one("#next-step").has_class("-fallback")
        before = kinds(path)
        await pilot.press("r")  # no fourth round
        await pilot.pause()
        assert "did not reach consensus in 3 rounds" in last_message(app)
        assert kinds(path) == before
        await pilot.press("b")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-threshold").value == "two_thirds_cast"
        assert "fallback after 3 rounds" in rendered(form, ".dialog-help")
        await pilot.click("#submit")
        await pilot.pause()
        await pilot.pause()
        ballot = live.state.decisions.ballot
        assert ballot.fallback and ballot.threshold == "two_thirds_cast" and not ballot.overridden
        assert "fallback" in rendered(app.screen, "#vote-threshold")


async def test_gradients_reach_consensus_and_the_result_is_shown_large(workspace, clock):
    path = session_of(workspace, clock, "demo-strategic")  # gradients of agreement
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await pilot.press(*["space"] * 12)
        await pilot.pause()
        await propose(app, pilot, "Adopt the coalition's strategy 2026-2030.", matter="strategy")
        await open_decisions(app, pilot)
        round_screen = await open_round(app, pilot)
        assert "gradients of agreement" in rendered(round_screen, "#consensus-title")
        assert "8: 8 · veto (block)" in rendered(round_screen, "#consensus-keys")
        await pilot.press("a")  # a formal-consensus key does nothing under gradients
        await pilot.pause()
        assert "consensus.responded" not in kinds(path)
        await pilot.press(*"11112222336")
        await pilot.press("4")  # one stand-aside of 12: within a quarter
        await pilot.pause()
        current = live.state.decisions.round
        assert len(current.responses) == 12
        assert current.spread() == {"support": 8, "reservation": 3, "stand-aside": 1, "block": 0, "more-discussion": 0}
        assert "Consensus reached" in rendered(round_screen, "#consensus-standing")
        screen = await close_round(app, pilot)
        decision = live.state.decisions.records[-1]
        assert decision.outcome == "adopted" and decision.register_id == "STR-2025-001"
        assert screen.query_one("#result-word").word == "ADOPTED"
        assert "consensus (gradients of agreement)" in rendered(screen, "#result-sentence")
        assert "support 8" in rendered(screen, "#result-bar")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        assert "STR-2025-001" in rendered(app.screen, "#proj-decision")


async def test_fist_to_five_fist_and_consent_objection_need_a_reason(workspace, clock):
    slug = variant(workspace, "consent", ('method = "formal"', 'method = "consent"'))
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "Invite the farmers' union to join.")
        await open_decisions(app, pilot)
        round_screen = await open_round(app, pilot)
        await pilot.press("n", "o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert "An objection needs a reason" in rendered(form, "#error-reason")
        await pilot.press("escape")  # cancelled: nothing recorded
        await pilot.pause()
        assert isinstance(app.screen, ConsensusScreen)
        assert len(live.state.decisions.round.responses) == 1
        await pilot.press("o")
        await pilot.pause()
        await give_reason(app, pilot, "the union's mandate is unclear")
        assert live.state.decisions.round.responses[voting_ids(live)[1]].response == "objection"
        assert "unclear" in str(round_screen.query_one("#participants").get_row_at(1)[3])


async def test_fist_to_five_uses_digits_and_a_fist_asks_for_the_reason(workspace, clock):
    slug = variant(workspace, "fist", ('method = "formal"', 'method = "fist-to-five"'))
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "Move the office.")
        await open_decisions(app, pilot)
        await open_round(app, pilot)
        await pilot.press("5", "3", "1", "0")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await give_reason(app, pilot, "the rent doubles")
        responses = live.state.decisions.round.responses
        assert [r.category for r in responses.values()] == ["support", "support", "reservation", "block"]


@pytest.mark.parametrize(
    "fallback, word, status",
    [("escalate", "ESCALATED", "escalated"), ("defer", "DEFERRED", "deferred")],
)
async def test_the_fallback_after_the_last_round_is_shown_clearly(workspace, clock, fallback, word, status):
    slug = variant(
        workspace,
        f"fallback-{fallback}",
        ("max_rounds = 3", "max_rounds = 1"),
        ('fallback = "vote"', f'fallback = "{fallback}"'),
    )
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "Sign the land-rights petition.")
        await open_decisions(app, pilot)
        await open_round(app, pilot)
        await pilot.press("a", "s", "s", "s")
        screen = await close_round(app, pilot)
        assert live.state.decisions.proposals["P1"].status == status
        assert rendered(screen, "#next-step").startswith(word)
        assert screen.query_one("#next-step").has_class("-fallback")
        assert "No consensus: 3 stand-asides of 4 participants exceed the limit" in rendered(screen, "#result-sentence")
        assert status in str(screen.query_one("#proposals").get_row_at(0)[1])
        if fallback == "escalate":
            assert [p.id for p in decisions.pending_escalations(live.state)] == ["P1"]
        await pilot.press("b")  # nothing more is decided here
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        assert status in last_message(app)


async def test_projector_shows_the_round_in_progress(workspace, clock):
    path = session_of(workspace, clock, "demo-executive")
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "Adopt the code of conduct.")
        await open_decisions(app, pilot)
        await open_round(app, pilot)
        await pilot.press("a", "a", "v")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        assert "Consensus round 1 on P1" in rendered(app.screen, "#proj-decision")
        assert "2 of 6 responded" in rendered(app.screen, "#proj-decision")


async def test_the_spread_legend_shows_every_category_on_screen(workspace, clock):
    """At 120x40 the five categories' legend did not fit the half screen: 'block' and 'more
    discussion' were cut off. It wraps, each entry whole."""
    from textual.geometry import Region

    path = session_of(workspace, clock, "demo-executive")
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "Join the regional water alliance.")
        await open_decisions(app, pilot)
        round_screen = await open_round(app, pilot)
        await pilot.press("a", "s")
        await pilot.pause()
        bar = round_screen.query_one("#spread-bar")
        width, height = bar.outer_size
        lines = [strip.text for strip in bar.render_lines(Region(0, 0, width, height))]
        shown = "\n".join(lines)
        for label in ("support 1", "reservation 0", "stand-aside 1", "block 0", "more discussion 0"):
            assert label in shown, shown
        assert all(len(line.rstrip()) <= width for line in lines)
