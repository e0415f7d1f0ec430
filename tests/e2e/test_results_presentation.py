"""Results read at a glance and answering on a phone, in a real browser, in Albanian.

hr reads a closed survey (with last year's to compare) on the results page and its print view
at 1366 px and at 375 px: the summary comes first, axe-core finds nothing (with every folded
section opened too), and nothing scrolls sideways on the phone. A respondent answers a grid
page at 375 px (each statement its own stacked group of options) and is warned before leaving
a page with answers not yet saved. Screenshots go to /tmp/shots-results/.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from intranet.extensions import db
from intranet.people.models import Person, Unit, utcnow
from tests.e2e.browser import ROLE_PEOPLE, check_page, html_lang, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SHOTS = Path("/tmp/shots-results")
CODE, PEOPLE = "E2ERP", 3
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def closed_surveys(live_server):
    """Last year's and this year's closed survey of one series (tests/surveys/test_results.py's dataset)."""
    from tests.surveys.test_results import DATA, build_survey

    earlier_data = {**DATA, "A": (8, [5] * 8, [10] * 8, [5] * 8)}
    with live_server.app.app_context():
        units = {"own": db.session.get(Unit, live_server.units["DASH"]),
                 "other": db.session.get(Unit, live_server.units["DEZH"])}

        def make_unit(code, name):
            unit = Unit(code=code, kind="office", sort_order=995, names={"sq": name, "sr": name, "en": name})
            db.session.add(unit)
            db.session.commit()
            return unit

        build_survey(None, units, make_unit, series="e2e-results", frozen_at=utcnow() - timedelta(days=400),
                     data=earlier_data)
        current = build_survey(None, units, make_unit, series="e2e-results")
        return current.id


@pytest.fixture(scope="module")
def open_survey(live_server):
    """An open survey (tests/surveys/test_answering.py's: page 2 holds a grid and a unit matrix) for a
    unit of three who read Albanian; the third has answered page 1 and stopped."""
    from surveys.services import answering
    from tests.surveys.test_answering import build_survey, page1

    with live_server.app.app_context():
        unit = Unit(code=CODE, kind="office", sort_order=996, names={"sq": "Njësia e provës", "sr": "Test",
                                                                       "en": "Test unit"})
        db.session.add(unit)
        db.session.flush()
        people = [Person(email=f"phone.{n}@survey.e2e", name=f"Phone Respondent {n}", unit_id=unit.id,
                         position="Zyrtar", language="sq") for n in range(1, PEOPLE + 1)]
        db.session.add_all(people)
        db.session.commit()
        survey = build_survey(people)
        first = answering.pages(survey)[0]
        answering.save_draft(people[2], survey, 2, answering.read_form(first, MultiDict(page1(survey))))
        return survey.id, [p.name for p in people]


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def sideways(page) -> list[str]:
    """What reaches past the right edge of a 375 px screen (empty when nothing does)."""
    width = scroll_width(page)
    if width <= 375:
        return []
    return [f"scrollWidth {width}", *page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 376 && !e.closest('.table-responsive, .ura-chart-scroll'))
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")]


def open_every_section(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.wait_for_timeout(300)  # the charts inside redraw at their new width


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "375"])
def test_hr_reads_a_closed_surveys_results_and_print_view(page, closed_surveys, viewport):
    survey_id = closed_surveys
    page.set_viewport_size(viewport)
    sign_in(page, ROLE_PEOPLE["hr"], f"/surveys/{survey_id}/results")
    assert html_lang(page) == "sq"
    page.wait_for_selector(".ura-chart-canvas .main-svg", state="attached")
    # the summary before anything folded; the detail sections closed, opened by keyboard
    summary = page.locator("#summary-heading")
    assert summary.is_visible() and "Përmbledhja" in summary.inner_text()
    assert page.locator("details[open]").count() == 0
    assert page.locator(".ura-summary .ura-change-down").count() >= 1  # top-down fell since last year
    assert check_page(page) == []
    if viewport is PHONE:
        assert sideways(page) == []
    shot(page, f"results-{viewport['width']}")
    first = page.locator("details > summary").first
    first.focus()
    page.keyboard.press("Enter")
    assert page.locator("details").first.evaluate("d => d.open")
    open_every_section(page)
    assert check_page(page) == []
    if viewport is PHONE:
        assert sideways(page) == []
    shot(page, f"results-open-{viewport['width']}")
    page.locator(".ura-chart").first.screenshot(path=str(SHOTS / f"answers-chart-{viewport['width']}.png"))

    page.goto(f"/surveys/{survey_id}/results/print")
    page.wait_for_selector(".ura-chart-canvas .main-svg", state="attached")
    assert page.locator(".ura-chart-canvas .main-svg").count() >= 3  # the charts are in the print view
    assert check_page(page) == []
    if viewport is PHONE:
        assert sideways(page) == []
    shot(page, f"print-{viewport['width']}")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)
    assert page.locator(".no-print").first.is_hidden()
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('.ura-chart-canvas')]"
                           ".map(c => c.getBoundingClientRect().right))")
    assert widest <= viewport["width"]
    shot(page, f"print-media-{viewport['width']}")
    page.emulate_media(media="screen")


def test_heatmaps_and_year_over_year_at_375(page, closed_surveys):
    survey_id = closed_surveys
    page.set_viewport_size(PHONE)
    sign_in(page, ROLE_PEOPLE["hr"], f"/surveys/{survey_id}/results/heatmap")
    page.wait_for_selector(".ura-chart-canvas .main-svg", state="attached")
    assert check_page(page) == [] and sideways(page) == []
    # the unit matrix's numbers keep body size: its figure scrolls in its own box
    sizes = page.evaluate("[...document.querySelectorAll('.ura-chart-scroll g.heatmap-label text')]"
                          ".map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert sizes and min(sizes) >= 14
    shot(page, "heatmap-375")
    page.goto(f"/surveys/{survey_id}/results/trend")
    assert check_page(page) == [] and sideways(page) == []
    assert page.locator("td .ura-change-down", has_text="-12").count() >= 1
    shot(page, "trend-375")


def test_a_grid_page_answered_on_a_phone_stacks_each_statement(page, open_survey):
    survey_id, names = open_survey
    page.set_viewport_size(PHONE)
    sign_in(page, names[0], f"/surveys/{survey_id}/page/1")
    for name in page.evaluate("[...new Set([...document.querySelectorAll('main form input[type=radio]')]"
                              ".map(e => e.name))]"):
        page.locator(f"main form input[type=radio][name='{name}']").first.check()
    with page.expect_navigation():
        page.locator("button[name='action'][value='next']").click()
    assert page.url.endswith("/page/2")
    shot(page, "grid-375")
    assert check_page(page) == []
    assert sideways(page) == []
    rows = page.locator("fieldset.survey-grid-row")
    assert rows.count() >= 4  # two statements of the grid, two rated units
    first = rows.first
    assert first.locator("legend").inner_text()  # each statement names its own group
    options = first.locator(".survey-grid-option")
    boxes = [options.nth(i).bounding_box() for i in range(options.count())]
    assert all(b["y"] > a["y"] and abs(b["x"] - a["x"]) < 2 for a, b in zip(boxes, boxes[1:], strict=False))
    assert first.locator("label").first.is_visible()  # the option's words are shown on a phone
    shot(page, "grid-375")
    for r in range(rows.count()):
        rows.nth(r).locator("label").nth(1).click()  # by its label, as a thumb would
    assert page.locator("fieldset.survey-grid-row input:checked").count() == rows.count()
    for name in page.evaluate("[...new Set([...document.querySelectorAll('main form input[type=radio]')]"
                              ".map(e => e.name))]"):
        if not page.locator(f"main form input[name='{name}']:checked").count():
            page.locator(f"main form input[type=radio][name='{name}']").first.check()
    with page.expect_navigation():
        page.locator("button[name='action'][value='next']").click()
    assert page.url.endswith("/review"), page.url
    assert check_page(page) == [] and sideways(page) == []

    # the same grid on a wide screen: one row per statement under one row of headings
    page.set_viewport_size(WIDE)
    page.goto(f"/surveys/{survey_id}/page/2")
    assert page.locator(".survey-grid-head").first.is_visible()
    options = page.locator("fieldset.survey-grid-row").first.locator(".survey-grid-option")
    a, b = options.nth(0).bounding_box(), options.nth(1).bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and b["x"] > a["x"]
    assert check_page(page) == []
    shot(page, "grid-1366")


def test_leaving_a_page_with_unsaved_answers_warns(page, open_survey):
    survey_id, names = open_survey
    page.set_viewport_size(PHONE)
    sign_in(page, names[1], f"/surveys/{survey_id}/page/1")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("main form input[type=radio]").first.check()
    page.locator("header a[href='/']").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"] and page.url.endswith("/page/1")  # stayed, answers still there
    assert page.locator("main form input[type=radio]").first.is_checked()
    # sending the form saves the answers: no warning
    with page.expect_navigation():
        page.locator("button[name='action'][value='stop']").click()
    assert dialogs == ["beforeunload"]
    # untouched, a page lets the person go
    page.goto(f"/surveys/{survey_id}/page/1")
    page.locator("header a[href='/']").first.click()
    page.wait_for_url(lambda url: not url.endswith("/page/1"))
    assert dialogs == ["beforeunload"]


def test_a_returning_respondent_continues_where_they_left_off(page, open_survey):
    survey_id, names = open_survey
    page.set_viewport_size(PHONE)
    sign_in(page, names[2], "/")
    widget = page.locator("main a", has_text="Vazhdoni aty ku e latë").first
    assert widget.get_attribute("href").endswith(f"/surveys/{survey_id}/page/2")
    page.goto(f"/surveys/{survey_id}/")
    resume = page.locator("main section.alert a.btn-primary")
    assert resume.get_attribute("href").endswith(f"/surveys/{survey_id}/page/2")
    assert resume.bounding_box()["y"] < page.locator("main h2, main p").last.bounding_box()["y"]
    assert check_page(page) == [] and sideways(page) == []
    shot(page, "start-375")
    with page.expect_navigation():
        resume.click()
    assert page.url.endswith("/page/2")
