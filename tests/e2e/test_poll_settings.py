"""Communications makes a draft survey a public poll from its settings page, in Albanian at 1366 px: a
link that is not lower-case letters, digits and hyphens comes back beside the field as typed; a good one is
saved and the poll is listed among the public polls. axe-core checks the form and the form with its message.
"""

from __future__ import annotations

import pytest

from intranet.extensions import db
from intranet.people.models import Unit
from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in
from tests.surveys.conftest import build_survey

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_communications_makes_a_survey_a_public_poll(page, live_server):
    with live_server.app.app_context():
        units = {"own": db.session.scalar(db.select(Unit).filter_by(code="DASH")),
                 "other": db.session.scalar(db.select(Unit).filter_by(code="DEZH"))}
        survey_id = build_survey(units, series="e2e-poll-settings").id
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, ROLE_PEOPLE["communications"], f"/surveys/{survey_id}/poll")
    assert check_page(page) == [], "the poll settings"
    slug = page.locator("input[name=slug]")
    slug.fill("Buxheti 2027")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#slug-error").is_visible()
    assert slug.input_value() == "Buxheti 2027"
    assert check_page(page) == [], "the poll settings with a message"
    slug.fill("buxheti-2027")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"/surveys/{survey_id}/poll")
    page.goto("/surveys/")
    assert page.get_by_text("/p/buxheti-2027").is_visible()
