"""The declared-interest dialog (RONR: no vote on a question of direct personal interest),
opened from the decisions screen (I, on a proposal) and the live screen (I, on a member).

The member still counts for quorum; the domain keeps their seat out of the proposal's votes
and rounds (`eligibility.recused_seats`), and the minutes record the declaration.
"""

from __future__ import annotations

from typing import Callable

from meeting_tui.domain import eligibility, interests
from meeting_tui.i18n import _, short
from meeting_tui.widgets.dialogs import FormDialog, FormField


def declare_interest(
    screen,
    session,
    *,
    proposal: str = "",
    item: str = "",
    member: str = "",
    done: Callable[[], None] | None = None,
) -> None:
    """Ask who declares (unless `member` is given), in what (the proposal, or the item and any
    of its open proposals) and a note; record it through the session service."""
    state = session.state
    fields = []
    if not member:
        people = [(f"{m.name} — {m.organisation}" if m.organisation else m.name, m.id) for m in eligibility.interest_declarers(state)]
        if not people:  # an empty list is never opened: say why and what to do
            screen.notify(_("No member has a vote to withhold, so nobody can declare an interest: give members a vote in the committee editor."), severity="warning")
            return
        fields.append(FormField("member", _("Member"), options=people))
    if not proposal:
        title = state.items[item].item.title
        targets = [(_("the whole item “{item}”", item=title), "")]
        targets += [(f"{p.id}: {short(p.text, 50)}", p.id) for p in state.decisions.proposals.values() if p.item == item and p.status == "open"]
        fields.append(FormField("proposal", _("Interest in"), options=targets))
    fields.append(FormField("note", _("What the interest is (for the minutes)"), placeholder=_("e.g. my organisation would receive the grant")))
    who = state.members[member].name if member else ""
    title = _("Declare an interest: {name}", name=who) if who else _("Declare an interest in {id}", id=proposal)

    def declare(values: dict):
        target = proposal or values.get("proposal", "")
        return session.attempt(
            interests.declare_interest, member or values["member"], proposal=target, item="" if target else item, note=values["note"]
        )

    def declared(values: dict | None) -> None:
        if values is not None:
            screen.notify(_("Declared interest recorded: no part in its votes and rounds; still counted for quorum."))
            if done is not None:
                done()

    screen.app.push_screen(
        FormDialog(
            title,
            fields,
            submit=_("Declare"),
            help_text=_("The member still counts for quorum but takes no part in the votes and consensus rounds on it; the minutes record the declaration."),
            act=declare,
            refusal_field="member" if not member else "note",
        ),
        declared,
    )
