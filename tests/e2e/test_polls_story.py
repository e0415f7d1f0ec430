"""A citizen answers the demo poll on major public projects on a phone (375 px), in Albanian, without
signing in: the embeddable page and the poll are clean for axe-core, a missing answer comes back beside
its question with the suggestion still typed, the answers go, the thank-you page says this browser has
answered, and no session cookie is ever set. Last year's published results (charts with data tables)
are checked by axe-core too. (Every public page is also in the sweep of tests/e2e/test_pages.py.)
"""

from __future__ import annotations

import pytest

from surveys.demo_polls import LAST_SLUG, SLUG
from surveys.services.polls import ANSWERED_COOKIE
from tests.e2e.browser import PageWatch, check_page, html_lang

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_citizen_answers_the_poll_on_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 812}, locale="sq",
                                  extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.watch = PageWatch(page)
    try:
        page.goto(f"/p/{SLUG}/embed")
        assert page.locator("body.poll-embed main form").count() == 1
        assert check_page(page) == [], "the embeddable poll"

        page.goto(f"/p/{SLUG}")
        assert html_lang(page) == "sq"
        assert page.locator("header nav a[href*='/surveys'], header form[role=search]").count() == 0
        assert check_page(page) == [], "the poll"
        suggestion = page.locator("main form textarea")
        suggestion.fill("Një korsi për biçikleta përgjatë lumit")
        with page.expect_navigation():
            page.get_by_role("button", name="Dërgoni përgjigjet e mia").click()
        assert page.locator("#error-summary").is_visible()
        first_question = page.locator("main form fieldset").first
        assert first_question.locator(".invalid-feedback").is_visible()
        assert suggestion.input_value() == "Një korsi për biçikleta përgjatë lumit"
        assert check_page(page) == [], "the poll with its messages"

        page.get_by_label("Rinovimi i rrjetit të ujësjellësit").first.check()
        page.get_by_label("Një kopsht i ri për fëmijë").first.check()
        page.locator("main form fieldset").nth(1).get_by_label("Një kopsht i ri për fëmijë").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Dërgoni përgjigjet e mia").click()
        assert page.get_by_text("Faleminderit: përgjigjet tuaja u pranuan.").is_visible()
        assert page.locator("main form").count() == 0
        assert check_page(page) == [], "the thank-you page"
        assert [cookie["name"] for cookie in context.cookies()] == [ANSWERED_COOKIE]

        page.goto(f"/p/{LAST_SLUG}/results")
        page.locator(".ura-chart-canvas .main-svg").first.wait_for()
        assert page.locator("table.ura-chart-data").count() >= 2
        assert check_page(page) == [], "the published results"
    finally:
        context.close()
