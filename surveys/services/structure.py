"""A survey's structure (sections and questions) as respondents see it, read once per process.

Once a survey has opened its structure is frozen: keys, kinds, options, items and conditions no
longer change; only texts may be corrected, and every change the builder allows on an open
survey bumps `Survey.structure_version` in the same transaction. So the structure of an open
(or closed) survey is kept per process under (survey id, structure version): each answering
request reads the survey row (which it needs anyway, for its status and window) and finds the
sections and questions here, instead of two more queries and a few hundred objects per request.
A process that reads a newer version builds it again; older versions fall out of the cache.

A draft survey changes freely while hr builds it: its structure is read from the database
every time (its ORM objects, no copy).

The shapes are plain frozen records with the attributes of `SurveySection` and `Question`
that answering uses, so the pages, validation and submission take either.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

from flask import current_app
from sqlalchemy import select

from intranet.extensions import db
from intranet.people.models import pick_translation
from surveys.models import Question, Survey, SurveySection

#: how many (survey, version) structures a process keeps: a few surveys are open at a time
KEPT = 16
_CACHE = "ura.survey_structures"
_lock = Lock()


@dataclass(frozen=True)
class SectionShape:
    """A section of a frozen survey (the columns of `SurveySection` that answering reads)."""

    id: int
    survey_id: int
    position: int
    titles: dict
    intros: dict

    @property
    def title(self) -> str:
        return pick_translation(self.titles, fallback="")

    @property
    def intro(self) -> str:
        return pick_translation(self.intros, fallback="")


@dataclass(frozen=True)
class QuestionShape:
    """A question of a frozen survey (the columns of `Question`)."""

    id: int
    survey_id: int
    section_id: int
    position: int
    key: str
    kind: str
    dimension: str | None
    texts: dict
    helps: dict
    required: bool
    options: list
    items: list
    scale: str | None
    condition: dict | None

    @property
    def text(self) -> str:
        return pick_translation(self.texts, fallback=self.key)

    @property
    def help(self) -> str:
        return pick_translation(self.helps, fallback="")


#: what answering takes: a question or section of a draft (ORM) or of a frozen survey (shape)
QuestionLike = Question | QuestionShape
SectionLike = SurveySection | SectionShape


@dataclass(frozen=True)
class Structure:
    """A survey's sections and questions, in order."""

    sections: tuple[Any, ...]
    questions: tuple[Any, ...]


def _columns(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


_SECTION_COLUMNS = ("id", "survey_id", "position", "titles", "intros")
_QUESTION_COLUMNS = ("id", "survey_id", "section_id", "position", "key", "kind", "dimension", "texts", "helps",
                     "required", "options", "items", "scale", "condition")


def _read(survey_id: int) -> Structure:
    sections = db.session.execute(
        select(*(getattr(SurveySection, n) for n in _SECTION_COLUMNS))
        .where(SurveySection.survey_id == survey_id).order_by(SurveySection.position, SurveySection.id)).all()
    questions = db.session.execute(
        select(*(getattr(Question, n) for n in _QUESTION_COLUMNS))
        .where(Question.survey_id == survey_id).order_by(Question.position, Question.id)).all()
    return Structure(
        sections=tuple(SectionShape(**_columns(row, _SECTION_COLUMNS)) for row in sections),
        questions=tuple(QuestionShape(**_columns(row, _QUESTION_COLUMNS)) for row in questions),
    )


def structure_of(survey: Survey) -> Structure:
    """The survey's sections and questions: kept per process once it is frozen (module docstring)."""
    if not survey.frozen:
        return Structure(tuple(survey.sections), tuple(survey.questions))
    key = (survey.id, survey.structure_version)
    cache: OrderedDict = current_app.extensions.setdefault(_CACHE, OrderedDict())
    found = cache.get(key)
    if found is None:
        found = _read(survey.id)
        with _lock:
            cache[key] = found
            while len(cache) > KEPT:
                cache.popitem(last=False)
    return found
