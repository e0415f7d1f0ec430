"""Public citizen polls (the strategy's Objective 1): a survey anyone answers without signing in,
at `/p/<slug>` or embedded in the municipality's website, in every enabled language.

hr or communications make a draft survey a poll (`set_poll`: a slug); it then opens like any
survey, but its audience is nobody on the staff: its one reporting group, "public", has no
headcount, and there are no participations. A citizen's response is written by `submit_poll`
with the same validation, answer rows and counts as a staff member's (surveys.services.answering,
surveys.services.counting), with no person, no time and a random id.

One answer per browser is best effort: a signed cookie lists the polls answered from it
(`answered_in`, `remember_answer`); another browser, or clearing cookies, answers again, and the
public results say so. Automation is slowed by a rate limit per address and a honeypot field
(surveys.views.polls). Results are public only when communications publishes them
(`results_public`) and only once the poll has closed, as for every survey (DESIGN.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person, utcnow
from intranet.permissions import require
from surveys.models import (
    MULTIPLE,
    SINGLE,
    Answer,
    PageFormat,
    ReportingGroup,
    Response,
    Survey,
    SurveyStatus,
    random_id,
)
from surveys.services import response_rows
from surveys.services.answering import IncompleteAnswers, all_errors, is_running, stored_answers
from surveys.services.counting import add_breakdown_counts, add_counts
from surveys.services.feasibility import GroupPlan
from surveys.services.structure import structure_of

#: the one reporting group of a poll: citizens, with no headcount
POLL_GROUP = "public"
#: a slug is part of a public URL: lower-case letters, digits and inner hyphens
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
#: the cookie of the polls answered in this browser (signed; the survey ids only)
ANSWERED_COOKIE = "ura_polls"
ANSWERED_SALT = "ura.polls.answered"
#: a browser remembers at most this many polls (the cookie stays small)
REMEMBERED = 50


def poll_by_slug(slug: str) -> Survey | None:
    """The poll at `/p/<slug>`: opened at some time (a draft is nobody's business outside)."""
    return db.session.scalar(select(Survey).where(Survey.poll_slug == slug, Survey.frozen_at.is_not(None)))


def set_poll(actor: Person, survey: Survey, slug: str | None, results_public: bool) -> Survey:
    """Make a draft survey a public poll at `/p/<slug>` (or, with no slug, a staff survey again),
    and publish or withdraw its public results. A poll is answered on one page.

    The slug can change only while the survey is a draft (its link is then out in the world);
    publishing the results is possible at any time and shown once the poll has closed.

    :raises DomainError: a slug that is not lower-case letters, digits and hyphens, or taken,
        or a change of slug after opening (field "slug").
    """
    require(actor, "surveys.poll", survey)
    slug = (slug or "").strip().lower() or None
    if slug != survey.poll_slug:
        if survey.frozen:
            raise DomainError(_("The link of a poll cannot change once it has opened."), field="slug")
        if slug is not None and not SLUG.match(slug):
            raise DomainError(_("Use lower-case letters, digits and hyphens (e.g. projects-2026)."), field="slug")
        taken = slug is not None and db.session.scalar(
            select(Survey.id).where(Survey.poll_slug == slug, Survey.id != survey.id)) is not None
        if taken:
            raise DomainError(_("Another poll already has this link."), field="slug")
        survey.poll_slug = slug
        if slug is not None:
            survey.page_format = PageFormat.ONE_PAGE
            survey.structure_changed()
    survey.results_public = bool(results_public) and survey.poll_slug is not None
    record(actor, "surveys.poll_changed", survey, slug=survey.poll_slug, results_public=survey.results_public)
    try:
        db.session.commit()
    except IntegrityError:  # the same slug saved for another survey at the same moment
        db.session.rollback()
        raise DomainError(_("Another poll already has this link."), field="slug") from None
    return survey


def poll_groups(survey: Survey) -> list[GroupPlan]:
    """The reporting groups a poll opens with: one, the public, with nobody of the staff in it."""
    names = {"sq": "Qytetarët", "sr": "Građani", "en": "Citizens"}
    return [GroupPlan(POLL_GROUP, names, [], 0, False, [], survey.score_threshold, survey.comment_threshold)]


def submit_poll(survey: Survey, answers: dict, now: datetime | None = None) -> None:
    """Store a citizen's answers to a poll as one response (no person, no time, a random id) and
    add them to the counts, in one transaction, with the validation staff answers get.

    :raises DomainError: the survey is not a poll open for answers now.
    :raises IncompleteAnswers: an answer is missing or invalid (nothing is written).
    """
    if not survey.is_poll or not is_running(survey, now or utcnow()):
        raise DomainError(_("This poll is not open for answers."))
    if errors := all_errors(survey, answers):
        raise IncompleteAnswers(errors)
    rows = stored_answers(survey, answers)
    group_id = db.session.scalar(select(ReportingGroup.id).where(
        ReportingGroup.survey_id == survey.id, ReportingGroup.key == POLL_GROUP))
    if group_id is None:
        raise DomainError(_("This poll is not open for answers."))
    response_id = random_id()
    questions = structure_of(survey).questions
    # its answers stored together as well, as a staff submission stores them (for the CSV export)
    db.session.execute(insert(Response).values(id=response_id, survey_id=survey.id, group_id=group_id,
                                               is_manager=None, tenure_band=None, person_id=None,
                                               cells=response_rows.cells_json(response_rows.columns(questions),
                                                                              rows)))
    if rows:
        db.session.execute(insert(cast(Table, Answer.__table__)),
                           [{**row, "response_id": response_id} for row in rows])
    add_counts(survey, group_id, rows, questions=questions)
    add_breakdown_counts(survey, group_id, None, None, rows, questions=questions)
    db.session.commit()


# --- one answer per browser (best effort) ---------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key or "", salt=ANSWERED_SALT)


def answered_in(cookie: str | None) -> list[int]:
    """The poll ids a browser's cookie says it answered ([] for none, or for a forged cookie)."""
    if not cookie:
        return []
    try:
        ids = _serializer().loads(cookie)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember_answer(cookie: str | None, survey_id: int) -> str:
    """The cookie's new value once this browser has answered the poll `survey_id`."""
    ids = [i for i in answered_in(cookie) if i != survey_id][-(REMEMBERED - 1):]
    return _serializer().dumps([*ids, survey_id])


# --- public results -------------------------------------------------------------------------


@dataclass
class PublicFigure:
    """One chosen-among-options question of a poll: how many answered it, and per option how many
    chose it (None: withheld, fewer answers than the survey's threshold)."""

    question_id: int
    text: str
    kind: str
    answered: int
    #: (label, answers) per option, in the order of the options
    options: list[tuple[str, int]] | None


def public_results(survey: Survey) -> list[PublicFigure]:
    """The published results of a closed poll, per question with options (free texts are never public).

    :raises LookupError: unless the poll has closed and communications published its results.
    """
    from surveys.services.results import ORG, components, label_of, tally

    if not (survey.is_poll and survey.results_public and survey.status in (SurveyStatus.CLOSED,
                                                                          SurveyStatus.ARCHIVED)):
        raise LookupError(survey.id)
    figures = []
    for component in components(tally(survey)):
        question = component.question
        if question.kind not in (SINGLE, MULTIPLE):
            continue
        figure = component.figures[ORG]
        options = None
        if figure.shown:
            options = [(label_of(o, str(o.get("key"))), int(figure.distribution.get(o.get("key"), 0)))
                       for o in question.options or []]
        figures.append(PublicFigure(question.id, question.text, question.kind, figure.count, options))
    return figures


def response_count(survey: Survey) -> int:
    """How many responses a poll received (shown beside its published results)."""
    return db.session.scalar(select(db.func.count()).select_from(Response).where(
        Response.survey_id == survey.id)) or 0
