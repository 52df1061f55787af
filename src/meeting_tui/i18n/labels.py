"""Display labels for the domain's enumerations, marked for translation (show with `tr`)."""

from meeting_tui.i18n import N_, tr

ROLE = {
    "chair": N_("chair"),
    "deputy": N_("deputy"),
    "secretary": N_("secretary"),
    "officer": N_("officer"),
    "member": N_("member"),
    "observer": N_("observer"),
    "mediator": N_("mediator"),
    "staff": N_("staff"),
}
ITEM_KIND = {
    "information": N_("information"),
    "discussion": N_("discussion"),
    "decision": N_("decision"),
}
ITEM_STATUS = {
    "pending": N_("pending"),
    "running": N_("running"),
    "paused": N_("paused"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "deferred": N_("deferred"),
}
ATTENDANCE = {
    "absent": N_("absent"),
    "present": N_("present"),
    "apologies": N_("apologies"),
    "left": N_("left"),
}
CONSTITUENCY = {
    "community": N_("community"),
    "partner": N_("partner"),
}
BODY = {
    "strategic": N_("strategic committee"),
    "executive": N_("executive committee"),
    "working-group": N_("working group"),
}
COLLABORATION = {
    "": N_("(not said)"),
    "information-network": N_("information network"),
    "organisation": N_("organisation or association"),
    "coordinating-council": N_("coordinating council"),
    "campaign": N_("campaign"),
    "long-term-coalition": N_("long-term coalition"),
}
LANGUAGE = {
    "en": N_("English"),
    "ar": N_("Arabic"),
}
SEATS = {
    "member": N_("one vote per member"),
    "organisation": N_("one vote per organisation"),
}
QUORUM_RULE = {
    "majority": N_("majority of the voting seats"),
    "count": N_("a fixed number of seats"),
    "fraction": N_("a share of the seats"),
}
CONSENSUS_METHOD = {
    "formal": N_("formal consensus (agree, reservations, stand aside, block)"),
    "gradients": N_("gradients of agreement (Kaner's 8 points)"),
    "fist-to-five": N_("fist to five"),
    "consent": N_("sociocratic consent (no objection / objection)"),
}
CONSENSUS_FALLBACK = {
    "vote": N_("a vote"),
    "escalate": N_("the escalation ladder"),
    "defer": N_("deferral to the next session"),
}
PROPOSAL_STATUS = {
    "open": N_("open"),
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
    "referred": N_("referred"),
    "escalated": N_("escalated"),
    "deferred": N_("deferred"),
}

# The kinds of matter of the example charters' [scope] tables; a committee's own keys show as
# written, with "-" read as a space.
MATTER = {
    "budget": N_("budget"),
    "annual-budget": N_("annual budget"),
    "membership": N_("membership"),
    "public-statement": N_("public statement"),
    "work-plan": N_("work plan"),
}

# The charter's settings, by their key inside [charter] ("voting.chair_casting_vote" is
# `chair_casting_vote` of [charter.voting]): the charter editor's labels, and the words a
# refusal uses to name the setting it applies.
SETTING = {
    "seats": N_("Seats"),
    "proxies": N_("Proxies"),
    "max_proxies_per_member": N_("Proxies per member"),
    "remote_counts": N_("Remote members count"),
    "non_voting_roles_vote": N_("Non-voting roles vote"),
    "quorum.rule": N_("Rule"),
    "quorum.count": N_("Count"),
    "quorum.fraction": N_("Fraction"),
    "quorum.count_proxies": N_("Proxies count"),
    "quorum.min_community": N_("Community minimum"),
    "voting.default_threshold": N_("Default threshold"),
    "voting.chair_casting_vote": N_("Chair's casting vote"),
    "voting.unanimous_no_abstain": N_("Unanimity without abstentions"),
    "voting.remote_secret_ballot": N_("Remote members in a secret ballot"),
    "voting.declared_interest_may_speak": N_("Declared interest may speak"),
    "consensus.method": N_("Method"),
    "consensus.max_stand_aside_fraction": N_("Stand-asides allowed"),
    "consensus.max_rounds": N_("Rounds"),
    "consensus.fallback": N_("Fallback"),
    "consensus.fallback_threshold": N_("Fallback threshold"),
    "revisit.mover_on_prevailing_side": N_("Mover on winning side"),
    "revisit.reconsider_threshold": N_("Reconsider"),
    "revisit.rescind_threshold": N_("Rescind or amend"),
    "revisit.rescind_with_notice_threshold": N_("… with notice"),
    "revisit.min_days_before_reopen": N_("Days before reopening"),
    "revisit.requires_new_information": N_("New information needed"),
    "meeting_minutes": N_("Meeting length"),
    "timer.warn_minutes": N_("Warn before the end"),
    "timer.speaking_minutes": N_("Speaking time"),
}


def setting(key: str) -> str:
    """A charter setting's label as shown ("voting.chair_casting_vote" -> "Chair's casting vote")."""
    return tr(SETTING[key])


def body(key: str) -> str:
    """A decision-making body's name as shown ("executive" -> "executive committee")."""
    return tr(BODY.get(key, key))


def matter(key: str) -> str:
    """A kind of matter (a `[scope]` key) as shown ("public-statement" -> "public statement")."""
    return tr(MATTER.get(key, key.replace("-", " ")))
