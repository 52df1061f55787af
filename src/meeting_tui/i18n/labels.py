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


def body(key: str) -> str:
    """A decision-making body's name as shown ("executive" -> "executive committee")."""
    return tr(BODY.get(key, key))


def matter(key: str) -> str:
    """A kind of matter (a `[scope]` key) as shown ("public-statement" -> "public statement")."""
    return tr(MATTER.get(key, key.replace("-", " ")))
