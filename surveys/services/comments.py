"""Comments: the text answers of a survey, in random order and without dates, shown only
within the comment threshold (and a group's as theirs only when it is not withheld).

Separate from surveys.services.results because comments are answers read one by one, not counted
figures: they have a threshold of their own, applied with the suppression of response
counts in surveys.services.results.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from intranet.extensions import db
from intranet.people.models import Person
from surveys.models import TEXT_KINDS, Answer, Question, Response, Survey
from surveys.services.response_rates import (
    require_released,
    response_counts_withheld,
    responses_by_group,
    visible_groups,
)

# ---------------------------------------------------------------- comments


@dataclass
class Comment:
    question: Question
    text: str
    #: the group's name, or "" when it is pooled into the organisation
    group: str


def comment_groups_withheld(survey: Survey, responses: dict | None = None) -> set:
    """Group ids whose comments are not shown as theirs: fewer responses than the comment threshold,
    or withheld with them so that the pooled rest cannot be told apart."""
    if responses is None:
        responses = responses_by_group(survey)
    return response_counts_withheld(survey, responses, survey.comment_threshold)


def comments(survey: Survey, viewer: Person, question_key: str | None = None,
             group_id: int | None = None) -> list[Comment]:
    """Text answers in random order, without dates, within the comment threshold.

    The organisation (no `group_id`) shows every comment if the survey has at least the comment
    threshold of responses, without naming groups that are withheld; a group shows its own comments
    only when the group is not withheld and the viewer may read it.
    :raises LookupError: for a group the viewer may not read.
    :raises ResultsNotReleased: while the survey is open.
    """
    require_released(survey)
    groups = {g.id: g for g in visible_groups(survey, viewer)}
    if group_id is not None and group_id not in groups:
        raise LookupError(group_id)
    responses = responses_by_group(survey)
    if sum(responses.values()) < survey.comment_threshold:
        return []
    withheld = comment_groups_withheld(survey, responses)
    if group_id is not None and group_id in withheld:
        return []
    questions = {q.id: q for q in survey.questions if q.kind in TEXT_KINDS
                 and (question_key is None or q.key == question_key)}
    if not questions:
        return []
    query = (db.select(Answer.question_id, Answer.text, Response.group_id)
             .join(Response, Response.id == Answer.response_id)
             .where(Response.survey_id == survey.id, Answer.question_id.in_(list(questions)),
                    Answer.text.is_not(None), Answer.text != "")
             .order_by(func.random()))
    if group_id is not None:
        query = query.where(Response.group_id == group_id)
    names = {g.id: g.name for g in survey.groups}
    return [Comment(questions[qid], text, "" if gid in withheld or gid not in groups else names.get(gid, ""))
            for qid, text, gid in db.session.execute(query)]
