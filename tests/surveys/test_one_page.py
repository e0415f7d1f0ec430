"""The one-page format (issue 13): hr chooses it in the settings; every question on one page,
checked and submitted there, so a whole response takes three requests (page, submit, thank-you).
Without JavaScript, as the test client is; the browser story is tests/e2e/test_surveys_one_page.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intranet.extensions import db
from surveys.models import Answer, Draft, PageFormat, Participation, Response
from surveys.services.opening import open_survey as open_it
from tests.forms import PageForm
from tests.surveys.test_statement_budget import SUBMISSION_BUDGET, alone, counted, within


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def one_page_survey(make_survey, people):
    return open_it(people["hr"], make_survey(page_format=PageFormat.ONE_PAGE))


def answered(form: PageForm, *, skip: str = "") -> PageForm:
    """Every question of the form answered (the second choice offered, or a short text), but `skip`."""
    for name in sorted(form.names()):
        if not name.startswith("q-") or name == skip:
            continue
        offered = form.options(name)
        if offered:
            form.check(name, offered[min(1, len(offered) - 1)])
        else:
            form.fill(**{name: "A comment"})
    return form


def test_hr_chooses_the_one_page_format_in_the_settings(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    url = f"/surveys/{survey.id}/settings"
    form = PageForm(page(client.get(url)), action=url)
    assert form.get("page_format") == PageFormat.SECTIONS and set(form.options("page_format")) == set(PageFormat)
    assert form.check("page_format", "one_page").submit(client).status_code == 302
    db.session.refresh(survey)
    assert survey.one_page
    assert PageForm(page(client.get(url)), action=url).get("page_format") == "one_page"


def test_every_question_on_one_page_submitted_in_two_requests(one_page_survey, people, client_as):
    client = client_as(people["employee"])
    base = f"/surveys/{one_page_survey.id}"
    html = page(alone(client.get, f"{base}/page/1"))
    assert "About information" in html and "Meetings and units" in html  # both sections, as headings
    assert "<progress" not in html and "Review my answers" not in html
    assert "Answer only if your answer to question 6 is: Yes" in html  # a condition on the page, without JavaScript
    form = answered(PageForm(html, action=f"{base}/page/1"))
    with counted() as statements:
        response = alone(form.submit, client, button="action")
    # the submission answers with the thank-you page, which names /done as its address
    thanks = page(response)
    assert "Thank you" in thanks and f'<link rel="canonical" href="{base}/done">' in thanks
    within(statements, SUBMISSION_BUDGET, "one-page submission")
    assert "Thank you" in page(alone(client.get, f"{base}/done"))  # and reading it again shows it
    assert db.session.scalar(select(func.count()).select_from(Participation)) == 1
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.count()).select_from(Answer)) > 10
    assert db.session.scalar(select(Draft.id)) is None  # none was written


def test_a_missing_answer_comes_back_with_its_message_and_nothing_typed_is_lost(one_page_survey, people,
                                                                              client_as):
    client = client_as(people["employee"])
    base = f"/surveys/{one_page_survey.id}"
    informed = next(q for q in one_page_survey.questions if q.key == "informed")
    form = answered(PageForm(page(client.get(f"{base}/page/1")), action=f"{base}/page/1"), skip=f"q-{informed.id}")
    response = form.submit(client, button="action")
    assert response.status_code == 400
    html = page(response)
    assert "Please answer this question." in html and f'id="q{informed.id}-error"' in html
    assert "A comment" in html  # typed text kept
    assert db.session.scalar(select(func.count()).select_from(Participation)) == 0
    assert db.session.scalar(select(Draft.page)) == 1  # kept in the draft too
    retry = PageForm(html, action=f"{base}/page/1").check(f"q-{informed.id}", "4")
    assert "Thank you" in page(retry.submit(client, button="action"))
    assert db.session.scalar(select(func.count()).select_from(Participation)) == 1
    assert db.session.scalar(select(Draft.id)) is None  # the draft went with the submission


def test_save_and_stop_keeps_the_answers_for_later(one_page_survey, people, client_as):
    client = client_as(people["employee"])
    base = f"/surveys/{one_page_survey.id}"
    form = answered(PageForm(page(client.get(f"{base}/page/1")), action=f"{base}/page/1"))
    response = form.submit(client, button="action", value="stop")
    assert response.status_code == 302 and response.headers["Location"].endswith("/surveys/")
    assert db.session.scalar(select(func.count()).select_from(Participation)) == 0
    assert "A comment" in page(client.get(f"{base}/page/1"))
