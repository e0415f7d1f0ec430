"""plotly.js draws charts in a real browser under Ura's CSP, offline, accessibly."""

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_chart_draws_without_csp_violations_or_outside_requests(page):
    sign_in(page, ROLE_PEOPLE["employee"])
    page.goto("/_e2e/chart")
    page.wait_for_selector(".ura-chart-canvas svg.main-svg")
    assert page.locator(".ura-chart-canvas .bars path").count() >= 2, "the bars are drawn"
    assert page.locator("table.ura-chart-data tbody tr").count() == 3
    assert check_page(page) == []
