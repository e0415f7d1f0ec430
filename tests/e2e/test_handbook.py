"""An employee reads the email guidelines, acknowledges with one click, and checks a draft."""

from __future__ import annotations

import pytest

from tests.e2e.browser import check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

HB = "/handbook/email-guidelines/"
#: a colleague no other handbook story uses, so nothing has been acknowledged before this test
#: (test_handbook_story.py has the employee acknowledge new versions)
READER = "Mimoza Krasniqi"


def test_an_employee_reads_acknowledges_and_checks_a_draft(page):
    sign_in(page, READER)
    # The home page asks them to read it, with a due date, and links to it.
    page.goto("/")
    page.locator(f"main a[href='{HB}']").first.click()
    page.wait_for_url(f"**{HB}")
    # Contents link to numbered sections with stable anchors.
    assert page.locator("nav a[href='#bcc-many-recipients']").count() == 1
    page.locator("nav a[href='#bcc-many-recipients']").click()
    assert page.locator("section#bcc-many-recipients h3").is_visible()
    assert check_page(page) == []

    # One click: "I have read and understood version 1".
    button = page.locator("form[action$='/acknowledge'] button")
    version = page.locator("main p.text-body-secondary").first.inner_text().split()[1].rstrip(",")
    assert version.isdigit() and version in button.inner_text()
    with page.expect_navigation():
        button.click()
    assert page.locator("form[action$='/acknowledge']").count() == 0, "acknowledged: the button is gone"
    assert page.locator("[role='status']").count() >= 1  # the confirmation message
    assert check_page(page) == []

    # The draft checker: findings link to the section they come from.
    page.goto("/handbook/check")
    page.fill("#subject", "")
    page.fill("#to", ", ".join(f"citizen{i}@example.test" for i in range(15)))
    page.fill("#body", "PLEASE SEND THE DOCUMENTS TODAY, SEE THE ATTACHED FILE.")
    with page.expect_navigation():
        page.locator("main form[method='post'] button[type='submit']").click()
    finding_links = page.locator("main a[href*='/handbook/email-guidelines/s/']")
    assert finding_links.count() >= 1
    assert check_page(page) == []
    with page.expect_navigation():
        finding_links.first.click()
    assert page.url.split("#")[0].endswith(HB) and "#" in page.url
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"section[id='{anchor}']").count() == 1, "the link lands on its section"
