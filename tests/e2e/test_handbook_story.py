"""The handbook's flows, in Albanian, on a desktop (1366 px) and a phone (375 px):

communications publishes a material change and notifies everyone; an employee sees
"new version — what changed" on the home page, reads, finds the button after the text,
acknowledges, and the card and the notification go; the employee builds the signature
with a position in Albanian and Serbian and copies it; the draft checker flags capitals,
"flm" and a citizen's gmail address in Cc. Every page is axe-clean at both widths.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

HB = "/handbook/email-guidelines/"
WIDTHS = {"desktop": 1366, "phone": 375}


@pytest.fixture(params=list(WIDTHS))
def new_page(request, browser, live_server):
    """`new_page()`: a fresh browser profile at the width of the test, in Albanian, clipboard allowed."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="sq-AL", timezone_id="Europe/Belgrade",
                                      viewport={"width": WIDTHS[request.param], "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        from tests.e2e.browser import PageWatch

        page = context.new_page()
        page.watch = PageWatch(page)
        return page

    yield make
    for context in contexts:
        context.close()


def unread(page) -> int:
    """The unread count the header shows (0 without a badge)."""
    badge = page.locator("header a[href='/notifications/'] .badge")
    return int(re.match(r"\d+", badge.first.text_content().strip()).group(0)) if badge.count() else 0


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type='submit']").first.click()


def test_a_material_change_is_announced_read_and_acknowledged(new_page):
    marker = uuid.uuid4().hex[:6]
    note_sq = f"Qytetarët gjithmonë te Bcc ({marker})"
    note_sr = f"Građani uvek u Bcc ({marker})"

    # The employee has acknowledged the version in force (if not yet), so the next one is a change for them.
    employee = new_page()
    sign_in(employee, ROLE_PEOPLE["employee"], next_url=HB)
    if employee.locator("form[action$='/acknowledge']").count():
        submit(employee, "form[action$='/acknowledge']")

    # Communications changes a section and publishes it as a material change; notifying is ticked.
    editor = new_page()
    sign_in(editor, ROLE_PEOPLE["communications"], next_url=f"{HB}edit/s/bcc-many-recipients")
    assert check_page(editor) == []
    body = editor.locator("#body_sq")
    body.fill(body.input_value() + f"\n\nQytetarët nuk i shohin adresat e njëri-tjetrit ({marker}).")
    submit(editor, "main form[method='post']")
    assert check_page(editor) == []
    publish = editor.locator("form[action$='/publish']")
    assert publish.locator("#notify").is_checked(), "notifying is ticked by default"
    editor.fill("#change_note_sq", note_sq)
    editor.fill("#change_note_sr", note_sr)
    publish.locator("input[name='kind'][value='material']").check()
    submit(editor, "form[action$='/publish']")
    assert editor.url.endswith("/versions") and editor.locator("main", has_text=note_sq).count() == 1
    assert check_page(editor) == []

    # The employee's home page: "new version — what changed", in Albanian, with the comparison.
    employee.goto("/")
    badge_before = unread(employee)
    assert badge_before >= 1
    card = employee.locator("main li", has_text=note_sq)
    assert card.count() == 1 and note_sr not in employee.locator("main").inner_text()
    assert card.locator("a[href*='/compare?a=']").count() == 1
    assert employee.locator("main", has_text="Konfirmoni leximin e versionit të ri").count() >= 1
    assert check_page(employee) == []

    # Reading: the button comes after the text (and the top links down to it).
    employee.goto(HB)
    assert employee.locator("a[href='#acknowledge']").count() == 1
    last_section = employee.locator("section.handbook-section").last.bounding_box()
    button = employee.locator("#acknowledge form[action$='/acknowledge'] button")
    assert button.bounding_box()["y"] > last_section["y"], "the button is after the text"
    assert check_page(employee) == []
    with employee.expect_navigation():
        button.click()
    assert employee.locator("form[action$='/acknowledge']").count() == 0

    # The card and the notification are gone; the badge dropped.
    employee.goto("/")
    assert employee.locator("main li", has_text=note_sq).count() == 0
    assert unread(employee) == badge_before - 1
    assert check_page(employee) == []


def test_the_signature_is_built_per_language_and_copied(new_page):
    page = new_page()
    sign_in(page, ROLE_PEOPLE["employee"], next_url="/handbook/signature")
    assert check_page(page) == []
    page.fill("#position_sq", "Zyrtare për arsim dhe informim")
    page.fill("#position_sr", "Službenica za obrazovanje")
    submit(page, "form[action='/handbook/signature']")
    previews = page.locator(".signature-preview")
    assert previews.first.locator("strong").count() == 1, "rendered, not raw HTML"
    assert "Zyrtare për arsim dhe informim" in previews.nth(0).inner_text()
    assert "Službenica za obrazovanje" in previews.nth(1).inner_text()
    assert check_page(page) == []

    status = page.locator("#signature-copy-status")
    page.locator("button[data-copy-source='signature-sq-html']").click()
    page.locator("#signature-copy-status", has_text="U kopjua").wait_for()
    assert "Shqip" in status.inner_text() and "Ngjiteni në Outlook" in status.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Zyrtare për arsim dhe informim" in copied
    page.locator("button[data-copy-source='signature-sr-text']").click()
    page.locator("#signature-copy-status", has_text="Srpski").wait_for()
    assert "Službenica za obrazovanje" in page.evaluate("navigator.clipboard.readText()")
    assert check_page(page) == []


def test_the_checker_flags_capitals_chat_abbreviations_and_citizens_in_cc(new_page):
    page = new_page()
    sign_in(page, ROLE_PEOPLE["employee"], next_url="/handbook/check")
    page.fill("#subject", "Ftesë për takimin me qytetarët më 12 dhjetor")
    page.fill("#to", "arta.berisha@gmail.com")
    page.fill("#cc", "besim.krasniqi@yahoo.com")
    page.fill("#body", "Të nderuar,\n\nSHIKONI URGJENT ftesën për takimin e së enjtes.\n\nFlm,\nArta")
    submit(page, "main form[method='post']")
    findings = page.locator("li.finding")
    text = " ".join(findings.all_inner_texts())
    assert "SHIKONI URGJENT" in text and "Flm" in text and "gmail.com × 1" in text
    for key in ("tone-capitals", "tone-informal", "bcc-many-recipients"):
        link = findings.locator(f"a[href$='/s/{key}']")
        assert link.count() >= 1, key
        assert re.search(r"\d+\.\d+", link.first.inner_text()), "the finding cites the numbered section"
    assert check_page(page) == []
