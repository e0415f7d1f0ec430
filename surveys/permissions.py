"""Who may do what with surveys: the `surveys.*` actions and their rules.

hr builds and runs surveys and reads every result; the cabinet reads every result;
a director reads the organisation and the reporting groups of the units they
direct; everyone answers an open survey they are in the audience of. Thresholds
apply on top of these rules (surveys.services.suppression): access never shows a small group.
Figures exist only once a survey has closed (`results_released`; surveys.services.results enforces it
for every page and export).
"""

from __future__ import annotations

from intranet.extensions import db
from intranet.people.models import Person, Unit, utcnow
from intranet.permissions import acted_units, any_role, everyone
from surveys.models import ReportingGroup, Survey, SurveyStatus
from surveys.services.answering import respondent

RESULT_READERS = {"hr", "cabinet"}


def is_answerable(survey: Survey) -> bool:
    """Open, and now within its window (opens at .. closes at)."""
    if survey.status != SurveyStatus.OPEN:
        return False
    now = utcnow()
    if survey.opens_at and now < survey.opens_at:
        return False
    return not (survey.closes_at and now >= survey.closes_at)


def results_released(survey: Survey) -> bool:
    """Whether the survey's figures, comments and exports exist: only once it has closed (then they are
    fixed). While it is open its readers see response rates only, so nobody can take the results before
    and after a colleague answers and tell that colleague's answers from the difference."""
    return survey.frozen and survey.status in (SurveyStatus.CLOSED, SurveyStatus.ARCHIVED)


def may_answer(person: Person, survey: Survey | None = None) -> bool:
    """An open survey, and the person was in its audience when it opened."""
    if survey is None:
        return True
    if not is_answerable(survey):
        return False
    return respondent(person, survey).member is not None


def may_read_results(person: Person, target: Survey | ReportingGroup | None = None) -> bool:
    """Survey: its results page (hr, cabinet, directors). Group: that group's figures."""
    roles = person.roles
    if target is None:
        return bool(roles & (RESULT_READERS | {"director"}))
    survey = target.survey if isinstance(target, ReportingGroup) else target
    if survey.status not in (SurveyStatus.OPEN, SurveyStatus.CLOSED) and not survey.frozen:
        return False
    if roles & RESULT_READERS:
        return True
    if "director" not in roles:
        return False
    if isinstance(target, ReportingGroup):
        return bool(_top_units(target) & acted_units(person).units)
    return True


def _top_units(group: ReportingGroup) -> set[int]:
    """The group's units whose parent is outside the group: a group of a directorate and its
    offices belongs to the directorate's director, not to the head of one of its offices."""
    members = set(group.unit_ids or [])
    if not members:
        return set()
    parents = dict(db.session.execute(db.select(Unit.id, Unit.parent_id).where(Unit.id.in_(members))).all())
    return {unit_id for unit_id in members if parents.get(unit_id) not in members}


def may_follow_up(person: Person, target: Survey | None = None) -> bool:
    """hr and directors create actions from results (the register decides who moves an action along)."""
    return bool(person.roles & {"hr", "director"})


RULES = {
    "surveys.list": everyone,
    "surveys.build": any_role("hr"),
    # a public citizen poll (its link, publishing its results): hr, who builds it, and communications,
    # who speak to the public (the strategy's Objective 1)
    "surveys.poll": any_role("hr", "communications"),
    "surveys.answer": may_answer,
    "surveys.results": may_read_results,
    "surveys.follow_up": may_follow_up,
}
