"""In the browser: an edit of an approved bulletin waits for communications; the outbox page lists a
failed message and sends it again. Screenshots at 1366 and 375 px in Albanian go to /tmp/shots-reliability."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SHOTS = Path("/tmp/shots-reliability")
TITLE = "Mbledhja e stafit të enjten"


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_edit_of_an_approved_bulletin_waits_for_communications(page):
    # The director writes for all staff; communications approves.
    sign_in(page, ROLE_PEOPLE["director"], next_url="/bulletins/new")
    page.fill("#title_sq", TITLE)
    page.fill("#body_sq", "Mbledhja fillon në ora 10.")
    page.check("#audience_all")
    with page.expect_navigation():
        page.click("#save")
    with page.expect_navigation():
        page.locator("form[action$='/submit'] button").click()
    bulletin_path = urlsplit(page.url).path
    sign_in(page, ROLE_PEOPLE["communications"], next_url=bulletin_path)
    with page.expect_navigation():
        page.click("#approve")

    # The director changes the approved text: it goes back to communications.
    sign_in(page, ROLE_PEOPLE["director"], next_url=bulletin_path + "/edit")
    assert page.locator(".alert-info", has_text="miratim").count() == 1  # "your changes go for approval"
    page.fill("#body_sq", "Mbledhja fillon në ora 11, në sallën e madhe.")
    with page.expect_navigation():
        page.click("#save")
    assert check_page(page) == []
    _shoot(page, "bulletin-changes-wait")

    # Readers still see the approved text.
    sign_in(page, ROLE_PEOPLE["employee"], next_url=bulletin_path)
    assert page.locator(".bulletin-body", has_text="ora 10").count() == 1
    assert page.locator("text=ora 11").count() == 0

    # Communications sees what changed, approves with the keyboard, and readers get the new text.
    sign_in(page, ROLE_PEOPLE["communications"], next_url=bulletin_path)
    assert page.locator(".alert-warning", has_text="ora 11").count() == 1
    assert check_page(page) == []
    _shoot(page, "bulletin-changes-review")
    page.focus("#approve")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    sign_in(page, ROLE_PEOPLE["employee"], next_url=bulletin_path)
    assert page.locator(".bulletin-body", has_text="ora 11").count() == 1


def test_the_outbox_page_lists_a_failed_message_and_sends_it_again(page, live_server):
    from intranet.extensions import db
    from intranet.notifications.models import OutboxMessage

    with live_server.app.app_context():
        message = OutboxMessage(channel="email", recipient="ikur@istog.example", subject="Roli juaj i ri",
                                status="failed", attempts=8, last_error="PermanentRefusal: SMTP 550: No such user")
        db.session.add(message)
        db.session.commit()
    sign_in(page, ROLE_PEOPLE["admin"], next_url="/admin/outbox")
    assert page.locator("dd code", has_text="SMTP 550").count() >= 1
    assert check_page(page) == []
    _shoot(page, "admin-outbox")
    button = page.locator("form[action$='/retry'] button").first
    with page.expect_navigation():
        button.click()
    assert page.locator(".alert", has_text="përsëri").count() >= 1
    assert check_page(page) == []
