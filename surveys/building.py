"""Building a survey (hr): settings, sections and questions, the feasibility preview,
opening (which freezes the audience and reporting groups) and closing.

Every rule lives here and runs without HTTP; refusals are `DomainError`s with a
translated message and, where it belongs to one, the form field.

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

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, enabled_languages
from intranet.people.models import Person, RoleAssignment, Unit, utcnow
from intranet.people.services import headcount_by_unit, require
from surveys.dimensions import DIMENSIONS
from surveys.models import (
    CLOSED,
    DRAFT,
    GRID,
    LIKERT5,
    LIKERT7,
    MIN_THRESHOLD,
    MULTIPLE,
    OPEN,
    QUESTION_KINDS,
    RATING10,
    SINGLE,
    UNIT_MATRIX,
    YESNO,
    AudienceMember,
    Question,
    ReportingGroup,
    Response,
    Survey,
    SurveySection,
)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MAX_TITLE, MAX_TEXT, MAX_INTRO, MAX_LABEL = 200, 1000, 5000, 200
CHOICE_KINDS = (SINGLE, MULTIPLE)
SCALES = (LIKERT5, LIKERT7)
#: settings that freeze when the survey opens (besides thresholds, which may only go up)
FROZEN_SETTINGS = ("anonymous", "audience_all", "audience_unit_ids", "collect_manager", "collect_tenure")


# --- time: forms speak local time, the database UTC --------------------------------


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_to_utc(value: datetime | None) -> datetime | None:
    """A naive local (Europe/Belgrade) time as naive UTC, as stored."""
    if value is None:
        return None
    return value.replace(tzinfo=_zone()).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(value: datetime | None) -> datetime | None:
    """A stored naive UTC time as naive local time, for a form."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(_zone()).replace(tzinfo=None)


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


def answer_values(question: Question) -> list[str] | None:
    """The values a condition on this question may compare with (None: it cannot be a condition)."""
    if question.kind == LIKERT5:
        return [str(n) for n in range(1, 6)]
    if question.kind == LIKERT7:
        return [str(n) for n in range(1, 8)]
    if question.kind == RATING10:
        return [str(n) for n in range(0, 11)]
    if question.kind == YESNO:
        return ["yes", "no"]
    if question.kind in CHOICE_KINDS:
        return [option["key"] for option in question.options or []]
    return None


def directorate_codes(unit_ids: list[int] | None = None) -> list[str]:
    """Codes of top-level active directorates (within `unit_ids` when given), in display order."""
    query = db.select(Unit).where(Unit.parent_id.is_(None), Unit.kind == "directorate", Unit.active.is_(True))
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids or [-1]))
    return [unit.code for unit in db.session.scalars(query.order_by(Unit.sort_order, Unit.code))]


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


# --- cleaning input ----------------------------------------------------------------------


def _clean_key(key: str | None, field: str = "key") -> str:
    key = (key or "").strip()
    if not KEY_PATTERN.match(key):
        raise DomainError(_("Use 1 to 64 letters, digits, hyphens and underscores, starting with a letter "
                            "or digit."), field=field)
    return key


def _clean_texts(texts: dict | None, field: str, max_length: int, first_required: bool = True) -> dict[str, str]:
    """Texts per enabled language, trimmed; the first enabled language is required when `first_required`."""
    languages = enabled_languages()
    clean = {}
    for code in languages:
        text = (texts or {}).get(code) or ""
        text = text.strip()
        if len(text) > max_length:
            raise DomainError(_("At most %(num)d characters.", num=max_length), field=f"{field}_{code}")
        if text:
            clean[code] = text
    if first_required and languages[0] not in clean:
        raise DomainError(_("Write this in %(language)s.", language=LANGUAGE_NAMES[languages[0]]),
                          field=f"{field}_{languages[0]}")
    return clean


def _keep_other_languages(old: dict | None, clean: dict[str, str]) -> dict[str, str]:
    return {**{k: v for k, v in (old or {}).items() if k not in enabled_languages()}, **clean}


def _require_editable(survey: Survey) -> None:
    if survey.status not in (DRAFT, OPEN):
        raise DomainError(_("This survey is closed: it can no longer be changed."))


def _require_draft(survey: Survey, message: str | None = None) -> None:
    _require_editable(survey)
    if survey.frozen:
        raise DomainError(message or _("The survey is open: questions and sections can no longer be added, "
                                       "removed or moved. Texts can still be corrected."))


# --- creating surveys --------------------------------------------------------------------


def create_survey(actor: Person, titles: dict, now: datetime | None = None) -> Survey:
    """A blank draft survey with a title per language (the first enabled language required).

    :raises DomainError: for a missing or too long title (field `title_<lang>`).
    """
    require(actor, "surveys.build")
    survey = Survey(titles=_clean_texts(titles, "title", MAX_TITLE), intros={}, created_by_id=actor.id,
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
        from surveys.template import TemplateError, load_template

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
        collect_tenure=source.collect_tenure, reminder_days=list(source.reminder_days or []), reminders_sent=[],
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
                    reminder_days: list[int] | None) -> Survey:
    """Change a survey's settings (times in naive UTC). See the module docstring for what freezes.

    :raises DomainError: naming the field, for invalid values or a change the frozen survey refuses.
    """
    require(actor, "surveys.build", survey)
    _require_editable(survey)
    clean_titles = _clean_texts(titles, "title", MAX_TITLE)
    clean_intros = _clean_texts(intros, "intro", MAX_INTRO, first_required=False)
    series = (series or "").strip() or None
    if series is not None:
        series = _clean_key(series, "series")
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
    survey.titles = _keep_other_languages(survey.titles, clean_titles)
    survey.intros = _keep_other_languages(survey.intros, clean_intros)
    survey.series = series
    survey.anonymous, survey.score_threshold, survey.comment_threshold = bool(anonymous), score, comment
    survey.audience_all, survey.audience_unit_ids = bool(audience_all), unit_ids
    survey.collect_manager, survey.collect_tenure = bool(collect_manager), bool(collect_tenure)
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.reminder_days = _clean_reminders(reminder_days)
    record(actor, "surveys.settings_changed", survey, anonymous=survey.anonymous, score_threshold=score,
           comment_threshold=comment, audience_all=survey.audience_all, audience_unit_ids=unit_ids)
    db.session.commit()
    return survey


# --- sections ---------------------------------------------------------------------------


def add_section(actor: Person, survey: Survey, titles: dict, intros: dict) -> SurveySection:
    """Add a section (a page) at the end of a draft survey."""
    require(actor, "surveys.build", survey)
    _require_draft(survey)
    position = max((s.position for s in survey.sections), default=0) + 1
    section = SurveySection(survey=survey, position=position, titles=_clean_texts(titles, "title", MAX_TITLE),
                            intros=_clean_texts(intros, "intro", MAX_INTRO, first_required=False))
    db.session.add(section)
    record(actor, "surveys.section_added", survey, position=position)
    db.session.commit()
    return section


def update_section(actor: Person, section: SurveySection, titles: dict, intros: dict) -> SurveySection:
    """Change a section's title and introduction (allowed while the survey is open: texts only)."""
    survey = section.survey
    require(actor, "surveys.build", survey)
    _require_editable(survey)
    section.titles = _keep_other_languages(section.titles, _clean_texts(titles, "title", MAX_TITLE))
    section.intros = _keep_other_languages(section.intros, _clean_texts(intros, "intro", MAX_INTRO, False))
    record(actor, "surveys.section_changed", survey, section=section.id)
    db.session.commit()
    return section


def delete_section(actor: Person, section: SurveySection) -> None:
    """Delete a section of a draft survey, with its questions (unless a later question depends on one)."""
    survey = section.survey
    require(actor, "surveys.build", survey)
    _require_draft(survey)
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
    _renumber(survey)
    record(actor, "surveys.section_deleted", survey, section=section_id)
    db.session.commit()


def _renumber(survey: Survey) -> None:
    """Positions 1..n for sections, and for questions in section order (questions are numbered so)."""
    sections = sorted(survey.sections, key=lambda s: (s.position, s.id))
    position = 0
    for s_position, section in enumerate(sections, start=1):
        section.position = s_position
        for question in sorted(section.questions, key=lambda q: (q.position, q.id)):
            position += 1
            question.position = position


def move_section(actor: Person, section: SurveySection, offset: int) -> None:
    """Move a section one place up (-1) or down (+1); conditions must still point to earlier questions."""
    survey = section.survey
    require(actor, "surveys.build", survey)
    _require_draft(survey)
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
    _renumber(survey)
    db.session.flush()
    db.session.expire(survey, ["questions"])
    _check_conditions_order(survey)
    record(actor, "surveys.section_moved", survey, section=section.id, offset=offset)
    db.session.commit()


def _check_conditions_order(survey: Survey) -> None:
    seen = set()
    for question in survey.questions:
        depends = (question.condition or {}).get("question")
        if depends and depends not in seen:
            db.session.rollback()
            raise DomainError(_("Question %(key)s depends on %(other)s, which would come after it.",
                                key=question.key, other=depends))
        seen.add(question.key)


# --- questions --------------------------------------------------------------------------


def parse_rows(text: str | None, field: str, with_labels: bool = True) -> list[dict]:
    """Options or items typed one per line as "key | label in each enabled language, in order"
    (or only "key" per line without labels), as [{"key", "labels"}].

    :raises DomainError: for a malformed line or a repeated key (naming the line).
    """
    languages = enabled_languages()
    rows, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        key = parts[0]
        if not KEY_PATTERN.match(key):
            raise DomainError(_("Line %(num)d: start with a key of letters, digits, hyphens or underscores.",
                                num=number), field=field)
        if key in seen:
            raise DomainError(_("Line %(num)d: the key %(key)s is used twice.", num=number, key=key), field=field)
        seen.add(key)
        if not with_labels:
            if len(parts) > 1:
                raise DomainError(_("Line %(num)d: write only the unit code.", num=number), field=field)
            rows.append({"key": key})
            continue
        if len(parts) - 1 > len(languages):
            raise DomainError(_("Line %(num)d: at most one label per language (%(count)d).", num=number,
                                count=len(languages)), field=field)
        labels = {code: label for code, label in zip(languages, parts[1:], strict=False) if label}
        if languages[0] not in labels:
            raise DomainError(_("Line %(num)d: write at least the label in %(language)s.", num=number,
                                language=LANGUAGE_NAMES[languages[0]]), field=field)
        if any(len(label) > MAX_LABEL for label in labels.values()):
            raise DomainError(_("Line %(num)d: a label has more than %(max)d characters.", num=number,
                                max=MAX_LABEL), field=field)
        rows.append({"key": key, "labels": labels})
    return rows


def format_rows(rows: list[dict], with_labels: bool = True) -> str:
    """The inverse of `parse_rows`: the text a form shows for options or items."""
    languages = enabled_languages()
    lines = []
    for row in rows or []:
        labels = row.get("labels") or {}
        lines.append(" | ".join([row["key"], *(labels.get(code, "") for code in languages)]) if with_labels
                     else row["key"])
    return "\n".join(line.rstrip(" |") for line in lines)


@dataclass
class QuestionInput:
    """What the question form gives (options and items already parsed)."""

    key: str
    kind: str
    texts: dict
    helps: dict
    dimension: str | None = None
    required: bool = False
    options: list | None = None
    items: list | None = None
    scale: str | None = None
    #: {"question": key, "equals": [values]} or None
    condition: dict | None = None


def _clean_structure(survey: Survey, data: QuestionInput, position: float, current: Question | None) -> dict:
    """The question's key, kind, dimension, options, items, scale and condition, checked."""
    key = _clean_key(data.key)
    taken = db.session.scalar(db.select(Question.id).where(Question.survey_id == survey.id, Question.key == key))
    if taken is not None and (current is None or taken != current.id):
        raise DomainError(_("Another question of this survey has this key."), field="key")
    if data.kind not in QUESTION_KINDS:
        raise DomainError(_("Choose a kind of question."), field="kind")
    dimension = data.dimension or None
    if dimension is not None and dimension not in DIMENSIONS:
        raise DomainError(_("Choose a dimension from the list."), field="dimension")
    options = list(data.options or []) if data.kind in CHOICE_KINDS else []
    if data.kind in CHOICE_KINDS and len(options) < 2:
        raise DomainError(_("Give at least two options."), field="options")
    items, scale = [], None
    if data.kind == GRID:
        items = list(data.items or [])
        if not items or any(not (i.get("labels") or {}) for i in items):
            raise DomainError(_("Give at least one item, each with a label."), field="items")
        scale = data.scale if data.scale in SCALES else None
        if scale is None:
            raise DomainError(_("Choose the scale of the items."), field="scale")
    elif data.kind == UNIT_MATRIX:
        items = [{"key": i["key"]} for i in data.items or []]
        if not items:
            raise DomainError(_("Give at least one unit code."), field="items")
        codes = {i["key"] for i in items}
        known = set(db.session.scalars(db.select(Unit.code).where(Unit.code.in_(codes), Unit.active.is_(True))))
        if codes - known:
            raise DomainError(_("Unknown unit codes: %(codes)s.", codes=", ".join(sorted(codes - known))),
                              field="items")
    condition = None
    if data.condition and data.condition.get("question"):
        source = next((q for q in survey.questions if q.key == data.condition["question"]), None)
        if source is None or (current is not None and source.id == current.id) or source.position >= position:
            raise DomainError(_("A condition depends on an earlier question."), field="condition_question")
        allowed = answer_values(source)
        if allowed is None:
            raise DomainError(_("This kind of question cannot be a condition."), field="condition_question")
        equals = [str(v).strip() for v in data.condition.get("equals") or [] if str(v).strip()]
        if not equals or set(equals) - set(allowed):
            raise DomainError(_("Give one or more of these answers: %(values)s.", values=", ".join(allowed)),
                              field="condition_equals")
        condition = {"question": source.key, "equals": equals}
    return {"key": key, "kind": data.kind, "dimension": dimension, "options": options, "items": items,
            "scale": scale, "condition": condition, "required": bool(data.required)}


def _clean_labels(rows: list[dict], field: str) -> list[dict]:
    """Rows with their labels kept for enabled languages, and other languages left as they were."""
    return [{**row, "labels": _clean_texts(row.get("labels"), field, MAX_LABEL)} if "labels" in row else row
            for row in rows]


def save_question(actor: Person, section: SurveySection, data: QuestionInput,
                  question: Question | None = None) -> Question:
    """Add a question at the end of `section`, or change `question`.

    While the survey is open only texts, help and option or item labels may change.

    :raises DomainError: naming the field (key, kind, texts, options, items, scale, condition...).
    """
    survey = section.survey
    require(actor, "surveys.build", survey)
    if question is None:
        _require_draft(survey)
    else:
        _require_editable(survey)
    position = question.position if question is not None else max((q.position for q in survey.questions),
                                                                      default=0) + 1
    if question is None and section.questions:
        position = max(q.position for q in section.questions) + 0.5
    clean = _clean_structure(survey, data, position, question)
    texts = _clean_texts(data.texts, "text", MAX_TEXT)
    helps = _clean_texts(data.helps, "help", MAX_TEXT, first_required=False)
    clean["options"] = _clean_labels(clean["options"], "options")
    clean["items"] = _clean_labels(clean["items"], "items")
    if question is not None and survey.frozen:
        structure = lambda rows: [row["key"] for row in rows or []]  # noqa: E731
        before = (question.key, question.kind, question.required, structure(question.options),
                  structure(question.items), question.scale, question.condition)
        after = (clean["key"], clean["kind"], clean["required"], structure(clean["options"]),
                 structure(clean["items"]), clean["scale"], clean["condition"])
        if before != after:
            raise DomainError(_("The survey is open: only texts, help and labels can be corrected. The key, kind, "
                                "options, items, scale, condition and whether an answer is required stay."))
    if question is None:
        question = Question(survey=survey, section=section, position=10**6)
        db.session.add(question)
    for name, value in clean.items():
        setattr(question, name, value)
    question.texts = _keep_other_languages(question.texts, texts)
    question.helps = _keep_other_languages(question.helps, helps)
    db.session.flush()
    db.session.expire(section, ["questions"])
    db.session.expire(survey, ["questions"])
    _renumber(survey)
    record(actor, "surveys.question_saved", survey, question=question.key, kind=question.kind)
    db.session.commit()
    return question


def delete_question(actor: Person, question: Question) -> None:
    """Delete a question of a draft survey, unless a later question depends on it."""
    survey = question.survey
    require(actor, "surveys.build", survey)
    _require_draft(survey)
    for other in survey.questions:
        if (other.condition or {}).get("question") == question.key:
            raise DomainError(_("Question %(key)s is shown depending on this one: change its condition first.",
                                key=other.key))
    key = question.key
    db.session.delete(question)
    db.session.flush()
    db.session.expire(survey)
    _renumber(survey)
    record(actor, "surveys.question_deleted", survey, question=key)
    db.session.commit()


def move_question(actor: Person, question: Question, offset: int) -> None:
    """Move a question one place up (-1) or down (+1) within its section."""
    survey = question.survey
    require(actor, "surveys.build", survey)
    _require_draft(survey)
    siblings = list(question.section.questions)
    index = siblings.index(question)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(siblings):
        return
    other = siblings[target]
    question.position, other.position = other.position, question.position
    db.session.flush()
    db.session.expire(survey, ["questions"])
    _check_conditions_order(survey)
    record(actor, "surveys.question_moved", survey, question=question.key, offset=offset)
    db.session.commit()


# --- feasibility: who is in the audience, and which groups can be reported on --------------


@dataclass
class GroupPlan:
    """A reporting group as it stands: planned by hr (merged), or one per audience unit by default."""

    key: str
    names: dict
    unit_ids: list[int]
    headcount: int
    #: stored: planned by hr (a merge), or frozen when the survey opened
    stored: bool
    units: list[Unit]
    score_threshold: int
    comment_threshold: int

    @property
    def name(self) -> str:
        from intranet.people.models import pick_translation

        return pick_translation(self.names, fallback=self.key)

    @property
    def reaches_scores(self) -> bool:
        return self.headcount >= self.score_threshold

    @property
    def reaches_comments(self) -> bool:
        return self.headcount >= self.comment_threshold


def _unit_tree() -> tuple[dict[int, Unit], dict[int | None, list[Unit]]]:
    units = {u.id: u for u in db.session.scalars(db.select(Unit).where(Unit.active.is_(True))
                                                 .order_by(Unit.sort_order, Unit.code))}
    children: dict[int | None, list[Unit]] = {}
    for unit in units.values():
        parent = unit.parent_id if unit.parent_id in units else None
        children.setdefault(parent, []).append(unit)
    return units, children


def _with_sub_units(unit: Unit, children: dict[int | None, list[Unit]]) -> list[int]:
    found, stack = [], [unit]
    while stack:
        current = stack.pop()
        found.append(current.id)
        stack.extend(children.get(current.id, []))
    return found


def audience_units(survey: Survey) -> list[tuple[Unit, list[int]]]:
    """The audience's units, each with its sub-units' ids: the top-level units for all staff,
    else the chosen units (a chosen unit inside another chosen one counts with the outer one)."""
    units, children = _unit_tree()
    if survey.audience_all:
        roots = children.get(None, [])
    else:
        chosen = set(survey.audience_unit_ids or [])

        def inside_chosen(unit: Unit) -> bool:
            parent = units.get(unit.parent_id) if unit.parent_id else None
            while parent is not None:
                if parent.id in chosen:
                    return True
                parent = units.get(parent.parent_id) if parent.parent_id else None
            return False

        roots = [u for u in units.values() if u.id in chosen and not inside_chosen(u)]
    return [(root, _with_sub_units(root, children)) for root in roots]


def plan_groups(survey: Survey) -> list[GroupPlan]:
    """The reporting groups: frozen ones once the survey opened; before, hr's merges plus one
    group per audience unit with people in it (key: the unit code)."""
    thresholds = {"score_threshold": survey.score_threshold, "comment_threshold": survey.comment_threshold}
    units_by_id = {u.id: u for u in db.session.scalars(db.select(Unit))}
    if survey.frozen:
        return [GroupPlan(g.key, g.names, list(g.unit_ids), g.headcount, True,
                          [units_by_id[i] for i in g.unit_ids if i in units_by_id], **thresholds)
                for g in survey.groups]
    counts = headcount_by_unit()
    roots = audience_units(survey)
    plans, covered = [], set()
    for group in survey.groups:
        mine = [(root, ids) for root, ids in roots if root.id in (group.unit_ids or []) and root.id not in covered]
        if not mine:
            continue
        covered.update(root.id for root, _ids in mine)
        unit_ids = [i for _root, ids in mine for i in ids]
        plans.append(GroupPlan(group.key, dict(group.names or {}), unit_ids, sum(counts.get(i, 0) for i in unit_ids),
                               True, [root for root, _ids in mine], **thresholds))
    for root, ids in roots:
        headcount = sum(counts.get(i, 0) for i in ids)
        if root.id not in covered and headcount:
            plans.append(GroupPlan(root.code, dict(root.names or {}), ids, headcount, False, [root], **thresholds))
    return plans


def people_without_unit() -> int:
    """Active people with no unit: they are in no reporting group, so no survey reaches them."""
    return db.session.scalar(db.select(func.count()).select_from(Person)
                             .where(Person.active.is_(True), Person.unit_id.is_(None)))


def _require_not_frozen(survey: Survey) -> None:
    if survey.frozen:
        raise DomainError(_("The survey is open: its reporting groups are frozen and cannot change."))


def merge_groups(actor: Person, survey: Survey, keys: list[str], key: str, names: dict) -> ReportingGroup:
    """Merge two or more planned groups (by key) into one named reporting group.

    :raises DomainError: for fewer than two groups (field "groups"), a malformed or taken key
        (field "key"), a missing name (field `name_<lang>`), or a survey that already opened.
    """
    require(actor, "surveys.build", survey)
    _require_not_frozen(survey)
    plans = {plan.key: plan for plan in plan_groups(survey)}
    chosen = [plans[k] for k in dict.fromkeys(keys or []) if k in plans]
    if len(chosen) < 2:
        raise DomainError(_("Choose at least two groups to merge."), field="groups")
    key = _clean_key(key)
    if key in plans and key not in {plan.key for plan in chosen}:
        raise DomainError(_("Another reporting group has this key."), field="key")
    clean_names = _clean_texts(names, "name", MAX_TITLE)
    for group in list(survey.groups):
        if group.key in {plan.key for plan in chosen}:
            survey.groups.remove(group)
    db.session.flush()
    group = ReportingGroup(survey=survey, key=key, names=clean_names,
                           unit_ids=[i for plan in chosen for i in plan.unit_ids],
                           position=len(survey.groups) + 1)
    db.session.add(group)
    record(actor, "surveys.groups_merged", survey, key=key, merged=[plan.key for plan in chosen])
    db.session.commit()
    return group


def unmerge_group(actor: Person, survey: Survey, key: str) -> None:
    """Undo a merge before opening: the group's units are reported on one by one again."""
    require(actor, "surveys.build", survey)
    _require_not_frozen(survey)
    group = next((g for g in survey.groups if g.key == key), None)
    if group is None:
        raise DomainError(_("There is no such merged group."))
    survey.groups.remove(group)
    record(actor, "surveys.groups_unmerged", survey, key=key)
    db.session.commit()


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
    record(actor, "surveys.opened", survey, groups=[g.key for g in groups],
           audience=sum(g.headcount for g in groups))
    db.session.commit()
    from surveys.answering import announce

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


def get_survey(survey_id: int | None) -> Survey | None:
    """The survey with that id, or None."""
    return db.session.get(Survey, survey_id) if survey_id else None
