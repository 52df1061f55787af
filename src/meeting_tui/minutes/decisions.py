"""Minutes sections for decisions: each decision in full, and the register extract.

Per decision: its register id and outcome, the text as decided, the agenda item, the method
and threshold (an override is said), the tally or the consensus spread, the names on a roll
call (never on a secret ballot: only who took part), blocks, stand-asides and reservations
with their reasons, the quorum at that moment, a referral, and the one-sentence explanation.
"""

from __future__ import annotations

from meeting_tui.domain import consensus
from meeting_tui.domain.decisions import Decision, explain
from meeting_tui.domain.rules import CONSENSUS_CATEGORY_LABELS, threshold_label
from meeting_tui.i18n import _, join, labels, N_, ngettext, tr
from meeting_tui.minutes.render import LATER, MinutesContext, Section, bullets, heading, insert_section, table
from meeting_tui.minutes.text import block, cell, excerpt, inline

OUTCOME = {
    "adopted": N_("Adopted"),
    "rejected": N_("Rejected"),
    "no-quorum": N_("Not adopted: no quorum"),
    "referred": N_("Referred"),
}
METHOD = {
    "show-of-hands": N_("vote by show of hands"),
    "roll-call": N_("roll-call vote"),
    "secret": N_("secret ballot"),
    "formal": N_("formal consensus"),
    "gradients": N_("consensus, gradients of agreement"),
    "fist-to-five": N_("consensus, fist to five"),
    "consent": N_("consent (no objection)"),
}
CHOICE = {"yes": N_("yes"), "no": N_("no"), "abstain": N_("abstain")}
# A decision's status in the register once a later session acted on it.
LATER_STATUS = {
    "reconsidered-by": N_("Reconsidered by {id} ({date})"),
    "rescinded-by": N_("Rescinded by {id} ({date})"),
    "amended-by": N_("Amended by {id} ({date})"),
}


def present_count(unit: str, n: int) -> str:
    """"6 members present", "1 organisation present", in the minutes' language."""
    if unit == "organisations":
        return ngettext("{n} organisation present", "{n} organisations present", n)
    return ngettext("{n} member present", "{n} members present", n)


def current_status(m: MinutesContext, d) -> str:
    """The decision's status in the register as these minutes know it: "Adopted", or
    "Rescinded by EXE-2026-031 (2026-04-11)" when a later session (before the approval of
    these minutes, see `MinutesContext.later`) acted on it."""
    later = m.later.get(d.register_id, ()) if d.register_id else ()
    if later:
        relation, other, date = later[-1]
        if relation in LATER_STATUS:
            return tr(LATER_STATUS[relation]).format(id=inline(other), date=inline(date))
    return tr(OUTCOME.get(d.outcome, d.outcome))


def _title(n: int, d: Decision) -> str:
    outcome = tr(OUTCOME.get(d.outcome, d.outcome))
    if d.register_id:
        return f"{n}. {inline(d.register_id)} — {outcome}"
    return f"{n}. {outcome}"


def _details(m: MinutesContext, d: Decision) -> list[str]:
    state = m.state
    lines = []
    item = state.items.get(d.item)
    if item is not None:
        number = list(state.items).index(d.item) + 1
        lines.append(_("Agenda item: {n}. {title}", n=number, title=inline(item.item.title)))
    proposal = state.decisions.proposals.get(d.proposal)
    if proposal is not None:
        movers = []
        if proposal.mover:
            movers.append(_("moved by {name}", name=inline(m.name(proposal.mover))))
        if proposal.seconder:
            movers.append(_("seconded by {name}", name=inline(m.name(proposal.seconder))))
        version = _(" (version {n})", n=d.version) if d.version > 1 else ""
        lines.append(_("Proposal {id}{version}", id=inline(d.proposal), version=version) + (": " + join(movers) if movers else ""))
    method = tr(METHOD.get(d.method, d.method))
    if d.kind == "vote":
        threshold = threshold_label(d.threshold) if d.threshold else ""
        if d.threshold_overridden:
            threshold += " " + _("(the charter's default overridden for this proposal)")
        if d.fallback:
            threshold += " " + _("(fallback vote after consensus failed)")
        lines.append(_("Method: {method}; threshold: {threshold}", method=method, threshold=threshold))
        if d.tally is not None:
            lines.append(
                ngettext(
                    "Tally: {yes} yes, {no} no, {n} abstention",
                    "Tally: {yes} yes, {no} no, {n} abstentions",
                    d.tally.abstain,
                    yes=d.tally.yes,
                    no=d.tally.no,
                )
            )
        if d.casting_vote:
            lines.append(_("The chair's casting vote: {choice}", choice=tr(CHOICE.get(d.casting_vote, d.casting_vote))))
        if d.remote_left_out:
            lines.append(
                _(
                    "Present remotely, not in the secret ballot (the charter keeps secret ballots in the room): {names}",
                    names=inline(join(m.name(mid) for mid in d.remote_left_out)),
                )
            )
    else:
        lines.append(_("Method: {method}; round {n}", method=method, n=d.round))
        spread = join(
            f"{tr(CONSENSUS_CATEGORY_LABELS.get(category, category))} {count}" for category, count in d.spread if count
        )
        lines.append(
            ngettext("Responses of {n} participant: {spread}", "Responses of {n} participants: {spread}", d.participants, spread=spread or "—")
        )
    if d.recused:
        lines.append(_("Took no part (declared interest): {names}", names=inline(join(m.name(mid) for mid in d.recused))))
    q = d.quorum
    present = present_count(q.unit, q.counted)
    if q.met:
        lines.append(_("Quorum at the decision: met ({present}, {required} required)", present=present, required=q.required))
    else:
        lines.append(_("Quorum at the decision: NOT met ({present}, {required} required)", present=present, required=q.required))
    if d.referred_to:
        lines.append(_("Referred to: {bodies} (the matter is outside this body's scope)", bodies=inline(join(labels.body(b) for b in d.referred_to))))
    lines.append(inline(explain(d)))
    for relation, other, date in m.later.get(d.register_id, ()) if d.register_id else ():
        label = tr(LATER.get(relation, relation))
        lines.append(_("Later: {relation} {id} ({date})", relation=label, id=inline(other), date=inline(date)))
    return lines


def proxy_label(m: MinutesContext, member: str, proxy_for: str) -> str:
    """"Karim Nasser (proxy for Amina Haddad)": a vote or a participation cast by proxy."""
    if not proxy_for:
        return m.name(member)
    return _("{holder} (proxy for {giver})", holder=m.name(member), giver=m.name(proxy_for))


def _names(m: MinutesContext, d: Decision) -> str:
    if d.roll:
        rows = []
        for entry in d.roll:
            who = proxy_label(m, entry.member, entry.proxy_for)
            rows.append([cell(who), tr(CHOICE.get(entry.choice, entry.choice))])
        text = table([_("Member"), _("Vote")], rows)
        for change in d.changes:
            text += "\n\n" + _(
                "{name} changed their vote from {previous} to {choice} at {time}, before the result was declared.",
                name=inline(m.name(change.member)),
                previous=tr(CHOICE.get(change.previous, change.previous)),
                choice=tr(CHOICE.get(change.choice, change.choice)),
                time=m.time(change.at),
            )
        return text
    if d.took_part:
        names = join(proxy_label(m, e.member, e.proxy_for) for e in d.took_part)
        return _("Took part in the secret ballot: {names}.", names=inline(names))
    return ""


def _concerns(m: MinutesContext, d: Decision) -> str:
    if not d.concerns:
        return ""
    lines = []
    for concern in d.concerns:
        label = tr(CONSENSUS_CATEGORY_LABELS.get(concern.category, concern.category))
        reason = concern.reason or _("no reason given")
        lines.append(f"{inline(m.name(concern.member))} — {label}: {inline(reason)}")
    return bullets(lines)


PROPOSAL_STATUS = {
    "open": N_("still open"),
    "escalated": N_("escalated to the conflict procedure"),
    "deferred": N_("deferred to the next session"),
    "referred": N_("referred"),
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
}


def _rounds_without_decision(m: MinutesContext) -> list[str]:
    """Consensus rounds that ended without a decision, with every concern and its reason."""
    parts = []
    for proposal in m.state.decisions.proposals.values():
        for current in proposal.rounds:
            if current.outcome == "consensus":
                continue
            parts.append(
                heading(3, _("Proposal {id}, consensus round {n}", id=inline(proposal.id), n=current.number))
            )
            parts.append(block(proposal.versions[current.version - 1].text if current.version <= len(proposal.versions) else proposal.text))
            lines = [inline(consensus.explain_round(m.state, current))]
            for response in current.responses.values():
                if response.category in ("block", "stand-aside", "reservation", "more-discussion"):
                    label = tr(CONSENSUS_CATEGORY_LABELS.get(response.category, response.category))
                    reason = response.reason or _("no reason given")
                    lines.append(f"{inline(m.name(response.member))} — {label}: {inline(reason)}")
            parts.append(bullets(lines))
        if proposal.status in ("open", "escalated", "deferred") and proposal.rounds:
            status = tr(PROPOSAL_STATUS[proposal.status])
            parts.append(_("Proposal {id} is {status}.", id=inline(proposal.id), status=status))
    return parts


def decisions(m: MinutesContext) -> str:
    records = m.state.decisions.records
    undecided = _rounds_without_decision(m)
    if not records and not undecided:
        return ""
    parts = [heading(2, _("Decisions"))]
    for n, d in enumerate(records, start=1):
        parts.append(heading(3, _title(n, d)))
        parts.append(block(d.text))
        parts.append(bullets(_details(m, d)))
        for extra in (_names(m, d), _concerns(m, d)):
            if extra:
                parts.append(extra)
    parts += undecided
    return "\n\n".join(parts)


def register_extract(m: MinutesContext) -> str:
    """The decisions this session adopted or rejected, as they enter the register."""
    entries = [d for d in m.state.decisions.records if d.register_id]
    if not entries:
        return ""
    rows = [[cell(d.register_id), cell(current_status(m, d)), cell(excerpt(d.text))] for d in entries]
    return heading(2, _("Register extract")) + "\n\n" + table([_("Id"), _("Status"), _("Decision")], rows)


def interests(m: MinutesContext) -> str:
    """Each declared interest: who, in what, and that they took no part in its votes and rounds."""
    state = m.state
    if not state.interests:
        return ""
    lines = []
    for interest in state.interests:
        item = state.items.get(interest.item)
        title = item.item.title if item is not None else interest.item
        where = _("{id} under “{item}”", id=interest.proposal, item=title) if interest.proposal else _("the item “{item}”", item=title)
        line = _(
            "{name} declared an interest in {where} at {time} and took no part in its votes or rounds (still counted for quorum).",
            name=m.name(interest.member),
            where=where,
            time=m.time(interest.at),
        )
        if interest.note:
            line += " " + interest.note
        lines.append(inline(line))
    return heading(2, _("Declared interests")) + "\n\n" + bullets(lines)


insert_section(Section("decisions", decisions), after="notes")
insert_section(Section("interests", interests), after="decisions")
insert_section(Section("register-extract", register_extract), after="actions")
