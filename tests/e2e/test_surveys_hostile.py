"""Hostile text in every survey text and every answer field does not run in the browser.

hr's texts (title, introduction, sections, questions, help, options, grid items, group
names) and the answers typed by respondents all carry script, event handlers and
`javascript:` URLs. A respondent answers in the browser, hr reads the results: on no page
does any of it become an element, a handler or a link, nothing asks the browser to run
it (no CSP report, no dialog), and axe stays clean.
"""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from intranet.extensions import db
from intranet.people.models import Person, Unit
from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PAYLOAD = ("<script>alert(1)</script><img src=x onerror=alert(2)>"
           "\"'><svg onload=alert(3)><a href=javascript:alert(4)>x</a>")
#: anything of the payload that became markup
INJECTED = ("script:not([src]), img[src='x'], [onerror], [onload], svg[onload], "
            "a[href^='javascript' i], [href^='javascript' i]")
CODE, PEOPLE = "E2EHX", 6


@pytest.fixture(scope="module")
def hostile_survey(live_server):
    """An open survey for a unit of six, poisoned, answered by five of them with the payload
    in every text answer; the sixth answers in the browser. Thresholds at their floor (3),
    so the comments show."""
    from surveys.services import answering
    from tests.surveys.test_answering import build_survey, name, page1, page2
    from tests.surveys.test_answering_hostile import poison

    with live_server.app.app_context():
        unit = Unit(code=CODE, kind="office", sort_order=990, names={"sq": "Hostile", "sr": "Hostile", "en": "Hostile"})
        db.session.add(unit)
        db.session.flush()
        people = [Person(email=f"hostile.{n}@survey.e2e", name=f"Hostile Respondent {n}", unit_id=unit.id,
                         position="Officer", language="en") for n in range(1, PEOPLE + 1)]
        db.session.add_all(people)
        db.session.commit()
        survey = build_survey(people, score_threshold=3, comment_threshold=3)
        poison(survey, PAYLOAD)
        texts = {name(survey, key): PAYLOAD for key in ("why_teams", "works", "improve")}
        for person in people[1:]:
            forms = [page1(survey), page2(survey, **texts)]
            for survey_page, form in zip(answering.pages(survey), forms, strict=True):
                answering.save_draft(person, survey, survey_page.number,
                                     answering.read_form(survey_page, MultiDict(form)))
            answering.submit(person, survey)
        return survey.id, people[0].name


def assert_harmless(page) -> None:
    assert page.locator(INJECTED).count() == 0, f"the payload became markup on {page.url}"
    assert check_page(page) == [], page.url


def test_hostile_texts_and_answers_do_not_run_in_the_browser(page, context, hostile_survey):
    survey_id, respondent = hostile_survey
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The respondent reads the poisoned texts and types the payload into every text answer.
    sign_in(page, respondent, f"/surveys/{survey_id}/")
    assert_harmless(page)
    page.goto(f"/surveys/{survey_id}/page/1")
    while "/page/" in page.url:
        assert_harmless(page)
        for name in page.evaluate(
                "() => [...new Set([...document.querySelectorAll('main form input[type=radio]')].map(e => e.name))]"):
            page.locator(f"main form input[type=radio][name='{name}']").first.check()
        for field in page.locator("main form textarea, main form input[type=text]").all():
            field.fill(PAYLOAD)
        with page.expect_navigation():
            page.locator("main form button[name='action'][value='next']").click()
    assert page.url.endswith("/review"), page.url
    assert PAYLOAD in page.locator("main").inner_text(), "the review shows the answers as text"
    assert_harmless(page)
    with page.expect_navigation():
        page.locator("main form[action$='/review'] button[type='submit']").click()
    assert page.url.endswith("/done"), page.url
    assert_harmless(page)

    # hr closes the survey (no result exists before), then reads every results page, the comments included.
    context.clear_cookies()
    sign_in(page, ROLE_PEOPLE["hr"], f"/surveys/{survey_id}/results")
    assert_harmless(page)
    page.goto(f"/surveys/{survey_id}/edit")
    with page.expect_navigation():
        page.locator("main form[action$='/close'] button[type='submit']").click()
    for path in ("results", "results/heatmap", "results/trend", "results/comments", "results/print", "edit"):
        page.goto(f"/surveys/{survey_id}/{path}")
        assert_harmless(page)
    page.goto(f"/surveys/{survey_id}/results/comments")
    assert PAYLOAD in page.locator("main").inner_text(), "the comments show the payload as text"
    assert dialogs == []
