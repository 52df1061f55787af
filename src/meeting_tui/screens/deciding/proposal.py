"""The proposal dialog: make a proposal (its text, the agenda item it belongs to, the kind of
matter, mover and seconder) or amend one (a new numbered version; the earlier ones are shown).

The dialog runs the domain command itself through the live screen; a refusal keeps it open
with the domain's message, so nothing typed is lost.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Select, Static

from meeting_tui.domain import decisions, eligibility
from meeting_tui.domain.rules import referral
from meeting_tui.i18n import _, join, labels
from meeting_tui.session_service import SessionService
from meeting_tui.widgets.dialogs import DialogScreen, said
from meeting_tui.widgets.text_area import TextArea
from meeting_tui.widgets.typing_preview import TypingPreview


def matter_options(state) -> list[tuple[str, str]]:
    """The charter's kinds of matter (its `[scope]` keys), saying which are referred."""
    options = [(_("(none)"), "")]
    for matter, bodies in state.charter.scope.items():
        names = join(labels.body(b) for b in bodies)
        if referral(state.charter, matter, state.committee.body):
            label = _("{matter} — decided by {bodies}: will be referred", matter=labels.matter(matter), bodies=names)
        else:
            label = _("{matter} — decided by {bodies}", matter=labels.matter(matter), bodies=names)
        options.append((label, matter))
    return options


def member_options(state) -> list[tuple[str, str]]:
    """Who may move or second: the members present with a vote (`eligibility.movers`)."""
    return [(_("(none)"), "")] + [(f"{m.name} — {m.organisation}", m.id) for m in eligibility.movers(state)]


def clock_time(at: float) -> str:
    """A time of day (this computer's time zone), e.g. 10:32."""
    return datetime.fromtimestamp(at).strftime("%H:%M")


def versions_text(proposal) -> str:
    """Every version of a proposal, oldest first: `v1 (10:32): text`."""
    return "\n".join(
        _("v{n} ({time}): {text}", n=v.number, time=clock_time(v.at), text=v.text) for v in proposal.versions
    )


class ProposalDialog(DialogScreen):
    """Dismisses with the proposal's id once recorded, or None when cancelled (the dialog
    pattern of widgets/dialogs.py: ctrl+s records, Escape cancels)."""

    def __init__(self, session: SessionService, *, item: str | None = None, proposal_id: str | None = None, correct: bool = False) -> None:
        super().__init__()
        self.session = session
        self.item = item
        self.proposal_id = proposal_id
        self.correct = correct  # correct the wording (a typo, before any vote): no new version

    @property
    def proposal(self):
        return self.session.state.decisions.proposals[self.proposal_id] if self.proposal_id else None

    def compose(self) -> ComposeResult:
        state = self.session.state
        proposal = self.proposal
        with VerticalScroll(id="proposal-dialog"):
            if proposal is None:
                yield Label(_("New proposal"), classes="dialog-title")
            elif self.correct:
                yield Label(
                    _("Correct the wording of {id} (version {n}) before any vote: no new version; minuted as a correction", id=proposal.id, n=proposal.version),
                    classes="dialog-title",
                    markup=False,
                )
            else:
                yield Label(
                    _("Amend {id} (now version {n}): the new text becomes version {next}", id=proposal.id, n=proposal.version, next=proposal.version + 1),
                    classes="dialog-title",
                )
                with VerticalScroll(id="proposal-versions"):
                    yield Static(versions_text(proposal), markup=False)
            yield Label(_("What the meeting is asked to decide (several lines allowed; ctrl+s saves)"))
            yield TextArea(proposal.text if proposal else "", id="proposal-text", soft_wrap=True)
            yield TypingPreview(id="proposal-preview")
            yield Label("", id="proposal-text-error", classes="error", markup=False).set_styles("display: none;")  # a refused text, beside it
            if proposal is None:
                items = [(i.item.title, item_id) for item_id, i in state.items.items()]
                default_item = self.item if self.item in state.items else (items[0][1] if items else "")
                with Horizontal(classes="proposal-row"):
                    yield Label(_("Agenda item"), classes="proposal-label")
                    if items:
                        yield Select(items, value=default_item, allow_blank=False, id="proposal-item", compact=True)
                    else:
                        yield Label(_("The agenda is empty: add an item first (+ on the live screen)."), classes="error")
                with Horizontal(classes="proposal-row"):
                    yield Label(_("Kind of matter"), classes="proposal-label")
                    yield Select(matter_options(state), value="", allow_blank=False, id="proposal-matter", compact=True)
                with Horizontal(classes="proposal-row"):
                    yield Label(_("Moved by"), classes="proposal-label")
                    yield Select(member_options(state), value="", allow_blank=False, id="proposal-mover", compact=True)
                with Horizontal(classes="proposal-row"):
                    yield Label(_("Seconded by"), classes="proposal-label")
                    yield Select(member_options(state), value="", allow_blank=False, id="proposal-seconder", compact=True)
            yield Label("", id="proposal-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button((_("Correct") if self.correct else _("Amend")) if proposal else _("Propose"), variant="primary", id="proposal-submit")
                yield Button(_("Cancel"), id="proposal-cancel-button")

    def on_mount(self) -> None:
        self.query_one("#proposal-text", TextArea).focus()

    def _select(self, selector: str) -> str:
        found = self.query(selector)
        if not found:
            return ""
        value = found.first(Select).value
        return "" if value is Select.NULL else str(value)

    @on(TextArea.Changed, "#proposal-text")
    @on(TextArea.SelectionChanged, "#proposal-text")
    def _typing(self, event) -> None:
        self.query_one(TypingPreview).follow(event.text_area)
        if isinstance(event, TextArea.Changed):  # the text is being corrected: its refusal goes
            self.query_one("#proposal-text-error", Label).display = False

    @on(Button.Pressed, "#proposal-submit")
    def submit(self) -> None:
        text = self.query_one("#proposal-text", TextArea).text
        if self.proposal_id and self.correct:
            from meeting_tui.domain import corrections

            events = self.session.act(corrections.correct_proposal, self.proposal_id, text)
        elif self.proposal_id:
            events = self.session.act(decisions.amend_proposal, self.proposal_id, text)
        else:
            events = self.session.act(
                decisions.propose,
                text,
                item=self._select("#proposal-item"),
                matter=self._select("#proposal-matter"),
                mover=self._select("#proposal-mover"),
                seconder=self._select("#proposal-seconder"),
            )
        if events is None:
            self._show_refusal(self.session.last_refusal)
            return
        if not events:
            self.dismiss(self.proposal_id)
            return
        self.dismiss(self.proposal_id or events[0].data["id"])

    def _show_refusal(self, message: str) -> None:
        """A refused text is said under the text, which takes the focus; any other refusal
        (item, mover, seconder) above the buttons."""
        about_text = any(
            said(message, template)
            for template in (
                _("A proposal needs a text. Type what the meeting is asked to decide."),
                _("An amendment needs a text; the proposal cannot be emptied."),
                _("The text is the same as version {n}; change it to amend it."),
            )
        )
        for selector, shown in (("#proposal-text-error", about_text), ("#proposal-error", not about_text)):
            label = self.query_one(selector, Label)
            label.update(message if shown else "")
            label.display = shown
        if about_text:
            self.query_one("#proposal-text", TextArea).focus()

    @on(Button.Pressed, "#proposal-cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
