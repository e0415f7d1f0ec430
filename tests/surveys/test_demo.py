"""The surveys demo: last year's survey closed with results, this year's open for the demo people."""

from __future__ import annotations

from flask_babel import refresh
from sqlalchemy import func

from intranet.demo import load_demo_organisation
from intranet.extensions import db
from surveys.demo import load_demo
from surveys.models import Answer, AudienceMember, Participation, Response, Survey, SurveyStatus
from surveys.permissions import may_answer
from tests.bench.surveys_data import page_forms
from tests.conftest import sign_in


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(db.select(func.count()).select_from(model))
            for model in (Survey, Response, Answer, Participation, AudienceMember)}


def load():
    people = load_demo_organisation()
    db.session.commit()
    load_demo(people)
    db.session.commit()
    return people


def surveys_by_status() -> dict[str, Survey]:
    return {survey.status: survey for survey in db.session.scalars(db.select(Survey).where(Survey.poll_slug.is_(None)))}


def test_loading_twice_changes_nothing(app):
    load()
    first = counts()
    load()
    assert counts() == first
    assert first["Survey"] == 4  # the staff survey of last year and this year; the citizens' polls likewise
    assert first["Response"] > 100  # enough for results above the thresholds


def test_last_years_survey_is_closed_with_anonymous_responses(app):
    load()
    closed = surveys_by_status()[SurveyStatus.CLOSED]
    assert closed.series == "staff-communication" and closed.closes_at.year == 2025
    responses = list(db.session.scalars(db.select(Response).filter_by(survey_id=closed.id)))
    assert responses and all(r.person_id is None for r in responses)
    assert len({r.group_id for r in responses}) > 10
    # every response answers the required scale items
    required = [q for q in closed.questions if q.required and not q.condition]
    answered = db.session.scalar(db.select(func.count(func.distinct(Answer.question_id)))
                                 .join(Response).where(Response.survey_id == closed.id))
    assert answered >= len(required)


def test_this_years_survey_is_open_and_answerable_by_the_demo_employee(app):
    people = load()
    survey = surveys_by_status()[SurveyStatus.OPEN]
    assert survey.copied_from_id == surveys_by_status()[SurveyStatus.CLOSED].id
    employee = people["zyrtare.arsimit"]  # the browser tests' employee (tests/e2e/browser.py)
    assert may_answer(employee, survey)
    answered = set(db.session.scalars(db.select(Participation.person_id).filter_by(survey_id=survey.id)))
    assert answered, "some demo colleagues have answered already"
    for login in ("zyrtare.arsimit", "personeli", "zip.zyrtare", "drejtori.arsimit", "kryetari", "ti.admin"):
        assert people[login].id not in answered, f"{login} must still be able to answer in the browser"
        assert may_answer(people[login], survey)
    # heads of units (directors) have not answered either
    assert not any(person.headed_units for person in people.values() if person.id in answered)


def test_the_demo_employee_opens_the_first_page(app, client):
    people = load()
    survey = surveys_by_status()[SurveyStatus.OPEN]
    employee = people["zyrtare.arsimit"]
    sign_in(client, employee)
    refresh()  # the requests share the test's app context: no locale chosen while loading may stick
    response = client.get(f"/surveys/{survey.id}/page/1")
    assert response.status_code == 200
    assert survey.sections[0].titles[employee.language] in response.get_data(as_text=True)


def test_the_demo_employee_answers_this_years_survey_to_the_end(app, client):
    people = load()
    survey = surveys_by_status()[SurveyStatus.OPEN]
    before = db.session.scalar(db.select(func.count()).select_from(Response).filter_by(survey_id=survey.id))
    sign_in(client, people["zyrtare.arsimit"])
    for number, form in enumerate(page_forms(survey), start=1):
        response = client.post(f"/surveys/{survey.id}/page/{number}", data=form)
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    thanks = client.post(f"/surveys/{survey.id}/review")
    assert thanks.status_code == 200 and f'<link rel="canonical" href="/surveys/{survey.id}/done">' in thanks.get_data(
        as_text=True)
    after = db.session.scalar(db.select(func.count()).select_from(Response).filter_by(survey_id=survey.id))
    assert after == before + 1
    assert db.session.scalar(db.select(Participation.person_id).filter_by(
        survey_id=survey.id, person_id=people["zyrtare.arsimit"].id)) is not None


def test_the_citizens_poll_on_public_projects_is_open_and_last_years_results_are_public(app):
    from surveys.demo_polls import LAST_SLUG, SLUG

    load()
    client = app.test_client()
    poll = client.get(f"/p/{SLUG}?lang=en").get_data(as_text=True)
    assert "Which of these projects do you support?" in poll and "Is there another project you would propose?" in poll
    results = client.get(f"/p/{LAST_SLUG}/results?lang=en")
    assert results.status_code == 200
    assert "180 responses." in results.get_data(as_text=True)
