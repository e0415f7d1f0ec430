"""Helpers for the browser tests: signing in by clicking, axe-core, what a page did on the side."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

#: the demo person who holds each role (intranet/demo.py)
ROLE_PEOPLE = {
    "employee": "Arta Rexhepi",
    "director": "Fatmir Kelmendi",
    "communications": "Blerta Gashi",
    "hr": "Shpresa Morina",
    "cabinet": "Agim Berisha",
    "admin": "Valon Shala",
}


class PageWatch:
    """What a page did behind the scenes: CSP reports, script errors, requests off 127.0.0.1."""

    def __init__(self, page):
        self.csp: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp.append(message.text)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname != "127.0.0.1":
            self.foreign.append(request.url)

    def problems(self) -> list[str]:
        found = [f"CSP violation: {m}" for m in self.csp]
        found += [f"script error: {m}" for m in self.errors]
        found += [f"request to another host: {u}" for u in self.foreign]
        self.csp.clear(), self.errors.clear(), self.foreign.clear()
        return found


def sign_in(page, name: str, next_url: str = "/") -> None:
    """Sign in as the demo person `name` by clicking their button on the development sign-in page."""
    page.goto(f"/auth/dev?next={quote(next_url, safe='')}")
    button = page.locator("button[name='person_id']", has_text=name)
    with page.expect_navigation():
        button.click()
    assert urlsplit(page.url).path == urlsplit(next_url).path, f"signing in as {name} ended at {page.url}"
    assert page.locator("header a[href='/profile']", has_text=name).count() == 1, f"{name} is not signed in"


def open_profile_menu(page):
    """Open the profile menu (the person's name in the header) and return it."""
    menu = page.locator("#profile-menu + .dropdown-menu")
    if not menu.is_visible():
        toggler = page.locator("button.navbar-toggler")
        if toggler.is_visible() and not page.locator("#nav-main").is_visible():
            toggler.click()
            page.locator("#nav-main.collapse.show").wait_for()
        page.locator("#profile-menu").click()
        menu.wait_for()
    return menu


def sign_out(page) -> None:
    """Sign out from the profile menu, as a person does."""
    menu = open_profile_menu(page)
    with page.expect_navigation():
        menu.locator("form[action='/auth/logout'] button").click()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page, one line per rule with its impact and the nodes."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(", ".join(map(str, node["target"])) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return lines


def check_page(page) -> list[str]:
    """Everything wrong with the page now shown: axe violations, CSP reports, script errors, foreign requests."""
    return axe_violations(page) + page.watch.problems()


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def focused(page) -> dict:
    """The focused element: tag, id, classes and trimmed text."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className || '',"
        " text: (e.innerText || e.value || '').replace(/\\s+/g, ' ').trim()}; }"
    )


def tab_to(page, selector: str, limit: int = 150) -> dict:
    """Press Tab until the focused element matches the CSS `selector`; fail after `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return focused(page)
        element = focused(page)
        seen.append(f"{element['tag']}:{element['text'][:30]}")
    raise AssertionError(f"no Tab stop matches {selector!r}; the stops were: {seen}")
