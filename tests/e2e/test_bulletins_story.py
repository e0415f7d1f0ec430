"""Issue 12's everyday story in Albanian, on a desktop (1366 px) and a phone (375 px).

A director writes a bulletin with a two-line signature (bold through the toolbar), a file and
a publishing time in local time, chooses units in the tree through its filter, and submits;
communications sees every language side by side with the missing ones marked and approves;
the bulletin goes out at its time; the reader reads and acknowledges, and the notification
and the home-page request go away; the director sees unit names and reach percentages.
Every page on the way is checked with axe-core, the CSP and the console.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bulletins import services
from bulletins.models import Bulletin
from intranet.extensions import db
from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page, html_lang, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BODY = "Takimi i drejtorëve mbahet të enjten në ora 10.\n\nMe respekt,\nDrejtoria e Arsimit"
HEALTH = "Drejtoria e Shëndetësisë"
EDUCATION = "Drejtoria e Arsimit"


def _unread(page) -> int:
    """The unread count the header shows (0 when there is no badge)."""
    text = page.evaluate("() => { const b = document.querySelector('header .badge.text-bg-warning');"
                         " return b ? b.textContent : ''; }")
    found = re.match(r"\s*(\d+)", text or "")
    return int(found.group(1)) if found else 0


def _go(page, click_target) -> None:
    with page.expect_navigation():
        click_target.click()


@pytest.mark.parametrize("width, height", [(1366, 900), (375, 812)])
def test_write_approve_read_acknowledge_and_follow_reach(browser, live_server, width, height):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                                  locale="sq-AL", timezone_id="Europe/Belgrade")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.watch = PageWatch(page)
    title = f"Takimi i drejtorëve ({width} px)"
    try:
        # --- the director writes ----------------------------------------------------------
        sign_in(page, ROLE_PEOPLE["director"])
        assert html_lang(page) == "sq"
        _go(page, page.locator("section[aria-labelledby='next-actions'] a[href='/bulletins/new']"))
        assert check_page(page) == []
        page.fill("#title_sq", title)
        page.fill("#body_sq", BODY)
        page.evaluate("() => { const a = document.getElementById('body_sq'); a.focus(); a.setSelectionRange(0, 6); }")
        page.locator("[data-markdown-toolbar='body_sq'] button[data-markdown='bold']").click()
        assert page.input_value("#body_sq").startswith("**Takimi**")
        # The tree through its filter: Health is found, Education (ticked already) hides but stays ticked.
        page.fill("#units-filter", "shendet")
        page.locator(f"#units-tree li[data-unit-name='{HEALTH}']").wait_for(state="visible")
        assert page.locator(f"#units-tree li[data-unit-name='{EDUCATION}']").is_hidden()
        page.locator(f"#units-tree li[data-unit-name='{HEALTH}'] > .form-check input").check()
        page.fill("#units-filter", "")
        assert page.locator(f"#units-tree li[data-unit-name='{EDUCATION}'] > .form-check input").is_checked()
        local = (datetime.now(ZoneInfo("Europe/Belgrade")) + timedelta(hours=2)).replace(second=0, microsecond=0)
        page.fill("#publish_at", local.strftime("%Y-%m-%dT%H:%M"))
        page.check("#must_read")
        page.fill("#acknowledge_by", "2099-01-31")
        page.set_input_files("#attachment", files=[{"name": "rendi-i-dites.pdf", "mimeType": "application/pdf",
                                                    "buffer": PDF}])
        # The pointer off the buttons (the last click left it over "Preview"), and the hover transition
        # finished: axe would read a button caught halfway between its two colours.
        page.mouse.move(0, 0)
        page.wait_for_function("() => getComputedStyle(document.getElementById('preview')).backgroundColor"
                               " === 'rgba(0, 0, 0, 0)'")
        assert check_page(page) == []
        _go(page, page.locator("#save"))
        bulletin_id = int(re.search(r"/bulletins/(\d+)", page.url).group(1))
        assert page.locator("h1", has_text=title).count() == 1
        assert page.locator(".bulletin-body p", has_text="Me respekt,").inner_html().count("<br>") == 1
        assert page.locator("a", has_text="rendi-i-dites.pdf").count() == 1
        assert check_page(page) == []
        with live_server.app.app_context():
            stored = db.session.get(Bulletin, bulletin_id)
            expected = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
            assert stored.publish_at == expected, "the time typed is Istog's time"
            db.session.remove()
        _go(page, page.locator("form[action$='/submit'] button"))
        assert check_page(page) == []

        # --- communications sees every language and approves ------------------------------
        sign_in(page, ROLE_PEOPLE["communications"])
        action = page.locator("section[aria-labelledby='next-actions'] a[href='/bulletins/review']")
        assert action.count() == 1 and re.search(r"\d", action.inner_text())
        assert check_page(page) == []
        page.goto(f"/bulletins/{bulletin_id}")
        columns = page.locator("section[aria-labelledby='languages-heading'] .col > section")
        assert columns.count() == 3
        missing = page.locator("section[aria-labelledby='languages-heading'] .alert-warning")
        assert missing.count() == 2
        assert missing.nth(0).inner_text() == "Serbisht: mungon"
        boxes = [columns.nth(i).bounding_box() for i in range(3)]
        if width >= 1366:
            assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"], "side by side"
        else:
            assert boxes[0]["x"] == boxes[1]["x"] and boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"], "stacked"
        assert check_page(page) == []
        _go(page, page.locator("#approve"))
        assert check_page(page) == []
        with live_server.app.app_context():
            # The publishing time comes: `flask bulletins tick` publishes it.
            assert services.publish_due(expected + timedelta(minutes=1)) >= 1
            db.session.remove()

        # --- the reader reads and acknowledges ---------------------------------------------
        sign_in(page, ROLE_PEOPLE["employee"])
        requests = page.locator(f"main a[href='/bulletins/{bulletin_id}/open']")
        before_links, before_badge = requests.count(), _unread(page)
        assert before_links == 2 and before_badge >= 1, "the must-read card and the latest bulletins"
        assert check_page(page) == []
        _go(page, requests.first)
        assert check_page(page) == []
        _go(page, page.locator("form[action$='/acknowledge'] button"))
        assert page.locator("form[action$='/acknowledge']").count() == 0
        assert _unread(page) == before_badge - 1, "the notification is cleared"
        assert check_page(page) == []
        page.goto("/")
        assert requests.count() == before_links - 1, "the home page no longer asks for it"

        # --- the director follows reach ------------------------------------------------------
        sign_in(page, ROLE_PEOPLE["director"], next_url="/bulletins/mine")
        row = page.locator("main tr", has_text=title)
        assert EDUCATION in row.inner_text() and HEALTH in row.inner_text()
        assert check_page(page) == []
        page.goto(f"/bulletins/{bulletin_id}/report")
        reach = page.locator("table:has(#reach-by-unit-caption)")
        assert reach.locator("tbody tr").count() == 2
        assert re.search(r"\d+\s?%", reach.locator("tbody tr", has_text=EDUCATION).inner_text())
        assert check_page(page) == []
        page.goto(f"/bulletins/{bulletin_id}/history")
        assert "changes_submitted" not in page.inner_text("main") and "submitted" not in page.inner_text("main")
        assert check_page(page) == []
    finally:
        context.close()
