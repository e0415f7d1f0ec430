"""Opening a survey, which freezes its audience (each person with their reporting group and
whether they manage), its reporting groups with their headcount, its mode and thresholds,
and closing it (by hand; the daily tick closes at the end of the window, surveys.invitations).

Separate from surveys.building because opening is one step with its own checks
(`opening_problems`), joining the built survey (surveys.building), the feasibility plan
(surveys.feasibility) and the announcement (surveys.invitations). What may change once a
survey is open is in surveys.building's docstring.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment, Unit, utcnow
from intranet.permissions import require
from surveys.building import missing_texts
from surveys.counting import prepare_counts
from surveys.feasibility import plan_groups
from surveys.models import CLOSED, DRAFT, MIN_THRESHOLD, OPEN, AudienceMember, ReportingGroup, Survey

# --- opening and closing ------------------------------------------------------------------


def opening_problems(survey: Survey, now: datetime | None = None) -> list[str]:
    """What keeps the survey from opening (empty: it can open)."""
    now = now or utcnow()
    problems = []
    if survey.status != DRAFT or survey.frozen:
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
    if not any(plan.headcount for plan in plan_groups(survey)):
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
    plans = plan_groups(survey)
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
    survey.frozen_at, survey.status = now, OPEN
    prepare_counts(survey)  # answering then only updates count rows (surveys.counting)
    record(actor, "surveys.opened", survey, groups=[g.key for g in groups],
           audience=sum(g.headcount for g in groups))
    db.session.commit()
    from surveys.invitations import announce

    announce(survey, now=now)
    return survey


def close_survey(actor: Person, survey: Survey, now: datetime | None = None) -> Survey:
    """Close an open survey now: nobody answers any more; results stay."""
    require(actor, "surveys.build", survey)
    if survey.status != OPEN:
        raise DomainError(_("Only an open survey can be closed."))
    survey.status, survey.closed_at = CLOSED, now or utcnow()
    record(actor, "surveys.closed", survey)
    from surveys.answering import after_close

    after_close(survey)  # rewrites the responses in random order and commits it with the close
    return survey
