"""Staff questions to a general meeting: asked in one's name or anonymously, upvoted, moderated, answered.

An anonymous question keeps no link to its author (the threat model is in meetings/README.md):
no author row, no audit entry, no log line, no notification; the question's random id is the only
handle, and the view keeps it in the asker's signed session cookie so that they can withdraw it
until they sign out. Named questions have their author in `meeting_question_authors`.

Votes are one row per (question, person): the primary key is the one-vote rule, so a double click
or two requests at once leave one vote. Communications hides a question (with a reason the named
author is told) or merges a duplicate into another (the votes add up, a person who voted on both
counting once). The chair and the secretary mark questions answered with the answer at the meeting.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import column, delete, func, select, table, update

from intranet.audit.services import record
from intranet.database import insert_once, rewrite_rows_in_random_order
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.notifications.services import notify
from intranet.people.models import Person
from intranet.permissions import can
from intranet.texts import Translated
from meetings.models import (
    Meeting,
    QuestionStatus,
    StaffQuestion,
    StaffQuestionAuthor,
    StaffQuestionVote,
)

#: the longest question a form takes
MAX_QUESTION = 1000

STATUS_LABELS = {
    QuestionStatus.OPEN: lazy_pgettext("staff question status", "Open"),
    QuestionStatus.HIDDEN: _l("Hidden by communications"),
    QuestionStatus.MERGED: _l("Merged with a similar question"),
    QuestionStatus.ANSWERED: _l("Answered"),
}


@dataclass(frozen=True)
class RankedQuestion:
    """A question with its number of votes and whether the reader voted for it."""

    question: StaffQuestion
    votes: int
    voted: bool


def subject_of(question: StaffQuestion) -> str:
    return f"question:{question.id}"


def questions_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.id}/questions"


def _require(actor: Person, action: str, target, message) -> None:
    if not can(actor, action, target):
        raise PermissionDenied(message)


def ask(actor: Person, meeting: Meeting, text: str, *, anonymous: bool) -> StaffQuestion:
    """Ask a question for the meeting; anonymous: no author row, no audit entry, nothing else. Committed.

    A named question is recorded in the audit log with its author; an anonymous one is not
    recorded at all (an entry's time could be matched with the asker's requests).

    :raises DomainError: an empty or too long text, or a meeting that no longer takes questions.
    """
    _require(actor, "meetings.ask", meeting, _l("Only staff ask questions to a general meeting."))
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_l("Write your question."), field="text")
    if len(text) > MAX_QUESTION:
        raise DomainError(_l("Keep the question under %(num)d characters.", num=MAX_QUESTION), field="text")
    if not meeting.is_scheduled:
        raise DomainError(_l("This meeting no longer takes questions."), field="text")
    question = StaffQuestion(meeting_id=meeting.id, text=text, asked_on=local_today())
    if not anonymous:
        question.author_link = StaffQuestionAuthor(person_id=actor.id)
    db.session.add(question)
    db.session.flush()
    if not anonymous:
        record(actor, "meetings.question_asked", meeting, question=question.id)
    db.session.commit()
    return question


def vote(actor: Person, question: StaffQuestion) -> bool:
    """Upvote an open question, once: True when this call added the vote (a double click adds nothing). Committed."""
    _require(actor, "meetings.ask", question, _l("Only staff vote on questions to a general meeting."))
    if question.status != QuestionStatus.OPEN:
        raise DomainError(_l("This question is no longer open."))
    added = insert_once(StaffQuestionVote, question_id=question.id, person_id=actor.id)
    db.session.commit()
    return added


def unvote(actor: Person, question: StaffQuestion) -> bool:
    """Take one's vote back from an open question; True when there was one. Committed."""
    _require(actor, "meetings.ask", question, _l("Only staff vote on questions to a general meeting."))
    if question.status != QuestionStatus.OPEN:
        raise DomainError(_l("This question is no longer open."))
    removed = db.session.execute(delete(StaffQuestionVote).where(
        StaffQuestionVote.question_id == question.id, StaffQuestionVote.person_id == actor.id)
        .returning(StaffQuestionVote.person_id)).first() is not None
    db.session.commit()
    return removed


def is_own(actor: Person, question: StaffQuestion, session_ids: Collection[str] = ()) -> bool:
    """The actor's named question, or an anonymous one asked in this browser session (its id in `session_ids`)."""
    if question.author_link is not None:
        return question.author_link.person_id == actor.id
    return question.id in session_ids


def withdraw(actor: Person, question: StaffQuestion, session_ids: Collection[str] = ()) -> None:
    """Delete one's own open question with its votes. Committed.

    A named question by its author; an anonymous one only when its id is among `session_ids`
    (the ids the asker's signed session cookie keeps): nothing on the server knows its author.
    """
    if not is_own(actor, question, session_ids):
        raise PermissionDenied(_l("Only the person who asked a question withdraws it."))
    if question.status != QuestionStatus.OPEN:
        raise DomainError(_l("This question is no longer open."))
    named = question.author_link is not None
    meeting = question.meeting
    db.session.execute(delete(StaffQuestionVote).where(StaffQuestionVote.question_id == question.id))
    db.session.delete(question)
    if named:
        record(actor, "meetings.question_withdrawn", meeting)
    db.session.commit()


def hide(actor: Person, question: StaffQuestion, reason: str) -> None:
    """Communications hides a question from staff with a reason; a named author is told it. Committed."""
    _require(actor, "meetings.moderate", question, _l("Only communications moderates questions."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the question is hidden."), field="reason")
    question.hide(reason)
    author = question.author
    if author is not None:
        notify(author, "meetings.questions",
               _l("Your question to %(series)s was hidden: %(reason)s",
                  series=Translated(question.meeting.series.titles), reason=reason),
               body=_l("Your question: %(text)s", text=question.text),
               url=questions_url(question.meeting), subject=subject_of(question))
    record(actor, "meetings.question_hidden", question.meeting, question=question.id)
    db.session.commit()


def merge(actor: Person, question: StaffQuestion, into: StaffQuestion | None) -> None:
    """Merge a duplicate into another open question of the meeting: its votes move over. Committed.

    A person who voted on both counts once (the vote key refuses a second row); the duplicate's
    named author is told where their question went.
    """
    _require(actor, "meetings.moderate", question, _l("Only communications moderates questions."))
    if into is None:
        raise DomainError(_l("Choose another open question of the same meeting."), field="into")
    question.merge_into(into)
    voters = db.session.scalars(select(StaffQuestionVote.person_id)
                                .where(StaffQuestionVote.question_id == question.id)).all()
    for person_id in voters:
        insert_once(StaffQuestionVote, question_id=into.id, person_id=person_id)
    db.session.execute(delete(StaffQuestionVote).where(StaffQuestionVote.question_id == question.id))
    author = question.author
    if author is not None:
        notify(author, "meetings.questions",
               _l("Your question to %(series)s was merged with a similar one: %(text)s",
                  series=Translated(question.meeting.series.titles), text=into.text),
               url=questions_url(question.meeting), subject=subject_of(question))
    record(actor, "meetings.question_merged", question.meeting, question=question.id, into=into.id)
    db.session.commit()


def answer(actor: Person, question: StaffQuestion, text: str) -> None:
    """The chair or the secretary marks the question answered, with the answer given. Committed.

    An answered question can be answered again (a correction replaces the text).
    """
    _require(actor, "meetings.answer", question, _l("Only the chair or the secretary answer questions."))
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_l("Write the answer given at the meeting."), field="answer")
    question.mark_answered(text)
    record(actor, "meetings.question_answered", question.meeting, question=question.id)
    db.session.commit()


def ranked(meeting: Meeting, reader: Person,
           statuses: tuple[str, ...] = (QuestionStatus.OPEN,)) -> list[RankedQuestion]:
    """The meeting's questions in `statuses`, most votes first (ties in the order of their random ids)."""
    counts = (select(StaffQuestionVote.question_id, func.count().label("votes"))
              .group_by(StaffQuestionVote.question_id).subquery())
    rows = db.session.execute(
        select(StaffQuestion, func.coalesce(counts.c.votes, 0))
        .outerjoin(counts, counts.c.question_id == StaffQuestion.id)
        .where(StaffQuestion.meeting_id == meeting.id, StaffQuestion.status.in_([str(s) for s in statuses]))
        .order_by(func.coalesce(counts.c.votes, 0).desc(), StaffQuestion.id)).all()
    mine = set(db.session.scalars(select(StaffQuestionVote.question_id).where(
        StaffQuestionVote.person_id == reader.id,
        StaffQuestionVote.question_id.in_([q.id for q, _ in rows]))))
    return [RankedQuestion(q, votes, q.id in mine) for q, votes in rows]


def answered_questions(meeting: Meeting) -> list[StaffQuestion]:
    """The staff questions answered at the meeting, most votes first: they belong in its minutes."""
    counts = (select(StaffQuestionVote.question_id, func.count().label("votes"))
              .group_by(StaffQuestionVote.question_id).subquery())
    return list(db.session.scalars(
        select(StaffQuestion).outerjoin(counts, counts.c.question_id == StaffQuestion.id)
        .where(StaffQuestion.meeting_id == meeting.id, StaffQuestion.status == QuestionStatus.ANSWERED)
        .order_by(func.coalesce(counts.c.votes, 0).desc(), StaffQuestion.id)))


def votes_for(question: StaffQuestion) -> int:
    return db.session.scalar(select(func.count()).select_from(StaffQuestionVote)
                             .where(StaffQuestionVote.question_id == question.id)) or 0


def moderated(meeting: Meeting) -> list[StaffQuestion]:
    """Hidden and merged questions, for communications."""
    return list(db.session.scalars(select(StaffQuestion).where(
        StaffQuestion.meeting_id == meeting.id,
        StaffQuestion.status.in_([QuestionStatus.HIDDEN, QuestionStatus.MERGED])).order_by(StaffQuestion.id)))


def own_questions(actor: Person, meeting: Meeting, session_ids: Collection[str] = ()) -> list[StaffQuestion]:
    """The actor's named questions and the anonymous ones asked in this browser session, any status."""
    named = select(StaffQuestionAuthor.question_id).where(StaffQuestionAuthor.person_id == actor.id)
    return list(db.session.scalars(select(StaffQuestion).where(
        StaffQuestion.meeting_id == meeting.id,
        StaffQuestion.id.in_(named) | StaffQuestion.id.in_(list(session_ids))).order_by(StaffQuestion.id)))


# --- storage order -------------------------------------------------------------------------------

#: copies of one meeting's rows, parent first: (the model, its copy, the statement that fills the copy)
_COPIES = (
    (StaffQuestion, "moved_questions",
     "CREATE TEMPORARY TABLE moved_questions AS SELECT * FROM meeting_questions WHERE meeting_id = :meeting"),
    (StaffQuestionAuthor, "moved_question_authors",
     "CREATE TEMPORARY TABLE moved_question_authors AS SELECT * FROM meeting_question_authors "
     "WHERE question_id IN (SELECT id FROM moved_questions)"),
    (StaffQuestionVote, "moved_question_votes",
     "CREATE TEMPORARY TABLE moved_question_votes AS SELECT * FROM meeting_question_votes "
     "WHERE question_id IN (SELECT id FROM moved_questions)"),
)


def rewrite_in_random_order(meeting: Meeting) -> int:
    """Write the meeting's questions, authors and votes again in a random physical order (same ids and values).

    On PostgreSQL a table's heap keeps rows about in the order they were inserted (`ctid`), each with
    the id of the transaction that wrote it (`xmin`): a database administrator could order a
    meeting's questions by asking, and match a question's transaction to a request. Run when the
    meeting stops taking questions (held or cancelled), in the caller's transaction: the rows get a
    random heap order and all the one transaction id of the close. On SQLite the tables are
    `WITHOUT ROWID` (stored by their random ids anyway); the rewrite runs there too, so one code path
    is tested on both. Not committed; the session's loaded questions are expired. Returns how many
    questions were rewritten.
    """
    ids = select(StaffQuestion.id).where(StaffQuestion.meeting_id == meeting.id).scalar_subquery()
    count = db.session.scalar(select(func.count()).select_from(StaffQuestion)
                              .where(StaffQuestion.meeting_id == meeting.id))
    if not count:
        return 0
    db.session.flush()

    def remove() -> None:
        db.session.execute(delete(StaffQuestionVote).where(StaffQuestionVote.question_id.in_(ids)))
        db.session.execute(delete(StaffQuestionAuthor).where(StaffQuestionAuthor.question_id.in_(ids)))
        db.session.execute(delete(StaffQuestion).where(StaffQuestion.meeting_id == meeting.id))

    def relink_merged() -> None:
        # a merged question may have pointed at one not back yet: its link comes back now
        moved = table("moved_questions", column("id"), column("merged_into_id"))
        db.session.execute(update(StaffQuestion).where(StaffQuestion.id.in_(
            select(moved.c.id).where(moved.c.merged_into_id.is_not(None)))).values(
            merged_into_id=select(moved.c.merged_into_id).where(moved.c.id == StaffQuestion.id).scalar_subquery())
            .execution_options(synchronize_session=False))

    rewrite_rows_in_random_order(_COPIES, {"meeting": meeting.id}, remove, blank={"merged_into_id"}, then=relink_merged)
    db.session.expire_all()
    return count
