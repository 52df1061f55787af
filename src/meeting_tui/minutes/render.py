"""The minutes of a session as Markdown, generated from its state (a fold of its events).

Pure: no Textual, no files, no clock. The same events and the same parameters give the same
bytes: times are shown in the wall time of the `tz` the caller passes (the app passes the
offset in force when the session opened; the default is UTC), and nothing depends on the
order of a set or on the machine.

The document is an ordered list of sections (`SECTIONS`); each is a function of a
`MinutesContext` that returns its Markdown, or "" when it has nothing to say (and then the
section does not appear). Other parts of the app add their sections with `insert_section`.
All user text goes through `minutes.text` (escaped, cleaned); labels through `_()`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Callable, Iterable, Mapping, Sequence

from msgspec import Struct, field

from meeting_tui.domain.actions import action_status_label, minutes_approvals
from meeting_tui.domain.model import NON_VOTING_ROLES, Member
from meeting_tui.domain.session import SessionState, minutes_taker, speaking_time
from meeting_tui.i18n import N_, _, is_rtl, join, labels, tr, using_language
from meeting_tui.minutes.text import block, cell, code, inline, right_to_left_markdown


class MinutesContext(Struct, frozen=True):
    """What every section function gets: the state and how to show times and people."""

    state: SessionState
    now: float
    tz: tzinfo
    approval: Mapping[str, Any] | None = None
    source: str = ""
    # register id -> what later sessions did to it: (relation, other id, date), e.g.
    # ("rescinded-by", "EXE-2026-031", "2026-04-11"); from the register, passed in by the caller
    later: Mapping[str, Sequence[tuple[str, str, str]]] = field(default_factory=dict)
    # what later sessions did after these minutes were approved: the dated addendum, kept
    # out of the approved text (which every later export shows byte for byte)
    addendum: Mapping[str, Sequence[tuple[str, str, str]]] = field(default_factory=dict)

    # -- times ---------------------------------------------------------------------------------

    def local(self, at: float) -> datetime:
        return datetime.fromtimestamp(at, self.tz)

    @property
    def day(self) -> str:
        """The session's date: as planned, or the local date it opened."""
        return self.state.date or self.local(self.state.opened_at).date().isoformat()

    def time(self, at: float | None) -> str:
        """HH:MM local time; with the date when it is not the session's day."""
        if at is None:
            return ""
        moment = self.local(at)
        if moment.date().isoformat() != self.local(self.state.opened_at).date().isoformat():
            return moment.strftime("%Y-%m-%d %H:%M")
        return moment.strftime("%H:%M")

    def times(self, moments: Iterable[float]) -> str:
        return join(self.time(at) for at in moments)

    @property
    def offset(self) -> str:
        delta = self.local(self.state.opened_at).utcoffset() or timedelta(0)
        if not delta:
            return "UTC"
        sign = "+" if delta >= timedelta(0) else "-"
        minutes = int(abs(delta.total_seconds())) // 60
        return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"

    # -- people --------------------------------------------------------------------------------

    def person(self, member_id: str) -> Member | None:
        return self.state.members.get(member_id) or self.state.committee.member(member_id)

    def name(self, member_id: str) -> str:
        """A member's name (or the text itself, for free text such as "the secretariat")."""
        member = self.person(member_id)
        return member.name if member is not None else member_id

    def name_and_organisation(self, member_id: str) -> str:
        member = self.person(member_id)
        if member is None:
            return member_id
        return f"{member.name} ({member.organisation})" if member.organisation else member.name

    def is_guest(self, member_id: str) -> bool:
        return self.state.committee.member(member_id) is None


Render = Callable[[MinutesContext], str]


class Section(Struct, frozen=True):
    name: str
    render: Render


def duration(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour (rounded to the second)."""
    total = int(round(abs(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return ("-" if seconds < 0 and total else "") + text


def difference(seconds: float) -> str:
    """Over (+) or under (-) the plan."""
    return ("+" if round(seconds) > 0 else "") + duration(seconds)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; headers and cells must already be safe (see `minutes.text`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _h in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def heading(level: int, text: str) -> str:
    return "#" * level + " " + text


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


def header(m: MinutesContext) -> str:
    state = m.state
    committee = state.committee
    lines = [heading(1, _("Minutes: {title}", title=inline(state.title)))]
    if m.approval:
        approved_on = str(m.approval.get("date") or "")
        if not approved_on and m.approval.get("at") is not None:
            approved_on = m.local(float(m.approval["at"])).date().isoformat()
        status = _(
            "Approved on {date} in session {title}",
            date=inline(approved_on),
            title=inline(m.approval.get("title") or m.approval.get("session") or ""),
        )
    else:
        status = _("Draft — not yet approved")
    lines.append("**" + _("Status:") + "** " + status)
    facts = [(_("Body:"), inline(f"{committee.name} ({tr(labels.BODY.get(committee.body, committee.body))})"))]
    if committee.coalition:
        facts.append((_("Coalition:"), inline(committee.coalition)))
    facts.append((_("Date:"), inline(m.day)))
    if state.place:
        facts.append((_("Place:"), inline(state.place)))
    if state.chair:
        facts.append((_("Chair:"), inline(m.name_and_organisation(state.chair))))
    if state.secretary:
        facts.append((_("Secretary:"), inline(m.name_and_organisation(state.secretary))))
    if minutes_taker(state):
        facts.append((_("Minutes taken by:"), inline(m.name_and_organisation(minutes_taker(state)))))
    if state.called_at is None:  # prepared, never called to order
        if state.closed_at is not None:
            times = _("not called to order; closed {end} ({zone})", end=m.time(state.closed_at), zone=m.offset)
        else:
            times = _("not yet called to order at {now} ({zone})", now=m.time(m.now), zone=m.offset)
    elif state.closed_at is not None:
        times = _(
            "called to order {start}, adjourned {end} ({zone})", start=m.time(state.called_at), end=m.time(state.closed_at), zone=m.offset
        )
    else:
        times = _(
            "called to order {start}, still in progress at {now} ({zone})", start=m.time(state.called_at), now=m.time(m.now), zone=m.offset
        )
    facts.append((_("Time:"), times))
    lines.append(bullets(f"**{label}** {value}" for label, value in facts))
    return "\n\n".join(lines)


def previous_minutes(m: MinutesContext) -> str:
    approvals = minutes_approvals(m.state)
    if not approvals:
        return ""
    rows = [
        _(
            "The minutes of {title} ({date}) were approved at {time}.",
            title=inline(a.title),
            date=inline(a.date or "?"),
            time=m.time(a.at),
        )
        for a in approvals
    ]
    return heading(2, _("Approval of previous minutes")) + "\n\n" + bullets(rows)


def attendance_taken(state: SessionState) -> bool:
    return any(a.arrivals or a.status == "apologies" for a in state.attendance.values()) or bool(state.proxies)


def _is_member(m: MinutesContext, member: Member) -> bool:
    """On the roster with a member's role (observers, staff, mediators and guests are not)."""
    return not m.is_guest(member.id) and member.role not in NON_VOTING_ROLES


def _role(m: MinutesContext, member: Member) -> str:
    role = tr(labels.ROLE.get(member.role, member.role))
    if member.alternate_for:
        role = _("alternate for {name}", name=m.name(member.alternate_for))
    if m.is_guest(member.id):
        role = _("{role} (guest)", role=role)
    return role


def attendance(m: MinutesContext) -> str:
    state = m.state
    if not attendance_taken(state):
        return ""
    members = [state.members[mid] for mid in state.attendance if mid in state.members]
    came = [p for p in members if state.attendance[p.id].arrivals]
    parts = [heading(2, _("Attendance"))]
    present = [p for p in came if _is_member(m, p)]
    if present:
        rows = []
        for p in present:
            a = state.attendance[p.id]
            mode = _("remote") if a.mode == "remote" else _("in person")
            rows.append(
                [cell(p.name), cell(p.organisation), cell(_role(m, p)), mode, m.times(a.arrivals) or " ", m.times(a.departures) or " "]
            )
        headers = [_("Name"), _("Organisation"), _("Role"), _("Attendance"), _("Arrived"), _("Left")]
        parts.append(heading(3, _("Present ({n})", n=len(present))) + "\n\n" + table(headers, rows))
    apologies = [p for p in members if state.attendance[p.id].status == "apologies" and not state.attendance[p.id].arrivals]
    if apologies:
        parts.append(
            heading(3, _("Apologies ({n})", n=len(apologies)))
            + "\n\n"
            + bullets(inline(m.name_and_organisation(p.id)) for p in apologies)
        )
    absent = [
        p
        for p in members
        if _is_member(m, p) and state.attendance[p.id].status == "absent" and not state.attendance[p.id].arrivals
    ]
    if absent:
        parts.append(
            heading(3, _("Absent ({n})", n=len(absent))) + "\n\n" + bullets(inline(m.name_and_organisation(p.id)) for p in absent)
        )
    others = [p for p in came if not _is_member(m, p)]
    if others:
        rows = [
            [
                cell(p.name),
                cell(p.organisation),
                cell(_role(m, p)),
                m.times(state.attendance[p.id].arrivals) or " ",
                m.times(state.attendance[p.id].departures) or " ",
            ]
            for p in others
        ]
        headers = [_("Name"), _("Organisation"), _("Role"), _("Arrived"), _("Left")]
        parts.append(heading(3, _("Observers, staff and guests ({n})", n=len(others))) + "\n\n" + table(headers, rows))
    if state.proxies:
        lines = [
            _("{giver}: proxy held by {holder}", giver=inline(m.name(giver)), holder=inline(m.name(holder)))
            for giver, holder in state.proxies.items()
        ]
        title = _("Proxies at the close") if state.is_closed else _("Proxies")
        parts.append(heading(3, title) + "\n\n" + bullets(lines))
    return "\n\n".join(parts)


def quorum(m: MinutesContext) -> str:
    """Quorum when the session opened, when business began, and at every change, in order."""
    state = m.state
    if not attendance_taken(state) or not state.quorum_log:
        return ""
    opening, *changes = state.quorum_log
    if state.prepared:  # opened ahead: the session's opening, then the call to order
        moments = [(opening.at, 0, _("{time}, session opened:", time=m.time(opening.at)), opening.status.summary())]
        if state.called_at is not None and state.quorum_at_call is not None:
            called = (state.called_at, 1, _("{time}, called to order:", time=m.time(state.called_at)), state.quorum_at_call.summary())
            moments.append(called)
    else:  # the opening was the call to order
        moments = [(opening.at, 0, _("{time}, called to order:", time=m.time(opening.at)), opening.status.summary())]
    moments += [(c.at, 2, _("{time}:", time=m.time(c.at)), c.status.summary()) for c in changes]
    started = [i.started_at for i in state.items.values() if i.started_at is not None]
    if started:
        first = min(started)
        status = [c for c in state.quorum_log if c.at <= first][-1].status
        met = _("quorum met") if status.met else _("no quorum")
        moments.append((first, 1, _("{time}, business began:", time=m.time(first)), met))
    lines = [f"**{label}** {inline(text)}" for _at, _order, label, text in sorted(moments, key=lambda x: (x[0], x[1]))]
    return heading(2, _("Quorum")) + "\n\n" + bullets(lines)


def agenda(m: MinutesContext) -> str:
    state = m.state
    if not state.items:
        return ""
    rows = []
    notes = []
    planned_total = actual_total = 0.0
    all_ran = True
    for n, it in enumerate(state.items.values(), start=1):
        planned = it.item.minutes * 60
        actual = it.elapsed(m.now)
        planned_total += planned
        actual_total += actual
        title = inline(it.item.title)
        if it.added_at is not None:
            title += " " + _("(added during the meeting at {time})", time=m.time(it.added_at))
        ran = it.started_at is not None
        all_ran = all_ran and ran
        rows.append(
            [
                str(n),
                title or " ",
                cell(tr(labels.ITEM_KIND.get(it.item.kind, it.item.kind))),
                tr(labels.ITEM_STATUS[it.status]),
                duration(planned) + (" + " + duration(it.extended_minutes * 60) if it.extended_minutes else ""),
                duration(actual) if ran else "—",
                difference(actual - planned) if ran else "—",
            ]
        )
        for at, minutes, reason in it.extensions:
            text = _(
                "Item {n} extended by {minutes} at {time}",
                n=n,
                minutes=duration(minutes * 60),
                time=m.time(at),
            )
            notes.append(text + (": " + inline(reason) if inline(reason) else "."))
        if it.status == "deferred":
            text = _("Item {n} deferred to the next meeting", n=n)
            notes.append(text + (": " + inline(it.deferred_reason) if inline(it.deferred_reason) else "."))
        if it.status == "skipped":
            notes.append(_("Item {n} was skipped.", n=n))
    rows.append(
        [
            " ",
            "**" + _("Total") + "**",
            " ",
            " ",
            duration(planned_total),
            duration(actual_total),
            difference(actual_total - planned_total) if all_ran else "—",
        ]
    )
    headers = ["#", _("Item"), _("Kind"), _("Status"), _("Planned"), _("Actual"), _("Difference")]
    parts = [heading(2, _("Agenda")), table(headers, rows)]
    if notes:
        parts.append(bullets(notes))
    end = m.time(state.closed_at) if state.closed_at is not None else _("now ({time})", time=m.time(m.now))
    start = m.time(state.called_at) if state.called_at is not None else _("not called to order")
    parts.append(
        "**"
        + _("Whole meeting:")
        + "** "
        + _(
            "planned {planned}, actual {actual} (from {start} to {end}).",
            planned=duration(planned_total),
            actual=duration(state.meeting_elapsed(m.now)),
            start=start,
            end=end,
        )
    )
    return "\n\n".join(parts)


def notes(m: MinutesContext) -> str:
    state = m.state
    parts = []
    for n, (item_id, it) in enumerate(state.items.items(), start=1):
        text = block(state.notes.get(item_id, ""))
        if text:
            parts.append(heading(3, f"{n}. {inline(it.item.title)}") + "\n\n" + text)
    if not parts:
        return ""
    return heading(2, _("Notes")) + "\n\n" + "\n\n".join(parts)


def _share(seconds: float, total: float) -> str:
    return f"{round(100 * seconds / total)} %" if total > 0 else "—"


def speaking(m: MinutesContext) -> str:
    state = m.state
    if not state.turns:
        return ""
    totals = speaking_time(state, m.now)
    total = sum(totals.by_member.values())
    by_member = sorted(totals.by_member.items(), key=lambda kv: (-round(kv[1]), m.name(kv[0]), kv[0]))
    rows = []
    for member_id, seconds in by_member:
        member = m.person(member_id)
        constituency = tr(labels.CONSTITUENCY.get(member.constituency, member.constituency)) if member else ""
        rows.append(
            [
                cell(m.name(member_id)),
                cell(member.organisation if member else ""),
                cell(constituency),
                str(totals.turns_by_member.get(member_id, 0)),
                duration(seconds),
                _share(seconds, total),
            ]
        )
    headers = [_("Name"), _("Organisation"), _("Constituency"), _("Turns"), _("Time"), _("Share")]
    parts = [heading(2, _("Speaking time")), table(headers, rows)]
    orgs = sorted(totals.by_organisation.items(), key=lambda kv: (-round(kv[1]), kv[0]))
    if len(orgs) < len(by_member):  # some organisation had more than one speaker
        parts.append(
            table(
                [_("Organisation"), _("Time"), _("Share")],
                ([cell(org), duration(sec), _share(sec, total)] for org, sec in orgs),
            )
        )
    constituencies = [
        _(
            "{constituency}: {time} ({share})",
            constituency=tr(labels.CONSTITUENCY.get(key, key)),  # the whole line is escaped below
            time=duration(sec),
            share=_share(sec, total),
        )
        for key, sec in totals.by_constituency.items()
    ]
    parts.append("**" + _("By constituency:") + "** " + inline(join(constituencies, "; ")))
    return "\n\n".join(parts)


def actions(m: MinutesContext) -> str:
    state = m.state
    if not state.actions:
        return ""
    numbers = {item_id: str(n) for n, item_id in enumerate(state.items, start=1)}
    rows = []
    for n, action in enumerate(state.actions.values(), start=1):
        status = action_status_label(action)
        if action.done_at is not None:
            status = _("done at {time}", time=m.time(action.done_at))
        rows.append(
            [
                str(n),
                cell(action.text),
                cell(m.name(action.who)) if action.who else " ",
                cell(action.due) if action.due else " ",
                numbers.get(action.item or "", " "),
                status,
            ]
        )
    headers = ["#", _("Action"), _("Who"), _("Due"), _("Item"), _("Status")]
    return heading(2, _("Action items")) + "\n\n" + table(headers, rows)


def next_meeting(m: MinutesContext) -> str:
    nxt = m.state.next_meeting
    if not nxt.get("date"):
        return ""
    when = nxt["date"] + (" " + nxt["time"] if nxt.get("time") else "")
    text = _("Next meeting: {when}", when=inline(when))
    if nxt.get("place"):
        text += " — " + inline(nxt["place"])
    return heading(2, _("Next meeting")) + "\n\n" + text


def approval_date(m: MinutesContext) -> str:
    """The date the minutes were approved ("" for a draft)."""
    if not m.approval:
        return ""
    approved_on = str(m.approval.get("date") or "")
    if not approved_on and m.approval.get("at") is not None:
        approved_on = m.local(float(m.approval["at"])).date().isoformat()
    return approved_on


def signatures(m: MinutesContext) -> str:
    """Sign-off: who took the minutes, and a signature line for the chair and the secretary
    (with the approval date once approved; a blank date to fill in on a draft)."""
    state = m.state
    chair = m.name(state.chair) if state.chair else ""
    secretary = m.name(minutes_taker(state)) if minutes_taker(state) else ""
    approved = approval_date(m)
    date = inline(approved) if approved else "____________"
    rows = [
        [_("Chair"), cell(chair), "", date],
        [_("Secretary"), cell(secretary), "", date],
    ]
    rows = [[r[0], r[1], r[2] or " ", r[3]] for r in rows]
    parts = [heading(2, _("Signatures"))]
    if approved:
        parts.append(_("Approved on {date}.", date=inline(approved)))
    parts.append(table([_("Role"), _("Name"), _("Signature"), _("Date")], rows))
    return "\n\n".join(parts)


def footer(m: MinutesContext) -> str:
    if m.source:
        text = _("Generated by meeting-tui from the session file {file}.", file=code(m.source))
    else:
        text = _("Generated by meeting-tui from the session's record.")
    return "---\n\n*" + text + "*"


SECTIONS: list[Section] = [
    Section("header", header),
    Section("previous-minutes", previous_minutes),
    Section("attendance", attendance),
    Section("quorum", quorum),
    Section("agenda", agenda),
    Section("notes", notes),
    Section("speaking-time", speaking),
    Section("actions", actions),
    Section("next-meeting", next_meeting),
    Section("signatures", signatures),
    Section("footer", footer),
]


def insert_section(section: Section, *, after: str) -> None:
    """Add a section after the one named `after` (e.g. decisions after "notes"). Adding a
    section of the same name again replaces it (so a re-imported module does not add twice)."""
    names = [s.name for s in SECTIONS]
    if section.name in names:
        SECTIONS[names.index(section.name)] = section
        return
    if after not in names:
        raise ValueError(f"no minutes section named {after!r}; there are {names}")
    SECTIONS.insert(names.index(after) + 1, section)


def last_activity(state: SessionState) -> float:
    """The latest moment the state knows of (the close, or the last timestamped change)."""
    if state.closed_at is not None:
        return state.closed_at
    moments = [state.opened_at] + ([state.called_at] if state.called_at is not None else [])
    for a in state.attendance.values():
        moments += a.arrivals + a.departures
    for it in state.items.values():
        moments += [t for t in (it.started_at, it.finished_at, it.running_since, it.added_at) if t is not None]
        moments += [at for at, _m, _r in it.extensions]
    for turn in state.turns:
        moments += [t for t in (turn.started, turn.ended) if t is not None]
    for action in state.actions.values():
        moments += [t for t in (action.added_at, action.done_at, action.carried_at) if t is not None]
    moments += [c.at for c in state.quorum_log]
    return max(moments)


def render_markdown(
    state: SessionState,
    *,
    approval: Mapping[str, Any] | None = None,
    now: float | None = None,
    tz: tzinfo | None = None,
    source: str = "",
    sections: Sequence[Section] | None = None,
    later: Mapping[str, Sequence[tuple[str, str, str]]] | None = None,
    language: str | None = None,
) -> str:
    """The minutes of `state` as Markdown, in `language` (default: the committee's).

    `approval`: how a later session approved these minutes ({"title", "date"}, from
    `workspace.approval_of`), or None for a draft. `now`: the time for a session still in
    progress (default: its last recorded change). `tz`: the time zone of the wall times shown
    (default UTC). `source`: the session file's name, shown in the footer. `later`: what
    later sessions did to this session's decisions (register id -> (relation, other id, date)).

    Approved minutes are frozen: what later sessions did on or after the approval date goes
    to a dated addendum after the approved text (`ADDENDUM_RULE` separates them), so every
    later export repeats the approved text byte for byte (`approved_part`).
    """
    before, after = split_later(later or {}, approval_date_of(approval))
    context = MinutesContext(
        state=state,
        now=last_activity(state) if now is None or state.closed_at is not None else now,
        tz=tz or timezone.utc,
        approval=approval,
        source=source,
        later=before,
        addendum=after,
    )
    language = language or state.committee.language
    with using_language(language):
        parts = [text for section in (SECTIONS if sections is None else sections) if (text := section.render(context))]
        extra = addendum(context) if sections is None else ""
    markdown = "\n\n".join(parts) + "\n"
    if extra:
        markdown += "\n" + ADDENDUM_RULE + "\n\n" + extra + "\n"
    return right_to_left_markdown(markdown) if is_rtl(language) else markdown


# The line between the approved text and the addendum (a thematic break plus a marker that
# Markdown, HTML, Word and PDF readers do not show).
ADDENDUM_RULE = "***"


def approved_part(markdown: str) -> str:
    """The minutes without their addendum: the text that was approved."""
    marker = "\n" + ADDENDUM_RULE + "\n"
    return markdown.split(marker, 1)[0]


def approval_date_of(approval: Mapping[str, Any] | None) -> str:
    if not approval:
        return ""
    return str(approval.get("date") or "")


def split_later(
    later: Mapping[str, Sequence[tuple[str, str, str]]], approved_on: str
) -> tuple[dict[str, list[tuple[str, str, str]]], dict[str, list[tuple[str, str, str]]]]:
    """(before, after) the approval date: what the approved text knew, and the addendum.
    A draft knows everything; undated links of an approved session go to the addendum."""
    before: dict[str, list[tuple[str, str, str]]] = {}
    after: dict[str, list[tuple[str, str, str]]] = {}
    for rid in sorted(later):
        for relation, other, date in later[rid]:
            target = before if not approved_on or (date and date < approved_on) else after
            target.setdefault(rid, []).append((relation, other, date))
    return before, after


LATER = {
    "reconsidered-by": N_("reconsidered by"),
    "rescinded-by": N_("rescinded by"),
    "amended-by": N_("amended by"),
}


def addendum(m: MinutesContext) -> str:
    """After the approved text: what later sessions did to its decisions, each dated."""
    entries = sorted(
        ((date, rid, relation, other) for rid, links in m.addendum.items() for relation, other, date in links),
        key=lambda e: (e[0], e[1], e[3]),
    )
    if not entries:
        return ""
    lines = [
        _("{date}: {id} {relation} {other}", date=inline(date or "?"), id=inline(rid), relation=tr(LATER.get(relation, relation)), other=inline(other))
        for date, rid, relation, other in entries
    ]
    title = _("Addendum: after these minutes were approved on {date}", date=inline(approval_date(m)))
    note = _("Not part of the approved minutes; from the committee's decision register.")
    return heading(2, title) + "\n\n" + "*" + note + "*" + "\n\n" + bullets(lines)
