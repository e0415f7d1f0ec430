"""The monthly report in a browser, in Albanian, on a laptop and a phone: communications opens a month, the
director of Education finds it among their next steps and files the unit's report, communications assembles,
edits and publishes it, and every employee reads it as an all-staff bulletin. axe-core on every page."""

from __future__ import annotations

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page
from tests.e2e.browser import sign_in as sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIDTHS = {"1366px": ({"width": 1366, "height": 900}, 2091), "375px": ({"width": 375, "height": 740}, 2092)}
DONE = "Hapëm shkollën e re në Vrellë."


@pytest.fixture(params=list(WIDTHS))
def albanian(request, browser, live_server):
    """A fresh Albanian browser at each width, and a year of its own (the live database is shared)."""
    from tests.e2e.browser import PageWatch

    viewport, year = WIDTHS[request.param]
    ctx = browser.new_context(base_url=live_server.url, viewport=WIDTHS["1366px"][0], locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    page.story_viewport = viewport
    yield page, year
    ctx.close()


def sign_in(page, role: str, next_url: str = "/") -> None:
    """Sign in at laptop width (the development sign-in checks the header's name), then take the story's width."""
    page.set_viewport_size(WIDTHS["1366px"][0])
    sign_in_as(page, ROLE_PEOPLE[role], next_url=next_url)
    page.set_viewport_size(page.story_viewport)


def submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_a_director_files_communications_publishes(albanian):
    page, year = albanian
    base = f"/reports/{year}/3/"

    # Communications opens March with a deadline in April.
    sign_in(page, "communications", next_url="/reports/new")
    assert page.locator("html").get_attribute("lang") == "sq"
    assert check_page(page) == []
    page.select_option("#month", "3")
    page.fill("#year", str(year))
    page.fill("#deadline", f"{year}-04-05")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(base)
    assert check_page(page) == []

    # The director of Education sees it among their next steps and files the unit's report.
    sign_in(page, "director")
    step = page.locator(".next-actions a", has_text=f"mars {year}")
    assert step.count() == 1 and "Dorëzoni raportin" in step.inner_text()
    submit(page, step)
    assert "/units/" in page.url and page.url.endswith("/file")
    assert check_page(page) == []
    page.select_option("#language", "sq")
    page.fill("#done", DONE)
    page.fill("#in_progress", "Ngrohja e shkollave.")
    page.fill("#problems", "Asnjë.")
    page.fill("#next_month", "Tenderi për transportin e nxënësve.")
    submit(page, page.locator("#file"))
    assert page.locator("main", has_text=DONE).count() == 1
    assert check_page(page) == []
    page.goto("/")
    assert page.locator(".next-actions a", has_text=f"mars {year}").count() == 0, "filed: the step is gone"

    # Communications assembles, edits and publishes.
    sign_in(page, "communications", next_url=base)
    assert check_page(page) == []
    submit(page, page.locator(f"form[action='{base}assemble'] button"))
    assert page.url.endswith(f"{base}edit")
    assert check_page(page) == []
    body = page.locator("#body_sq")
    assert DONE in body.input_value()
    body.fill(body.input_value() + "\n\nFaleminderit të gjitha drejtorive.")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(base)
    submit(page, page.locator(f"form[action='{base}publish'] button"))
    assert page.locator(".alert-success").count() == 1
    assert check_page(page) == []
    link = page.locator("main a", has_text="Hapni njoftimin e publikuar")
    submit(page, link)
    assert "/bulletins/" in page.url and page.locator("main", has_text=DONE).count() == 1
    bulletin_url = page.url

    # Every employee reads it: the month's page and the all-staff bulletin.
    sign_in(page, "employee", next_url=base)
    assert page.locator("main", has_text="Faleminderit të gjitha drejtorive.").count() == 1
    assert check_page(page) == []
    page.goto(bulletin_url)
    assert page.locator("main", has_text=DONE).count() == 1
    assert check_page(page) == []
