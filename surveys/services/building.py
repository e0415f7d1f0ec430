"""Building a survey (hr): reading surveys, the texts missing per language, creating a
survey (blank, from the template, or as a copy), its settings and its sections, and the
input cleaning and checks the other building modules share. Questions are in
surveys.questions, the feasibility preview in surveys.services.feasibility, opening (which freezes
the audience and reporting groups) and closing in surveys.services.opening.

Every rule lives in these modules and runs without HTTP; refusals are `DomainError`s with
a translated message and, where it belongs to one, the form field.

What freezes when a survey opens, and what may change afterwards:

- the audience, reporting groups, breakdowns collected and anonymity mode never change;
- thresholds may be raised, never lowered (score >= MIN_THRESHOLD, comment >= score);
- questions cannot be added, removed, moved or changed in kind, key, options, items,
  scale, condition or whether they are required; texts, help and labels may be
  corrected (the correction applies to answers given from then on);
- anonymity cannot be switched off once a response exists, even in a draft.

Answer values a condition compares with (the values a form sends): likert5 "1".."5",
likert7 "1".."7", rating10 "0".."10", yes/no "yes"/"no", choices the option key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, enabled_languages
from intranet.people.models import Person, Unit, utcnow
from intranet.permissions import require
from surveys.models import (
    GRID,
    MIN_THRESHOLD,
    UNIT_MATRIX,
    PageFormat,
    Question,
    Response,
    Survey,
    SurveySection,
)
from surveys.services.editing import (
    MAX_INTRO,
    MAX_TITLE,
    clean_key,
    clean_texts,
    directorate_codes,
    keep_other_languages,
    require_editable,
)
from surveys.services.template import TemplateError, load_template

#: settings that freeze when the survey opens (besides thresholds, which may only go up)
FROZEN_SETTINGS = ("anonymous", "audience_all", "audience_unit_ids", "collect_manager", "collect_tenure")



# --- reading -------------------------------------------------------------------------


def list_surveys() -> list[Survey]:
    """Every survey, newest first."""
    return list(db.session.scalars(db.select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())))


def response_counts() -> dict[int, int]:
    """Responses per survey id."""
    rows = db.session.execute(db.select(Response.survey_id, func.count()).group_by(Response.survey_id))
    return dict(rows.all())


def has_responses(survey: Survey) -> bool:
    """Whether anyone has answered the survey (then anonymity can no longer be switched off)."""
    return db.session.scalar(db.select(Response.id).filter_by(survey_id=survey.id).limit(1)) is not None

# --- what is missing per language ------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """A text lacking in some enabled languages: where (readable), which languages, what to edit."""

    place: str
    languages: list[str]
    section_id: int | None = None
    question_id: int | None = None

    @property
    def language_names(self) -> str:
        return ", ".join(LANGUAGE_NAMES.get(code, code) for code in self.languages)


def _lacking(texts: dict | None, required: bool = True) -> list[str]:
    """Enabled languages without text; an optional text (help, intro) is only lacking when given in some."""
    texts = texts or {}
    if not required and not any((texts.get(code) or "").strip() for code in enabled_languages()):
        return []
    return [code for code in enabled_languages() if not (texts.get(code) or "").strip()]


def missing_texts(survey: Survey) -> list[Missing]:
    """Every text of the survey lacking in an enabled language (opening is refused while any is)."""
    found = []

    def check(place, texts, required=True, section_id=None, question_id=None):
        lacking = _lacking(texts, required)
        if lacking:
            found.append(Missing(place, lacking, section_id, question_id))

    check(_("Survey title"), survey.titles)
    check(_("Survey introduction"), survey.intros, required=False)
    for number, section in enumerate(survey.sections, start=1):
        check(_("Section %(num)d: title", num=number), section.titles, section_id=section.id)
        check(_("Section %(num)d: introduction", num=number), section.intros, required=False, section_id=section.id)
    for question in survey.questions:
        ids = {"section_id": question.section_id, "question_id": question.id}
        check(_("Question %(key)s: text", key=question.key), question.texts, **ids)
        check(_("Question %(key)s: help", key=question.key), question.helps, required=False, **ids)
        for option in question.options or []:
            check(_("Question %(key)s: option %(option)s", key=question.key, option=option["key"]),
                  option.get("labels"), **ids)
        if question.kind == GRID:
            for item in question.items or []:
                check(_("Question %(key)s: item %(item)s", key=question.key, item=item["key"]),
                      item.get("labels"), **ids)
    return found


# --- creating surveys --------------------------------------------------------------------


def create_survey(actor: Person, titles: dict, now: datetime | None = None) -> Survey:
    """A blank draft survey with a title per language (the first enabled language required).

    :raises DomainError: for a missing or too long title (field `title_<lang>`).
    """
    require(actor, "surveys.build")
    survey = Survey(titles=clean_texts(titles, "title", MAX_TITLE), intros={}, created_by_id=actor.id,
                    created_at=now or utcnow(), audience_unit_ids=[], reminder_days=[], reminders_sent=[])
    db.session.add(survey)
    db.session.flush()
    record(actor, "surveys.created", survey)
    db.session.commit()
    return survey


def _add_question_row(survey: Survey, section: SurveySection, position: int, data: dict) -> Question:
    question = Question(
        survey=survey, section=section, position=position, key=data["key"], kind=data["kind"],
        dimension=data.get("dimension"), texts=dict(data.get("texts") or {}), helps=dict(data.get("helps") or {}),
        required=bool(data.get("required")), scale=data.get("scale"),
        options=[{"key": o["key"], "labels": dict(o.get("labels") or {})} for o in data.get("options") or []],
        items=[{"key": i["key"], **({"labels": dict(i["labels"])} if i.get("labels") else {})}
               for i in data.get("items") or []],
        condition=dict(data["condition"]) if data.get("condition") else None,
    )
    db.session.add(question)
    return question


def create_from_template(actor: Person, template: dict | None = None, now: datetime | None = None) -> Survey:
    """A draft survey from the built-in template (or `template`, in the same format).

    A unit matrix with no items is filled with the codes of the top-level directorates
    (hr may edit them).
    """
    require(actor, "surveys.build")
    if template is None:
        try:
            template = load_template()
        except TemplateError as error:
            raise DomainError(_("The built-in template cannot be used: %(problems)s",
                                problems="; ".join(error.problems))) from error
    survey = Survey(
        series=template.get("series"), titles=dict(template.get("titles") or {}),
        intros=dict(template.get("intros") or {}), collect_manager=bool(template.get("collect_manager")),
        collect_tenure=bool(template.get("collect_tenure")), created_by_id=actor.id, created_at=now or utcnow(),
        audience_unit_ids=[], reminder_days=[], reminders_sent=[],
    )
    db.session.add(survey)
    position = 0
    for s_position, section_data in enumerate(template.get("sections") or [], start=1):
        section = SurveySection(survey=survey, position=s_position, titles=dict(section_data.get("titles") or {}),
                                intros=dict(section_data.get("intros") or {}))
        db.session.add(section)
        for question_data in section_data.get("questions") or []:
            position += 1
            if question_data["kind"] == UNIT_MATRIX and not question_data.get("items"):
                question_data = {**question_data, "items": [{"key": code} for code in directorate_codes()]}
            _add_question_row(survey, section, position, question_data)
    db.session.flush()
    record(actor, "surveys.created", survey, template=template.get("series") or "")
    db.session.commit()
    return survey


def copy_survey(actor: Person, source: Survey, now: datetime | None = None) -> Survey:
    """A draft copy of `source`: same series, texts, settings and question keys (so the years
    compare), an empty window, no groups and no audience."""
    require(actor, "surveys.build", source)
    survey = Survey(
        series=source.series, titles=dict(source.titles or {}), intros=dict(source.intros or {}),
        anonymous=source.anonymous, score_threshold=source.score_threshold,
        comment_threshold=source.comment_threshold, audience_all=source.audience_all,
        audience_unit_ids=list(source.audience_unit_ids or []), collect_manager=source.collect_manager,
        collect_tenure=source.collect_tenure, page_format=source.page_format,
        reminder_days=list(source.reminder_days or []), reminders_sent=[],
        copied_from_id=source.id, created_by_id=actor.id, created_at=now or utcnow(),
    )
    db.session.add(survey)
    sections = {}
    for section in source.sections:
        sections[section.id] = SurveySection(survey=survey, position=section.position,
                                             titles=dict(section.titles or {}), intros=dict(section.intros or {}))
        db.session.add(sections[section.id])
    for question in source.questions:
        _add_question_row(survey, sections[question.section_id], question.position, {
            "key": question.key, "kind": question.kind, "dimension": question.dimension, "texts": question.texts,
            "helps": question.helps, "required": question.required, "options": question.options,
            "items": question.items, "scale": question.scale, "condition": question.condition,
        })
    db.session.flush()
    record(actor, "surveys.copied", survey, source=source.id)
    db.session.commit()
    return survey

# --- settings ---------------------------------------------------------------------------


def _clean_thresholds(survey: Survey, score: int | None, comment: int | None) -> tuple[int, int]:
    if not isinstance(score, int) or score < MIN_THRESHOLD or score > 1000:
        raise DomainError(_("The score threshold is at least %(num)d.", num=MIN_THRESHOLD), field="score_threshold")
    if not isinstance(comment, int) or comment < score or comment > 1000:
        raise DomainError(_("The comment threshold is at least the score threshold."), field="comment_threshold")
    if survey.frozen and score < survey.score_threshold:
        raise DomainError(_("The survey is open: its score threshold can be raised but not lowered (it is "
                            "%(num)d).", num=survey.score_threshold), field="score_threshold")
    if survey.frozen and comment < survey.comment_threshold:
        raise DomainError(_("The survey is open: its comment threshold can be raised but not lowered (it is "
                            "%(num)d).", num=survey.comment_threshold), field="comment_threshold")
    return score, comment


def _clean_audience(audience_all: bool, unit_ids: list[int] | None) -> list[int]:
    if audience_all:
        return []
    ids = sorted({int(i) for i in unit_ids or []})
    known = set(db.session.scalars(db.select(Unit.id).where(Unit.id.in_(ids or [-1]), Unit.active.is_(True))))
    if not ids:
        raise DomainError(_("Choose at least one unit, or address all staff."), field="audience_unit_ids")
    if set(ids) - known:
        raise DomainError(_("Choose units from the list."), field="audience_unit_ids")
    return ids


def _clean_reminders(days: list[int] | None) -> list[int]:
    clean = sorted({int(d) for d in days or []}, reverse=True)
    if any(d < 0 or d > 365 for d in clean):
        raise DomainError(_("Days before closing are between 0 and 365."), field="reminder_days")
    return clean


def update_settings(actor: Person, survey: Survey, *, titles: dict, intros: dict, series: str | None,
                    anonymous: bool, score_threshold: int, comment_threshold: int, audience_all: bool,
                    audience_unit_ids: list[int] | None, collect_manager: bool, collect_tenure: bool,
                    opens_at: datetime | None, closes_at: datetime | None,
                    reminder_days: list[int] | None, page_format: str | None = None) -> Survey:
    """Change a survey's settings (times in naive UTC). See the module docstring for what freezes.

    :raises DomainError: naming the field, for invalid values or a change the frozen survey refuses.
    """
    require(actor, "surveys.build", survey)
    require_editable(survey)
    clean_titles = clean_texts(titles, "title", MAX_TITLE)
    clean_intros = clean_texts(intros, "intro", MAX_INTRO, first_required=False)
    series = (series or "").strip() or None
    if series is not None:
        series = clean_key(series, "series")
    score, comment = _clean_thresholds(survey, score_threshold, comment_threshold)
    unit_ids = _clean_audience(audience_all, audience_unit_ids)
    if survey.anonymous and not anonymous and has_responses(survey):
        raise DomainError(_("Responses were given under the promise of anonymity: anonymity cannot be switched "
                            "off any more."), field="anonymous")
    if survey.frozen:
        new = {"anonymous": bool(anonymous), "audience_all": bool(audience_all), "audience_unit_ids": unit_ids,
               "collect_manager": bool(collect_manager), "collect_tenure": bool(collect_tenure)}
        for name in FROZEN_SETTINGS:
            old = getattr(survey, name)
            if (sorted(old or []) if name == "audience_unit_ids" else old) != new[name]:
                raise DomainError(_("The survey is open: its audience, anonymity mode and breakdowns are frozen "
                                    "and cannot change."), field=name)
        if series != survey.series:
            raise DomainError(_("The survey is open: its series can no longer change."), field="series")
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise DomainError(_("The survey must close after it opens."), field="closes_at")
    survey.titles = keep_other_languages(survey.titles, clean_titles)
    survey.intros = keep_other_languages(survey.intros, clean_intros)
    survey.series = series
    survey.anonymous, survey.score_threshold, survey.comment_threshold = bool(anonymous), score, comment
    survey.audience_all, survey.audience_unit_ids = bool(audience_all), unit_ids
    survey.collect_manager, survey.collect_tenure = bool(collect_manager), bool(collect_tenure)
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.reminder_days = _clean_reminders(reminder_days)
    if page_format is not None:  # None keeps it
        if page_format not in tuple(PageFormat):
            raise DomainError(_("Choose among the options shown."), field="page_format")
        survey.page_format = page_format
    survey.structure_changed()
    record(actor, "surveys.settings_changed", survey, anonymous=survey.anonymous, score_threshold=score,
           comment_threshold=comment, audience_all=survey.audience_all, audience_unit_ids=unit_ids)
    db.session.commit()
    return survey

def get_survey(survey_id: int | None) -> Survey | None:
    """The survey with that id, or None."""
    return db.session.get(Survey, survey_id) if survey_id else None
