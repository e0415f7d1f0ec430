"""Who may do what in recognition: the `recognition.*` actions and their rules.

Everyone thanks colleagues and reads the public wall; a private thanks is for its
author, its receivers, and the director of a receiver who chose to tell them.
Communications hides offensive or mistaken thanks. Hr runs award cycles, anyone
nominates while the window is open, the committee scores, the cabinet decides.
"""

from __future__ import annotations

from typing import Any

from intranet.people.models import Person
from intranet.permissions import acts_for, any_role, everyone
from recognition.models import Award, AwardCycle, CycleStatus, Nomination, Thanks

hr = any_role("hr")
cabinet = any_role("cabinet")
communications = any_role("communications")
_runs_cycles = any_role("hr", "cabinet")


def may_read_thanks(person: Person, thanks: Thanks | None = None) -> bool:
    """A public thanks (not hidden) for everyone; a private one for its author, receivers and the
    directors of receivers who chose to tell them. A hidden one for communications and the author."""
    if thanks is None:
        return True
    if person.id == thanks.author_id:
        return True
    if thanks.hidden:
        return communications(person)
    if thanks.public:
        return True
    return any(r.person_id == person.id or (r.director_told and acts_for(person, r.unit_id, sub_units=True))
               for r in thanks.receivers)


def may_read_cycle(person: Person, cycle: AwardCycle | None = None) -> bool:
    """A cycle once opened for everyone; a draft for hr and the cabinet."""
    if isinstance(cycle, AwardCycle) and cycle.status == CycleStatus.DRAFT:
        return _runs_cycles(person)
    return True


def is_member(person: Person, cycle: Any = None) -> bool:
    """On the cycle's committee (without a cycle: on any committee is not asked, so False)."""
    cycle = cycle.cycle if isinstance(cycle, Nomination) else cycle
    return isinstance(cycle, AwardCycle) and person.id in cycle.member_ids()


def is_chair(person: Person, cycle: AwardCycle | None = None) -> bool:
    return isinstance(cycle, AwardCycle) and cycle.chair_id == person.id


def may_read_nomination(person: Person, nomination: Nomination | None = None) -> bool:
    """Its nominator, hr, the cabinet and the cycle's committee. Never the nominee: even in a cycle that tells
    nominees (`AwardCycle.tell_nominees`), they learn that they are nominated, not by whom or why."""
    if nomination is None:
        return _runs_cycles(person)
    return person.id == nomination.nominator_id or _runs_cycles(person) or is_member(person, nomination.cycle)


def may_nominate(person: Person, cycle: AwardCycle | None = None) -> bool:
    """Anyone, in a cycle open for nominations (the window's dates are the service's to check)."""
    return not isinstance(cycle, AwardCycle) or cycle.status == CycleStatus.NOMINATING


def may_read_award(person: Person, award: Award | None = None) -> bool:
    """Once announced, for everyone; before, for hr and the cabinet."""
    if isinstance(award, Award) and award.cycle.status != CycleStatus.ANNOUNCED:
        return _runs_cycles(person)
    return True


def may_read_committee(person: Person, cycle: AwardCycle | None = None) -> bool:
    return _runs_cycles(person) or is_member(person, cycle)


RULES = {
    "recognition.view": everyone,
    "recognition.thank": everyone,
    "recognition.read_thanks": may_read_thanks,
    "recognition.moderate": communications,
    "recognition.manage": hr,
    "recognition.read_cycle": may_read_cycle,
    "recognition.nominate": may_nominate,
    "recognition.read_award": may_read_award,
    "recognition.read_nomination": may_read_nomination,
    "recognition.committee": may_read_committee,
    "recognition.score": is_member,
    "recognition.close_scoring": is_chair,
    "recognition.decide": cabinet,
    "recognition.fairness": _runs_cycles,
}
