"""Who is asked to answer: the surveys open for a person (the index and the home widget),
the announcement once a survey's window has begun, reminders (by hr, or scheduled) to those
who have not answered, and the daily tick that also closes surveys whose window has ended.

Separate from surveys.services.answering, which holds answering itself (pages, the draft,
validation, submission): this module only brings people to a survey. It reads who has
answered from the participations, never the responses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.audit.services import record
from intranet.database import lock
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.models import Notification, OutboxMessage
from intranet.notifications.services import notify_many
from intranet.people.models import Person, utcnow
from intranet.permissions import require
from intranet.signals import survey_closed
from intranet.texts import Translated
from surveys.models import AudienceMember, Draft, Participation, Survey, SurveyStatus
from surveys.services.answering import after_close, is_running, resume_page, subject_of

log = logging.getLogger("ura.surveys")

# --- who is asked: the index, the home widget, announcements and reminders -------------


@dataclass
class OpenSurvey:
    survey: Survey
    #: "answered", "draft" or "new"
    state: str
    draft: Draft | None = None


def open_for(person: Person, now: datetime | None = None) -> list[OpenSurvey]:
    """The surveys open now that the person is in the audience of, soonest closing first."""
    surveys = db.session.scalars(
        select(Survey).join(AudienceMember, AudienceMember.survey_id == Survey.id)
        .where(AudienceMember.person_id == person.id, Survey.status == SurveyStatus.OPEN)
    ).all()
    running = sorted((s for s in surveys if is_running(s, now)), key=lambda s: (s.closes_at or datetime.max, s.id))
    ids = [s.id for s in running]
    answered = set(db.session.scalars(select(Participation.survey_id).where(
        Participation.person_id == person.id, Participation.survey_id.in_(ids))))
    drafts = {d.survey_id: d for d in db.session.scalars(select(Draft).where(
        Draft.person_id == person.id, Draft.survey_id.in_(ids)))}
    return [OpenSurvey(s, "answered" if s.id in answered else "draft" if s.id in drafts else "new",
                       drafts.get(s.id)) for s in running]


def waiting_for(person: Person, now: datetime | None = None) -> list[OpenSurvey]:
    """The open surveys the person has not answered yet, soonest closing first."""
    return [entry for entry in open_for(person, now) if entry.state != "answered"]


def resume_pages(entries: list[OpenSurvey]) -> dict[int, int | None]:
    """Survey id -> where each draft continues: its first unanswered section (None: at the review)."""
    return {entry.survey.id: resume_page(entry.survey, dict(entry.draft.answers or {}), entry.draft.page)
            for entry in entries if entry.draft is not None}


def start_path(survey: Survey) -> str:
    return f"/surveys/{survey.id}/"


def not_answered(survey: Survey) -> list[Person]:
    """Audience members, still active, who have not answered."""
    answered = select(Participation.person_id).where(Participation.survey_id == survey.id)
    return list(db.session.scalars(
        select(Person).join(AudienceMember, AudienceMember.person_id == Person.id)
        .where(AudienceMember.survey_id == survey.id, Person.active.is_(True), Person.id.not_in(answered))
        .order_by(Person.id)
    ))


def _ask(survey: Survey, kind: str) -> int:
    # Lazy strings with their parameters: each reader gets the title in their language and the
    # closing time as their language writes it, in local time (intranet.notifications.messages).
    title = Translated(survey.titles)
    heading = (_l("A survey is open for you: %(title)s", title=title) if kind == "surveys.opened"
               else _l("Reminder: please answer the survey %(title)s", title=title))
    body = (_l("Your answers count. The survey is open until %(date)s.", date=survey.closes_at)
            if survey.closes_at else "")
    pending = set(db.session.new)
    count = notify_many(not_answered(survey), kind, heading, body=body, url=start_path(survey),
                        subject=subject_of(survey))
    _to_the_day(set(db.session.new) - pending)
    return count


def _to_the_day(rows) -> None:
    """Keep only the day on the notifications and emails just made for a survey.

    A reminder goes to those who have not answered yet: its exact time, per recipient, would say
    that each of them answered after it (or, missing, before it) — finer than the day the
    participation keeps. The outbox still sends the emails at its next run (they are due since
    the start of the day); only its own sending time is exact, the same for everyone of a run.
    """
    day = datetime.combine(utcnow().date(), time.min)
    for row in rows:
        if isinstance(row, Notification):
            row.created_at = day
        elif isinstance(row, OutboxMessage):
            row.created_at = row.next_attempt_at = day


def announced(survey: Survey) -> bool:
    """Whether the opening was announced (the audit entry `surveys.announced` records it)."""
    return db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "surveys.announced", AuditEntry.target_type == "survey",
        AuditEntry.target_id == str(survey.id)).limit(1)) is not None


def announce(survey: Survey, now: datetime | None = None) -> int | None:
    """Once the window has begun: notify every audience member who has not answered, once.

    Returns how many were notified, or None when there was nothing to announce
    (not running yet, or announced before). Commits.
    """
    if not is_running(survey, now) or announced(survey):
        return None
    count = _ask(survey, "surveys.opened")
    record(None, "surveys.announced", survey, count=count)
    db.session.commit()
    return count


def remind(actor: Person, survey: Survey, now: datetime | None = None) -> int:
    """Remind those who have not answered (nobody else); audited with the count, never names.

    :raises PermissionDenied: unless the actor builds surveys (hr).
    :raises DomainError: when the survey is not open for answers now.
    """
    require(actor, "surveys.build", survey)
    if not is_running(survey, now):
        raise DomainError(_("Reminders can only be sent while the survey is open for answers."))
    count = _ask(survey, "surveys.reminder")
    record(actor, "surveys.reminded", survey, count=count)
    db.session.commit()
    return count


@dataclass
class TickReport:
    announced: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)


def tick(now: datetime | None = None) -> TickReport:
    """The daily run: close surveys whose window has ended, announce those that began,
    send each scheduled reminder once (the latest one due, when a run was missed)."""
    now = now or utcnow()
    report = TickReport()
    running = select(Survey.id).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.id)
    for survey_id in db.session.scalars(running).all():
        try:
            _tick_one(db.session.get_one(Survey, survey_id), now, report)
        except Exception:
            # One survey's failure must neither undo nor hold up the others; the next run retries it.
            db.session.rollback()
            log.exception("surveys tick: survey=%s failed", survey_id)
    return report


def _tick_one(survey: Survey, now: datetime, report: TickReport) -> None:
    # A second tick running at the same moment waits on the survey's row, then sees
    # what the first one did (closed, announced, reminded) instead of doing it again.
    survey = lock(survey)
    if survey.status != SurveyStatus.OPEN:
        return
    if survey.closes_at and now >= survey.closes_at:
        survey.close(now)
        record(None, "surveys.closed", survey, scheduled=True)
        survey_closed.send(survey)
        after_close(survey)  # commits the close with the rewrite
        report.closed.append(survey.id)
        return
    if not is_running(survey, now):
        return
    just_announced = announce(survey, now) is not None
    if just_announced:
        report.announced.append(survey.id)
    if not survey.closes_at:
        return
    survey = lock(survey)  # announcing committed: take the row again for the reminders
    closes_at = survey.closes_at
    if closes_at is None:  # hr took the closing date away meanwhile
        return
    sent = set(survey.reminders_sent or [])
    due = [d for d in survey.reminder_days or [] if d not in sent and now >= closes_at - timedelta(days=d)]
    if not due:
        return
    # A reminder on the day of the announcement would say the same thing twice.
    count = None if just_announced else _ask(survey, "surveys.reminder")
    survey.reminders_sent = sorted(sent | set(due), reverse=True)
    if count is not None:
        record(None, "surveys.reminded", survey, count=count, scheduled=min(due))
        report.reminded.append(survey.id)
    db.session.commit()
