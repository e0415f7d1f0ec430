"""A director posts a must-read for all staff, communications approves it, an employee reads and acknowledges."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TITLE = "Ndryshimi i orarit të punës në dimër"


def test_a_director_posts_communications_approves_an_employee_acknowledges(page):
    # The director writes, sees the live preview, previews with the button (which needs no
    # JavaScript) and submits for all staff.
    sign_in(page, ROLE_PEOPLE["director"])
    page.goto("/bulletins/new")
    assert check_page(page) == []
    page.fill("#title_sq", TITLE)
    page.fill("#body_sq", "Nga **1 dhjetori** orari i punës është 8:00–16:00.")
    live = page.locator("[data-live-preview='body_sq'] strong", has_text="1 dhjetori")
    live.wait_for()  # the live preview shows the formatting while typing
    page.check("#audience_all")
    page.check("#must_read")
    page.fill("#acknowledge_by", "2099-01-31")
    with page.expect_navigation():
        page.click("#preview")
    preview = page.locator("section[aria-labelledby='preview-heading'] strong", has_text="1 dhjetori")
    assert preview.count() == 1, "the preview shows the formatting"
    assert check_page(page) == []
    with page.expect_navigation():
        page.click("#save")
    assert page.locator("h1", has_text=TITLE).count() == 1
    assert check_page(page) == []
    with page.expect_navigation():
        page.locator("form[action$='/submit'] button").click()
    bulletin_url = page.url.split("#")[0]
    assert check_page(page) == []

    # Communications finds it waiting and approves it.
    sign_in(page, ROLE_PEOPLE["communications"], next_url="/bulletins/review")
    assert check_page(page) == []
    with page.expect_navigation():
        page.locator("main a", has_text=TITLE).click()
    assert check_page(page) == []
    with page.expect_navigation():
        page.click("#approve")
    assert page.locator("form[action$='/pin']").count() == 1, "published: communications may pin it"

    # The employee sees it on top of the feed, opens it and acknowledges with one click.
    sign_in(page, ROLE_PEOPLE["employee"], next_url="/bulletins/")
    first = page.locator("main ul.list-unstyled li").first
    assert TITLE in first.inner_text()
    assert check_page(page) == []
    with page.expect_navigation():
        first.locator("a", has_text=TITLE).click()
    assert page.url.split("#")[0] == bulletin_url
    button = page.locator("form[action$='/acknowledge'] button")
    with page.expect_navigation():
        button.click()
    assert page.locator("form[action$='/acknowledge']").count() == 0, "acknowledged: the button is gone"
    assert check_page(page) == []

    # The director follows reach and acknowledgments.
    sign_in(page, ROLE_PEOPLE["director"], next_url=urlsplit(bulletin_url).path + "/report")
    assert page.locator("table").count() >= 2
    assert check_page(page) == []
