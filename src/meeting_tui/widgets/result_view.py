"""A decision's result, large: the outcome word in block letters, a tally bar (yes / no /
abstain, or a consensus round's spread per category) and the domain's one-sentence reason.

The texts are built here from the domain's records (`Result`), so the decisions screen and
the projector say the same thing in the same words.
"""

from __future__ import annotations

from msgspec import Struct
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from meeting_tui.domain import consensus
from meeting_tui.domain.decisions import (
    CHOICE_LABELS,
    METHOD_LABELS,
    ConsensusRound,
    Decision,
    did_not_vote,
    explain,
    vote_capacity,
)
from meeting_tui.domain.rules import CONSENSUS_CATEGORIES, CONSENSUS_CATEGORY_LABELS, Tally, threshold_label
from meeting_tui.domain.session import SessionState
from meeting_tui.i18n import _, short, tr
from meeting_tui.widgets.big_word import BigWord


class Segment(Struct, frozen=True):
    key: str  # yes | no | abstain | a consensus category: names the bar's colour
    label: str
    count: int


class Result(Struct, frozen=True):
    word: str  # ADOPTED, REJECTED, ... (translated)
    tone: str  # adopted | rejected | neutral
    meta: str  # proposal, register id, method, threshold
    segments: tuple[Segment, ...]
    sentence: str  # the domain's explanation


def vote_segments(tally: Tally | None) -> tuple[Segment, ...]:
    tally = tally or Tally(0, 0, 0)
    return tuple(
        Segment(choice, tr(CHOICE_LABELS[choice]), count)
        for choice, count in (("yes", tally.yes), ("no", tally.no), ("abstain", tally.abstain))
    )


def spread_segments(spread) -> tuple[Segment, ...]:
    spread = dict(spread)
    return tuple(Segment(c, tr(CONSENSUS_CATEGORY_LABELS[c]), spread.get(c, 0)) for c in CONSENSUS_CATEGORIES)


def outcome_word(outcome: str) -> tuple[str, str]:
    """(tone, word) for a decision's outcome."""
    if outcome == "adopted":
        return "adopted", _("ADOPTED")
    if outcome == "rejected":
        return "rejected", _("REJECTED")
    if outcome == "no-quorum":
        return "rejected", _("NO QUORUM")
    return "neutral", _("REFERRED")


def decision_result(decision: Decision) -> Result:
    """A recorded decision (a vote, or a round that reached consensus or lacked quorum)."""
    d = decision
    tone, word = outcome_word(d.outcome)
    parts = [d.proposal]
    if d.register_id:
        parts.append(d.register_id)
    parts.append(tr(METHOD_LABELS[d.method]))
    if d.kind == "vote":
        threshold = threshold_label(d.threshold)
        if d.threshold_overridden:
            threshold = _("{threshold} (override, minuted)", threshold=threshold)
        parts.append(threshold)
        segments = vote_segments(d.tally)
    else:
        parts.append(_("round {n}", n=d.round))
        segments = spread_segments(d.spread)
    if d.quorum is not None:
        parts.append(_("quorum {counted}/{required}", counted=d.quorum.counted, required=d.quorum.required))
    return Result(word, tone, " · ".join(parts), segments, explain(d))


def round_result(state: SessionState, current: ConsensusRound) -> Result:
    """A consensus round: closed without consensus (no decision recorded), or still open."""
    meta = " · ".join(
        [current.proposal, tr(METHOD_LABELS[current.method]), _("round {n}", n=current.number)]
    )
    if current.closed_at is None:
        word, tone = _("IN PROGRESS"), "neutral"
    elif current.outcome == "consensus":
        word, tone = _("CONSENSUS"), "adopted"
    elif current.outcome == "no-quorum":
        word, tone = _("NO QUORUM"), "rejected"
    else:
        word, tone = _("NO CONSENSUS"), "rejected"
    return Result(word, tone, meta, spread_segments(current.spread()), consensus.explain_round(state, current))


def latest_result(state: SessionState) -> tuple[str, Decision | ConsensusRound] | None:
    """The most recent result of the session: (proposal id, its decision or failed round)."""
    best: tuple[tuple[float, int], str, Decision | ConsensusRound] | None = None
    for record in state.decisions.records:
        key = (record.at, 1)
        if best is None or key >= best[0]:
            best = (key, record.proposal, record)
    for proposal in state.decisions.proposals.values():
        for closed in proposal.rounds:
            if closed.outcome == "no-consensus" and closed.closed_at is not None:
                key = (closed.closed_at, 0)
                if best is None or key > best[0]:
                    best = (key, proposal.id, closed)
    return None if best is None else (best[1], best[2])


def decision_line(state: SessionState) -> str:
    """One line for the wall: the vote or round in progress, else the latest result."""
    d = state.decisions
    if d.ballot is not None:
        ballot = d.ballot
        proposal = d.proposals[ballot.proposal]
        method = tr(METHOD_LABELS[ballot.kind])
        text = short(proposal.text, 50)
        if ballot.kind == "roll-call":
            return _(
                "Voting on {id} “{text}” ({method}): {voted} of {can} voted",
                id=proposal.id,
                text=text,
                method=method,
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
        return _("Voting on {id} “{text}” ({method})", id=proposal.id, text=text, method=method)
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
    latest = latest_result(state)
    if latest is None:
        return ""
    proposal_id, result = latest
    if isinstance(result, Decision):
        label = f"{proposal_id} · {result.register_id}" if result.register_id else proposal_id
        return _("{label}: {sentence}", label=label, sentence=explain(result))
    return _("{label}: {sentence}", label=proposal_id, sentence=consensus.explain_round(state, result))


# ---------------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------------


def allocate(counts: list[int], width: int) -> list[int]:
    """Cells per count, proportional, summing to `width` (largest remainder); a non-zero
    count always gets at least one cell when the width allows."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0 for _c in counts]
    exact = [c * width / total for c in counts]
    cells = [int(x) for x in exact]
    for i, c in enumerate(counts):
        if c and not cells[i]:
            cells[i] = 1
    while sum(cells) > width:
        i = max(range(len(cells)), key=lambda k: (cells[k] - exact[k], cells[k]))
        cells[i] -= 1
    order = sorted(range(len(counts)), key=lambda k: exact[k] - int(exact[k]), reverse=True)
    k = 0
    while sum(cells) < width and order:
        cells[order[k % len(order)]] += 1
        k += 1
    return cells


class TallyBar(Widget):
    """A horizontal bar of segments (yes/no/abstain, or consensus categories) and a legend.
    Colours come from the stylesheet's component classes (`tally-bar--yes`, ...)."""

    COMPONENT_CLASSES = {
        "tally-bar--yes",
        "tally-bar--no",
        "tally-bar--abstain",
        "tally-bar--support",
        "tally-bar--reservation",
        "tally-bar--stand-aside",
        "tally-bar--block",
        "tally-bar--more-discussion",
        "tally-bar--empty",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.segments: tuple[Segment, ...] = ()

    def show(self, segments: tuple[Segment, ...]) -> None:
        self.segments = segments
        self.display = bool(segments)
        self.refresh()

    def legend(self) -> str:
        return "   ".join(f"{s.label} {s.count}" for s in self.segments)

    def legend_lines(self, width: int) -> list[list[Segment]]:
        """The legend's entries in lines of at most `width` cells, each entry kept whole (a
        consensus round's five categories do not fit one line of a half screen: the last ones
        were cut off)."""
        lines: list[list[Segment]] = []
        current: list[Segment] = []
        used = 0
        for segment in self.segments:
            cells = cell_len(f"■ {segment.label} {segment.count}")
            if current and used + 3 + cells > width:
                lines.append(current)
                current, used = [], 0
            used += cells + (3 if current else 0)
            current.append(segment)
        if current:
            lines.append(current)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + len(self.legend_lines(width)) if self.segments else 0

    def render(self) -> Text:
        width = max(1, self.size.width)
        counts = [s.count for s in self.segments]
        text = Text()
        if sum(counts) == 0:
            text.append("░" * width, self.get_component_rich_style("tally-bar--empty"))
        else:
            for segment, cells in zip(self.segments, allocate(counts, width)):
                text.append("█" * cells, self.get_component_rich_style(f"tally-bar--{segment.key}"))
        for line in self.legend_lines(width):
            text.append("\n")
            for n, segment in enumerate(line):
                if n:
                    text.append("   ")
                text.append("■ ", self.get_component_rich_style(f"tally-bar--{segment.key}"))
                text.append(f"{segment.label} {segment.count}")
        return text


class ResultView(Vertical):
    """The outcome word in block letters, what was decided how, the tally bar, the sentence."""

    def compose(self) -> ComposeResult:
        yield BigWord("", id="result-word")
        yield Label("", id="result-meta", markup=False)
        yield TallyBar(id="result-bar")
        yield Static("", id="result-sentence", markup=False)

    def show(self, result: Result | None, placeholder: str = "") -> None:
        word = self.query_one("#result-word", BigWord)
        for tone in ("adopted", "rejected", "neutral"):
            self.set_class(result is not None and result.tone == tone, f"-{tone}")
        if result is None:
            word.update("")
            self.query_one("#result-meta", Label).update("")
            self.query_one("#result-bar", TallyBar).show(())
            self.query_one("#result-sentence", Static).update(placeholder)
            return
        word.update(result.word)
        self.query_one("#result-meta", Label).update(result.meta)
        self.query_one("#result-bar", TallyBar).show(result.segments)
        self.query_one("#result-sentence", Static).update(result.sentence)
