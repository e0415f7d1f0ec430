"""The top menu: one line at 1366 px with every entry, the unread count on a phone's menu
button, a focus ring that shows on the navy, checkbox borders that show on white.

In Albanian (the demo people's language), whose labels are the longest of the three.
"""

from __future__ import annotations

import re

import pytest

from intranet.extensions import db
from intranet.notifications.services import notify
from intranet.people.models import Person
from tests.e2e.browser import ROLE_PEOPLE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ADMIN = ROLE_PEOPLE["admin"]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS `rgb(...)`/`rgba(...)` colours (opaque ones)."""
    la, lb = (_luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c)[:3])) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _give_unread(live_server, name: str, count: int) -> None:
    with live_server.app.app_context():
        person = db.session.get(Person, live_server.people[name])
        for number in range(count):
            notify(person, "intranet.account", f"Njoftim prove {number + 1}")
        db.session.commit()


def _read_all(live_server, name: str) -> None:
    from intranet.notifications.services import mark_all_read

    with live_server.app.app_context():
        mark_all_read(db.session.get(Person, live_server.people[name]))
        db.session.commit()


def test_the_admins_menu_fits_on_one_line_at_1366px(page):
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, ADMIN)
    assert page.evaluate("document.documentElement.lang") == "sq"
    entries = page.locator("#nav-main > .navbar-nav > .nav-item, #nav-main > form, header .navbar-brand")
    labels = [text.strip() for text in page.locator("#nav-main > .navbar-nav:first-child .nav-link").all_inner_texts()]
    # what does not fit waits under "More", which opens and offers the rest
    page.locator("#more-menu").click()
    more = [text.strip() for text in page.locator("#more-menu + .dropdown-menu .dropdown-item").all_inner_texts()]
    assert "Administrimi" in more and len(labels) + len(more) >= 9, f"the admin sees every entry: {labels} {more}"
    page.keyboard.press("Escape")
    boxes = [entries.nth(i).bounding_box() for i in range(entries.count())]
    assert len(boxes) >= 9 and all(boxes)  # brand, 4 entries and "More", search, notifications, profile
    tops = [box["y"] for box in boxes]
    bottoms = [box["y"] + box["height"] for box in boxes]
    # On one row: every entry overlaps every other vertically.
    assert max(tops) < min(bottoms), f"the menu wraps: tops {tops}, bottoms {bottoms}"
    assert page.locator("header nav").bounding_box()["height"] < 80
    # Name, language and sign-out wait in the profile menu, which opens and offers them.
    menu = page.locator("#profile-menu + .dropdown-menu")
    assert not menu.is_visible()
    page.locator("#profile-menu").click()
    assert menu.is_visible()
    assert menu.get_by_role("button", name="Dilni").is_visible()
    assert menu.locator("button[name='language'][value='sr']").is_visible()
    with page.expect_navigation():
        menu.locator("button[name='language'][value='en']").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator("#profile-menu").click()
    with page.expect_navigation():
        menu.locator("button[name='language'][value='sq']").click()
    assert page.evaluate("document.documentElement.lang") == "sq"


def test_the_profile_menu_by_keyboard(page):
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, ADMIN)
    page.locator("#profile-menu").focus()
    page.keyboard.press("Enter")
    menu = page.locator("#profile-menu + .dropdown-menu")
    assert menu.is_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/profile"
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.id") == "profile-menu"


def test_without_javascript_the_name_leads_to_the_profile_with_language_and_sign_out(browser, live_server):
    ctx = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="sq",
                              viewport={"width": 1366, "height": 800})
    try:
        page = ctx.new_page()
        page.goto("/auth/dev")
        with page.expect_navigation():
            page.locator("button[name='person_id']", has_text=ADMIN).click()
        with page.expect_navigation():
            page.locator("#profile-menu").click()
        assert page.url.endswith("/profile")
        main = page.locator("main")
        assert main.locator("select[name='language']").is_visible()
        with page.expect_navigation():
            main.locator("form[action='/auth/logout'] button").click()
        assert "/auth/" in page.url
    finally:
        ctx.close()


def test_on_a_phone_the_menu_button_shows_the_unread_count(page, live_server):
    _give_unread(live_server, ADMIN, 3)
    try:
        page.set_viewport_size({"width": 375, "height": 740})
        sign_in(page, ADMIN)
        toggler = page.locator("button.navbar-toggler")
        assert toggler.is_visible() and not page.locator("#nav-main").is_visible()
        badge = toggler.locator(".badge")
        unread = page.locator("#nav-main a[href='/notifications/'] .badge").evaluate("e => e.firstChild.textContent")
        assert int(unread) >= 3
        assert badge.is_visible() and badge.inner_text().strip() == unread
        # Seen on the button, heard in its name.
        assert toggler.get_attribute("aria-label") == f"Shfaqni navigimin ({unread} njoftime të palexuara)"
        box, button = badge.bounding_box(), toggler.bounding_box()
        assert box["x"] + box["width"] > button["x"] and box["y"] < button["y"] + button["height"]
    finally:
        _read_all(live_server, ADMIN)
    page.reload()
    assert page.locator("button.navbar-toggler .badge").count() == 0
    assert page.locator("button.navbar-toggler").get_attribute("aria-label") == "Shfaqni navigimin"


def test_the_focus_ring_shows_on_the_navy_menu(page):
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, ADMIN)
    link = page.locator("#nav-main a.nav-link[href='/surveys/']")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/surveys/"
    style = link.evaluate("e => { const s = getComputedStyle(e); return {style: s.outlineStyle, width: s.outlineWidth,"
                          " color: s.outlineColor}; }")
    navy = page.locator("header nav").evaluate("e => getComputedStyle(e).backgroundColor")
    assert style["style"] == "solid" and float(style["width"].rstrip("px")) >= 2, style
    assert contrast(style["color"], navy) >= 3, f"{style['color']} on {navy}"
    # In the white profile menu the ring turns navy, so it shows there too.
    page.locator("#profile-menu").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    item = page.locator("#profile-menu + .dropdown-menu a[href='/profile']")
    ring = item.evaluate("e => getComputedStyle(e).outlineColor")
    white = item.evaluate("e => getComputedStyle(e.closest('.dropdown-menu')).backgroundColor")
    assert contrast(ring, white) >= 3, f"{ring} on {white}"


def test_checkbox_and_radio_borders_have_3_to_1_contrast(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 800})
    employee = live_server.people[ROLE_PEOPLE["employee"]]
    sign_in(page, ADMIN, next_url=f"/admin/people/{employee}")
    boxes = page.locator("main .form-check-input:not(:checked):not(:disabled)")
    assert boxes.count() > 0
    for i in range(boxes.count()):
        border, background = boxes.nth(i).evaluate(
            "e => [getComputedStyle(e).borderTopColor, getComputedStyle(document.body).backgroundColor]")
        assert contrast(border, background) >= 3, f"box {i}: {border} on {background}"
