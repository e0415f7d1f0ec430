"""The action plan in a browser, in Albanian, on a laptop and a phone: the director of Education finds an
activity of the 2024 plan among the ones they update, reports its status, actual cost and evidence, and
sees it in the history; communications then reads the objective totals, planned against actual, and they
agree with the plan's API. axe-core on every page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page
from tests.e2e.browser import sign_in as sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: width -> viewport, the activity the director updates (both list "Drejtorët e drejtorive"), the new
#: status (its value and its Albanian label) and the actual cost typed
WIDTHS = {
    "1366px": ({"width": 1366, "height": 900}, "Konferenca Vjetore", ("done", "E realizuar"), "480,50"),
    "375px": ({"width": 375, "height": 740}, "Vlerësimi i zbatimit të planit vjetor", ("in_progress", "Në zbatim"),
              "35"),
}


@pytest.fixture(params=list(WIDTHS))
def albanian(request, browser, live_server):
    from tests.e2e.browser import PageWatch

    ctx = browser.new_context(base_url=live_server.url, viewport=WIDTHS["1366px"][0], locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    page.story_viewport = WIDTHS[request.param][0]
    yield page, WIDTHS[request.param][1:]
    ctx.close()


def sign_in(page, role: str, next_url: str = "/") -> None:
    """Sign in at laptop width (the development sign-in checks the header's name), then take the story's width."""
    page.set_viewport_size(WIDTHS["1366px"][0])
    sign_in_as(page, ROLE_PEOPLE[role], next_url=next_url)
    page.set_viewport_size(page.story_viewport)


def submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_a_director_updates_an_activity_and_communications_sees_the_totals(albanian):
    page, (title, (status, label), cost) = albanian

    # The director of Education keeps to the activities of their directorate.
    sign_in(page, "director", next_url="/plan/2024/?mine=1")
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.locator("h1", has_text="Plani i Veprimit 2024").count() == 1
    assert check_page(page) == []
    submit(page, page.locator("main a", has_text=title).first)
    assert "/plan/activities/" in page.url
    assert check_page(page) == []
    page.select_option("#status", status)
    page.fill("#actual_cost", cost)
    page.fill("#evidence", "https://istog.example/plani/2024/dokumenti")
    submit(page, page.locator("main form[action$='/progress'] button[type=submit]"))
    assert page.locator(".alert-success").count() == 1
    assert page.locator("#activity-status", has_text=label).count() == 1
    assert digits(page.locator("#activity-actual").inner_text()) == digits(cost.split(",")[0]) + (
        cost.split(",")[1] if "," in cost else "00")
    assert page.locator("main section", has_text=ROLE_PEOPLE["director"]).count() >= 1  # the history
    assert check_page(page) == []

    # Communications reads the totals by objective: planned against actual, as the API gives them.
    sign_in(page, "communications", next_url="/plan/2024/objectives")
    assert check_page(page) == []
    summary = page.request.get("/api/v1/plan/2024").json()
    assert summary["planned_eur"] == "18000.00"
    third = next(o for o in summary["objectives"] if o["number"] == 3)
    assert float(third["actual_eur"]) >= float(cost.replace(",", "."))
    row = page.locator("tr[data-objective='3'] td")
    assert digits(row.nth(0).inner_text()) == "450000"
    assert digits(row.nth(1).inner_text()) == digits(third["actual_eur"])
    total = page.locator("tr[data-objective='total'] td")
    assert digits(total.nth(0).inner_text()) == "1800000"
    assert page.locator(".ura-chart-canvas").count() == 1

    # Communications' other plan pages: the whole year, the indicators, adding and editing an activity.
    for url in ("/plan/2024/", "/plan/2024/indicators", "/plan/2024/activities/new"):
        page.goto(url)
        assert check_page(page) == [], url
    page.goto("/plan/2024/")
    overdue = page.locator("main strong.text-danger", has_text="Me vonesë")
    assert overdue.count() > 0, "2024's open activities are overdue"
    submit(page, page.locator("main a", has_text=title).first)
    submit(page, page.locator("main a", has_text="Ndryshoni çfarë thotë plani"))
    assert page.url.endswith("/edit") and page.locator("#title_sq").input_value().startswith(title)
    assert check_page(page) == []
