"""What the board shows, built from the domain state (never from screens).

Public by design: nothing here names who chose what in a vote, nothing of a secret ballot
beyond how many took part, no notes (a mediator's or anyone's), no conflict details.
"""

from __future__ import annotations

from msgspec import Struct, field

from meeting_tui.domain import consensus
from meeting_tui.domain.decisions import (
    CHOICE_LABELS,
    METHOD_LABELS,
    OUTCOME_LABELS,
    Decision,
    did_not_vote,
    explain,
    vote_capacity,
)
from meeting_tui.domain.rules import CONSENSUS_CATEGORIES, CONSENSUS_CATEGORY_LABELS
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _, is_rtl, labels, short, tr, using_language


class Row(Struct, frozen=True):
    number: int
    title: str
    status: str  # pending | running | paused | done | skipped | deferred (a CSS class)
    label: str  # the status in words


class Count(Struct, frozen=True):
    key: str
    label: str
    count: int


class ResultView(Struct, frozen=True):
    label: str  # the proposal (and register id)
    text: str  # the proposal's words
    outcome: str  # adopted | rejected | no-quorum | referred | no-consensus (a CSS class)
    word: str  # the outcome in words
    sentence: str  # the domain's one-sentence explanation
    counts: tuple[Count, ...]


class BoardView(Struct, frozen=True):
    lang: str
    rtl: bool
    committee: str
    title: str
    when: str  # date · place
    closed: bool
    quorum_met: bool
    quorum: str
    present: str  # "5 of 13 present"
    present_names: tuple[str, ...]
    item_title: str  # "" when no item runs
    item_state: str  # running | paused | ""
    item_label: str
    item_deadline: float | None  # server time at which the item's time runs out (running only)
    item_remaining: float  # seconds left now (negative: overrun)
    speaker: str
    speaker_deadline: float | None
    speaker_remaining: float
    queue: tuple[str, ...]
    agenda: tuple[Row, ...]
    vote: str  # an open vote's or round's progress, in words; "" when none
    result: ResultView | None
    labels: dict[str, str] = field(default_factory=dict)


def board_view(state: SessionState, now: float, language: str | None = None) -> BoardView:
    """The board's content at `now`, in `language` (default: the committee's)."""
    lang = language or state.committee.language or "en"
    with using_language(lang):
        return _view(state, now, lang)


def _view(state: SessionState, now: float, lang: str) -> BoardView:
    status = state.quorum()
    present_ids = [m for m, a in state.attendance.items() if a.status == "present"]
    names = []
    for member_id in present_ids:
        member = state.members[member_id]
        remote = state.attendance[member_id].mode == "remote"
        names.append(member.name + (" " + _("(remote)") if remote else ""))
    current = state.items.get(state.current_item) if state.current_item else None
    item_title = item_state = item_label = ""
    item_deadline = None
    item_remaining = 0.0
    if current is not None:
        item_title = current.item.title
        item_state = current.status
        item_remaining = current.remaining(now)
        item_label = tr(labels.ITEM_STATUS[current.status])
        if current.status == "running":
            item_deadline = now + item_remaining
    speaker = ""
    speaker_deadline = None
    speaker_remaining = 0.0
    turn = state.current_speaker
    if turn is not None:
        member = state.members[turn.member]
        speaker = _("Speaking: {name} ({organisation})", name=member.name, organisation=member.organisation)
        speaker_remaining = state.charter.timer.speaking_minutes * 60 - turn.seconds(now)
        speaker_deadline = now + speaker_remaining
    agenda = tuple(
        Row(n, item.item.title, item.status, tr(labels.ITEM_STATUS[item.status]))
        for n, item in enumerate(state.items.values(), start=1)
    )
    when = " · ".join(p for p in (state.date, state.place) if p)
    return BoardView(
        lang=lang,
        rtl=is_rtl(lang),
        committee=state.committee.name,
        title=state.title,
        when=when,
        closed=state.is_closed,
        quorum_met=status.met,
        quorum=status.summary(),
        present=_("Attendance: {present} of {total} present", present=len(present_ids), total=len(state.members)),
        present_names=tuple(names),
        item_title=item_title,
        item_state=item_state,
        item_label=item_label,
        item_deadline=item_deadline,
        item_remaining=item_remaining,
        speaker=speaker,
        speaker_deadline=speaker_deadline,
        speaker_remaining=speaker_remaining,
        queue=tuple(state.members[m].name for m in state.speaker_queue),
        agenda=agenda,
        vote=_vote_progress(state),
        result=_latest_result(state),
        labels={
            "agenda": _("Agenda"),
            "queue": _("Speakers' list"),
            "nobody": _("Nobody has the floor."),
            "no_item": _("No item running · meeting time"),
            "time_left": _("time left"),
            "overrun": _("OVERRUN"),
            "result": _("Latest result"),
            "vote": _("Vote in progress"),
            "closed": _("This session is closed."),
            "live": _("Live: updates appear as they are recorded."),
            "offline": _("Connection lost: trying again…"),
        },
    )


def _vote_progress(state: SessionState) -> str:
    """How far an open vote or consensus round has got: counts only, never who chose what."""
    d = state.decisions
    if d.ballot is not None:
        ballot = d.ballot
        proposal = d.proposals[ballot.proposal]
        text = short(proposal.text, 50)
        if ballot.kind == "roll-call":
            return _(
                "Voting on {id} “{text}” ({method}): {voted} of {can} voted",
                id=proposal.id,
                text=text,
                method=tr(METHOD_LABELS[ballot.kind]),
                voted=len(ballot.roll),
                can=vote_capacity(state, ballot),
            )
        if ballot.kind == "secret" and ballot.counting:
            return _(
                "Secret ballot on {id} “{text}”: ballot box closed · took part {voted} · did not vote {missing} · counting",
                id=proposal.id,
                text=text,
                voted=len(ballot.took_part),
                missing=len(did_not_vote(state)),
            )
        if ballot.kind == "secret":
            return _(
                "Secret ballot on {id} “{text}”: {voted} of {can} took part",
                id=proposal.id,
                text=text,
                voted=len(ballot.took_part),
                can=vote_capacity(state, ballot),
            )
        return _("Voting on {id} “{text}” ({method})", id=proposal.id, text=text, method=tr(METHOD_LABELS[ballot.kind]))
    if d.round is not None:
        proposal = d.proposals[d.round.proposal]
        return _(
            "Consensus round {n} on {id} “{text}”: {responded} of {present} responded",
            n=d.round.number,
            id=proposal.id,
            text=short(proposal.text, 50),
            responded=len(d.round.responses),
            present=len(consensus.participants_present(state)),
        )
    return ""


def _latest_result(state: SessionState) -> ResultView | None:
    """The session's most recent decision, or a consensus round that failed after it."""
    best = None
    for record in state.decisions.records:
        if best is None or (record.at, 1) >= best[0]:
            best = ((record.at, 1), record.proposal, record)
    for proposal in state.decisions.proposals.values():
        for closed in proposal.rounds:
            if closed.outcome == "no-consensus" and closed.closed_at is not None:
                if best is None or (closed.closed_at, 0) > best[0]:
                    best = ((closed.closed_at, 0), proposal.id, closed)
    if best is None:
        return None
    _key, proposal_id, record = best
    text = short(state.decisions.proposals[proposal_id].text, 120) if proposal_id in state.decisions.proposals else ""
    if isinstance(record, Decision):
        label = f"{proposal_id} · {record.register_id}" if record.register_id else proposal_id
        if record.kind == "vote" and record.tally is not None:
            t = record.tally
            counts = tuple(Count(c, tr(CHOICE_LABELS[c]), n) for c, n in (("yes", t.yes), ("no", t.no), ("abstain", t.abstain)))
        else:
            spread = dict(record.spread)
            counts = tuple(Count(c, tr(CONSENSUS_CATEGORY_LABELS[c]), spread.get(c, 0)) for c in CONSENSUS_CATEGORIES)
        return ResultView(label, text, record.outcome, tr(OUTCOME_LABELS[record.outcome]), explain(record), counts)
    spread = record.spread()
    counts = tuple(Count(c, tr(CONSENSUS_CATEGORY_LABELS[c]), spread.get(c, 0)) for c in CONSENSUS_CATEGORIES)
    return ResultView(proposal_id, text, "no-consensus", _("NO CONSENSUS"), consensus.explain_round(state, record), counts)
