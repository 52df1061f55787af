"""A scripted meeting for the minutes tests: the demo executive committee, a fixed clock."""

from __future__ import annotations

from datetime import timedelta, timezone

from meeting_tui.charter import parse_agenda, parse_committee
from meeting_tui.charter.examples import example_text
from meeting_tui.domain import actions as act
from meeting_tui.domain import session as s
from meeting_tui.domain.events import Event

AMMAN = timezone(timedelta(hours=3))
START = 1_773_471_600.0  # 2026-03-14 07:00 UTC = 10:00 in Amman
SOURCE = "demo-executive/2026-03-14-executive-committee-monthly-meeting.json"


def demo_committee():
    return parse_committee(example_text("executive.toml"), slug="demo-executive").value


def demo_agenda(committee=None):
    return parse_agenda(example_text("agenda-executive.toml"), committee=committee or demo_committee()).value


class Meeting:
    """Commands append to an in-memory event log, folded as they go (like the controller)."""

    def __init__(self, committee=None, agenda=None, *, now: float = START, **open_kw):
        committee = committee or demo_committee()
        agenda = agenda or demo_agenda(committee)
        self.now = now
        self.events: list[Event] = []
        opened = s.open_session(
            committee, agenda, now=now, title=open_kw.pop("title", agenda.title), date=open_kw.pop("date", agenda.date),
            place=open_kw.pop("place", agenda.place), **open_kw,
        )
        self._append(opened)

    def _append(self, events):
        stamped = [e.with_seq(len(self.events) + i + 1) for i, e in enumerate(events)]
        first = not self.events
        self.events += stamped
        if first:
            self.state = s.fold(stamped)
        else:
            s.apply_all(self.state, stamped)
        return stamped

    def at(self, minutes: float) -> Meeting:
        """Move the clock `minutes` past the opening."""
        self.now = START + minutes * 60
        return self

    def do(self, command, *args, **kw):
        return self._append(command(self.state, *args, now=self.now, **kw))


def demo_meeting(decisions: bool = False) -> Meeting:
    """A whole monthly meeting of the demo executive committee, everything the minutes show.
    With `decisions`: also a secret ballot (a proxy takes part), a consensus round with a
    stand-aside, and a conflict on the statement handled at the chair-facilitated level and
    deferred (#20: the wording of counts, proxies and conflicts)."""
    m = Meeting()
    ids = {member.name: member.id for member in m.state.members.values()}
    layla, karim, nour, sami = "layla-mansour", "karim-nasser", "nour-al-hassan", "sami-haddad"
    khaled, salma = "khaled-barakat", ids["سلمى حداد"]
    omar, amina, zeina = "omar-saleh", "amina-haddad", "zeina-rahal"
    tariq = "tariq-mahmoud"
    m.at(2).do(s.arrive, layla)
    m.at(3).do(s.arrive, nour)
    m.at(3).do(s.arrive, tariq)
    m.at(4).do(s.arrive, karim)
    m.at(4).do(s.arrive, sami, mode="remote")
    m.at(5).do(s.arrive, khaled)
    m.at(5).do(s.send_apologies, zeina)
    m.at(5).do(s.send_apologies, amina)
    m.at(6).do(s.arrive, salma)
    m.at(6).do(s.assign_proxy, amina, karim)
    m.at(7).do(s.add_guest, "Rana Khoury", organisation="Regional Water Authority", role="observer")
    # 1. approval of the minutes
    m.at(8).do(s.next_item)
    m.do(
        act.approve_previous_minutes,
        previous={"session": "2026-02-14-executive-committee-monthly-meeting.json", "title": "Executive committee — monthly meeting", "date": "2026-02-14"},
    )
    m.do(s.set_note, "minutes", "The minutes of 14 February were approved without changes.")
    # 2. review of open action items
    m.at(14).do(s.next_item)
    m.at(15).do(s.arrive, omar)
    m.do(act.add_action, "Send the well survey to the Water Authority", who=khaled, due="2026-03-31")
    m.at(22).do(s.next_item)
    # 3. water access: speakers, an extension
    m.do(s.queue_speaker, khaled)
    m.do(s.queue_speaker, salma)
    m.do(s.queue_speaker, karim)
    m.at(23).do(s.give_floor)
    m.at(29).do(s.give_floor)
    m.at(32).do(s.give_floor)
    m.at(34).do(s.stop_speaker)
    m.at(35).do(s.extend_item, 5, "two villages reported new breakdowns")
    m.do(
        s.set_note,
        "wg-water",
        "Khaled reported on the 12 wells surveyed.\nThree need new pumps; the Authority has promised parts.\n\n"
        "سلمى حداد: مياه الشرب في رأس العين مقطوعة منذ أسبوعين.",
    )
    m.do(act.add_action, "Ask the Authority for a date for the pumps", who=salma, due="2026-03-21")
    # 4. land registration: skipped (the convenor sent apologies); the budget is taken next
    m.at(44).do(s.skip_item, "wg-land")
    m.do(s.next_item)
    m.at(50).do(s.give_floor, sami)
    m.at(58).do(s.give_floor, layla)
    m.at(61).do(s.stop_speaker)
    if decisions:
        _budget_decisions(m, karim, amina, [layla, nour, karim, khaled, salma, omar])
    m.do(act.complete_action, "action-1")
    m.at(70).do(s.depart, sami)
    m.do(s.set_note, "budget", "Sami presented the figures (remote). Discussion of the training line.")
    # 5. statement: deferred
    m.at(71).do(s.next_item)
    m.at(80).do(s.defer_item, "statement", "waiting for the legal opinion from Mizan")
    # added during the meeting
    m.at(81).do(s.add_item, "Flood appeal from the southern shore", 10, kind="decision")
    m.at(81).do(s.start_item, "strategic-prep")
    m.at(90).do(s.next_item)
    m.at(99).do(s.next_item)
    m.do(act.add_action, "Circulate the draft quarterly report", who="the secretariat", due="")
    m.at(104).do(s.depart, khaled)
    m.at(108).do(s.set_note, "aob", "Next meeting: 11 April, same place.")
    m.at(110).do(act.carry_open_actions)
    m.at(110).do(s.close_session)
    return m


def _budget_decisions(m: Meeting, karim: str, amina: str, in_room: list[str]) -> None:
    from meeting_tui.domain import conflicts, consensus
    from meeting_tui.domain import decisions as dec

    budget = (
        "Move 4,000 from the training line [UNDP grant] to the well-rehabilitation campaign in Q2, "
        "on the condition that the training of the new water committees in the three northern villages "
        "goes ahead in Q3 as planned and is paid for from the savings on transport and not of the reserve."
    )
    m.at(62).do(dec.propose, budget, item="budget", mover="layla-mansour", seconder="khaled-barakat")
    m.do(dec.open_vote, "P1", ballot="secret", threshold="two_thirds_present")
    for member in in_room:
        m.do(dec.record_participation, member)
        if member == karim:
            m.do(dec.record_participation, karim, proxy_for=amina)
    m.do(dec.close_ballot_box)
    m.do(dec.enter_counts, 6, 0, 1)
    m.at(64).do(dec.close_vote, register_number=5)
    m.do(dec.propose, "Thank the Water Authority for the parts > promised in March.", item="budget")
    m.do(consensus.open_consensus, "P2")
    for member in in_room:
        m.do(consensus.respond, member, "agree" if member != in_room[-1] else "stand aside", reason="")
    m.do(consensus.respond, "sami-haddad", "reservations", reason="the parts are late")
    m.at(66).do(consensus.close_round, register_number=6)
    m.at(72).do(
        conflicts.raise_conflict,
        parties=["karim-nasser", "layla-mansour"],
        subject="statement",
        description="Whether the statement names the licence holders before the legal opinion arrives.",
    )
    m.at(78).do(conflicts.defer, "C1", "waiting for the legal opinion")
