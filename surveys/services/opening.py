"""Opening a survey, which freezes its audience (each person with their reporting group and
whether they manage), its reporting groups with their headcount, its mode and thresholds,
and closing it (by hand; the daily tick closes at the end of the window, surveys.services.invitations).

Separate from surveys.services.building because opening is one step with its own checks
(`opening_problems`), joining the built survey (surveys.services.building), the feasibility plan
(surveys.services.feasibility) and the announcement (surveys.services.invitations). What may change once a
survey is open is in surveys.services.building's docstring.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment, Unit, utcnow
from intranet.permissions import require
from intranet.signals import survey_closed
from surveys.models import MIN_THRESHOLD, AudienceMember, FollowUp, ReportingGroup, Survey, SurveyStatus
from surveys.services.answering import after_close
from surveys.services.building import missing_texts
from surveys.services.counting import prepare_counts
from surveys.services.feasibility import plan_groups
from surveys.services.invitations import announce
from surveys.services.polls import poll_groups

# --- opening and closing ------------------------------------------------------------------


def opening_problems(survey: Survey, now: datetime | None = None) -> list[str]:
    """What keeps the survey from opening (empty: it can open)."""
    now = now or utcnow()
    problems = []
    if survey.status != SurveyStatus.DRAFT or survey.frozen:
        return [_("Only a draft survey can be opened.")]
    if not survey.questions:
        problems.append(_("The survey has no questions."))
    for number, section in enumerate(survey.sections, start=1):
        if not section.questions:
            problems.append(_("Section %(num)d has no questions: add some or delete it.", num=number))
    missing = missing_texts(survey)
    if missing:
        problems.append(_missing_message(len(missing)))
    if survey.opens_at is None or survey.closes_at is None:
        problems.append(_("Set when the survey opens and closes."))
    elif survey.closes_at <= survey.opens_at:
        problems.append(_("The survey must close after it opens."))
    elif survey.closes_at <= now:
        problems.append(_("The closing time has passed: choose a later one."))
    keys = set()
    for question in survey.questions:
        depends = (question.condition or {}).get("question")
        if depends and depends not in keys:
            problems.append(_("Question %(key)s depends on %(other)s, which does not come before it.",
                              key=question.key, other=depends))
        keys.add(question.key)
    if survey.score_threshold < MIN_THRESHOLD or survey.comment_threshold < survey.score_threshold:
        problems.append(_("The thresholds are too low."))
    if not survey.is_poll and not any(plan.headcount for plan in plan_groups(survey)):
        problems.append(_("Nobody is in the audience."))
    return problems


def _missing_message(count: int) -> str:
    return ngettext("%(num)d text is missing in some language (see the list).",
                    "%(num)d texts are missing in some language (see the list).", count)


def _managers() -> set[int]:
    heads = set(db.session.scalars(db.select(Unit.head_id).where(Unit.head_id.is_not(None))))
    directors = set(db.session.scalars(db.select(RoleAssignment.person_id).where(RoleAssignment.role == "director")))
    return heads | directors


def open_survey(actor: Person, survey: Survey, now: datetime | None = None) -> Survey:
    """Open a draft survey: freeze its reporting groups (with their headcount), its audience
    (every active person of the audience units today, with manager or not) and its mode and
    thresholds; then announce it to the audience if its window has begun.

    :raises DomainError: with every reason it cannot open (missing texts, no questions, window...).
    """
    require(actor, "surveys.build", survey)
    now = now or utcnow()
    problems = opening_problems(survey, now)
    if problems:
        raise DomainError(" ".join(problems))
    # a public poll's audience is nobody on the staff: one group, the public (surveys.services.polls)
    plans = poll_groups(survey) if survey.is_poll else plan_groups(survey)
    stored = {group.key: group for group in survey.groups}
    keep = {plan.key for plan in plans}
    for group in list(survey.groups):
        if group.key not in keep:
            survey.groups.remove(group)
    groups = []
    for position, plan in enumerate(plans, start=1):
        group = stored.get(plan.key) or ReportingGroup(survey=survey, key=plan.key, names=plan.names)
        group.unit_ids, group.headcount, group.position = plan.unit_ids, plan.headcount, position
        db.session.add(group)
        groups.append(group)
    db.session.flush()
    group_of_unit = {unit_id: group.id for group in groups for unit_id in group.unit_ids}
    managers = _managers()
    people = db.session.execute(db.select(Person.id, Person.unit_id).where(
        Person.active.is_(True), Person.unit_id.in_(list(group_of_unit) or [-1])))
    db.session.add_all(
        AudienceMember(survey_id=survey.id, person_id=pid, group_id=group_of_unit[unit_id],
                       is_manager=pid in managers)
        for pid, unit_id in people
    )
    survey.open(now)
    prepare_counts(survey)  # answering then only updates count rows (surveys.services.counting)
    record(actor, "surveys.opened", survey, groups=[g.key for g in groups],
           audience=sum(g.headcount for g in groups))
    db.session.commit()
    announce(survey, now=now)
    return survey


def close_survey(actor: Person, survey: Survey, now: datetime | None = None) -> Survey:
    """Close an open survey now: nobody answers any more; the results are released. Sends
    `survey_closed` before the commit.

    :raises DomainError: unless the survey is open.
    """
    require(actor, "surveys.build", survey)
    survey.close(now or utcnow())
    record(actor, "surveys.closed", survey)
    survey_closed.send(survey)
    after_close(survey)  # rewrites the responses in random order and commits it with the close
    return survey


def in_preparation() -> int:
    """How many surveys are drafts that have never opened (hr's work in progress)."""
    return db.session.scalar(db.select(func.count()).select_from(Survey).where(
        Survey.status == SurveyStatus.DRAFT, Survey.frozen_at.is_(None))) or 0


def released_since(since: datetime) -> list[Survey]:
    """Surveys closed since `since` (their results newly out) that nobody has acted on yet (no
    follow-up action), latest first."""
    acted = db.select(FollowUp.survey_id)
    return list(db.session.scalars(db.select(Survey).where(
        Survey.status == SurveyStatus.CLOSED, Survey.closed_at >= since, Survey.id.not_in(acted))
        .order_by(Survey.closed_at.desc(), Survey.id.desc())))
