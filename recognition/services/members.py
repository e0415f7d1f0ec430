"""Changing the committee once the cycle is open: hr adds or removes members until scoring is closed.

What happens to scores, and why:

- A member who is **removed** takes their scores with them: the scores are deleted, and the audit log
  keeps them (who scored what, per nomination) in the removal's entry. Someone no longer on the committee
  is no longer answerable for the ranking, and a score kept from them would also count in a nomination's
  weighted score while no current member could see it being given.
- "Scores stay hidden until every member has scored" always asks the **current** committee: a removed
  member no longer holds a nomination back, and a member added while the committee scores holds back the
  nominations they may score until they have scored them (or the chair closes scoring).
- A member is **added** even when they conflict with some nominations (they nominated the colleague, they
  direct the unit, they are nominated): the conflict-of-interest rule is per nomination and applies to
  them as to everyone; hr is told how many nominations they may not score.
- The chair cannot be removed: hr first makes another member the chair (the committee needs a chair to
  close scoring).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.audit.services import record
from intranet.database import unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.services import clear, notify
from intranet.people.models import Person
from intranet.permissions import require
from intranet.texts import Translated
from recognition.models import AwardCycle, CommitteeMember, CycleStatus, Score
from recognition.services.committee import conflict
from recognition.services.cycles import CYCLE_KIND, cycle_path, nominations_of

#: while the committee can still change: until the chair closes scoring
OPEN_STATUSES = (CycleStatus.DRAFT, CycleStatus.NOMINATING, CycleStatus.SCORING)


@dataclass
class Added:
    member: CommitteeMember
    #: how many of the cycle's nominations the new member may not score (conflict of interest)
    conflicts: int


def _check_open(cycle: AwardCycle) -> None:
    if cycle.status not in OPEN_STATUSES:
        raise DomainError(_("Scoring is closed: the committee no longer changes."))


def scores_given(person: Person, cycle: AwardCycle) -> list[Score]:
    """The scores this member gave in the cycle."""
    return [s for n in nominations_of(cycle) for s in n.scores if s.member_id == person.id]


def add_member(actor: Person, cycle: AwardCycle, person: Person) -> Added:
    """Put a colleague on the committee (hr, until scoring is closed); while the committee scores, they are
    asked to score. Adding someone already on it changes nothing.

    :raises DomainError: scoring closed, or a person who does not work here (field "person").
    """
    require(actor, "recognition.manage", cycle)
    _check_open(cycle)
    if not person.active:
        raise DomainError(_("Choose a colleague who works here."), "person")
    existing = next((m for m in cycle.members if m.person_id == person.id), None)
    nominations = nominations_of(cycle)
    conflicts = sum(1 for n in nominations if conflict(person, n) is not None)
    if existing is not None:
        return Added(existing, conflicts)
    member = CommitteeMember(person_id=person.id)
    with unique_or(DomainError(_("This colleague was added a moment ago; reload the page."))):
        cycle.members.append(member)
        db.session.flush()
    if cycle.status == CycleStatus.SCORING:
        notify(person, CYCLE_KIND, _l("Score the nominations for %(cycle)s by %(day)s",
                                      cycle=Translated(cycle.names), day=cycle.decision_on),
               url=f"{cycle_path(cycle)}/committee", subject=f"cycle:{cycle.id}:score")
    record(actor, "recognition.member_added", cycle, person=person.id, conflicts=conflicts)
    db.session.commit()
    return Added(member, conflicts)


def remove_member(actor: Person, cycle: AwardCycle, person: Person) -> int:
    """Take a member off the committee (hr, until scoring is closed); their scores are deleted and kept in
    the audit log.

    :returns: how many scores were deleted.
    :raises DomainError: scoring closed, the chair, or someone not on the committee.
    """
    require(actor, "recognition.manage", cycle)
    _check_open(cycle)
    member = next((m for m in cycle.members if m.person_id == person.id), None)
    if member is None:
        raise DomainError(_("This colleague is not on the committee."))
    if cycle.chair_id == person.id:
        raise DomainError(_("The chair stays on the committee: choose another chair first."))
    scores = scores_given(person, cycle)
    kept_in_log = {str(s.nomination_id): dict(s.values) for s in scores}
    for given in scores:
        db.session.delete(given)
    cycle.members.remove(member)
    clear(f"cycle:{cycle.id}:score", person)
    record(actor, "recognition.member_removed", cycle, person=person.id, scores_deleted=kept_in_log)
    db.session.commit()
    return len(scores)


def make_chair(actor: Person, cycle: AwardCycle, person: Person) -> None:
    """Make another member the committee's chair (hr, until scoring is closed).

    :raises DomainError: scoring closed, or someone not on the committee.
    """
    require(actor, "recognition.manage", cycle)
    _check_open(cycle)
    if person.id not in cycle.member_ids():
        raise DomainError(_("This colleague is not on the committee."))
    previous, cycle.chair_id = cycle.chair_id, person.id
    record(actor, "recognition.chair_changed", cycle, person=person.id, previous=previous)
    db.session.commit()
