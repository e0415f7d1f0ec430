"""What meetings add to the host's pages: the menu entry, next actions, notification kinds, audit names."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import url_for
from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from intranet.extensions import db
from intranet.localtime import to_local
from intranet.people.models import Person, utcnow
from intranet.signals import AuditAction, Indicator, NavEntry, NextAction, NotificationKind, SearchResult
from meetings.membership import series_for
from meetings.models import (
    Attendance,
    AttendanceRecord,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    QuestionStatus,
    SeriesKind,
    StaffQuestion,
)
from meetings.services.agenda import pending_proposals, proposal_deadline, proposals_open
from meetings.services.minutes import search_minutes

#: a member is offered "propose an item" for meetings this close
PROPOSE_AHEAD = timedelta(days=10)

NOTIFICATION_KINDS = [
    NotificationKind("meetings.proposals", _l("Decisions on my agenda proposals")),
    NotificationKind("meetings.chair", _l("Agenda proposals waiting for me as chair")),
    NotificationKind("meetings.reminders", _l("Reminders of my meetings")),
    NotificationKind("meetings.questions", _l("Moderation of my questions to general meetings")),
    NotificationKind("meetings.minutes", _l("Minutes to approve, returned or approved")),
    NotificationKind("meetings.minutes_comments", _l("Draft minutes sent to me for comments")),
]

AUDIT_ACTIONS = [
    AuditAction("meetings.series_created", _l("created the meeting series")),
    AuditAction("meetings.series_changed", _l("changed the meeting series")),
    AuditAction("meetings.generated", _l("planned meetings of the series")),
    AuditAction("meetings.meeting_changed", _l("changed the meeting")),
    AuditAction("meetings.meeting_cancelled", _l("cancelled the meeting")),
    AuditAction("meetings.meeting_rescheduled", _l("put the meeting back on the calendar")),
    AuditAction("meetings.meeting_held", _l("marked the meeting as held")),
    AuditAction("meetings.attendance_recorded", _l("recorded attendance at the meeting")),
    AuditAction("meetings.item_added", _l("added an agenda item to the meeting")),
    AuditAction("meetings.item_proposed", _l("proposed an agenda item for the meeting")),
    AuditAction("meetings.item_scheduled", _l("took an item out of the parking lot for the meeting")),
    AuditAction("meetings.proposal_accept", _l("accepted a proposal for the meeting")),
    AuditAction("meetings.proposal_move", _l("moved a proposal from the meeting")),
    AuditAction("meetings.proposal_park", _l("parked a proposal for the meeting")),
    AuditAction("meetings.proposal_decline", _l("declined a proposal for the meeting")),
    AuditAction("meetings.calendar_token_created", _l("created a calendar feed address")),
    AuditAction("meetings.calendar_token_revoked", _l("revoked a calendar feed address")),
    AuditAction("meetings.question_asked", _l("asked a question in their name for the meeting")),
    AuditAction("meetings.question_withdrawn", _l("withdrew their question for the meeting")),
    AuditAction("meetings.question_hidden", _l("hid a staff question")),
    AuditAction("meetings.question_merged", _l("merged a staff question into another")),
    AuditAction("meetings.question_answered", _l("answered a staff question")),
    AuditAction("meetings.minutes_started", _l("started the minutes of the meeting")),
    AuditAction("meetings.minutes_submitted", _l("sent the minutes of the meeting to the chair")),
    AuditAction("meetings.minutes_returned", _l("returned the minutes of the meeting to the secretary")),
    AuditAction("meetings.minutes_approved", _l("approved the minutes of the meeting")),
    AuditAction("meetings.minutes_amended", _l("corrected the approved minutes of the meeting")),
    AuditAction("meetings.document_added", _l("attached a document to an agenda item of the meeting")),
    AuditAction("meetings.document_removed", _l("removed a document from an agenda item of the meeting")),
    AuditAction("meetings.minutes_sent_for_comments", _l("sent the draft minutes of the meeting to the members "
                                                         "for comments")),
    AuditAction("meetings.minutes_commented", _l("commented on the draft minutes of the meeting")),
]


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Meetings"), endpoint="meetings.index", order=40)


def next_actions(person: Person) -> list[NextAction]:
    """A member: "propose an item for <meeting> by <deadline>"; a chair: "N proposals to decide"."""
    actions = []
    waiting = pending_proposals(person)
    by_meeting: dict[int, list] = {}
    for item in waiting:
        if item.meeting_id is not None:
            by_meeting.setdefault(item.meeting_id, []).append(item)
    for meeting_id, items in by_meeting.items():
        meeting = items[0].meeting
        actions.append(NextAction(
            ngettext("%(num)d proposal to decide for %(series)s",
                              "%(num)d proposals to decide for %(series)s", len(items), series=meeting.series.title),
            url_for("meetings.meeting", meeting_id=meeting_id), priority=20,
            note=format_datetime(meeting.starts_at, "short")))
    now = utcnow()
    series_ids = [s.id for s in series_for(person)]
    if series_ids:
        soon = db.session.scalars(select(Meeting).join(MeetingSeries).where(
            Meeting.series_id.in_(series_ids), Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at > now, Meeting.starts_at < now + PROPOSE_AHEAD).order_by(Meeting.starts_at))
        seen = set()
        for meeting in soon:
            if meeting.series_id in seen or not proposals_open(meeting, now):
                continue
            seen.add(meeting.series_id)
            actions.append(NextAction(
                str(_l("Propose an agenda item for %(series)s", series=meeting.series.title)),
                url_for("meetings.meeting", meeting_id=meeting.id, _anchor="propose"), priority=60,
                note=str(_l("by %(deadline)s", deadline=format_datetime(proposal_deadline(meeting), "short")))))
    return actions


def questions_next_actions(person: Person) -> list[NextAction]:
    """A chair: "N staff questions wait for <series>" for each coming meeting they chair with open questions
    (one statement: the open questions counted per meeting)."""
    waiting = db.session.execute(
        select(Meeting, func.count(StaffQuestion.id)).join(MeetingSeries, Meeting.series_id == MeetingSeries.id)
        .join(StaffQuestion, StaffQuestion.meeting_id == Meeting.id)
        .where(MeetingSeries.chair_id == person.id, Meeting.status == MeetingStatus.SCHEDULED,
               StaffQuestion.status == QuestionStatus.OPEN.value)
        .group_by(Meeting.id).order_by(Meeting.starts_at))
    # ngettext, not a lazy string: the step is drawn in this request (and `make messages` extracts it)
    return [NextAction(ngettext("%(num)d staff question waits for %(series)s",
                                "%(num)d staff questions wait for %(series)s", count, series=meeting.series.title),
                       url_for("meetings.questions", meeting_id=meeting.id), priority=30,
                       note=format_datetime(meeting.starts_at, "short"))
            for meeting, count in waiting]


def audit_target_names(kind: str, ids: set[str]) -> dict[str, tuple[str, str]] | None:
    """Series and meetings by title (and day), linked to their pages."""
    numbers = {int(i) for i in ids if i.isdigit()}
    if kind == "meetingseries":
        rows = db.session.scalars(select(MeetingSeries).where(MeetingSeries.id.in_(numbers)))
        return {str(s.id): (s.title, url_for("meetings.series", series_id=s.id)) for s in rows}
    if kind == "meeting":
        meetings = db.session.scalars(select(Meeting).where(Meeting.id.in_(numbers)))
        return {str(m.id): (f"{m.series.title}, {format_datetime(m.starts_at, 'short')}",
                            url_for("meetings.meeting", meeting_id=m.id)) for m in meetings}
    return None


# --- minutes ----------------------------------------------------------------------------------


def minutes_next_actions(person: Person) -> list[NextAction]:
    """A chair: "approve the minutes of <series>"; a secretary: "correct the returned minutes"."""
    actions = []
    waiting = db.session.scalars(select(Minutes).join(Meeting).join(MeetingSeries).where(
        Minutes.status.in_([MinutesStatus.SUBMITTED.value, MinutesStatus.DRAFT.value]),
        or_(MeetingSeries.chair_id == person.id, MeetingSeries.secretary_id == person.id)))
    for minutes in waiting:
        series = minutes.meeting.series
        if minutes.state is MinutesStatus.SUBMITTED and series.chair_id == person.id:
            actions.append(NextAction(_l("Approve the minutes of %(series)s", series=series.title),
                                      url_for("meetings.minutes", meeting_id=minutes.meeting_id), priority=25,
                                      note=format_datetime(minutes.meeting.starts_at, "short")))
        elif minutes.state is MinutesStatus.DRAFT and minutes.return_comment and series.secretary_id == person.id:
            actions.append(NextAction(_l("Correct the returned minutes of %(series)s", series=series.title),
                                      url_for("meetings.edit_minutes", meeting_id=minutes.meeting_id),
                                      priority=25, note=format_datetime(minutes.meeting.starts_at, "short")))
    return actions


def search_results(person: Person, query: str, limit: int) -> list[SearchResult]:
    """Approved minutes the person may read whose text holds every word of the query."""
    return [SearchResult(title=str(_l("Minutes: %(series)s, %(day)s", series=m.meeting.series.title,
                                      day=format_date(m.meeting.starts_at, "long"))),
                         url=url_for("meetings.minutes", meeting_id=m.meeting_id),
                         kind=str(_l("Minutes of the meeting")),
                         snippet=snippet(m.search_text, query))
            for m in search_minutes(person, query, limit)]


def snippet(text: str, query: str, width: int = 160) -> str:
    """Some words around the first word of the query found in the text."""
    first = query.lower().split()[0] if query.split() else ""
    at = max(text.find(first), 0)
    start = max(at - width // 2, 0)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def indicators(year: int) -> list[Indicator]:
    """For the action plan ("general staff meetings"): of the year's general staff meetings (in Istog's
    time), how many were held, the share of recorded attendance that was present, how many staff
    questions were asked (those hidden by moderation left out) and the share answered (a merged question
    is answered with the one it joined). Counts only: nothing of who asked."""
    general = select(MeetingSeries.id).where(MeetingSeries.kind == SeriesKind.GENERAL)
    # a day either side of the year in UTC, then exactly by local date
    candidates = db.session.scalars(
        select(Meeting).where(Meeting.series_id.in_(general),
                              Meeting.starts_at >= datetime(year - 1, 12, 31),
                              Meeting.starts_at < datetime(year + 1, 1, 2))).all()
    meetings = [m for m in candidates if (to_local(m.starts_at) or m.starts_at).year == year]
    held = [m.id for m in meetings if m.status == MeetingStatus.HELD]
    attendance = dict(db.session.execute(
        select(AttendanceRecord.status, func.count()).where(AttendanceRecord.meeting_id.in_(held))
        .group_by(AttendanceRecord.status)).all()) if held else {}
    recorded = sum(attendance.values())
    present = attendance.get(Attendance.PRESENT, 0)
    questions = dict(db.session.execute(
        select(StaffQuestion.status, func.count()).where(StaffQuestion.meeting_id.in_([m.id for m in meetings]))
        .group_by(StaffQuestion.status)).all()) if meetings else {}
    asked = sum(n for status, n in questions.items() if status != QuestionStatus.HIDDEN)
    to_answer = asked - questions.get(QuestionStatus.MERGED, 0)
    answered = questions.get(QuestionStatus.ANSWERED, 0)
    url = url_for("meetings.index")
    return [
        Indicator(key="meetings.general_held", label=_l("General staff meetings held"), value=len(held),
                  value_format="number", detail=_("%(done)d of %(total)d planned", done=len(held),
                                                  total=len(meetings)), url=url),
        Indicator(key="meetings.general_attendance", label=_l("General staff meetings: attendance"),
                  value=present / recorded if recorded else None,
                  detail=_("%(done)d of %(total)d recorded", done=present, total=recorded), url=url),
        Indicator(key="meetings.questions_asked", label=_l("General staff meetings: staff questions asked"),
                  value=asked, value_format="number", url=url),
        Indicator(key="meetings.questions_answered", label=_l("General staff meetings: staff questions answered"),
                  value=answered / to_answer if to_answer else None,
                  detail=_("%(done)d of %(total)d questions", done=answered, total=to_answer), url=url),
    ]
