"""Who may do what with meetings: the `meetings.*` actions and their rules.

A series' members (all staff, a unit and its sub-units, roles, chosen people) read
its meetings and propose agenda items; its chair decides proposals and answers
questions; its secretary keeps the meeting's details and attendance; cabinet and
admins set up series; communications moderates staff questions.
"""

from __future__ import annotations

from typing import Any

from intranet.people.models import Person
from intranet.permissions import any_role, everyone
from meetings.membership import is_member, series_of
from meetings.models import AgendaItem, ItemStatus, Minutes, MinutesStatus

_sets_up = any_role("cabinet", "admin")


def chairs(person: Person, target: Any = None) -> bool:
    """The chair of the target's series (a series, a meeting, an agenda item or a question)."""
    series = series_of(target)
    return series is not None and series.chair_id == person.id


def keeps_records(person: Person, target: Any = None) -> bool:
    """The secretary or the chair of the target's series."""
    series = series_of(target)
    return series is not None and person.id in (series.secretary_id, series.chair_id)


def reads(person: Person, target: Any = None) -> bool:
    """Members, the chair and the secretary read a series and its meetings; cabinet and admins read all."""
    series = series_of(target)
    if series is None:
        return True
    return _sets_up(person) or keeps_records(person, series) or is_member(person, series)


def proposes(person: Person, target: Any = None) -> bool:
    series = series_of(target)
    return series is not None and (keeps_records(person, series) or is_member(person, series))


def asks(person: Person, target: Any = None) -> bool:
    """Staff questions go to general meetings, which every member of staff may attend."""
    series = series_of(target)
    return series is not None and series.takes_questions and reads(person, series)


def plans(person: Person, target: Any = None) -> bool:
    """Generating a series' next meetings: its chair, or the cabinet and admins."""
    return _sets_up(person) or chairs(person, target)


def answers(person: Person, target: Any = None) -> bool:
    return keeps_records(person, target)


# --- minutes ---------------------------------------------------------------------------


def _meeting_target(target: Any) -> Any:
    """Minutes are checked against their meeting (membership knows series, meetings and items)."""
    return target.meeting if isinstance(target, Minutes) else target


def writes_minutes(person: Person, target: Any = None) -> bool:
    """The secretary and the chair write minutes and amend approved ones."""
    return keeps_records(person, _meeting_target(target))


def approves_minutes(person: Person, target: Any = None) -> bool:
    return chairs(person, _meeting_target(target))


def reads_minutes(person: Person, target: Any = None) -> bool:
    """Approved minutes: whoever reads the meeting. A draft or submitted minutes: the secretary and the
    chair, and the members once the draft went out for their comments."""
    meeting = _meeting_target(target)
    if isinstance(target, Minutes) and target.state is MinutesStatus.APPROVED:
        return reads(person, meeting)
    if isinstance(target, Minutes) and target.comments_sent_at is not None and proposes(person, meeting):
        return True
    return keeps_records(person, meeting)


def comments_on_minutes(person: Person, target: Any = None) -> bool:
    """Members (and the chair and secretary) comment on a draft sent out for comments; the deadline is the
    service's to check (it knows the time)."""
    return isinstance(target, Minutes) and target.comments_sent_at is not None \
        and target.state is not MinutesStatus.APPROVED and proposes(person, target.meeting)


# --- documents on agenda items -------------------------------------------------------------


def attaches(person: Person, target: Any = None) -> bool:
    """The secretary and the chair attach documents to any item; a member to their own open proposal."""
    if not isinstance(target, AgendaItem):
        return keeps_records(person, target)
    if keeps_records(person, target):
        return True
    return target.status == ItemStatus.PROPOSED and target.proposed_by_id == person.id \
        and proposes(person, target)


def follows_actions(person: Person, target: Any = None) -> bool:
    """A series' action items by status: its chair and secretary, cabinet and admins."""
    return _sets_up(person) or keeps_records(person, target)


RULES = {
    "meetings.view": everyone,
    "meetings.read": reads,
    "meetings.setup": _sets_up,
    "meetings.chair": chairs,
    "meetings.plan": plans,
    "meetings.record": keeps_records,
    "meetings.propose": proposes,
    "meetings.ask": asks,
    "meetings.moderate": any_role("communications"),
    "meetings.answer": answers,
    "meetings.calendar": everyone,
    "meetings.minutes_write": writes_minutes,
    "meetings.minutes_approve": approves_minutes,
    "meetings.minutes_read": reads_minutes,
    "meetings.minutes_actions": follows_actions,
    "meetings.minutes_comment": comments_on_minutes,
    "meetings.attach": attaches,
}
