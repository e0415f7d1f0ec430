"""hr builds the annual survey from the template and opens it for three units; one person of
the first unit and one of the second answer in the browser, the others (five more of the
first unit, one of the second, three of a third) through the service, as the complement
(answering in the browser, one section after another, takes a minute a person); while it is
open hr sees only response rates; once hr closes it, the first unit's results and the second
unit withheld. axe-core checks the builder, answering and results pages on the way.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.support import Translations
from werkzeug.datastructures import MultiDict

from intranet.extensions import db
from intranet.people.models import Person, Unit
from surveys.services.template import load_template
from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

SHOTS = os.environ.get("URA_SHOTS")  # a folder to save screenshots in, when set

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: fresh units, so the demo organisation's people and surveys do not interfere: code -> (name, people)
UNITS = {"E2ESA": ("Survey test unit A", 6), "E2ESB": ("Survey test unit B", 2), "E2ESC": ("Survey test unit C", 3)}
#: a question of the template, in any language (hr reads Albanian)
DAILY_TASKS = re.compile("|".join(re.escape(text) for text in next(
    q["texts"] for section in load_template()["sections"] for q in section["questions"]
    if q["key"] == "td-job-information").values()))
#: how a withheld figure is marked, in any language (surveys/results/_macros.html)
WITHHELD = ".badge"


def respondent_name(code: str, n: int) -> str:
    return f"Respondent {code[-1]}{n}"


@pytest.fixture(scope="module")
def survey_units(live_server):
    """The three units and their people in the live server's database: code -> (unit id, [person ids])."""
    made = {}
    with live_server.app.app_context():
        for order, (code, (name, size)) in enumerate(UNITS.items()):
            unit = db.session.scalar(db.select(Unit).filter_by(code=code))
            if unit is None:
                unit = Unit(code=code, kind="office", sort_order=900 + order,
                            names={"sq": name, "sr": name, "en": name})
                db.session.add(unit)
                db.session.flush()
            ids = []
            for n in range(1, size + 1):
                email = f"{code.lower()}.{n}@survey.e2e"
                person = db.session.scalar(db.select(Person).filter_by(email=email))
                if person is None:
                    person = Person(email=email, name=respondent_name(code, n), unit_id=unit.id,
                                    position="Officer", language="en")
                    db.session.add(person)
                    db.session.flush()
                ids.append(person.id)
            made[code] = (unit.id, ids)
        db.session.commit()
    return made


def click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def answer_every_question(page, comment: str = "") -> None:
    """Agree ("4") everywhere, "no" to yes/no, the first option of a choice, years of service unsaid."""
    names = page.evaluate(
        "() => [...new Set([...document.querySelectorAll('main form input[type=radio]')].map(e => e.name))]")
    for name in names:
        radios = page.locator(f"main form input[type=radio][name='{name}']")
        values = radios.evaluate_all("elements => elements.map(e => e.value)")
        value = "4" if "4" in values else "no" if "no" in values else "" if name == "@tenure" else values[0]
        page.check(f"main form input[type=radio][name='{name}'][value='{value}']")
    if comment and page.locator("main form textarea").count():
        page.locator("main form textarea").first.fill(comment)


def answer_in_the_browser(page, context, survey_id: int, name: str, check: bool) -> None:
    context.clear_cookies()
    sign_in(page, name, f"/surveys/{survey_id}/")
    if check:  # the start page says what is stored and who sees what
        assert check_page(page) == []
    page.goto(f"/surveys/{survey_id}/page/1")
    while "/page/" in page.url:
        if check:
            assert check_page(page) == [], page.url
        answer_every_question(page, comment="The weekly sector meetings help.")
        click(page, "main form button[name='action'][value='next']")
    assert page.url.endswith(f"/surveys/{survey_id}/review"), page.url
    if check:
        assert check_page(page) == []
    click(page, "main form[action$='/review'] button[type='submit']")
    assert page.url.endswith(f"/surveys/{survey_id}/done"), page.url
    if check:
        assert check_page(page) == []
        if SHOTS:  # the thank-you page that answered the submission, on a desktop and on a phone
            size = page.viewport_size
            for width in (1366, 375):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=os.path.join(SHOTS, f"sections-thank-you-{width}.png"), full_page=True)
            page.set_viewport_size(size)


def answer_through_the_service(live_server, survey_id: int, person_ids: list[int]) -> None:
    """People answer without a browser (they only make the complement)."""
    from surveys.models import Survey
    from surveys.services import answering
    from tests.bench.surveys_data import page_forms

    with live_server.app.app_context():
        survey = db.session.get(Survey, survey_id)
        for person_id in person_ids:
            person = db.session.get(Person, person_id)
            for survey_page, form in zip(answering.pages(survey), page_forms(survey), strict=True):
                answering.save_draft(person, survey, survey_page.number,
                                     answering.read_form(survey_page, MultiDict(form)))
            answering.submit(person, survey)


#: the caption of the table of response rates, in any language
CATALOGS = Path(__file__).parents[2] / "translations"
RATES_CAPTION = re.compile("|".join(
    re.escape(Translations.load(CATALOGS, [language]).gettext("Responses and response rate by group"))
    for language in ("sq", "sr_Latn_XK", "en")))


def open_sections(page) -> None:
    """Open the results page's folded sections, as a reader clicks them."""
    for summary in page.locator("main details > summary").all():  # all folded when the page opens
        summary.click()


def rates_row(page, name: str):
    caption = page.locator("caption", has_text=RATES_CAPTION)
    table = page.locator("table", has=caption)
    return table.locator("tbody tr", has=page.locator("th", has_text=name))


def test_hr_builds_opens_and_reads_a_survey_answered_in_the_browser(page, context, live_server, survey_units):
    # hr starts from the built-in template
    sign_in(page, ROLE_PEOPLE["hr"], "/surveys/manage")
    assert check_page(page) == []
    page.check("input[name='start'][value='template']")
    click(page, "main form[action$='/manage/new'] button[type='submit']")
    assert page.url.endswith("/edit"), page.url
    survey_id = int(page.url.rstrip("/").split("/")[-2])
    assert page.locator("h1").inner_text().strip()
    assert check_page(page) == []

    # the window (local time) and the audience: the three test units
    page.goto(f"/surveys/{survey_id}/settings")
    assert check_page(page) == []
    local = datetime.now(ZoneInfo("Europe/Belgrade")).replace(second=0, microsecond=0, tzinfo=None)
    page.fill("#opens_at", (local - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#closes_at", (local + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name='audience'][value='units']")
    for unit_id, _people in survey_units.values():
        page.check(f"#unit-{unit_id}")
    click(page, "main form[method='post'] button[type='submit']")
    assert "/settings" not in page.url, "the settings were saved"

    # the feasibility preview lists the three units before opening
    page.goto(f"/surveys/{survey_id}/feasibility")
    assert check_page(page) == []
    for name, _size in UNITS.values():
        assert page.locator("main", has_text=name).count() == 1

    page.goto(f"/surveys/{survey_id}/edit")
    click(page, "main form[action$='/open'] button[type='submit']")
    page.goto(f"/surveys/{survey_id}/edit")
    assert page.locator("main form[action$='/close']").count() == 1, "the survey is open"
    assert check_page(page) == []

    # the first person of A and of B answer in the browser; the rest of A, B and C through the service
    answer_in_the_browser(page, context, survey_id, respondent_name("E2ESA", 1), check=True)
    answer_in_the_browser(page, context, survey_id, respondent_name("E2ESB", 1), check=False)
    answer_through_the_service(live_server, survey_id, [
        *survey_units["E2ESA"][1][1:], *survey_units["E2ESB"][1][1:], *survey_units["E2ESC"][1]])

    # while it is open, hr sees the response rates and no figure, on every results route
    context.clear_cookies()
    sign_in(page, ROLE_PEOPLE["hr"], f"/surveys/{survey_id}/results")
    assert check_page(page) == []
    for path in ("results", "results/heatmap", "results/comments", "results.xlsx"):
        page.goto(f"/surveys/{survey_id}/{path}")
        assert page.locator("#response-rates").count() == 1, path
        assert page.locator("main tr", has=page.locator("th", has_text=DAILY_TASKS)).count() == 0, path
    row_a, row_b = rates_row(page, UNITS["E2ESA"][0]), rates_row(page, UNITS["E2ESB"][0])
    assert row_a.locator("td").nth(1).inner_text().strip() == "6" and row_b.locator(WITHHELD).count() == 2
    page.set_viewport_size({"width": 375, "height": 800})  # a phone: the table scrolls by keyboard too
    assert check_page(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})

    # hr closes the survey, and reads the results: unit A shown (six responses), unit B withheld (two)
    page.goto(f"/surveys/{survey_id}/edit")
    click(page, "main form[action$='/close'] button[type='submit']")
    page.goto(f"/surveys/{survey_id}/results")
    assert page.locator("#response-rates").count() == 0, "the survey is closed: its results"
    assert check_page(page) == []
    open_sections(page)
    row_a, row_b = rates_row(page, UNITS["E2ESA"][0]), rates_row(page, UNITS["E2ESB"][0])
    assert row_a.count() == 1 and row_b.count() == 1
    assert row_a.locator(WITHHELD).count() == 0 and row_a.locator("td").nth(1).inner_text().strip() == "6"
    assert row_b.locator(WITHHELD).count() == 2, "unit B's responses and response rate are withheld"

    with live_server.app.app_context():
        from surveys.models import ReportingGroup

        groups = {g.key: g.id for g in db.session.scalars(db.select(ReportingGroup).filter_by(survey_id=survey_id))}
    page.goto(f"/surveys/{survey_id}/results?group={groups['E2ESA']}")
    open_sections(page)
    daily = page.locator("main table:not(.ura-chart-data) tr", has=page.locator("th", has_text=DAILY_TASKS))
    assert daily.count() == 1 and daily.locator(WITHHELD).count() == 0, "unit A's figures are shown"
    assert daily.locator("td").first.inner_text().strip() == "6"
    assert check_page(page) == []
    page.goto(f"/surveys/{survey_id}/results?group={groups['E2ESB']}")
    daily = page.locator("main table:not(.ura-chart-data) tr", has=page.locator("th", has_text=DAILY_TASKS))
    assert daily.count() == 0 or daily.first.locator(WITHHELD).count() == 1, "unit B's figures are withheld"

    page.goto(f"/surveys/{survey_id}/results/heatmap")
    assert check_page(page) == []
