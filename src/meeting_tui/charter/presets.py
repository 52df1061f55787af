"""Charter presets: three common ways of running a committee, as complete `Charter` values.

A preset sets how decisions are made (seats, proxies, quorum rule, voting, consensus,
revisiting). `apply_preset` keeps what belongs to the committee itself: its scope, its
escalation ladder, its meeting length and timers, and its power-sharing minimum.
"""

from __future__ import annotations

from msgspec.structs import replace

from meeting_tui.domain.model import Charter, ConsensusRules, RevisitRules, VotingRules
from meeting_tui.i18n import N_

#: Robert's Rules of Order (RONR, 12th ed.): PROCEDURE.md's defaults are RONR's. Quorum a
#: majority of the members, motions adopted by a majority of the votes cast, no proxies,
#: reconsider only from the prevailing side, rescind by two thirds (or a majority with notice).
ROBERTS_RULES = Charter()

#: Consensus first (Kaner's gradients of agreement), a two-thirds vote after two failed
#: rounds; anyone may move to reopen, but only with new information.
CONSENSUS_WITH_VOTE_FALLBACK = Charter(
    voting=VotingRules(default_threshold="two_thirds_cast"),
    consensus=ConsensusRules(
        method="gradients",
        max_stand_aside_fraction=0.25,
        max_rounds=2,
        fallback="vote",
        fallback_threshold="two_thirds_cast",
    ),
    revisit=RevisitRules(mover_on_prevailing_side=False, requires_new_information=True),
)

#: Sociocratic consent: a proposal passes when nobody has a reasoned objection; objections are
#: worked into the proposal, and an unresolved one goes up the escalation ladder (in
#: sociocracy, to the next circle). No stand-asides; any member may ask to revisit.
SOCIOCRATIC_CONSENT = Charter(
    voting=VotingRules(default_threshold="two_thirds_cast"),
    consensus=ConsensusRules(
        method="consent",
        max_stand_aside_fraction=0.0,
        max_rounds=3,
        fallback="escalate",
        fallback_threshold="two_thirds_cast",
    ),
    revisit=RevisitRules(mover_on_prevailing_side=False),
)

#: id -> (label, one-line description, charter). Labels are marked for translation (`tr`).
PRESETS: dict[str, tuple[str, str, Charter]] = {
    "roberts-rules": (
        N_("Robert's Rules defaults"),
        N_("Majority quorum; motions pass by a majority of votes cast; reopening as in Robert's Rules."),
        ROBERTS_RULES,
    ),
    "consensus-vote": (
        N_("Consensus with vote fallback"),
        N_("Gradients of agreement; after two failed rounds, a two-thirds vote. Reopen only with new information."),
        CONSENSUS_WITH_VOTE_FALLBACK,
    ),
    "sociocratic-consent": (
        N_("Sociocratic consent"),
        N_("Adopted when nobody objects; unresolved objections go up the escalation ladder."),
        SOCIOCRATIC_CONSENT,
    ),
}


def apply_preset(current: Charter, preset: Charter) -> Charter:
    """`preset`'s rules, keeping `current`'s scope, ladder, meeting length, timers and
    power-sharing minimum (`quorum.min_community`)."""
    return replace(
        preset,
        scope=dict(current.scope),
        escalation=current.escalation,
        meeting_minutes=current.meeting_minutes,
        timer=current.timer,
        quorum=replace(preset.quorum, min_community=current.quorum.min_community),
    )
