"""The rules every part of the survey builder shares: cleaning what hr typed (keys, texts per
language), whether a survey may still change (`require_editable`) or change in structure
(`require_draft`), numbering sections and questions, and the order conditions need.

Used by surveys.services.building (surveys, settings), .sections, .questions and .feasibility;
what freezes when a survey opens is in surveys.services.building's docstring. Refusals are
`DomainError`s with a translated message and, where it belongs to one, the form field.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, enabled_languages
from intranet.people.models import Unit
from surveys.models import (
    LIKERT5,
    LIKERT7,
    MULTIPLE,
    RATING10,
    SINGLE,
    YESNO,
    Question,
    Survey,
)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MAX_TITLE, MAX_TEXT, MAX_INTRO, MAX_LABEL = 200, 1000, 5000, 200
CHOICE_KINDS = (SINGLE, MULTIPLE)
SCALES = (LIKERT5, LIKERT7)



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

def clean_key(key: str | None, field: str = "key") -> str:
    key = (key or "").strip()
    if not KEY_PATTERN.match(key):
        raise DomainError(_("Use 1 to 64 letters, digits, hyphens and underscores, starting with a letter "
                            "or digit."), field=field)
    return key


def clean_texts(texts: dict | None, field: str, max_length: int, first_required: bool = True) -> dict[str, str]:
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


def keep_other_languages(old: dict | None, clean: dict[str, str]) -> dict[str, str]:
    return {**{k: v for k, v in (old or {}).items() if k not in enabled_languages()}, **clean}


def require_editable(survey: Survey) -> None:
    """:raises DomainError: once the survey has closed (nothing of it changes any more)."""
    if not survey.editable:
        raise DomainError(_("This survey is closed: it can no longer be changed."))


def require_draft(survey: Survey, message: str | None = None) -> None:
    require_editable(survey)
    if survey.frozen:
        raise DomainError(message or _("The survey is open: questions and sections can no longer be added, "
                                       "removed or moved. Texts can still be corrected."))



def renumber(survey: Survey) -> None:
    """Positions 1..n for sections, and for questions in section order (questions are numbered so)."""
    sections = sorted(survey.sections, key=lambda s: (s.position, s.id))
    position = 0
    for s_position, section in enumerate(sections, start=1):
        section.position = s_position
        for question in sorted(section.questions, key=lambda q: (q.position, q.id)):
            position += 1
            question.position = position

def check_conditions_order(survey: Survey) -> None:
    seen = set()
    for question in survey.questions:
        depends = (question.condition or {}).get("question")
        if depends and depends not in seen:
            db.session.rollback()
            raise DomainError(_("Question %(key)s depends on %(other)s, which would come after it.",
                                key=question.key, other=depends))
        seen.add(question.key)
