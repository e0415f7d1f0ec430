"""Signing in and out, and choosing a language, in a real browser."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import html_lang, open_profile_menu, sign_in, sign_out, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_employee_signs_in_and_out_with_the_keyboard_only(page, live_server):
    page.goto("/auth/login")
    assert urlsplit(page.url).path == "/auth/dev", "signed out, /auth/login leads to the development sign-in"

    element = tab_to(page, f"button[name='person_id'][value='{live_server.people['Arta Rexhepi']}']")
    assert element["text"].startswith("Arta Rexhepi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/"
    assert "Arta Rexhepi" in page.locator("h1").inner_text()

    tab_to(page, "#profile-menu")
    page.keyboard.press("Enter")  # the profile menu opens; Tab goes on into it
    tab_to(page, "header form[action='/auth/logout'] button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/auth/signed-out"
    assert page.locator("header").get_by_text("Arta Rexhepi").count() == 0

    page.goto("/")
    assert urlsplit(page.url).path == "/auth/dev", "after signing out the home page asks to sign in again"
    assert page.watch.problems() == []


def choose_language(page, code: str) -> None:
    """Choose a language like a person does: signed in, in the profile menu; signed out, in the footer."""
    if page.locator("#profile-menu").count() == 0:
        footer = page.locator("footer")
        footer.locator("select[name='language']").select_option(code)
        with page.expect_navigation():
            footer.locator("button[type='submit']").click()
        return
    menu = open_profile_menu(page)
    with page.expect_navigation():
        menu.locator(f"button[name='language'][value='{code}']").click()


def test_language_switcher_sticks_across_pages_and_sign_ins(page, browser, live_server):
    person = "Dardan Hoxha"  # a demo person no other browser test uses: his language changes here
    sign_in(page, person, next_url="/directory/")
    assert html_lang(page) == "sq"

    choose_language(page, "en")
    assert urlsplit(page.url).path == "/directory/", "the switcher returns to the page it was used on"
    assert html_lang(page) == "en"
    page.goto("/")
    assert html_lang(page) == "en"

    choose_language(page, "sr")
    assert urlsplit(page.url).path == "/"
    assert html_lang(page) == "sr-Latn"
    assert open_profile_menu(page).locator("button[aria-current='true']").get_attribute("value") == "sr"
    with page.expect_navigation():
        page.locator("header a.nav-link[href='/surveys/']").click()
    assert html_lang(page) == "sr-Latn"

    sign_out(page)

    # A new browser (no cookies, Accept-Language English) signs the same person in: Serbian again.
    fresh = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        other = fresh.new_page()
        other.goto("/auth/dev")
        assert html_lang(other) == "en", "before sign-in the browser's language applies"
        sign_in(other, person)
        assert html_lang(other) == "sr-Latn", "the language chosen is stored on the person"
        other.goto("/directory/")
        assert html_lang(other) == "sr-Latn"
    finally:
        fresh.close()
    assert page.watch.problems() == []


def test_language_chosen_before_sign_in_applies_to_the_sign_in_page(page):
    page.goto("/auth/dev")
    choose_language(page, "sr")
    assert urlsplit(page.url).path == "/auth/dev"
    assert html_lang(page) == "sr-Latn"
    page.goto("/auth/signed-out")
    assert html_lang(page) == "sr-Latn"
