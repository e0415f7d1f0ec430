"""The annual evaluation in a browser, in Albanian, on a laptop and a phone: the cabinet opens the evaluation
of a year's plan, gives its two activities their verdicts (a missing comment comes back next to the field),
edits the report Ura drafted and publishes it; the print-ready report reads in Albanian and Serbian. axe-core
on every page. Each width evaluates a year of its own (publishing starts the next year as a copy)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from intranet.extensions import db
from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page
from tests.e2e.browser import sign_in as sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: width -> viewport and the year it evaluates (long past: its December has come, and no demo plan is near)
WIDTHS = {"1366px": ({"width": 1366, "height": 900}, 2017), "375px": ({"width": 375, "height": 740}, 2021)}


@pytest.fixture(params=list(WIDTHS))
def albanian(request, browser, live_server):
    ctx = browser.new_context(base_url=live_server.url, viewport=WIDTHS["1366px"][0], locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    viewport, year = WIDTHS[request.param]
    with live_server.app.app_context():
        from plan import services

        if services.year_plan(year) is None:
            objective = services.create_objective(None, year, 1, {"sq": "Transparenca", "sr": "Transparentnost",
                                                                  "en": "Transparency"})
            for month, title in ((4, "Publikimi i broshurës për buxhetin"), (9, "Dëgjimet publike për buxhetin")):
                services.create_activity(None, objective, titles={"sq": title}, responsible=["Zyra për Informim"],
                                         month=month)
        activities = [a.id for a in services.year_plan(year).activities]
        db.session.remove()
    page.set_viewport_size(WIDTHS["1366px"][0])
    sign_in_as(page, ROLE_PEOPLE["cabinet"], next_url=f"/plan/{year}/evaluation/")
    page.set_viewport_size(viewport)
    yield page, year, activities
    ctx.close()


def submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_the_cabinet_evaluates_the_year_and_publishes_the_report(albanian):
    page, year, (brochure, hearings) = albanian
    assert page.locator("html").get_attribute("lang") == "sq"
    assert check_page(page) == []
    submit(page, page.locator("main form button[type=submit]", has_text=f"Hapni vlerësimin e vitit {year}"))
    assert page.locator(".alert-success").count() == 1
    assert page.locator("#report_sq").input_value().startswith(f"Kabineti vlerësoi 2 aktivitetet e Planit të "
                                                               f"Veprimit {year}")

    # "Partly done" without a comment comes back next to the comment, the choice kept
    page.select_option(f"#a{hearings}-verdict", "partly")
    submit(page, page.locator(f"#a{hearings} button[type=submit]"))
    assert page.locator(f"#a{hearings}-comment-error").count() == 1
    assert page.locator(f"#a{hearings}-verdict").input_value() == "partly"
    expect(page.locator(f"#a{hearings}-comment-error")).to_be_in_viewport()  # not the top of the list
    assert check_page(page) == []
    page.fill(f"#a{hearings}-comment", "U mbajt vetëm një dëgjim nga tre.")
    submit(page, page.locator(f"#a{hearings} button[type=submit]"))
    page.select_option(f"#a{brochure}-verdict", "done")
    submit(page, page.locator(f"#a{brochure} button[type=submit]"))
    assert page.locator(f"#a{brochure} [data-verdict=done]").count() == 1

    # the report drafted again with the verdicts, then edited by hand in Albanian
    submit(page, page.locator("#report button", has_text="Hartojeni sërish nga të dhënat"))
    drafted = page.locator("#report_sq").input_value()
    assert "1 të realizuara, 1 pjesërisht të realizuara" in drafted and "U mbajt vetëm një dëgjim" in drafted
    page.fill("#report_sq", drafted + "\nKabineti falënderon Zyrën për Informim Publik.\n")
    submit(page, page.locator("#report form button", has_text="Ruani raportin"))
    assert check_page(page) == []

    submit(page, page.locator("#publish button[type=submit]"))
    assert page.url.endswith(f"/plan/{year}/evaluation/print")
    report = page.locator("#evaluation-report")
    assert report.get_attribute("lang") == "sq" and "Kabineti falënderon" in report.inner_text()
    assert check_page(page) == []
    submit(page, page.locator("main nav a[hreflang=sr]"))
    assert page.locator("#evaluation-report").get_attribute("lang") == "sr-Latn"
    assert f"Kabinet je ocenio 2 aktivnosti akcionog plana za {year}" in page.locator("#evaluation-report").inner_text()
    assert check_page(page) == []
    # next year's plan starts as a copy, every activity planned
    page.goto(f"/plan/{year + 1}/")
    assert page.locator("main", has_text="Publikimi i broshurës për buxhetin").count() == 1
