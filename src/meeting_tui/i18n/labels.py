"""Display labels for the domain's enumerations, marked for translation (show with `tr`)."""

from meeting_tui.i18n import N_

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
