"""Staff questions without HTTP: asking, one vote per person, withdrawing, moderation, answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.people.models import utcnow
from meetings.models import QuestionStatus, SeriesKind, StaffQuestion, StaffQuestionVote
from meetings.services import questions
from tests.race import at_once, postgresql_only


@pytest.fixture
def general(make_series, make_meeting):
    """A general staff meeting ten days ahead: all staff belong, the cabinet member chairs, HR keeps records."""
    series = make_series(kind=SeriesKind.GENERAL, members_all=True, member_unit_id=None,
                         titles={"en": "General staff meeting", "sq": "Mbledhja e përgjithshme"})
    return make_meeting(series, (utcnow() + timedelta(days=10)).date())


def _votes(question) -> int:
    return questions.votes_for(question)


def test_a_named_question_has_its_author_and_an_anonymous_one_none(people, general):
    named = questions.ask(people["employee"], general, "  Where do we park?\r\n ", anonymous=False)
    hidden = questions.ask(people["hr"], general, "Why are salaries late?", anonymous=True)
    assert named.text == "Where do we park?" and named.author == people["employee"]
    assert hidden.author is None and hidden.author_link is None
    assert len(named.id) == 32 and named.asked_on is not None


def test_an_empty_question_is_refused_at_its_field(people, general):
    with pytest.raises(DomainError) as refused:
        questions.ask(people["employee"], general, "   ", anonymous=True)
    assert refused.value.field == "text"


def test_only_general_meetings_take_questions(people, meeting):
    with pytest.raises(PermissionDenied):
        questions.ask(people["employee"], meeting, "Why?", anonymous=False)


def test_a_cancelled_meeting_takes_no_questions(people, general):
    from meetings.services.agenda import cancel_meeting

    cancel_meeting(people["hr"], general, "Holiday")
    with pytest.raises(DomainError):
        questions.ask(people["employee"], general, "Why?", anonymous=False)


def test_one_vote_per_person_and_a_double_click_is_harmless(people, general):
    question = questions.ask(people["employee"], general, "Parking?", anonymous=True)
    assert questions.vote(people["hr"], question) is True
    assert questions.vote(people["hr"], question) is False
    assert questions.vote(people["director"], question) is True
    assert _votes(question) == 2
    assert questions.unvote(people["hr"], question) is True
    assert questions.unvote(people["hr"], question) is False
    assert _votes(question) == 1


def test_the_chair_sees_questions_by_votes(people, general):
    few = questions.ask(people["employee"], general, "Few votes", anonymous=False)
    many = questions.ask(people["hr"], general, "Many votes", anonymous=True)
    none = questions.ask(people["director"], general, "No votes", anonymous=True)
    for voter in ("employee", "director", "admin"):
        questions.vote(people[voter], many)
    questions.vote(people["admin"], few)
    ranked = questions.ranked(general, people["admin"])
    assert [(r.question.id, r.votes, r.voted) for r in ranked] == [
        (many.id, 3, True), (few.id, 1, True), (none.id, 0, False)]
    assert [r.voted for r in questions.ranked(general, people["cabinet"])] == [False, False, False]


def test_withdrawing_a_named_question_by_its_author_only(people, general):
    question = questions.ask(people["employee"], general, "Mine", anonymous=False)
    questions.vote(people["hr"], question)
    with pytest.raises(PermissionDenied):
        questions.withdraw(people["hr"], question)
    questions.withdraw(people["employee"], question)
    assert db.session.scalar(select(StaffQuestion.id)) is None
    assert db.session.scalar(select(StaffQuestionVote.person_id)) is None


def test_an_anonymous_question_is_withdrawn_only_with_its_id_from_the_session(people, general):
    question = questions.ask(people["employee"], general, "Anonymous", anonymous=True)
    # the server knows no author: without the session's ids, not even the asker may withdraw it
    with pytest.raises(PermissionDenied):
        questions.withdraw(people["employee"], question, set())
    assert questions.own_questions(people["employee"], general) == []
    assert questions.own_questions(people["employee"], general, {question.id}) == [question]
    questions.withdraw(people["employee"], question, {question.id})
    assert db.session.get(StaffQuestion, question.id) is None


def test_hiding_tells_the_named_author_in_their_language(people, general):
    people["employee"].language = "sq"
    question = questions.ask(people["employee"], general, "Rude question", anonymous=False)
    with pytest.raises(PermissionDenied):
        questions.hide(people["employee"], question, "Not respectful")
    with pytest.raises(DomainError) as refused:
        questions.hide(people["communications"], question, " ")
    assert refused.value.field == "reason"
    questions.hide(people["communications"], question, "Not respectful")
    assert question.status == QuestionStatus.HIDDEN and question.hidden_reason == "Not respectful"
    [note] = db.session.scalars(select(Notification).where(Notification.person_id == people["employee"].id))
    assert note.subject == f"question:{question.id}" and note.url == f"/meetings/{general.id}/questions"
    assert note.message  # stored as a message with parameters, shown in the reader's language
    with force_locale("sq"):
        assert "Pyetja juaj për Mbledhja e përgjithshme u fsheh: Not respectful" == note.shown_title
    with force_locale("en"):
        assert note.shown_title == "Your question to General staff meeting was hidden: Not respectful"
    assert [r.question for r in questions.ranked(general, people["hr"])] == []
    assert questions.moderated(general) == [question]


def test_hiding_an_anonymous_question_tells_nobody(people, general):
    question = questions.ask(people["employee"], general, "Rude", anonymous=True)
    questions.hide(people["communications"], question, "Not respectful")
    assert db.session.scalar(select(Notification.id)) is None


def test_merging_adds_the_votes_without_counting_a_person_twice(people, general):
    kept = questions.ask(people["employee"], general, "When is the new building ready?", anonymous=True)
    duplicate = questions.ask(people["hr"], general, "New building: when?", anonymous=False)
    for voter in ("director", "admin"):
        questions.vote(people[voter], kept)
    for voter in ("admin", "cabinet", "communications"):
        questions.vote(people[voter], duplicate)
    questions.merge(people["communications"], duplicate, kept)
    assert duplicate.status == QuestionStatus.MERGED and duplicate.merged_into_id == kept.id
    assert _votes(kept) == 4  # director, admin (once), cabinet, communications
    assert _votes(duplicate) == 0
    [note] = db.session.scalars(select(Notification).where(Notification.person_id == people["hr"].id))
    assert note.subject == f"question:{duplicate.id}"
    with pytest.raises(DomainError):
        questions.vote(people["employee"], duplicate)


def test_merging_into_itself_or_a_closed_question_is_refused(people, general):
    one = questions.ask(people["employee"], general, "One", anonymous=True)
    other = questions.ask(people["hr"], general, "Other", anonymous=True)
    with pytest.raises(DomainError) as refused:
        questions.merge(people["communications"], one, one)
    assert refused.value.field == "into"
    questions.hide(people["communications"], other, "Off topic")
    with pytest.raises(DomainError):
        questions.merge(people["communications"], one, other)
    with pytest.raises(PermissionDenied):
        questions.merge(people["employee"], one, other)


def test_the_chair_answers_and_staff_read_the_answer(people, general):
    question = questions.ask(people["employee"], general, "Parking?", anonymous=True)
    with pytest.raises(PermissionDenied):
        questions.answer(people["employee"], question, "Yes")
    with pytest.raises(DomainError) as refused:
        questions.answer(people["cabinet"], question, "")
    assert refused.value.field == "answer"
    questions.answer(people["cabinet"], question, "A new car park opens in May.")
    answered = questions.ranked(general, people["employee"], (QuestionStatus.ANSWERED,))
    assert [(r.question.answer) for r in answered] == ["A new car park opens in May."]
    assert questions.ranked(general, people["employee"]) == []
    questions.answer(people["hr"], question, "A new car park opens in June.")  # the secretary corrects it
    assert question.answer == "A new car park opens in June."


def test_one_vote_per_person_under_concurrency(app, people, general):
    """Ten requests of one person at the same moment leave one vote (PostgreSQL: real concurrent transactions)."""
    postgresql_only(db)
    question = questions.ask(people["employee"], general, "Parking?", anonymous=True)
    question_id, person_id = question.id, people["hr"].id
    db.session.remove()

    def vote_once():
        from intranet.people.models import Person

        with force_locale("en"):
            return questions.vote(db.session.get(Person, person_id), db.session.get(StaffQuestion, question_id))

    outcomes = at_once([vote_once] * 10, app=app)
    assert all(not isinstance(o, BaseException) for o in outcomes), outcomes
    assert outcomes.count(True) == 1 and outcomes.count(False) == 9
    assert db.session.scalar(select(db.func.count()).select_from(StaffQuestionVote)) == 1


def test_answered_questions_go_into_the_meetings_minutes(people, general, client_as):
    from meetings.services import minutes

    popular = questions.ask(people["employee"], general, "When does the new parking open?", anonymous=True)
    quiet = questions.ask(people["hr"], general, "Is the canteen open in August?", anonymous=False)
    questions.vote(people["director"], popular)
    questions.answer(people["cabinet"], quiet, "Yes, with shorter hours.")
    questions.answer(people["cabinet"], popular, "In May.")
    questions.ask(people["director"], general, "Still open?", anonymous=False)
    draft = minutes.save_draft(people["hr"], general, minutes.MinutesTexts(notes="Present: all staff.", items={}))
    minutes.submit(people["hr"], draft)
    minutes.approve(people["cabinet"], draft)
    db.session.commit()
    page = client_as(people["employee"]).get(f"/meetings/{general.id}/minutes").get_data(as_text=True)
    section = page[page.index('id="staff-questions"'):]
    assert section.index("new parking") < section.index("canteen"), "most votes first"
    assert "In May." in section and "shorter hours" in section and "Still open?" not in section
