"""The layout by keyboard, on a phone-sized screen, and zoomed in (reflow at 320 CSS pixels)."""

from __future__ import annotations

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, focused, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    sign_in(page, ROLE_PEOPLE["employee"])
    page.goto("/directory/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"], f"the first Tab stop is {first}"
    skip = page.locator("a.skip-link")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, "the skip link is visible when focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    # The next Tab continues inside main, not back at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_skip_link_signed_out(page):
    page.goto("/auth/dev")
    page.keyboard.press("Tab")
    assert "skip-link" in focused(page)["cls"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


def test_mobile_navigation_toggler_works_by_keyboard(page):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, ROLE_PEOPLE["admin"])
    toggler = page.locator("button.navbar-toggler")
    menu = page.locator("#nav-main")
    opened = page.locator("#nav-main.collapse.show")
    closed = page.locator("#nav-main.collapse:not(.show)")
    assert toggler.is_visible(), "at 375px the navigation sits behind a toggler"
    assert not menu.is_visible()
    assert toggler.get_attribute("aria-expanded") == "false"
    assert toggler.get_attribute("aria-label"), "the toggler has a name"

    for _ in range(3):  # skip link, brand, toggler
        page.keyboard.press("Tab")
    assert "navbar-toggler" in focused(page)["cls"], f"Tab reaches the toggler, not {focused(page)}"
    page.keyboard.press("Enter")
    opened.wait_for()  # Bootstrap ignores the toggler while the menu slides
    assert menu.locator("a.nav-link[href='/surveys/']").is_visible()
    assert toggler.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('nav-main').contains(document.activeElement)"), \
        "after opening, Tab moves into the navigation"
    assert check_page(page) == [], "the open mobile menu is accessible too"

    toggler.focus()
    page.keyboard.press("Space")
    closed.wait_for(state="attached")
    assert not menu.is_visible()
    assert toggler.get_attribute("aria-expanded") == "false"

    toggler.focus()
    page.keyboard.press("Enter")
    opened.wait_for()
    link = menu.locator("a.nav-link[href='/surveys/']")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/surveys/")


@pytest.mark.parametrize("path", ["/", "/directory/", "/search?q=a", "/auth/logout"])
def test_no_horizontal_scrolling_at_320_css_pixels(page, live_server, path):
    """WCAG 1.4.10 reflow: 1280px zoomed to 400 % is 320 CSS pixels wide."""
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, ROLE_PEOPLE["admin"], next_url=path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 322, f"{path} is {width}px wide at a 320px viewport: it scrolls sideways"
    assert check_page(page) == [], f"{path} at 320px"


def test_sign_in_page_reflows_at_320_css_pixels(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/auth/dev")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 322, f"the sign-in page is {width}px wide at a 320px viewport"
    assert check_page(page) == []
