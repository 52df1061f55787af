"""Minutes sections for conflicts and revisits (PROCEDURE.md: Conflict escalation, Revisiting
decisions, Minutes).

- Conflicts: each with its parties, subject, description and its whole escalation path: every
  level reached, its handler, its timebox, how it ended and the text (agreement, reason,
  binding outcome); only the handler's notes marked for the minutes (`conflicts.minutes_view`
  leaves the private ones out).
- Revisits: each motion to reconsider, rescind or amend with the old register id, the
  threshold and its basis, the new information, the notice it relies on, and, once adopted,
  the link ("EXE-2026-021 rescinds EXE-2026-003"); notices of motion given and decisions
  marked executed in this session.
- The register extract also lists the binding outcomes of conflicts.
"""

from __future__ import annotations

from meeting_tui.domain import conflicts as _conflicts
from meeting_tui.domain import revisit as _revisit
from meeting_tui.domain.rules import threshold_label
from meeting_tui.i18n import _, join, tr
from meeting_tui.minutes import decisions as _decisions
from meeting_tui.minutes.render import MinutesContext, Section, bullets, duration, heading, insert_section, table
from meeting_tui.minutes.text import block, cell, excerpt, inline


def _timebox(m: MinutesContext, step: _conflicts.MinutesStep) -> str:
    end = m.time(step.ended_at) if step.ended_at is not None else _("still running")
    spent = (step.ended_at if step.ended_at is not None else m.now) - step.started_at
    if step.minutes:
        return _(
            "{start}–{end}, {spent} of a {minutes}-minute timebox",
            start=m.time(step.started_at),
            end=end,
            spent=duration(spent),
            minutes=f"{step.minutes:g}",
        )
    return _("{start}–{end}, {spent} (no timebox)", start=m.time(step.started_at), end=end, spent=duration(spent))


def _step_lines(m: MinutesContext, step: _conflicts.MinutesStep, conflict_id: str = "") -> list[str]:
    binding = _("binding") if step.binding else _("not binding")
    head = _("Level {n}: {name} ({binding})", n=step.number, name=inline(tr(step.name)), binding=binding)
    lines = [head]
    if step.handler:
        handler = inline(step.handler)
    else:
        conflict = m.state.conflicts.conflicts.get(conflict_id)
        runs = [lv for lv in conflict.levels if lv.number == step.number] if conflict is not None else []
        facilitated = bool(runs) and not runs[-1].needs_handler  # as the conflict screen says
        handler = _("the chair facilitates") if facilitated else _("none assigned")
    lines.append(_("Handler: {name}", name=handler))
    lines.append(_("Time: {timebox}", timebox=_timebox(m, step)))
    end = tr(_conflicts.LEVEL_END_LABELS.get(step.end, step.end))
    if step.text:
        lines.append(_("Outcome: {end} — {text}", end=end, text=inline(step.text)))
    else:
        lines.append(_("Outcome: {end}", end=end))
    for note in step.notes:
        lines.append(_("Note for the minutes: {text}", text=inline(note)))
    return lines


def conflicts(m: MinutesContext) -> str:
    view = _conflicts.minutes_view(m.state)
    if not view:
        return ""
    parts = [heading(2, _("Conflicts"))]
    for c in view:
        status = tr(_conflicts.STATUS_LABELS.get(c.status, c.status))
        parts.append(heading(3, _("Conflict {id} — {status}", id=inline(c.id), status=status)))
        subject_item = m.state.items.get(c.subject)
        if c.subject_kind == "item" and subject_item is not None:
            subject = _("agenda item “{title}”", title=inline(subject_item.item.title))
        elif c.subject in m.state.decisions.proposals:
            proposal = m.state.decisions.proposals[c.subject]
            subject = _("proposal {id}: “{text}”", id=inline(c.subject), text=inline(excerpt(proposal.text, 80)))
        else:
            subject = inline(c.subject)
        facts = [
            _("Parties: {parties}", parties=inline(join(c.parties))),
            _("Subject: {subject}", subject=subject),
        ]
        if c.proposal:
            facts.append(_("Escalated by the consensus fallback on proposal {id}", id=inline(c.proposal)))
        if c.continued_from:
            facts.append(_("Continued from {source}", source=inline(c.continued_from)))
        if c.register_id:
            facts.append(_("Binding decision: {id}", id=inline(c.register_id)))
        parts.append(bullets(facts))
        parts.append(block(c.description))
        parts.append(heading(4, _("Escalation path")))
        for step in c.steps:
            lines = _step_lines(m, step, c.id)
            parts.append(f"{lines[0]}\n\n" + bullets(lines[1:]))
    return "\n\n".join(parts)


def revisits(m: MinutesContext) -> str:
    state = m.state
    motions = list(state.revisits.motions.values())
    given = _revisit.notices(state)
    marks = _revisit.executed_marks(state)
    if not motions and not given and not marks:
        return ""
    parts = [heading(2, _("Revisited decisions"))]
    links = {link.proposal: link for link in _revisit.links(state)}
    for motion in motions:
        kind = tr(_revisit.KIND_LABELS.get(motion.kind, motion.kind))
        parts.append(heading(3, _("Proposal {pid}: {kind} {id}", pid=inline(motion.proposal), kind=kind, id=inline(motion.register_id))))
        lines = [
            _("Decision reopened: {id} ({date}): {text}", id=inline(motion.register_id), date=inline(motion.old_date or "?"), text=inline(motion.old_text)),
            _("Moved by {name}", name=inline(m.name(motion.mover))),
        ]
        threshold = threshold_label(motion.threshold) if motion.threshold else "—"
        if motion.alternative:
            threshold += " " + _("(or {alternative})", alternative=threshold_label(motion.alternative))
        lines.append(_("Threshold: {threshold}", threshold=threshold))
        if motion.basis:
            lines.append(_("Basis: {basis}", basis=inline(motion.basis)))
        if motion.new_information:
            lines.append(_("New information: {text}", text=inline(motion.new_information)))
        if motion.notice:
            lines.append(_("Notice given: {notice}", notice=inline(motion.notice)))
        link = links.get(motion.proposal)
        proposal = state.decisions.proposals.get(motion.proposal)
        if link is not None:
            relation = tr(_revisit.RELATION_LABELS.get(link.relation, link.relation))
            lines.append(_("Adopted: {new} {relation} {old}", new=inline(link.new_id), relation=relation, old=inline(link.old_id)))
        elif proposal is not None:
            lines.append(_("Proposal status: {status}", status=inline(proposal.status)))
        parts.append(bullets(lines))
    if given:
        rows = [
            [cell(n.register_id), tr(_revisit.KIND_LABELS.get(n.kind, n.kind)), cell(m.name(n.mover)), cell(n.text or "—")]
            for n in given
        ]
        parts.append(heading(3, _("Notices of motion for the next session")))
        parts.append(table([_("Decision"), _("Motion"), _("Given by"), _("Text")], rows))
    if marks:
        parts.append(heading(3, _("Decisions marked executed")))
        parts.append(bullets(_("{id}: {note}", id=inline(x.register_id), note=inline(x.note or "—")) for x in marks))
    return "\n\n".join(parts)


def register_extract(m: MinutesContext) -> str:
    """The register extract of `minutes.decisions`, with conflicts' binding outcomes and the
    links this session's adopted motions made."""
    base = _decisions.register_extract(m)
    outcomes = _conflicts.conflict_decisions(m.state)
    links = _revisit.links(m.state)
    if not outcomes and not links:
        return base
    parts = [base] if base else [heading(2, _("Register extract"))]
    if outcomes:
        rows = [
            [cell(d.register_id), _("Adopted (binding, conflict {id}, level {n}: {level})", id=inline(d.conflict), n=d.level, level=inline(tr(d.level_name))), cell(excerpt(d.text))]
            for d in outcomes
        ]
        if base:
            parts.append(_("Binding outcomes of conflicts:"))
        parts.append(table([_("Id"), _("Status"), _("Decision")], rows))
    if links:
        parts.append(
            bullets(
                _("{new} {relation} {old}", new=inline(link.new_id), relation=tr(_revisit.RELATION_LABELS.get(link.relation, link.relation)), old=inline(link.old_id))
                for link in links
            )
        )
    return "\n\n".join(parts)


insert_section(Section("conflicts", conflicts), after="decisions")
insert_section(Section("revisits", revisits), after="conflicts")
insert_section(Section("register-extract", register_extract), after="actions")
