"""`flask meetings tick`: close proposal windows (telling the chair what waits) and remind members.

Run it every few minutes from cron or a systemd timer; running it twice sends nothing twice
(each meeting remembers that its window was closed and that its members were reminded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intranet.extensions import db
from intranet.notifications.services import notify, notify_many
from intranet.people.models import utcnow
from intranet.texts import Translated
from meetings.membership import members_of
from meetings.models import Meeting, MeetingStatus
from meetings.services.agenda import meeting_url, proposal_deadline, subject_of
from meetings.services.minutes_comments import close_rounds

#: members are reminded this long before a meeting starts
REMINDER_BEFORE = timedelta(hours=24)


@dataclass
class TickReport:
    closed: int = 0
    reminded: int = 0
    #: members' comment rounds on draft minutes that ended
    comment_rounds: int = 0


def tick(now: datetime | None = None) -> TickReport:
    """Close the proposal windows and the minutes' comment rounds that have passed, and send the day-before
    reminders. Committed."""
    now = now or utcnow()
    report = TickReport()
    upcoming = db.session.scalars(select(Meeting).where(
        Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > now).order_by(Meeting.starts_at))
    for meeting in upcoming:
        title = Translated(meeting.series.titles)
        if meeting.proposals_closed_at is None and now >= proposal_deadline(meeting):
            meeting.proposals_closed_at = now
            report.closed += 1
            waiting = len(meeting.proposals)
            if waiting and meeting.series.chair is not None:
                notify(meeting.series.chair, "meetings.chair",
                       # no plural form: a notification is a lazy string rendered for its reader,
                       # and `make messages` does not extract lazy_ngettext
                       _l("Proposals to decide for %(series)s on %(day)s: %(num)d", series=title,
                          day=meeting.starts_at, num=waiting),
                       url=meeting_url(meeting), subject=subject_of(meeting))
        if meeting.reminded_at is None and meeting.starts_at - now <= REMINDER_BEFORE:
            meeting.reminded_at = now
            report.reminded += notify_many(
                members_of(meeting.series), "meetings.reminders",
                _l("%(series)s meets on %(day)s", series=title, day=meeting.starts_at),
                url=meeting_url(meeting), subject=subject_of(meeting))
    report.comment_rounds = close_rounds(now)
    db.session.commit()
    return report
