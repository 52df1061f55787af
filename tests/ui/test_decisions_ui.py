"""Pilot tests of proposals and votes: the proposal dialog, the decisions screen, each ballot
kind's main path and its refusals, the result shown large and on the projector, and
committee-wide register numbers. A fake clock throughout."""

from __future__ import annotations

import json

import pytest

from textual.widgets import Label

from meeting_tui.app import MeetingApp
from meeting_tui.controller import SessionController
from meeting_tui.domain import decisions
from meeting_tui.domain import session as cmd
from meeting_tui.domain.model import Agenda, AgendaItem
from meeting_tui.screens.deciding.consensus import ConsensusScreen
from meeting_tui.screens.deciding.decisions import DecisionsScreen
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.screens.projector import ProjectorScreen
from meeting_tui.screens.deciding.proposal import ProposalDialog, member_options
from meeting_tui.screens.deciding.vote import VoteScreen, voter_lines
from meeting_tui.store import SessionFile
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog
from meeting_tui.workspace import next_register_number, register_numbers

from .test_live import kinds, new_session, open_live

SIZE = (120, 40)


# -- helpers (also used by test_consensus_ui.py) ---------------------------------------------


def events(path) -> list[dict]:
    with SessionFile.open(path, read_only=True) as f:
        return f.events()


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def last_message(app) -> str:
    found = messages(app)
    return found[-1] if found else ""


def rendered(screen, selector) -> str:
    return str(screen.query_one(selector).render())


def variant(workspace, slug: str, *replacements: tuple[str, str], source: str = "demo-executive") -> str:
    """A copy of a demo committee (and its agendas) with its charter text changed."""
    text = (workspace.committee_dir(source) / "committee.toml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    folder = workspace.committee_dir(slug)
    (folder / "agendas").mkdir(parents=True)
    (folder / "committee.toml").write_text(text, encoding="utf-8")
    for agenda in (workspace.committee_dir(source) / "agendas").glob("*.toml"):
        (folder / "agendas" / agenda.name).write_text(agenda.read_text(encoding="utf-8"), encoding="utf-8")
    return slug


def session_of(workspace, clock, slug: str):
    """A new session of `slug` with its first agenda (or one item of strategy when it has none)."""
    entry = workspace.committee(slug)
    assert entry.committee is not None, entry.problems
    agendas = workspace.agendas(slug)
    if agendas:
        agenda = agendas[0].agenda
    else:
        agenda = Agenda(title="Quarterly meeting", items=(AgendaItem(id="strategy", title="Strategy 2026", minutes=30, kind="decision"),))
    path = workspace.new_session_path(slug, "2025-11-29", agenda.title)
    SessionController.create(path, entry.committee, agenda, clock=clock, title=agenda.title, date="2025-11-29").close()
    return path


def voting_ids(live, n=None):
    ids = [m.id for m in live.state.members.values() if m.voting and m.role not in ("staff", "observer") and not m.is_alternate]
    return ids if n is None else ids[:n]


async def arrive(pilot, live, *member_ids):
    for member_id in member_ids:
        live.query_one("#roster").move_cursor(row=live._roster_ids.index(member_id))
        await pilot.press("space")
    await pilot.pause()


async def propose(app, pilot, text, **selects) -> str:
    """Make a proposal from the screen on top (live or decisions) with `y`; returns its id."""
    before = set(app.screen.session.state.decisions.proposals) if hasattr(app.screen, "session") else None
    await pilot.press("y")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ProposalDialog)
    dialog.query_one("#proposal-text").text = text
    for name, value in selects.items():
        dialog.query_one(f"#proposal-{name}").value = value
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert not isinstance(app.screen, ProposalDialog), last_message(app)
    state = dialog.session.state
    new = [p for p in state.decisions.proposals if before is None or p not in before]
    return new[-1]


async def open_decisions(app, pilot) -> DecisionsScreen:
    await pilot.press("D")
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DecisionsScreen)
    return screen


async def open_vote(app, pilot, ballot: str, threshold: str | None = None) -> VoteScreen:
    await pilot.press("b")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormDialog), last_message(app)
    form.query_one("#field-ballot").value = ballot
    if threshold:
        form.query_one("#field-threshold").value = threshold
    await pilot.click("#submit")
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, VoteScreen), last_message(app)
    return screen


async def close_vote(app, pilot) -> DecisionsScreen:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("y")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, DecisionsScreen), last_message(app)
    return app.screen


@pytest.fixture
async def executive(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        yield app, pilot, live, path


# -- proposals -------------------------------------------------------------------------------


async def test_proposal_dialog_refuses_with_the_domains_message_and_keeps_the_text(executive):
    app, pilot, live, path = executive
    live.act(cmd.arrive, "karim-nasser")
    live.act(cmd.arrive, "nour-al-hassan")
    live.act(cmd.send_apologies, "sami-haddad")
    await pilot.press("n", "y")  # the running item is the default
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ProposalDialog)
    assert dialog.query_one("#proposal-item").value == live.state.current_item
    # only members present are offered as mover or seconder (eligibility.movers)
    offered = [value for _label, value in member_options(live.state)]
    assert offered == ["", "karim-nasser", "nour-al-hassan"]
    await pilot.press("ctrl+s")  # no text
    await pilot.pause()
    assert isinstance(app.screen, ProposalDialog)
    assert "A proposal needs a text" in rendered(dialog, "#proposal-text-error")  # under the text
    assert dialog.focused is dialog.query_one("#proposal-text")
    dialog.query_one("#proposal-text").text = "Adopt the water-access work plan.\nWith its budget annex."
    dialog.query_one("#proposal-mover").value = "karim-nasser"
    dialog.query_one("#proposal-seconder").value = "karim-nasser"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ProposalDialog)
    assert "seconded by its own mover" in rendered(dialog, "#proposal-error")
    assert "proposal.made" not in kinds(path)
    # a member who sent apologies is refused with the reason, even if asked for by id
    assert live.act(decisions.propose, "Text", item=live.state.current_item, mover="karim-nasser", seconder="sami-haddad") is None
    assert "sent apologies" in live.last_refusal
    dialog.query_one("#proposal-seconder").value = "nour-al-hassan"
    dialog.query_one("#proposal-matter").value = "membership"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)
    proposal = live.state.decisions.proposals["P1"]
    assert proposal.text == "Adopt the water-access work plan.\nWith its budget annex."
    assert (proposal.mover, proposal.seconder, proposal.matter) == ("karim-nasser", "nour-al-hassan", "membership")
    assert proposal.item == live.state.current_item
    assert "P1 is before the meeting" in last_message(app)


async def test_amending_keeps_every_version_visible(executive):
    app, pilot, live, path = executive
    await propose(app, pilot, "Hold the annual assembly in May.")
    screen = await open_decisions(app, pilot)
    await pilot.press("a")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ProposalDialog)
    assert "v1" in str(dialog.query_one("#proposal-versions Static").render())
    await pilot.press("ctrl+s")  # unchanged text: refused by the domain
    await pilot.pause()
    assert "same as version 1" in rendered(dialog, "#proposal-text-error")
    dialog.query_one("#proposal-text").text = "Hold the annual assembly in June."
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is screen
    proposal = live.state.decisions.proposals["P1"]
    assert [v.text for v in proposal.versions] == ["Hold the annual assembly in May.", "Hold the annual assembly in June."]
    detail = rendered(screen, "#proposal-detail")
    assert "v1" in detail and "May" in detail and "v2" in detail and "June" in detail
    assert "v2" in str(screen.query_one("#proposals").get_row_at(0))


# -- roll call -------------------------------------------------------------------------------


async def test_roll_call_one_key_per_voter_then_the_result_large(executive):
    app, pilot, live, path = executive
    present = voting_ids(live, 8)
    absent = voting_ids(live)[8:]
    await arrive(pilot, live, *present)
    await pilot.press("n")
    await propose(app, pilot, "Adopt the 2026 work plan.")
    await open_decisions(app, pilot)
    vote = await open_vote(app, pilot, "roll-call")
    lines = voter_lines(live.state)
    assert [line.member for line in lines] == present
    assert not set(absent) & {line.member for line in lines}  # an absent member is not even offered
    assert "Not yet voted (8)" in rendered(vote, "#not-yet")
    await pilot.press("y", "y", "n")
    await pilot.pause()
    assert "Not yet voted (5)" in rendered(vote, "#not-yet")
    assert "3 of 8 voted" in rendered(vote, "#vote-tally")
    await pilot.press("a", "y", "y", "n", "y")
    await pilot.pause()
    assert "Everyone who can vote has voted" in rendered(vote, "#not-yet")
    await pilot.press("y")  # the cursor stays on the last voter: the same vote again changes nothing
    await pilot.pause()
    assert "already recorded as yes" in last_message(app)
    assert kinds(path).count("vote.cast") == 8
    await pilot.press("n")  # a different key on a voter who has voted: change the vote, after asking
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog) and "Change the vote to no?" in app.screen.question
    await pilot.press("n")  # no: nothing changes
    await pilot.pause()
    assert "vote.changed" not in kinds(path)
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert kinds(path).count("vote.changed") == 1 and kinds(path).count("vote.cast") == 8
    assert "changed to no" in last_message(app)
    await pilot.press("y")  # and back again
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert kinds(path).count("vote.changed") == 2
    screen = await close_vote(app, pilot)
    decision = live.state.decisions.records[-1]
    assert decision.outcome == "adopted" and decision.register_id == "EXE-2025-001"
    assert [(e.member, e.choice) for e in decision.roll][:3] == [(present[0], "yes"), (present[1], "yes"), (present[2], "no")]
    assert screen.query_one("#result-word").word == "ADOPTED"
    assert "█" in rendered(screen, "#result-word") or "▀" in rendered(screen, "#result-word")
    assert rendered(screen, "#result-sentence") == decisions.explain(decision)
    assert "Adopted: 5 yes > 2 no" in rendered(screen, "#result-sentence")
    bar = rendered(screen, "#result-bar")
    assert "yes 5" in bar and "no 2" in bar and "abstain 1" in bar
    assert "EXE-2025-001" in rendered(screen, "#result-meta")
    # a second vote on the closed proposal is refused with the domain's message
    before = kinds(path)
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, DecisionsScreen)
    assert "already adopted (EXE-2025-001)" in last_message(app)
    live.act(decisions.open_vote, "P1", ballot="roll-call")
    assert kinds(path) == before


async def test_twenty_one_member_roll_call_takes_twenty_one_keystrokes(workspace, clock):
    path = session_of(workspace, clock, "demo-strategic")
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        await pilot.press(*["space"] * 21)
        await pilot.pause()
        assert live.state.quorum().met
        await propose(app, pilot, "Adopt the coalition's strategy 2026-2030.", matter="strategy")
        await open_decisions(app, pilot)
        vote = await open_vote(app, pilot, "roll-call")
        assert len(voter_lines(live.state)) == 21
        keys = ["y"] * 12 + ["n"] * 6 + ["a"] * 3
        await pilot.press(*keys)
        await pilot.pause()
        ballot = live.state.decisions.ballot
        assert len(ballot.roll) == 21 and ballot.tally() == decisions.Tally(12, 6, 3)
        assert kinds(path).count("vote.cast") == 21
        assert decisions.not_yet_voted(live.state) == []
        assert "21 of 21 voted" in rendered(vote, "#vote-tally")
        screen = await close_vote(app, pilot)
        decision = live.state.decisions.records[-1]
        assert decision.register_id == "STR-2025-001"
        assert "Adopted: 12 yes > 6 no" in rendered(screen, "#result-sentence")


async def test_a_proxy_is_a_line_of_its_own_so_the_holder_can_split_votes(executive):
    app, pilot, live, path = executive
    holder, giver, *others = voting_ids(live, 7)
    await arrive(pilot, live, holder, *others)
    assert live.act(cmd.assign_proxy, giver, holder)
    await propose(app, pilot, "Open a second office in the south.")
    await open_decisions(app, pilot)
    vote = await open_vote(app, pilot, "roll-call")
    lines = voter_lines(live.state)
    assert [(line.member, line.proxy_for) for line in lines[:2]] == [(holder, ""), (holder, giver)]
    assert "proxy for" in str(vote.query_one("#voters").get_row_at(1)[3])
    await pilot.press("y", "n")  # the holder's own vote, then the proxy's
    await pilot.pause()
    ballot = live.state.decisions.ballot
    assert ballot.roll[holder].choice == "yes"
    assert ballot.roll[giver] == decisions.RollEntry(holder, giver, "no", giver)


async def test_a_tie_on_a_roll_call_offers_the_chairs_casting_vote(workspace, clock):
    slug = variant(workspace, "casting", ("chair_casting_vote = false", "chair_casting_vote = true"))
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        chair = live.state.chair
        others = [m for m in voting_ids(live) if m != chair][:6]
        await arrive(pilot, live, chair, *others)
        await propose(app, pilot, "Join the regional water campaign.")
        await open_decisions(app, pilot)
        vote = await open_vote(app, pilot, "roll-call")
        await roll(pilot, vote, dict(zip(others, "yyynnn")))  # the chair does not vote
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog) and "tied 3–3" in str(form.query_one(".dialog-title").render())
        form.query_one("#field-casting").value = "yes"
        await pilot.click("#submit")
        await pilot.pause()
        await pilot.pause()
        decision = live.state.decisions.records[-1]
        assert decision.casting_vote == "yes" and decision.outcome == "adopted"
        assert "casting vote (yes) broke a 3–3 tie" in rendered(app.screen, "#result-sentence")


async def roll(pilot, vote, choices: dict[str, str]) -> None:
    """Record each member's vote on the roll call by key, on their own line."""
    for member, key in choices.items():
        row = next(n for n, line in enumerate(vote._lines) if line.member == member and not line.proxy_for)
        vote.query_one("#voters").move_cursor(row=row)
        await pilot.press(key)
    await pilot.pause()


async def test_the_chair_who_voted_is_not_offered_a_casting_vote(workspace, clock):
    """RONR: the chair who voted "no" on a roll call has no second vote to break the tie."""
    slug = variant(workspace, "casting", ("chair_casting_vote = false", "chair_casting_vote = true"))
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        chair = live.state.chair
        others = [m for m in voting_ids(live) if m != chair][:5]
        await arrive(pilot, live, chair, *others)
        await propose(app, pilot, "Join the regional water campaign.")
        await open_decisions(app, pilot)
        vote = await open_vote(app, pilot, "roll-call")
        await roll(pilot, vote, {chair: "n", **dict(zip(others, "yyynn"))})
        assert live.state.decisions.ballot.tally() == decisions.Tally(3, 3, 0)
        assert not vote.casting_vote_offered()
        await pilot.press("c")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)  # no casting-vote form
        assert "has already voted on this question" in str(confirm.query_one(Label).render())
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.pause()
        decision = live.state.decisions.records[-1]
        assert decision.casting_vote == "" and decision.outcome == "rejected"
        assert "vote.closed" in kinds(path) and decision.tally == decisions.Tally(3, 3, 0)


# -- show of hands ---------------------------------------------------------------------------


async def test_show_of_hands_counts_above_the_eligible_are_refused(executive):
    app, pilot, live, path = executive
    await arrive(pilot, live, *voting_ids(live, 7))
    await propose(app, pilot, "Approve the communication budget.")
    await open_decisions(app, pilot)
    vote = await open_vote(app, pilot, "show-of-hands", threshold="two_thirds_cast")
    assert not vote.query_one("#voters").display
    threshold = rendered(vote, "#vote-threshold")
    assert "two-thirds of votes cast" in threshold and "OVERRIDE, minuted" in threshold
    await pilot.press("y")  # no roll on a show of hands: the key is not even active
    await pilot.pause()
    assert "vote.cast" not in kinds(path)
    await pilot.press("e")
    await pilot.pause()
    form = app.screen
    assert "From 0 to 7 vote(s)." in str(form.query_one(".form-help").render())  # unit and range stated
    form.query_one("#field-yes").value = "-1"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is form and "From 0 to 7" in str(form.query_one("#error-yes").render())  # refused at the field
    form.query_one("#field-yes").value = "6"
    form.query_one("#field-no").value = "3"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is form  # the domain refused: the dialog stays open with the counts typed
    assert "only 7 votes can be cast now" in str(form.query_one("#error").render())
    assert "vote.counted" not in kinds(path)
    form.query_one("#field-no").value = "1"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert live.state.decisions.ballot.counts == decisions.Tally(6, 1, 0)
    assert "Counts: yes 6 · no 1 · abstain 0" in rendered(vote, "#vote-tally")
    screen = await close_vote(app, pilot)
    decision = live.state.decisions.records[-1]
    assert decision.threshold == "two_thirds_cast" and decision.threshold_overridden
    assert "override, minuted" in rendered(screen, "#result-meta")
    assert "Adopted: 6 yes, 5 needed" in rendered(screen, "#result-sentence")


async def test_closing_a_show_of_hands_without_counts_is_refused_and_cancel_withdraws_it(executive):
    app, pilot, live, path = executive
    await arrive(pilot, live, *voting_ids(live, 6))
    await propose(app, pilot, "Rename the coalition.")
    await open_decisions(app, pilot)
    await open_vote(app, pilot, "show-of-hands")
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert "Enter the counts" in last_message(app)
    assert isinstance(app.screen, VoteScreen) and "vote.closed" not in kinds(path)
    await pilot.press("x")
    await pilot.pause()
    app.screen.query_one("#field-reason").value = "opened on the wrong proposal"
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, DecisionsScreen)
    assert live.state.decisions.ballot is None and kinds(path)[-1] == "vote.cancelled"


# -- secret ballot ---------------------------------------------------------------------------


async def test_secret_ballot_records_who_took_part_never_how_and_has_no_casting_vote(workspace, clock):
    slug = variant(workspace, "secret", ("chair_casting_vote = false", "chair_casting_vote = true"))
    path = session_of(workspace, clock, slug)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        voters = voting_ids(live, 7)
        await arrive(pilot, live, *voters[:6])
        live.query_one("#roster").move_cursor(row=live._roster_ids.index(voters[6]))
        await pilot.press("R")  # remote: takes no part in a secret ballot (cast in the room)
        await propose(app, pilot, "Elect the treasurer.")
        await open_decisions(app, pilot)
        vote = await open_vote(app, pilot, "secret")
        assert voters[6] not in {line.member for line in voter_lines(live.state)}
        await pilot.press("space", "space", "space", "space")
        await pilot.pause()
        assert "4 of 6 took part" in rendered(vote, "#vote-tally")
        assert "Not yet taken part (2)" in rendered(vote, "#not-yet")
        table = vote.query_one("#voters")
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert not {"yes", "no", "abstain"} & set(cells)
        assert "Ballot box open" in rendered(vote, "#vote-tally")
        await pilot.press("e")  # the counts come after the ballot box is closed: it asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "2 who can vote have not taken part yet" in app.screen.question
        assert "vote.box_closed" not in kinds(path)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert "vote.box_closed" in kinds(path)
        form = app.screen
        assert [f.maximum for f in form.fields] == [4, 4, 4]  # 4 ballots went in, not the 6 who could vote
        form.query_one("#field-yes").value = "3"
        form.query_one("#field-no").value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "only 4 took part" in str(form.query_one("#error").render())  # kept open
        form.query_one("#field-yes").value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert live.state.decisions.ballot.counts == decisions.Tally(2, 2, 0)
        assert "Ballot box closed" in rendered(vote, "#vote-tally")
        assert "Did not take part (2)" in rendered(vote, "#not-yet")
        await pilot.press("v")  # the wall: box closed, the two who did not vote are not "still to vote"
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        line = rendered(app.screen, "#proj-decision")
        assert "ballot box closed" in line and "took part 4" in line and "did not vote 2" in line
        assert "of 6 took part" not in line
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is vote
        assert vote.check_action("took_part", ()) is False  # no ballot goes in once counting started
        assert "The ballot box is closed" in rendered(vote, "#vote-help")
        assert live.act(decisions.record_participation, voters[5]) is None
        await pilot.pause()
        assert "counting has started" in last_message(app)
        # a tie, and the charter gives the chair a casting vote, but never on a secret ballot
        assert not vote.casting_vote_offered()
        before = kinds(path)
        assert live.act(decisions.close_vote, casting_vote="yes", register_number=1) is None
        await pilot.pause()
        assert "no casting vote on a secret ballot" in last_message(app)
        assert kinds(path) == before
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # no casting-vote question
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        decision = live.state.decisions.records[-1]
        assert decision.outcome == "rejected" and decision.casting_vote == ""
        assert app.screen.query_one("#result-word").word == "REJECTED"
        assert "a tie fails" in rendered(app.screen, "#result-sentence")
    recorded = events(path)
    participations = [e["data"] for e in recorded if e["kind"] == "vote.participated"]
    assert len(participations) == 4 and all("choice" not in d for d in participations)
    assert "vote.cast" not in [e["kind"] for e in recorded]


# -- register numbers, projector, keys -------------------------------------------------------


def test_next_register_number_scans_the_committees_other_sessions(workspace, tmp_path):
    folder = workspace.committee_dir("demo-executive")
    (folder / "2025-10-01-earlier.json").write_text(
        '{"header": 1}\n{"kind": "vote.closed", "data": {"register_id": "EXE-2025-007"}}\n'
        '{"kind": "vote.closed", "data": {"register_id": "EXE-2024-031"}}\n',
        encoding="utf-8",
    )
    (folder / "2025-11-01-damaged.json").write_bytes(b'\x00\xff "EXE-2025-009" torn')
    current = folder / "2025-11-29-current.json"
    current.write_text('"EXE-2025-040"', encoding="utf-8")
    assert next_register_number(workspace, "demo-executive", "EXE", 2025, exclude=current) == 10
    assert next_register_number(workspace, "demo-executive", "EXE", 2025, exclude=current, taken=["EXE-2025-012"]) == 13
    assert next_register_number(workspace, "demo-executive", "EXE", 2024) == 32
    assert next_register_number(workspace, "demo-executive", "STR", 2025) == 1
    assert next_register_number(workspace, "no-such-committee", "EXE", 2025) == 1
    assert register_numbers(["EXE-2025-003", "XEXE-2025-900", "EXE-2025-0040"], "EXE", 2025) == {3, 40}


async def test_register_ids_continue_from_the_committees_earlier_sessions(workspace, clock):
    earlier = session_of(workspace, clock, "demo-executive")
    controller = SessionController.open(earlier, clock=clock)
    for member in [m.id for m in controller.state.members.values() if m.voting and not m.is_alternate][:6]:
        controller.do(cmd.arrive, member)
    for n in range(3):
        pid = controller.do(decisions.propose, f"Earlier decision {n}", item="minutes")[0].data["id"]
        controller.do(decisions.open_vote, pid, ballot="show-of-hands")
        controller.do(decisions.enter_counts, 5, 1)
        controller.do(decisions.close_vote, register_number=4 + n)
    controller.close()
    clock.advance(3600)
    path = workspace.new_session_path("demo-executive", "2025-11-29", "Second meeting")
    entry = workspace.committee("demo-executive")
    SessionController.create(path, entry.committee, workspace.agendas("demo-executive")[0].agenda, clock=clock, date="2025-11-29").close()
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot)
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "A later decision.")
        screen = await open_decisions(app, pilot)
        await app.workers.wait_for_complete()
        assert screen.register_number() == 7
        await open_vote(app, pilot, "show-of-hands")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-yes").value = "4"
        app.screen.query_one("#field-no").value = "2"
        await pilot.press("ctrl+s")
        await close_vote(app, pilot)
        assert live.state.decisions.records[-1].register_id == "EXE-2025-007"
        assert screen.register_number() == 8


async def test_projector_shows_the_vote_in_progress_and_then_the_result(executive):
    app, pilot, live, path = executive
    await arrive(pilot, live, *voting_ids(live, 6))
    await propose(app, pilot, "Publish the joint statement on water tariffs.")
    await pilot.press("v")
    await pilot.pause()
    projector = app.screen
    assert isinstance(projector, ProjectorScreen)
    assert projector.query_one("#proj-decision").display
    assert rendered(projector, "#proj-decision") == ""
    await pilot.press("escape")
    await pilot.pause()
    await open_decisions(app, pilot)
    await open_vote(app, pilot, "roll-call")
    await pilot.press("y", "y", "v")
    await pilot.pause()
    projector = app.screen
    assert isinstance(projector, ProjectorScreen)
    assert "Voting on P1" in rendered(projector, "#proj-decision") and "2 of 6 voted" in rendered(projector, "#proj-decision")
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("y", "n", "y", "y")
    await close_vote(app, pilot)
    await pilot.press("v")
    await pilot.pause()
    projector = app.screen
    decision = live.state.decisions.records[-1]
    line = rendered(projector, "#proj-decision")
    assert "EXE-2025-001" in line and decisions.explain(decision) in line
    region = projector.query_one("#proj-decision").region
    assert region.height > 0 and region.bottom <= SIZE[1]


async def test_the_decisions_screen_returns_to_an_open_vote(executive):
    app, pilot, live, path = executive
    await arrive(pilot, live, *voting_ids(live, 6))
    await propose(app, pilot, "Adopt the safeguarding policy.")
    await open_decisions(app, pilot)
    await open_vote(app, pilot, "roll-call")
    await pilot.press("y", "escape")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DecisionsScreen)
    assert "A vote (roll call) is open on P1" in rendered(screen, "#in-progress")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, LiveScreen)
    await pilot.press("D")  # straight back into the vote in progress
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, VoteScreen)
    assert len(live.state.decisions.ballot.roll) == 1


@pytest.mark.parametrize("screen_class", [DecisionsScreen, VoteScreen, ConsensusScreen, ProposalDialog])
def test_every_key_has_a_description_a_tooltip_and_an_id(screen_class):
    for binding in screen_class.BINDINGS:
        assert binding.description and binding.tooltip and binding.id, binding


async def test_live_screen_offers_propose_and_decisions_in_the_palette_and_help(executive):
    app, pilot, live, path = executive
    from meeting_tui.screens.help import keys_markdown

    text = keys_markdown(live)
    assert "| `y` | Propose |" in text and "| `D` | Decisions |" in text
    commands = [c.title for c in app.get_system_commands(live)]
    assert "Propose (y)" in commands and "Decisions (D)" in commands
    assert json.dumps(commands)  # plain strings


async def test_a_quick_roll_of_arrivals_says_quorum_reached_once(executive):
    app, pilot, live, path = executive
    for member in voting_ids(live, 8):  # recorded before the screen handles any Changed message,
        live.act(cmd.arrive, member)  # as when keys come faster than it re-renders
    await pilot.pause()
    await pilot.pause()
    assert live.state.quorum().met
    reached = [n for n in app._notifications if "Quorum reached" in f"{n.title} {n.message}"]
    assert len(reached) == 1


async def test_continue_is_offered_only_while_a_vote_is_open(executive):
    """The footer showed '⏎ Continue' with nothing to continue; Enter then only warned."""
    from textual.widgets import Footer

    app, pilot, live, path = executive
    await arrive(pilot, live, *voting_ids(live, 6))
    await propose(app, pilot, "Adopt the safeguarding policy.")
    screen = await open_decisions(app, pilot)

    def footer() -> str:
        return " ".join(key.description for key in screen.query_one(Footer).query("FooterKey"))

    assert "Continue" not in footer() and screen.check_action("resume", ()) is False
    vote = await open_vote(app, pilot, "roll-call")
    await pilot.press("escape")  # back to the decisions screen; the vote stays open
    await pilot.pause()
    assert app.screen is screen
    assert "Continue" in footer()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, VoteScreen) and app.screen.proposal_id == vote.proposal_id
