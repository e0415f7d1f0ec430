"""The sections of a survey (hr): the pages respondents see one at a time. Adding, deleting and
moving them is allowed only before the survey opens; their texts may be corrected afterwards.
"""

from __future__ import annotations

from flask_babel import gettext as _

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person
from intranet.permissions import require
from surveys.models import Survey, SurveySection
from surveys.services.editing import (
    MAX_INTRO,
    MAX_TITLE,
    check_conditions_order,
    clean_texts,
    keep_other_languages,
    renumber,
    require_draft,
    require_editable,
)


def add_section(actor: Person, survey: Survey, titles: dict, intros: dict) -> SurveySection:
    """Add a section (a page) at the end of a draft survey."""
    require(actor, "surveys.build", survey)
    require_draft(survey)
    position = max((s.position for s in survey.sections), default=0) + 1
    section = SurveySection(survey=survey, position=position, titles=clean_texts(titles, "title", MAX_TITLE),
                            intros=clean_texts(intros, "intro", MAX_INTRO, first_required=False))
    db.session.add(section)
    survey.structure_changed()
    record(actor, "surveys.section_added", survey, position=position)
    db.session.commit()
    return section


def update_section(actor: Person, section: SurveySection, titles: dict, intros: dict) -> SurveySection:
    """Change a section's title and introduction (allowed while the survey is open: texts only)."""
    survey = section.survey
    require(actor, "surveys.build", survey)
    require_editable(survey)
    section.titles = keep_other_languages(section.titles, clean_texts(titles, "title", MAX_TITLE))
    section.intros = keep_other_languages(section.intros, clean_texts(intros, "intro", MAX_INTRO, False))
    survey.structure_changed()
    record(actor, "surveys.section_changed", survey, section=section.id)
    db.session.commit()
    return section


def delete_section(actor: Person, section: SurveySection) -> None:
    """Delete a section of a draft survey, with its questions (unless a later question depends on one)."""
    survey = section.survey
    require(actor, "surveys.build", survey)
    require_draft(survey)
    keys = {q.key for q in section.questions}
    for question in survey.questions:
        if question.section_id != section.id and (question.condition or {}).get("question") in keys:
            raise DomainError(_("Question %(key)s is shown depending on a question of this section: change its "
                                "condition first.", key=question.key))
    section_id = section.id
    for question in list(section.questions):
        db.session.delete(question)
    db.session.delete(section)
    db.session.flush()
    db.session.expire(survey)
    renumber(survey)
    survey.structure_changed()
    record(actor, "surveys.section_deleted", survey, section=section_id)
    db.session.commit()

def move_section(actor: Person, section: SurveySection, offset: int) -> None:
    """Move a section one place up (-1) or down (+1); conditions must still point to earlier questions."""
    survey = section.survey
    require(actor, "surveys.build", survey)
    require_draft(survey)
    sections = list(survey.sections)
    index = sections.index(section)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    for position, item in enumerate(sections, start=1):
        item.position = position
    db.session.flush()
    db.session.expire(survey, ["sections", "questions"])
    renumber(survey)
    db.session.flush()
    db.session.expire(survey, ["questions"])
    check_conditions_order(survey)
    survey.structure_changed()
    record(actor, "surveys.section_moved", survey, section=section.id, offset=offset)
    db.session.commit()
