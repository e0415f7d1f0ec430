"""A meeting's details, status, attendance and agenda: proposals, the chair's decisions, carry-forward.

Members propose items until the deadline (by default the meeting's start time two
working days earlier); the chair accepts, moves to a later meeting, parks or declines
with a reason, and the proposer is told (subject "meeting:<id>"). When a meeting is
marked held, the items not reached are carried to the series' next scheduled meeting,
or to the parking lot when there is none.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from intranet.audit.services import record
from intranet.database import upsert
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.localtime import to_local, to_utc
from intranet.notifications.services import clear, notify
from intranet.people.models import Person, utcnow
from intranet.permissions import can
from intranet.texts import Translated
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceRecord,
    ItemStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
)
from meetings.services.questions import rewrite_in_random_order


def subject_of(meeting: Meeting) -> str:
    return f"meeting:{meeting.id}"


def meeting_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.id}"


def _require(actor: Person, action: str, target, message) -> None:
    if not can(actor, action, target):
        raise PermissionDenied(message)


# --- the proposal deadline ----------------------------------------------------------


def working_days_before(day, count: int):
    """The day `count` working days (Monday to Friday) before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def proposal_deadline(meeting: Meeting) -> datetime:
    """When proposals close (naive UTC): the meeting's local start time, `proposal_days` working days earlier."""
    local = to_local(meeting.starts_at)
    assert local is not None
    closes = to_utc(datetime.combine(working_days_before(local.date(), meeting.series.proposal_days),
                                     local.time()))
    assert closes is not None
    return closes


def proposals_open(meeting: Meeting, now: datetime | None = None) -> bool:
    return meeting.is_scheduled and (now or utcnow()) < proposal_deadline(meeting)


# --- the meeting itself ---------------------------------------------------------------


def update_meeting(actor: Person, meeting: Meeting, *, starts_at: datetime, duration_minutes: int,
                   place: str, online_url: str) -> Meeting:
    """Change when and where; calendars see the same event with a higher SEQUENCE. Committed."""
    _require(actor, "meetings.record", meeting, _l("Only the secretary or the chair change the meeting."))
    if not meeting.is_scheduled:
        raise DomainError(_l("Only a scheduled meeting can be changed."))
    meeting.starts_at, meeting.duration_minutes = starts_at, duration_minutes
    meeting.place, meeting.online_url = place, online_url
    meeting.touch()
    record(actor, "meetings.meeting_changed", meeting)
    db.session.commit()
    return meeting


def cancel_meeting(actor: Person, meeting: Meeting, reason: str) -> None:
    _require(actor, "meetings.record", meeting, _l("Only the secretary or the chair cancel the meeting."))
    if not reason:
        raise DomainError(_l("Say why the meeting is cancelled."), field="reason")
    meeting.cancel(reason)
    record(actor, "meetings.meeting_cancelled", meeting)
    rewrite_in_random_order(meeting)  # questions close: nothing of their storage follows the asking
    db.session.commit()


def reschedule_meeting(actor: Person, meeting: Meeting) -> None:
    _require(actor, "meetings.record", meeting, _l("Only the secretary or the chair change the meeting."))
    meeting.reschedule()
    record(actor, "meetings.meeting_rescheduled", meeting)
    db.session.commit()


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The series' next scheduled meeting after this one."""
    return db.session.scalar(select(Meeting).where(
        Meeting.series_id == meeting.series_id, Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at > meeting.starts_at, Meeting.id != meeting.id).order_by(Meeting.starts_at).limit(1))


def later_meetings(meeting: Meeting) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(
        Meeting.series_id == meeting.series_id, Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at > meeting.starts_at).order_by(Meeting.starts_at).limit(12)))


def mark_held(actor: Person, meeting: Meeting, reached_ids: set[int]) -> list[AgendaItem]:
    """The meeting took place; items not in `reached_ids` carry forward. Returns the carried copies."""
    _require(actor, "meetings.record", meeting, _l("Only the secretary or the chair close the meeting."))
    meeting.mark_held()
    target = next_meeting(meeting)
    carried: list[AgendaItem] = []
    for item in meeting.agenda:
        if item.status != ItemStatus.ACCEPTED:
            continue
        if item.id in reached_ids:
            item.status = ItemStatus.REACHED
            continue
        item.status = ItemStatus.CARRIED
        copy = AgendaItem(series_id=item.series_id, meeting=target, title=item.title, note=item.note,
                          presenter_id=item.presenter_id, minutes_allotted=item.minutes_allotted,
                          proposed_by_id=item.proposed_by_id, carried_from_id=item.id,
                          status=ItemStatus.ACCEPTED if target else ItemStatus.PARKED,
                          position=_next_position(target) + len(carried) if target else 0)
        db.session.add(copy)
        carried.append(copy)
    record(actor, "meetings.meeting_held", meeting, carried=len(carried))
    rewrite_in_random_order(meeting)  # questions close: nothing of their storage follows the asking
    db.session.commit()
    return carried


def record_attendance(actor: Person, meeting: Meeting, marks: dict[int, str]) -> None:
    """Present, excused or absent per person (a second save replaces the first)."""
    _require(actor, "meetings.record", meeting, _l("Only the secretary records attendance."))
    for person_id, status in marks.items():
        upsert(AttendanceRecord, ("meeting_id", "person_id"),
               dict(meeting_id=meeting.id, person_id=person_id, status=Attendance(status).value),
               update=("status",))
    record(actor, "meetings.attendance_recorded", meeting, count=len(marks))
    db.session.commit()


def attendance_of(meeting: Meeting) -> dict[int, str]:
    rows = db.session.execute(select(AttendanceRecord.person_id, AttendanceRecord.status)
                              .where(AttendanceRecord.meeting_id == meeting.id))
    return {person_id: status for person_id, status in rows}


# --- agenda items and proposals -----------------------------------------------------------


def _next_position(meeting: Meeting | None) -> int:
    if meeting is None or meeting.id is None:
        return 1
    return (db.session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id))
            or 0) + 1


def add_item(actor: Person, meeting: Meeting, *, title: str, presenter_id: int | None,
             minutes_allotted: int) -> AgendaItem:
    """The secretary or the chair put an item straight on the agenda."""
    _require(actor, "meetings.record", meeting, _l("Only the secretary or the chair change the agenda."))
    if not meeting.is_scheduled:
        raise DomainError(_l("Only a scheduled meeting's agenda can change."))
    item = AgendaItem(series_id=meeting.series_id, meeting=meeting, title=title, presenter_id=presenter_id,
                      minutes_allotted=minutes_allotted, status=ItemStatus.ACCEPTED,
                      position=_next_position(meeting))
    db.session.add(item)
    db.session.flush()
    record(actor, "meetings.item_added", meeting, item=item.id)
    db.session.commit()
    return item


def propose(actor: Person, meeting: Meeting, *, title: str, note: str = "", minutes_allotted: int = 10,
            now: datetime | None = None) -> AgendaItem:
    """A member's proposal for the meeting's agenda, until the deadline.

    A second identical proposal by the same person (a double click) returns the first.

    :raises DomainError: after the deadline, or for a meeting that is not scheduled.
    """
    _require(actor, "meetings.propose", meeting, _l("Only members of this meeting propose agenda items."))
    if not proposals_open(meeting, now):
        raise DomainError(_l("Proposals for this meeting closed on %(deadline)s.",
                             deadline=proposal_deadline(meeting)), field="title")
    same = db.session.scalar(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.proposed_by_id == actor.id,
        AgendaItem.status == ItemStatus.PROPOSED, AgendaItem.title == title))
    if same is not None:
        return same
    item = AgendaItem(series_id=meeting.series_id, meeting=meeting, title=title, note=note,
                      minutes_allotted=minutes_allotted, status=ItemStatus.PROPOSED, presenter_id=actor.id,
                      proposed_by_id=actor.id, proposed_at=now or utcnow(), position=0)
    db.session.add(item)
    db.session.flush()
    record(actor, "meetings.item_proposed", meeting, item=item.id)
    db.session.commit()
    return item


def _tell_proposer(item: AgendaItem, meeting: Meeting, title) -> None:
    if item.proposed_by is not None:
        notify(item.proposed_by, "meetings.proposals", title, url=meeting_url(meeting), subject=subject_of(meeting))


def decide(actor: Person, item: AgendaItem, decision: str, *, reason: str = "",
           to_meeting: Meeting | None = None) -> AgendaItem:
    """The chair's decision on a proposal: "accept", "move" (to a later meeting), "park" or "decline" (with a reason).

    The proposer is told in their own language. Committed.
    """
    meeting = item.meeting
    if meeting is None:
        raise DomainError(_l("This item is not on a meeting's agenda."))
    _require(actor, "meetings.chair", item, _l("Only the chair decides on proposals."))
    series_title = Translated(meeting.series.titles)
    if decision == "accept":
        item.accept()
        item.position = _next_position(meeting)
        message = _l("Your proposal “%(title)s” is on the agenda of %(series)s on %(day)s.",
                     title=item.title, series=series_title, day=meeting.starts_at)
    elif decision == "move":
        if to_meeting is None or to_meeting.series_id != meeting.series_id or not to_meeting.is_scheduled \
                or to_meeting.starts_at <= meeting.starts_at:
            raise DomainError(_l("Choose a later meeting of this series."), field="to_meeting")
        item.accept()
        item.meeting = to_meeting
        item.position = _next_position(to_meeting)
        message = _l("Your proposal “%(title)s” moves to the meeting of %(series)s on %(day)s.",
                     title=item.title, series=series_title, day=to_meeting.starts_at)
    elif decision == "park":
        item.park()
        message = _l("Your proposal “%(title)s” is kept in the parking lot of %(series)s for a later meeting.",
                     title=item.title, series=series_title)
    elif decision == "decline":
        if not reason:
            raise DomainError(_l("Say why the proposal is declined."), field="reason")
        item.decline(reason)
        message = _l("Your proposal “%(title)s” for %(series)s was declined: %(reason)s",
                     title=item.title, series=series_title, reason=reason)
    else:
        raise DomainError(_l("Choose a decision."), field="decision")
    item.decided_by_id, item.decided_at = actor.id, utcnow()
    _tell_proposer(item, meeting, message)
    if not meeting.proposals:
        clear(subject_of(meeting), actor)
    record(actor, f"meetings.proposal_{decision}", meeting, item=item.id)
    db.session.commit()
    return item


def schedule_parked(actor: Person, item: AgendaItem, meeting: Meeting) -> None:
    """Take an item out of the parking lot onto a scheduled meeting of the same series."""
    _require(actor, "meetings.chair", item, _l("Only the chair takes items out of the parking lot."))
    if item.status != ItemStatus.PARKED or meeting.series_id != item.series_id or not meeting.is_scheduled:
        raise DomainError(_l("Choose a scheduled meeting of this series."), field="meeting")
    item.schedule()
    item.meeting = meeting
    item.position = _next_position(meeting)
    record(actor, "meetings.item_scheduled", meeting, item=item.id)
    db.session.commit()


def pending_proposals(person: Person) -> list[AgendaItem]:
    """Proposals waiting for `person` as chair, oldest first."""
    return list(db.session.scalars(
        select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(MeetingSeries, Meeting.series_id == MeetingSeries.id)
        .where(AgendaItem.status == ItemStatus.PROPOSED, Meeting.status == MeetingStatus.SCHEDULED,
               MeetingSeries.chair_id == person.id)
        .order_by(AgendaItem.id)))


def my_proposals(person: Person, meeting: Meeting) -> list[AgendaItem]:
    return [i for i in meeting.items if i.proposed_by_id == person.id and i.carried_from_id is None]
