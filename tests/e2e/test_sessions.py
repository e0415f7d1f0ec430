"""Sessions in a real browser: a copied cookie dies with its session, and "Sign out everywhere"
on My profile ends every browser's session (keyboard only, in Albanian, at desktop and phone size)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import PageWatch, check_page, sign_in, sign_out, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: a demo person who reads Albanian and whom no other browser test signs in
PERSON = "Mimoza Krasniqi"
SHOTS = os.environ.get("URA_SHOTS", "/tmp/shots-security")


def new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="sq-AL", timezone_id="Europe/Belgrade",
                                  **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.watch = PageWatch(page)
    return page


def signed_out(page) -> bool:
    page.goto("/")
    return urlsplit(page.url).path == "/auth/dev"


def test_a_copied_cookie_is_refused_once_its_session_signs_out(browser, live_server):
    laptop = new_page(browser, live_server)
    thief = new_page(browser, live_server)
    try:
        sign_in(laptop, PERSON)
        thief.context.add_cookies(laptop.context.cookies())
        thief.goto("/")
        assert urlsplit(thief.url).path == "/", "the copy works while the session lives"

        sign_out(laptop)
        assert signed_out(thief), "after sign-out the copied cookie signs nobody in"
    finally:
        laptop.context.close()
        thief.context.close()


@pytest.mark.parametrize("width", [1366, 375])
def test_sign_out_everywhere_from_my_profile_with_the_keyboard(browser, live_server, width):
    laptop = new_page(browser, live_server, viewport={"width": width, "height": 900})
    phone = new_page(browser, live_server, viewport={"width": 375, "height": 800})
    try:
        sign_in(phone, PERSON)
        sign_in(laptop, PERSON, next_url="/profile")
        assert laptop.locator("h2", has_text="Ku keni hyrë").count() == 1
        laptop.screenshot(path=f"{SHOTS}/profile-sessions-{width}.png", full_page=True)
        assert check_page(laptop) == []

        element = tab_to(laptop, "form[action='/auth/logout-everywhere'] button[type='submit']")
        assert element["text"] == "Dilni kudo"
        with laptop.expect_navigation():
            laptop.keyboard.press("Enter")
        assert urlsplit(laptop.url).path == "/auth/signed-out"
        assert "Keni dalë nga çdo pajisje dhe shfletues." in laptop.locator("main").inner_text()
        laptop.screenshot(path=f"{SHOTS}/signed-out-everywhere-{width}.png", full_page=True)
        assert check_page(laptop) == []

        assert signed_out(phone), "the phone's session ended too"
        assert signed_out(laptop)
    finally:
        laptop.context.close()
        phone.context.close()


@pytest.mark.parametrize("width", [1366, 375])
def test_pasted_text_with_a_nul_byte_gets_a_clear_page(browser, live_server, width):
    page = new_page(browser, live_server, viewport={"width": width, "height": 900})
    try:
        sign_in(page, PERSON, next_url="/profile")
        # What a paste from another program can carry; a browser sends it as typed.
        page.evaluate("document.querySelector('#phone').value = '+383\\u0000 44'")
        with page.expect_navigation():
            page.locator("main form[action='/profile'] button[type='submit']").click()
        main = page.locator("main").inner_text()
        assert "një shenjë të padukshme që Ura nuk mund ta ruajë" in main
        page.screenshot(path=f"{SHOTS}/unstorable-{width}.png", full_page=True)
        assert check_page(page) == []
    finally:
        page.context.close()
