"""Rules of procedure: quorum and vote thresholds (PROCEDURE.md).

Pure functions of the charter, the roster and who is present. Every number is computed with
integers or `Fraction`, never floats, so 2/3 of 11 and 0.7 of 10 come out exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterable, Mapping

from msgspec import Struct

from meeting_tui.domain import dates as _dates
from meeting_tui.domain.model import NON_VOTING_ROLES, Charter, Member
from meeting_tui.i18n import N_, _, join, ngettext, tr


def has_vote(charter: Charter, member: Member) -> bool:
    """Whether a member holds a voting right under this charter."""
    if not member.voting or member.retired:
        return False
    return member.role not in NON_VOTING_ROLES or charter.non_voting_roles_vote


def counts_as_present(charter: Charter, mode: str) -> bool:
    """Remote attendance counts for quorum and voting only if the charter says so."""
    return mode == "in-person" or charter.remote_counts


class Seat(Struct, frozen=True):
    """One vote for quorum and thresholds: a voting member, or an organisation."""

    key: str
    label: str
    constituency: str
    holders: tuple[str, ...]  # member ids who sit in it (delegates first, then alternates)


def seats(charter: Charter, members: Iterable[Member]) -> list[Seat]:
    """The voting seats under the charter's `seats` setting.

    `member` seats: each voting member who is not an alternate; a named alternate present
    while the delegate is absent fills the delegate's seat. `organisation` seats: each
    organisation with a voting delegate; filled by any present delegate or alternate of it.
    """
    members = [m for m in members if not m.retired]
    delegates = [m for m in members if has_vote(charter, m) and not m.is_alternate]
    alternates = [m for m in members if has_vote(charter, m) and m.is_alternate]
    if charter.seats == "organisation":
        result: dict[str, list[Member]] = {}
        for m in delegates:
            result.setdefault(m.organisation, []).append(m)
        by_id = {m.id: m for m in members}
        out = []
        for org, holders in result.items():
            alt_ids = tuple(
                a.id
                for a in alternates
                if a.organisation == org
                or (a.alternate_for in by_id and by_id[a.alternate_for].organisation == org)
            )
            out.append(
                Seat(
                    key=org,
                    label=org,
                    constituency=holders[0].constituency,
                    holders=tuple(h.id for h in holders) + alt_ids,
                )
            )
        return out
    return [
        Seat(
            key=m.id,
            label=m.name,
            constituency=m.constituency,
            holders=(m.id,) + tuple(a.id for a in alternates if a.alternate_for == m.id),
        )
        for m in delegates
    ]


def required_for_quorum(charter: Charter, total_seats: int) -> int:
    q = charter.quorum
    if q.rule == "count":
        return q.count
    if q.rule == "fraction":
        return max(1, math.ceil(Fraction(str(q.fraction)) * total_seats))
    return total_seats // 2 + 1  # majority: more than half (RONR)


class QuorumStatus(Struct, frozen=True):
    met: bool
    present: int  # seats filled by someone present (counting remote if the charter allows)
    by_proxy: int  # seats of absent members whose proxy is held by someone present
    counted: int  # what is compared with `required`
    required: int
    total: int
    unit: str  # "members" or "organisations"
    community_present: int
    community_required: int
    filled: frozenset[str]  # keys of seats filled in person or remotely

    def summary(self) -> str:
        if self.unit == "organisations":
            present = ngettext("{n} organisation present", "{n} organisations present", self.counted)
        else:
            present = ngettext("{n} member present", "{n} members present", self.counted)
        if self.met:
            text = _("Quorum met: {present}, {required} required", present=present, required=self.required)
        else:
            text = _("NO QUORUM: {present}, {required} required", present=present, required=self.required)
        if self.community_required:
            text += " · " + _(
                "community {present}/{required}",
                present=self.community_present,
                required=self.community_required,
            )
        return text

    def shortfall(self) -> str:
        """What is missing for quorum, in one sentence ("" when met)."""
        parts = []
        if self.counted < self.required:
            missing = self.required - self.counted
            if self.unit == "organisations":
                parts.append(ngettext("{n} more organisation must be present", "{n} more organisations must be present", missing))
            else:
                parts.append(ngettext("{n} more voting member must be present", "{n} more voting members must be present", missing))
        if self.community_present < self.community_required:
            parts.append(
                ngettext(
                    "{n} more community member must be present",
                    "{n} more community members must be present",
                    self.community_required - self.community_present,
                )
            )
        return join(parts, "; ")


class SeatIndex(Struct, frozen=True):
    """The seats of a roster and who fills which: built once, since it does not change while
    a session runs, so quorum after each arrival costs O(present), not O(members)."""

    seats: tuple[Seat, ...]
    seat_of: Mapping[str, str]  # member id -> seat key
    constituency: Mapping[str, str]  # seat key -> constituency

    @classmethod
    def build(cls, charter: Charter, members: Iterable[Member]) -> SeatIndex:
        all_seats = tuple(seats(charter, members))
        return cls(
            seats=all_seats,
            seat_of={h: s.key for s in all_seats for h in s.holders},
            constituency={s.key: s.constituency for s in all_seats},
        )


class Presence(Struct):
    """Who is counted present for quorum, and the seats they fill, kept one change at a time.

    Counting from scratch walks the whole roster; a long session's replay would do it on each
    of its thousands of arrivals and departures. `update` costs O(1) per change; `quorum_of`
    then costs O(proxies). `Presence.count` builds it from scratch (what `quorum` does).
    """

    index: SeatIndex
    counted: set[str]  # ids of members present and counted (remote only if the charter allows)
    holders: dict[str, int]  # seat key -> how many of its holders are counted present (> 0)
    community: int = 0  # filled seats of the community constituency

    @classmethod
    def count(cls, charter: Charter, index: SeatIndex, present: Mapping[str, str]) -> Presence:
        presence = cls(index=index, counted=set(), holders={})
        for member_id, mode in present.items():
            presence.update(member_id, counts_as_present(charter, mode))
        return presence

    def update(self, member_id: str, counted: bool) -> None:
        """Member `member_id` is now counted present (`counted`) or not."""
        if counted == (member_id in self.counted):
            return
        key = self.index.seat_of.get(member_id)
        if counted:
            self.counted.add(member_id)
        else:
            self.counted.discard(member_id)
        if key is None:
            return
        before = self.holders.get(key, 0)
        after = before + (1 if counted else -1)
        if after:
            self.holders[key] = after
        else:
            del self.holders[key]
        if (before == 0) != (after == 0) and self.index.constituency[key] == "community":
            self.community += 1 if after else -1


def quorum(
    charter: Charter,
    members: Iterable[Member],
    present: Mapping[str, str],
    proxies: Mapping[str, str] | None = None,
    *,
    index: SeatIndex | None = None,
) -> QuorumStatus:
    """Quorum under the charter.

    `present` maps each present member id to its attendance mode ("in-person" or "remote");
    `proxies` maps an absent giver's id to the present holder's id. `index`: the roster's
    seats when the caller already has them (`SeatIndex.build(charter, members)`).
    """
    index = index or SeatIndex.build(charter, members)
    return quorum_of(charter, Presence.count(charter, index, present), proxies or {})


def quorum_of(charter: Charter, presence: Presence, proxies: Mapping[str, str]) -> QuorumStatus:
    """Quorum under the charter, from who is counted present (`Presence`) and the proxies."""
    index = presence.index
    seat_of = index.seat_of
    counted_present = presence.counted
    filled = presence.holders  # seat keys filled in person or remotely
    by_proxy = 0
    if charter.proxies:
        proxy_seats = {
            seat_of[giver]
            for giver, holder in proxies.items()
            if giver in seat_of and holder in counted_present and seat_of[giver] not in filled
        }
        by_proxy = len(proxy_seats)
    counted = len(filled) + (by_proxy if charter.quorum.count_proxies else 0)
    total = len(index.seats)
    required = required_for_quorum(charter, total)
    community_present = presence.community
    community_required = charter.quorum.min_community
    met = counted >= required and required > 0 and community_present >= community_required
    return QuorumStatus(
        met=met,
        present=len(filled),
        by_proxy=by_proxy,
        counted=counted,
        required=required,
        total=total,
        unit="organisations" if charter.seats == "organisation" else "members",
        community_present=community_present,
        community_required=community_required,
        filled=frozenset(filled),
    )


# ---------------------------------------------------------------------------------------------
# Thresholds
# ---------------------------------------------------------------------------------------------

THRESHOLD_LABELS = {
    "majority_cast": N_("majority of votes cast"),
    "majority_present": N_("majority of voting members present"),
    "majority_members": N_("majority of all voting members"),
    "two_thirds_cast": N_("two-thirds of votes cast"),
    "two_thirds_present": N_("two-thirds of voting members present"),
    "unanimous": N_("unanimous"),
}


def threshold_label(name: str) -> str:
    return tr(THRESHOLD_LABELS[name])


class Tally(Struct, frozen=True):
    yes: int
    no: int
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no


class ThresholdResult(Struct, frozen=True):
    adopted: bool
    tie: bool
    needed: Fraction  # the bound `yes` had to beat (strict) or reach (at least)
    strict: bool  # True: yes > needed; False: yes >= needed

    def comparison(self) -> str:
        return ">" if self.strict else "≥"

    @property
    def whole_votes_needed(self) -> int:
        """The fewest yes votes, in whole people, that meet the threshold: 6 for "≥ 5.33",
        7 for "> 6", 6 for "> 5.5" (what the minutes and the screens show)."""
        return math.floor(self.needed) + 1 if self.strict else math.ceil(self.needed)


def apply_threshold(
    name: str,
    tally: Tally,
    *,
    present_voters: int,
    total_voters: int,
    unanimous_no_abstain: bool = False,
) -> ThresholdResult:
    """Whether `tally` adopts a motion under threshold `name` (PROCEDURE.md table).

    `present_voters` and `total_voters` count seats (voting members or organisations). A tie
    (yes == no) always fails; the chair's casting vote is applied by the caller, before this.
    """
    yes, no = tally.yes, tally.no
    tie = yes == no
    if name == "majority_cast":
        needed, strict = Fraction(no), True
    elif name == "majority_present":
        needed, strict = Fraction(present_voters, 2), True
    elif name == "majority_members":
        needed, strict = Fraction(total_voters, 2), True
    elif name == "two_thirds_cast":
        needed, strict = Fraction(2, 3) * (yes + no), False
    elif name == "two_thirds_present":
        needed, strict = Fraction(2, 3) * present_voters, False
    elif name == "unanimous":
        ok = no == 0 and yes >= 1 and not (unanimous_no_abstain and tally.abstain > 0)
        return ThresholdResult(adopted=ok, tie=tie and yes > 0, needed=Fraction(1), strict=False)
    else:
        raise ValueError(f"unknown threshold {name!r}")
    passed = yes > needed if strict else yes >= needed
    if name == "two_thirds_cast" and yes + no == 0:
        passed = False
    return ThresholdResult(adopted=passed and not tie, tie=tie, needed=needed, strict=strict)


# ---------------------------------------------------------------------------------------------
# Who can vote now
# ---------------------------------------------------------------------------------------------


def voting_seats(
    charter: Charter,
    members: Iterable[Member],
    present: Mapping[str, str],
    proxies: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The seats that can cast a vote now: seat key -> "present" or "proxy".

    A seat is "present" when one of its holders is present (counting remote attendance only if
    the charter allows); it is "proxy" when it is not filled but an absent holder's proxy is
    held by someone present (only if the charter allows proxies). The count is always
    `quorum(...).present + quorum(...).by_proxy`: proxies count as votes held.
    """
    status = quorum(charter, members, present, proxies)
    out = {key: "present" for key in status.filled}
    if charter.proxies and proxies:
        counted = {mid for mid, mode in present.items() if counts_as_present(charter, mode)}
        seat_of = {h: s.key for s in seats(charter, members) for h in s.holders}
        for giver, holder in proxies.items():
            key = seat_of.get(giver)
            if key is not None and key not in out and holder in counted:
                out[key] = "proxy"
    return out


# ---------------------------------------------------------------------------------------------
# Decision scope
# ---------------------------------------------------------------------------------------------


def referral(charter: Charter, matter: str, body: str) -> tuple[str, ...]:
    """The bodies a decision on `matter` must be referred to: () when `body` may decide it.

    A matter that the charter's `[scope]` does not list may be decided by any body."""
    allowed = charter.scope.get(matter, ()) if matter else ()
    if not allowed or body in allowed:
        return ()
    return tuple(allowed)


# ---------------------------------------------------------------------------------------------
# Consensus
# ---------------------------------------------------------------------------------------------

CONSENSUS_CATEGORIES = ("support", "reservation", "stand-aside", "block", "more-discussion")

CONSENSUS_CATEGORY_LABELS = {
    "support": N_("support"),
    "reservation": N_("reservation"),
    "stand-aside": N_("stand-aside"),
    "block": N_("block"),
    "more-discussion": N_("more discussion"),
}

# Each method's responses, in the order a screen offers them, and their category.
CONSENSUS_RESPONSES: dict[str, dict[str, str]] = {
    "formal": {
        "agree": "support",
        "reservations": "reservation",
        "stand-aside": "stand-aside",
        "block": "block",
    },
    "gradients": {  # Kaner's gradients of agreement
        "1": "support",  # whole-hearted endorsement
        "2": "support",  # agree with a minor point
        "3": "reservation",  # support with reservations
        "4": "stand-aside",  # abstain
        "5": "more-discussion",  # more discussion needed
        "6": "reservation",  # don't like it but will support it
        "7": "stand-aside",  # serious disagreement
        "8": "block",  # veto
    },
    "fist-to-five": {
        "5": "support",
        "4": "support",
        "3": "support",
        "2": "reservation",
        "1": "reservation",
        "0": "block",
    },
    "consent": {"no-objection": "support", "objection": "block"},
}


def consensus_response(method: str, response: object) -> str | None:
    """The canonical form of a response under `method` ("3", "stand-aside"...), or None.

    Numbers may be given as int or text; words are case-insensitive and may use spaces or
    underscores for hyphens ("Stand aside" is "stand-aside")."""
    if isinstance(response, bool):
        return None
    text = str(response).strip().lower().replace("_", "-").replace(" ", "-")
    if text == "reservation" and method == "formal":
        text = "reservations"
    return text if text in CONSENSUS_RESPONSES.get(method, {}) else None


def consensus_category(method: str, response: object) -> str | None:
    """support | reservation | stand-aside | block | more-discussion, or None if not valid."""
    canonical = consensus_response(method, response)
    return None if canonical is None else CONSENSUS_RESPONSES[method][canonical]


class ConsensusResult(Struct, frozen=True):
    reached: bool
    participants: int
    blocks: int
    more_discussion: int
    stand_asides: int
    max_stand_asides: Fraction  # max_stand_aside_fraction × participants

    @property
    def stand_asides_allowed(self) -> int:
        """The most stand-asides allowed, in whole people: 1 when the fraction gives 1.75."""
        return math.floor(self.max_stand_asides)


def consensus_outcome(spread: Mapping[str, int], max_stand_aside_fraction: float) -> ConsensusResult:
    """Whether a round with this spread (category -> count) reaches consensus.

    Consensus: at least one participant, no block, no more-discussion, and stand-asides at
    most `max_stand_aside_fraction` of the participants (computed exactly, as a Fraction)."""
    participants = sum(spread.values())
    limit = Fraction(str(max_stand_aside_fraction)) * participants
    blocks = spread.get("block", 0)
    more = spread.get("more-discussion", 0)
    asides = spread.get("stand-aside", 0)
    reached = participants > 0 and blocks == 0 and more == 0 and asides <= limit
    return ConsensusResult(reached, participants, blocks, more, asides, limit)


# ---------------------------------------------------------------------------------------------
# Reopening decisions (revisit.py): which threshold applies, and calendar days
# ---------------------------------------------------------------------------------------------

# A majority of all voting members also carries any of these, so it is no alternative to them.
_IMPLIED_BY_MAJORITY_MEMBERS = ("majority_cast", "majority_present", "majority_members")


class RevisitThreshold(Struct, frozen=True):
    """The threshold a motion to reconsider, rescind or amend needs, and why."""

    threshold: str
    alternative: str  # a threshold that also carries the motion (RONR: a majority of the membership), or ""
    reason: str  # which applies and why, in one sentence


def revisit_threshold(charter: Charter, kind: str, *, notice_given: bool = False) -> RevisitThreshold:
    """PROCEDURE.md, Revisiting decisions: `reconsider_threshold` in the same session; to rescind
    or amend something adopted earlier, `rescind_with_notice_threshold` if notice was given at the
    previous session, otherwise `rescind_threshold` — or, either way, a majority of all voting
    members (RONR), when that is not already enough under the first threshold."""
    r = charter.revisit
    if kind == "reconsider":
        label = threshold_label(r.reconsider_threshold)
        reason = _("To reconsider a decision of this session: {label}.", label=label)
        return RevisitThreshold(r.reconsider_threshold, "", reason)
    threshold = r.rescind_with_notice_threshold if notice_given else r.rescind_threshold
    alternative = "" if threshold in _IMPLIED_BY_MAJORITY_MEMBERS else "majority_members"
    label = threshold_label(threshold)
    if notice_given and alternative:
        reason = _(
            "Notice was given at the previous session: {label}, or a majority of all voting members.",
            label=label,
        )
    elif notice_given:
        reason = _("Notice was given at the previous session, so {label} is enough.", label=label)
    elif alternative:
        reason = _(
            "No notice was given at the previous session: {label}, or a majority of all voting members.",
            label=label,
        )
    else:
        reason = _("No notice was given at the previous session: {label}.", label=label)
    return RevisitThreshold(threshold, alternative, reason)


def day_number(date: str) -> int | None:
    """Days since 1970-01-01 of a date (None if it is not one); `dates.day_number`."""
    return _dates.day_number(date)


def date_of_day(number: int) -> str:
    """The date YYYY-MM-DD of a day number (the inverse of `day_number`)."""
    return _dates.date_of_day(number)


def date_of(seconds: float) -> str:
    """The UTC date YYYY-MM-DD of a timestamp."""
    return date_of_day(int(seconds // 86400))
