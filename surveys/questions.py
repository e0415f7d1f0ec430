"""The questions of a survey (hr): options and items as typed in the form, the checks of a
question's key, kind, dimension, options, items, scale and condition, and saving, deleting
and moving questions.

Separate from surveys.building because the question rules are the largest part of building
a survey. The helpers sections share with questions (cleaning keys and texts, the
draft-only and editable checks, renumbering, the order of conditions) stay in
surveys.building, as does what may change once a survey is open (its docstring).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, enabled_languages
from intranet.people.models import Person, Unit
from intranet.permissions import require
from surveys.building import (
    CHOICE_KINDS,
    KEY_PATTERN,
    MAX_LABEL,
    MAX_TEXT,
    SCALES,
    _check_conditions_order,
    _clean_key,
    _clean_texts,
    _keep_other_languages,
    _renumber,
    _require_draft,
    _require_editable,
    answer_values,
)
from surveys.dimensions import DIMENSIONS
from surveys.models import GRID, QUESTION_KINDS, UNIT_MATRIX, Question, Survey, SurveySection

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
