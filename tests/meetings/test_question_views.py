"""The questions page, its forms submitted as drawn (`PageForm`): ask, vote, withdraw, hide, merge, answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from intranet.extensions import db
from intranet.people.models import utcnow
from meetings.models import QuestionStatus, SeriesKind, StaffQuestion
from meetings.services import questions
from tests.conftest import PageForm


@pytest.fixture
def general(make_series, make_meeting):
    series = make_series(kind=SeriesKind.GENERAL, members_all=True, member_unit_id=None,
                         titles={"en": "General staff meeting", "sq": "Mbledhja e përgjithshme"})
    return make_meeting(series, (utcnow() + timedelta(days=10)).date())


def _page(client, meeting):
    response = client.get(f"/meetings/{meeting.id}/questions")
    assert response.status_code == 200
    return response


def test_asking_anonymously_and_withdrawing_in_the_same_session(client_as, people, general):
    member = client_as(people["employee"])
    page = _page(member, general)
    html = page.get_data(as_text=True)
    assert "not your name, not the time" in html  # what is stored, said next to the box
    form = PageForm(page.data, action=f"/meetings/{general.id}/questions/ask")
    assert form.options("anonymous") == ["y"]
    response = form.fill(text="Why is the heating off?").check("anonymous", "y").submit(member)
    assert response.status_code == 302
    question = db.session.scalar(select(StaffQuestion))
    assert question.author_link is None
    page = _page(member, general)
    assert "remembered by this browser" in page.get_data(as_text=True)
    withdraw = PageForm(page.data, action=f"/meetings/questions/{question.id}/withdraw")
    assert withdraw.submit(member).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(StaffQuestion)) is None


def test_another_session_of_the_asker_cannot_withdraw_an_anonymous_question(client_as, people, general):
    first = client_as(people["employee"])
    form = PageForm(_page(first, general).data, action=f"/meetings/{general.id}/questions/ask")
    form.fill(text="Anonymous").check("anonymous", "y").submit(first)
    question = db.session.scalar(select(StaffQuestion))
    later = client_as(people["employee"])  # signed in again: a new session cookie
    assert f"/meetings/questions/{question.id}/withdraw" not in _page(later, general).get_data(as_text=True)
    assert later.post(f"/meetings/questions/{question.id}/withdraw").status_code == 403
    assert db.session.get(StaffQuestion, question.id) is not None


def test_an_empty_question_comes_back_with_a_message_and_the_box_as_ticked(client_as, people, general):
    member = client_as(people["employee"])
    form = PageForm(_page(member, general).data, action=f"/meetings/{general.id}/questions/ask")
    response = form.fill(text="").check("anonymous", "y").submit(member)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Write your question." in html and "invalid-feedback" in html
    assert PageForm(html, action=f"/meetings/{general.id}/questions/ask").get("anonymous") == "y"


def test_voting_twice_counts_once_and_the_vote_can_be_taken_back(client_as, people, general):
    question = questions.ask(people["employee"], general, "Parking?", anonymous=True)
    voter = client_as(people["hr"])
    form = PageForm(_page(voter, general).data, action=f"/meetings/questions/{question.id}/vote")
    assert form.submit(voter).status_code == 302
    assert form.submit(voter).status_code == 302  # the double click
    assert questions.votes_for(question) == 1
    html = _page(voter, general).get_data(as_text=True)
    assert "1 vote" in html
    unvote = PageForm(html, action=f"/meetings/questions/{question.id}/unvote")
    assert unvote.submit(voter).status_code == 302
    assert questions.votes_for(question) == 0


def test_communications_hides_with_a_reason_and_staff_no_longer_see_it(client_as, people, general):
    question = questions.ask(people["employee"], general, "Rude words", anonymous=False)
    moderator = client_as(people["communications"])
    form = PageForm(_page(moderator, general).data, action=f"/meetings/questions/{question.id}/hide")
    response = form.submit(moderator)
    assert response.status_code == 422 and "Say why the question is hidden." in response.get_data(as_text=True)
    form = PageForm(_page(moderator, general).data, action=f"/meetings/questions/{question.id}/hide")
    assert form.fill(**{f"hide-{question.id}-reason": "Not respectful"}).submit(moderator).status_code == 302
    db.session.refresh(question)
    assert question.status == QuestionStatus.HIDDEN
    assert "Rude words" not in _page(client_as(people["hr"]), general).get_data(as_text=True)
    assert "Not respectful" in _page(moderator, general).get_data(as_text=True)  # listed as hidden
    # staff have no moderation controls
    assert f"/meetings/questions/{question.id}/hide" not in _page(client_as(people["hr"]), general).get_data(
        as_text=True)


def test_communications_merges_a_duplicate(client_as, people, general):
    kept = questions.ask(people["employee"], general, "New building?", anonymous=True)
    duplicate = questions.ask(people["hr"], general, "When is the new building ready?", anonymous=True)
    questions.vote(people["director"], duplicate)
    moderator = client_as(people["communications"])
    form = PageForm(_page(moderator, general).data, action=f"/meetings/questions/{duplicate.id}/merge")
    assert form.options(f"merge-{duplicate.id}-into") == ["", kept.id]
    assert form.fill(**{f"merge-{duplicate.id}-into": kept.id}).submit(moderator).status_code == 302
    db.session.expire_all()
    assert db.session.get(StaffQuestion, duplicate.id).status == QuestionStatus.MERGED
    assert questions.votes_for(kept) == 1


def test_the_chair_answers_and_staff_read_the_answer(client_as, people, general):
    question = questions.ask(people["employee"], general, "Parking?", anonymous=True)
    chair = client_as(people["cabinet"])
    form = PageForm(_page(chair, general).data, action=f"/meetings/questions/{question.id}/answer")
    response = form.submit(chair)
    assert response.status_code == 422 and "Write the answer given at the meeting." in response.get_data(as_text=True)
    form = PageForm(_page(chair, general).data, action=f"/meetings/questions/{question.id}/answer")
    form.fill(**{f"answer-{question.id}-answer": "A car park opens in May."})
    assert form.submit(chair).status_code == 302
    html = _page(client_as(people["employee"]), general).get_data(as_text=True)
    assert "A car park opens in May." in html
    assert f"/meetings/questions/{question.id}/answer" not in html


def test_a_meeting_that_takes_no_questions_has_no_questions_page(client_as, people, meeting):
    assert client_as(people["employee"]).get(f"/meetings/{meeting.id}/questions").status_code == 404
    assert "Staff questions" not in client_as(people["employee"]).get(f"/meetings/{meeting.id}").get_data(
        as_text=True)


def test_the_chair_is_shown_on_the_home_page_how_many_questions_wait(client_as, people, general):
    from meetings.services import questions

    chair = client_as(people["cabinet"])
    assert "staff question" not in chair.get("/").get_data(as_text=True), "nothing waits: no step"
    first = questions.ask(people["employee"], general, "Parking?", anonymous=True)
    questions.ask(people["hr"], general, "Heating?", anonymous=False)
    html = chair.get("/").get_data(as_text=True)
    assert "2 staff questions wait for" in html and f"/meetings/{general.id}/questions" in html
    assert "staff questions wait" not in client_as(people["employee"]).get("/").get_data(as_text=True), \
        "only the chair"
    questions.answer(people["cabinet"], first, "In May.")
    assert "1 staff question waits for" in chair.get("/").get_data(as_text=True), "answered ones no longer wait"
