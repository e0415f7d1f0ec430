"""The questions of a survey (hr): keys made from texts, the checks of a question's key,
kind, dimension, options, items, units, scale and condition, and saving, deleting and
moving questions.

Separate from surveys.services.building because the question rules are the largest part of building
a survey. The helpers sections share with questions (cleaning keys and texts, the
draft-only and editable checks, renumbering, the order of conditions) stay in
surveys.building, as does what may change once a survey is open (its docstring).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.people.models import Person, Unit, pick_translation
from intranet.permissions import require
from surveys.models import GRID, QUESTION_KINDS, UNIT_MATRIX, YESNO, Question, Survey, SurveySection
from surveys.services.dimensions import DIMENSIONS
from surveys.services.editing import (
    CHOICE_KINDS,
    KEY_PATTERN,
    MAX_LABEL,
    MAX_TEXT,
    SCALES,
    answer_values,
    check_conditions_order,
    clean_key,
    clean_texts,
    keep_other_languages,
    renumber,
    require_draft,
    require_editable,
)
from surveys.services.scales import scale

# --- questions --------------------------------------------------------------------------

#: the most options or grid items one question may have
MAX_ROWS = 60
#: letters a key cannot spell with NFKD alone
_SPELLED = str.maketrans({"đ": "dj", "Đ": "Dj", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae"})
_KEY_WORDS_LENGTH = 40


def make_key(text: str | None, taken: set[str] | frozenset = frozenset(), fallback: str = "question") -> str:
    """A key spelled from a text: its first words in lower-case ASCII joined by hyphens
    ("Sa i informuar jeni?" -> "sa-i-informuar-jeni"), with -2, -3... when `taken` has it.

    Keys identify questions, options and items across years, so they are made once, when
    the thing is created, and kept when its text is corrected.
    """
    plain = unicodedata.normalize("NFKD", (text or "").translate(_SPELLED))
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())
    key = ""
    for word in words:
        longer = f"{key}-{word}" if key else word[:_KEY_WORDS_LENGTH]
        if len(longer) > _KEY_WORDS_LENGTH:
            break
        key = longer
    base, number = key or fallback, 2
    key = base
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@dataclass
class QuestionInput:
    """What the question form gives.

    `key` may be empty: a new question's key is then made from its text, an existing one
    keeps its key. `options` (single and multiple choice) and `items` (grid) are rows as
    typed, blank ones included so a refusal can name the row: [{"key": "" or the row's
    existing key, "labels": {lang: text}}]. `units` are the unit codes a unit matrix rates.
    """

    key: str
    kind: str
    texts: dict
    helps: dict
    dimension: str | None = None
    required: bool = False
    options: list | None = None
    items: list | None = None
    units: list | None = None
    scale: str | None = None
    #: {"question": key, "equals": [values]} or None
    condition: dict | None = None


def _clean_rows(rows: list[dict] | None, field: str, fallback: str, previous: list[dict] | None) -> list[dict]:
    """Options or grid items: blank rows dropped, labels checked per language (a refusal names the
    row's box, `<field>-<index>-text_<lang>`), a key made from the label of each new row.

    A row keeps the key it came with, so correcting a label keeps answers comparable; labels in
    languages no longer enabled stay as they were.
    """
    languages = enabled_languages()
    rows = list(rows or [])
    if len(rows) > MAX_ROWS:
        raise DomainError(_("At most %(num)d rows.", num=MAX_ROWS), field=field)
    before = {row["key"]: row.get("labels") for row in previous or []}
    given = {(row.get("key") or "").strip() for row in rows} - {""}
    clean: list[dict] = []
    keys: set[str] = set()
    texts_seen: set = set()
    for index, row in enumerate(rows):
        key = (row.get("key") or "").strip()
        labels = row.get("labels") or {}
        if not key and not any((labels.get(code) or "").strip() for code in languages):
            continue
        box = f"{field}-{index}-text"
        labels = clean_texts(labels, box, MAX_LABEL)
        first = labels[languages[0]]
        if first.casefold() in texts_seen:
            raise DomainError(_("An earlier row has the same text."), field=f"{box}_{languages[0]}")
        texts_seen.add(first.casefold())
        if key and (not KEY_PATTERN.match(key) or key in keys):
            raise DomainError(_("A row's key was changed: reload the page and try again."), field=field)
        key = key or make_key(first, given | keys, fallback)
        keys.add(key)
        clean.append({"key": key, "labels": keep_other_languages(before.get(key), labels)})
    return clean


def _clean_units(codes: list[str] | None) -> list[dict]:
    """The unit codes a unit matrix rates, once each, every one an active unit."""
    codes = list(dict.fromkeys(str(code).strip() for code in codes or [] if str(code).strip()))
    if not codes:
        raise DomainError(_("Choose at least one unit."), field="units")
    known = set(db.session.scalars(db.select(Unit.code).where(Unit.code.in_(codes), Unit.active.is_(True))))
    if set(codes) - known:
        raise DomainError(_("Unknown unit codes: %(codes)s.", codes=", ".join(sorted(set(codes) - known))),
                          field="units")
    return [{"key": code} for code in codes]


def _clean_question_key(survey: Survey, data: QuestionInput, texts: dict, current: Question | None) -> str:
    typed = (data.key or "").strip()
    if not typed:
        if current is not None:
            return current.key
        taken = set(db.session.scalars(db.select(Question.key).where(Question.survey_id == survey.id)))
        return make_key(texts[enabled_languages()[0]], taken)
    key = clean_key(typed)
    taken = db.session.scalar(db.select(Question.id).where(Question.survey_id == survey.id, Question.key == key))
    if taken is not None and (current is None or taken != current.id):
        raise DomainError(_("Another question of this survey has this key."), field="key")
    return key


def _clean_structure(survey: Survey, data: QuestionInput, texts: dict, position: float,
                     current: Question | None) -> dict:
    """The question's key, kind, dimension, options, items, scale and condition, checked.

    Only what the kind uses is read: a single choice ignores items, units and scale, and so on.
    """
    key = _clean_question_key(survey, data, texts, current)
    if data.kind not in QUESTION_KINDS:
        raise DomainError(_("Choose a kind of question."), field="kind")
    dimension = data.dimension or None
    if dimension is not None and dimension not in DIMENSIONS:
        raise DomainError(_("Choose a dimension from the list."), field="dimension")
    previous = current if current is not None and current.kind == data.kind else None
    options, items, scale = [], [], None
    if data.kind in CHOICE_KINDS:
        options = _clean_rows(data.options, "options", "option", previous.options if previous else None)
        if len(options) < 2:
            raise DomainError(_("Give at least two options."), field="options")
    elif data.kind == GRID:
        items = _clean_rows(data.items, "items", "item", previous.items if previous else None)
        if not items:
            raise DomainError(_("Give at least one statement."), field="items")
        scale = data.scale if data.scale in SCALES else None
        if scale is None:
            raise DomainError(_("Choose the scale of the statements."), field="scale")
    elif data.kind == UNIT_MATRIX:
        items = _clean_units(data.units)
    condition = None
    if data.condition and data.condition.get("question"):
        source = next((q for q in survey.questions if q.key == data.condition["question"]), None)
        if source is None or (current is not None and source.id == current.id) or source.position >= position:
            raise DomainError(_("A condition depends on an earlier question."), field="condition_question")
        allowed = answer_values(source)
        if allowed is None:
            raise DomainError(_("This kind of question cannot be a condition."), field="condition_question")
        equals = [str(v).strip() for v in data.condition.get("equals") or [] if str(v).strip()]
        if not equals:
            raise DomainError(_("Choose the answers that show this question."), field="condition_equals")
        if set(equals) - set(allowed):
            raise DomainError(_("Give one or more of these answers: %(values)s.", values=", ".join(allowed)),
                              field="condition_equals")
        condition = {"question": source.key, "equals": equals}
    return {"key": key, "kind": data.kind, "dimension": dimension, "options": options, "items": items,
            "scale": scale, "condition": condition, "required": bool(data.required)}


def answer_choices(question: Question) -> list[tuple[str, str]] | None:
    """(value, label) of each answer a condition on `question` may compare with, as hr reads them
    ("4 · Agree", "Yes", an option's text); None when it cannot be a condition."""
    values = answer_values(question)
    if values is None:
        return None
    if question.kind in CHOICE_KINDS:
        return [(o["key"], pick_translation(o.get("labels"), fallback=o["key"])) for o in question.options or []]
    labels = {value: str(label) for value, label in scale(question.kind)}
    if question.kind == YESNO:
        return [(value, labels.get(value, value)) for value in values]
    return [(value, f"{value} · {labels[value]}" if labels.get(value, value) != value else value)
            for value in values]


def condition_answers(question: Question) -> tuple[Question, list[str]] | None:
    """The earlier question a condition depends on and the labels of the answers that show `question`."""
    condition = question.condition or {}
    source = next((q for q in question.survey.questions if q.key == condition.get("question")), None)
    if source is None:
        return None
    labels = dict(answer_choices(source) or [])
    return source, [labels.get(value, value) for value in condition.get("equals") or []]


def _typed(rows: list[dict] | None) -> list:
    """Rows for comparing: the texts, in enabled languages, of the rows not left blank."""
    found = []
    for row in rows or []:
        labels = {code: (text or "").strip() for code, text in (row.get("labels") or {}).items()
                  if code in enabled_languages() and (text or "").strip()}
        if labels:
            found.append(labels)
    return found


def _twin(section_id: int, data: QuestionInput, texts: dict, helps: dict) -> Question | None:
    """A question of the section identical to the one being added (kind, texts, help, rows, scale,
    units, condition): the same form sent twice, which must not add a second question."""
    rows = _typed(data.options if data.kind in CHOICE_KINDS else data.items if data.kind == GRID else [])
    units = list(data.units or []) if data.kind == UNIT_MATRIX else []
    for other in db.session.scalars(db.select(Question).filter_by(section_id=section_id, kind=data.kind)):
        stored = other.options if data.kind in CHOICE_KINDS else other.items if data.kind == GRID else []
        same = (other.texts == texts and (other.helps or {}) == helps and _typed(stored) == rows
                and (other.condition or {}).get("question") == (data.condition or {}).get("question"))
        if data.kind == UNIT_MATRIX:
            same = same and [item["key"] for item in other.items or []] == units
        if data.kind == GRID:
            same = same and other.scale == data.scale
        if same:
            return other
    return None


def save_question(actor: Person, section: SurveySection, data: QuestionInput,
                  question: Question | None = None) -> Question:
    """Add a question at the end of `section`, or change `question`.

    While the survey is open only texts, help and option or item labels may change.

    :raises DomainError: naming the field (key, kind, texts, options, items, scale, condition...).
    """
    survey = section.survey
    require(actor, "surveys.build", survey)
    if question is None:
        require_draft(survey)
    else:
        require_editable(survey)
    position: float = question.position if question is not None else max((q.position for q in survey.questions),
                                                                      default=0) + 1
    if question is None and section.questions:
        position = max(q.position for q in section.questions) + 0.5
    texts = clean_texts(data.texts, "text", MAX_TEXT)
    helps = clean_texts(data.helps, "help", MAX_TEXT, first_required=False)
    if question is None:
        twin = _twin(section.id, data, texts, helps)
        if twin is not None:  # the same form sent twice (a double click): it is saved already
            return twin
    clean = _clean_structure(survey, data, texts, position, question)
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
    question.texts = keep_other_languages(question.texts, texts)
    question.helps = keep_other_languages(question.helps, helps)
    section_id, adding = section.id, question.id is None
    try:
        db.session.flush()
    except IntegrityError:  # two requests made the same key at once
        db.session.rollback()
        twin = _twin(section_id, data, texts, helps) if adding else None
        if twin is not None:
            return twin
        raise DomainError(_("Another question of this survey has this key."), field="key") from None
    db.session.expire(section, ["questions"])
    db.session.expire(survey, ["questions"])
    renumber(survey)
    survey.structure_changed()
    record(actor, "surveys.question_saved", survey, question=question.key, kind=question.kind)
    db.session.commit()
    return question


def delete_question(actor: Person, question: Question) -> None:
    """Delete a question of a draft survey, unless a later question depends on it."""
    survey = question.survey
    require(actor, "surveys.build", survey)
    require_draft(survey)
    for other in survey.questions:
        if (other.condition or {}).get("question") == question.key:
            raise DomainError(_("Question %(key)s is shown depending on this one: change its condition first.",
                                key=other.key))
    key = question.key
    db.session.delete(question)
    db.session.flush()
    db.session.expire(survey)
    renumber(survey)
    survey.structure_changed()
    record(actor, "surveys.question_deleted", survey, question=key)
    db.session.commit()


def move_question(actor: Person, question: Question, offset: int) -> None:
    """Move a question one place up (-1) or down (+1) within its section."""
    survey = question.survey
    require(actor, "surveys.build", survey)
    require_draft(survey)
    siblings = list(question.section.questions)
    index = siblings.index(question)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(siblings):
        return
    other = siblings[target]
    question.position, other.position = other.position, question.position
    db.session.flush()
    db.session.expire(survey, ["questions"])
    check_conditions_order(survey)
    survey.structure_changed()
    record(actor, "surveys.question_moved", survey, question=question.key, offset=offset)
    db.session.commit()
