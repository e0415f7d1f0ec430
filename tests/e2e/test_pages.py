"""Every page, as every role: axe-core finds nothing, no CSP report, nothing loaded from elsewhere.

The pages come from the app's URL map (see `live_server.pages`), so a new page is
checked as soon as it exists. A page a role may not open (403) or that sends it
elsewhere (a redirect) is not a page for that role; anything else but 200 fails.

Each role is swept at a laptop's width (1366 px) and a phone's (375 px), in Albanian
(the demo people's language; the browser asks for Albanian before sign-in too): a table
that scrolls sideways only on a phone, or a menu that only overflows on a laptop, is a
different page for axe. One browser context and one tab per role, each page loaded once
and checked at both widths, keeps the sweep within CI's time.

The sweep is half the browser tests' time, so it is its own xdist group: with two workers
it runs beside the stories, each group on its own live server. It runs in the SQLite pass
only: what it checks is markup, which does not depend on the database, and on PostgreSQL
the permission matrix already opens every route as every role.
"""

from __future__ import annotations

import os

import pytest

from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-sweep")]

#: a laptop and a phone
WIDTHS = {"1366px": {"width": 1366, "height": 900}, "375px": {"width": 375, "height": 740}}


@pytest.fixture(params=list(WIDTHS))
def albanian_page(request, browser, live_server):
    """A fresh browser asking for Albanian, at each width in turn."""
    ctx = browser.new_context(base_url=live_server.url, viewport=WIDTHS[request.param], locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    yield page
    ctx.close()


def visit(page, url: str) -> list[str]:
    """Open `url` in the page and return what is wrong with it."""
    response = page.goto(url)
    assert response is not None and response.status in (200, 403, 404), f"GET {url}: {response and response.status}"
    return check_page(page)


def _settled(page) -> None:
    """Wait two frames, so that a resize has been laid out (charts redraw on the resize event)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                    reason="the page sweep checks markup, which does not depend on the database: it runs in "
                           "the SQLite pass; on PostgreSQL the permission matrix opens every route as every role")
@pytest.mark.parametrize("role", list(ROLE_PEOPLE))
def test_every_page_this_role_may_open_is_accessible(role, browser, live_server, capsys):
    """Each page is loaded once and checked at both widths: the tab is resized in between,
    alternating, so that each page costs one load and one resize."""
    ctx = browser.new_context(base_url=live_server.url, viewport=WIDTHS["1366px"], locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    try:
        sign_in(page, ROLE_PEOPLE[role])
        assert page.evaluate("document.documentElement.lang") == "sq", "the sweep reads the pages in Albanian"
        widths = list(WIDTHS)
        visited, not_for_role, failures = [], [], []
        for endpoint, url in live_server.pages:
            # Ask first without following redirects: the status says whether this is a page for the role.
            probe = page.request.get(url, max_redirects=0)
            status, kind = probe.status, probe.headers.get("content-type", "")
            probe.dispose()
            if status in (301, 302, 303, 307, 308, 403):
                not_for_role.append(f"{url} ({status})")
                continue
            if status != 200:
                failures.append(f"GET {url} ({endpoint}): status {status}")
                continue
            if not kind.startswith("text/html"):
                continue
            response = page.goto(url)
            assert response.status == 200
            visited.append(url)
            for number, width in enumerate(widths):
                if number:
                    page.set_viewport_size(WIDTHS[width])
                    _settled(page)
                problems = check_page(page)
                if problems:
                    failures.append(f"GET {url} ({endpoint}) at {width}:\n    " + "\n    ".join(problems))
            widths.reverse()  # the next page starts at the width this one ended at
    finally:
        ctx.close()
    with capsys.disabled():
        print(f"\n{role} ({ROLE_PEOPLE[role]}): checked {len(visited)} pages at {' and '.join(WIDTHS)}: "
              f"{', '.join(visited)}\n  not for this role: {', '.join(not_for_role) or '-'}")
    assert "/" in visited, "the home page must be among the pages checked"
    assert not failures, f"as {role}:\n" + "\n".join(failures)


def assert_accessible(page, expected: list[tuple[str, int]]) -> None:
    """Open each URL, expect its status, and collect every page's problems into one failure."""
    failures = []
    for url, status in expected:
        response = page.goto(url)
        assert response.status == status, f"GET {url}: {response.status}"
        problems = check_page(page)
        if problems:
            failures.append(f"GET {url}:\n    " + "\n    ".join(problems))
    assert not failures, "\n".join(failures)


def test_signed_out_pages_are_accessible(albanian_page):
    assert_accessible(albanian_page, [("/auth/dev", 200), ("/auth/dev?next=%2Fdirectory%2F", 200),
                                      ("/auth/signed-out", 200), ("/auth/logout", 200), ("/no-such-page", 404)])


def test_error_pages_signed_in_are_accessible(albanian_page):
    sign_in(albanian_page, ROLE_PEOPLE["employee"])
    assert_accessible(albanian_page, [("/admin/", 403), ("/directory/people/999999", 404), ("/no-such-page", 404)])


def test_the_checks_are_not_blind(page):
    """An inline script and an image from elsewhere are caught: the CSP refuses both, and the watch says so."""
    page.goto("/auth/signed-out")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
        const img = document.createElement('img');
        img.alt = '';
        img.src = 'http://192.0.2.1/tracker.png';
        document.body.append(img);
    }""")
    page.wait_for_timeout(200)
    problems = check_page(page)
    assert page.evaluate("window.inlineRan") is None, "the CSP blocks inline scripts"
    assert any(p.startswith("CSP violation") and "script-src" in p for p in problems), problems
    assert any(p.startswith("CSP violation") and "img-src" in p for p in problems), problems
