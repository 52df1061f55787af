"""Members, bodies, the charter (rules of procedure) and agendas.

Pure data: no Textual, no TinyDB, no files, no clock. Every charter setting of PROCEDURE.md
exists here with its default; `committee.toml` overrides them (see `meeting_tui.charter`).
Everything is a frozen record (a msgspec Struct) that converts to and from plain dicts, so a session's first
event can snapshot the roster and charter in force.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field, to_builtins
from msgspec.structs import asdict

from meeting_tui.i18n import N_, tr

ROLES = ("chair", "deputy", "secretary", "officer", "member", "observer", "mediator", "staff")
NON_VOTING_ROLES = ("observer", "mediator", "staff")
CONSTITUENCIES = ("community", "partner")
BODY_KINDS = ("strategic", "executive", "working-group")
COLLABORATION_KINDS = (
    "information-network",
    "organisation",
    "coordinating-council",
    "campaign",
    "long-term-coalition",
)
QUORUM_RULES = ("majority", "count", "fraction")
SEAT_MODES = ("member", "organisation")
THRESHOLDS = (
    "majority_cast",
    "majority_present",
    "majority_members",
    "two_thirds_cast",
    "two_thirds_present",
    "unanimous",
)
CONSENSUS_METHODS = ("formal", "gradients", "fist-to-five", "consent")
CONSENSUS_FALLBACKS = ("vote", "escalate", "defer")
ITEM_KINDS = ("information", "discussion", "decision")
ATTENDANCE_MODES = ("in-person", "remote")


class Member(Struct, frozen=True):
    id: str
    name: str
    organisation: str
    role: str = "member"
    voting: bool = True
    constituency: str = "community"
    alternate_for: str | None = None
    phone: str = ""
    email: str = ""
    retired: bool = False

    @property
    def is_alternate(self) -> bool:
        return self.alternate_for is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        return _from_dict(cls, data)


class QuorumRules(Struct, frozen=True):
    rule: str = "majority"
    count: int = 0
    fraction: float = 0.5
    count_proxies: bool = False
    min_community: int = 0


class VotingRules(Struct, frozen=True):
    default_threshold: str = "majority_cast"
    chair_casting_vote: bool = False
    unanimous_no_abstain: bool = False
    remote_secret_ballot: bool = False  # remote members take part in a secret ballot (else shown and minuted as left out)
    declared_interest_may_speak: bool = True  # a member who declared an interest may still speak on it


class ConsensusRules(Struct, frozen=True):
    method: str = "formal"
    max_stand_aside_fraction: float = 0.25
    max_rounds: int = 3
    fallback: str = "vote"
    fallback_threshold: str = "two_thirds_cast"


class RevisitRules(Struct, frozen=True):
    mover_on_prevailing_side: bool = True
    reconsider_threshold: str = "majority_cast"
    rescind_threshold: str = "two_thirds_cast"
    rescind_with_notice_threshold: str = "majority_cast"
    min_days_before_reopen: int = 0
    requires_new_information: bool = False


class TimerRules(Struct, frozen=True):
    warn_minutes: float = 2
    speaking_minutes: float = 3


class EscalationLevel(Struct, frozen=True):
    name: str
    handler: str
    minutes: float = 0
    binding: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        """The name as shown: the default ladder's names translated, a charter's own as written."""
        return tr(self.name)


DEFAULT_ESCALATION = (
    EscalationLevel(N_("Facilitated dialogue"), "facilitator", 15, False),
    EscalationLevel(N_("Independent mediator"), "mediator", 0, False),
    EscalationLevel(N_("Arbitrator or arbitration committee"), "arbitrator", 0, True),
)


class Charter(Struct, frozen=True):
    """A committee's rules of procedure, each with PROCEDURE.md's default."""

    seats: str = "member"
    proxies: bool = False
    max_proxies_per_member: int = 1
    remote_counts: bool = True
    non_voting_roles_vote: bool = False
    quorum: QuorumRules = field(default_factory=QuorumRules)
    voting: VotingRules = field(default_factory=VotingRules)
    consensus: ConsensusRules = field(default_factory=ConsensusRules)
    revisit: RevisitRules = field(default_factory=RevisitRules)
    timer: TimerRules = field(default_factory=TimerRules)
    scope: dict[str, tuple[str, ...]] = field(default_factory=dict)
    escalation: tuple[EscalationLevel, ...] = DEFAULT_ESCALATION
    meeting_minutes: int = 120

    def to_dict(self) -> dict[str, Any]:
        data = to_builtins(self)  # the nested rules as dicts too
        data["scope"] = {k: list(v) for k, v in self.scope.items()}
        data["escalation"] = [level.to_dict() for level in self.escalation]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Charter:
        data = dict(data)
        nested = {
            "quorum": QuorumRules,
            "voting": VotingRules,
            "consensus": ConsensusRules,
            "revisit": RevisitRules,
            "timer": TimerRules,
        }
        for key, kind in nested.items():
            if key in data:
                data[key] = _from_dict(kind, data[key])
        if "scope" in data:
            data["scope"] = {k: tuple(v) for k, v in data["scope"].items()}
        if "escalation" in data:
            data["escalation"] = tuple(_from_dict(EscalationLevel, lv) for lv in data["escalation"])
        return _from_dict(cls, data)


class Committee(Struct, frozen=True):
    slug: str
    name: str
    body: str = "executive"
    language: str = "en"
    collaboration: str = ""
    coalition: str = ""
    members: tuple[Member, ...] = ()
    charter: Charter = field(default_factory=Charter)

    def member(self, member_id: str) -> Member | None:
        for m in self.members:
            if m.id == member_id:
                return m
        return None

    def holder_of(self, role: str) -> Member | None:
        """The first active member with this role (e.g. the chair), if any."""
        return next((m for m in self.members if m.role == role and not m.retired), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "body": self.body,
            "language": self.language,
            "collaboration": self.collaboration,
            "coalition": self.coalition,
            "members": [m.to_dict() for m in self.members],
            "charter": self.charter.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Committee:
        data = dict(data)
        data["members"] = tuple(Member.from_dict(m) for m in data.get("members", ()))
        data["charter"] = Charter.from_dict(data.get("charter", {}))
        return _from_dict(cls, data)


def votes_by_default(role: str) -> bool:
    """Observers, staff and mediators do not vote unless the charter says so."""
    return role not in NON_VOTING_ROLES


class AgendaItem(Struct, frozen=True):
    id: str
    title: str
    minutes: float
    kind: str = "discussion"
    presenter: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaItem:
        return _from_dict(cls, data)


class Agenda(Struct, frozen=True):
    title: str
    items: tuple[AgendaItem, ...] = ()
    place: str = ""
    date: str = ""
    chair: str = ""  # member id of who chairs this meeting (default: the committee's chair)
    secretary: str = ""  # member id of who takes the minutes (default: the committee's secretary)

    @property
    def planned_minutes(self) -> float:
        return sum(item.minutes for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "place": self.place,
            "date": self.date,
            "chair": self.chair,
            "secretary": self.secretary,
            "items": [item.to_dict() for item in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agenda:
        data = dict(data)
        data["items"] = tuple(AgendaItem.from_dict(i) for i in data.get("items", ()))
        return _from_dict(cls, data)


def _from_dict(cls: type, data: dict[str, Any]):
    """Build a record from a dict, ignoring keys it does not know (forward compatible)."""
    names = cls.__struct_fields__  # (msgspec.structs.fields would evaluate every annotation)
    return cls(**{k: v for k, v in data.items() if k in names})
