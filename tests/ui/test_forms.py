"""Forgiving forms (issue 18, item 2; issue 14, "dialogs use one pattern"): a refused value
keeps the dialog open with its error next to the field, one submit key (ctrl+s, Enter in the
last field), Escape says nothing was recorded, no key falls through to the screen beneath, an
empty search never acts, Escape on a running meeting asks; every dialog usable at 80x24."""

from __future__ import annotations

from meeting_tui.app import MeetingApp
from meeting_tui.domain import session as cmd
from meeting_tui.screens.home import HomeScreen
from meeting_tui.screens.meeting.live import LiveScreen
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField, number_problem, read_number

from .test_live import kinds, new_session, open_live
from .test_live_controls import arrive, last_message, voting_ids

SMALL = (80, 24)


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def inside(widget, size) -> bool:
    region = widget.region
    return region.width > 0 and region.height > 0 and region.right <= size[0] and region.bottom <= size[1]


# -- number fields ---------------------------------------------------------------------------


def test_a_number_field_states_and_enforces_its_unit_and_range():
    field = FormField("minutes", "Minutes", unit="minutes", minimum=1, maximum=240)
    assert field.kind == "number" and field.help == "From 1 to 240 minutes."
    assert field.problem("0.5") and field.problem("0") and field.problem("241") and field.problem("five")
    assert field.problem("1") is None and field.problem("240") is None and field.problem("1,5") is None
    assert field.problem("٥") is None  # Arabic-Indic digits are numbers too
    assert read_number("٢٫٥") == 2.5
    assert number_problem("2.5", 0, 7, "vote(s)", whole=True)
    assert number_problem("nan", 0, 7, "vote(s)") and number_problem("inf", 0, 7, "vote(s)")


# -- the live screen's dialogs ----------------------------------------------------------------


async def test_a_refused_date_keeps_the_dialog_open_and_keys_do_not_fall_through(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        await pilot.press("N")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-date").value = "2000-01-01"  # before this meeting: the domain refuses
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "must come after this one" in shown(form, "#error-date")
        assert form.query_one("#field-date").value == "2000-01-01"  # nothing typed is lost
        before = live.state.current_item
        await pilot.press("n", "x")  # one-letter commands of the live screen: not reached
        await pilot.pause()
        assert app.screen is form and live.state.current_item == before
        form.query_one("#field-date").value = "2099-03-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is live and live.state.next_meeting["date"] == "2099-03-01"


async def test_the_domain_refusal_is_shown_next_to_its_field_not_as_a_toast(workspace, clock):
    """Written straight to the domain: the dialog's submit callable returns the refusal."""
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        app.clear_notifications()
        refused = live.session.attempt(cmd.set_next_meeting, "2099-01-01", "", "25:99")
        assert refused is not None and "HH:MM" in refused.message
        assert not app._notifications  # the dialog shows it, no toast covers the form
        assert live.session.attempt(cmd.set_next_meeting, "2099-01-01", "", "09:30") is None
        assert live.state.next_meeting["time"] == "09:30"


async def test_escape_cancels_and_says_nothing_was_recorded(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        recorded = kinds(path)
        await pilot.press("plus")
        await pilot.pause()
        app.screen.query_one("#field-title").value = "Flood appeal"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is live
        assert last_message(app) == "Cancelled: nothing was recorded."
        assert kinds(path) == recorded


async def test_an_empty_search_never_acts(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        recorded = kinds(path)
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert kinds(path) == recorded  # nobody toggled
        assert all(a.status != "present" for a in live.state.attendance.values())
        assert "Type part of a name first" in last_message(app)
        await pilot.press("space", "space", "enter")  # only spaces: still empty
        await pilot.pause()
        assert kinds(path) == recorded


async def test_escape_on_a_running_meeting_asks_and_a_closed_one_does_not(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.screen is live
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # Escape on the question: stay too
        await pilot.pause()
        assert app.screen is live
        await pilot.press("c", "y")  # close the session
        await pilot.pause()
        assert live.state.is_closed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_counts_above_those_who_can_vote_are_refused_in_the_dialog(workspace, clock):
    from .test_decisions_ui import open_decisions, open_vote, propose

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        await arrive(pilot, live, *voting_ids(live, 6))
        await propose(app, pilot, "Adopt the budget.")
        await open_decisions(app, pilot)
        vote = await open_vote(app, pilot, "show-of-hands")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-yes").value = "5"
        form.query_one("#field-no").value = "4"
        await pilot.pause()
        assert "can be cast now" in shown(form, "#error")  # said as typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "vote.counted" not in kinds(path)
        form.query_one("#field-no").value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is vote and "vote.counted" in kinds(path)


# -- 80x24 ------------------------------------------------------------------------------------


async def _fits(app, pilot, *selectors: str) -> None:
    screen = app.screen
    for selector in selectors:
        widget = screen.query_one(selector)
        assert inside(widget, SMALL), (type(screen).__name__, selector, widget.region)


async def test_the_live_dialogs_fit_80x24(workspace, clock):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=SMALL) as pilot:
        live = await open_live(app, pilot)
        await pilot.press("n")
        for key, fields in (
            ("plus", ("#field-title", "#field-minutes", "#field-kind", "#field-presenter")),
            ("N", ("#field-date", "#field-time", "#field-place")),
            ("i", ("#field-text", "#field-who", "#field-due")),
            ("x", ("#field-minutes", "#field-reason")),
            ("G", ("#field-name", "#field-organisation", "#field-role")),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, FormDialog), key
            assert "-narrow" in app.screen.classes and "-short" in app.screen.classes
            await _fits(app, pilot, "#submit", "#cancel", ".dialog-title", *fields)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is live
        await pilot.press("y")  # the proposal dialog
        await pilot.pause()
        await _fits(app, pilot, "#proposal-submit", "#proposal-cancel-button", "#proposal-text", "#proposal-seconder")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is live


async def test_a_handler_dialog_with_no_independent_member_says_why_and_offers_an_external_name(workspace, clock):
    from meeting_tui.domain import conflicts
    from meeting_tui.screens.deciding.conflict import ConflictScreen

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        state = live.state
        organisations = sorted({m.organisation for m in state.members.values() if m.organisation})
        subject = next(iter(state.items))
        assert live.session.act(conflicts.raise_conflict, parties=organisations, subject=subject, description="Every organisation is a party")
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        (cid,) = screen.state.conflicts.conflicts
        await pilot.press("h")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert not dialog.query("#field-member")  # no empty list of members
        assert "No member of the committee is independent" in shown(dialog, ".dialog-help")
        dialog.query_one("#field-name").value = "Amina Yusuf"
        dialog.query_one("#field-organisation").value = "Regional Mediation Centre"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.state.conflicts.conflicts[cid].current.handler.name == "Amina Yusuf"
