"""Answering a survey: pages, the private draft, validation and submission. The rewrite of the
responses once a survey has closed is in surveys.services.reordering; the announcements, reminders
and daily tick that bring people to it are in surveys.services.invitations.

Answers travel in two shapes. While a person answers, the draft keeps them *raw*,
as the form gave them (question key -> str, list of str, or {item: str}), so
whatever was typed comes back, valid or not. At submission they are validated
once more and stored as `Answer` rows (see its docstring), and all together once more on the
response (`Response.cells`, surveys.services.response_rows), which the CSV export reads.

Anonymity (see surveys/README.md): `submit` writes the participation (the day
only) and the response (no person unless the survey is identified, no time, no
language, a random id), adds its answers to the counts results read (surveys.services.counting),
deletes the draft and marks the person's invitations to the survey read (to the day), in one
transaction; nothing is audited, logged or notified per response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from typing import Any, cast

from flask import g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Table, and_, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from intranet.database import insert_rows
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.notifications.services import mark_read_as_of, unread_statement
from intranet.people.models import Person, Unit, pick_translation, utcnow
from surveys.models import (
    GRID,
    LONG_TEXT,
    MULTIPLE,
    SHORT_TEXT,
    SINGLE,
    TENURE_BANDS,
    UNIT_MATRIX,
    YESNO,
    Answer,
    AudienceMember,
    Draft,
    Participation,
    Response,
    Survey,
    SurveyStatus,
    random_id,
)
from surveys.services import response_rows
from surveys.services.counting import add_breakdown_counts, add_counts
from surveys.services.scales import item_scale, scale
from surveys.services.structure import QuestionLike, SectionLike, structure_of

#: the draft key of the years-of-service band, asked on the last page (never a question key)
TENURE_KEY = "@tenure"
#: "don't know / no contact" in a unit matrix: kept in the draft, stored as no row
NO_CONTACT = "na"
MAX_SHORT_TEXT, MAX_LONG_TEXT = 300, 5000
ALREADY_ANSWERED = _l("You have already answered this survey.")

TENURE_LABELS = {"lt2": _l("Less than 2 years"), "2to5": _l("2 to 5 years"), "6to10": _l("6 to 10 years"),
                 "11to20": _l("11 to 20 years"), "gt20": _l("More than 20 years")}


def option_keys(question: QuestionLike) -> list[str]:
    return [str(o.get("key")) for o in question.options or []]


def item_keys(question: QuestionLike) -> list[str]:
    return [str(i.get("key")) for i in question.items or []]


# --- pages -----------------------------------------------------------------------


@dataclass
class SurveyPage:
    """One section as a page: its number (1-based), the section and its questions in order."""

    number: int
    section: SectionLike
    questions: list[QuestionLike] = field(default_factory=list)
    #: the last page also asks the years-of-service band when the survey collects it
    asks_tenure: bool = False
    #: the sections the page shows, each with its questions (one on a section page; all in the one-page format)
    parts: list[tuple[SectionLike, list[QuestionLike]]] = field(default_factory=list)


def pages(survey: Survey) -> list[SurveyPage]:
    """The survey's pages in order (an open survey's from the process's structure cache)."""
    structure = structure_of(survey)
    by_section: dict[int, list[QuestionLike]] = {}
    for question in structure.questions:
        by_section.setdefault(question.section_id, []).append(question)
    parts = [(s, by_section.get(s.id, [])) for s in structure.sections]
    if survey.one_page and parts:
        every = [question for _section, questions in parts for question in questions]
        result = [SurveyPage(1, parts[0][0], every, parts=parts)]
    else:
        result = [SurveyPage(n, s, questions, parts=[(s, questions)]) for n, (s, questions) in enumerate(parts, 1)]
    if result and survey.collect_tenure:
        result[-1].asks_tenure = True
    return result


def unit_names(questions, language: str | None = None) -> dict[str, str]:
    """Unit code -> name in the reader's language, for the unit matrices among `questions`."""
    codes = {code for q in questions if q.kind == UNIT_MATRIX for code in item_keys(q)}
    if not codes:
        return {}
    units = db.session.scalars(select(Unit).where(Unit.code.in_(codes)))
    return {u.code: pick_translation(u.names, language, fallback=u.code) for u in units}


# --- raw answers, conditions, validation ----------------------------------------------


def field_name(question: QuestionLike, item: str | None = None) -> str:
    """The form field of a question (or of one item of a grid or unit matrix)."""
    return f"q-{question.id}" if item is None else f"q-{question.id}-{item}"


def read_form(page: SurveyPage, form) -> dict:
    """The raw answers of one page from a submitted form (a werkzeug MultiDict or similar)."""
    raw: dict = {}
    for question in page.questions:
        name = field_name(question)
        if question.kind == MULTIPLE:
            raw[question.key] = [str(v) for v in form.getlist(name)][:100]
        elif question.kind in (GRID, UNIT_MATRIX):
            raw[question.key] = {item: str(form.get(field_name(question, item), "")) for item in item_keys(question)}
        else:
            # Far beyond any limit, so a form is kept as typed, yet a draft stays small.
            raw[question.key] = str(form.get(name, ""))[:MAX_LONG_TEXT * 4]
    if page.asks_tenure:
        raw[TENURE_KEY] = str(form.get(TENURE_KEY, ""))
    return raw


def _as_values(raw) -> set[str]:
    if isinstance(raw, list):
        return {str(v) for v in raw}
    if isinstance(raw, dict):
        return {str(v) for v in raw.values()}
    return {str(raw)} if raw not in (None, "") else set()


def _wanted(values) -> set[str]:
    # Values as the form sends them: option keys, "1".."7", "0".."10", "yes"/"no" (booleans read as yes/no).
    return {("yes" if v else "no") if isinstance(v, bool) else str(v) for v in values or []}


def condition_met(question: QuestionLike, answers: dict, shown: set[str]) -> bool:
    """Whether a conditional question applies, given the answers and the questions shown so far."""
    condition = question.condition or {}
    key = condition.get("question")
    if not key:
        return True
    if key not in shown:
        return False
    return bool(_as_values(answers.get(key)) & _wanted(condition.get("equals")))


def shown_keys(survey: Survey, answers: dict) -> set[str]:
    """The keys of the questions that apply, in order (a condition on a hidden question is not met)."""
    shown: set[str] = set()
    questions = structure_of(survey).questions
    keys = {q.key for q in questions}
    for question in questions:
        target = (question.condition or {}).get("question")
        if not target or target not in keys or condition_met(question, answers, shown):
            shown.add(question.key)
    return shown


def clean_text(value: str) -> str:
    # Line breaks as the browser counts them; no control characters (PostgreSQL refuses NUL).
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\n\t" or ord(c) >= 32).strip()


def _empty(raw) -> bool:
    if isinstance(raw, dict):
        return not any(v not in ("", None) for v in raw.values())
    return raw in (None, "", [])


def question_error(question: QuestionLike, raw) -> str | None:
    """Why the raw answer cannot be accepted (translated), or None."""
    if _empty(raw):
        return _("Please answer this question.") if question.required else None
    kind = question.kind
    if kind in (SHORT_TEXT, LONG_TEXT):
        limit = MAX_SHORT_TEXT if kind == SHORT_TEXT else MAX_LONG_TEXT
        text = clean_text(str(raw))
        if not text and question.required:
            return _("Please answer this question.")
        if len(text) > limit:
            return _("At most %(num)d characters (you wrote %(len)d).", num=limit, len=len(text))
        return None
    if kind == MULTIPLE:
        values = raw if isinstance(raw, list) else [raw]
        return None if set(map(str, values)) <= set(option_keys(question)) else _("Choose among the options shown.")
    if kind in (GRID, UNIT_MATRIX):
        if not isinstance(raw, dict):
            return _("Choose among the options shown.")
        allowed_cells = ({v for v, _label in scale(item_scale(question))}
                         | ({NO_CONTACT} if kind == UNIT_MATRIX else set()))
        if any(v not in allowed_cells for v in raw.values() if v not in ("", None)):
            return _("Choose among the options shown.")
        if question.required and any(raw.get(item) in ("", None) for item in item_keys(question)):
            return _("Please answer every row.")
        return None
    allowed = option_keys(question) if kind == SINGLE else [v for v, _label in scale(kind)]
    return None if str(raw) in allowed else _("Choose among the options shown.")


def tenure_error(raw) -> str | None:
    return None if raw in (None, "", *TENURE_BANDS) else _("Choose among the options shown.")


def page_errors(survey: Survey, page: SurveyPage, answers: dict) -> dict[str, str]:
    """Question key -> message, for the questions of `page` that apply."""
    shown = shown_keys(survey, answers)
    errors = {q.key: e for q in page.questions if q.key in shown and (e := question_error(q, answers.get(q.key)))}
    if page.asks_tenure and (error := tenure_error(answers.get(TENURE_KEY))):
        errors[TENURE_KEY] = error
    return errors


def all_errors(survey: Survey, answers: dict) -> dict[int, dict[str, str]]:
    """Page number -> that page's errors, for every page that has some."""
    return {p.number: e for p in pages(survey) if (e := page_errors(survey, p, answers))}


# --- the respondent: membership, draft, whether they have answered ----------------------------


@dataclass
class Respondent:
    """What answering needs to know of one person and one survey, read in one statement.

    `member`: their audience row, None when the survey is not addressed to them; `draft`: their
    private draft, if any; `answered`: whether they have submitted; `unread_invitations`: how many
    of the survey's notifications to them (announcement, reminders) they have not read, which
    submitting marks read (so the page after it shows the unread count without counting again).
    """

    member: AudienceMember | None
    draft: Draft | None
    answered: bool
    unread_invitations: int = 0

    @property
    def answers(self) -> dict:
        """The draft's raw answers (a copy), or {} without a draft."""
        return dict(self.draft.answers or {}) if self.draft is not None else {}


_RESPONDENTS = "ura_respondents"


def respondent(person: Person, survey: Survey) -> Respondent:
    """The person as a respondent of the survey: one statement, once per request (kept on `g`,
    updated by `save_draft` and dropped by `submit`); outside a request it asks every time."""
    cache = g.setdefault(_RESPONDENTS, {}) if has_request_context() else {}
    key = (person.id, survey.id)
    if key not in cache:
        cache[key] = _read_respondent(person.id, survey.id)
    return cache[key]


@cache
def _respondent_statement():
    """Built once per process, on parameters: building it was a tenth of an answering request's time.
    From the person's own row, so that one row comes back whatever exists of the rest."""
    survey_id: BindParameter[int] = bindparam("survey")
    unread = (unread_statement(Person.id).where(Notification.subject == bindparam("subject"))
              .correlate(Person).scalar_subquery())
    return (
        select(Person.id, AudienceMember, Draft, Participation.person_id, unread).select_from(Person)
        .outerjoin(AudienceMember, and_(AudienceMember.survey_id == survey_id, AudienceMember.person_id == Person.id))
        .outerjoin(Draft, and_(Draft.survey_id == survey_id, Draft.person_id == Person.id))
        .outerjoin(Participation, and_(Participation.survey_id == survey_id, Participation.person_id == Person.id))
        .where(Person.id == bindparam("person"))
    )


def _read_respondent(person_id: int, survey_id: int) -> Respondent:
    row = db.session.execute(_respondent_statement(), {
        "person": person_id, "survey": survey_id, "subject": subject_of_id(survey_id)}).first()
    if row is None:
        return Respondent(None, None, False)
    return Respondent(member=row[1], draft=row[2], answered=row[3] is not None, unread_invitations=row[4] or 0)


def forget_respondent(person_id: int, survey_id: int) -> None:
    """Drop the request's copy of a respondent (they submitted, or another tab saved meanwhile)."""
    if has_request_context():
        g.get(_RESPONDENTS, {}).pop((person_id, survey_id), None)


def get_draft(person: Person, survey: Survey) -> Draft | None:
    return respondent(person, survey).draft


def resume_page(survey: Survey, answers: dict, reached: int = 1) -> int | None:
    """Where a returning respondent continues: the first page with a question that applies and
    has no answer yet, or None when every page has its answers (the review comes next).

    An optional question left empty on a page before `reached` (the draft's page: the person
    went on from there) was skipped on purpose and does not count; a required one does."""
    shown = shown_keys(survey, answers)
    for page in pages(survey):
        if any(q.key in shown and _empty(answers.get(q.key)) and (q.required or page.number >= reached)
               for q in page.questions):
            return page.number
    return None


def has_answered(person: Person, survey: Survey) -> bool:
    return respondent(person, survey).answered


def commit_keeping_loaded() -> None:
    """Commit without expiring what the request has loaded (the survey, the person, the draft just
    written): what it shows next is what it wrote itself, so nothing needs reading again."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def save_draft(person: Person, survey: Survey, page_number: int, raw: dict) -> Draft:
    """Merge one page's raw answers into the person's private draft and commit it.

    Answers to questions that no longer apply (their condition is not met) are dropped.

    :raises DomainError: when the survey is not open for answers, or the person has already answered.
    """
    if not is_running(survey):
        raise DomainError(_("This survey is not open for answers."))
    state = respondent(person, survey)
    if state.answered:
        raise DomainError(ALREADY_ANSWERED)
    questions = {q.key for q in structure_of(survey).questions}
    for attempt in (1, 2):
        draft = state.draft or Draft(survey_id=survey.id, person_id=person.id, answers={})
        answers = {**(draft.answers or {}), **raw}
        shown = shown_keys(survey, answers)
        draft.answers = {k: v for k, v in answers.items() if k == TENURE_KEY or (k in questions and k in shown)}
        draft.page = page_number
        db.session.add(draft)
        try:
            commit_keeping_loaded()
            state.draft = draft
            return draft
        except IntegrityError:  # the same person saved in another tab at the same moment
            db.session.rollback()
            if attempt == 2:
                raise
            forget_respondent(person.id, survey.id)
            state = respondent(person, survey)
            if state.answered:
                raise DomainError(ALREADY_ANSWERED) from None
    raise AssertionError("unreachable")


# --- submitting ------------------------------------------------------------------------


def subject_of(survey: Survey) -> str:
    """What the survey's notifications are about ("a survey is open", reminders): submitting clears
    the person's (`intranet.notifications.services.clear`)."""
    return subject_of_id(survey.id)


def subject_of_id(survey_id: int) -> str:
    return f"survey:{survey_id}"


def _clear_invitations(person: Person, survey: Survey, unread: int) -> None:
    """Mark the person's announcement and reminders of the survey read, as of the day only: the
    exact time would date the submission finer than the participation does (surveys/README.md).
    One statement: the unread ones (`unread` of them) and those read later that day both take the day."""
    mark_read_as_of(subject_of(survey), person, datetime.combine(utcnow().date(), time.min), were_unread=unread)


class IncompleteAnswers(DomainError):
    """Some answers are missing or invalid; `errors` maps page number -> {question key: message}."""

    def __init__(self, errors: dict[int, dict[str, str]]):
        super().__init__(_("Some answers need your attention before you submit."))
        self.errors = errors


def is_running(survey: Survey, now: datetime | None = None) -> bool:
    """Open, and `now` within its window."""
    now = now or utcnow()
    return (survey.status == SurveyStatus.OPEN and not (survey.opens_at and now < survey.opens_at)
            and not (survey.closes_at and now >= survey.closes_at))


def stored_answers(survey: Survey, answers: dict) -> list[dict]:
    """The `Answer` rows (as column dicts, without the response) for valid raw answers."""
    shown = shown_keys(survey, answers)
    rows = []
    for question in structure_of(survey).questions:
        raw: Any = answers.get(question.key)
        if question.key not in shown or _empty(raw):
            continue
        base = {"question_id": question.id, "item": "", "number": None, "choice": None, "text": None}
        kind = question.kind
        if kind in (SHORT_TEXT, LONG_TEXT):
            if typed := clean_text(str(raw)):
                rows.append({**base, "text": typed})
        elif kind == SINGLE:
            rows.append({**base, "choice": str(raw)})
        elif kind == YESNO:
            rows.append({**base, "number": 1 if raw == "yes" else 0})
        elif kind == MULTIPLE:
            chosen = set(raw if isinstance(raw, list) else [raw])
            rows += [{**base, "item": key, "number": 1} for key in option_keys(question) if key in chosen]
        elif kind in (GRID, UNIT_MATRIX):
            rows += [{**base, "item": item, "number": int(raw[item])} for item in item_keys(question)
                     if raw.get(item) not in (None, "", NO_CONTACT)]
        else:
            rows.append({**base, "number": int(raw)})
    return rows


def submit(person: Person, survey: Survey, now: datetime | None = None, answers: dict | None = None) -> None:
    """Submit the person's draft as their response, in one transaction (see the module docstring).

    `answers`: raw answers just posted (the one-page format submits its form directly), over the draft's.

    :raises DomainError: not in the audience, the survey is not open, or already answered
        (also when a simultaneous submission won: the unique participation rolls this one back).
    :raises IncompleteAnswers: when an answer is missing or invalid (nothing is written).
    """
    now = now or utcnow()
    person_id, survey_id = person.id, survey.id  # for the `finally`, after a rollback has expired both
    # One statement reads the membership, the draft and the participation together: a submission
    # that lost a race either sees the winner's participation here or fails on its key below.
    state = respondent(person, survey)
    member, draft = state.member, state.draft
    answers = {**state.answers, **(answers or {})}
    if member is None:
        raise DomainError(_("This survey is not addressed to you."))
    if not is_running(survey, now):
        raise DomainError(_("This survey is not open for answers."))
    if state.answered:
        raise DomainError(ALREADY_ANSWERED)
    if errors := all_errors(survey, answers):
        raise IncompleteAnswers(errors)
    rows = stored_answers(survey, answers)
    try:
        # Core inserts with their values as parameters: compiled once per process, no ORM bookkeeping.
        # The participation first: its unique key decides a race here, before anything else is written.
        db.session.execute(insert(cast(Table, Participation.__table__)),
                           {"survey_id": survey.id, "person_id": person.id, "answered_on": now.date()})
        response_id = random_id()
        is_manager = member.is_manager if survey.collect_manager else None
        tenure_band = (answers.get(TENURE_KEY) or None) if survey.collect_tenure else None
        questions = structure_of(survey).questions
        db.session.execute(insert(cast(Table, Response.__table__)), {
            "id": response_id, "survey_id": survey.id, "group_id": member.group_id,
            "is_manager": is_manager, "tenure_band": tenure_band,
            "person_id": None if survey.anonymous else person.id,
            "cells": response_rows.cells_json(response_rows.columns(questions), rows),
        })
        # on the table, in one statement (the ORM's would be one per set of non-NULL columns)
        insert_rows(Answer, rows, same={"response_id": response_id})
        if draft is not None:
            db.session.execute(delete(Draft).where(Draft.id == draft.id))
        _clear_invitations(person, survey, state.unread_invitations)
        # last before the commit: the count rows are shared by every respondent of a group,
        # so their locks are held for as short a time as possible
        add_counts(survey, member.group_id, rows, questions=questions)
        add_breakdown_counts(survey, member.group_id, is_manager, tenure_band, rows,
                             questions=questions)
        # the page that follows (thank you) shows the survey and the person as loaded: the
        # submission changed neither, nor anything else the ORM holds (its draft row is gone,
        # and so is the request's copy of the respondent)
        commit_keeping_loaded()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(ALREADY_ANSWERED) from None
    finally:
        forget_respondent(person_id, survey_id)
