"""The one-page format in the browser, in Albanian, on a desktop (1366 px) and a phone (375 px):
hr chooses it on the settings page; a respondent with JavaScript answers every question on one
page and submits it there (two requests: the page, then the submission, answered with the thank-you
page, whose address the page's script sets to /done); a respondent without
JavaScript leaves a required question empty, gets the message beside it with everything typed
kept, answers it and submits. axe-core checks every page on the way (with JavaScript: it is a script).
"""

from __future__ import annotations

import os

import pytest

from intranet.extensions import db
from intranet.people.models import Person, Unit
from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page, html_lang, sign_in
from tests.surveys.conftest import build_survey

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RESPONDENTS = 6
SHOTS = os.environ.get("URA_SHOTS")  # a folder to save screenshots in, when set


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def one_page_survey(live_server, width: int) -> tuple[int, list[str]]:
    """A draft survey (one question of every kind) for a fresh unit of six; returns its id and the people."""
    code = f"E2EOP{width}"
    with live_server.app.app_context():
        unit = Unit(code=code, kind="office", sort_order=950, names={"sq": code, "sr": code, "en": code})
        other = Unit(code=f"{code}X", kind="office", sort_order=951,
                     names={"sq": "Tjetra", "sr": "Druga", "en": "Other"})
        db.session.add_all([unit, other])
        db.session.flush()
        names = [f"Përgjigjësi {width}-{n}" for n in range(1, RESPONDENTS + 1)]
        db.session.add_all([Person(email=f"op{width}.{n}@survey.e2e", name=name, unit_id=unit.id, position="Zyrtar",
                                   language="sq") for n, name in enumerate(names, 1)])
        db.session.commit()
        survey = build_survey({"own": unit, "other": other}, audience_all=False, audience_unit_ids=[unit.id],
                              series=f"one-page-{width}")
        return survey.id, names


def open_it(live_server, survey_id: int) -> None:
    from surveys.models import Survey
    from surveys.services.opening import open_survey

    with live_server.app.app_context():
        hr = db.session.scalar(db.select(Person).filter_by(name=ROLE_PEOPLE["hr"]))
        open_survey(hr, db.session.get(Survey, survey_id))


def answer_everything(page, *, skip: str = "") -> None:
    """The second choice of every question (radios and boxes), a short text in every text field."""
    # attributes, not page.evaluate: the page may run without JavaScript
    choices = page.locator("main form input[type=radio], main form input[type=checkbox]").all()
    names = dict.fromkeys(choice.get_attribute("name") for choice in choices)
    for name in names:
        if name == skip:
            continue
        choices = page.locator(f"main form input[name='{name}']")
        choices.nth(min(1, choices.count() - 1)).check()
    for field in page.locator("main form input[type=text], main form textarea").all():
        field.fill("Mbledhjet javore ndihmojnë.")


def go(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("width, height", [(1366, 900), (375, 812)])
def test_one_page_with_and_without_javascript(browser, live_server, width, height):
    survey_id, names = one_page_survey(live_server, width)
    base = f"/surveys/{survey_id}"
    contexts = []

    def new_page(javascript: bool):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                                      locale="sq-AL", timezone_id="Europe/Belgrade", java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page)
        return page

    try:
        # --- hr chooses the one-page format ---------------------------------------------
        page = new_page(True)
        sign_in(page, ROLE_PEOPLE["hr"], f"{base}/settings")
        assert html_lang(page) == "sq"
        assert check_page(page) == []
        page.check("main form input[name='page_format'][value='one_page']")
        go(page, "main form button[type='submit']")
        assert page.url.endswith(f"{base}/edit") or "/settings" not in page.url, page.url
        open_it(live_server, survey_id)

        # --- with JavaScript: every question on one page, submitted there -----------------
        page = new_page(True)
        sign_in(page, names[0], f"{base}/page/1")
        documents = []
        page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
        assert page.locator("main progress").count() == 0
        assert page.locator("main form section h2").count() == 2  # both sections, one page
        assert check_page(page) == []
        answer_everything(page)
        go(page, "main form button[name='action'][value='submit']")
        # the submission answers with the thank-you page, whose script puts its own address in the bar
        assert page.url.endswith(f"{base}/done"), (page.url, page.locator("main").inner_text()[:500])
        assert check_page(page) == []
        assert len(documents) == 1, documents  # after the one page, only the submission
        shot(page, f"one-page-thank-you-{page.viewport_size['width']}")
        page.reload()  # reads /done again: no second submission is offered
        assert page.url.endswith(f"{base}/done") and page.locator("main h1").count() == 1

        # --- without JavaScript: a required answer missing, then given ---------------------
        page = new_page(False)
        sign_in(page, names[1], f"{base}/page/1")
        required = page.locator("main form input[type=radio]").first.get_attribute("name")
        answer_everything(page, skip=required)
        go(page, "main form button[name='action'][value='submit']")
        assert page.url.endswith(f"{base}/page/1")
        assert page.locator("#error-summary").count() == 1
        assert page.locator(".invalid-feedback, [id$='-error']").count() >= 1
        assert page.locator("main form textarea").first.input_value() == "Mbledhjet javore ndihmojnë."
        # (no axe here: it runs as a script; the same pages were checked with JavaScript above)
        page.locator(f"main form input[name='{required}']").nth(3).check()
        go(page, "main form button[name='action'][value='submit']")
        # without the script the address stays the form's; the page is the thank-you page all the same
        assert page.url.endswith(f"{base}/page/1"), page.url
        assert page.locator("link[rel=canonical]").get_attribute("href") == f"{base}/done"
        assert page.locator("main .alert-success").count() == 1
        shot(page, f"one-page-thank-you-no-script-{page.viewport_size['width']}")
    finally:
        for context in contexts:
            context.close()
