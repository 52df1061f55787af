"""Validation of parsed committee and agenda files (docs/FILE-FORMATS.md).

`validate_committee` and `validate_agenda` take the dict `tomllib` produced and return a
`LoadResult`: the model object when there is no error, and every problem found, each with a
message naming the key and its value, a fix, and a line when the text is known.
`composition_warnings` holds the handbook's advice on who sits on which body; it only warns.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from meeting_tui.slugs import slug_or_empty

from meeting_tui.charter.lines import LineIndex
from meeting_tui.charter.problems import WARNING, LoadResult, Problem, sort_problems
from meeting_tui.charter.values import Checker, show, suggest
from meeting_tui.domain.dates import date_problem, normalize_date
from meeting_tui.domain import rules
from meeting_tui.domain.model import (
    BODY_KINDS,
    COLLABORATION_KINDS,
    CONSENSUS_FALLBACKS,
    CONSENSUS_METHODS,
    CONSTITUENCIES,
    DEFAULT_ESCALATION,
    ITEM_KINDS,
    NON_VOTING_ROLES,
    QUORUM_RULES,
    ROLES,
    SEAT_MODES,
    THRESHOLDS,
    Agenda,
    AgendaItem,
    Charter,
    Committee,
    ConsensusRules,
    EscalationLevel,
    Member,
    QuorumRules,
    RevisitRules,
    TimerRules,
    VotingRules,
    votes_by_default,
)
from meeting_tui.i18n import _, join, ngettext

LANGUAGES = ("en", "ar")
OFFICER_ROLES = ("chair", "deputy", "secretary", "officer")
MAX_ITEM_MINUTES = 600

# The keys each table allows, in the order the documentation lists them.
COMMITTEE_TOP = ("committee", "charter", "scope", "escalation", "members")
COMMITTEE_KEYS = ("name", "body", "language", "collaboration", "coalition")
CHARTER_KEYS = (
    "seats",
    "proxies",
    "max_proxies_per_member",
    "remote_counts",
    "non_voting_roles_vote",
    "meeting_minutes",
    "quorum",
    "voting",
    "consensus",
    "revisit",
    "timer",
)
QUORUM_KEYS = ("rule", "count", "fraction", "count_proxies", "min_community")
VOTING_KEYS = (
    "default_threshold",
    "chair_casting_vote",
    "unanimous_no_abstain",
    "remote_secret_ballot",
    "declared_interest_may_speak",
)
CONSENSUS_KEYS = ("method", "max_stand_aside_fraction", "max_rounds", "fallback", "fallback_threshold")
REVISIT_KEYS = (
    "mover_on_prevailing_side",
    "reconsider_threshold",
    "rescind_threshold",
    "rescind_with_notice_threshold",
    "min_days_before_reopen",
    "requires_new_information",
)
TIMER_KEYS = ("warn_minutes", "speaking_minutes")
ESCALATION_KEYS = ("name", "handler", "minutes", "binding")
MEMBER_KEYS = (
    "id",
    "name",
    "organisation",
    "role",
    "voting",
    "constituency",
    "alternate_for",
    "phone",
    "email",
    "retired",
)
AGENDA_TOP = ("agenda", "items")
AGENDA_KEYS = ("title", "place", "date", "chair", "secretary")
ITEM_KEYS = ("id", "title", "minutes", "kind", "presenter")

_COMMITTEE_TABLES = {
    "[committee]": COMMITTEE_KEYS,
    "[charter]": CHARTER_KEYS,
    "[charter.quorum]": QUORUM_KEYS,
    "[charter.voting]": VOTING_KEYS,
    "[charter.consensus]": CONSENSUS_KEYS,
    "[charter.revisit]": REVISIT_KEYS,
    "[charter.timer]": TIMER_KEYS,
    "[[escalation]]": ESCALATION_KEYS,
    "[[members]]": MEMBER_KEYS,
    "[scope]": (),
}
_AGENDA_TABLES = {"[agenda]": AGENDA_KEYS, "[[items]]": ITEM_KEYS}
_TOP_LEVEL_NAMES = {"scope": "[scope]", "escalation": "[[escalation]]", "members": "[[members]]"}


def _home_of(tables: dict[str, tuple[str, ...]], here: str) -> Callable[[str], str | None]:
    """For a misplaced key: the table where it does belong ("rule" -> [charter.quorum])."""

    def find(key: str) -> str | None:
        if here != "top" and key in _TOP_LEVEL_NAMES and "[[members]]" in tables:
            return _TOP_LEVEL_NAMES[key]
        homes = [name for name, keys in tables.items() if key in keys and name != here]
        return " / ".join(homes) if homes else None

    return find


def _finish(checker: Checker, value: Any, *, salvage: bool = False) -> LoadResult:
    problems = sort_problems(checker.problems)
    has_error = any(p.severity == "error" for p in problems)
    return LoadResult(None if has_error and not salvage else value, problems)


# ---------------------------------------------------------------------------------------------
# Committee
# ---------------------------------------------------------------------------------------------


def validate_committee(data: dict, *, slug: str, index: LineIndex | None = None, salvage: bool = False) -> LoadResult[Committee]:
    """Check a parsed committee file and build the `Committee`. With `salvage`, the committee
    is returned even when the file has errors (what could be read, defaults for the rest), so
    that an editor can open it with its problems shown."""
    c = Checker(index)
    c.unknown_keys(data, COMMITTEE_TOP, (), _home_of(_COMMITTEE_TABLES, "top"))

    head = c.table(data, "committee", (), required=True)
    has_head = head is not None
    head = head or {}
    path = ("committee",)
    c.unknown_keys(head, COMMITTEE_KEYS, path, _home_of(_COMMITTEE_TABLES, "[committee]"))
    name = c.text(head, "name", path, required=has_head, example='name = "Executive committee"')
    if has_head and "body" not in head:
        c.warning(
            path,
            _("[committee] has no 'body'; it is taken to be \"executive\"."),
            _('Add body = "executive", "strategic", "working-group" or the name of another body.'),
        )
    body = c.text(head, "body", path, default="executive", non_empty=True, example='body = "executive"')
    if body not in BODY_KINDS:
        guess = suggest(body, BODY_KINDS)
        if guess:
            c.warning(
                path + ("body",),
                _("[committee]: body = {value} is not one of the standard bodies — did you mean \"{guess}\"? The handbook's composition checks only apply to {kinds}.", value=show(body), guess=guess, kinds=join(BODY_KINDS)),
                _('Write body = "{guess}" if that is what you meant; any other name is allowed.', guess=guess),
            )
    language = c.choice(head, "language", path, allowed=LANGUAGES, default="en")
    collaboration = c.choice(head, "collaboration", path, allowed=COLLABORATION_KINDS, default="", allow_empty=True)
    coalition = c.text(head, "coalition", path)

    charter = _charter(c, data)
    members = _members(c, data, charter)
    _roster_rules(c, charter, members)

    committee = Committee(
        slug=slug,
        name=name,
        body=body,
        language=language,
        collaboration=collaboration,
        coalition=coalition,
        members=tuple(m for m, _path in members),
        charter=charter,
    )
    member_paths = {m.id: p for m, p in members}
    c.problems.extend(
        _composition(
            committee,
            lambda: c.line(("committee", "body")),
            lambda mid: c.line(member_paths[mid]) if mid in member_paths else None,
        )
    )
    return _finish(c, committee, salvage=salvage)


def _charter(c: Checker, data: dict) -> Charter:
    raw = c.table(data, "charter", ()) or {}
    p = ("charter",)
    c.unknown_keys(raw, CHARTER_KEYS, p, _home_of(_COMMITTEE_TABLES, "[charter]"))
    d = Charter()
    seats = c.choice(raw, "seats", p, allowed=SEAT_MODES, default=d.seats)
    proxies = c.boolean(raw, "proxies", p, default=d.proxies)
    max_proxies = c.integer(raw, "max_proxies_per_member", p, default=d.max_proxies_per_member, minimum=0)
    if proxies and "max_proxies_per_member" in raw and max_proxies == 0:
        c.warning(
            p + ("max_proxies_per_member",),
            _("[charter]: proxies = true but max_proxies_per_member = 0, so nobody can hold a proxy."),
            _("Set max_proxies_per_member = 1 (or more), or proxies = false."),
            plain=_("Proxies per member is 0, so nobody can carry a proxy: type 1 or more, or switch proxies off."),
        )
    remote_counts = c.boolean(raw, "remote_counts", p, default=d.remote_counts)
    non_voting = c.boolean(raw, "non_voting_roles_vote", p, default=d.non_voting_roles_vote)
    meeting_minutes = c.integer(
        raw,
        "meeting_minutes",
        p,
        default=d.meeting_minutes,
        minimum=0,
        above=True,
        fix=_("Set meeting_minutes to the planned length of a meeting in minutes, e.g. meeting_minutes = 120."),
    )

    q_raw = c.table(raw, "quorum", p) or {}
    qp = p + ("quorum",)
    c.unknown_keys(q_raw, QUORUM_KEYS, qp, _home_of(_COMMITTEE_TABLES, "[charter.quorum]"))
    qd = QuorumRules()
    rule = c.choice(q_raw, "rule", qp, allowed=QUORUM_RULES, default=qd.rule)
    quorum = QuorumRules(
        rule=rule,
        count=c.integer(q_raw, "count", qp, default=qd.count, minimum=0),
        fraction=c.number(
            q_raw,
            "fraction",
            qp,
            default=qd.fraction,
            minimum=0,
            maximum=1,
            above=True,
            fix=_("Set fraction to more than 0 and at most 1, e.g. fraction = 0.5 for half of the voting seats."),
        ),
        count_proxies=c.boolean(q_raw, "count_proxies", qp, default=qd.count_proxies),
        min_community=c.integer(q_raw, "min_community", qp, default=qd.min_community, minimum=0),
    )
    if "count" in q_raw and rule != "count":
        c.warning(
            qp + ("count",),
            _("[charter.quorum]: count = {value} has no effect because rule = \"{rule}\".", value=show(q_raw["count"]), rule=rule),
            _('Set rule = "count" to use it, or remove count.'),
        )
    if "fraction" in q_raw and rule != "fraction":
        c.warning(
            qp + ("fraction",),
            _("[charter.quorum]: fraction = {value} has no effect because rule = \"{rule}\".", value=show(q_raw["fraction"]), rule=rule),
            _('Set rule = "fraction" to use it, or remove fraction.'),
        )
    if quorum.count_proxies and not proxies and "count_proxies" in q_raw:
        c.warning(
            qp + ("count_proxies",),
            _("[charter.quorum]: count_proxies = true has no effect because [charter] proxies = false."),
            _("Set proxies = true in [charter], or remove count_proxies."),
        )

    v_raw = c.table(raw, "voting", p) or {}
    vp = p + ("voting",)
    c.unknown_keys(v_raw, VOTING_KEYS, vp, _home_of(_COMMITTEE_TABLES, "[charter.voting]"))
    vd = VotingRules()
    voting = VotingRules(
        default_threshold=c.choice(v_raw, "default_threshold", vp, allowed=THRESHOLDS, default=vd.default_threshold),
        chair_casting_vote=c.boolean(v_raw, "chair_casting_vote", vp, default=vd.chair_casting_vote),
        unanimous_no_abstain=c.boolean(v_raw, "unanimous_no_abstain", vp, default=vd.unanimous_no_abstain),
        remote_secret_ballot=c.boolean(v_raw, "remote_secret_ballot", vp, default=vd.remote_secret_ballot),
        declared_interest_may_speak=c.boolean(
            v_raw, "declared_interest_may_speak", vp, default=vd.declared_interest_may_speak
        ),
    )
    if voting.remote_secret_ballot and not remote_counts:
        c.warning(
            vp + ("remote_secret_ballot",),
            _("[charter.voting]: remote_secret_ballot = true but remote_counts = false, so remote members vote in no ballot."),
            _("Set remote_counts = true in [charter], or remove remote_secret_ballot."),
        )

    k_raw = c.table(raw, "consensus", p) or {}
    kp = p + ("consensus",)
    c.unknown_keys(k_raw, CONSENSUS_KEYS, kp, _home_of(_COMMITTEE_TABLES, "[charter.consensus]"))
    kd = ConsensusRules()
    consensus = ConsensusRules(
        method=c.choice(k_raw, "method", kp, allowed=CONSENSUS_METHODS, default=kd.method),
        max_stand_aside_fraction=c.number(
            k_raw,
            "max_stand_aside_fraction",
            kp,
            default=kd.max_stand_aside_fraction,
            minimum=0,
            maximum=1,
            fix=_("Set max_stand_aside_fraction from 0 to 1, e.g. 0.25 for a quarter of the participants."),
        ),
        max_rounds=c.integer(k_raw, "max_rounds", kp, default=kd.max_rounds, minimum=1),
        fallback=c.choice(k_raw, "fallback", kp, allowed=CONSENSUS_FALLBACKS, default=kd.fallback),
        fallback_threshold=c.choice(k_raw, "fallback_threshold", kp, allowed=THRESHOLDS, default=kd.fallback_threshold),
    )

    r_raw = c.table(raw, "revisit", p) or {}
    rp = p + ("revisit",)
    c.unknown_keys(r_raw, REVISIT_KEYS, rp, _home_of(_COMMITTEE_TABLES, "[charter.revisit]"))
    rd = RevisitRules()
    revisit = RevisitRules(
        mover_on_prevailing_side=c.boolean(r_raw, "mover_on_prevailing_side", rp, default=rd.mover_on_prevailing_side),
        reconsider_threshold=c.choice(r_raw, "reconsider_threshold", rp, allowed=THRESHOLDS, default=rd.reconsider_threshold),
        rescind_threshold=c.choice(r_raw, "rescind_threshold", rp, allowed=THRESHOLDS, default=rd.rescind_threshold),
        rescind_with_notice_threshold=c.choice(
            r_raw, "rescind_with_notice_threshold", rp, allowed=THRESHOLDS, default=rd.rescind_with_notice_threshold
        ),
        min_days_before_reopen=c.integer(r_raw, "min_days_before_reopen", rp, default=rd.min_days_before_reopen, minimum=0),
        requires_new_information=c.boolean(r_raw, "requires_new_information", rp, default=rd.requires_new_information),
    )

    t_raw = c.table(raw, "timer", p) or {}
    tp = p + ("timer",)
    c.unknown_keys(t_raw, TIMER_KEYS, tp, _home_of(_COMMITTEE_TABLES, "[charter.timer]"))
    td = TimerRules()
    timer = TimerRules(
        warn_minutes=c.number(t_raw, "warn_minutes", tp, default=td.warn_minutes, minimum=0, above=True),
        speaking_minutes=c.number(t_raw, "speaking_minutes", tp, default=td.speaking_minutes, minimum=0, above=True),
    )

    return Charter(
        seats=seats,
        proxies=proxies,
        max_proxies_per_member=max_proxies,
        remote_counts=remote_counts,
        non_voting_roles_vote=non_voting,
        quorum=quorum,
        voting=voting,
        consensus=consensus,
        revisit=revisit,
        timer=timer,
        scope=_scope(c, data),
        escalation=_escalation(c, data),
        meeting_minutes=meeting_minutes,
    )


def _scope(c: Checker, data: dict) -> dict[str, tuple[str, ...]]:
    raw = c.table(data, "scope", ())
    if raw is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for kind, bodies in raw.items():
        path = ("scope", kind)
        if isinstance(bodies, str):
            c.error(
                path,
                _("[scope]: {kind} = {value} must be a list of bodies, not a single text.", kind=kind, value=show(bodies)),
                _('Put it in square brackets: {kind} = ["{body}"].', kind=kind, body=bodies.strip() or "executive"),
            )
            continue
        if not isinstance(bodies, list):
            c.error(
                path,
                _("[scope]: {kind} = {value} must be a list of bodies.", kind=kind, value=show(bodies)),
                _('Write the bodies that may decide it, e.g. {kind} = ["executive"].', kind=kind),
            )
            continue
        if not kind.strip():
            c.error(
                path,
                _("[scope] has a kind of matter with an empty name."),
                _('Name the kind of matter, e.g. budget = ["executive"].'),
            )
            continue
        names: list[str] = []
        for body in bodies:
            if not isinstance(body, str) or not body.strip():
                c.error(
                    path,
                    _("[scope]: {kind} contains {value}; every entry must be the non-empty name of a body.", kind=kind, value=show(body)),
                    _('Write body names in double quotes, e.g. {kind} = ["executive", "strategic"].', kind=kind),
                )
                continue
            body = body.strip()
            if body not in BODY_KINDS:
                guess = suggest(body, BODY_KINDS)
                if guess:
                    c.warning(
                        path,
                        _("[scope]: {kind} names the body \"{body}\" — did you mean \"{guess}\"?", kind=kind, body=body, guess=guess),
                        _('Write "{guess}" if that is what you meant; other body names are allowed.', guess=guess),
                    )
            names.append(body)
        if not bodies:
            c.warning(
                path,
                _("[scope]: {kind} = [] names no body, so no body may decide it.", kind=kind),
                _('List the bodies that may decide it, e.g. {kind} = ["executive"], or remove the line.', kind=kind),
            )
        out[kind] = tuple(names)
    return out


def _escalation(c: Checker, data: dict) -> tuple[EscalationLevel, ...]:
    raw = c.table_list(data, "escalation", ())
    if raw is None:
        return DEFAULT_ESCALATION
    if not raw:
        if isinstance(data.get("escalation"), list):
            c.error(
                ("escalation",),
                _("'escalation' is given but has no levels."),
                _("Add at least one [[escalation]] block with name and handler, or remove 'escalation' to use the default ladder."),
            )
        return DEFAULT_ESCALATION
    levels = []
    for i, level in enumerate(raw):
        p = ("escalation", i)
        c.unknown_keys(level, ESCALATION_KEYS, p, _home_of(_COMMITTEE_TABLES, "[[escalation]]"))
        levels.append(
            EscalationLevel(
                name=c.text(level, "name", p, required=True, example='name = "Independent mediator"'),
                handler=c.text(level, "handler", p, required=True, example='handler = "mediator"'),
                minutes=c.number(
                    level,
                    "minutes",
                    p,
                    default=0,
                    minimum=0,
                    fix=_("Set minutes to the timebox of this level in minutes, or 0 for no timebox."),
                ),
                binding=c.boolean(level, "binding", p, default=False),
            )
        )
    return tuple(levels)


def _members(c: Checker, data: dict, charter: Charter) -> list[tuple[Member, tuple]]:
    """Every member that could be built, with its path; problems for the rest."""
    raw = c.table_list(data, "members", ())
    if not raw:
        if raw is None or isinstance(data.get("members"), list):
            c.error(
                ("members",),
                _("The committee has no members."),
                _('Add a [[members]] block for each member, with name, organisation and constituency.'),
                plain=_("No members yet: press a (Add member) to add the first one, or i to import a list."),
            )
        return []
    out: list[tuple[Member, tuple]] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for i, entry in enumerate(raw):
        p = ("members", i)
        if isinstance(entry.get("name"), str) and entry["name"].strip():
            c.labels[p] = _("[[members]] #{n} ({name})", n=i + 1, name=entry["name"].strip())
        c.unknown_keys(entry, MEMBER_KEYS, p, _home_of(_COMMITTEE_TABLES, "[[members]]"))
        name = c.text(entry, "name", p, required=True, example='name = "Amina Haddad"')
        given_id = "id" in entry
        member_id = c.text(entry, "id", p, non_empty=True, example='id = "amina-haddad"')
        if not member_id and name:
            member_id = slug_or_empty(name)
            if not member_id and not given_id:
                c.error(
                    p + ("name",),
                    _("{where}: no id can be made from name = {value}.", where=c.where(p), value=show(name)),
                    _('Add an id made of letters, digits and dashes, e.g. id = "member-{n}".', n=i + 1),
                )
        organisation = c.text(entry, "organisation", p, required=True, example='organisation = "Farmers\' Association"')
        role = c.choice(entry, "role", p, allowed=ROLES, default="member")
        voting = c.boolean(entry, "voting", p, default=votes_by_default(role))
        constituency = c.choice(entry, "constituency", p, allowed=CONSTITUENCIES, default="community", required=True)
        alternate_for = c.text(entry, "alternate_for", p, non_empty=True, example='alternate_for = "amina-haddad"') or None
        phone = c.text(entry, "phone", p)
        email = c.text(entry, "email", p)
        if email and "@" not in email:
            c.warning(
                p + ("email",),
                _("{where}: email = {value} does not look like an email address.", where=c.where(p), value=show(email)),
                _('Write a full address such as email = "name@example.org", or leave it empty.'),
                plain=_("Email: {value} does not look like an e-mail address; write it as name@example.org, or leave it empty.", value=email),
            )
        retired = c.boolean(entry, "retired", p, default=False)

        if member_id:
            if member_id in seen_ids:
                first = seen_ids[member_id]
                if given_id:
                    msg = _("{where}: id \"{id}\" is already used by [[members]] #{first}.", where=c.where(p), id=member_id, first=first + 1)
                else:
                    msg = _("{where}: the id made from the name, \"{id}\", is already used by [[members]] #{first}.", where=c.where(p), id=member_id, first=first + 1)
                c.error(
                    p + ("id",),
                    msg,
                    _('Give each member a different id, e.g. id = "{id}-2".', id=member_id),
                )
            else:
                seen_ids[member_id] = i
        if name:
            key = " ".join(name.casefold().split())
            if key in seen_names:
                c.warning(
                    p + ("name",),
                    _("{where}: the name {value} is also used by [[members]] #{first}.", where=c.where(p), value=show(name), first=seen_names[key] + 1),
                    _("If these are two people, add something that tells them apart (e.g. the organisation) to one name; if it is one person, remove the duplicate."),
                    plain=_("Name: another member is also called {name}. If they are two people, add something that tells them apart.", name=name),
                )
            else:
                seen_names[key] = i
        if role in NON_VOTING_ROLES and voting and "voting" in entry and not charter.non_voting_roles_vote:
            c.error(
                p + ("voting",),
                _("{where}: role = \"{role}\" does not vote under this charter, but voting = true.", where=c.where(p), role=role),
                _("Remove voting = true, give the member a voting role (e.g. role = \"member\"), or set non_voting_roles_vote = true in [charter]."),
                plain=_("Has a vote: this role does not vote under the charter. Untick it, choose another role, or let non-voting roles vote in the charter."),
            )
        if member_id and name and organisation:
            out.append(
                (
                    Member(
                        id=member_id,
                        name=name,
                        organisation=organisation,
                        role=role,
                        voting=voting,
                        constituency=constituency,
                        alternate_for=alternate_for,
                        phone=phone,
                        email=email,
                        retired=retired,
                    ),
                    p,
                )
            )
    by_id: dict[str, Member] = {}
    for m, _p in out:
        by_id.setdefault(m.id, m)
    for m, p in out:
        if m.alternate_for is None:
            continue
        target = by_id.get(m.alternate_for)
        at = c.where(p)
        kp = p + ("alternate_for",)
        if m.alternate_for == m.id:
            c.error(kp, _("{where}: alternate_for = \"{id}\" names the member themselves.", where=at, id=m.id), _("Name the delegate this member stands in for, or remove alternate_for."))
        elif target is None:
            guess = suggest(m.alternate_for, by_id)
            if guess:
                c.error(
                    kp,
                    _("{where}: alternate_for = \"{id}\" is not the id of any member — did you mean \"{guess}\"?", where=at, id=m.alternate_for, guess=guess),
                    _('Write alternate_for = "{guess}".', guess=guess),
                )
            else:
                c.error(
                    kp,
                    _("{where}: alternate_for = \"{id}\" is not the id of any member.", where=at, id=m.alternate_for),
                    _("Use the id of the delegate (the id key, or the name written in lower case with dashes, e.g. \"amina-haddad\")."),
                )
        elif target.organisation != m.organisation:
            c.error(
                kp,
                _("{where}: alternate_for = \"{id}\", but that delegate is from \"{other}\" and this member from \"{org}\"; an alternate must be from the same organisation.", where=at, id=m.alternate_for, other=target.organisation, org=m.organisation),
                _("Name a delegate of the same organisation, or correct the organisation."),
                plain=_("Alternate for: {name} is from {other}, this member from {org}; an alternate stands in for a delegate of the same organisation.", name=target.name, other=target.organisation, org=m.organisation),
            )
        elif target.is_alternate:
            c.error(
                kp,
                _("{where}: alternate_for = \"{id}\" names another alternate; an alternate stands in for a delegate.", where=at, id=m.alternate_for),
                _('Write alternate_for = "{delegate}" (the delegate that member stands in for).', delegate=target.alternate_for),
            )
        elif target.retired and not m.retired:
            c.warning(
                kp,
                _("{where}: alternate_for = \"{id}\" names a retired member.", where=at, id=m.alternate_for),
                _("Name the organisation's current delegate, or remove alternate_for."),
            )
    return out


def _roster_rules(c: Checker, charter: Charter, members: list[tuple[Member, tuple]]) -> None:
    """Checks on the roster as a whole: the chair, voting seats, quorum against seats."""
    if not members:
        return
    active = [(m, p) for m, p in members if not m.retired]
    chairs = [(m, p) for m, p in active if m.role == "chair"]
    if not chairs:
        c.warning(
            ("members",),
            _("No member has role = \"chair\"."),
            _('Give the chair role = "chair" (one member).'),
            plain=_("Nobody is the chair yet: edit the chair's entry and set Role to Chair."),
        )
    for m, p in chairs[1:]:
        c.error(
            p + ("role",),
            _("{where}: a second chair — {first} already has role = \"chair\".", where=c.where(p), first=chairs[0][0].name),
            _('Keep one chair; make the other "deputy" or "member".'),
            plain=_("Role: {first} is already the chair; a committee has one chair. Choose another role.", first=chairs[0][0].name),
        )

    orgs: dict[str, set[str]] = {}
    for m, _p in active:
        if rules.has_vote(charter, m) and not m.is_alternate:
            orgs.setdefault(m.organisation, set()).add(m.constituency)
    if charter.seats == "organisation":
        for org, kinds in orgs.items():
            if len(kinds) > 1:
                c.warning(
                    ("members",),
                    _("Organisation \"{org}\" has both community and partner delegates; its seat counts as the first delegate's.", org=org),
                    _("Give all delegates of one organisation the same constituency."),
                )

    seats = rules.seats(charter, [m for m, _p in members])
    if not seats:
        c.error(
            ("members",),
            _("No member has a vote: every member is retired, an alternate, non-voting (voting = false) or has a non-voting role."),
            _('Give at least one member a voting role (e.g. role = "member") and remove voting = false.'),
            plain=_("Nobody has a vote yet: give the voting members a voting role and tick \"Has a vote\"."),
        )
        return
    organisation = charter.seats == "organisation"
    q = charter.quorum
    qp = ("charter", "quorum")
    if qp + ("count",) in c.invalid:
        pass  # already reported: the value itself is wrong
    elif q.rule == "count" and q.count < 1:
        c.error(
            qp + ("count",),
            _("[charter.quorum]: rule = \"count\" needs count of at least 1, but count = {count}.", count=q.count),
            _("Set count to the number of voting seats that must be present, e.g. count = {n}.", n=len(seats) // 2 + 1),
            plain=_("Quorum: a count of at least 1 is needed, e.g. {n}.", n=len(seats) // 2 + 1),
        )
    elif q.rule == "count" and q.count > len(seats):
        if organisation:
            msg = _("[charter.quorum]: count = {count} is more than the number of voting organisations ({n}), so quorum can never be met.", count=q.count, n=len(seats))
        else:
            msg = _("[charter.quorum]: count = {count} is more than the number of voting members ({n}), so quorum can never be met.", count=q.count, n=len(seats))
        plain = _("Quorum count: {count} is more than the voting seats ({n}), so quorum could never be met. Type at most {n}.", count=q.count, n=len(seats))
        c.error(qp + ("count",), msg, _("Set count to at most {n}.", n=len(seats)), plain=plain)
    community = sum(1 for s in seats if s.constituency == "community")
    if q.min_community > community:
        if organisation:
            msg = _("[charter.quorum]: min_community = {need} is more than the number of community organisations with a vote ({n}), so quorum can never be met.", need=q.min_community, n=community)
        else:
            msg = _("[charter.quorum]: min_community = {need} is more than the number of community members with a vote ({n}), so quorum can never be met.", need=q.min_community, n=community)
        plain = _("Community minimum: {need} is more than the community seats with a vote ({n}), so quorum could never be met.", need=q.min_community, n=community)
        c.error(qp + ("min_community",), msg, _("Set min_community to at most {n}, or add community members.", n=community), plain=plain)


# ---------------------------------------------------------------------------------------------
# Composition (the handbook's advice: warnings only)
# ---------------------------------------------------------------------------------------------


def composition_warnings(committee: Committee) -> list[Problem]:
    """The handbook's advice on who sits on the strategic and executive committees.

    Counts seat holders: members who are not retired, not alternates, and have a vote.
    Never errors: a coalition may have good reasons to differ.
    """
    return _composition(committee, lambda: None, lambda _mid: None)


def _composition(
    committee: Committee,
    body_line: Callable[[], int | None],
    member_line: Callable[[str], int | None],
) -> list[Problem]:
    body = committee.body.strip().lower()
    if body not in ("strategic", "executive"):
        return []
    holders = [
        m
        for m in committee.members
        if not m.retired and not m.is_alternate and rules.has_vote(committee.charter, m)
    ]
    n = len(holders)
    out: list[Problem] = []

    def warn(message: str, fix: str, line: int | None = None) -> None:
        # The editors show the advice itself; its fix speaks of the file's keys.
        out.append(Problem(WARNING, message, fix, line if line is not None else body_line(), message))

    if body == "strategic":
        if not 15 <= n <= 27:
            warn(
                ngettext("The strategic committee has {n} voting member; the handbook suggests about 21.", "The strategic committee has {n} voting members; the handbook suggests about 21.", n),
                _("Check the member list (alternates, observers and retired members are not counted). This is advice, not a rule."),
            )
        community = sum(1 for m in holders if m.constituency == "community")
        if community < 2:
            warn(
                _("Voting community members on the strategic committee: {n}; the handbook asks for at least 2 from community organisations.", n=community),
                _('Give seats to community organisations (constituency = "community").'),
            )
    else:
        if not 9 <= n <= 11:
            warn(
                ngettext("The executive committee has {n} voting member; the handbook suggests 9 to 11.", "The executive committee has {n} voting members; the handbook suggests 9 to 11.", n),
                _("Check the member list (alternates, observers and retired members are not counted). This is advice, not a rule."),
            )
        officers = [m for m in holders if m.role in OFFICER_ROLES]
        if not 4 <= len(officers) <= 6:
            warn(
                ngettext(
                    "The executive committee has {n} officer (chair, deputy, secretary, officer); the handbook suggests 4 to 6.",
                    "The executive committee has {n} officers (chair, deputy, secretary, officer); the handbook suggests 4 to 6.",
                    len(officers),
                ),
                _('Give officers role = "chair", "deputy", "secretary" or "officer"; others role = "member".'),
            )
        leaders = [m for m in holders if m.role in ("chair", "deputy")]
        if leaders and not any(m.constituency == "community" for m in leaders):
            chair = next((m for m in leaders if m.role == "chair"), leaders[0])
            warn(
                _("Neither the chair nor a deputy of the executive committee is from a community organisation ({name} is a partner).", name=chair.name),
                _('The handbook asks that the chair or the deputy represent a community organisation (constituency = "community").'),
                member_line(chair.id),
            )
    return out


# ---------------------------------------------------------------------------------------------
# Agenda
# ---------------------------------------------------------------------------------------------

def validate_agenda(
    data: dict, *, index: LineIndex | None = None, committee: Committee | None = None, salvage: bool = False
) -> LoadResult[Agenda]:
    """Check a parsed agenda file and build the `Agenda`.

    With `committee`, the people it names are checked against the roster: the chair and the
    secretary must be members (an error otherwise); a presenter who is not a member id is
    shown as written (a warning, since a guest may present).
    """
    c = Checker(index)
    c.unknown_keys(data, AGENDA_TOP, (), _home_of(_AGENDA_TABLES, "top"))
    head = c.table(data, "agenda", (), required=True)
    has_head = head is not None
    head = head or {}
    p = ("agenda",)
    c.unknown_keys(head, AGENDA_KEYS, p, _home_of(_AGENDA_TABLES, "[agenda]"))
    title = c.text(head, "title", p, required=has_head, example='title = "Monthly meeting"')
    place = c.text(head, "place", p)
    date = _date(c, head, p)
    chair = c.text(head, "chair", p)
    secretary = c.text(head, "secretary", p)
    if committee is not None:
        for key, who in (("chair", chair), ("secretary", secretary)):
            member = committee.member(who) if who else None
            if who and (member is None or member.retired):
                c.error(
                    p + (key,),
                    _("[agenda]: {key} = \"{id}\" is not a member of {committee}.", key=key, id=who, committee=committee.name),
                    _("Use the id of a current member from committee.toml ({ids}), or leave it out to use the committee's {key}.", ids=_sample_ids(committee), key=key),
                )

    raw = c.table_list(data, "items", ())
    if not raw:
        if raw is None or isinstance(data.get("items"), list):
            c.warning(
                ("items",),
                _("The agenda has no items."),
                _('Add an [[items]] block for each item, with title and minutes.'),
                plain=_("No items yet: press a (Add item) to add the first one."),
            )
        raw = []
    items: list[AgendaItem] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        ip = ("items", i)
        if isinstance(entry.get("title"), str) and entry["title"].strip():
            c.labels[ip] = _("[[items]] #{n} ({title})", n=i + 1, title=entry["title"].strip()[:40])
        c.unknown_keys(entry, ITEM_KEYS, ip, _home_of(_AGENDA_TABLES, "[[items]]"))
        given_id = "id" in entry
        item_id = c.text(entry, "id", ip, non_empty=True, example=f'id = "item-{i + 1}"') or f"item-{i + 1}"
        item_title = c.text(entry, "title", ip, required=True, example='title = "Budget"')
        minutes = c.number(
            entry,
            "minutes",
            ip,
            default=0,
            minimum=0,
            maximum=MAX_ITEM_MINUTES,
            above=True,
            required=True,
            example="minutes = 15",
            fix=_("Set minutes to the planned duration, more than 0 and at most {max} (10 hours).", max=MAX_ITEM_MINUTES),
        )
        kind = c.choice(entry, "kind", ip, allowed=ITEM_KINDS, default="discussion")
        presenter = c.text(entry, "presenter", ip)
        if committee is not None and presenter and committee.member(presenter) is None:
            c.warning(
                ip + ("presenter",),
                _("{where}: presenter \"{who}\" is not a member id; it will be shown as written.", where=c.where(ip), who=presenter),
                _("If a member presents, use their id ({ids}); a guest's name is fine as it is.", ids=_sample_ids(committee)),
            )
        if item_id in seen:
            if given_id:
                msg = _("{where}: id \"{id}\" is already used by [[items]] #{first}.", where=c.where(ip), id=item_id, first=seen[item_id] + 1)
            else:
                msg = _("{where}: the automatic id \"{id}\" is already used by [[items]] #{first}.", where=c.where(ip), id=item_id, first=seen[item_id] + 1)
            c.error(ip + ("id",), msg, _("Give each item a different id."))
        else:
            seen[item_id] = i
        items.append(AgendaItem(id=item_id, title=item_title, minutes=minutes, kind=kind, presenter=presenter))
    return _finish(
        c, Agenda(title=title, items=tuple(items), place=place, date=date, chair=chair, secretary=secretary), salvage=salvage
    )


def _sample_ids(committee: Committee, n: int = 4) -> str:
    ids = [m.id for m in committee.members if not m.retired]
    return ", ".join(ids[:n]) + (", …" if len(ids) > n else "")


def _date(c: Checker, head: dict, p: tuple) -> str:
    value = head.get("date")
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        c.error(
            p + ("date",),
            _("[agenda]: date = {value} must be a date written YYYY-MM-DD.", value=show(value)),
            _('Write the date like date = "2026-03-14".'),
        )
        return ""
    text = value.strip()
    if not text:
        return ""
    problem = date_problem(text)
    if problem:
        c.error(
            p + ("date",),
            _("[agenda]: date = {value} is not a date written YYYY-MM-DD.", value=show(value)),
            _('Write the date like date = "2026-03-14" (year, month, day), or leave it empty.') + " " + problem,
        )
        return ""
    return normalize_date(text)
