"""Every page, as every role: axe-core finds nothing, no CSP report, nothing loaded from elsewhere.

The pages come from the app's URL map (see `live_server.pages`), so a new page is
checked as soon as it exists. A page a role may not open (403) or that sends it
elsewhere (a redirect) is not a page for that role; anything else but 200 fails.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def visit(page, url: str) -> list[str]:
    """Open `url` in the page and return what is wrong with it."""
    response = page.goto(url)
    assert response is not None and response.status in (200, 403, 404), f"GET {url}: {response and response.status}"
    return check_page(page)


@pytest.mark.parametrize("role", list(ROLE_PEOPLE))
def test_every_page_this_role_may_open_is_accessible(role, page, live_server, capsys):
    sign_in(page, ROLE_PEOPLE[role])
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
        problems = check_page(page)
        if problems:
            failures.append(f"GET {url} ({endpoint}):\n    " + "\n    ".join(problems))
    with capsys.disabled():
        print(f"\n{role} ({ROLE_PEOPLE[role]}): checked {len(visited)} pages: {', '.join(visited)}"
              f"\n  not for this role: {', '.join(not_for_role) or '-'}")
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


def test_signed_out_pages_are_accessible(page):
    assert_accessible(page, [("/auth/dev", 200), ("/auth/dev?next=%2Fdirectory%2F", 200), ("/auth/signed-out", 200),
                             ("/auth/logout", 200), ("/no-such-page", 404)])


def test_error_pages_signed_in_are_accessible(page):
    sign_in(page, ROLE_PEOPLE["employee"])
    assert_accessible(page, [("/admin/", 403), ("/directory/people/999999", 404), ("/no-such-page", 404)])


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
